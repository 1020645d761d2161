import Papa from 'papaparse';
import type { CustomerDataExport, FileExport, ParsedInputOf } from '../../shared/contract';
import { minorToMajorString } from '../../shared/format/money';
import { readSettings, type CoreContext } from '../context';
import { getConsent } from '../consent/service';
import { customerFrom, customerSelect, cutoff365, toCustomer, toHistory, type CustomerRow } from '../customers/rows';
import { customerTimeline, getCustomerDetail } from '../customers/service';
import { listNotes } from '../notes/service';
import { getPreferences } from '../preferences/service';
import { all, type Query } from '../query';
import { listSales } from '../sales/service';
import { neutraliseCell } from './csv';

const toCsv = (fields: string[], rows: string[][]) =>
  Papa.unparse({ fields, data: rows.map((row) => row.map(neutraliseCell)) }, { newline: '\r\n' });

/** Every customer not erased or merged away, archived included, with their history metrics. Money in the CSV is in major units. */
export function* exportCustomers(ctx: CoreContext, { format }: ParsedInputOf<'exports.customers'>): Query<FileExport> {
  const now = ctx.now();
  const { currency } = (yield* readSettings());
  const rows = (
    yield* all<CustomerRow>(`SELECT ${customerSelect} FROM ${customerFrom} WHERE c.erased_at IS NULL AND c.merged_into IS NULL ORDER BY c.id`, { cutoff365: cutoff365(now) })
  ).map((row) => ({ ...toCustomer(row), history: toHistory(row, now) }));
  if (format === 'json') return { format, content: JSON.stringify(rows, null, 2), rows: rows.length };
  const money = (minor: number) => minorToMajorString(minor, currency);
  const content = toCsv(
    ['ID', 'First Name', 'Last Name', 'Phone', 'Email', 'Address', 'Birthday', 'Type', 'Tags', 'Source', 'Status', 'Email Consent', 'SMS Consent', 'Created At',
      'Purchases', `Total Spent (${currency})`, 'Items Bought', `Average Sale (${currency})`, 'First Purchase At', 'Last Purchase At', 'Days Since Last Purchase', 'Repeat', 'Frequency'],
    rows.map((c) => [
      String(c.id), c.firstName, c.lastName ?? '', c.phoneE164 ?? c.phone ?? '', c.email ?? '', c.address ?? '', c.birthday ?? '', c.type, c.tags.join(','),
      c.source ?? '', c.status, c.emailConsent, c.smsConsent, c.createdAt, String(c.history.purchases), money(c.history.totalSpent), String(c.history.itemsBought),
      money(c.history.averageSale), c.history.firstPurchaseAt ?? '', c.history.lastPurchaseAt ?? '', c.history.daysSinceLastPurchase?.toString() ?? '',
      c.history.isRepeat ? 'yes' : 'no', c.history.frequency,
    ]),
  );
  return { format, content, rows: rows.length };
}

/** Every sale, voided ones marked, erased customers' included anonymously (revenue stays true). */
export function* exportSales(): Query<FileExport> {
  const { currency } = yield* readSettings();
  const rows = yield* all<{ id: number; customer_id: number; first_name: string; last_name: string | null; occurred_at: string; amount: number; items: number; payment_method: string; note: string | null; voided_at: string | null; void_reason: string | null }>(
    `SELECT s.id, s.customer_id, c.first_name, c.last_name, s.occurred_at, s.amount, s.items, s.payment_method, s.note, s.voided_at, s.void_reason
     FROM sales s JOIN customers c ON c.id = s.customer_id ORDER BY s.occurred_at, s.id`,
  );
  const content = toCsv(
    ['Sale ID', 'Customer ID', 'Customer', 'Occurred At', `Amount (${currency})`, 'Items', 'Payment Method', 'Note', 'Voided At', 'Void Reason'],
    rows.map((s) => [
      String(s.id), String(s.customer_id), s.last_name ? `${s.first_name} ${s.last_name}` : s.first_name, s.occurred_at, minorToMajorString(s.amount, currency),
      String(s.items), s.payment_method, s.note ?? '', s.voided_at ?? '', s.void_reason ?? '',
    ]),
  );
  return { format: 'csv', content, rows: rows.length };
}

/** An access request: everything held about one person. */
export function* exportCustomerData(ctx: CoreContext, id: number): Query<CustomerDataExport> {
  const { history, ...customer } = yield* getCustomerDetail(ctx, id);
  return {
    exportedAt: ctx.now().toISOString(),
    customer,
    history,
    preferences: yield* getPreferences(ctx, id),
    consent: yield* getConsent(ctx, id),
    notes: yield* listNotes(ctx, id),
    sales: yield* listSales(ctx, id),
    timeline: yield* customerTimeline(ctx, id),
  };
}
