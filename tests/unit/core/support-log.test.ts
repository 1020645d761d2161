import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { strFromU8, unzipSync } from 'fflate';
import { afterEach, describe, expect, it } from 'vitest';
import { logFilesIn, logFolderOf, openEventLog, type EventLog } from '../../../db/log';
import { openSessionGate, type SessionGate } from '../../../db/session';
import type { BackupFile, DiagnosticsFile, MethodName } from '../../../shared/contract';
import type { Result } from '../../../shared/result';
import { startDatabaseWorkers } from '../../../electron/worker/client';
import { bundled, migrationsFolder, tempDir } from '../helpers';

/**
 * The support log and the diagnostics zip through the path the desktop app takes: the session
 * gate over the real worker threads, whose unexpected errors cross to the host's log.
 */
let running: { gate: SessionGate; log: EventLog } | undefined;
afterEach(async () => {
  await running?.gate.close();
  await running?.log.close();
  running = undefined;
});

// Values no line of the log or file in the zip may hold, in the forms a customer's details take.
const customers = [
  { firstName: 'Zebedee', lastName: 'Quillfeather', phone: '+44 7911 123456', email: 'zebedee.quill@example.org' },
  { firstName: 'Marigold', lastName: 'Okonkwo-Vance', phone: '+233 24 987 6543', email: 'marigold.ov@example.net' },
];
const secrets = [
  'Zebedee',
  'Quillfeather',
  'Marigold',
  'Okonkwo',
  'zebedee.quill',
  'marigold.ov',
  'example.org',
  'example.net',
  '7911 123456',
  '7911123456',
  '249876543',
  '24 987 6543',
  '7400 123456',
  '7400123456',
  'Wildwater',
  'ravenswood',
  'Prefers the blue',
];

describe('the support log', () => {
  it('notes unexpected errors, backups, restores and migrations by name and count, never a customer’s details', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'regulars.db');
    const log = openEventLog(logFolderOf(file));
    // As the hosts do: each open (and the reopen after a restore) starts fresh workers.
    const open = () => startDatabaseWorkers({ workerFile: bundled('worker'), location: file, migrationsFolder, log });
    const gate = await openSessionGate({ open, databaseFile: file, migrationsFolder, log, automaticBackups: {} });
    running = { gate, log };
    const call = async <T = unknown>(method: string, input: unknown = {}) => (await gate.call(method as MethodName, input as never)) as Result<T>;
    const must = async <T = unknown>(method: string, input: unknown = {}) => {
      const result = await call<T>(method, input);
      if (!result.ok) throw new Error(`${method}: ${result.error.code} ${result.error.message}`);
      return result.value;
    };
    await must('auth.setupOwner', { name: 'Owner', pin: '8642' });
    const ids: number[] = [];
    for (const customer of customers) ids.push((await must<{ id: number }>('customers.create', customer)).id);
    await must('notes.add', { customerId: ids[0], type: 'preference', text: 'Prefers the blue Wildwater range' });
    const backup = await must<BackupFile>('backups.create');

    // A real broken condition: the search index a trigger writes to has gone missing.
    const side = new Database(file);
    side.exec('DROP TABLE customers_trigram');
    side.close();
    const failed = await call('customers.update', { id: ids[0], patch: { lastName: 'Ravenswood-Quillfeather', email: 'zebedee.ravenswood@example.org' } });
    expect(failed).toMatchObject({ ok: false, error: { code: 'internal' } });
    const created = await call('customers.create', { firstName: 'Zebedee', lastName: 'Wildwater', phone: '+44 7400 123456' });
    expect(created, JSON.stringify(created)).toMatchObject({ ok: false, error: { code: 'internal' } });

    await must('backups.restore', { file: backup.file });
    await must('auth.signIn', { staffId: 1, pin: '8642' });
    const zip = await must<DiagnosticsFile>('diagnostics.create');
    await gate.close();
    await log.close();
    running = undefined;

    const text = logFilesIn(logFolderOf(file))
      .map((f) => fs.readFileSync(f, 'utf8'))
      .join('');
    const lines = text
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    const events = lines.map((l) => l.msg);
    expect(events).toEqual(expect.arrayContaining(['migrations.applied', 'backup.made', 'internal_error', 'restore.done', 'diagnostics.written']));
    expect(lines.filter((l) => l.msg === 'internal_error').map((l) => l.method)).toEqual(['customers.update', 'customers.create']);
    expect(lines.find((l) => l.msg === 'internal_error')).toMatchObject({
      level: 'error',
      errorCode: 'SQLITE_ERROR',
      sqliteMessage: expect.stringContaining('customers_trigram'),
      stack: expect.arrayContaining([expect.stringMatching(/^at /)]),
    });
    expect(lines.find((l) => l.msg === 'restore.done')).toMatchObject({ backup: backup.file });
    expect(lines.filter((l) => l.msg === 'backup.made').map((l) => l.kind)).toEqual(['automatic', 'manual', 'automatic']);
    for (const secret of secrets) expect([secret, text.toLowerCase().includes(secret.toLowerCase())]).toEqual([secret, false]);

    // The zip holds that log, and no customer detail and no PIN hash either.
    const entries = unzipSync(fs.readFileSync(zip.file));
    expect(Object.keys(entries).sort()).toEqual(['backups.json', 'book.json', 'logs/regulars.1.log', 'versions.json']);
    const book = JSON.parse(strFromU8(entries['book.json']));
    expect(book).toMatchObject({ quickCheck: ['ok'], counts: { customers: 2, staff: 1 }, settings: { shop_name: expect.any(String) } });
    const everything = Object.values(entries).map((bytes) => strFromU8(bytes)).join('\n');
    const reader = new Database(file, { readonly: true });
    const hashes = reader.prepare('SELECT pin_hash AS h FROM staff WHERE pin_hash IS NOT NULL').all() as { h: string }[];
    reader.close();
    expect(hashes.length).toBeGreaterThan(0);
    for (const { h } of hashes) expect(everything).not.toContain(h);
    expect(everything).not.toMatch(/pin_hash|pinHash/);
    for (const secret of secrets) expect([secret, everything.toLowerCase().includes(secret.toLowerCase())]).toEqual([secret, false]);
  }, 60_000);
});
