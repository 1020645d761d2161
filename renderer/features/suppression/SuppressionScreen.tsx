import { Alert, Anchor, Button, EmptyState, Group, Paper, Select, SimpleGrid, Stack, Table, Text, TextInput, Title, VisuallyHidden } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData } from '@tanstack/react-query';
import { createColumnHelper, flexRender, getCoreRowModel, useReactTable } from '@tanstack/react-table';
import { useMemo, useState } from 'react';
import { suppressionKinds, type Suppression, type SuppressionKind } from '../../../shared/contract';
import { useApiQuery } from '../../api';
import { hrefOf } from '../../app/router';
import { PlusIcon, SearchIcon, ShieldIcon } from '../../components/icons';
import { SimpleTableHead, SkeletonRows } from '../../components/SimpleTable';
import { useFormat, type Formatters } from '../settings/settings';
import { addressOf, kindLabels, reasonHints, reasonLabels } from './labels';
import { AddSuppressionDialog, RemoveSuppressionDialog } from './SuppressionDialogs';

const PAGE_SIZE = 50;

const column = createColumnHelper<Suppression>();

function suppressionColumns(format: Formatters, remove: (s: Suppression) => void) {
  return [
    column.accessor((s) => addressOf(s, format), {
      id: 'address',
      header: 'Address',
      meta: { width: 240 },
      cell: (info) => {
        const s = info.row.original;
        return (
          <div>
            <Text size="sm" fw={600} c="bright" className="cell-truncate" title={info.getValue()}>
              {info.getValue()}
            </Text>
            {s.customerId !== null ? (
              <Anchor href={hrefOf({ name: 'customer', id: s.customerId })} size="sm">
                Customer #{s.customerId}
              </Anchor>
            ) : null}
          </div>
        );
      },
    }),
    column.accessor('kind', { header: 'Kind', meta: { width: 76 }, cell: (info) => <Text size="sm">{kindLabels[info.getValue()]}</Text> }),
    column.accessor('reason', {
      header: 'Why',
      meta: { width: 140 },
      cell: (info) => (
        <Text size="sm" title={reasonHints[info.getValue()]}>
          {reasonLabels[info.getValue()]}
        </Text>
      ),
    }),
    column.accessor('note', {
      header: 'Note',
      cell: (info) =>
        info.getValue() ? (
          <Text size="sm" lineClamp={2} title={info.getValue() ?? undefined}>
            {info.getValue()}
          </Text>
        ) : (
          <Text size="sm" c="dimmed" aria-label="No note">
            —
          </Text>
        ),
    }),
    column.accessor('at', {
      header: 'When',
      meta: { width: 166 },
      cell: (info) => (
        <time dateTime={info.getValue()} title={format.relative(info.getValue())} style={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }}>
          {format.dateTime(info.getValue())}
        </time>
      ),
    }),
    column.accessor((s) => s.actor?.name ?? '', {
      id: 'who',
      header: 'Who',
      meta: { width: 110 },
      cell: (info) =>
        info.getValue() ? (
          <Text size="sm" className="cell-truncate" title={info.getValue()}>
            {info.getValue()}
          </Text>
        ) : (
          <Text size="sm" c="dimmed" aria-label="Not recorded">
            —
          </Text>
        ),
    }),
    column.display({
      id: 'actions',
      header: () => <VisuallyHidden>Actions</VisuallyHidden>,
      meta: { width: 124, align: 'right' },
      cell: (info) => (
        <Button size="xs" variant="default" onClick={() => remove(info.row.original)} aria-label={`Remove ${addressOf(info.row.original, format)} from the list`}>
          Remove
        </Button>
      ),
    }),
  ];
}

/**
 * Every address the shop must never mail or text, newest first: who unsubscribed, is do-not-contact,
 * was erased (masked), or left in Mailchimp. The owner adds one by hand, or lifts one on a new consent.
 */
export function SuppressionScreen() {
  const format = useFormat();
  const [query, setQuery] = useState('');
  const [kind, setKind] = useState<SuppressionKind | null>(null);
  const [page, setPage] = useState(0);
  const [adding, setAdding] = useState(false);
  const [removing, setRemoving] = useState<Suppression | null>(null);
  const [debouncedQuery] = useDebouncedValue(query.trim(), 200);
  const filtered = debouncedQuery !== '' || kind !== null;

  const list = useApiQuery('suppression.list', { query: debouncedQuery, kind: kind ?? undefined, offset: page * PAGE_SIZE, limit: PAGE_SIZE }, { placeholderData: keepPreviousData });
  const rows = list.data?.rows ?? [];
  const total = list.data?.total ?? 0;
  const columns = useMemo(() => suppressionColumns(format, setRemoving), [format]);
  const table = useReactTable({ data: rows, columns, getCoreRowModel: getCoreRowModel(), getRowId: (s) => String(s.id) });

  const first = page * PAGE_SIZE + 1;
  const last = page * PAGE_SIZE + rows.length;

  return (
    <Stack gap="md" pb="xl">
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <div>
          <Title order={1} fz="h2">
            Suppression list
          </Title>
          <Text c="dimmed" size="sm">
            Addresses the shop must never mail or text: no export, import or Mailchimp sync will contact them. An erased customer&apos;s address is kept only
            masked.
          </Text>
        </div>
        <Button leftSection={<PlusIcon size={16} />} onClick={() => setAdding(true)} style={{ flexShrink: 0 }}>
          Add address
        </Button>
      </Group>

      <Paper withBorder radius="md" p="md" component="section" aria-label="Find an address">
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
          <TextInput
            label="Search"
            placeholder="Part of an address, or a whole one in any format"
            type="search"
            autoComplete="off"
            spellCheck={false}
            leftSection={<SearchIcon size={16} />}
            value={query}
            onChange={(event) => {
              setQuery(event.currentTarget.value);
              setPage(0);
            }}
            style={{ gridColumn: 'span 2' }}
          />
          <Select
            label="Kind"
            placeholder="Email and phone"
            data={suppressionKinds.map((k) => ({ value: k, label: kindLabels[k] }))}
            value={kind}
            onChange={(value) => {
              setKind(value === 'email' || value === 'phone' ? value : null);
              setPage(0);
            }}
            clearable
          />
        </SimpleGrid>
        <Text size="sm" c="dimmed" mt="sm" aria-live="polite">
          {list.data ? (total === 0 ? ' ' : `${format.count(first)}–${format.count(last)} of ${format.count(total)} ${total === 1 ? 'address' : 'addresses'}`) : ' '}
        </Text>
      </Paper>

      {list.isError ? (
        <Alert color="red" title="The suppression list could not be read">
          {list.error.message}
        </Alert>
      ) : null}

      {list.data && rows.length === 0 ? (
        <Paper withBorder radius="md">
          <EmptyState
            py="xl"
            icon={<ShieldIcon size={28} />}
            withIndicatorBackground
            title={filtered ? 'No address matches' : 'Nobody is on the suppression list'}
            description={
              filtered
                ? 'Try part of the address, or the whole number in any format.'
                : 'A customer who unsubscribes, is marked do not contact, or is erased appears here. Add an address by hand when someone asks not to be contacted.'
            }
          />
        </Paper>
      ) : (
        <Paper withBorder radius="md" style={{ overflow: 'hidden' }}>
          <Table layout="fixed" highlightOnHover verticalSpacing="xs" aria-label="Suppression list" aria-busy={list.isFetching || undefined}>
            <SimpleTableHead table={table} />
            <Table.Tbody>
              {!list.data
                ? <SkeletonRows rows={6} columns={columns.length} />
                : table.getRowModel().rows.map((row) => (
                    <Table.Tr key={row.id} data-suppression={row.original.id}>
                      {row.getVisibleCells().map((cell) => (
                        <Table.Td key={cell.id} ta={cell.column.columnDef.meta?.align} style={{ verticalAlign: 'top' }}>
                          {flexRender(cell.column.columnDef.cell, cell.getContext())}
                        </Table.Td>
                      ))}
                    </Table.Tr>
                  ))}
            </Table.Tbody>
          </Table>
        </Paper>
      )}

      {total > PAGE_SIZE ? (
        <Group justify="center" gap="sm">
          <Button variant="default" onClick={() => setPage((p) => p - 1)} disabled={page === 0}>
            Newer
          </Button>
          <Button variant="default" onClick={() => setPage((p) => p + 1)} disabled={last >= total}>
            Older
          </Button>
        </Group>
      ) : null}

      <AddSuppressionDialog opened={adding} onClose={() => setAdding(false)} />
      <RemoveSuppressionDialog suppression={removing} onClose={() => setRemoving(null)} />
    </Stack>
  );
}
