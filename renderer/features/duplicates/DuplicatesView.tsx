import { Alert, Badge, Button, EmptyState, Group, Paper, SimpleGrid, Skeleton, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import type { Customer, DuplicatePair, DuplicateReason } from '../../../shared/contract';
import { useApiQuery } from '../../api';
import { hrefOf } from '../../app/router';
import { CheckIcon, MergeIcon } from '../../components/icons';
import { RelativeTime } from '../../components/RelativeTime';
import { typeLabels } from '../customers/labels';
import { useFormat } from '../settings/settings';
import { MergeDialog } from './MergeDialog';

export const reasonLabels: Record<DuplicateReason, string> = {
  same_email: 'Same email',
  same_phone: 'Same phone',
  same_name_similar_phone: 'Same name, similar phone',
};

/** Pairs of customers that look like one person, each with why, and a way to merge them. */
export function DuplicatesView() {
  const pairs = useApiQuery('customers.duplicates', { limit: 200 });
  const [merging, setMerging] = useState<DuplicatePair | null>(null);

  return (
    <Stack gap="md">
      <div>
        <Title order={1} fz="h2">
          Possible duplicates
        </Title>
        <Text c="dimmed" size="sm" aria-live="polite">
          {pairs.data
            ? pairs.data.length === 0
              ? 'No customers look like the same person.'
              : `${pairs.data.length} ${pairs.data.length === 1 ? 'pair shares' : 'pairs share'} a phone or email, or a name with a phone that differs only in how it was typed.`
            : 'Looking for customers entered twice…'}
        </Text>
      </div>

      {pairs.isError ? (
        <Alert color="red" title="Duplicates could not be checked">
          {pairs.error.message}
        </Alert>
      ) : null}
      {pairs.isPending ? (
        <Stack gap="sm" aria-busy="true" aria-label="Loading possible duplicates">
          {Array.from({ length: 3 }, (_, i) => (
            <Skeleton key={i} height={132} radius="md" />
          ))}
        </Stack>
      ) : null}
      {pairs.data && pairs.data.length === 0 ? (
        <Paper withBorder radius="md">
          <EmptyState
            py="xl"
            icon={<CheckIcon size={28} />}
            withIndicatorBackground
            title="No possible duplicates"
            description="When two customers share a phone number or email, or have the same name and nearly the same phone, they show up here to be merged."
          />
        </Paper>
      ) : null}

      <Stack gap="sm" component="ul" p={0} m={0} style={{ listStyle: 'none' }} aria-label="Possible duplicate pairs">
        {pairs.data?.map((pair) => (
          <Paper key={`${pair.a.id}-${pair.b.id}`} withBorder radius="md" p="md" component="li" aria-label={`${pair.a.name} and ${pair.b.name}`}>
            <Group justify="space-between" align="center" mb="sm" wrap="wrap" gap="sm">
              <Group gap="xs">
                {pair.reasons.map((r) => (
                  <Badge key={r} color="orange" variant="dot" size="md">
                    {reasonLabels[r]}
                  </Badge>
                ))}
              </Group>
              <Button leftSection={<MergeIcon size={16} />} variant="light" onClick={() => setMerging(pair)} aria-label={`Merge ${pair.a.name} and ${pair.b.name}`}>
                Merge…
              </Button>
            </Group>
            <SimpleGrid cols={2} spacing="sm">
              <CustomerSummary customer={pair.a} reasons={pair.reasons} />
              <CustomerSummary customer={pair.b} reasons={pair.reasons} />
            </SimpleGrid>
          </Paper>
        ))}
      </Stack>

      <MergeDialog pair={merging} onClose={() => setMerging(null)} />
    </Stack>
  );
}

function CustomerSummary({ customer, reasons }: { customer: Customer; reasons: DuplicateReason[] }) {
  const format = useFormat();
  const phone = format.phone(customer.phoneE164) || customer.phone;
  const strong = (on: boolean) => (on ? 700 : undefined);
  return (
    <Paper bg="var(--mantine-color-default-hover)" radius="sm" p="sm">
      <Group justify="space-between" wrap="nowrap" gap="xs">
        <Text fw={700} truncate="end" title={customer.name} component="a" href={hrefOf({ name: 'customer', id: customer.id })} c="bright" td="none">
          {customer.name}
        </Text>
        <Text size="sm" c="dimmed" style={{ flexShrink: 0 }}>
          #{customer.id} · {typeLabels[customer.type]}
        </Text>
      </Group>
      <Text size="sm" fw={strong(reasons.includes('same_phone') || reasons.includes('same_name_similar_phone'))}>
        {phone || 'No phone'}
      </Text>
      <Text size="sm" fw={strong(reasons.includes('same_email'))} truncate="end" title={customer.email ?? undefined}>
        {customer.email || 'No email'}
      </Text>
      <Text size="sm" c="dimmed" className="tabular">
        {format.count(customer.purchases)} {customer.purchases === 1 ? 'purchase' : 'purchases'} · {format.money(customer.totalSpent)} · added{' '}
        <RelativeTime iso={customer.createdAt} />
      </Text>
    </Paper>
  );
}
