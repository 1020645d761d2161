import { Alert, Badge, Button, EmptyState, Group, Modal, Paper, Skeleton, Stack, Table, Text, Textarea, Tooltip, VisuallyHidden } from '@mantine/core';
import { useState } from 'react';
import type { Customer, Sale, SignedInMember } from '../../../shared/contract';
import { sameDayInZone } from '../../../shared/format/time';
import { isApiError, isOutOfReach, useApiMutation, useApiQuery } from '../../api';
import { OutOfReachNotice } from '../outbox/OutOfReachNotice';
import { useDialogs } from '../../app/dialogs';
import { ReceiptIcon } from '../../components/icons';
import { notifyDone, notifyError } from '../../components/notify';
import { useSignedIn } from '../auth/session';
import { paymentLabels } from '../customers/labels';
import { useFormat, useSettings } from '../settings/settings';

/** The core's rule, mirrored so Void is only offered where it works: staff correct their own sales from today; the owner any. */
function mayVoid(sale: Sale, member: SignedInMember, timeZone: string): boolean {
  if (member.role === 'owner') return true;
  return sale.author?.id === member.id && sameDayInZone(new Date(sale.createdAt), new Date(), timeZone);
}

/** Every sale for one customer, newest first. Voided sales stay, struck through, and leave the totals. */
export function SalesHistory({ customer }: { customer: Customer }) {
  const format = useFormat();
  const dialogs = useDialogs();
  const member = useSignedIn();
  const { timeZone } = useSettings();
  const sales = useApiQuery('sales.list', { customerId: customer.id });
  const [voiding, setVoiding] = useState<Sale | null>(null);

  if (sales.isError && isOutOfReach(sales.error)) return <OutOfReachNotice what="The purchase history" />;
  if (sales.isError) return <Alert color="red" title="Purchases could not be loaded">{sales.error.message}</Alert>;
  if (!sales.data) {
    return (
      <Stack gap="xs" aria-busy="true">
        {Array.from({ length: 3 }, (_, i) => (
          <Skeleton key={i} height={40} />
        ))}
      </Stack>
    );
  }
  if (sales.data.length === 0) {
    return (
      <Paper withBorder radius="md">
        <EmptyState
          py="xl"
          icon={<ReceiptIcon size={28} />}
          withIndicatorBackground
          title="No purchases yet"
          description={`Sales recorded for ${customer.firstName} appear here.`}
        >
          {customer.status === 'active' ? (
            <EmptyState.Actions>
              <Button onClick={() => dialogs.openQuickSale(customer)}>Record a sale</Button>
            </EmptyState.Actions>
          ) : null}
        </EmptyState>
      </Paper>
    );
  }

  return (
    <Paper withBorder radius="md" style={{ overflow: 'hidden' }}>
      <Table layout="fixed" tabularNums horizontalSpacing="sm" aria-label="Purchase history" highlightOnHover>
        <colgroup>
          <col style={{ width: 210 }} />
          <col style={{ width: 140 }} />
          <col style={{ width: 80 }} />
          <col style={{ width: 140 }} />
          <col />
          <col style={{ width: 140 }} />
          <col style={{ width: 120 }} />
        </colgroup>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Date</Table.Th>
            <Table.Th ta="right">Amount</Table.Th>
            <Table.Th ta="right">Items</Table.Th>
            <Table.Th>Payment</Table.Th>
            <Table.Th>Note</Table.Th>
            <Table.Th>Recorded by</Table.Th>
            <Table.Th>
              <VisuallyHidden>Status</VisuallyHidden>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {sales.data.map((sale) => {
            const voided = sale.voidedAt !== null;
            const amount = format.money(sale.amount);
            return (
              <Table.Tr key={sale.id} className={voided ? 'sale-voided' : undefined} data-voided={voided || undefined}>
                <Table.Td>
                  <span title={format.relative(sale.occurredAt)}>{format.dateTime(sale.occurredAt)}</span>
                </Table.Td>
                <Table.Td className="num">{voided ? <del aria-label={`${amount}, voided`}>{amount}</del> : amount}</Table.Td>
                <Table.Td className="num">{format.count(sale.items)}</Table.Td>
                <Table.Td>{paymentLabels[sale.paymentMethod]}</Table.Td>
                <Table.Td>
                  <Text size="sm" className="cell-truncate" title={sale.note ?? undefined}>
                    {sale.note ?? ''}
                  </Text>
                  {voided ? (
                    <Text size="sm" c="red" className="cell-truncate" title={sale.voidReason ?? undefined}>
                      Voided{sale.voidReason ? `: ${sale.voidReason}` : ''}
                    </Text>
                  ) : null}
                </Table.Td>
                <Table.Td>
                  <Text size="sm" className="cell-truncate" title={sale.author?.name}>
                    {sale.author?.name ?? '—'}
                  </Text>
                </Table.Td>
                <Table.Td ta="right">
                  {voided ? (
                    <Tooltip
                      label={`Voided ${sale.voidedAt ? format.dateTime(sale.voidedAt) : ''}${sale.voidedBy ? ` by ${sale.voidedBy.name}` : ''}`}
                    >
                      <Badge color="red" variant="light">
                        Voided
                      </Badge>
                    </Tooltip>
                  ) : !mayVoid(sale, member, timeZone) ? null : (
                    <Button
                      variant="subtle"
                      color="gray"
                      size="compact-sm"
                      onClick={() => setVoiding(sale)}
                      aria-label={`Void sale of ${amount} on ${format.dateTime(sale.occurredAt)}`}
                    >
                      Void
                    </Button>
                  )}
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
      <VoidSaleDialog sale={voiding} customer={customer} onClose={() => setVoiding(null)} />
    </Paper>
  );
}

function VoidSaleDialog({ sale, customer, onClose }: { sale: Sale | null; customer: Customer; onClose(): void }) {
  return (
    <Modal opened={sale !== null} onClose={onClose} title="Void sale">
      {sale ? <VoidSaleForm sale={sale} customer={customer} onDone={onClose} /> : null}
    </Modal>
  );
}

function VoidSaleForm({ sale, customer, onDone }: { sale: Sale; customer: Customer; onDone(): void }) {
  const format = useFormat();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const voidSale = useApiMutation('sales.void');
  const amount = format.money(sale.amount);

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    if (reason.trim() === '') return setError('Say why the sale is voided, e.g. "Rang up twice"');
    try {
      await voidSale.mutateAsync({ id: sale.id, reason: reason.trim() });
      notifyDone(`Sale of ${amount} voided for ${customer.name}`);
      onDone();
    } catch (e) {
      if (isApiError(e)) setError(e.fields.reason ?? e.message);
      else notifyError(e, 'The sale was not voided');
    }
  };

  return (
    <form onSubmit={submit} noValidate aria-label="Void sale">
      <Stack gap="md">
        <Text size="sm">
          Void the sale of <strong>{amount}</strong> on {format.dateTime(sale.occurredAt)} for {customer.name}? It stays in the
          history, struck through, and no longer counts in the totals.
        </Text>
        <Textarea
          label="Reason"
          withAsterisk
          data-autofocus
          autosize
          minRows={2}
          placeholder="e.g. Rang up twice"
          value={reason}
          onChange={(e) => {
            setReason(e.currentTarget.value);
            setError(null);
          }}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && !e.shiftKey) {
              e.preventDefault();
              e.currentTarget.form?.requestSubmit();
            }
          }}
          error={error}
        />
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onDone}>
            Keep sale
          </Button>
          <Button type="submit" color="red" loading={voidSale.isPending}>
            Void sale
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
