import { Anchor, Group, Text } from '@mantine/core';
import type { RecordedSale } from '../../../shared/contract';
import { useDetachedWrite } from '../../api';
import { navigate } from '../../app/router';
import { hideNotification, notifyDone, notifyError } from '../../components/notify';
import { KEPT_HERE } from '../outbox/outbox';
import { useFormat } from '../settings/settings';

/** The reason Undo in the confirmation gives the core: the history shows it on the voided sale. */
export const UNDO_REASON = 'undone at counter';

/**
 * The confirmation a recorded sale gets: what was sold to whom, with Undo (voids the sale) and Open
 * (the customer's profile). Undo is a detached write: the toast outlives the dialog that recorded the sale.
 */
export function useSaleRecordedToast(): (sale: RecordedSale) => void {
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
        <Text size="sm">
          {`Sale of ${amount} recorded for ${customer}`}
          {sale.discount > 0 ? `, ${format.money(sale.discount)} off with a reward` : ''}
          {sale.points.earned || sale.points.used ? ` · ${sale.points.earned ? `+${format.count(sale.points.earned)} pts, ` : ''}balance ${format.count(sale.customer.loyaltyPoints)} pts` : ''}
        </Text>
        <Group gap={4} wrap="nowrap">
          {action('Undo', undo)}
          {action('Open', () => navigate({ name: 'customer', id: sale.customer.id }), `Open ${customer}`)}
        </Group>
      </Group>,
      { autoClose: 6000, id: toastId },
    );
  };
}

/**
 * The confirmation a sale kept at this till gets (the shared book out of reach): what was sold to
 * whom, and where it is. No Undo and no Open: it is not in the book yet.
 */
export function useSaleKeptToast(): (sold: { amount: number; customerName: string }) => void {
  const format = useFormat();
  return ({ amount, customerName }) => notifyDone(KEPT_HERE, { title: `Sale of ${format.money(amount)} for ${customerName}`, autoClose: 8000 });
}
