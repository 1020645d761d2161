import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { automaticBackupName, inspectBackup, listBackups, restoreBackup, rotateBackups, writeBackup } from '../../../db/backups';
import { createCore } from '../../../db/core';
import { DatabaseOpenError, openDatabase } from '../../../db/open';
import { migrationsFolder, tempDir, value } from '../helpers';

function book() {
  const dir = tempDir();
  const file = path.join(dir, 'regulars.db');
  const db = openDatabase({ file, migrationsFolder });
  const core = createCore(db);
  const { id } = value(core.call('customers.create', { firstName: 'Ama' }));
  return { dir, file, db, core, id };
}

describe('backups', () => {
  it('makes a consistent copy while sales keep being recorded', async () => {
    const { dir, db, core, id } = book();
    for (let i = 0; i < 500; i++) value(core.call('customers.create', { firstName: `C${i}`, email: `c${i}@example.com` }));
    // Sales are recorded on every turn of the event loop until the backup is done: the copy, made in steps
    // that yield between them, must let them in and hold every one of them, each added to the customer's totals.
    let writes = 0;
    let backingUp = true;
    const recordSale = () => {
      if (!backingUp) return;
      value(core.call('sales.record', { customerId: id, amount: 100 }));
      writes++;
      setImmediate(recordSale);
    };
    setImmediate(recordSale);
    const info = await writeBackup(db.sqlite, path.join(dir, 'backups', 'manual.db'), migrationsFolder).finally(() => (backingUp = false));
    expect(writes).toBeGreaterThan(0);
    expect(info.bytes).toBeGreaterThan(0);
    expect(() => inspectBackup(info.file, migrationsFolder)).not.toThrow();
    const copy = new Database(info.file, { readonly: true });
    const sales = copy.prepare('SELECT count(*) AS n, sum(amount) AS total FROM sales').get() as { n: number; total: number | null };
    const customer = copy.prepare('SELECT purchase_count, total_spent FROM customers WHERE id = ?').get(id) as { purchase_count: number; total_spent: number };
    copy.close();
    expect(sales.n).toBe(writes);
    expect(customer).toEqual({ purchase_count: writes, total_spent: sales.total });
    db.close();
  });

  it('restores a checked backup, keeping the current book aside first', async () => {
    const { dir, file, db, core } = book();
    const backup = await writeBackup(db.sqlite, path.join(dir, 'keep.db'), migrationsFolder);
    value(core.call('customers.create', { firstName: 'After the backup' }));
    db.close();
    const result = restoreBackup({ databaseFile: file, backupFile: backup.file, migrationsFolder });
    expect(result.preRestore).toMatch(/pre-restore-\d{8}-\d{6}\.db$/);
    const restored = openDatabase({ file, migrationsFolder });
    expect(value(createCore(restored).call('customers.list', {})).total).toBe(1);
    restored.close();
    const before = openDatabase({ file: result.preRestore!, migrationsFolder });
    expect(value(createCore(before).call('customers.list', {})).total).toBe(2);
    before.close();
  });

  it('refuses a damaged backup, a newer one, and a file that is not a customer book', async () => {
    const { dir, file, db } = book();
    const good = await writeBackup(db.sqlite, path.join(dir, 'good.db'), migrationsFolder);
    db.close();
    const newer = path.join(dir, 'newer.db');
    fs.copyFileSync(good.file, newer);
    const raw = new Database(newer);
    raw.prepare('INSERT INTO __drizzle_migrations (hash, created_at) VALUES (?, ?)').run('future', 99_999_999_999_999);
    raw.close();
    const damaged = path.join(dir, 'damaged.db');
    const bytes = fs.readFileSync(good.file);
    bytes.fill(0x41, 4096, 8192);
    fs.writeFileSync(damaged, bytes);
    const other = path.join(dir, 'other.db');
    new Database(other).exec('CREATE TABLE t (x)');
    for (const [bad, why] of [[newer, /newer version/], [damaged, /damaged|not a readable/], [other, /not a Regulars/], [path.join(dir, 'none.db'), /no backup/]] as const) {
      expect(() => restoreBackup({ databaseFile: file, backupFile: bad, migrationsFolder })).toThrow(why);
    }
    const reopened = openDatabase({ file, migrationsFolder });
    expect(value(createCore(reopened).call('customers.list', {})).total).toBe(1);
    reopened.close();
  });

  it('rotates automatic backups to 7 daily and 4 weekly, leaving named ones alone', () => {
    const dir = tempDir();
    const now = new Date('2026-03-31T12:00:00Z');
    for (let daysAgo = 0; daysAgo < 40; daysAgo++) {
      for (const hour of [9, 18]) {
        const at = new Date(now.getTime() - daysAgo * 86_400_000);
        at.setUTCHours(hour, 0, 0, 0);
        fs.writeFileSync(path.join(dir, automaticBackupName(at)), 'x');
      }
    }
    fs.writeFileSync(path.join(dir, 'before-the-big-import.db'), 'x');
    rotateBackups(dir, now);
    const left = listBackups(dir).map((b) => path.basename(b.file));
    expect(left).toContain('before-the-big-import.db');
    const automatic = left.filter((name) => name.startsWith('regulars-'));
    expect(automatic).toHaveLength(7 + 3); // one a day for 7 days, then one for each of weeks 2–4
    expect(automatic).toContain('regulars-20260331-180000.db'); // the newest of today
    expect(automatic).not.toContain('regulars-20260331-090000.db');
    expect(automatic).not.toContain('regulars-20260221-180000.db'); // 38 days old
  });
});

describe('startup integrity', () => {
  it('refuses to open a damaged book for writing, pointing to the backups', () => {
    const { file, db } = book();
    db.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    const bytes = fs.readFileSync(file);
    bytes.fill(0x41, 4096 * 2, 4096 * 4);
    fs.writeFileSync(file, bytes);
    let error: unknown;
    try {
      openDatabase({ file, migrationsFolder });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DatabaseOpenError);
    expect((error as Error).message).toMatch(/damaged|Could not open/);
  });
});

describe('a backup is one file', () => {
  // Every host's backups (the desktop worker's automatic and manual ones, the CLI's) are made by writeBackup.
  it('an automatic and a manual backup leave no -wal, -shm or .partial beside them, even after being checked', async () => {
    const { db } = book();
    const dir = tempDir();
    const automatic = await writeBackup(db.sqlite, path.join(dir, automaticBackupName(new Date('2026-12-06T10:00:00Z'))), migrationsFolder);
    await writeBackup(db.sqlite, path.join(dir, 'manual-20261206-100500.db'), migrationsFolder);
    db.close();
    expect(fs.readdirSync(dir).sort()).toEqual(['manual-20261206-100500.db', 'regulars-20261206-100000.db']);
    inspectBackup(automatic.file, migrationsFolder);
    expect(fs.readdirSync(dir)).toHaveLength(2);
  });

  it('checking a backup made before that (a WAL-mode copy) leaves no -wal or -shm beside it either', () => {
    const { file, db } = book();
    db.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    const dir = tempDir();
    const older = path.join(dir, 'regulars-20261101-100000.db');
    fs.copyFileSync(file, older);
    db.close();
    // Header bytes 18 and 19 are 2 in a WAL-mode file.
    expect([...fs.readFileSync(older).subarray(18, 20)]).toEqual([2, 2]);
    inspectBackup(older, migrationsFolder);
    expect(fs.readdirSync(dir)).toEqual(['regulars-20261101-100000.db']);
  });
});
