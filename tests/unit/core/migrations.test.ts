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
    // 128 MB, or what the opener asks for (the desktop's writer asks for a quarter of it).
    expect(db.sqlite.pragma('cache_size', { simple: true })).toBe(-128 * 1024);
    const writerLike = openDatabase({ file, migrationsFolder, pageCacheMb: 32 });
    expect(writerLike.sqlite.pragma('cache_size', { simple: true })).toBe(-32 * 1024);
    writerLike.close();
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

  it('reopens an up-to-date book from the journal alone, without reading the migrations again', () => {
    const dir = tempDir();
    const folder = path.join(dir, 'migrations');
    fs.cpSync(migrationsFolder, folder, { recursive: true });
    const file = path.join(dir, 'current.db');
    openDatabase({ file, migrationsFolder: folder }).close();
    for (const sql of fs.readdirSync(folder).filter((name) => name.endsWith('.sql'))) fs.rmSync(path.join(folder, sql));
    const again = openDatabase({ file, migrationsFolder: folder });
    expect(again.migrated).toEqual([]);
    again.close();
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

  // One test per migration, from the version before it with data in it: the rows the app of that day wrote
  // (raw SQL, since today's core writes today's columns) must survive, and the migration's point must hold.
  const at = '2026-01-01T10:00:00.000Z';

  it('makes the customers already in the book findable by any part of a name, email or phone (0001)', () => {
    const { file, sqlite } = bookBefore('0001_');
    const insert = sqlite.prepare(
      `INSERT INTO customers (first_name, last_name, phone, phone_e164, phone_search, email, purchase_count, total_spent, items_bought, first_purchase_at, last_purchase_at, created_at, updated_at)
       VALUES (@first, @last, @phone, @e164, @search, @email, @purchases, @spent, @purchases, @lastPurchase, @lastPurchase, @at, @at) RETURNING id`,
    );
    const phone = normalisePhone('024 412 3456', 'GH')!;
    const ama = insert.get({ first: 'Ama', last: 'Mensah', phone: '024 412 3456', e164: phone.e164, search: phone.searchDigits, email: 'ama@example.com', purchases: 1, spent: 2500, lastPurchase: at, at }) as { id: number };
    const kofi = insert.get({ first: 'Kofi', last: 'Boateng', phone: null, e164: null, search: null, email: null, purchases: 0, spent: 0, lastPurchase: null, at }) as { id: number };
    sqlite.prepare("INSERT INTO sales (customer_id, occurred_at, amount, items, payment_method, author_id, created_at) VALUES (?, ?, 2500, 1, 'cash', 1, ?)").run(ama.id, at, at);
    sqlite.prepare("INSERT INTO notes (customer_id, type, text, author_id, created_at, updated_at) VALUES (?, 'personal', 'likes green', 1, ?, ?)").run(ama.id, at, at);
    sqlite.close();

    const current = openDatabase({ file, migrationsFolder });
    const core = createCore(current);
    // 0001 indexed only customers written after it; 0006's refill is what brings these in (and must keep doing so).
    for (const [query, id] of [['mens', ama.id], ['ama@ex', ama.id], ['4123', ama.id], ['boat', kofi.id], ['ko', kofi.id]] as const) {
      expect(value(core.call('customers.search', { query })).map((c) => c.id), query).toEqual([id]);
    }
    expect(value(core.call('customers.get', { id: ama.id }))).toMatchObject({ phoneE164: '+233244123456', purchases: 1, totalSpent: 2500 });
    expect(value(core.call('notes.list', { customerId: ama.id })).map((n) => n.text)).toEqual(['likes green']);
    // And the triggers keep a later change in step.
    value(core.call('customers.update', { id: kofi.id, patch: { lastName: 'Asante' } }));
    expect(value(core.call('customers.search', { query: 'boat' }))).toEqual([]);
    expect(value(core.call('customers.search', { query: 'asan' })).map((c) => c.id)).toEqual([kofi.id]);
    current.close();
  });

  it('gives every customer an empty merged-into and the shop the default sale ceiling (0002)', () => {
    const { file, sqlite } = bookBefore('0002_');
    const insert = sqlite.prepare('INSERT INTO customers (first_name, last_name, created_at, updated_at) VALUES (?, ?, ?, ?) RETURNING id');
    const ids = ['ama', 'Kofi', 'bea'].map((first) => (insert.get(first, null, at, at) as { id: number }).id);
    sqlite.prepare("UPDATE settings SET shop_name = 'Ama''s Shoes'").run();
    sqlite.close();

    const current = openDatabase({ file, migrationsFolder });
    const core = createCore(current);
    expect(value(core.call('settings.get', {}))).toMatchObject({ shopName: "Ama's Shoes", saleCeiling: 10_000_000 });
    expect(ids.map((id) => value(core.call('customers.get', { id })).mergedInto)).toEqual([null, null, null]);
    // Names sort without regard to case, from the index 0002 built for it.
    expect(value(core.call('customers.list', { sort: 'name' })).rows.map((c) => c.firstName)).toEqual(['ama', 'bea', 'Kofi']);
    const indexes = current.sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'customers'").pluck().all();
    expect(indexes).toContain('customers_status_name_nocase');
    expect(indexes).not.toContain('customers_status_name');
    expect(core.call('sales.record', { customerId: ids[0], amount: 10_000_001 })).toMatchObject({ ok: false, error: { code: 'validation' } });
    expect(value(core.call('sales.record', { customerId: ids[0], amount: 10_000_000 })).amount).toBe(10_000_000);
    current.close();
  });

  it("asks no customer's consent on their behalf, and opens the owner's desk on the old data (0003)", () => {
    const { file, sqlite } = bookBefore('0003_');
    const ama = sqlite
      .prepare("INSERT INTO customers (first_name, email, phone, phone_e164, phone_search, created_at, updated_at) VALUES ('Ama', 'ama@example.com', ?, ?, ?, ?, ?) RETURNING id")
      .get('024 412 3456', '+233244123456', '0244123456', at, at) as { id: number };
    sqlite.close();

    const current = openDatabase({ file, migrationsFolder });
    const core = createCore(current);
    expect(value(core.call('customers.get', { id: ama.id }))).toMatchObject({ firstName: 'Ama', email: 'ama@example.com', emailConsent: 'not_asked', smsConsent: 'not_asked', erasedAt: null });
    const tables = current.sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all();
    expect(tables).toEqual(expect.arrayContaining(['audit_log', 'import_batches', 'import_changes', 'saved_segments', 'consent_events', 'suppressions']));
    // The desk's tables work on a customer from before them: consent recorded, a segment saved and counted, all audited.
    value(core.call('consent.set', { customerId: ama.id, channel: 'email', status: 'subscribed', method: 'counter_verbal', wording: 'May we email you offers?' }));
    expect(value(core.call('customers.get', { id: ama.id })).emailConsent).toBe('subscribed');
    expect(value(core.call('segments.save', { name: 'Subscribers', conditions: { emailConsent: 'subscribed' } })).count).toBe(1);
    expect(value(core.call('audit.list', {})).entries.map((e) => e.method)).toEqual(expect.arrayContaining(['consent.set', 'segments.save']));
    current.close();
  });

  it('keeps the audit entries written before it, and from then on refuses to change or remove them (0004)', () => {
    const { file, sqlite } = bookBefore('0004_');
    const ama = sqlite.prepare("INSERT INTO customers (first_name, created_at, updated_at) VALUES ('Ama', ?, ?) RETURNING id").get(at, at) as { id: number };
    sqlite.prepare("INSERT INTO audit_log (at, actor_id, method, entity_id, details) VALUES (?, 1, 'customers.create', ?, '{\"name\":\"Ama\"}')").run(at, ama.id);
    // Before 0004 nothing stopped a stray edit: that is what it closes.
    sqlite.prepare("UPDATE audit_log SET method = 'customers.update'").run();
    sqlite.close();

    const current = openDatabase({ file, migrationsFolder });
    const [entry] = value(createCore(current).call('audit.list', {})).entries;
    expect(entry).toMatchObject({ at, method: 'customers.update', entityId: ama.id, actor: { id: 1, name: 'Owner' }, details: { name: 'Ama' } });
    expect(() => current.sqlite.prepare("UPDATE audit_log SET method = 'customers.erase'").run()).toThrow(/append-only/);
    expect(() => current.sqlite.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
    expect(current.sqlite.prepare('SELECT method FROM audit_log').pluck().all()).toEqual(['customers.update']);
    current.close();
  });

  it('keeps the staff written before PINs, signed out until they choose one, then slowed after wrong tries (0005)', async () => {
    const { file, sqlite } = bookBefore('0005_');
    const kofi = sqlite.prepare("INSERT INTO staff (name, role, created_at) VALUES ('Kofi', 'staff', ?) RETURNING id").get(at) as { id: number };
    sqlite.prepare("INSERT INTO audit_log (at, actor_id, method, entity_id, details) VALUES (?, ?, 'customers.create', NULL, '{}')").run(at, kofi.id);
    sqlite.close();

    const current = openDatabase({ file, migrationsFolder });
    const core = createCore(current);
    expect(value(core.call('staff.list', {}))).toEqual([
      expect.objectContaining({ name: 'Owner', role: 'owner', hasPin: false, active: true, lockedUntil: null }),
      expect.objectContaining({ id: kofi.id, name: 'Kofi', role: 'staff', hasPin: false, active: true, lockedUntil: null }),
    ]);
    expect(current.sqlite.prepare('SELECT failed_attempts FROM staff').pluck().all()).toEqual([0, 0]);
    expect(value(core.call('settings.get', {}))).toMatchObject({ idleLockMinutes: 5, backupFolder: null });
    expect(value(core.call('audit.list', {})).entries).toEqual([expect.objectContaining({ method: 'customers.create', actor: { id: kofi.id, name: 'Kofi' }, entityType: null })]);

    const signIn = (pin: string) => core.handle('auth.signIn', { staffId: kofi.id, pin }, null);
    expect(await signIn('1234')).toMatchObject({ ok: false, error: { code: 'not_found', message: 'Pick your name from the list' } });
    value(core.call('staff.setPin', { id: kofi.id, pin: '5678' }));
    for (const _ of [1, 2]) expect(await signIn('0000')).toMatchObject({ ok: false, error: { message: 'Wrong PIN. Try again.' } });
    expect(await signIn('0000')).toMatchObject({ ok: false, error: { message: 'Wrong PIN. Wait 5 seconds before trying again.' } });
    expect(value(core.call('staff.list', {})).find((m) => m.id === kofi.id)?.lockedUntil).not.toBeNull();
    current.close();
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

  it('starts every customer with no points and every sale with no discount, loyalty off, and earns from the next sale (0010)', () => {
    const { file, sqlite } = bookBefore('0010_');
    const at = '2026-01-01T10:00:00.000Z';
    const { id } = sqlite
      .prepare("INSERT INTO customers (first_name, purchase_count, total_spent, first_purchase_at, last_purchase_at, created_at, updated_at) VALUES ('Kwame', 1, 2500, ?, ?, ?, ?) RETURNING id")
      .get(at, at, at, at) as { id: number };
    sqlite.prepare("INSERT INTO sales (customer_id, occurred_at, amount, items, payment_method, author_id, created_at) VALUES (?, ?, 2500, 1, 'cash', 1, ?)").run(id, at, at);
    sqlite.close();

    const current = openDatabase({ file, migrationsFolder });
    const core = createCore(current, { now: () => new Date('2026-02-01T10:00:00.000Z') });
    expect(value(core.call('customers.get', { id }))).toMatchObject({ loyaltyPoints: 0, purchases: 1, totalSpent: 2500 });
    expect(value(core.call('sales.list', { customerId: id }))).toEqual([expect.objectContaining({ amount: 2500, discount: 0 })]);
    expect(value(core.call('settings.get', {})).loyalty).toBeNull();
    value(core.call('loyalty.setScheme', { scheme: { spendPerPoint: 100, rewardPoints: 10, rewardValue: 200, expireMonths: null } }));
    expect(value(core.call('sales.record', { customerId: id, amount: 1500 })).customer).toMatchObject({ loyaltyPoints: 15, totalSpent: 4000 });
    current.close();
  });

  it('keeps every note, none of them an alert, and a note added after can be one (0011)', () => {
    const { file, sqlite } = bookBefore('0011_');
    const at = '2026-01-01T10:00:00.000Z';
    const { id } = sqlite.prepare("INSERT INTO customers (first_name, created_at, updated_at) VALUES ('Kwame', ?, ?) RETURNING id").get(at, at) as { id: number };
    sqlite.prepare("INSERT INTO notes (customer_id, type, text, author_id, created_at, updated_at) VALUES (?, 'issue', 'owes GH₵20', 1, ?, ?)").run(id, at, at);
    sqlite.close();

    const current = openDatabase({ file, migrationsFolder });
    const core = createCore(current);
    expect(value(core.call('notes.list', { customerId: id }))).toEqual([expect.objectContaining({ text: 'owes GH₵20', alert: false, alertClearedAt: null, alertClearedBy: null })]);
    expect(value(core.call('notes.add', { customerId: id, type: 'issue', text: 'allergic to nuts', alert: true }))).toMatchObject({ alert: true });
    current.close();
  });

  it('gives no customer a card, and a card given after finds its holder (0012)', () => {
    const { file, sqlite } = bookBefore('0012_');
    const at = '2026-01-01T10:00:00.000Z';
    const { id } = sqlite.prepare("INSERT INTO customers (first_name, created_at, updated_at) VALUES ('Kwame', ?, ?) RETURNING id").get(at, at) as { id: number };
    sqlite.close();

    const current = openDatabase({ file, migrationsFolder });
    const core = createCore(current);
    expect(value(core.call('customers.get', { id }))).toMatchObject({ cardCode: null });
    value(core.call('cards.issue', { customerId: id, code: 'OLD-0042' }));
    expect(value(core.call('cards.find', { code: 'old-0042' })).id).toBe(id);
    current.close();
  });

  it("lets a deleted note's text go from the audit log's values, and keeps every other value append-only (0014)", () => {
    const { file, sqlite } = bookBefore('0014_');
    const { id } = sqlite.prepare("INSERT INTO customers (first_name, created_at, updated_at) VALUES ('Kwame', ?, ?) RETURNING id").get(at, at) as { id: number };
    const noteOf = (text: string) => {
      const note = sqlite.prepare("INSERT INTO notes (customer_id, type, text, author_id, created_at, updated_at) VALUES (?, 'issue', ?, 1, ?, ?) RETURNING id").get(id, text, at, at) as { id: number };
      const entry = sqlite.prepare("INSERT INTO audit_log (at, actor_id, method, entity_type, entity_id, details) VALUES (?, 1, 'notes.edit', 'note', ?, '{}') RETURNING id").get(at, note.id) as { id: number };
      sqlite.prepare("INSERT INTO audit_changes (entry_id, customer_id, field, before, after) VALUES (?, ?, 'text', '\"was\"', ?)").run(entry.id, id, JSON.stringify(text));
      return note.id;
    };
    const owes = noteOf('owes GH₵20');
    noteOf('prefers size M');
    sqlite.close();

    const current = openDatabase({ file, migrationsFolder });
    value(createCore(current).call('notes.delete', { id: owes }));
    expect(current.sqlite.prepare('SELECT after FROM audit_changes').pluck().all()).toEqual(['"prefers size M"']);
    expect(() => current.sqlite.prepare('DELETE FROM audit_changes').run()).toThrow(/append-only/);
    current.close();
  });

  it("counts the same week's birthdays and first-purchase anniversaries through the new indexes (0015)", () => {
    const { file, sqlite } = bookBefore('0015_');
    const add = sqlite.prepare(
      'INSERT INTO customers (first_name, birthday_month, birthday_day, first_purchase_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)',
    );
    const created = '2020-01-01T10:00:00.000Z';
    add.run('Ama, birthday in two days', 12, 31, null, created, created);
    add.run('Kofi, birthday over the new year', 1, 2, null, created, created);
    add.run('Esi, birthday next month', 1, 20, null, created, created);
    add.run('Yaw, first bought two years ago this week', null, null, '2024-12-30T15:00:00.000Z', created, created);
    add.run('Efua, first bought this week last year', null, null, '2025-12-31T08:00:00.000Z', created, created);
    add.run('Kojo, first bought this spring', null, null, '2025-04-02T08:00:00.000Z', created, created);
    sqlite.close();

    const current = openDatabase({ file, migrationsFolder });
    const counts = Object.fromEntries(
      value(createCore(current, { now: () => new Date('2026-12-29T09:00:00.000Z') }).call('segments.list', {})).map((s) => [s.key, s.count]),
    );
    expect(counts).toMatchObject({ birthdays_next_7: 2, anniversary_this_week: 2 });
    const indexes = current.sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'customers'").pluck().all();
    expect(indexes).toEqual(expect.arrayContaining(['customers_status_birthday_day', 'customers_status_anniversary']));
    expect(indexes).not.toContain('customers_status_birthday');
    current.close();
  });

  it('tallies the customers already in the book, then keeps the tallies in step (0016)', () => {
    const { file, sqlite } = bookBefore('0016_');
    const add = sqlite.prepare(
      `INSERT INTO customers (first_name, type, status, purchase_count, total_spent, erased_at, merged_into, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const created = '2020-01-01T10:00:00.000Z';
    const ama = add.run('Ama', 'regular', 'active', 3, 9000, null, null, created, created).lastInsertRowid;
    add.run('Kofi', 'regular', 'active', 1, 500, null, null, created, created);
    add.run('Esi', 'walk_in', 'active', 0, 0, null, null, created, created);
    add.run('Yaw', 'walk_in', 'archived', 2, 1200, null, null, created, created);
    add.run('Ama (merged)', 'regular', 'archived', 0, 0, null, ama, created, created);
    add.run('(erased)', 'walk_in', 'archived', 1, 700, created, null, created, created);
    sqlite.close();

    const current = openDatabase({ file, migrationsFolder });
    const core = createCore(current, { now: () => new Date('2026-12-29T09:00:00.000Z') });
    expect(value(core.call('stats.get', {}))).toMatchObject({ totalCustomers: 3, purchasingCustomers: 2, repeatCustomers: 1, customerRevenue: 11400 });
    const total = (input: { status?: 'active' | 'archived'; type?: 'regular' | 'walk_in' }) => value(core.call('customers.list', { limit: 1, ...input })).total;
    expect([total({}), total({ type: 'regular' }), total({ status: 'archived' }), total({ status: 'archived', type: 'walk_in' })]).toEqual([3, 2, 1, 1]);
    value(core.call('sales.record', { customerId: Number(ama), amount: 250 }));
    value(core.call('customers.archive', { id: Number(ama) }));
    expect(value(core.call('stats.get', {}))).toMatchObject({ totalCustomers: 2, repeatCustomers: 0, customerRevenue: 11650 });
    expect([total({ type: 'regular' }), total({ status: 'archived', type: 'regular' })]).toEqual([1, 1]);
    current.close();
  });

  it("counts the active customers' emails and subscriptions already in the book, then keeps them in step (0017)", () => {
    const { file, sqlite } = bookBefore('0017_');
    const add = sqlite.prepare(
      `INSERT INTO customers (first_name, email, email_consent, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)`,
    );
    const created = '2020-01-01T10:00:00.000Z';
    const ama = add.run('Ama', 'ama@example.com', 'subscribed', 'active', created, created).lastInsertRowid;
    add.run('Kofi', 'kofi@example.com', 'not_asked', 'active', created, created);
    add.run('Esi', null, 'not_asked', 'active', created, created);
    add.run('Yaw', 'yaw@example.com', 'subscribed', 'archived', created, created);
    add.run('Efua', 'efua@example.com', 'unsubscribed', 'active', created, created);
    sqlite.close();

    const current = openDatabase({ file, migrationsFolder });
    const core = createCore(current, { now: () => new Date('2026-12-29T09:00:00.000Z') });
    // Of the three active customers with an email, Ama subscribed; archived Yaw is not counted.
    expect(value(core.call('stats.get', {}))).toMatchObject({ totalCustomers: 4, emailOptInRate: 1 / 3 });
    value(core.call('customers.update', { id: Number(ama), patch: { email: null } }));
    expect(value(core.call('stats.get', {})).emailOptInRate).toBe(0);
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
