import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { startDatabaseWorkers, type DatabaseWorkers } from '../../../electron/worker/client';
import { createCore } from '../../../db/core';
import { DatabaseOpenError, openDatabase } from '../../../db/open';
import { openSessionGate } from '../../../db/session';
import type { MethodName } from '../../../shared/contract';
import type { FromWorker, WorkerConfig } from '../../../electron/worker/protocol';
import { bundled, migrationsFolder, overwriteFirstPage, ownerActor, tempDir, value } from '../helpers';

/**
 * The desktop's writer opens a whole-looking book without reading every page, says it is ready (so
 * the reader opens and the first screen comes up), and only then runs SQLite's quick_check: writes
 * wait for it, and a damaged book is then refused as one found damaged at open.
 */
let open: DatabaseWorkers | undefined;
afterEach(async () => {
  await open?.close();
  open = undefined;
});

const sha = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');
const startOn = async (file: string) => (open = await startDatabaseWorkers({ workerFile: bundled('worker'), location: file, migrationsFolder }));

/** A book with an owner and a few customers, written through to the main file (no WAL beside it). */
function bookWithCustomers(): string {
  const file = path.join(tempDir(), 'regulars.db');
  const database = openDatabase({ file, migrationsFolder });
  const core = createCore(database, { now: () => new Date('2026-12-01T10:00:00Z') });
  value(core.call('auth.setupOwner', { name: 'Esi', pin: '1234' }));
  for (const firstName of ['Ama', 'Kofi', 'Abena']) value(core.call('customers.create', { firstName }));
  database.sqlite.pragma('wal_checkpoint(TRUNCATE)');
  database.close();
  return file;
}

/** Overwrites a table's first page: the customers' by default, which the open does not read (the schema, the settings and the staff it reads). */
const damageCustomers = (file: string, table = 'customers') => overwriteFirstPage(file, table);

/** The workers refuse to open the book, as a damaged one (the owner is offered a backup), and the file is as it was. */
async function expectRefusedAsDamaged(file: string): Promise<void> {
  const before = sha(file);
  const refused = await startOn(file).then(
    () => null,
    (error: unknown) => error,
  );
  expect(refused).toBeInstanceOf(DatabaseOpenError);
  expect(refused).toMatchObject({ damaged: true, message: expect.stringMatching(/is damaged/) });
  expect(sha(file)).toBe(before);
}

describe("the writer's check of the book after it opens", () => {
  it('finds a whole book whole, and writes go on', async () => {
    const file = bookWithCustomers();
    const workers = await startOn(file);
    await expect(workers.integrity).resolves.toBeNull();
    expect(await workers.call('customers.create', { firstName: 'Yaw' }, ownerActor)).toMatchObject({ ok: true });
    expect(await workers.call('customers.search', { query: 'yaw' }, ownerActor)).toMatchObject({ ok: true, value: [{ firstName: 'Yaw' }] });
  });

  it('opens a damaged book at once, then refuses every write, the first one sent included, and leaves the file as it was', async () => {
    const file = bookWithCustomers();
    damageCustomers(file);
    const before = sha(file);
    const workers = await startOn(file);
    // Sent before the check is known: it waits behind the check in the writer's thread.
    const write = workers.call('customers.create', { firstName: 'Yaw' }, ownerActor);
    await expect(workers.integrity).resolves.toMatch(/is damaged [\s\S]*Restore the newest good backup/);
    expect(await write).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringMatching(/is damaged/) } });
    expect(await workers.call('sales.record', { newCustomer: { firstName: 'Efua' }, amount: 500 }, ownerActor)).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(await workers.backup(path.join(tempDir(), 'copy.db'))).toMatchObject({ ok: false, error: { code: 'conflict' } });
    await workers.close();
    open = undefined;
    expect(sha(file)).toBe(before);
  });

  it('turns the session into the damaged-book mode once the check finds damage: only a restore is offered', async () => {
    const file = bookWithCustomers();
    damageCustomers(file);
    const workers = await startOn(file);
    const gate = await openSessionGate({ open: async () => workers, databaseFile: file, migrationsFolder });
    await workers.integrity;
    // The gate hears of it as the check settles; a call on the next turn sees the new mode.
    await new Promise((resolve) => setImmediate(resolve));
    const call = (method: MethodName, input: unknown) => gate.call(method, input as never);
    expect(await call('auth.status', {})).toMatchObject({ ok: true, value: { signedIn: null, damaged: { message: expect.stringMatching(/is damaged/) } } });
    expect(await call('auth.signIn', { staffId: 1, pin: '1234' })).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringContaining('Restore a backup first') } });
    await gate.close();
    open = undefined;
  });

  it('refuses a book whose damage the open itself runs into (the staff, read at open), as damaged', async () => {
    const file = bookWithCustomers();
    damageCustomers(file, 'staff');
    await expectRefusedAsDamaged(file);
  });

  it('checks a damaged book not yet in WAL mode (a restored or copied-in file) before switching it, and refuses to open it', async () => {
    const file = bookWithCustomers();
    const book = new Database(file);
    book.pragma('journal_mode = DELETE');
    book.close();
    damageCustomers(file);
    await expectRefusedAsDamaged(file);
  });

  it('checks a damaged book before a due migration, and refuses to open it', async () => {
    const file = bookWithCustomers();
    const book = openDatabase({ file, migrationsFolder });
    book.sqlite.exec('DELETE FROM __drizzle_migrations WHERE created_at = (SELECT max(created_at) FROM __drizzle_migrations)');
    book.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    book.close();
    damageCustomers(file);
    await expectRefusedAsDamaged(file);
  });
});

/** A reader thread alone, as startDatabaseWorkers starts it, never told the writer is ready: its first message, or null if none came before the thread was stopped. */
async function readerAlone(file: string): Promise<FromWorker | null> {
  const config: WorkerConfig = { location: file, migrationsFolder, role: 'reader', openWhenTold: true, tryFirst: true };
  const worker = new Worker(bundled('worker'), { workerData: config });
  try {
    return await new Promise<FromWorker | null>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
      worker.once('exit', () => resolve(null));
    });
  } finally {
    await worker.terminate();
  }
}

describe('the reader beside the writer', () => {
  it('opens a book the writer has nothing to change in at once, without waiting for the writer', async () => {
    const file = bookWithCustomers();
    expect(await readerAlone(file)).toMatchObject({ type: 'ready', migrated: [] });
  });

  it('does not open a book the writer will still switch to WAL mode, or migrate', () => {
    const file = bookWithCustomers();
    const book = new Database(file);
    book.pragma('journal_mode = DELETE');
    book.close();
    expect(() => openDatabase({ file, migrationsFolder, readonly: true })).toThrow(/not been switched to WAL/);
    const current = openDatabase({ file, migrationsFolder });
    current.sqlite.exec('DELETE FROM __drizzle_migrations WHERE created_at = (SELECT max(created_at) FROM __drizzle_migrations)');
    current.close();
    expect(() => openDatabase({ file, migrationsFolder, readonly: true })).toThrow(/not been brought up to date/);
  });

  it('opens a book not yet in WAL mode once the writer has switched it, and both serve', async () => {
    const file = bookWithCustomers();
    const book = new Database(file);
    book.pragma('journal_mode = DELETE');
    book.close();
    const workers = await startOn(file);
    expect(await workers.call('customers.create', { firstName: 'Yaw' }, ownerActor)).toMatchObject({ ok: true });
    expect(await workers.call('customers.search', { query: 'yaw' }, ownerActor)).toMatchObject({ ok: true, value: [{ firstName: 'Yaw' }] });
    const check = new Database(file, { readonly: true });
    expect(check.pragma('journal_mode', { simple: true })).toBe('wal');
    check.close();
  });
});
