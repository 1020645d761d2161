import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { createCore } from '../../../db/core';
import { DatabaseOpenError, openDatabase } from '../../../db/open';
import { normalisePhone } from '../../../shared/format/phone';
import { migrationsFolder, tempDir, value } from '../helpers';

const journal = JSON.parse(fs.readFileSync(path.join(migrationsFolder, 'meta', '_journal.json'), 'utf8')) as {
  entries: { when: number; tag: string }[];
};

/** A book as the app wrote it just before the migration named `tag`, open for raw writes (with its first owner). */
function bookBefore(tag: string) {
  const dir = tempDir();
  const older = path.join(dir, 'migrations');
  fs.cpSync(migrationsFolder, older, { recursive: true });
  const before = journal.entries.findIndex((e) => e.tag.startsWith(tag));
  fs.writeFileSync(path.join(older, 'meta', '_journal.json'), JSON.stringify({ ...journal, entries: journal.entries.slice(0, before) }));
  const file = path.join(dir, 'old.db');
  openDatabase({ file, migrationsFolder: older, defaults: { currency: 'GHS', phoneCountry: 'GH' } }).close();
  return { file, sqlite: new Database(file) };
}

describe('opening a database', () => {
  it('migrates an empty file and sets the durability pragmas', () => {
    const file = path.join(tempDir(), 'new.db');
    const db = openDatabase({ file, migrationsFolder });
    const tables = (db.sqlite.prepare("SELECT name FROM sqlite_master WHERE type IN ('table') ORDER BY name").all() as { name: string }[]).map(
      (t) => t.name,
    );
    expect(tables).toEqual(expect.arrayContaining(['customers', 'customer_preferences', 'notes', 'sales', 'settings', 'staff', 'timeline_events', 'customers_trigram', 'customers_prefix']));
    expect(db.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.sqlite.pragma('synchronous', { simple: true })).toBe(2); // FULL
    expect(Number(db.sqlite.pragma('busy_timeout', { simple: true }))).toBeGreaterThan(0);
    const applied = db.sqlite.prepare('SELECT count(*) AS n FROM __drizzle_migrations').get() as { n: number };
    expect(applied.n).toBe(journal.entries.length);
    const staff = value(createCore(db).call('staff.list', {}));
    expect(staff).toEqual([expect.objectContaining({ name: 'Owner', role: 'owner' })]);
    db.close();
  });

  it('reopens idempotently, keeping data and settings', () => {
    const file = path.join(tempDir(), 'again.db');
    const first = openDatabase({ file, migrationsFolder, defaults: { currency: 'GHS', phoneCountry: 'GH' } });
    value(createCore(first).call('customers.create', { firstName: 'Ama', phone: '024 412 3456' }));
    first.close();
    for (let i = 0; i < 2; i++) {
      const again = openDatabase({ file, migrationsFolder, defaults: { currency: 'EUR', phoneCountry: 'FR' } });
      const core = createCore(again);
      expect(value(core.call('settings.get', {})).currency).toBe('GHS');
      expect(value(core.call('customers.list', {})).total).toBe(1);
      expect(value(core.call('staff.list', {}))).toHaveLength(1);
      expect((again.sqlite.prepare('SELECT count(*) AS n FROM __drizzle_migrations').get() as { n: number }).n).toBe(journal.entries.length);
      again.close();
    }
  });

  it('upgrades a file from each earlier version to the current one', () => {
    for (let keep = 1; keep < journal.entries.length; keep++) {
      const dir = tempDir();
      const older = path.join(dir, 'migrations');
      fs.cpSync(migrationsFolder, older, { recursive: true });
      fs.writeFileSync(path.join(older, 'meta', '_journal.json'), JSON.stringify({ ...journal, entries: journal.entries.slice(0, keep) }));
      const file = path.join(dir, 'old.db');
      openDatabase({ file, migrationsFolder: older }).close();
      const current = openDatabase({ file, migrationsFolder });
      const core = createCore(current);
      value(core.call('customers.create', { firstName: 'Kofi', email: 'kofi@example.com' }));
      expect(value(core.call('customers.search', { query: 'kofi' }))).toHaveLength(1);
      current.close();
    }
  });

  it('keeps every customer findable through the search index rebuild (0006)', () => {
    // Written as the app before 0006 wrote it: raw SQL, since today's core writes today's columns.
    const { file, sqlite } = bookBefore('0006_');
    const insert = sqlite.prepare(
      `INSERT INTO customers (first_name, last_name, phone, phone_e164, phone_search, email, created_at, updated_at)
       VALUES (@first, @last, @phone, @e164, @search, @email, @at, @at) RETURNING id`,
    );
    const phone = normalisePhone('024 412 3456', 'GH')!;
    const at = '2026-01-01T10:00:00.000Z';
    const ama = insert.get({ first: 'Ama', last: 'Mensah', phone: '024 412 3456', e164: phone.e164, search: phone.searchDigits, email: 'ama@example.com', at }) as { id: number };
    const efua = insert.get({ first: 'Efua', last: 'Ébo', phone: null, e164: null, search: null, email: null, at }) as { id: number };
    sqlite.prepare("UPDATE customers SET last_name = 'Ébo-Asare' WHERE id = ?").run(efua.id);
    sqlite.close();
    const current = openDatabase({ file, migrationsFolder });
    const core = createCore(current);
    for (const [query, id] of [['mens', ama.id], ['4123', ama.id], ['am', ama.id], ['sare', efua.id], ['eb', efua.id]] as const) {
      expect(value(core.call('customers.search', { query })).map((c) => c.id), query).toEqual([id]);
    }
    expect(value(core.call('customers.search', { query: 'ebo-asare' })).map((c) => c.id)).toEqual([efua.id]);
    // The indexes keep no copy of the text any more: searches read only rowids.
    expect(current.sqlite.prepare('SELECT name FROM customers_trigram').pluck().all()).toEqual([null, null]);
    current.close();
  });

  it('takes merged and erased records out of search, and keeps every row and total (0007)', () => {
    const { file, sqlite } = bookBefore('0007_');
    const insert = sqlite.prepare(
      `INSERT INTO customers (first_name, last_name, email, status, merged_into, erased_at, purchase_count, total_spent, created_at, updated_at)
       VALUES (@first, @last, @email, @status, @mergedInto, @erasedAt, @purchases, @spent, @at, @at) RETURNING id`,
    );
    const at = '2026-01-01T10:00:00.000Z';
    const row = { last: null, email: null, status: 'active', mergedInto: null, erasedAt: null, purchases: 0, spent: 0, at };
    const kept = insert.get({ ...row, first: 'Kwame', last: 'Owusu', email: 'kwame@example.com', purchases: 1, spent: 2500 }) as { id: number };
    const merged = insert.get({ ...row, first: 'Kwami', last: 'Owusuu', status: 'archived', mergedInto: kept.id }) as { id: number };
    const erased = insert.get({ ...row, first: 'Erased customer', status: 'archived', erasedAt: at, purchases: 1, spent: 900 }) as { id: number };
    sqlite.prepare("INSERT INTO sales (customer_id, occurred_at, amount, items, payment_method, author_id, created_at) VALUES (?, ?, 2500, 1, 'cash', 1, ?)").run(kept.id, at, at);
    sqlite.prepare("INSERT INTO sales (customer_id, occurred_at, amount, items, payment_method, author_id, created_at) VALUES (?, ?, 900, 1, 'cash', NULL, ?)").run(erased.id, at, at);
    sqlite.prepare("INSERT INTO notes (customer_id, type, text, author_id, created_at, updated_at) VALUES (?, 'personal', 'likes green', 1, ?, ?)").run(kept.id, at, at);
    const indexed = (id: number) => sqlite.prepare('SELECT count(*) FROM customers_prefix WHERE rowid = ?').pluck().get(id);
    expect([indexed(kept.id), indexed(merged.id), indexed(erased.id)]).toEqual([1, 1, 1]);
    sqlite.close();

    const current = openDatabase({ file, migrationsFolder });
    const core = createCore(current);
    expect(value(core.call('customers.search', { query: 'owus' })).map((c) => c.id)).toEqual([kept.id]);
    expect(value(core.call('customers.search', { query: 'erased' }))).toEqual([]);
    const count = (table: string) => current.sqlite.prepare(`SELECT count(*) FROM ${table}`).pluck().get();
    expect([count('customers'), count('sales'), count('notes'), count('customers_prefix'), count('customers_trigram')]).toEqual([3, 2, 1, 1, 1]);
    expect(value(core.call('customers.get', { id: kept.id }))).toMatchObject({ purchases: 1, totalSpent: 2500, createdBy: null });
    expect(value(core.call('notes.list', { customerId: kept.id }))[0].author).toEqual({ id: 1, name: 'Owner' });
    expect(value(core.call('sales.list', { customerId: erased.id }))[0]).toMatchObject({ amount: 900, author: null, voidedBy: null });
    expect(value(core.call('stats.get', {})).customerRevenue).toBe(3400);
    current.close();
  });

  it('refuses a database written by a newer version, and changes nothing', () => {
    const file = path.join(tempDir(), 'newer.db');
    openDatabase({ file, migrationsFolder }).close();
    const raw = new Database(file);
    raw.prepare('INSERT INTO __drizzle_migrations (hash, created_at) VALUES (?, ?)').run('from-the-future', 99_999_999_999_999);
    raw.close();
    const before = fs.readFileSync(file);
    expect(() => openDatabase({ file, migrationsFolder })).toThrow(DatabaseOpenError);
    expect(() => openDatabase({ file, migrationsFolder })).toThrow(/newer version of Regulars/);
    expect(fs.readFileSync(file).equals(before)).toBe(true);
  });

  it('refuses a database that skipped a known migration instead of applying it out of order', () => {
    const file = path.join(tempDir(), 'gap.db');
    openDatabase({ file, migrationsFolder }).close();
    const raw = new Database(file);
    raw.prepare('DELETE FROM __drizzle_migrations WHERE created_at = ?').run(journal.entries[0].when);
    raw.close();
    expect(() => openDatabase({ file, migrationsFolder })).toThrow(/skipped migration/);
  });

  it('gives a clear error for a file that is not a database', () => {
    const file = path.join(tempDir(), 'notes.txt');
    fs.writeFileSync(file, 'this is not sqlite, just some text that is long enough to have a header'.repeat(20));
    expect(() => openDatabase({ file, migrationsFolder })).toThrow(/is damaged \(file is not a database\)\. Nothing was written to it/);
  });
});
