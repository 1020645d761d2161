import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { createCore } from '../../../db/core';
import { DatabaseOpenError, openDatabase } from '../../../db/open';
import { migrationsFolder, tempDir, value } from '../helpers';

const journal = JSON.parse(fs.readFileSync(path.join(migrationsFolder, 'meta', '_journal.json'), 'utf8')) as {
  entries: { when: number; tag: string }[];
};

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
    const dir = tempDir();
    const older = path.join(dir, 'migrations');
    fs.cpSync(migrationsFolder, older, { recursive: true });
    const before = journal.entries.findIndex((e) => e.tag.startsWith('0006_'));
    fs.writeFileSync(path.join(older, 'meta', '_journal.json'), JSON.stringify({ ...journal, entries: journal.entries.slice(0, before) }));
    const file = path.join(dir, 'old.db');
    const old = openDatabase({ file, migrationsFolder: older, defaults: { currency: 'GHS', phoneCountry: 'GH' } });
    const oldCore = createCore(old);
    const ama = value(oldCore.call('customers.create', { firstName: 'Ama', lastName: 'Mensah', phone: '024 412 3456', email: 'ama@example.com' }));
    const efua = value(oldCore.call('customers.create', { firstName: 'Efua', lastName: 'Ébo' }));
    value(oldCore.call('customers.update', { id: efua.id, patch: { lastName: 'Ébo-Asare' } }));
    old.close();
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
