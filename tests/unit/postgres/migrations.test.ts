import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { searchCustomerIds } from '../../../db/engines/postgres/customers/search';
import { createPostgresCore } from '../../../db/engines/postgres/core';
import { openPostgresBook } from '../../../db/engines/postgres/open';
import { readJournal } from '../../../db/open';
import { phoneRunRows, searchablePhonesSql, storedPhoneRunsSql } from '../../support/phone-runs';
import { freshPostgresBook, freshTestDatabase, postgresMigrationsFolder, skipPostgres, testDefaults } from '../../support/postgres-book';
import { tempDir, value } from '../helpers';

const knownTags = readJournal(postgresMigrationsFolder).map((entry) => entry.tag);
const open = (url: string) => openPostgresBook(url, { migrationsFolder: postgresMigrationsFolder, defaults: testDefaults });

/** A database as the app left it just before the migration named `tag`, open for raw writes. */
async function bookBefore(tag: string) {
  const older = path.join(tempDir(), 'migrations');
  fs.cpSync(postgresMigrationsFolder, older, { recursive: true });
  const journalFile = path.join(older, 'meta', '_journal.json');
  const journal = JSON.parse(fs.readFileSync(journalFile, 'utf8')) as { entries: { tag: string }[] };
  const before = journal.entries.findIndex((entry) => entry.tag.startsWith(tag));
  expect(before).toBeGreaterThan(0);
  fs.writeFileSync(journalFile, JSON.stringify({ ...journal, entries: journal.entries.slice(0, before) }));
  const database = await freshTestDatabase();
  const book = await openPostgresBook(database.url, { migrationsFolder: older, defaults: testDefaults });
  onTestFinished(() => book.close());
  return { url: database.url, pool: book.pool };
}

// Skipped only on a developer's machine without PostgreSQL's programs; under CI a missing server fails (tests/support/postgres-book.ts).
describe.skipIf(skipPostgres)('PostgreSQL migrations', () => {
  it('apply to an empty database, fill in the settings and the owner, and a second open applies none', async () => {
    const database = await freshTestDatabase();
    const first = await open(database.url);
    await first.close();
    expect(knownTags.length).toBeGreaterThanOrEqual(3);
    expect(first.migrated).toEqual(knownTags);

    const second = await open(database.url);
    onTestFinished(() => second.close());
    expect(second.migrated).toEqual([]);
    const settings = await second.pool.query('SELECT * FROM settings');
    expect(settings.rows).toEqual([
      expect.objectContaining({ id: 1, shop_name: 'My shop', currency: 'GHS', phone_country: 'GH', locale: 'en-GH', time_zone: 'Africa/Accra', sale_ceiling: 10_000_000 }),
    ]);
    const staff = await second.pool.query('SELECT name, role, active, count(*) OVER () AS members FROM staff');
    // count(*) is a bigint: read as a number, as the core reads SQLite's counts.
    expect(staff.rows).toEqual([{ name: 'Owner', role: 'owner', active: 1, members: 1 }]);
  });

  it('keeps every searchable customer findable through the search table rebuilt with their status, and drops the unused search indexes (0008)', async () => {
    const old = await bookBefore('0008');
    await old.pool.query(
      `INSERT INTO customers (first_name, last_name, email, phone_search, status, created_at, updated_at) VALUES
         ('Adwoa', 'Mensah', 'adwoa@example.com', '233244123456 0244123456 244123456', 'active', 'x', 'x'),
         ('Adwoa', 'Boateng', NULL, NULL, 'archived', 'x', 'x'),
         ('Kofi', 'Adwoa-Ofori', NULL, NULL, 'active', 'x', 'x'),
         ('Adwoa', 'Erased', NULL, NULL, 'active', 'x', 'x')`,
    );
    await old.pool.query("UPDATE customers SET erased_at = 'x' WHERE last_name = 'Erased'");
    const book = await open(old.url);
    onTestFinished(() => book.close());
    expect(book.migrated.map((tag) => tag.slice(0, 4))).toEqual(knownTags.filter((tag) => tag >= '0008').map((tag) => tag.slice(0, 4)));
    const rows = await book.pool.query('SELECT c.last_name, s.status, s.first_nocase, s.last_nocase FROM customer_search s JOIN customers c ON c.id = s.customer_id ORDER BY c.id');
    expect(rows.rows).toEqual([
      { last_name: 'Mensah', status: 'active', first_nocase: 'adwoa', last_nocase: 'mensah' },
      { last_name: 'Boateng', status: 'archived', first_nocase: 'adwoa', last_nocase: 'boateng' },
      { last_name: 'Adwoa-Ofori', status: 'active', first_nocase: 'kofi', last_nocase: 'adwoa-ofori' },
    ]);
    const lastNames = async (query: string, status?: 'active' | 'archived') => {
      const ids = await searchCustomerIds(book.pool, { query, limit: 20, status }, { phoneCountry: 'GH' });
      const names = await book.pool.query<{ id: number; last_name: string }>('SELECT id, last_name FROM customers WHERE id = ANY ($1)', [ids]);
      return ids.map((id) => names.rows.find((row) => row.id === id)!.last_name);
    };
    expect(await lastNames('dwo')).toEqual(['Mensah', 'Adwoa-Ofori', 'Boateng']);
    expect(await lastNames('adwoa', 'archived')).toEqual(['Boateng']);
    expect(await lastNames('0244')).toEqual(['Mensah']);
    const indexes = await book.pool.query("SELECT indexname FROM pg_indexes WHERE tablename = 'customers' AND indexname IN ('customers_search_trigram', 'customers_first_name_prefix', 'customers_last_name_prefix', 'customers_phone_search_prefix')");
    expect(indexes.rows).toEqual([]);
  });

  it("fills in every run of four digits of each searchable customer's phone, and keeps them in step with every change after (0009)", async () => {
    const old = await bookBefore('0009');
    await old.pool.query(
      `INSERT INTO customers (first_name, last_name, phone_search, status, created_at, updated_at) VALUES
         ('Adwoa', 'Mensah', '233244123456 0244123456 244123456', 'active', 'x', 'x'),
         ('Kofi', 'Boateng', '447946095800 07946095800', 'archived', 'x', 'x'),
         ('Yaw', 'No phone', NULL, 'active', 'x', 'x'),
         ('Esi', 'Erased', '233201112222 0201112222 201112222', 'active', 'x', 'x')`,
    );
    await old.pool.query("UPDATE customers SET erased_at = 'x' WHERE last_name = 'Erased'");
    const book = await open(old.url);
    onTestFinished(() => book.close());
    expect(book.migrated.map((tag) => tag.slice(0, 4))).toEqual(knownTags.filter((tag) => tag >= '0009').map((tag) => tag.slice(0, 4)));

    const expected = async () => phoneRunRows((await book.pool.query<{ id: number; phone_search: string | null }>(searchablePhonesSql)).rows);
    const stored = async () => (await book.pool.query<{ row: string }>(storedPhoneRunsSql)).rows.map((r) => r.row).sort();
    expect(await stored()).toContain('244:1'); // "0244" as a number
    expect(await stored()).toEqual(await expected());

    const surnames = async (query: string) => {
      const ids = await searchCustomerIds(book.pool, { query, limit: 20 }, { phoneCountry: 'GH' });
      return (await book.pool.query<{ last_name: string }>('SELECT last_name FROM customers WHERE id = ANY ($1) ORDER BY id', [ids])).rows.map((r) => r.last_name);
    };
    expect(await surnames('0244')).toEqual(['Mensah']);
    expect(await surnames('9460')).toEqual(['Boateng']);
    expect(await surnames('1112')).toEqual([]);

    // A new phone, a new customer, a customer merged away, one erased, one deleted, and a name change that keeps the phone.
    await book.pool.query("UPDATE customers SET phone_search = '233501234567 0501234567 501234567' WHERE last_name = 'Mensah'");
    await book.pool.query(
      "INSERT INTO customers (first_name, last_name, phone_search, status, created_at, updated_at) VALUES ('Ama', 'New', '233209990000 0209990000 209990000', 'active', 'x', 'x'), ('Ato', 'Gone', '233277777777 0277777777 277777777', 'active', 'x', 'x')",
    );
    await book.pool.query("UPDATE customers SET first_name = 'Kwaku' WHERE last_name = 'Boateng'");
    await book.pool.query("UPDATE customers SET merged_into = 1, phone_search = NULL WHERE last_name = 'No phone'");
    await book.pool.query("UPDATE customers SET erased_at = 'x', phone_search = NULL WHERE last_name = 'New'");
    await book.pool.query("DELETE FROM customers WHERE last_name = 'Gone'");
    expect(await stored()).toEqual(await expected());
    expect(await surnames('0244')).toEqual([]);
    expect(await surnames('0501')).toEqual(['Mensah']);
    expect(await surnames('9460')).toEqual(['Boateng']);

    // A migration that writes customer_search afresh empties it first, as 0008 did: the runs go with it.
    await book.pool.query('TRUNCATE customer_search');
    expect(await stored()).toEqual([]);
  });

  it('refuse a book written by a newer Regulars, and change nothing', async () => {
    const book = await freshPostgresBook();
    await book.pool.query("INSERT INTO drizzle.__drizzle_migrations (hash, created_at) VALUES ('from a newer app', 99999999999999)");
    await book.pool.query("UPDATE settings SET shop_name = 'Ama''s'");
    await expect(open(book.database.url)).rejects.toThrow('This customer book was written by a newer version of Regulars');
    expect((await book.pool.query('SELECT shop_name FROM settings')).rows).toEqual([{ shop_name: "Ama's" }]);
  });

  it('run once when several tills open an empty database at the same moment, and every open succeeds', async () => {
    const database = await freshTestDatabase();
    const opens = await Promise.allSettled([1, 2, 3, 4].map(() => open(database.url)));
    const books = opens.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
    onTestFinished(() => Promise.all(books.map((book) => book.close())).then(() => undefined));
    expect(opens.filter((result) => result.status === 'rejected')).toEqual([]);
    expect(books.map((book) => book.migrated).sort((a, b) => b.length - a.length)).toEqual([knownTags, [], [], []]);
    const [{ pool }] = books;
    expect((await pool.query('SELECT count(*) AS n FROM drizzle.__drizzle_migrations')).rows).toEqual([{ n: knownTags.length }]);
    expect((await pool.query('SELECT count(*) AS n FROM settings')).rows).toEqual([{ n: 1 }]);
    expect((await pool.query('SELECT count(*) AS n FROM staff')).rows).toEqual([{ n: 1 }]);
  });

  it('starts every customer with no points and every sale with no discount, loyalty off, and earns from the next sale (0010)', async () => {
    const old = await bookBefore('0010');
    const at = '2026-01-01T10:00:00.000Z';
    const { rows } = await old.pool.query<{ id: number }>(
      "INSERT INTO customers (first_name, purchase_count, total_spent, first_purchase_at, last_purchase_at, created_at, updated_at) VALUES ('Kwame', 1, 2500, $1, $1, $1, $1) RETURNING id",
      [at],
    );
    await old.pool.query("INSERT INTO sales (customer_id, occurred_at, amount, items, payment_method, author_id, created_at) VALUES ($1, $2, 2500, 1, 'cash', 1, $2)", [rows[0].id, at]);
    const book = await open(old.url);
    onTestFinished(() => book.close());
    expect(book.migrated.map((tag) => tag.slice(0, 4))).toEqual(knownTags.filter((tag) => tag >= '0010').map((tag) => tag.slice(0, 4)));
    const core = await createPostgresCore(book, { now: () => new Date('2026-02-01T10:00:00.000Z') });
    const id = rows[0].id;
    expect(value(await core.call('customers.get', { id }))).toMatchObject({ loyaltyPoints: 0, purchases: 1, totalSpent: 2500 });
    expect(value(await core.call('sales.list', { customerId: id }))).toEqual([expect.objectContaining({ amount: 2500, discount: 0 })]);
    expect(value(await core.call('settings.get', {})).loyalty).toBeNull();
    value(await core.call('loyalty.setScheme', { scheme: { spendPerPoint: 100, rewardPoints: 10, rewardValue: 200, expireMonths: null } }));
    expect(value(await core.call('sales.record', { customerId: id, amount: 1500 })).customer).toMatchObject({ loyaltyPoints: 15, totalSpent: 4000 });
  });


  it('keeps every note, none of them an alert, and a note added after can be one (0011)', async () => {
    const old = await bookBefore('0011');
    const { rows } = await old.pool.query<{ id: number }>("INSERT INTO customers (first_name, created_at, updated_at) VALUES ('Kwame', 'x', 'x') RETURNING id");
    await old.pool.query("INSERT INTO notes (customer_id, type, text, author_id, created_at, updated_at) VALUES ($1, 'issue', 'owes GH₵20', 1, 'x', 'x')", [rows[0].id]);
    const book = await open(old.url);
    onTestFinished(() => book.close());
    expect(book.migrated.map((tag) => tag.slice(0, 4))).toEqual(knownTags.filter((tag) => tag >= '0011').map((tag) => tag.slice(0, 4)));
    const core = await createPostgresCore(book);
    expect(value(await core.call('notes.list', { customerId: rows[0].id }))).toEqual([expect.objectContaining({ text: 'owes GH₵20', alert: false, alertClearedAt: null })]);
    expect(value(await core.call('notes.add', { customerId: rows[0].id, type: 'issue', text: 'allergic to nuts', alert: true }))).toMatchObject({ alert: true });
  });


  it('gives no customer a card, and a card given after finds its holder (0012)', async () => {
    const old = await bookBefore('0012');
    const { rows } = await old.pool.query<{ id: number }>("INSERT INTO customers (first_name, created_at, updated_at) VALUES ('Kwame', 'x', 'x') RETURNING id");
    const book = await open(old.url);
    onTestFinished(() => book.close());
    expect(book.migrated.map((tag) => tag.slice(0, 4))).toEqual(knownTags.filter((tag) => tag >= '0012').map((tag) => tag.slice(0, 4)));
    const core = await createPostgresCore(book);
    expect(value(await core.call('customers.get', { id: rows[0].id }))).toMatchObject({ cardCode: null });
    value(await core.call('cards.issue', { customerId: rows[0].id, code: 'OLD-0042' }));
    expect(value(await core.call('cards.find', { code: 'old-0042' })).id).toBe(rows[0].id);
  });

  it("lets a deleted note's text go from the audit log's values, and keeps every other value append-only (0015)", async () => {
    const old = await bookBefore('0015');
    const { rows } = await old.pool.query<{ id: number }>("INSERT INTO customers (first_name, created_at, updated_at) VALUES ('Kwame', 'x', 'x') RETURNING id");
    const noteOf = async (text: string) => {
      const note = await old.pool.query<{ id: number }>("INSERT INTO notes (customer_id, type, text, author_id, created_at, updated_at) VALUES ($1, 'issue', $2, 1, 'x', 'x') RETURNING id", [rows[0].id, text]);
      const entry = await old.pool.query<{ id: number }>("INSERT INTO audit_log (at, actor_id, method, entity_type, entity_id, details) VALUES ('x', 1, 'notes.edit', 'note', $1, '{}') RETURNING id", [note.rows[0].id]);
      await old.pool.query("INSERT INTO audit_changes (entry_id, customer_id, field, before, after) VALUES ($1, $2, 'text', '\"was\"', $3)", [entry.rows[0].id, rows[0].id, JSON.stringify(text)]);
      return note.rows[0].id;
    };
    const owes = await noteOf('owes GH₵20');
    await noteOf('prefers size M');
    const book = await open(old.url);
    onTestFinished(() => book.close());
    expect(book.migrated.map((tag) => tag.slice(0, 4))).toEqual(knownTags.filter((tag) => tag >= '0015').map((tag) => tag.slice(0, 4)));
    const core = await createPostgresCore(book);
    value(await core.call('notes.delete', { id: owes }));
    expect((await book.pool.query('SELECT after FROM audit_changes')).rows).toEqual([{ after: '"prefers size M"' }]);
    await expect(book.pool.query('DELETE FROM audit_changes')).rejects.toThrow(/append-only/);
  });

  it('rebuilds the name order indexes with the names in them, and the name tiers still find and order the same customers (0017)', async () => {
    const old = await bookBefore('0017');
    await old.pool.query(
      `INSERT INTO customers (first_name, last_name, status, created_at, updated_at) VALUES
         ('Kofi', 'Mensah', 'active', 'x', 'x'), ('kobby', NULL, 'active', 'x', 'x'), ('Ama', 'Kotei', 'active', 'x', 'x'),
         ('Kojo', 'Asante', 'archived', 'x', 'x'), ('Kwame', 'Koranteng', 'active', 'x', 'x')`,
    );
    // More than RANK_ALL_UP_TO names that start with "ko", so that the page comes from the name tiers.
    await old.pool.query(
      `INSERT INTO customers (first_name, status, created_at, updated_at) SELECT 'Kofi' || lpad(g::text, 3, '0'), 'active', 'x', 'x' FROM generate_series(1, 400) AS g`,
    );
    const book = await open(old.url);
    onTestFinished(() => book.close());
    expect(book.migrated.map((tag) => tag.slice(0, 4))).toEqual(knownTags.filter((tag) => tag >= '0017').map((tag) => tag.slice(0, 4)));
    const indexes = await book.pool.query<{ indexname: string; indexdef: string }>(
      "SELECT indexname, indexdef FROM pg_indexes WHERE indexname IN ('customers_search_first_name_order', 'customers_search_last_name_order') ORDER BY indexname",
    );
    expect(indexes.rows.map((row) => row.indexname)).toEqual(['customers_search_first_name_order', 'customers_search_last_name_order']);
    for (const row of indexes.rows) expect(row.indexdef).toContain('INCLUDE (first_name, last_name)');
    const found = async (query: string, status?: 'active' | 'archived') => {
      const ids = await searchCustomerIds(book.pool, { query, limit: 20, status }, { phoneCountry: 'GH' });
      const names = await book.pool.query<{ id: number; first_name: string }>('SELECT id, first_name FROM customers WHERE id = ANY ($1)', [ids]);
      return ids.map((id) => names.rows.find((row) => row.id === id)!.first_name);
    };
    // First names in NOCASE's order (kobby before Kofi), a page of them; the archived customer only among the archived.
    expect(await found('ko')).toEqual(['kobby', 'Kofi', ...Array.from({ length: 18 }, (_, i) => `Kofi${String(i + 1).padStart(3, '0')}`)]);
    expect(await found('ko', 'archived')).toEqual(['Kojo']);
  });

  it("counts the active customers' emails and subscriptions already in the book from the new index (0018)", async () => {
    const old = await bookBefore('0018');
    await old.pool.query(
      `INSERT INTO customers (first_name, email, email_consent, status, created_at, updated_at) VALUES
         ('Ama', 'ama@example.com', 'subscribed', 'active', 'x', 'x'), ('Kofi', 'kofi@example.com', 'not_asked', 'active', 'x', 'x'),
         ('Esi', NULL, 'subscribed', 'active', 'x', 'x'), ('Yaw', 'yaw@example.com', 'subscribed', 'archived', 'x', 'x')`,
    );
    const book = await open(old.url);
    onTestFinished(() => book.close());
    expect(book.migrated.map((tag) => tag.slice(0, 4))).toEqual(knownTags.filter((tag) => tag >= '0018').map((tag) => tag.slice(0, 4)));
    const indexes = await book.pool.query<{ indexdef: string }>("SELECT indexdef FROM pg_indexes WHERE indexname = 'customers_status_email_consent_with_email'");
    expect(indexes.rows.map((row) => row.indexdef)).toEqual([expect.stringContaining('WHERE (email IS NOT NULL)')]);
    // Of the two active customers with an email, Ama subscribed; Esi has no email, Yaw is archived.
    const core = await createPostgresCore(book);
    expect(value(await core.call('stats.get', {})).emailOptInRate).toBe(0.5);
  });
});
