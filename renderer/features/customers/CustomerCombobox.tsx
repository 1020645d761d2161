import { Box, Group, Paper, Text, TextInput, UnstyledButton } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData } from '@tanstack/react-query';
import { useId, type RefObject } from 'react';
import type { Customer } from '../../../shared/contract';
import { isOutOfReach, useApiQuery } from '../../api';
import { Highlighted, isPhoneQuery } from '../../components/Highlighted';
import { needsSharedBook } from '../outbox/outbox';
import { balanceText, rewardReady } from '../loyalty/labels';
import { useFormat, useSettings } from '../settings/settings';
import { useTypeaheadPick } from './useTypeaheadPick';

export interface CustomerComboboxProps {
  /** The text typed: kept by the caller, so that it is still there when the field comes back. */
  query: string;
  onQueryChange(query: string): void;
  onPick(customer: Customer): void;
  /** The last option, "New customer “…”": a customer made from what was typed. */
  onCreate(): void;
  /** Enter with nothing typed. */
  onEnterWithoutText(): void;
  error?: string;
  inputRef: RefObject<HTMLInputElement | null>;
}

const optionStyle = { borderRadius: 'var(--mantine-radius-sm)', display: 'block' } as const;

/**
 * Find an active customer by phone digits or name as they are typed: the matches, then "New customer"
 * last. Enter picks the top match, arrows choose another; Enter before the matches arrive picks from
 * them as soon as they do.
 */
export function CustomerCombobox({ query, onQueryChange, onPick, onCreate, onEnterWithoutText, error, inputRef }: CustomerComboboxProps) {
  const { loyalty } = useSettings();
  const format = useFormat();
  const ids = { list: useId(), customer: useId() };
  const typed = query.trim();
  const [debounced] = useDebouncedValue(typed, 120);

  const searching = debounced !== '';
  const search = useApiQuery(
    'customers.search',
    { query: debounced, status: 'active', limit: 6 },
    { enabled: searching, placeholderData: keepPreviousData },
  );
  const settled = searching && debounced === typed && !search.isPlaceholderData && search.isSuccess;
  const matches = searching ? (search.data ?? []) : [];
  const noMatches = settled && matches.length === 0;

  const pick = useTypeaheadPick({
    initialText: query,
    // Each match, then "New customer …".
    count: matches.length + 1,
    ends: 'wrap',
    isSettled: () => settled,
    onEnter: (index, { waited }) => {
      if (index < matches.length) onPick(matches[index]);
      // An Enter that waited picks the arrow's row if the answer still has one there, else its last
      // match: never a new customer while there are matches.
      else if (waited && matches.length > 0) onPick(matches[matches.length - 1]);
      else onCreate();
    },
  });

  const activeId = searching && pick.activeIndex >= 0 ? `${ids.list}-${pick.activeIndex}` : undefined;
  const optionProps = (index: number) => ({
    id: `${ids.list}-${index}`,
    role: 'option',
    'aria-selected': index === pick.activeIndex,
    tabIndex: -1,
    className: 'quick-sale-option',
    'data-active': index === pick.activeIndex,
    onMouseEnter: () => pick.setActiveIndex(index),
    w: '100%',
    px: 'sm',
    py: 8,
    style: optionStyle,
  });
  // Names and emails are highlighted for a name search, phone numbers for a digits one.
  const nameQuery = isPhoneQuery(debounced) ? '' : debounced;
  const phoneQuery = isPhoneQuery(debounced) ? debounced : '';

  return (
    <Box>
      <TextInput
        ref={inputRef}
        id={ids.customer}
        label="Customer (phone or name)"
        placeholder="Type phone digits or a name"
        data-autofocus
        autoComplete="off"
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={searching}
        aria-controls={ids.list}
        aria-activedescendant={activeId}
        value={query}
        onChange={(e) => {
          pick.textChanged(e.currentTarget.value);
          onQueryChange(e.currentTarget.value);
        }}
        onKeyDown={(event) => {
          if (event.key === 'Enter' && typed === '') {
            event.preventDefault();
            onEnterWithoutText();
          } else pick.onKeyDown(event);
        }}
        error={error}
        description={searching ? undefined : 'Enter picks the top match; arrows choose another'}
      />
      {searching ? (
        <Paper withBorder mt={6} radius="md" p={4}>
          <Box role="listbox" id={ids.list} aria-label="Matching customers">
            {matches.map((c, index) => (
              <UnstyledButton key={c.id} {...optionProps(index)} onClick={() => onPick(c)}>
                <Group justify="space-between" wrap="nowrap">
                  <Box miw={0}>
                    <Text fw={600} truncate="end" title={c.name}>
                      <Highlighted text={c.name} query={nameQuery} />
                    </Text>
                    <Text size="sm" c="dimmed">
                      {format.phone(c.phoneE164) || c.phone ? (
                        <Highlighted text={format.phone(c.phoneE164) || c.phone || ''} query={phoneQuery} digits />
                      ) : (
                        <Highlighted text={c.email || 'No phone'} query={nameQuery} />
                      )}
                    </Text>
                  </Box>
                  <Box ta="right" style={{ flexShrink: 0 }}>
                    <Text size="sm" c="dimmed" className="num">
                      {format.count(c.purchases)} {c.purchases === 1 ? 'visit' : 'visits'} · {format.money(c.totalSpent)}
                    </Text>
                    {loyalty || c.loyaltyPoints > 0 ? (
                      <Text size="sm" c={rewardReady(c.loyaltyPoints, loyalty) ? undefined : 'dimmed'} fw={rewardReady(c.loyaltyPoints, loyalty) ? 600 : undefined} className="num">
                        {balanceText(c.loyaltyPoints, loyalty, format.count)}
                      </Text>
                    ) : null}
                  </Box>
                </Group>
              </UnstyledButton>
            ))}
            <UnstyledButton {...optionProps(matches.length)} onClick={onCreate}>
              <Text fw={600} c="var(--mantine-color-anchor)">
                + New customer “{typed}”
              </Text>
            </UnstyledButton>
          </Box>
          {noMatches ? (
            <Text size="sm" c="dimmed" px="sm" py={6} role="status">
              No customer matches “{debounced}”. Press Enter to create one.
            </Text>
          ) : null}
          {search.isError && isOutOfReach(search.error) ? (
            <Text size="sm" c="dimmed" px="sm" py={6} role="status">
              {needsSharedBook('Searching')}. A new customer can still be made here, or the sale recorded from their open profile.
            </Text>
          ) : null}
        </Paper>
      ) : null}
    </Box>
  );
}
