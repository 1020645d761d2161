import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { openDatabase } from '../../../db/open';
import { openSessionGate } from '../../../db/session';
import type { BackupFile, BackupList, MethodName, RestoreReport } from '../../../shared/contract';
import type { Result } from '../../../shared/result';
import { migrationsFolder, tempDir } from '../helpers';
import { inProcessBackend } from './in-process';

async function gateOn(file: string, clock = { now: new Date('2026-11-30T10:00:00Z') }) {
  const gate = await openSessionGate({ open: async () => inProcessBackend(file, { now: () => clock.now }), databaseFile: file, migrationsFolder, now: () => clock.now });
  const call = async <T = unknown>(method: string, input: unknown = {}) => (await gate.call(method as MethodName, input as never)) as Result<T>;
  const must = async <T = unknown>(method: string, input: unknown = {}) => {
    const result = await call<T>(method, input);
    if (!result.ok) throw new Error(`${method}: ${result.error.code} ${result.error.message}`);
    return result.value;
  };
  return { gate, call, must, clock };
}

const sha = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');
/**
 * The pages after SQLite's 100-byte file header: a backup is kept in rollback-journal mode (one file),
 * and the restored book is switched back to WAL when it opens, which rewrites only that header.
 */
const pagesSha = (file: string) => createHash('sha256').update(fs.readFileSync(file).subarray(100)).digest('hex');

describe('the session gate (one window over the book)', () => {
  it('acts as whoever signed in, refuses everyone once signed out, and locks itself after the idle time', async () => {
    const file = path.join(tempDir(), 'regulars.db');
    const { gate, call, must, clock } = await gateOn(file);
    expect(await call('customers.search', { query: 'a' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    await must('auth.setupOwner', { name: 'Esi', pin: '1234' });
    const kofi = await must<{ id: number }>('staff.add', { name: 'Kofi', role: 'staff', pin: '5678' });
    await must('auth.signOut');
    await must('auth.signIn', { staffId: kofi.id, pin: '5678' });
    expect(await must('auth.status')).toMatchObject({ signedIn: { name: 'Kofi', role: 'staff', idleLockMinutes: 5 } });
    const ama = await must<{ customer: { id: number } }>('sales.record', { newCustomer: { firstName: 'Ama' }, amount: 900 });
    expect(await call('customers.erase', { id: ama.customer.id, confirm: true })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    // Activity keeps the session; five idle minutes end it.
    clock.now = new Date(clock.now.getTime() + 4 * 60_000);
    await must('customers.search', { query: 'ama' });
    clock.now = new Date(clock.now.getTime() + 4 * 60_000);
    await must('customers.search', { query: 'ama' });
    // The window's own polls (live updates, the outbox's count) are nobody at the till: they keep nothing open.
    for (const poll of ['book.changes', 'outbox.status'] as const) {
      clock.now = new Date(clock.now.getTime() + 2 * 60_000);
      await must(poll);
    }
    clock.now = new Date(clock.now.getTime() + 60_000 + 1_000);
    expect(await call('book.changes', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await call('customers.search', { query: 'ama' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await must('auth.status')).toMatchObject({ signedIn: null });
    await gate.close();
  });

  it('lapses the loyalty points whose months without a purchase ran out while the book was closed, as it opens', async () => {
    const file = path.join(tempDir(), 'regulars.db');
    const first = await gateOn(file, { now: new Date('2026-02-20T10:00:00Z') });
    await first.must('auth.setupOwner', { name: 'Esi', pin: '1234' });
    await first.must('loyalty.setScheme', { scheme: { spendPerPoint: 100, rewardPoints: 100, rewardValue: 500, expireMonths: 2 } });
    const ama = await first.must<{ customer: { id: number } }>('sales.record', { newCustomer: { firstName: 'Ama' }, amount: 9000, occurredAt: '2026-01-10T10:00:00Z' });
    const kofi = await first.must<{ customer: { id: number } }>('sales.record', { newCustomer: { firstName: 'Kofi' }, amount: 4000, occurredAt: '2026-02-20T10:00:00Z' });
    await first.gate.close();

    // Two months after Ama's only purchase; Kofi's is more recent.
    const later = await gateOn(file, { now: new Date('2026-03-11T10:00:00Z') });
    await later.must('auth.signIn', { staffId: 1, pin: '1234' });
    await vi.waitFor(async () => expect((await later.must<{ points: number }>('loyalty.account', { customerId: ama.customer.id })).points).toBe(0));
    expect(await later.must('loyalty.account', { customerId: kofi.customer.id })).toMatchObject({ points: 40 });
    const audit = await later.must<{ entries: { method: string; actor: { name: string } }[] }>('audit.list', {});
    expect(audit.entries.filter((e) => e.method === 'loyalty.expire').map((e) => e.actor.name)).toEqual(['Regulars']);
    await later.gate.close();
  });

  it('backs up while sales are recorded, restores the copy page for page, and keeps the book it replaced', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'regulars.db');
    const { gate, call, must } = await gateOn(file);
    await must('auth.setupOwner', { name: 'Esi', pin: '1234' });
    const ama = await must<{ customer: { id: number } }>('sales.record', { newCustomer: { firstName: 'Ama' }, amount: 100 });
    const writes = Array.from({ length: 200 }, () => call('sales.record', { customerId: ama.customer.id, amount: 100 }));
    const [backup] = await Promise.all([must<BackupFile>('backups.create'), ...writes]);
    expect(backup).toMatchObject({ kind: 'manual', file: expect.stringMatching(/backups[/\\]manual-\d{8}-\d{6}\.db$/) });
    const backupHash = pagesSha(backup.file);
    await must('customers.create', { firstName: 'After the backup' });
    const list = await must<BackupList>('backups.list');
    expect(list.folder).toBe(path.join(dir, 'backups'));
    expect(list.backups.map((b) => b.kind)).toEqual(['manual']);

    const report = await must<RestoreReport>('backups.restore', { file: backup.file });
    expect(pagesSha(file)).toBe(backupHash);
    expect(report.preRestore).toMatch(/pre-restore-\d{8}-\d{6}\.db$/);
    expect(fs.existsSync(report.preRestore!)).toBe(true);
    // The restored book has its own staff: everyone signs in again.
    expect(await call('customers.list', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    await must('auth.signIn', { staffId: 1, pin: '1234' });
    const page = await must<{ total: number; rows: { id: number; purchases: number; totalSpent: number }[] }>('customers.list', {});
    expect(page.total).toBe(1);
    expect(page.rows[0].totalSpent).toBe(page.rows[0].purchases * 100);
    expect(page.rows[0].purchases).toBeGreaterThanOrEqual(1);
    expect((await must<BackupList>('backups.list')).backups.map((b) => b.kind).sort()).toEqual(['manual', 'pre-restore']);
    // The pre-restore copy holds the customer added after the backup.
    const before = openDatabase({ file: report.preRestore!, migrationsFolder, readonly: true });
    expect(before.sqlite.prepare("SELECT count(*) AS n FROM customers WHERE first_name = 'After the backup'").get()).toEqual({ n: 1 });
    before.close();
    await gate.close();
  });

  it('restores only from the backup folder, and only for the owner', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'regulars.db');
    const { gate, call, must } = await gateOn(file);
    await must('auth.setupOwner', { name: 'Esi', pin: '1234' });
    const kofi = await must<{ id: number }>('staff.add', { name: 'Kofi', role: 'staff', pin: '5678' });
    const outside = path.join(dir, 'elsewhere.db');
    fs.copyFileSync(file, outside);
    expect(await call('backups.restore', { file: outside })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    const backup = await must<BackupFile>('backups.create');
    // The clock stands still here: a second press in the same second gets a name of its own.
    const again = await must<BackupFile>('backups.create');
    expect(again.file).not.toBe(backup.file);
    expect(again.file).toMatch(/manual-\d{8}-\d{6}-2\.db$/);
    await must('auth.signOut');
    await must('auth.signIn', { staffId: kofi.id, pin: '5678' });
    const before = sha(file);
    for (const [method, input] of [['backups.create', {}], ['backups.list', {}], ['backups.restore', { file: backup.file }]] as const) {
      expect(await call(method, input)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    expect(sha(file)).toBe(before);
    await gate.close();
  });

  it('opens a damaged book in a mode that writes nothing and offers the newest good backup', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'regulars.db');
    const first = await gateOn(file);
    await first.must('auth.setupOwner', { name: 'Esi', pin: '1234' });
    await first.must('customers.create', { firstName: 'Ama' });
    const backup = await first.must<BackupFile>('backups.create');
    await first.gate.close();
    const checkpoint = openDatabase({ file, migrationsFolder });
    checkpoint.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    checkpoint.close();
    const bytes = fs.readFileSync(file);
    bytes.fill(0x41, 4096 * 2, 4096 * 4);
    fs.writeFileSync(file, bytes);
    const damagedHash = sha(file);

    const { gate, call, must } = await gateOn(file);
    const status = await must<{ damaged: { message: string; newestBackup: { file: string } | null } }>('auth.status');
    expect(status.damaged?.message).toMatch(/is damaged/);
    expect(status.damaged?.newestBackup?.file).toBe(backup.file);
    for (const [method, input] of [['customers.search', { query: 'ama' }], ['customers.create', { firstName: 'Kofi' }], ['auth.signIn', { staffId: 1, pin: '1234' }]] as const) {
      expect(await call(method, input)).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringContaining('Restore a backup first') } });
    }
    expect(sha(file)).toBe(damagedHash);

    const report = await must<RestoreReport>('backups.restore', { file: backup.file });
    expect(await must('auth.status')).toMatchObject({ damaged: null, needsOwnerSetup: false, signedIn: null });
    await must('auth.signIn', { staffId: 1, pin: '1234' });
    expect(await must('customers.search', { query: 'ama' })).toMatchObject([{ firstName: 'Ama' }]);
    // The damaged file is kept, in case anything can still be read from it.
    expect(sha(report.preRestore!)).toBe(damagedHash);
    await gate.close();
  });
});
