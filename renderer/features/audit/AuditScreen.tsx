import { Alert, Anchor, Button, EmptyState, Group, Paper, Select, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { keepPreviousData, useInfiniteQuery, type InfiniteData } from '@tanstack/react-query';
import { createColumnHelper, flexRender, getCoreRowModel, getExpandedRowModel, useReactTable, type ExpandedState } from '@tanstack/react-table';
import { Fragment, useMemo, useState } from 'react';
import { auditEntityTypes, type AuditEntityType, type AuditEntry, type AuditPage, type InputOf, type StaffMember } from '../../../shared/contract';
import { call, queryKey, useApiQuery, type ApiError } from '../../api';
import { hrefOf } from '../../app/router';
import { ChevronRightIcon, HistoryIcon } from '../../components/icons';
import { SimpleTableHead, SkeletonRows } from '../../components/SimpleTable';
import { dayStartInZone } from '../segments/conditions';
import { useFormat, useSettings, type Formatters } from '../settings/settings';
import './audit.css';
import { customerIdOf, describeDetails, entityTypeLabels, fieldLabel, formatChangeValue, methodLabel } from './labels';

const PAGE_SIZE = 50;

interface AuditFilters {
  actorId: string | null;
  entityType: AuditEntityType | null;
  entityId: string;
  /** Calendar days ("2026-03-01") in the shop's time zone, as the date fields give them. */
  from: string;
  to: string;
}

const noFilters: AuditFilters = { actorId: null, entityType: null, entityId: '', from: '', to: '' };

/** The day after a calendar day, so that "to" takes in the whole of its last day. */
function nextDay(day: string): string {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
}

/** The filters as audit.list reads them, or the problems that keep them from being applied. */
function toInput(filters: AuditFilters, timeZone: string): { input: InputOf<'audit.list'>; errors: Partial<Record<keyof AuditFilters, string>> } {
  const input: InputOf<'audit.list'> = { limit: PAGE_SIZE };
  const errors: Partial<Record<keyof AuditFilters, string>> = {};
  if (filters.actorId) input.actorId = Number(filters.actorId);
  if (filters.entityType) input.entityType = filters.entityType;
  const entityId = filters.entityId.trim().replace(/^#/, '');
  if (entityId) {
    if (/^[1-9]\d{0,14}$/.test(entityId)) input.entityId = Number(entityId);
    else errors.entityId = 'A number, e.g. 12';
  }
  if (filters.from) input.from = dayStartInZone(filters.from, timeZone);
  if (filters.to) {
    if (filters.from && filters.to < filters.from) errors.to = 'On or after the From day';
    else input.to = new Date(Date.parse(dayStartInZone(nextDay(filters.to), timeZone)) - 1).toISOString();
  }
  return { input, errors };
}

const column = createColumnHelper<AuditEntry>();

function auditColumns(format: Formatters, staffById: Map<number, StaffMember>) {
  return [
    column.accessor('at', {
      header: 'When',
      meta: { width: 180 },
      cell: (info) => (
        <time dateTime={info.getValue()} title={format.relative(info.getValue())} style={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }}>
          {format.dateTime(info.getValue())}
        </time>
      ),
    }),
    column.accessor((e) => e.actor.name, {
      id: 'who',
      header: 'Who',
      meta: { width: 170 },
      cell: (info) => (
        <Text size="sm" className="cell-truncate" title={info.getValue()}>
          {info.getValue()}
        </Text>
      ),
    }),
    column.accessor('method', {
      header: 'What',
      cell: (info) => {
        const details = describeDetails(info.row.original, format);
        return (
          <div>
            <Text size="sm" fw={600} c="bright">
              {methodLabel(info.getValue())}
            </Text>
            {details ? (
              <Text size="sm" c="dimmed" className="cell-truncate" title={details}>
                {details}
              </Text>
            ) : null}
          </div>
        );
      },
    }),
    column.display({
      id: 'about',
      header: 'About',
      meta: { width: 190 },
      cell: (info) => <EntityCell entry={info.row.original} staffById={staffById} />,
    }),
    column.display({
      id: 'changes',
      header: 'Changes',
      meta: { width: 150, align: 'right' },
      cell: (info) => {
        const row = info.row;
        const count = row.original.changes.length;
        if (count === 0) {
          return (
            <Text size="sm" c="dimmed" aria-label="No field changes recorded">
              —
            </Text>
          );
        }
        const expanded = row.getIsExpanded();
        return (
          <Button
            variant="subtle"
            size="compact-sm"
            onClick={row.getToggleExpandedHandler()}
            aria-expanded={expanded}
            aria-controls={`audit-changes-${row.original.id}`}
            rightSection={<ChevronRightIcon size={14} style={{ transform: expanded ? 'rotate(90deg)' : undefined, transition: 'transform 120ms' }} />}
          >
            {count} {count === 1 ? 'change' : 'changes'}
          </Button>
        );
      },
    }),
  ];
}

function EntityCell({ entry, staffById }: { entry: AuditEntry; staffById: Map<number, StaffMember> }) {
  const customerId = customerIdOf(entry);
  if (customerId !== null) {
    const label = entry.entityType === 'customer' ? `Customer #${customerId}` : `${entityTypeLabels[entry.entityType ?? 'customer']} for customer #${customerId}`;
    return (
      <Anchor href={hrefOf({ name: 'customer', id: customerId })} size="sm" className="cell-truncate" title={label} display="block">
        {label}
      </Anchor>
    );
  }
  if (!entry.entityType) return <Text size="sm" c="dimmed">—</Text>;
  const member = entry.entityType === 'staff' && entry.entityId !== null ? staffById.get(entry.entityId) : undefined;
  const label = member
    ? member.name
    : entry.entityId !== null && entry.entityType !== 'settings'
      ? `${entityTypeLabels[entry.entityType]} #${entry.entityId}`
      : entityTypeLabels[entry.entityType];
  return (
    <Text size="sm" className="cell-truncate" title={label}>
      {label}
    </Text>
  );
}

function ChangesTable({ entry, format }: { entry: AuditEntry; format: Formatters }) {
  return (
    <Table id={`audit-changes-${entry.id}`} layout="fixed" withRowBorders={false} verticalSpacing={4} aria-label={`Changes: ${methodLabel(entry.method)}, ${format.dateTime(entry.at)}`}>
      <colgroup>
        <col style={{ width: 200 }} />
        <col />
        <col />
      </colgroup>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Field</Table.Th>
          <Table.Th>Before</Table.Th>
          <Table.Th>After</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {entry.changes.map((change, i) => {
          const before = formatChangeValue(change.field, change.before, format);
          const after = formatChangeValue(change.field, change.after, format);
          return (
            <Table.Tr key={`${change.field}-${i}`} data-field={change.field}>
              <Table.Td fw={600}>{fieldLabel(change.field)}</Table.Td>
              <Table.Td>
                <Text size="sm" c="dimmed" className="audit-value" title={before}>
                  {before}
                </Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm" className="audit-value" title={after}>
                  <span aria-hidden="true" className="audit-arrow">
                    →{' '}
                  </span>
                  {after}
                </Text>
              </Table.Td>
            </Table.Tr>
          );
        })}
      </Table.Tbody>
    </Table>
  );
}

/** Who did what and when, newest first, with each update's before and after; filtered and paged by the core. */
export function AuditScreen() {
  const settings = useSettings();
  const format = useFormat();
  const staff = useApiQuery('staff.list', {});
  const [filters, setFilters] = useState<AuditFilters>(noFilters);
  const [expanded, setExpanded] = useState<ExpandedState>({});
  const { input, errors } = useMemo(() => toInput(filters, settings.timeZone), [filters, settings.timeZone]);
  const filtered = JSON.stringify(filters) !== JSON.stringify(noFilters);

  const pages = useInfiniteQuery<AuditPage, ApiError, InfiniteData<AuditPage>, readonly unknown[], number | undefined>({
    queryKey: [...queryKey('audit.list', input), 'pages'],
    queryFn: ({ pageParam }) => call('audit.list', { ...input, beforeId: pageParam }),
    initialPageParam: undefined,
    getNextPageParam: (last) => last.nextBeforeId ?? undefined,
    placeholderData: keepPreviousData,
  });
  const entries = useMemo(() => pages.data?.pages.flatMap((p) => p.entries) ?? [], [pages.data]);

  const staffById = useMemo(() => new Map((staff.data ?? []).map((m) => [m.id, m])), [staff.data]);
  const columns = useMemo(() => auditColumns(format, staffById), [format, staffById]);
  const table = useReactTable({
    data: entries,
    columns,
    state: { expanded },
    onExpandedChange: setExpanded,
    getRowId: (e) => String(e.id),
    getRowCanExpand: (row) => row.original.changes.length > 0,
    getCoreRowModel: getCoreRowModel(),
    getExpandedRowModel: getExpandedRowModel(),
  });

  const set = <K extends keyof AuditFilters>(key: K, value: AuditFilters[K]) => setFilters((f) => ({ ...f, [key]: value }));

  return (
    <Stack gap="md" pb="xl">
      <div>
        <Title order={1} fz="h2">
          Audit log
        </Title>
        <Text c="dimmed" size="sm">
          Every change made in Regulars: who made it, when, and what each field was and became. Entries cannot be edited or removed.
        </Text>
      </div>

      <Paper withBorder radius="md" p="md" component="section" aria-label="Filter the audit log">
        <SimpleGrid cols={{ base: 2, md: 5 }} spacing="sm">
          <Select
            label="Person"
            placeholder="Anyone"
            data={(staff.data ?? []).map((m) => ({ value: String(m.id), label: m.active ? m.name : `${m.name} (left)` }))}
            value={filters.actorId}
            onChange={(v) => set('actorId', v)}
            clearable
            searchable
            nothingFoundMessage="Nobody by that name"
          />
          <Select
            label="Kind of record"
            placeholder="Any"
            data={auditEntityTypes.map((t) => ({ value: t, label: entityTypeLabels[t] }))}
            value={filters.entityType}
            onChange={(v) => set('entityType', v as AuditEntityType | null)}
            clearable
          />
          <TextInput
            label="Record number"
            placeholder="e.g. 12"
            inputMode="numeric"
            autoComplete="off"
            value={filters.entityId}
            onChange={(e) => set('entityId', e.currentTarget.value)}
            error={errors.entityId}
          />
          <TextInput type="date" label="From" value={filters.from} onChange={(e) => set('from', e.currentTarget.value)} error={errors.from} />
          <TextInput type="date" label="To" value={filters.to} onChange={(e) => set('to', e.currentTarget.value)} error={errors.to} />
        </SimpleGrid>
        <Group justify="space-between" mt="sm" gap="sm">
          <Text size="sm" c="dimmed" aria-live="polite">
            {pages.data ? `${format.count(entries.length)} ${entries.length === 1 ? 'entry' : 'entries'} shown${pages.hasNextPage ? ', older ones below' : ''}` : ' '}
          </Text>
          <Button variant="default" size="xs" onClick={() => setFilters(noFilters)} disabled={!filtered}>
            Clear filters
          </Button>
        </Group>
      </Paper>

      {pages.isError ? (
        <Alert color="red" title="The audit log could not be read">
          {pages.error.message}
        </Alert>
      ) : null}

      {pages.data && entries.length === 0 ? (
        <Paper withBorder radius="md">
          <EmptyState
            py="xl"
            icon={<HistoryIcon size={28} />}
            withIndicatorBackground
            title={filtered ? 'No entries match these filters' : 'Nothing recorded yet'}
            description={filtered ? 'Try another person, kind of record or dates, or clear the filters.' : 'Each change made in Regulars appears here as it happens.'}
          />
        </Paper>
      ) : (
        <Paper withBorder radius="md" style={{ overflow: 'hidden' }}>
          <Table layout="fixed" highlightOnHover verticalSpacing="xs" aria-label="Audit log" aria-busy={pages.isFetching || undefined}>
            <SimpleTableHead table={table} />
            <Table.Tbody>
              {!pages.data
                ? <SkeletonRows rows={8} columns={columns.length} />
                : table.getRowModel().rows.map((row) => (
                    <Fragment key={row.id}>
                      <Table.Tr data-entry={row.original.id} data-method={row.original.method}>
                        {row.getVisibleCells().map((cell) => (
                          <Table.Td key={cell.id} ta={cell.column.columnDef.meta?.align} style={{ verticalAlign: 'top' }}>
                            {flexRender(cell.column.columnDef.cell, cell.getContext())}
                          </Table.Td>
                        ))}
                      </Table.Tr>
                      {row.getIsExpanded() ? (
                        <Table.Tr className="audit-changes-row">
                          <Table.Td colSpan={columns.length} px="lg" pb="sm">
                            <ChangesTable entry={row.original} format={format} />
                          </Table.Td>
                        </Table.Tr>
                      ) : null}
                    </Fragment>
                  ))}
            </Table.Tbody>
          </Table>
        </Paper>
      )}

      {pages.hasNextPage ? (
        <Group justify="center">
          <Button variant="default" onClick={() => pages.fetchNextPage()} loading={pages.isFetchingNextPage}>
            Load older
          </Button>
        </Group>
      ) : null}
    </Stack>
  );
}
