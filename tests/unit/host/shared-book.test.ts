import fs from 'node:fs';
import path from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, onTestFinished, it } from 'vitest';
import { openBook } from '../../../db/book';
import { openSessionGate, type SessionGate } from '../../../db/session';
import { isQueued, type InputOf, type MethodName, type OutputOf } from '../../../shared/contract';
import type { Result } from '../../../shared/result';
import { startDatabaseWorkers } from '../../../electron/worker/client';
import { freshTestDatabase, postgresMigrationsFolder, skipPostgres } from '../../support/postgres-book';
import { bundled, migrationsFolder, tempDir } from '../helpers';

/** Put in the address: the test server trusts its socket and ignores it, and nothing may ever show it. */
const password = 'till-secret-4711';

/** A till: the hosts' path to a shared book (the workers, through openBook, behind a session gate), with its own folder on this PC. */
async function till(url: string): Promise<{ gate: SessionGate; folder: string; call<K extends MethodName>(method: K, input: InputOf<K>): Promise<Result<OutputOf<K>>> }> {
  const folder = tempDir();
  const gate = await openSessionGate({
    open: (location) => startDatabaseWorkers({ workerFile: bundled('worker'), location, migrationsFolder, postgresMigrationsFolder }),
    location: url,
    databaseFile: path.join(folder, 'regulars.db'),
    migrationsFolder,
  });
  onTestFinished(() => gate.close());
  return { gate, folder, call: (method, input) => gate.call(method, input) };
}

function must<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`Expected ok, got ${result.error.code}: ${result.error.message}`);
  return result.value;
}

// The dev host and the desktop app serve a shared book through the same workers as a file: PostgreSQL only.
// Skipped exactly when describeEngines skips its PostgreSQL half.
describe.skipIf(skipPostgres)('two tills on one shared book, through the workers and the session gate [postgres]', () => {
  it("sees the other till's sale, backs up into a SQLite file, says what it knows in diagnostics, and refuses a restore", async () => {
    const database = await freshTestDatabase();
    const url = database.url.replace('postgresql://postgres@', `postgresql://postgres:${password}@`);
    const front = await till(url);
    must(await front.call('auth.setupOwner', { name: 'Owner', pin: '1234' }));
    const back = await till(url);
    const { members } = must(await back.call('auth.status', {}));
    must(await back.call('auth.signIn', { staffId: members[0].id, pin: '1234' }));

    const seen = must(await back.call('book.changes', {})).version;
    const sale = must(await front.call('sales.record', { newCustomer: { firstName: 'Ama', lastName: 'Mensah' }, amount: 2500 }));
    if (isQueued(sale)) throw new Error('The server is up: the sale goes to the book, not the outbox');
    expect(must(await back.call('book.changes', {})).version).not.toBe(seen);
    expect(must(await back.call('customers.list', {})).rows.map((c) => [c.name, c.purchases, c.totalSpent])).toEqual([['Ama Mensah', 1, 2500]]);

    // A backup of a shared book is the whole book in one SQLite file, in this till's own folder.
    const backup = must(await back.call('backups.create', {}));
    expect(path.dirname(backup.file)).toBe(path.join(back.folder, 'backups'));
    const copy = await openBook(backup.file, { migrationsFolders: { sqlite: migrationsFolder } });
    try {
      expect(copy.engine).toBe('sqlite');
      const detail = await copy.core.handle('customers.get', { id: sale.customerId }, { id: null, role: 'owner' });
      expect(must(detail)).toMatchObject({ firstName: 'Ama', purchases: 1, totalSpent: 2500 });
    } finally {
      await copy.close();
    }
    expect(must(await back.call('backups.list', {})).backups.map((b) => b.file)).toEqual([backup.file]);

    // Restoring over a book the other tills are using is not one till's to do.
    const restore = await back.call('backups.restore', { file: backup.file });
    expect(restore).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringContaining('shared book') } });
    expect(must(await front.call('customers.list', {})).total).toBe(1);

    // Diagnostics: what is known of the server's book, never SQLite's check, never the password.
    const zip = must(await back.call('diagnostics.create', {}));
    const entries = unzipSync(fs.readFileSync(zip.file));
    const book = JSON.parse(strFromU8(entries['book.json']));
    expect(book).toMatchObject({
      file: expect.stringContaining(':***@'),
      engine: 'postgres',
      location: expect.stringContaining(database.name),
      serverVersion: expect.stringMatching(/^\d+/),
      schema: { appliedMigrations: expect.any(Number), latest: expect.any(String) },
      counts: { customers: 1, sales: 1, staff: 1 },
      settings: { shop_name: expect.any(String) },
    });
    expect(book.schema.appliedMigrations).toBe(book.schema.knownMigrations);
    expect(book).not.toHaveProperty('quickCheck');
    const everything = Object.values(entries).map((bytes) => strFromU8(bytes)).join('\n');
    expect(everything).not.toContain(password);
    expect(everything).not.toMatch(/pin_hash|pinHash/);
  }, 60_000);
});
