import { Anchor, Group, Text } from '@mantine/core';
import type { OutputOf } from '../../../shared/contract';
import { useDetachedWrite } from '../../api';
import { navigate } from '../../app/router';
import { hideNotification, notifyDone, notifyError } from '../../components/notify';
import { useFormat } from '../settings/settings';

/** The reason Undo in the confirmation gives the core: the history shows it on the voided sale. */
export const UNDO_REASON = 'undone at counter';

/**
 * The confirmation a recorded sale gets: what was sold to whom, with Undo (voids the sale) and Open
 * (the customer's profile). Undo is a detached write: the toast outlives the dialog that recorded the sale.
 */
export function useSaleRecordedToast(): (sale: OutputOf<'sales.record'>) => void {
  const format = useFormat();
  const detachedWrite = useDetachedWrite();

  return (sale) => {
    const toastId = `sale-${sale.id}`;
    const amount = format.money(sale.amount);
    const customer = sale.customer.name;
    // Each action closes the toast before it acts.
    const action = (text: string, run: () => void, label?: string) => (
      <Anchor
        component="button"
        type="button"
        size="sm"
        onClick={() => {
          hideNotification(toastId);
          run();
        }}
        aria-label={label}
      >
        {text}
      </Anchor>
    );
    const undo = () =>
      detachedWrite('sales.void', { id: sale.id, reason: UNDO_REASON }).then(
        () => notifyDone(`Sale of ${amount} for ${customer} undone`),
        (error) => notifyError(error, 'Could not undo the sale'),
      );
    notifyDone(
      <Group gap="xs" justify="space-between" wrap="nowrap">
        <Text size="sm">{`Sale of ${amount} recorded for ${customer}`}</Text>
        <Group gap={4} wrap="nowrap">
          {action('Undo', undo)}
          {action('Open', () => navigate({ name: 'customer', id: sale.customer.id }), `Open ${customer}`)}
        </Group>
      </Group>,
      { autoClose: 6000, id: toastId },
    );
  };
}
