import { Button, EmptyState, Group, Paper, SegmentedControl, Select, Stack, Text, Title } from '@mantine/core';
import { keepPreviousData } from '@tanstack/react-query';
import type { SortingState } from '@tanstack/react-table';
import { useEffect, useMemo, useRef, useState } from 'react';
import {
  customerTypes,
  frequencyTiers,
  type Customer,
  type CustomerSort,
  type CustomerStatus,
  type CustomerType,
  type FrequencyTier,
} from '../../../shared/contract';
import { useApiQuery } from '../../api';
import { useDialogs } from '../../app/dialogs';
import { navigate } from '../../app/router';
import { useSearch } from '../../app/search';
import { PlusIcon, SearchIcon, UsersIcon } from '../../components/icons';
import { useFormat } from '../settings/settings';
import { CustomerTable } from './CustomerTable';
import { tierLabels, typeLabels } from './labels';

const PAGE = 50;

const sortOf: Record<string, CustomerSort> = { name: 'name', totalSpent: 'spent', lastPurchaseAt: 'last-purchase' };

const phoneLike = /^[\d\s\-+().]+$/;

/** The counter's home: every customer, searched and sorted by the core, 50 at a time. */
export function CustomerDirectory() {
  const search = useSearch();
  const dialogs = useDialogs();
  const format = useFormat();
  const [status, setStatus] = useState<CustomerStatus>('active');
  const [type, setType] = useState<CustomerType | null>(null);
  const [tier, setTier] = useState<FrequencyTier | null>(null);
  const [sorting, setSorting] = useState<SortingState>([{ id: 'name', desc: false }]);
  const [offset, setOffset] = useState(0);
  const [activeIndex, setActiveIndex] = useState(-1);

  const sort = sorting[0] ?? { id: 'name', desc: false };
  const input = {
    search: search.debounced || undefined,
    status,
    type: type ?? undefined,
    tier: tier ?? undefined,
    sort: sortOf[sort.id] ?? 'name',
    direction: sort.desc ? ('desc' as const) : ('asc' as const),
    limit: PAGE,
    offset,
  };
  const list = useApiQuery('customers.list', input, { placeholderData: keepPreviousData });
  const rows = useMemo(() => list.data?.rows ?? [], [list.data]);
  const total = list.data?.total ?? 0;

  // A new search, filter or sort starts at the first page.
  useEffect(() => setOffset(0), [search.debounced, status, type, tier, sort.id, sort.desc]);
  // While searching, the top row is the one Enter opens.
  useEffect(() => setActiveIndex(search.debounced ? 0 : -1), [rows, search.debounced]);

  const open = (customer: Customer) => navigate({ name: 'customer', id: customer.id });

  // Enter pressed before the search answered: open the top result as soon as it is in.
  const pendingOpen = useRef(false);
  const settled = search.debounced === search.text.trim() && !list.isPlaceholderData && !list.isFetching;
  useEffect(() => {
    if (!pendingOpen.current || !settled) return;
    pendingOpen.current = false;
    if (rows[0]) open(rows[0]);
  }, [settled, rows]);

  // Arrows and Enter in the top bar's search field move through these rows.
  useEffect(() => {
    search.keyHandler.current = (event) => {
      if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        if (rows.length === 0) return;
        event.preventDefault();
        const step = event.key === 'ArrowDown' ? 1 : -1;
        setActiveIndex((i) => Math.min(rows.length - 1, Math.max(0, i + step)));
      } else if (event.key === 'Enter') {
        event.preventDefault();
        if (!settled) pendingOpen.current = search.text.trim() !== '';
        else if (rows.length > 0) open(rows[Math.max(0, activeIndex)]);
      }
    };
    return () => {
      search.keyHandler.current = null;
    };
  }, [rows, activeIndex, search, settled]);

  const filtered = Boolean(type || tier || status === 'archived');
  const typed = search.debounced;

  const createFromSearch = () => {
    if (!typed) return dialogs.openNewCustomer();
    if (phoneLike.test(typed)) return dialogs.openNewCustomer({ phone: typed });
    const [firstName, ...rest] = typed.split(/\s+/);
    dialogs.openNewCustomer({ firstName, lastName: rest.join(' ') });
  };

  let emptyState = null;
  if (list.isError) {
    emptyState = (
      <EmptyState py="xl" title="Customers could not be loaded" description={list.error.message}>
        <EmptyState.Actions>
          <Button variant="light" onClick={() => list.refetch()}>
            Try again
          </Button>
        </EmptyState.Actions>
      </EmptyState>
    );
  } else if (typed) {
    emptyState = (
      <EmptyState
        py="xl"
        icon={<SearchIcon size={28} />}
        withIndicatorBackground
        title={`No customer matches '${typed}'. Create one?`}
        description={filtered ? 'Filters are on: clear them to search everyone.' : 'Search looks at names, phone digits and emails.'}
      >
        <EmptyState.Actions>
          <Button leftSection={<PlusIcon size={16} />} onClick={createFromSearch}>
            New customer
          </Button>
        </EmptyState.Actions>
      </EmptyState>
    );
  } else if (filtered) {
    emptyState = (
      <EmptyState
        py="xl"
        title={status === 'archived' ? 'No archived customers' : 'No customers match these filters'}
        description="Change or clear the filters above."
      />
    );
  } else {
    emptyState = (
      <EmptyState
        py="xl"
        icon={<UsersIcon size={28} />}
        withIndicatorBackground
        title="Add your first customer"
        description="Customers you add appear here with their visits, spending and last visit. You can also add one while recording a sale."
      >
        <EmptyState.Actions>
          <Button leftSection={<PlusIcon size={16} />} onClick={() => dialogs.openNewCustomer()}>
            New customer
          </Button>
          <Button variant="default" onClick={() => dialogs.openQuickSale()}>
            New sale
          </Button>
        </EmptyState.Actions>
      </EmptyState>
    );
  }

  const from = total === 0 ? 0 : offset + 1;
  const to = Math.min(offset + rows.length, total);

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end" wrap="wrap" gap="sm">
        <div>
          <Title order={1} fz="h2">
            Customers
          </Title>
          <Text c="dimmed" size="sm" aria-live="polite" style={{ fontVariantNumeric: 'tabular-nums' }}>
            {list.data
              ? typed
                ? `${format.count(total)} ${total === 1 ? 'match' : 'matches'} for '${typed}'`
                : `${format.count(total)} ${status === 'archived' ? 'archived' : ''} ${total === 1 ? 'customer' : 'customers'}`.replace('  ', ' ')
              : 'Loading customers…'}
          </Text>
        </div>
        <Group gap="sm" wrap="wrap">
          <SegmentedControl
            aria-label="Show customers"
            value={status}
            onChange={(v) => setStatus(v as CustomerStatus)}
            data={[
              { value: 'active', label: 'Active' },
              { value: 'archived', label: 'Archived' },
            ]}
          />
          <Select
            aria-label="Filter by type"
            placeholder="All types"
            clearable
            w={150}
            data={customerTypes.map((t) => ({ value: t, label: typeLabels[t] }))}
            value={type}
            onChange={(v) => setType(v as CustomerType | null)}
          />
          <Select
            aria-label="Filter by tier"
            placeholder="All tiers"
            clearable
            w={160}
            data={frequencyTiers.map((t) => ({ value: t, label: tierLabels[t] }))}
            value={tier}
            onChange={(v) => setTier(v as FrequencyTier | null)}
          />
        </Group>
      </Group>

      <Paper withBorder radius="md" style={{ overflow: 'hidden' }}>
        <CustomerTable
          rows={rows}
          loading={list.isPending}
          sorting={sorting}
          onSortingChange={setSorting}
          activeIndex={activeIndex}
          onActiveIndexChange={setActiveIndex}
          onOpen={open}
          emptyState={emptyState}
        />
      </Paper>

      {total > PAGE ? (
        <Group justify="space-between">
          <Text size="sm" c="dimmed" style={{ fontVariantNumeric: 'tabular-nums' }}>
            Showing {format.count(from)}–{format.count(to)} of {format.count(total)}. Search narrows the list.
          </Text>
          <Group gap="xs">
            <Button variant="default" size="xs" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>
              Previous
            </Button>
            <Button variant="default" size="xs" disabled={offset + PAGE >= total} onClick={() => setOffset(offset + PAGE)}>
              Next
            </Button>
          </Group>
        </Group>
      ) : null}
    </Stack>
  );
}
