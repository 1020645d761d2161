import { Autocomplete, Button, EmptyState, Group, Paper, SegmentedControl, Select, Stack, Text, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQueries, useQueryClient } from '@tanstack/react-query';
import type { SortingState } from '@tanstack/react-table';
import { memo, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import {
  customerTypes,
  frequencyTiers,
  type Customer,
  type CustomerSort,
  type CustomerStatus,
  type CustomerType,
  type FrequencyTier,
  type InputOf,
} from '../../../shared/contract';
import { call, isOutOfReach, queryKey, useApiQuery } from '../../api';
import { useDialogs } from '../../app/dialogs';
import { navigate } from '../../app/router';
import { useSearchControls, useSearchQuery } from '../../app/search';
import { PlusIcon, SearchIcon, UsersIcon } from '../../components/icons';
import { looksLikePhone } from '../../../shared/format/phone';
import { needsSharedBook } from '../outbox/outbox';
import { useFormat } from '../settings/settings';
import { CustomerTable, type CustomerTableHandle } from './CustomerTable';
import { tierLabels, typeLabels } from './labels';
import { useTypeaheadPick } from './useTypeaheadPick';
import { SegmentFilterBanner, useSegmentFilter } from '../segments/SegmentFilter';

/** Rows per call to customers.list: the renderer never asks for more at once, and never for everyone. */
export const WINDOW = 100;

/** The first window of the directory as it opens on everyone (no search, filter or segment), sorted by name. */
export const openingWindow: InputOf<'customers.list'> = { status: 'active', sort: 'name', direction: 'asc', offset: 0, limit: WINDOW };

const sortOf: Record<string, CustomerSort> = { name: 'name', totalSpent: 'spent', lastPurchaseAt: 'last-purchase' };

type ListInput = Omit<InputOf<'customers.list'>, 'offset' | 'limit'>;

/**
 * The windows of rows the table needs: the first (which also says how many there are) and the
 * ones under the visible range. Each is cached by its offset; ones scrolled past are dropped after a minute.
 */
function useCustomerWindows(filters: ListInput, range: [number, number]) {
  const head = useApiQuery('customers.list', { ...filters, offset: 0, limit: WINDOW }, { placeholderData: keepPreviousData });
  const offsets = useMemo(() => {
    const set = new Set<number>();
    for (let o = Math.floor(range[0] / WINDOW) * WINDOW; o <= range[1]; o += WINDOW) if (o > 0) set.add(o);
    return [...set];
  }, [range]);
  const others = useQueries({
    queries: offsets.map((offset) => {
      const input = { ...filters, offset, limit: WINDOW };
      return { queryKey: queryKey('customers.list', input), queryFn: () => call('customers.list', input), gcTime: 60_000, enabled: !head.isPlaceholderData };
    }),
  });
  // rowAt keeps its identity while the windows it reads are the same ones: the table is memoised on it,
  // so a render that changes no rows (a keystroke, a search on its way) does not render the table.
  const keys = [0, ...offsets];
  const windows = [head.data?.rows, ...others.map((q) => q.data?.rows)];
  const kept = useRef<{ keys: number[]; windows: (Customer[] | undefined)[]; rowAt: (index: number) => Customer | undefined } | null>(null);
  const same = <T,>(a: T[], b: T[]) => a.length === b.length && a.every((x, i) => x === b[i]);
  if (!kept.current || !same(kept.current.keys, keys) || !same(kept.current.windows, windows)) {
    const byOffset = new Map<number, Customer[]>();
    keys.forEach((offset, i) => {
      if (windows[i]) byOffset.set(offset, windows[i]);
    });
    kept.current = { keys, windows, rowAt: (index) => byOffset.get(Math.floor(index / WINDOW) * WINDOW)?.[index % WINDOW] };
  }
  // A search counts its matches only a little past each window it is asked for: the window furthest
  // down knows the most, so the list grows as it is scrolled until a count comes back exact.
  let known = { total: head.data?.total ?? 0, exact: head.data?.totalExact ?? true };
  for (const q of others) {
    if (q.data && q.data.total > known.total) known = { total: q.data.total, exact: q.data.totalExact };
  }
  return { head, rowAt: kept.current.rowAt, total: known.total, totalExact: known.exact };
}

interface DirectoryFiltersProps {
  status: CustomerStatus;
  onStatusChange(status: CustomerStatus): void;
  type: CustomerType | null;
  onTypeChange(type: CustomerType | null): void;
  tier: FrequencyTier | null;
  onTierChange(tier: FrequencyTier | null): void;
  tagText: string;
  onTagTextChange(text: string): void;
  /** The tags to suggest, asked for as the tag filter's list opens. */
  tagSuggestions(): string[];
}

const typeOptions = customerTypes.map((t) => ({ value: t, label: typeLabels[t] }));
const tierOptions = frequencyTiers.map((t) => ({ value: t, label: tierLabels[t] }));

/** The filters above the table: memoised, so new rows or a new search do not render them again. */
const DirectoryFilters = memo(function DirectoryFilters(props: DirectoryFiltersProps) {
  const { status, onStatusChange, type, onTypeChange, tier, onTierChange, tagText, onTagTextChange, tagSuggestions } = props;
  const [tagOptions, setTagOptions] = useState<string[]>([]);
  return (
    <Group gap="sm" wrap="wrap" role="group" aria-label="Filters">
      <SegmentedControl
        aria-label="Show customers"
        value={status}
        onChange={(v) => onStatusChange(v as CustomerStatus)}
        data={[
          { value: 'active', label: 'Active' },
          { value: 'archived', label: 'Archived' },
        ]}
      />
      <Select
        aria-label="Filter by type"
        placeholder="All types"
        clearable
        w={140}
        data={typeOptions}
        value={type}
        onChange={(v) => onTypeChange(v as CustomerType | null)}
      />
      <Select
        aria-label="Filter by tier"
        placeholder="All tiers"
        clearable
        w={150}
        data={tierOptions}
        value={tier}
        onChange={(v) => onTierChange(v as FrequencyTier | null)}
      />
      <Autocomplete
        aria-label="Filter by tag"
        placeholder="Any tag"
        w={150}
        data={tagOptions}
        onDropdownOpen={() => setTagOptions(tagSuggestions())}
        value={tagText}
        onChange={onTagTextChange}
        clearable
      />
    </Group>
  );
});

/**
 * The counter's home: every customer, searched, filtered and sorted by the core, fetched a window at a time.
 * Memoised: the top bar re-renders on every keystroke, this only when the query it shows changes.
 */
export const CustomerDirectory = memo(function CustomerDirectory() {
  const search = useSearchControls();
  const query = useSearchQuery();
  const dialogs = useDialogs();
  const format = useFormat();
  const [status, setStatus] = useState<CustomerStatus>('active');
  const [type, setType] = useState<CustomerType | null>(null);
  const [tier, setTier] = useState<FrequencyTier | null>(null);
  const [tagText, setTagText] = useState('');
  const [tag] = useDebouncedValue(tagText.trim(), 250);
  const [sorting, setSorting] = useState<SortingState>([{ id: 'name', desc: false }]);
  const [range, setRange] = useState<[number, number]>([0, 0]);
  const tableRef = useRef<CustomerTableHandle>(null);

  const sort = sorting[0] ?? { id: 'name', desc: false };
  const segment = useSegmentFilter();
  const filters: ListInput = useMemo(
    () => ({
      search: query || undefined,
      segment,
      status,
      type: type ?? undefined,
      tier: tier ?? undefined,
      tag: tag || undefined,
      sort: sortOf[sort.id] ?? 'name',
      direction: sort.desc ? 'desc' : 'asc',
    }),
    [query, segment, status, type, tier, tag, sort.id, sort.desc],
  );
  const { head, rowAt, total, totalExact } = useCustomerWindows(filters, range);

  const open = useCallback((customer: Customer) => navigate({ name: 'customer', id: customer.id }), []);
  // The text is read as it is now: this component does not re-render on each keystroke.
  const isSettled = () => query === search.currentText().trim() && !head.isPlaceholderData && !head.isFetching;
  // While searching, the top row is the one Enter opens (as soon as it is in, if Enter came first);
  // without a search, no row is picked.
  const pick = useTypeaheadPick({
    initialText: search.currentText(),
    count: total,
    ends: 'stop',
    isSettled,
    onEnter: (index) => {
      const customer = rowAt(index);
      if (customer) open(customer);
    },
    onMove: (index) => tableRef.current?.showRow(index),
  });
  const { textChanged, backToTop } = pick;

  // Each keystroke starts fetching its first window at once, from the key's own event, while React
  // renders the field; by the time the directory renders the new query, its rows are on their way
  // or already in (the query below finds them by the same key).
  const queryClient = useQueryClient();
  useEffect(() => {
    search.textListener.current = (text) => {
      textChanged(text);
      const input = { ...filters, search: text.trim() || undefined, offset: 0, limit: WINDOW };
      void queryClient.prefetchQuery({ queryKey: queryKey('customers.list', input), queryFn: () => call('customers.list', input) });
    };
    return () => {
      search.textListener.current = null;
    };
  }, [search, filters, queryClient, textChanged]);
  const onRangeChange = useCallback((first: number, last: number) => {
    setRange((r) => (r[0] === first && r[1] === last ? r : [first, last]));
  }, []);

  // A new search, filter or sort starts at the top; while searching, the top row is the one Enter opens.
  const filterKey = JSON.stringify(filters);
  useEffect(() => {
    tableRef.current?.scrollToTop();
  }, [filterKey]);
  // The other filters and the sort move the pick back to the top when they change.
  const narrowingKey = JSON.stringify({ ...filters, search: undefined });
  const isFirstNarrowing = useRef(true);
  useEffect(() => {
    if (isFirstNarrowing.current) isFirstNarrowing.current = false;
    else backToTop();
  }, [narrowingKey, backToTop]);

  // Which search the rows on screen answer: set only once they are that search's own rows (not the
  // previous search's, kept on screen while the new one is on its way). Tests and bench:ui read it.
  const resultsFor = head.data && !head.isPlaceholderData ? (filters.search ?? '') : undefined;
  // The table highlights the search its rows answer, so it need not render again until they change.
  const shownQuery = useRef('');
  if (resultsFor !== undefined) shownQuery.current = resultsFor;

  // Arrows and Enter in the top bar's search field move through these rows.
  useEffect(() => {
    search.keyHandler.current = pick.onKeyDown;
    return () => {
      search.keyHandler.current = null;
    };
  });

  const filtered = Boolean(type || tier || tag || status === 'archived');
  // The tags of the rows on screen are the tag filter's suggestions, read when its list opens: handed
  // to the memoised filters as a list, they rendered the filters (three comboboxes and a segmented
  // control) again with nearly every search, as the rows' tags changed.
  const shownRows = useRef<Customer[]>([]);
  shownRows.current = head.data?.rows ?? [];
  const tagSuggestions = useCallback(() => [...new Set(shownRows.current.flatMap((c) => c.tags))].slice(0, 20), []);
  const typed = query;

  const createFromSearch = () => {
    if (!typed) return dialogs.openNewCustomer();
    if (looksLikePhone(typed)) return dialogs.openNewCustomer({ phone: typed });
    const [firstName, ...rest] = typed.split(/\s+/);
    dialogs.openNewCustomer({ firstName, lastName: rest.join(' ') });
  };

  const clearFilters = () => {
    setType(null);
    setTier(null);
    setTagText('');
    setStatus('active');
  };

  let emptyState = null;
  if (head.isError && isOutOfReach(head.error)) {
    // Not an error of the screen's: the banner above says why, and the list comes back by itself with the book.
    emptyState = <EmptyState py="xl" icon={<SearchIcon size={28} />} title={needsSharedBook('Searching')} description="The list comes back by itself when the book answers again." />;
  } else if (head.isError) {
    emptyState = (
      <EmptyState py="xl" title="Customers could not be loaded" description={head.error.message}>
        <EmptyState.Actions>
          <Button variant="light" onClick={() => head.refetch()}>
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
          {filtered ? (
            <Button variant="default" onClick={clearFilters}>
              Clear filters
            </Button>
          ) : null}
        </EmptyState.Actions>
      </EmptyState>
    );
  } else if (filtered) {
    emptyState = (
      <EmptyState
        py="xl"
        icon={<SearchIcon size={28} />}
        withIndicatorBackground
        title={status === 'archived' && !type && !tier && !tag ? 'No archived customers' : 'No customers match these filters'}
        description="Change or clear the filters above, or add a customer."
      >
        <EmptyState.Actions>
          <Button leftSection={<PlusIcon size={16} />} onClick={() => dialogs.openNewCustomer()}>
            New customer
          </Button>
          <Button variant="default" onClick={clearFilters}>
            Clear filters
          </Button>
        </EmptyState.Actions>
      </EmptyState>
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

  const noun = total === 1 ? 'customer' : 'customers';
  const summary = head.data
    ? typed
      ? `${format.count(total)}${totalExact ? '' : '+'} ${total === 1 ? 'match' : 'matches'} for '${typed}'`
      : `${format.count(total)} ${status === 'archived' ? `archived ${noun}` : noun}${filtered && status !== 'archived' ? ' match the filters' : ''}`
    : head.isError
      ? // Nothing is loading then: the list below says what went wrong, and never "loading" meanwhile.
        'Customers not shown'
      : 'Loading customers…';

  return (
    <Stack gap="sm" className="directory">
      <Group justify="space-between" align="flex-end" wrap="wrap" gap="sm">
        <div>
          <Title order={1} fz="h2">
            Customers
          </Title>
          <Text c="dimmed" size="sm" aria-live="polite" style={{ fontVariantNumeric: 'tabular-nums' }}>
            {summary}
          </Text>
        </div>
        <DirectoryFilters
          status={status}
          onStatusChange={setStatus}
          type={type}
          onTypeChange={setType}
          tier={tier}
          onTierChange={setTier}
          tagText={tagText}
          onTagTextChange={setTagText}
          tagSuggestions={tagSuggestions}
        />
      </Group>

      <SegmentFilterBanner segment={segment} />
      <Paper withBorder radius="md" className="directory-frame" data-testid="directory-frame" data-results-for={resultsFor}>
        <CustomerTable
          handleRef={tableRef}
          total={head.isError ? 0 : total}
          rowAt={rowAt}
          onRangeChange={onRangeChange}
          loading={head.isPending}
          query={shownQuery.current}
          sorting={sorting}
          onSortingChange={setSorting}
          activeIndex={pick.activeIndex}
          onActiveIndexChange={pick.setActiveIndex}
          onOpen={open}
          emptyState={head.isError || (!head.isPending && total === 0) ? emptyState : undefined}
        />
      </Paper>
    </Stack>
  );
});
