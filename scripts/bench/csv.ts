import fs from 'node:fs';
import type { Dataset, DatasetCustomer } from './dataset';

/** RFC 4180: quoted when it holds a comma, a quote, a line break or edge spaces. Data for programs, so no formula guarding. */
export function csvCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export const csvLine = (cells: (string | number | boolean | null | undefined)[]): string => `${cells.map(csvCell).join(',')}\r\n`;

/** Writes lines through a 1 MB buffer: a million sales without a million small writes or one huge string. */
export function writeCsv(file: string, header: string[], rows: Iterable<(string | number | boolean | null | undefined)[]>): number {
  const fd = fs.openSync(file, 'w');
  let buffer = csvLine(header);
  let count = 0;
  try {
    for (const row of rows) {
      buffer += csvLine(row);
      count++;
      if (buffer.length > 1 << 20) {
        fs.writeSync(fd, buffer);
        buffer = '';
      }
    }
    fs.writeSync(fd, buffer);
  } finally {
    fs.closeSync(fd);
  }
  return count;
}

/**
 * The dataset as files another system can load: ids are the ones a fresh book gives (customers and
 * sales in dataset order, from 1), so sales.csv's customer_id points into customers.csv.
 */
export function writeDatasetCsv(dataset: Dataset, dir: string): { customers: number; sales: number; notes: number } {
  fs.mkdirSync(dir, { recursive: true });
  const customers = writeCsv(
    `${dir}/customers.csv`,
    ['id', 'first_name', 'last_name', 'phone', 'email', 'address', 'birthday', 'type', 'tags', 'source', 'created_at', 'email_consent', 'do_not_contact', 'status'],
    (function* () {
      for (const c of dataset.customers()) {
        yield [c.index + 1, c.firstName, c.lastName, c.phone, c.email, c.address, c.birthday, c.type, c.tags.join(','), c.source, c.createdAt, c.emailConsent?.status ?? 'not_asked', c.doNotContact, c.archived ? 'archived' : 'active'];
      }
    })(),
  );
  const sales = writeCsv(
    `${dir}/sales.csv`,
    ['id', 'customer_id', 'occurred_at', 'created_at', 'amount', 'items', 'payment_method', 'note', 'voided_at', 'void_reason'],
    (function* () {
      for (const s of dataset.sales()) yield [s.index + 1, s.customerIndex + 1, s.occurredAt, s.createdAt, s.amount, s.items, s.paymentMethod, s.note, s.voidedAt, s.voidReason];
    })(),
  );
  const notes = writeCsv(
    `${dir}/notes.csv`,
    ['id', 'customer_id', 'type', 'text', 'created_at'],
    (function* () {
      for (const n of dataset.notes()) yield [n.index + 1, n.customerIndex + 1, n.type, n.text, n.at];
    })(),
  );
  return { customers, sales, notes };
}

/** A spreadsheet of new customers as a shop would import it (generic format: the importer maps the headers itself). */
export function importCsv(customers: Iterable<DatasetCustomer>): string {
  let text = csvLine(['First Name', 'Last Name', 'Phone', 'Email', 'Address', 'Birthday', 'Tags', 'Source', 'Newsletter', 'Notes']);
  let i = 0;
  for (const c of customers) {
    const note = i++ % 10 === 0 ? 'came in from the old loyalty card list' : null;
    text += csvLine([c.firstName, c.lastName, c.phone, c.email, c.address, c.birthday, c.tags.join(', '), c.source, c.emailConsent?.status === 'subscribed' ? 'yes' : '', note]);
  }
  return text;
}
