import { Badge, Group, Skeleton, Table, Text, UnstyledButton } from '@mantine/core';
import {
  createColumnHelper,
  flexRender,
  getCoreRowModel,
  useReactTable,
  type ColumnDef,
  type SortingState,
} from '@tanstack/react-table';
import { useEffect, useMemo, useRef, type KeyboardEvent, type ReactNode } from 'react';
import type { Customer } from '../../../shared/contract';
import { RelativeTime } from '../../components/RelativeTime';
import { useFormat, type Formatters } from '../settings/settings';
import { tierHints, tierLabels, typeLabels } from './labels';

declare module '@tanstack/react-table' {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  interface ColumnMeta<TData, TValue> {
    /** Fixed widths keep the columns still while the rows change under a search. */
    width?: number | string;
    align?: 'left' | 'right';
  }
}

const column = createColumnHelper<Customer>();

function columns(format: Formatters) {
  const defs = [
    column.accessor('name', {
      header: 'Name',
      enableSorting: true,
      cell: (info) => (
        <Text fw={600} className="cell-truncate" title={info.getValue()}>
          {info.getValue()}
        </Text>
      ),
    }),
    column.accessor('phoneE164', {
      header: 'Phone',
      enableSorting: false,
      meta: { width: 150 },
      cell: (info) => {
        const shown = format.phone(info.getValue()) || info.row.original.phone || '';
        return (
          <span className="cell-truncate" title={shown} style={{ display: 'block', fontVariantNumeric: 'tabular-nums' }}>
            {shown || <Text span c="dimmed">—</Text>}
          </span>
        );
      },
    }),
    column.accessor('email', {
      header: 'Email',
      enableSorting: false,
      meta: { width: '15%' },
      cell: (info) =>
        info.getValue() ? (
          <span className="cell-truncate" title={info.getValue() ?? ''} style={{ display: 'block' }}>
            {info.getValue()}
          </span>
        ) : (
          <Text span c="dimmed">
            —
          </Text>
        ),
    }),
    column.accessor('type', {
      header: 'Type',
      enableSorting: false,
      meta: { width: 130 },
      cell: (info) => (
        <Badge color="gray">
          {typeLabels[info.getValue()]}
        </Badge>
      ),
    }),
    column.accessor('purchases', {
      header: 'Visits',
      enableSorting: false,
      meta: { width: 80, align: 'right' },
      cell: (info) => format.count(info.getValue()),
    }),
    column.accessor('totalSpent', {
      header: 'Total spent',
      enableSorting: true,
      sortDescFirst: true,
      meta: { width: 140, align: 'right' },
      cell: (info) => format.money(info.getValue()),
    }),
    column.accessor('lastPurchaseAt', {
      header: 'Last visit',
      enableSorting: true,
      sortDescFirst: true,
      meta: { width: 130 },
      cell: (info) => <RelativeTime iso={info.getValue()} empty="Never" />,
    }),
    column.accessor('frequency', {
      header: 'Tier',
      enableSorting: false,
      meta: { width: 165 },
      cell: (info) => (
        <Badge variant={info.getValue() === 'inactive' ? 'outline' : 'light'} color={info.getValue() === 'inactive' ? 'gray' : undefined} title={tierHints[info.getValue()]}>
          {tierLabels[info.getValue()]}
        </Badge>
      ),
    }),
  ];
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return defs as ColumnDef<Customer, any>[];
}

export interface CustomerTableProps {
  rows: Customer[];
  loading: boolean;
  sorting: SortingState;
  onSortingChange(sorting: SortingState): void;
  activeIndex: number;
  onActiveIndexChange(index: number): void;
  onOpen(customer: Customer): void;
  /** Shown inside the table body (no results, empty book) so the header and columns stay put. */
  emptyState?: ReactNode;
}

export function CustomerTable(props: CustomerTableProps) {
  const { rows, loading, sorting, onSortingChange, activeIndex, onActiveIndexChange, onOpen, emptyState } = props;
  const format = useFormat();
  const cols = useMemo(() => columns(format), [format]);
  const table = useReactTable({
    data: rows,
    columns: cols,
    getCoreRowModel: getCoreRowModel(),
    getRowId: (row) => String(row.id),
    manualSorting: true,
    enableSortingRemoval: false,
    state: { sorting },
    onSortingChange: (updater) => onSortingChange(typeof updater === 'function' ? updater(sorting) : updater),
  });

  const bodyRef = useRef<HTMLTableSectionElement>(null);
  useEffect(() => {
    if (activeIndex < 0) return;
    const row = bodyRef.current?.querySelectorAll('tr')[activeIndex];
    row?.scrollIntoView({ block: 'nearest' });
  }, [activeIndex]);

  const onRowKey = (event: KeyboardEvent<HTMLTableRowElement>, index: number) => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      onOpen(rows[index]);
    } else if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const next = Math.min(rows.length - 1, Math.max(0, index + (event.key === 'ArrowDown' ? 1 : -1)));
      onActiveIndexChange(next);
      (bodyRef.current?.querySelectorAll('tr')[next] as HTMLElement | undefined)?.focus();
    }
  };

  const leafColumns = table.getAllLeafColumns();

  return (
    <Table layout="fixed" highlightOnHover stickyHeader tabularNums horizontalSpacing="sm" aria-label="Customers" aria-busy={loading}>
      <colgroup>
        {leafColumns.map((c) => (
          <col key={c.id} style={c.columnDef.meta?.width ? { width: c.columnDef.meta.width } : undefined} />
        ))}
      </colgroup>
      <Table.Thead>
        {table.getHeaderGroups().map((group) => (
          <Table.Tr key={group.id}>
            {group.headers.map((header) => {
              const meta = header.column.columnDef.meta;
              const sorted = header.column.getIsSorted();
              const label = flexRender(header.column.columnDef.header, header.getContext());
              return (
                <Table.Th
                  key={header.id}
                  ta={meta?.align ?? 'left'}
                  aria-sort={sorted ? (sorted === 'asc' ? 'ascending' : 'descending') : undefined}
                >
                  {header.column.getCanSort() ? (
                    <UnstyledButton
                      onClick={header.column.getToggleSortingHandler()}
                      fw={700}
                      fz="sm"
                      title={`Sort by ${String(header.column.columnDef.header).toLowerCase()}`}
                    >
                      <Group gap={4} wrap="nowrap" justify={meta?.align === 'right' ? 'flex-end' : 'flex-start'}>
                        {label}
                        <Text span c={sorted ? undefined : 'dimmed'} aria-hidden="true" fz="xs">
                          {sorted === 'asc' ? '▲' : sorted === 'desc' ? '▼' : '↕'}
                        </Text>
                      </Group>
                    </UnstyledButton>
                  ) : (
                    label
                  )}
                </Table.Th>
              );
            })}
          </Table.Tr>
        ))}
      </Table.Thead>
      <Table.Tbody ref={bodyRef}>
        {loading && rows.length === 0
          ? Array.from({ length: 8 }, (_, i) => (
              <Table.Tr key={`skeleton-${i}`} className="directory-row" aria-hidden="true">
                {leafColumns.map((c) => (
                  <Table.Td key={c.id}>
                    <Skeleton height={14} radius="sm" width={c.id === 'name' ? '70%' : '60%'} ml={c.columnDef.meta?.align === 'right' ? 'auto' : 0} />
                  </Table.Td>
                ))}
              </Table.Tr>
            ))
          : table.getRowModel().rows.map((row, index) => (
              <Table.Tr
                key={row.id}
                className="directory-row"
                // One tab stop for the whole list (the highlighted row); arrows move between rows.
                tabIndex={index === Math.max(0, activeIndex) ? 0 : -1}
                data-active={index === activeIndex}
                onClick={() => onOpen(row.original)}
                onKeyDown={(e) => onRowKey(e, index)}
                onFocus={() => onActiveIndexChange(index)}
              >
                {row.getVisibleCells().map((cell) => {
                  const meta = cell.column.columnDef.meta;
                  return (
                    <Table.Td key={cell.id} className={meta?.align === 'right' ? 'num' : undefined}>
                      {flexRender(cell.column.columnDef.cell, cell.getContext())}
                    </Table.Td>
                  );
                })}
              </Table.Tr>
            ))}
        {!loading && rows.length === 0 && emptyState ? (
          <Table.Tr>
            <Table.Td colSpan={leafColumns.length} p={0}>
              {emptyState}
            </Table.Td>
          </Table.Tr>
        ) : null}
      </Table.Tbody>
    </Table>
  );
}
