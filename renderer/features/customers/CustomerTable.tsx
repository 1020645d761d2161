import { Badge, Group, Skeleton, Table, Text, Tooltip, UnstyledButton } from '@mantine/core';
import {
  createColumnHelper,
  flexRender,
  getCoreRowModel,
  useReactTable,
  type ColumnDef,
  type SortingState,
} from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useEffect, useImperativeHandle, useMemo, useRef, type KeyboardEvent, type ReactNode, type Ref } from 'react';
import { frequencyTiers, type Customer, type FrequencyTier } from '../../../shared/contract';
import { Highlighted, isPhoneQuery } from '../../components/Highlighted';
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

/** Every row is this tall (CSS holds it there), so the virtualiser never has to measure. */
export const ROW_HEIGHT = 44;
const HEADER_HEIGHT = 44;

const column = createColumnHelper<Customer>();

/** Built once: a tier's badge is the same element in every row, so React leaves it alone when a row's tier stays. */
const tierBadges = Object.fromEntries(
  frequencyTiers.map((tier) => [
    tier,
    <Badge size="md" variant={tier === 'inactive' ? 'outline' : 'light'} color={tier === 'inactive' ? 'gray' : undefined} title={tierHints[tier]} maw="100%">
      {tierLabels[tier]}
    </Badge>,
  ]),
) as Record<FrequencyTier, ReactNode>;

function columns(format: Formatters, query: string) {
  const phoneQuery = isPhoneQuery(query);
  const textQuery = phoneQuery ? '' : query;
  const defs = [
    column.accessor('name', {
      header: 'Name',
      enableSorting: true,
      cell: (info) => (
        <span className="cell-truncate cell-name" title={info.getValue()}>
          <Highlighted text={info.getValue()} query={textQuery} />
        </span>
      ),
    }),
    column.accessor('phoneE164', {
      header: 'Phone',
      enableSorting: false,
      meta: { width: 120 },
      cell: (info) => {
        const shown = format.phone(info.getValue()) || info.row.original.phone || '';
        return shown ? (
          <span className="cell-truncate" title={shown} style={{ display: 'block', fontVariantNumeric: 'tabular-nums' }}>
            <Highlighted text={shown} query={phoneQuery ? query : ''} digits />
          </span>
        ) : (
          <span className="cell-dimmed">—</span>
        );
      },
    }),
    column.accessor('email', {
      header: 'Email',
      enableSorting: false,
      meta: { width: '13%' },
      cell: (info) =>
        info.getValue() ? (
          <span className="cell-truncate" title={info.getValue() ?? ''} style={{ display: 'block' }}>
            <Highlighted text={info.getValue() ?? ''} query={textQuery} />
          </span>
        ) : (
          <span className="cell-dimmed">—</span>
        ),
    }),
    column.accessor('type', {
      header: 'Type',
      enableSorting: false,
      meta: { width: 84 },
      cell: (info) => <span className="cell-truncate" style={{ display: 'block' }}>{typeLabels[info.getValue()]}</span>,
    }),
    column.accessor('purchases', {
      header: 'Visits',
      enableSorting: false,
      meta: { width: 60, align: 'right' },
      cell: (info) => format.count(info.getValue()),
    }),
    column.accessor('totalSpent', {
      header: 'Total spent',
      enableSorting: true,
      sortDescFirst: true,
      meta: { width: 116, align: 'right' },
      cell: (info) => format.money(info.getValue()),
    }),
    column.accessor('lastPurchaseAt', {
      header: 'Last visit',
      enableSorting: true,
      sortDescFirst: true,
      meta: { width: 112 },
      cell: (info) => (
        <span className="cell-truncate" style={{ display: 'block' }}>
          <RelativeTime iso={info.getValue()} empty="Never" />
        </span>
      ),
    }),
    column.accessor('frequency', {
      header: 'Tier',
      enableSorting: false,
      meta: { width: 120 },
      cell: (info) => tierBadges[info.getValue() as FrequencyTier],
    }),
    column.accessor('tags', {
      header: 'Tags',
      enableSorting: false,
      meta: { width: 96 },
      cell: (info) => {
        const tags = info.getValue();
        if (tags.length === 0) return null;
        return (
          <span className="cell-truncate" title={tags.join(', ')} style={{ display: 'block' }}>
            {tags.join(', ')}
          </span>
        );
      },
    }),
  ];
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return defs as ColumnDef<Customer, any>[];
}

export interface CustomerTableHandle {
  /** Scrolls the row into view (fetching its window) and, with `focus`, moves keyboard focus to it. */
  showRow(index: number, focus?: boolean): void;
  scrollToTop(): void;
}

export interface CustomerTableProps {
  /** How many rows the core says there are: the scrollbar is sized for all of them. */
  total: number;
  /** The row at an index, or undefined while its window is still on its way. */
  rowAt(index: number): Customer | undefined;
  /** The rows on screen changed: fetch the windows that cover them. */
  onRangeChange(first: number, last: number): void;
  loading: boolean;
  query: string;
  sorting: SortingState;
  onSortingChange(sorting: SortingState): void;
  activeIndex: number;
  onActiveIndexChange(index: number): void;
  onOpen(customer: Customer): void;
  /** Shown inside the table body (no results, empty book) so the header and columns stay put. */
  emptyState?: ReactNode;
  handleRef?: Ref<CustomerTableHandle>;
}

const noRows: Customer[] = [];

interface DirectoryHeaderProps {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  columns: ColumnDef<Customer, any>[];
  sorting: SortingState;
  onSortingChange(sorting: SortingState): void;
}

/**
 * The header row, memoised apart from the rows: it changes only with the sort, while the rows change
 * with every search. Rendered with them, its Mantine cells, sort buttons and tooltips (each resolving
 * the theme, its styles and a floating position) were about a tenth of React's work for a keystroke,
 * in a profile of 60 keys.
 */
const DirectoryHeader = memo(function DirectoryHeader({ columns: headerColumns, sorting, onSortingChange }: DirectoryHeaderProps) {
  const table = useReactTable({
    data: noRows,
    columns: headerColumns,
    getCoreRowModel: getCoreRowModel(),
    manualSorting: true,
    enableSortingRemoval: false,
    state: { sorting },
    onSortingChange: (updater) => onSortingChange(typeof updater === 'function' ? updater(sorting) : updater),
  });
  return (
    <Table.Thead>
      {table.getHeaderGroups().map((group) => (
        <Table.Tr key={group.id} className="directory-head" aria-rowindex={1}>
          {group.headers.map((header) => {
            const meta = header.column.columnDef.meta;
            const sorted = header.column.getIsSorted();
            const name = String(header.column.columnDef.header);
            const label = flexRender(header.column.columnDef.header, header.getContext());
            return (
              <Table.Th key={header.id} ta={meta?.align ?? 'left'} aria-sort={sorted ? (sorted === 'asc' ? 'ascending' : 'descending') : undefined}>
                {header.column.getCanSort() ? (
                  <Tooltip label={`Sort by ${name.toLowerCase()}`}>
                    <UnstyledButton onClick={header.column.getToggleSortingHandler()} fw={700} fz="sm" className="sort-button">
                      <Group gap={4} wrap="nowrap" justify={meta?.align === 'right' ? 'flex-end' : 'flex-start'}>
                        {label}
                        <Text span c={sorted ? undefined : 'dimmed'} aria-hidden="true" fz="xs">
                          {sorted === 'asc' ? '▲' : sorted === 'desc' ? '▼' : '↕'}
                        </Text>
                      </Group>
                    </UnstyledButton>
                  </Tooltip>
                ) : (
                  label
                )}
              </Table.Th>
            );
          })}
        </Table.Tr>
      ))}
    </Table.Thead>
  );
});

/**
 * The directory's table: a real <table> (header, columns, row semantics) whose body holds only the
 * rows on screen, between two spacer rows that give the scrollbar the height of every customer.
 * Memoised: it renders again only when its rows, sorting, active row or highlight change.
 */
export const CustomerTable = memo(function CustomerTable(props: CustomerTableProps) {
  const { total, rowAt, onRangeChange, loading, query, sorting, onSortingChange, activeIndex, onActiveIndexChange, onOpen, emptyState, handleRef } = props;
  const format = useFormat();
  const cols = useMemo(() => columns(format, query), [format, query]);
  // The header's columns do not highlight a search, so they stay the same while the query changes.
  const headerCols = useMemo(() => columns(format, ''), [format]);
  const scrollRef = useRef<HTMLDivElement>(null);
  const bodyRef = useRef<HTMLTableSectionElement>(null);
  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 4,
    paddingStart: HEADER_HEIGHT,
    scrollPaddingStart: HEADER_HEIGHT,
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index ?? 0;
  const last = items[items.length - 1]?.index ?? 0;

  // react-table sees only the rows on screen that have arrived; the rest are placeholders.
  // The array is kept while its rows are the same objects: react-table resets state on new data.
  const visibleNow = items.map((item) => rowAt(item.index)).filter((c): c is Customer => c !== undefined);
  const visibleRef = useRef<Customer[]>([]);
  if (visibleNow.length !== visibleRef.current.length || visibleNow.some((c, i) => c !== visibleRef.current[i])) visibleRef.current = visibleNow;
  const table = useReactTable({
    data: visibleRef.current,
    autoResetPageIndex: false,
    autoResetExpanded: false,
    columns: cols,
    getCoreRowModel: getCoreRowModel(),
    getRowId: (row) => String(row.id),
  });
  const rowsById = table.getRowModel().rowsById;

  useEffect(() => {
    onRangeChange(first, last);
  }, [first, last, onRangeChange]);

  // A row asked for by the keyboard gets focus once it is rendered (it may be a window away).
  const focusPending = useRef<number | null>(null);
  useEffect(() => {
    if (focusPending.current === null) return;
    const row = bodyRef.current?.querySelector<HTMLElement>(`tr[data-index="${focusPending.current}"]`);
    if (row) {
      focusPending.current = null;
      row.focus({ preventScroll: true });
    }
  });

  useImperativeHandle(
    handleRef,
    () => ({
      showRow(index, focus = false) {
        if (index < 0 || index >= total) return;
        virtualizer.scrollToIndex(index, { align: 'auto' });
        if (focus) focusPending.current = index;
      },
      scrollToTop() {
        // Asking the virtualiser to scroll reads the list's layout, which the keystroke's render has
        // just made stale: a forced layout on every keystroke, for a list that is usually at the top.
        if ((virtualizer.scrollOffset ?? 0) > 0) virtualizer.scrollToOffset(0);
      },
    }),
    [virtualizer, total],
  );

  const move = (index: number) => {
    const next = Math.min(total - 1, Math.max(0, index));
    onActiveIndexChange(next);
    virtualizer.scrollToIndex(next, { align: 'auto' });
    focusPending.current = next;
  };

  const pageRows = Math.max(1, Math.floor(((scrollRef.current?.clientHeight ?? 400) - HEADER_HEIGHT) / ROW_HEIGHT) - 1);

  const onRowKey = (event: KeyboardEvent<HTMLTableRowElement>, index: number) => {
    const steps: Record<string, number> = { ArrowDown: 1, ArrowUp: -1, PageDown: pageRows, PageUp: -pageRows };
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      const customer = rowAt(index);
      if (customer) onOpen(customer);
    } else if (event.key in steps) {
      event.preventDefault();
      move(index + steps[event.key]);
    } else if (event.key === 'Home') {
      event.preventDefault();
      move(0);
    } else if (event.key === 'End') {
      event.preventDefault();
      move(total - 1);
    }
  };

  const leafColumns = table.getAllLeafColumns();
  const tabStop = activeIndex >= first && activeIndex <= last ? activeIndex : first;
  const padTop = items.length > 0 ? items[0].start - HEADER_HEIGHT : 0;
  const padBottom = items.length > 0 ? virtualizer.getTotalSize() - items[items.length - 1].end : 0;
  const showSkeleton = loading && total === 0;

  return (
    <div ref={scrollRef} className="directory-scroll" data-testid="directory-scroll">
      <Table
        layout="fixed"
        highlightOnHover
        stickyHeader
        tabularNums
        horizontalSpacing="xs"
        verticalSpacing={0}
        aria-label="Customers"
        aria-busy={loading}
        aria-rowcount={total > 0 ? total + 1 : undefined}
      >
        <colgroup>
          {leafColumns.map((c) => (
            <col key={c.id} style={c.columnDef.meta?.width ? { width: c.columnDef.meta.width } : undefined} />
          ))}
        </colgroup>
        <DirectoryHeader columns={headerCols} sorting={sorting} onSortingChange={onSortingChange} />
        <Table.Tbody ref={bodyRef}>
          {showSkeleton
            ? Array.from({ length: 8 }, (_, i) => (
                <Table.Tr key={`skeleton-${i}`} className="directory-placeholder" aria-hidden="true">
                  {leafColumns.map((c) => (
                    <Table.Td key={c.id}>
                      <Skeleton height={14} radius="sm" width={c.id === 'name' ? '70%' : '60%'} ml={c.columnDef.meta?.align === 'right' ? 'auto' : 0} />
                    </Table.Td>
                  ))}
                </Table.Tr>
              ))
            : null}
          {padTop > 0 ? (
            <tr aria-hidden="true" className="directory-spacer">
              <td colSpan={leafColumns.length} style={{ height: padTop, padding: 0, border: 0 }} />
            </tr>
          ) : null}
          {items.map((item) => {
            const customer = rowAt(item.index);
            const common = {
              'data-index': item.index,
              'aria-rowindex': item.index + 2,
              tabIndex: item.index === tabStop ? 0 : -1,
              'data-active': item.index === activeIndex,
              onKeyDown: (e: KeyboardEvent<HTMLTableRowElement>) => onRowKey(e, item.index),
              onFocus: () => onActiveIndexChange(item.index),
            };
            if (!customer) {
              return (
                <tr key={item.index} className="directory-placeholder" {...common}>
                  {leafColumns.map((c) => (
                    <td key={c.id}>
                      <Skeleton height={12} radius="sm" width={c.id === 'name' ? '60%' : '50%'} animate={false} />
                    </td>
                  ))}
                </tr>
              );
            }
            const row = rowsById[String(customer.id)];
            return (
              // Plain elements, not Mantine's Table.Tr and Table.Td: a screen of rows renders on every
              // keystroke, and each Mantine cell resolves the theme and its styles (app.css matches them).
              <tr key={item.index} className="directory-row" data-customer-id={customer.id} onClick={() => onOpen(customer)} {...common}>
                {row?.getVisibleCells().map((cell) => {
                  const meta = cell.column.columnDef.meta;
                  return (
                    <td key={cell.column.id} className={meta?.align === 'right' ? 'num' : undefined}>
                      {flexRender(cell.column.columnDef.cell, cell.getContext())}
                    </td>
                  );
                })}
              </tr>
            );
          })}
          {padBottom > 0 ? (
            <tr aria-hidden="true" className="directory-spacer">
              <td colSpan={leafColumns.length} style={{ height: padBottom, padding: 0, border: 0 }} />
            </tr>
          ) : null}
          {!loading && total === 0 && emptyState ? (
            <Table.Tr>
              <Table.Td colSpan={leafColumns.length} p={0}>
                {emptyState}
              </Table.Td>
            </Table.Tr>
          ) : null}
        </Table.Tbody>
      </Table>
    </div>
  );
});
