import type { ConsentState, Customer, History, LoyaltyAccount, LoyaltyScheme, Note, Preferences, Sale, Settings, SourceRow, Stats } from '../../shared/contract';
import { defaultBackupDir } from '../../db/backups';
import { formatMoney } from '../../shared/format/money';
import { formatPhone } from '../../shared/format/phone';
import { formatDate, formatDateTime } from '../../shared/format/time';

/** Human-readable text for the terminal. Machine output is `--json`; nothing here is meant to be parsed. */

export const money = (minor: number, s: Settings): string => formatMoney(minor, s.currency, s.locale);
export const when = (iso: string | null, s: Settings): string => (iso ? formatDateTime(iso, s.locale, s.timeZone) : '—');
export const day = (iso: string | null, s: Settings): string => (iso ? formatDate(iso, s.locale, s.timeZone) : '—');
const phone = (c: Pick<Customer, 'phone' | 'phoneE164'>, s: Settings): string => (c.phoneE164 ? formatPhone(c.phoneE164, s.phoneCountry) : (c.phone ?? ''));
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const label = (text: string) => text.replace(/_/g, ' ');

/** Label/value lines with the labels padded to one column; empty values are left out. */
function fields(rows: [string, string | null | undefined][], indent = '  '): string {
  const shown = rows.filter((r): r is [string, string] => r[1] != null && r[1] !== '');
  const width = Math.max(0, ...shown.map(([l]) => l.length));
  return shown.map(([l, v]) => `${indent}${l.padEnd(width)}  ${v}`).join('\n');
}

/** A compact table; columns listed in `right` are right-aligned (numbers, money). */
export function table(headers: string[], rows: string[][], right: number[] = []): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (right.includes(i) ? cell.padStart(widths[i]) : cell.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

export function settingsText(s: Settings, file: string): string {
  return fields(
    [
      ['Shop', s.shopName],
      ['Currency', `${s.currency} (${plural(s.currencyDigits, 'decimal')})`],
      ['Phone country', s.phoneCountry],
      ['Locale', s.locale],
      ['Time zone', s.timeZone],
      ['Largest sale', money(s.saleCeiling, s)],
      ['High value from', `${money(s.highValueThreshold, s)} spent`],
      ['Lock after', s.idleLockMinutes === 0 ? 'never' : plural(s.idleLockMinutes, 'idle minute')],
      ['Backup folder', s.backupFolder ?? `${defaultBackupDir(file)} (beside the book)`],
      ['Loyalty', s.loyalty ? schemeLine(s.loyalty, s) : 'off'],
      ['Database', file],
    ],
    '',
  );
}

/** Where a record stands, when it is not simply active: merged and erased records say so first. */
function customerState(c: Customer, s: Settings): string {
  if (c.erasedAt) return ` [erased on ${day(c.erasedAt, s)}]`;
  if (c.mergedInto != null) return ` [merged into customer ${c.mergedInto}: see \`regulars customers show ${c.mergedInto}\`]`;
  return c.status === 'archived' ? ' [archived]' : '';
}

/**
 * "6 customers", or "2 of 6 customers" when a limit cut the list; "at least" when the core counted
 * only so far (a search stops counting after a thousand or so matches).
 */
export function countOf(shown: number, total: number, totalExact: boolean, noun: string, s: Settings): string {
  const count = (n: number) => n.toLocaleString(s.locale);
  if (shown === total && totalExact) return `${count(shown)} ${shown === 1 ? noun : `${noun}s`}`;
  return `${count(shown)} of ${totalExact ? '' : 'at least '}${count(total)} ${noun}s`;
}

export function customerText(c: Customer, s: Settings): string {
  return [
    `${c.name} (customer ${c.id})${customerState(c, s)}`,
    fields([
      ['Phone', phone(c, s)],
      ['Email', c.email],
      ['Address', c.address],
      ['Birthday', c.birthday],
      ['Type', label(c.type)],
      ['Tags', c.tags.join(', ')],
      ['Source', c.source],
      ['Customer since', day(c.createdAt, s)],
      ['Purchases', `${c.purchases}, ${money(c.totalSpent, s)} in all`],
      ['Last purchase', c.lastPurchaseAt ? when(c.lastPurchaseAt, s) : 'never'],
      // Shown while the scheme is on, or while points are held from when it was.
      ['Loyalty', s.loyalty || c.loyaltyPoints > 0 ? balanceLine(c.loyaltyPoints, s.loyalty) : null],
    ]),
  ].join('\n');
}

export function historyText(h: History, s: Settings): string {
  return [
    'History',
    fields([
      ['Purchases', String(h.purchases)],
      ['Total spent', money(h.totalSpent, s)],
      ['Items bought', String(h.itemsBought)],
      ['Average sale', money(h.averageSale, s)],
      ['First purchase', when(h.firstPurchaseAt, s)],
      ['Last purchase', h.lastPurchaseAt ? `${when(h.lastPurchaseAt, s)} (${plural(h.daysSinceLastPurchase ?? 0, 'day')} ago)` : 'never'],
      ['Repeat customer', h.isRepeat ? 'yes' : 'no'],
      ['Frequency', label(h.frequency)],
      // Counted in purchases and total spent above; undated, so in no first or last purchase.
      ...(h.importedPurchases > 0 || h.importedSpent > 0
        ? ([['Imported before Regulars', `${plural(h.importedPurchases, 'purchase')}, ${money(h.importedSpent, s)} (included above)`]] as [string, string][])
        : []),
    ]),
  ].join('\n');
}

export function preferencesText(p: Preferences): string {
  const yesNo = (b: boolean) => (b ? 'yes' : 'no');
  return [
    'Preferences',
    fields([
      ['Contact by', p.channel ?? 'not set'],
      ['Do not contact', yesNo(p.doNotContact)],
      ['Best time', p.bestTime],
      ['Favourite products', p.favoriteProducts.join(', ')],
      ['Pays by', p.paymentMethod ? label(p.paymentMethod) : null],
      ['Offers', yesNo(p.offersOptIn)],
      ['Loyalty programme', yesNo(p.loyaltyOptIn)],
    ]),
  ].join('\n');
}

export function customersTable(rows: Customer[], s: Settings): string {
  if (rows.length === 0) return 'No customers.';
  return table(
    ['ID', 'Name', 'Phone', 'Type', 'Purchases', 'Spent', 'Last purchase'],
    rows.map((c) => [
      String(c.id),
      c.status === 'archived' ? `${c.name} [archived]` : c.name,
      phone(c, s),
      label(c.type),
      String(c.purchases),
      money(c.totalSpent, s),
      day(c.lastPurchaseAt, s),
    ]),
    [0, 4, 5],
  );
}

/** "1 point per GH₵1.00 spent; 100 points make a reward of GH₵5.00 off; points lapse after 12 months without a purchase". */
export function schemeLine(scheme: LoyaltyScheme, s: Settings): string {
  const lapse = scheme.expireMonths ? `; points lapse after ${plural(scheme.expireMonths, 'month')} without a purchase` : '; points never lapse';
  return `1 point per ${money(scheme.spendPerPoint, s)} spent; ${plural(scheme.rewardPoints, 'point')} make a reward of ${money(scheme.rewardValue, s)} off${lapse}`;
}

/** "240 points · 2 rewards ready". */
export function balanceLine(points: number, scheme: LoyaltyScheme | null): string {
  const rewards = scheme ? Math.floor(points / scheme.rewardPoints) : 0;
  return `${plural(points, 'point')}${scheme ? ` · ${plural(rewards, 'reward')} ready` : ' (loyalty is off)'}`;
}

export function loyaltyText(account: LoyaltyAccount, s: Settings): string {
  const head = fields(
    [
      ['Points', balanceLine(account.points, account.scheme)],
      ['Lapse on', account.expiresAt ? day(account.expiresAt, s) : null],
    ],
    '',
  );
  if (account.history.length === 0) return `${head}
No points history.`;
  const rows = account.history.map((e) => [
    when(e.createdAt, s),
    label(e.kind),
    e.points > 0 ? `+${e.points}` : String(e.points),
    e.saleId ? `sale ${e.saleId}` : '',
    e.reason ?? '',
    e.author?.name ?? '',
  ]);
  return `${head}
${table(['When', 'What', 'Points', 'Sale', 'Reason', 'Who'], rows, [2])}`;
}

export function saleText(sale: Sale, s: Settings, customerName?: string): string {
  const who = customerName ? ` for ${customerName}` : ` for customer ${sale.customerId}`;
  const head = `Sale ${sale.id}: ${money(sale.amount, s)}${who}, ${plural(sale.items, 'item')}, ${label(sale.paymentMethod)}, ${when(sale.occurredAt, s)}`;
  const lines = [head];
  if (sale.discount > 0) lines.push(`  Reward: ${money(sale.discount, s)} off, ${money(sale.amount + sale.discount, s)} before it`);
  if (sale.note) lines.push(`  Note: ${sale.note}`);
  if (sale.voidedAt) lines.push(`  VOIDED ${when(sale.voidedAt, s)}${sale.voidReason ? `: ${sale.voidReason}` : ''}`);
  return lines.join('\n');
}

export function salesTable(sales: Sale[], s: Settings): string {
  if (sales.length === 0) return 'No sales.';
  return table(
    ['ID', 'When', 'Amount', 'Items', 'Payment', 'Status'],
    sales.map((sale) => [
      String(sale.id),
      when(sale.occurredAt, s),
      money(sale.amount, s),
      String(sale.items),
      label(sale.paymentMethod),
      sale.voidedAt ? `voided: ${sale.voidReason ?? ''}` : '',
    ]),
    [0, 2, 3],
  );
}

export function noteText(note: Note, s: Settings): string {
  const by = note.author ? ` by ${note.author.name}` : '';
  const alert = !note.alert ? '' : note.alertClearedAt ? ` (alert, cleared ${when(note.alertClearedAt, s)}${note.alertClearedBy ? ` by ${note.alertClearedBy.name}` : ''})` : ' ALERT';
  return `Note ${note.id} [${note.type}]${alert} ${when(note.createdAt, s)}${by}\n  ${note.text.replace(/\n/g, '\n  ')}`;
}

export const notesText = (notes: Note[], s: Settings): string => (notes.length === 0 ? 'No notes.' : notes.map((n) => noteText(n, s)).join('\n'));

const percent = (ratio: number) => `${(ratio * 100).toFixed(1)}%`;

export function statsText(st: Stats, s: Settings): string {
  return fields(
    [
      ['Customers', String(st.totalCustomers)],
      ['Active (bought in 90 days)', String(st.activeCustomers)],
      ['New in the last 7 days', String(st.newLast7Days)],
      ['New this month', String(st.newThisMonth)],
      ['Customers who bought', String(st.purchasingCustomers)],
      ['Repeat customers', String(st.repeatCustomers)],
      ['Repeat rate', percent(st.repeatRate)],
      ['Revenue from customers', money(st.customerRevenue, s)],
      ['Revenue this month', money(st.revenueThisMonth, s)],
      ['Average lifetime value', money(st.averageLifetimeValue, s)],
      ['Email opt-in rate', percent(st.emailOptInRate)],
    ],
    '',
  );
}

/** The dashboard's acquisition-sources table, in its order and with its columns. */
export function sourcesTable(rows: SourceRow[], s: Settings): string {
  if (rows.length === 0) return 'No customers yet.';
  return table(
    ['Source', 'Customers', 'Revenue', 'Repeat rate'],
    rows.map((r) => [r.source ?? 'Not recorded', String(r.customers), money(r.revenue, s), percent(r.repeatRate)]),
    [1, 2, 3],
  );
}

export function consentText(c: ConsentState, s: Settings): string {
  const history = c.history.map((e) => `  ${when(e.at, s)}  ${e.channel} ${e.status} (${e.method.replace('_', ' ')}) by ${e.actor?.name ?? 'unknown'}: "${e.wording}"`);
  return [`Email: ${c.email.replace('_', ' ')}`, `SMS: ${c.sms.replace('_', ' ')}`, history.length > 0 ? `History\n${history.join('\n')}` : 'No consent recorded yet'].join('\n');
}
