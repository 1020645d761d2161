import { Alert, Box, Button, Group, Input, Kbd, Modal, NumberInput, Paper, SegmentedControl, SimpleGrid, Stack, Switch, Text, TextInput } from '@mantine/core';
import { useRef, useState, type FormEvent } from 'react';
import { isQueued, paymentMethods, recordSaleInput, type Customer, type InputOf, type PaymentMethod } from '../../../shared/contract';
import { parseMoney } from '../../../shared/format/money';
import { looksLikePhone } from '../../../shared/format/phone';
import { call, isApiError, useApiMutation, type ApiError } from '../../api';
import { notifyError } from '../../components/notify';
import { RelativeTime } from '../../components/RelativeTime';
import { CustomerCombobox } from '../customers/CustomerCombobox';
import { useScanHandler } from '../cards/scanner';
import { CustomerAlerts } from '../notes/CustomerAlerts';
import { paymentLabels, tierLabels } from '../customers/labels';
import { balanceText, rewardReady, REWARD_KEY } from '../loyalty/labels';
import { useFormat, useSettings } from '../settings/settings';
import { useSaleKeptToast, useSaleRecordedToast } from './SaleRecordedToast';

const LAST_PAYMENT_KEY = 'regulars.lastPaymentMethod';
const NOTHING_TYPED = 'Type a phone number or a name';

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
  redeem?: string;
  firstName?: string;
  lastName?: string;
  phone?: string;
  amount?: string;
  items?: string;
  note?: string;
}

const fieldsWithErrors = ['amount', 'items', 'note', 'firstName', 'lastName', 'phone', 'redeem'] as const;
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

  const [selected, setSelected] = useState<Customer | null>(preselected);
  const [query, setQuery] = useState('');
  const [creating, setCreating] = useState(false);
  const [newCustomer, setNewCustomer] = useState({ firstName: '', lastName: '', phone: '' });
  const [amount, setAmount] = useState('');
  const [items, setItems] = useState<number | string>(1);
  const [payment, setPayment] = useState<PaymentMethod>(lastPaymentMethod);
  const [note, setNote] = useState('');
  const [redeem, setRedeem] = useState(false);
  const [errors, setErrors] = useState<Errors>({});
  const [conflict, setConflict] = useState<ApiError | null>(null);
  const [general, setGeneral] = useState<string | null>(null);

  const customerRef = useRef<HTMLInputElement>(null);
  const amountRef = useRef<HTMLInputElement>(null);
  const firstNameRef = useRef<HTMLInputElement>(null);
  const phoneRef = useRef<HTMLInputElement>(null);

  const record = useApiMutation('sales.record');
  const notifySaleRecorded = useSaleRecordedToast();
  const notifySaleKept = useSaleKeptToast();

  const focusLater = (ref: React.RefObject<HTMLInputElement | null>) => window.setTimeout(() => ref.current?.focus(), 0);

  // A reward is offered for a customer whose points reach one, while the scheme is on.
  const scheme = settings.loyalty;
  const canRedeem = selected !== null && rewardReady(selected.loyaltyPoints, scheme);
  const redeeming = redeem && canRedeem;

  function pick(customer: Customer) {
    setSelected(customer);
    setRedeem(false);
    setCreating(false);
    setErrors((e) => ({ ...e, customer: undefined }));
    setConflict(null);
    focusLater(amountRef);
  }

  function startCreating() {
    const prefill = prefillFrom(query);
    setNewCustomer(prefill);
    setCreating(true);
    setErrors((e) => ({ ...e, customer: undefined }));
    focusLater(prefill.firstName === '' ? firstNameRef : prefill.phone === '' ? phoneRef : amountRef);
  }

  function changeCustomer() {
    setSelected(null);
    setRedeem(false);
    setCreating(false);
    setConflict(null);
    focusLater(customerRef);
  }

  /** The sale as the contract wants it, checked by the contract's own schema so its rules and words are the core's. */
  function validate(): { input: InputOf<'sales.record'> } | null {
    const next: Errors = {};
    // The amount as typed in the shop's currency, and the shop's own ceiling: the screen's to read and say.
    const money = parseMoney(amount, settings.currency);
    if (!money.ok) next.amount = money.message;
    else if (money.minor > settings.saleCeiling)
      next.amount = `${format.money(money.minor)} is more than the largest sale accepted (${format.money(settings.saleCeiling)}). Check the amount, or raise the limit in Settings.`;
    if (!selected && !creating) next.customer = query.trim() === '' ? NOTHING_TYPED : 'Pick a customer from the list, or create one';
    if (redeeming && money.ok && money.minor <= scheme.rewardValue)
      next.amount = `A reward takes ${format.money(scheme.rewardValue)} off: the sale must come to more than that`;
    const sale = {
      ...(redeeming ? { redeem: true } : {}),
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
      // Kept at this till while the shared book is out of reach: said as it is, never as recorded.
      if (isQueued(sale)) notifySaleKept({ amount: valid.input.amount, customerName: selected?.name ?? `${newCustomer.firstName} ${newCustomer.lastName}`.trim() });
      else notifySaleRecorded(sale);
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

  // A card scanned while the sale is open picks its holder, wherever the focus was.
  useScanHandler(async (code) => {
    try {
      pick(await call('cards.find', { code }));
      return true;
    } catch (error) {
      // Not a card's code: the keys are typed where they were going (a name typed fast into the customer field).
      if (!isApiError(error) || (error.code !== 'not_found' && error.code !== 'validation')) notifyError(error, `Card ${code} was scanned`);
      return false;
    }
  });

  // F4 uses a reward from anywhere in the dialog: the counter's hands stay on the keyboard.
  function onKeyDown(event: React.KeyboardEvent) {
    if (event.key !== REWARD_KEY || !canRedeem) return;
    event.preventDefault();
    setRedeem((on) => !on);
    setErrors((x) => ({ ...x, redeem: undefined, amount: undefined }));
  }

  return (
    <form onSubmit={submit} onKeyDown={onKeyDown} noValidate aria-label="New sale">
      <Stack gap="md">
        {selected ? (
          <>
            <ChosenCustomer customer={selected} onChange={changeCustomer} />
            <CustomerAlerts customer={selected} />
          </>
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
          <CustomerCombobox
            inputRef={customerRef}
            query={query}
            onQueryChange={(text) => {
              setQuery(text);
              setErrors((x) => ({ ...x, customer: undefined }));
            }}
            onPick={pick}
            onCreate={startCreating}
            onEnterWithoutText={() => setErrors((e) => ({ ...e, customer: NOTHING_TYPED }))}
            error={errors.customer}
          />
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

        {canRedeem ? (
          <Paper withBorder radius="md" p="sm" bg={redeeming ? 'var(--mantine-primary-color-light)' : undefined}>
            <Switch
              checked={redeeming}
              onChange={(e) => setRedeem(e.currentTarget.checked)}
              label={
                <>
                  Use a reward: {format.money(scheme.rewardValue)} off, {format.count(scheme.rewardPoints)} points <Kbd size="xs">{REWARD_KEY}</Kbd>
                </>
              }
              description={redeeming && amountAfterReward(amount, settings.currency, scheme.rewardValue, format.money)}
              error={errors.redeem}
            />
          </Paper>
        ) : null}

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

/** "Pays GH₵45.00 after the reward", once an amount is typed that a reward leaves something of. */
function amountAfterReward(typed: string, currency: string, rewardValue: number, money: (minor: number) => string): string | null {
  const parsed = parseMoney(typed, currency);
  return parsed.ok && parsed.minor > rewardValue ? `Pays ${money(parsed.minor - rewardValue)} after the reward` : null;
}

/** The customer picked (or preselected by the profile), in place of the search field. */
function ChosenCustomer({ customer, onChange }: { customer: Customer; onChange(): void }) {
  const format = useFormat();
  const { loyalty } = useSettings();
  return (
    <Input.Wrapper label="Customer">
      <Paper withBorder p="sm" radius="md" mt={4} aria-label={`Customer: ${customer.name}`} role="group">
        <Group justify="space-between" wrap="nowrap">
          <Box miw={0}>
            <Text fw={600} truncate="end" title={customer.name}>
              {customer.name}
            </Text>
            <Text size="sm" c="dimmed">
              {[
                format.phone(customer.phoneE164) || customer.phone,
                tierLabels[customer.frequency],
                `${format.count(customer.purchases)} ${customer.purchases === 1 ? 'visit' : 'visits'}`,
                loyalty || customer.loyaltyPoints > 0 ? balanceText(customer.loyaltyPoints, loyalty, format.count) : null,
              ]
                .filter(Boolean)
                .join(' · ')}
              {customer.lastPurchaseAt ? (
                <>
                  {' · last '}
                  <RelativeTime iso={customer.lastPurchaseAt} />
                </>
              ) : null}
            </Text>
          </Box>
          <Button variant="default" size="xs" onClick={onChange} aria-label="Change customer" style={{ flexShrink: 0 }}>
            Change
          </Button>
        </Group>
      </Paper>
    </Input.Wrapper>
  );
}
