import {
  Alert,
  Anchor,
  Box,
  Button,
  Group,
  Input,
  Kbd,
  Modal,
  NumberInput,
  Paper,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  UnstyledButton,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { paymentMethods, recordSaleInput, type Customer, type InputOf, type PaymentMethod } from '../../../shared/contract';
import { parseMoney } from '../../../shared/format/money';
import { looksLikePhone } from '../../../shared/format/phone';
import { call, isApiError, useApiMutation, useApiQuery, useDetachedWrite, type ApiError } from '../../api';
import { navigate } from '../../app/router';
import { hideNotification, notifyDone, notifyError } from '../../components/notify';
import { Highlighted, isPhoneQuery } from '../../components/Highlighted';
import { RelativeTime } from '../../components/RelativeTime';
import { paymentLabels, tierLabels } from '../customers/labels';
import { useFormat, useSettings } from '../settings/settings';

const LAST_PAYMENT_KEY = 'regulars.lastPaymentMethod';
/** The reason Undo in the confirmation gives the core: the history shows it on the voided sale. */
export const UNDO_REASON = 'undone at counter';

function lastPaymentMethod(): PaymentMethod {
  try {
    const stored = window.localStorage.getItem(LAST_PAYMENT_KEY);
    return (paymentMethods as readonly string[]).includes(stored ?? '') ? (stored as PaymentMethod) : 'cash';
  } catch {
    return 'cash';
  }
}

/** What the staff typed, split into a new customer's first fields: digits become the phone, words the name. */
function prefillFrom(query: string): { firstName: string; lastName: string; phone: string } {
  const text = query.trim();
  if (looksLikePhone(text)) return { firstName: '', lastName: '', phone: text };
  const [first = '', ...rest] = text.split(/\s+/);
  return { firstName: first, lastName: rest.join(' '), phone: '' };
}

interface Errors {
  customer?: string;
  firstName?: string;
  lastName?: string;
  phone?: string;
  amount?: string;
  items?: string;
  note?: string;
}

const fieldsWithErrors = ['amount', 'items', 'note', 'firstName', 'lastName', 'phone'] as const;
/** The form field a contract or core path ("amount", "newCustomer.firstName") lands on, if any. */
const errorFieldOf = (path: readonly PropertyKey[]) => fieldsWithErrors.find((field) => path.includes(field));
const [existingCustomerSale, newCustomerSale] = recordSaleInput.options;

export interface QuickSaleDialogProps {
  opened: boolean;
  onClose(): void;
  /** Opened from a profile: that customer is already chosen. */
  customer?: Customer | null;
}

/**
 * The counter's main loop: find (or create) the customer, type the amount, Enter.
 * Type digits or a name; Enter picks the top match (arrows choose another); the amount; Enter saves.
 */
export function QuickSaleDialog({ opened, onClose, customer: preselected }: QuickSaleDialogProps) {
  return (
    <Modal opened={opened} onClose={onClose} title="New sale" size="lg">
      <QuickSaleForm onDone={onClose} preselected={preselected ?? null} />
    </Modal>
  );
}

function QuickSaleForm({ onDone, preselected }: { onDone(): void; preselected: Customer | null }) {
  const settings = useSettings();
  const format = useFormat();
  const ids = { list: useId(), customer: useId() };

  const [selected, setSelected] = useState<Customer | null>(preselected);
  const [query, setQuery] = useState('');
  const [debounced] = useDebouncedValue(query.trim(), 120);
  const [activeIndex, setActiveIndex] = useState(0);
  const [creating, setCreating] = useState(false);
  const [pendingEnter, setPendingEnter] = useState(false);
  const [newCustomer, setNewCustomer] = useState({ firstName: '', lastName: '', phone: '' });
  const [amount, setAmount] = useState('');
  const [items, setItems] = useState<number | string>(1);
  const [payment, setPayment] = useState<PaymentMethod>(lastPaymentMethod);
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  const [conflict, setConflict] = useState<ApiError | null>(null);
  const [general, setGeneral] = useState<string | null>(null);

  const customerRef = useRef<HTMLInputElement>(null);
  const amountRef = useRef<HTMLInputElement>(null);
  const firstNameRef = useRef<HTMLInputElement>(null);
  const phoneRef = useRef<HTMLInputElement>(null);

  const searching = !selected && !creating && debounced !== '';
  const search = useApiQuery(
    'customers.search',
    { query: debounced, status: 'active', limit: 6 },
    { enabled: searching, placeholderData: keepPreviousData },
  );
  const settled = searching && debounced === query.trim() && !search.isPlaceholderData && search.isSuccess;
  const matches = searching ? (search.data ?? []) : [];
  // The options: each match, then "New customer …" last.
  const optionCount = matches.length + 1;
  const noMatches = settled && matches.length === 0;

  // Back to the top as the text changes, not when the (debounced) answer comes: an arrow pressed
  // just after typing must not be undone by the answer that follows it.
  const typed = query.trim();
  useEffect(() => setActiveIndex(0), [typed]);

  const record = useApiMutation('sales.record');
  const detachedWrite = useDetachedWrite();

  const focusLater = (ref: React.RefObject<HTMLInputElement | null>) => window.setTimeout(() => ref.current?.focus(), 0);

  function pick(customer: Customer) {
    setSelected(customer);
    setCreating(false);
    setPendingEnter(false);
    setErrors((e) => ({ ...e, customer: undefined }));
    setConflict(null);
    focusLater(amountRef);
  }

  function startCreating() {
    const prefill = prefillFrom(query);
    setNewCustomer(prefill);
    setCreating(true);
    setPendingEnter(false);
    setErrors((e) => ({ ...e, customer: undefined }));
    focusLater(prefill.firstName === '' ? firstNameRef : prefill.phone === '' ? phoneRef : amountRef);
  }

  function changeCustomer() {
    setSelected(null);
    setCreating(false);
    setConflict(null);
    focusLater(customerRef);
  }

  // Enter typed before the search answered: act on the answer as soon as it comes.
  useEffect(() => {
    if (!pendingEnter || !settled) return;
    // The row an arrow picked, if the answer still has one there; never a new customer while there are matches.
    if (matches.length > 0) pick(matches[Math.min(activeIndex, matches.length - 1)]);
    else startCreating();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [pendingEnter, settled, matches]);

  function onCustomerKey(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setActiveIndex((i) => (i + step + optionCount) % optionCount);
    } else if (event.key === 'Enter') {
      event.preventDefault();
      if (query.trim() === '') {
        setErrors((e) => ({ ...e, customer: 'Type a phone number or a name' }));
      } else if (!settled) {
        setPendingEnter(true);
      } else if (activeIndex < matches.length) {
        pick(matches[activeIndex]);
      } else {
        startCreating();
      }
    }
  }

  /** The sale as the contract wants it, checked by the contract's own schema so its rules and words are the core's. */
  function validate(): { input: InputOf<'sales.record'> } | null {
    const next: Errors = {};
    // The amount as typed in the shop's currency, and the shop's own ceiling: the screen's to read and say.
    const money = parseMoney(amount, settings.currency);
    if (!money.ok) next.amount = money.message;
    else if (money.minor > settings.saleCeiling)
      next.amount = `${format.money(money.minor)} is more than the largest sale accepted (${format.money(settings.saleCeiling)}). Check the amount, or raise the limit in Settings.`;
    if (!selected && !creating) next.customer = query.trim() === '' ? 'Type a phone number or a name' : 'Pick a customer from the list, or create one';
    const sale = {
      amount: money.ok ? money.minor : Number.NaN,
      items: typeof items === 'number' ? items : Number(items),
      paymentMethod: payment,
      note: note.trim() === '' ? null : note.trim(),
    };
    const fresh = { firstName: newCustomer.firstName, lastName: newCustomer.lastName, phone: newCustomer.phone };
    const checked = creating ? newCustomerSale.safeParse({ newCustomer: fresh, ...sale }) : existingCustomerSale.safeParse({ customerId: selected?.id, ...sale });
    for (const issue of checked.error?.issues ?? []) {
      const field = errorFieldOf(issue.path);
      if (field) next[field] ??= issue.message;
    }
    setErrors(next);
    const firstInvalid = next.customer ? customerRef : next.firstName ? firstNameRef : next.phone ? phoneRef : next.amount ? amountRef : null;
    if (firstInvalid) focusLater(firstInvalid);
    if (Object.keys(next).length > 0 || !checked.success) return null;
    if (selected) return { input: { customerId: selected.id, ...sale } };
    return { input: { newCustomer: fresh, ...sale } };
  }

  function showServerError(error: ApiError) {
    const next: Errors = {};
    let placed = false;
    for (const [path, message] of Object.entries(error.fields)) {
      const key = errorFieldOf(path.split('.'));
      if (key) {
        next[key] = message;
        placed = true;
      }
    }
    setErrors(next);
    setConflict(error.code === 'conflict' && error.existing ? error : null);
    setGeneral(placed ? null : error.message);
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (record.isPending) return;
    setGeneral(null);
    setConflict(null);
    const valid = validate();
    if (!valid) return;
    try {
      const sale = await record.mutateAsync(valid.input);
      try {
        window.localStorage.setItem(LAST_PAYMENT_KEY, payment);
      } catch {
        // Remembering the payment method is a convenience only.
      }
      const what = `Sale of ${format.money(sale.amount)} recorded for ${sale.customer.name}`;
      const toastId = `sale-${sale.id}`;
      notifyDone(
        <Group gap="xs" justify="space-between" wrap="nowrap">
          <Text size="sm">{what}</Text>
          <Group gap={4} wrap="nowrap">
            <Anchor
              component="button"
              type="button"
              size="sm"
              onClick={() => {
                hideNotification(toastId);
                detachedWrite('sales.void', { id: sale.id, reason: UNDO_REASON }).then(
                  () => notifyDone(`Sale of ${format.money(sale.amount)} for ${sale.customer.name} undone`),
                  (error) => notifyError(error, 'Could not undo the sale'),
                );
              }}
            >
              Undo
            </Anchor>
            <Anchor
              component="button"
              type="button"
              size="sm"
              onClick={() => {
                hideNotification(toastId);
                navigate({ name: 'customer', id: sale.customer.id });
              }}
              aria-label={`Open ${sale.customer.name}`}
            >
              Open
            </Anchor>
          </Group>
        </Group>,
        { autoClose: 6000, id: toastId },
      );
      onDone();
    } catch (error) {
      if (isApiError(error)) showServerError(error);
      else notifyError(error, 'The sale was not recorded');
    }
  }

  async function switchToExisting(id: number) {
    try {
      const existing = await call('customers.get', { id });
      pick(existing);
    } catch (error) {
      notifyError(error);
    }
  }

  const activeId = searching && optionCount > 0 ? `${ids.list}-${activeIndex}` : undefined;

  return (
    <form onSubmit={submit} noValidate aria-label="New sale">
      <Stack gap="md">
        {selected ? (
          <Input.Wrapper label="Customer">
            <Paper withBorder p="sm" radius="md" mt={4} aria-label={`Customer: ${selected.name}`} role="group">
              <Group justify="space-between" wrap="nowrap">
                <Box miw={0}>
                  <Text fw={600} truncate="end" title={selected.name}>
                    {selected.name}
                  </Text>
                  <Text size="sm" c="dimmed">
                    {[
                      format.phone(selected.phoneE164) || selected.phone,
                      tierLabels[selected.frequency],
                      `${format.count(selected.purchases)} ${selected.purchases === 1 ? 'visit' : 'visits'}`,
                    ]
                      .filter(Boolean)
                      .join(' · ')}
                    {selected.lastPurchaseAt ? (
                      <>
                        {' · last '}
                        <RelativeTime iso={selected.lastPurchaseAt} />
                      </>
                    ) : null}
                  </Text>
                </Box>
                <Button variant="default" size="xs" onClick={changeCustomer} aria-label="Change customer" style={{ flexShrink: 0 }}>
                  Change
                </Button>
              </Group>
            </Paper>
          </Input.Wrapper>
        ) : creating ? (
          <Paper withBorder p="sm" radius="md" role="group" aria-label="New customer">
            <Group justify="space-between" mb="xs">
              <Text fw={600}>New customer</Text>
              <Button variant="subtle" size="xs" onClick={changeCustomer}>
                Search instead
              </Button>
            </Group>
            <SimpleGrid cols={3} spacing="sm">
              <TextInput
                ref={firstNameRef}
                label="First name"
                withAsterisk
                value={newCustomer.firstName}
                onChange={(e) => setNewCustomer((c) => ({ ...c, firstName: e.currentTarget.value }))}
                error={errors.firstName}
              />
              <TextInput
                label="Last name"
                value={newCustomer.lastName}
                onChange={(e) => setNewCustomer((c) => ({ ...c, lastName: e.currentTarget.value }))}
                error={errors.lastName}
              />
              <TextInput
                ref={phoneRef}
                label="Phone"
                type="tel"
                inputMode="tel"
                value={newCustomer.phone}
                onChange={(e) => setNewCustomer((c) => ({ ...c, phone: e.currentTarget.value }))}
                error={errors.phone}
              />
            </SimpleGrid>
            {conflict?.existing ? (
              <Alert color="orange" mt="sm" role="alert" title="Already in your book">
                <Group justify="space-between" gap="sm">
                  <Text size="sm">{conflict.message}</Text>
                  <Button size="xs" variant="light" color="orange" onClick={() => switchToExisting(conflict.existing!.id)}>
                    Use {conflict.existing.name}
                  </Button>
                </Group>
              </Alert>
            ) : null}
          </Paper>
        ) : (
          <Box>
            <TextInput
              ref={customerRef}
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
                setQuery(e.currentTarget.value);
                setPendingEnter(false);
                setErrors((x) => ({ ...x, customer: undefined }));
              }}
              onKeyDown={onCustomerKey}
              error={errors.customer}
              description={searching ? undefined : 'Enter picks the top match; arrows choose another'}
            />
            {searching ? (
              <Paper withBorder mt={6} radius="md" p={4}>
                <Box role="listbox" id={ids.list} aria-label="Matching customers">
                  {matches.map((c, index) => (
                    <UnstyledButton
                      key={c.id}
                      id={`${ids.list}-${index}`}
                      role="option"
                      aria-selected={index === activeIndex}
                      tabIndex={-1}
                      className="quick-sale-option"
                      data-active={index === activeIndex}
                      onMouseEnter={() => setActiveIndex(index)}
                      onClick={() => pick(c)}
                      w="100%"
                      px="sm"
                      py={8}
                      style={{ borderRadius: 'var(--mantine-radius-sm)', display: 'block' }}
                    >
                      <Group justify="space-between" wrap="nowrap">
                        <Box miw={0}>
                          <Text fw={600} truncate="end" title={c.name}>
                            <Highlighted text={c.name} query={isPhoneQuery(debounced) ? '' : debounced} />
                          </Text>
                          <Text size="sm" c="dimmed">
                            {format.phone(c.phoneE164) || c.phone ? (
                              <Highlighted text={format.phone(c.phoneE164) || c.phone || ''} query={isPhoneQuery(debounced) ? debounced : ''} digits />
                            ) : (
                              <Highlighted text={c.email || 'No phone'} query={isPhoneQuery(debounced) ? '' : debounced} />
                            )}
                          </Text>
                        </Box>
                        <Text size="sm" c="dimmed" className="num">
                          {format.count(c.purchases)} {c.purchases === 1 ? 'visit' : 'visits'} · {format.money(c.totalSpent)}
                        </Text>
                      </Group>
                    </UnstyledButton>
                  ))}
                  <UnstyledButton
                    id={`${ids.list}-${matches.length}`}
                    role="option"
                    aria-selected={activeIndex === matches.length}
                    tabIndex={-1}
                    className="quick-sale-option"
                    data-active={activeIndex === matches.length}
                    onMouseEnter={() => setActiveIndex(matches.length)}
                    onClick={startCreating}
                    w="100%"
                    px="sm"
                    py={8}
                    style={{ borderRadius: 'var(--mantine-radius-sm)', display: 'block' }}
                  >
                    <Text fw={600} c="var(--mantine-color-anchor)">
                      + New customer “{query.trim()}”
                    </Text>
                  </UnstyledButton>
                </Box>
                {noMatches ? (
                  <Text size="sm" c="dimmed" px="sm" py={6} role="status">
                    No customer matches “{debounced}”. Press Enter to create one.
                  </Text>
                ) : null}
              </Paper>
            ) : null}
          </Box>
        )}

        <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
          <TextInput
            ref={amountRef}
            label="Amount"
            withAsterisk
            inputMode="decimal"
            autoComplete="off"
            placeholder="0.00"
            data-autofocus={selected ? true : undefined}
            leftSection={<Text size="sm" c="dimmed">{format.currencySymbol}</Text>}
            leftSectionWidth={Math.max(36, 12 + format.currencySymbol.length * 10)}
            value={amount}
            onChange={(e) => {
              setAmount(e.currentTarget.value);
              setErrors((x) => ({ ...x, amount: undefined }));
            }}
            error={errors.amount}
            styles={{ input: { fontVariantNumeric: 'tabular-nums' } }}
          />
          <NumberInput
            label="Items"
            min={1}
            max={10_000}
            allowDecimal={false}
            allowNegative={false}
            value={items}
            onChange={setItems}
            error={errors.items}
          />
        </SimpleGrid>

        <Input.Wrapper label="Payment method" labelElement="div">
          <SegmentedControl
            aria-label="Payment method"
            fullWidth
            mt={4}
            data={paymentMethods.map((m) => ({ value: m, label: paymentLabels[m] }))}
            value={payment}
            onChange={(value) => setPayment(value as PaymentMethod)}
          />
        </Input.Wrapper>

        <TextInput label="Note" placeholder="Optional" value={note} onChange={(e) => setNote(e.currentTarget.value)} error={errors.note} />

        {general ? (
          <Alert color="red" role="alert" title="The sale was not recorded">
            {general}
          </Alert>
        ) : null}

        <Group justify="space-between">
          <Text size="sm" c="dimmed">
            <Kbd>Enter</Kbd> records the sale · <Kbd>Esc</Kbd> closes
          </Text>
          <Group gap="sm">
            <Button variant="default" onClick={onDone}>
              Cancel
            </Button>
            <Button type="submit" loading={record.isPending}>
              Record sale
            </Button>
          </Group>
        </Group>
      </Stack>
    </form>
  );
}
