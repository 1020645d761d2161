import fc from 'fast-check';
import { expect, it } from 'vitest';
import { describeEngines, openTestBook, type Engine, type TestBook } from '../../support/engines';
import { value } from '../helpers';

/**
 * The promise of an import's preview: what it plans is what the import does. For random small files
 * mixing one person on several rows, rows that clash, invalid rows and customers already in the
 * book, the real import's counts and errors equal the preview's, and the customers table afterwards
 * is the one the file and the plan describe (read straight from the book), or, when the import is
 * refused, the table before it.
 */

// Small pools, so that rows often share an email or phone. Each phone's E.164 form is written out
// here rather than computed by the code under test.
const phones: Record<string, string | null> = { '': null, '024 400 0001': '+233244000001', '+233244000001': '+233244000001', '0244000002': '+233244000002', '020 000 0003': '+233200000003', abc: null };
const validPhones = ['024 400 0001', '+233244000001', '0244000002', '020 000 0003'];
const validEmails = ['a@example.com', 'b@example.com', 'c@example.com'];
/** Total Spent cells and the GHS minor units they mean (null: not an amount). */
const amounts: Record<string, number | null> = { '': 0, '12.50': 1250, '0.1': 10, '1.234': null, '7': 700 };
const counts: Record<string, number | null> = { '': 0, '0': 0, '3': 3, x: null };

/** Mostly valid values, now and then one that makes its row invalid. */
const mostly = <T,>(valid: T[], invalid: T[]) => fc.oneof({ arbitrary: fc.constantFrom(...valid), weight: 8 }, { arbitrary: fc.constantFrom(...invalid), weight: 1 });
const fileRow = fc.record({
  firstName: mostly(['Ama', 'ama', 'Kofi', 'Esi'], ['']),
  lastName: fc.constantFrom('', 'Mensah', 'Boateng'),
  email: mostly(['', 'a@example.com', 'A@example.com', 'b@example.com', 'c@example.com'], ['not-an-email']),
  phone: mostly(['', ...validPhones], ['abc']),
  birthday: mostly(['', '1990-01-02', '25/12/1985'], ['13/13/2000']),
  orders: mostly(['', '0', '3'], ['x']),
  spent: mostly(['', '12.50', '0.1', '7'], ['1.234']),
});
type FileRow = typeof fileRow extends fc.Arbitrary<infer T> ? T : never;

const existingCustomer = fc.record({
  firstName: fc.constantFrom('Ama', 'Yaw'),
  email: fc.constantFrom('', ...validEmails),
  phone: fc.constantFrom('', ...validPhones),
  orders: fc.constantFrom('', '2'),
  spent: fc.constantFrom('', '7'),
  sale: fc.boolean(),
  archived: fc.boolean(),
});

const header = 'First Name,Last Name,Email,Phone,Birthday,Total Orders,Total Spent';
const csvOf = (rows: FileRow[]) => Buffer.from([header, ...rows.map((r) => [r.firstName, r.lastName, r.email, r.phone, r.birthday, r.orders, r.spent].join(','))].join('\n') + '\n').toString('base64');

type Row = Record<string, unknown> & { id: number };
const customersTable = async (book: TestBook): Promise<Map<number, Row>> =>
  new Map((await book.rows<Row>('SELECT * FROM customers ORDER BY id')).map((row) => [row.id, row]));
const batchCount = async (book: TestBook) => (await book.rows<{ n: number }>('SELECT count(*) AS n FROM import_batches'))[0].n;

/** A book with these customers, each brought in by one import (so some have an imported history), some with a sale since, some archived. */
async function bookWith(engine: Engine, existing: (typeof existingCustomer extends fc.Arbitrary<infer T> ? T : never)[]): Promise<TestBook> {
  const book = await openTestBook(engine);
  for (const customer of existing) {
    const result = await book.call('imports.commit', {
      fileName: 'earlier.csv',
      contentBase64: csvOf([{ firstName: customer.firstName, lastName: '', email: customer.email, phone: customer.phone, birthday: '', orders: customer.orders, spent: customer.spent }]),
    });
    if (!result.ok || result.value.created !== 1) continue;
    const [{ id }] = await book.rows<{ id: number }>('SELECT max(id) AS id FROM customers');
    if (customer.sale) value(await book.call('sales.record', { customerId: id, amount: 300 }));
    if (customer.archived) value(await book.call('customers.archive', { id }));
  }
  return book;
}

/** A new book per run: a PostgreSQL one takes a database of its own, so fewer runs there. */
const runsOn: Record<Engine, number> = { sqlite: 50, postgres: 8 };

describeEngines('an import property: the preview is what the import does', (engine) => {
  it('holds for random files, duplicates, invalid rows and existing customers, skipping or updating', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fileRow, { minLength: 1, maxLength: 6 }),
        fc.array(existingCustomer, { maxLength: 3 }),
        fc.boolean(),
        fc.constantFrom('update' as const, 'skip' as const),
        async (file, existing, skipInvalid, onDuplicate) => {
          const book = await bookWith(engine, existing);
          const input = { fileName: 'list.csv', contentBase64: csvOf(file), onDuplicate, skipInvalid };
          const preview = value(await book.call('imports.preview', input));
          const before = await customersTable(book);
          const batchesBefore = await batchCount(book);
          const result = await book.call('imports.commit', input);

          if (preview.counts.invalid > 0 && !skipInvalid) {
            expect(result).toMatchObject({ ok: false, error: { code: 'validation' } });
            expect(await customersTable(book)).toEqual(before);
            expect(await batchCount(book)).toBe(batchesBefore);
            return;
          }
          const report = value(result);
          expect({ created: report.created, updated: report.updated, skipped: report.skipped, errors: report.errors }).toEqual({
            created: preview.counts.create,
            updated: preview.counts.update,
            skipped: preview.counts.skip + preview.counts.invalid,
            errors: preview.rows.filter((r) => r.errors.length > 0).map((r) => ({ row: r.row, message: r.errors.join('; ') })),
          });

          // The rows each writing row took in (the same person on several rows), from the plan's own words.
          expect(preview.rows).toHaveLength(file.length);
          const group = new Map<number, number[]>();
          for (const planned of preview.rows) {
            const into = planned.warnings.map((w) => /^The same person as row (\d+)/.exec(w)?.[1]).find(Boolean);
            if (into) group.get(Number(into))!.push(planned.row);
            else group.set(planned.row, [planned.row]);
          }
          const after = await customersTable(book);
          const touched = new Set(preview.rows.filter((r) => r.action === 'update').map((r) => r.customerId!));
          // Nobody else changed.
          for (const [id, row] of before) if (!touched.has(id)) expect(after.get(id)).toEqual(row);
          const created = [...after.keys()].filter((id) => !before.has(id));
          expect(created).toHaveLength(report.created);

          /** What the file says about one person, over the rows combined into them: the first row with a value gives it. */
          const fromFile = (rowNumber: number) => {
            const rows = group.get(rowNumber)!.map((n) => file[n - 1]);
            const first = (pick: (r: FileRow) => string | null) => rows.map(pick).find((v) => v) ?? null;
            const totals = (cells: Record<string, number | null>, pick: (r: FileRow) => string) => {
              const given = rows.map(pick).filter((v) => v !== '');
              return given.length === 0 ? null : given.reduce((sum, v) => sum + cells[v]!, 0);
            };
            return {
              firstName: rows[0].firstName,
              email: first((r) => r.email.toLowerCase()),
              phone: first((r) => phones[r.phone]),
              orders: totals(counts, (r) => r.orders),
              spent: totals(amounts, (r) => r.spent),
            };
          };
          // Two rows may describe people the book cannot tell apart (the same name, no contact details), so
          // the customers made are compared with the planned ones as a whole, sorted, not looked up one by one.
          const describe = (c: { firstName: unknown; email: unknown; phone: unknown; orders: unknown; spent: unknown }) => JSON.stringify([c.firstName, c.email, c.phone, c.orders, c.spent]);
          const planned = preview.rows
            .filter((r) => r.action === 'create')
            .map((r) => fromFile(r.row))
            .map((e) => describe({ ...e, orders: e.orders ?? 0, spent: e.spent ?? 0 }));
          const made = created
            .map((id) => after.get(id)!)
            .map((c) => {
              expect(c.purchase_count).toBe(c.imported_purchases);
              expect(c.total_spent).toBe(c.imported_spent);
              return describe({ firstName: c.first_name, email: c.email, phone: c.phone_e164, orders: c.imported_purchases, spent: c.imported_spent });
            });
          expect(made.sort()).toEqual(planned.sort());
          for (const planned of preview.rows.filter((r) => r.action === 'update')) {
            const expected = fromFile(planned.row);
            const was = before.get(planned.customerId!)!;
            const orders = expected.orders ?? (was.imported_purchases as number);
            const spent = expected.spent ?? (was.imported_spent as number);
            expect(after.get(planned.customerId!), `row ${planned.row}`).toMatchObject({
              first_name: expected.firstName,
              email: expected.email ?? was.email,
              phone_e164: expected.phone ?? was.phone_e164,
              imported_purchases: orders,
              imported_spent: spent,
              purchase_count: (was.purchase_count as number) - (was.imported_purchases as number) + orders,
              total_spent: (was.total_spent as number) - (was.imported_spent as number) + spent,
            });
          }

          // And undoing it gives the table back as it was.
          value(await book.call('imports.undo', { batchId: report.batchId! }));
          expect(await customersTable(book)).toEqual(before);
        },
      ),
      { numRuns: runsOn[engine] },
    );
  }, 120_000);
});
