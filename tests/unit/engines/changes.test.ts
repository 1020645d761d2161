import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { bookTypes } from '../../../db/engines/postgres/open';
import { describeEngines, openTestBook } from '../../support/engines';
import { skipPostgres } from '../../support/postgres-book';
import { value } from '../helpers';

describeEngines('book.changes on either engine', (engine) => {
  it('moves with every write, from this core or another on the same book, and stays put for reads', async () => {
    const book = await openTestBook(engine, { now: () => new Date('2026-06-01T10:00:00Z') });
    const first = value(await book.call('book.changes', {})).version;
    value(await book.call('customers.list', {}));
    value(await book.call('stats.get', {}));
    expect(value(await book.call('book.changes', {})).version).toBe(first);

    const sale = value(await book.call('sales.record', { newCustomer: { firstName: 'Ama' }, amount: 2500 }));
    const afterSale = value(await book.call('book.changes', {})).version;
    expect(afterSale).not.toBe(first);

    // Another till on the same book: its write is seen here, and this one's there.
    const other = await book.reopen();
    value(await other.call('notes.add', { customerId: sale.customerId, type: 'preference', text: 'likes the blue wrap' }));
    const afterNote = value(await book.call('book.changes', {})).version;
    expect(afterNote).not.toBe(afterSale);
    expect(value(await other.call('book.changes', {})).version).toBe(afterNote);
  });

  it('is for any signed-in member, and nobody else', async () => {
    const book = await openTestBook(engine);
    const staff = value(await book.call('staff.add', { name: 'Kofi', role: 'staff', pin: '5678' }));
    const asStaff = await book.reopen({ actor: { id: staff.id, role: 'staff' } });
    expect(await asStaff.call('book.changes', {})).toMatchObject({ ok: true });
    const signedOut = await book.reopen({ actor: null });
    expect(await signedOut.call('book.changes', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });
});

// PostgreSQL only: SQLite has one writer, so its audit entries commit in the order of their ids.
// Skipped exactly when describeEngines skips its PostgreSQL half.
describe.skipIf(skipPostgres)('book.changes on a shared book [postgres]', () => {
  it('moves when a write with an older id commits after a newer one was seen', async () => {
    const book = await openTestBook('postgres');
    // Two tills' transactions: the first takes an id, the second a later one and commits first.
    const pool = new pg.Pool({ connectionString: book.location, types: bookTypes, max: 2 });
    const [early, late] = [await pool.connect(), await pool.connect()];
    try {
      const insert = (client: pg.PoolClient) => client.query("INSERT INTO audit_log (at, method) VALUES ('2026-06-01T10:00:00.000Z', 'sales.record')");
      await early.query('BEGIN');
      await insert(early);
      await late.query('BEGIN');
      await insert(late);
      await late.query('COMMIT');
      const seen = value(await book.call('book.changes', {})).version;
      await early.query('COMMIT');
      expect(value(await book.call('book.changes', {})).version).not.toBe(seen);
    } finally {
      early.release();
      late.release();
      await pool.end();
    }
  });
});
