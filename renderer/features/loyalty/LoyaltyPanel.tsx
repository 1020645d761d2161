import { Alert, Button, Group, NumberInput, Paper, Skeleton, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { loyaltyAdjustInput, type Customer, type LoyaltyEntry } from '../../../shared/contract';
import { isApiError, useApiMutation, useApiQuery } from '../../api';
import { notifyDone, notifyError } from '../../components/notify';
import { useIsOwner } from '../auth/session';
import { useFormat } from '../settings/settings';
import { balanceText, entryLabels } from './labels';

/** A customer's points on their profile: the balance, when it lapses, the history, and the owner's adjustment. */
export function LoyaltyPanel({ customer }: { customer: Customer }) {
  const account = useApiQuery('loyalty.account', { customerId: customer.id });
  const format = useFormat();
  const isOwner = useIsOwner();
  const gone = customer.erasedAt != null || customer.mergedInto != null;

  if (account.isError) return <Alert color="red" title="Points could not be loaded">{account.error.message}</Alert>;
  if (!account.data) return <Skeleton height={120} />;
  const { points, scheme, expiresAt, history } = account.data;
  return (
    <Stack gap="md">
      <Paper withBorder radius="md" p="md" component="section" aria-label="Points balance">
        <Group justify="space-between" align="flex-start" wrap="wrap">
          <div>
            <Text size="sm" c="dimmed">
              Points
            </Text>
            <Text fz="xl" fw={700} c="bright" style={{ fontVariantNumeric: 'tabular-nums' }}>
              {balanceText(points, scheme, format.count)}
            </Text>
            <Text size="sm" c="dimmed">
              {!scheme
                ? 'Loyalty is off: nothing is earned or used until the owner turns it on in Settings.'
                : `${format.count(scheme.rewardPoints)} points make a reward of ${format.money(scheme.rewardValue)} off.${expiresAt ? ` Points lapse on ${format.date(expiresAt)} without a purchase before.` : ''}`}
            </Text>
          </div>
          {isOwner && !gone ? <AdjustPoints customer={customer} /> : null}
        </Group>
      </Paper>
      <section aria-label="Points history">
        <Title order={2} fz="md" mb="xs">
          Points history
        </Title>
        {history.length === 0 ? (
          <Text size="sm" c="dimmed">
            No points yet.
          </Text>
        ) : (
          <HistoryTable entries={history} />
        )}
      </section>
    </Stack>
  );
}

function HistoryTable({ entries }: { entries: LoyaltyEntry[] }) {
  const format = useFormat();
  return (
    <Table striped highlightOnHover aria-label="Points history" verticalSpacing={6}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>When</Table.Th>
          <Table.Th>What</Table.Th>
          <Table.Th ta="right">Points</Table.Th>
          <Table.Th>Sale</Table.Th>
          <Table.Th>Reason</Table.Th>
          <Table.Th>Who</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {entries.map((entry) => (
          <Table.Tr key={entry.id}>
            <Table.Td title={format.dateTime(entry.createdAt)}>{format.date(entry.createdAt)}</Table.Td>
            <Table.Td>{entryLabels[entry.kind]}</Table.Td>
            <Table.Td ta="right" style={{ fontVariantNumeric: 'tabular-nums' }}>
              {entry.points > 0 ? `+${format.count(entry.points)}` : `−${format.count(-entry.points)}`}
            </Table.Td>
            <Table.Td>{entry.saleId ? `#${entry.saleId}` : ''}</Table.Td>
            <Table.Td>{entry.reason ?? ''}</Table.Td>
            <Table.Td>{entry.author?.name ?? ''}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

/** The owner gives or takes points, saying why: the history and the audit log keep both. */
function AdjustPoints({ customer }: { customer: Customer }) {
  const adjust = useApiMutation('loyalty.adjust');
  const [points, setPoints] = useState<number | string>('');
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<{ points?: string; reason?: string }>({});

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const input = { customerId: customer.id, points: typeof points === 'number' ? points : Number.NaN, reason };
    const checked = loyaltyAdjustInput.safeParse(input);
    if (!checked.success) {
      const next: typeof errors = {};
      for (const issue of checked.error.issues) {
        const field = issue.path[0];
        if (field === 'points' || field === 'reason') next[field] ??= field === 'points' && typeof points !== 'number' ? 'Type the points to give, or take with a minus (-20)' : issue.message;
      }
      return setErrors(next);
    }
    try {
      const account = await adjust.mutateAsync(checked.data);
      notifyDone(`${customer.name} now has ${account.points} points`);
      setPoints('');
      setReason('');
      setErrors({});
    } catch (error) {
      if (isApiError(error)) setErrors({ points: error.fields.points, reason: error.fields.reason ?? (error.fields.points ? undefined : error.message) });
      else notifyError(error, 'The points were not changed');
    }
  };

  return (
    <form onSubmit={submit} noValidate aria-label="Adjust points">
      <Group align="flex-start" gap="sm" wrap="wrap">
        <NumberInput label="Points" description="−20 takes 20 away" allowDecimal={false} value={points} onChange={setPoints} error={errors.points} w={150} />
        <TextInput label="Reason" description="Kept in the history" value={reason} onChange={(e) => setReason(e.currentTarget.value)} error={errors.reason} w={260} />
        <Button type="submit" mt={45} variant="default" loading={adjust.isPending}>
          Adjust points
        </Button>
      </Group>
    </form>
  );
}
