import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { automaticBackupTakenAt } from '../../../db/backups';
import { logFilesIn, logFolderOf, openEventLog } from '../../../db/log';
import { openSessionGate } from '../../../db/session';
import type { Result } from '../../../shared/result';
import type { MethodName } from '../../../shared/contract';
import { migrationsFolder, tempDir } from '../helpers';
import { inProcessBackend } from './in-process';

/**
 * Automatic backups while the app stays open, driven by vitest's fake clock and timers over a real
 * book in a real folder: setImmediate (which SQLite's backup steps on) stays real.
 */
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
});
afterEach(() => {
  vi.useRealTimers();
});

const HOUR = 3600_000;

async function shopAt(start: string, options: { timeZone?: string; everyMs?: number } = {}) {
  vi.setSystemTime(new Date(start));
  const dir = tempDir();
  const file = path.join(dir, 'regulars.db');
  const timeZone = options.timeZone ?? 'Africa/Accra';
  const log = openEventLog(logFolderOf(file));
  const gate = await openSessionGate({
    open: async () => inProcessBackend(file, { defaults: { currency: 'GHS', phoneCountry: 'GH', locale: 'en-GH', timeZone } }),
    databaseFile: file,
    migrationsFolder,
    log,
    automaticBackups: { everyMs: options.everyMs },
  });
  const must = async <T = unknown>(method: string, input: unknown = {}) => {
    const result = (await gate.call(method as MethodName, input as never)) as Result<T>;
    if (!result.ok) throw new Error(`${method}: ${result.error.code} ${result.error.message}`);
    return result.value;
  };
  await gate.whenBackupsDone();
  await must('auth.setupOwner', { name: 'Esi', pin: '1234' });
  // Hours pass in these tests: the counter must not lock itself meanwhile.
  await must('settings.update', { idleLockMinutes: 0 });
  await must('auth.signIn', { staffId: 1, pin: '1234' });
  await gate.whenBackupsDone();
  const backupDir = path.join(dir, 'backups');
  /** The automatic copies in the folder, by the time in their names. */
  const automatic = () =>
    (fs.existsSync(backupDir) ? fs.readdirSync(backupDir) : [])
      .map((name) => automaticBackupTakenAt(name)?.toISOString())
      .filter((at): at is string => at !== undefined)
      .sort();
  /** Every backup line in the support log, in order. */
  const logged = async () => {
    await log.close();
    return logFilesIn(logFolderOf(file))
      .flatMap((f) => fs.readFileSync(f, 'utf8').split('\n'))
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { msg: string; reason?: string; level: string; message?: string });
  };
  /** A write, then whatever backup it set off. */
  const write = async (firstName: string) => {
    await must('customers.create', { firstName });
    await gate.whenBackupsDone();
  };
  const advance = async (ms: number) => {
    await vi.advanceTimersByTimeAsync(ms);
    await gate.whenBackupsDone();
  };
  return { dir, file, gate, must, automatic, logged, write, advance, backupDir };
}

describe('automatic backups while the app stays open', () => {
  it('backs up at the first write after midnight in the shop’s time zone, not UTC’s, and only once that day', async () => {
    // Auckland is UTC+13 in December: its midnight is 11:00 UTC, the same UTC day as the start.
    const shop = await shopAt('2026-12-01T08:00:00Z', { timeZone: 'Pacific/Auckland', everyMs: 48 * HOUR });
    expect(shop.automatic()).toEqual(['2026-12-01T08:00:00.000Z']);
    await shop.write('Before midnight');
    vi.setSystemTime(new Date('2026-12-01T10:59:00Z'));
    await shop.write('Still the 1st in Auckland');
    expect(shop.automatic()).toEqual(['2026-12-01T08:00:00.000Z']);

    vi.setSystemTime(new Date('2026-12-01T11:30:00Z'));
    await shop.write('First of the 2nd');
    await shop.write('Second of the 2nd');
    vi.setSystemTime(new Date('2026-12-01T20:00:00Z'));
    await shop.write('Later on the 2nd');
    // The rotation keeps one copy a day; the new one is the 2nd's (a UTC date of the 1st, in the name).
    expect(shop.automatic()).toEqual(['2026-12-01T11:30:00.000Z']);
    const made = (await shop.logged()).filter((l) => l.msg === 'backup.made').map((l) => l.reason);
    expect(made).toEqual(['start', 'new day']);
    await shop.gate.close();
  });

  it('makes none on a quiet day, however long the app stays open', async () => {
    const shop = await shopAt('2026-12-01T08:00:00Z');
    // Setting up the shop wrote to the book: its copy comes one interval later.
    await shop.advance(4 * HOUR);
    expect(shop.automatic()).toEqual(['2026-12-01T11:00:00.000Z']);
    // Then two and a half days without a single write.
    await shop.advance(30 * HOUR);
    await shop.advance(30 * HOUR);
    expect(shop.automatic()).toEqual(['2026-12-01T11:00:00.000Z']);
    expect((await shop.logged()).filter((l) => l.msg === 'backup.made').map((l) => l.reason)).toEqual(['start', 'interval']);
    await shop.gate.close();
  });

  it('makes one per interval through hours of use, with the same rotation as every automatic copy', async () => {
    const shop = await shopAt('2026-12-01T08:00:00Z');
    // Nine hours of a sale every ten minutes: copies at 11:00, 14:00 and 17:00 after the one at start.
    for (let minute = 10; minute <= 9 * 60; minute += 10) {
      await shop.advance(10 * 60_000);
      await shop.write(`Customer at minute ${minute}`);
    }
    const reasons = (await shop.logged()).filter((l) => l.msg === 'backup.made').map((l) => l.reason);
    expect(reasons).toEqual(['start', 'interval', 'interval', 'interval']);
    // The rotation keeps the newest of the day: the 17:00 copy holds the most.
    expect(shop.automatic()).toEqual(['2026-12-01T17:00:00.000Z']);

    // A week and more of days of use: 7 daily copies and one for the week before stay.
    for (let day = 1; day <= 9; day++) {
      vi.setSystemTime(new Date(Date.UTC(2026, 11, 1 + day, 9)));
      await shop.write(`Day ${day}`);
    }
    expect(shop.automatic()).toEqual([
      '2026-12-03T09:00:00.000Z',
      '2026-12-04T09:00:00.000Z',
      '2026-12-05T09:00:00.000Z',
      '2026-12-06T09:00:00.000Z',
      '2026-12-07T09:00:00.000Z',
      '2026-12-08T09:00:00.000Z',
      '2026-12-09T09:00:00.000Z',
      '2026-12-10T09:00:00.000Z',
    ]);
    await shop.gate.close();
  });

  it('logs a failed backup, keeps the write, and waits for the next interval rather than retrying on every write', async () => {
    const shop = await shopAt('2026-12-01T08:00:00Z');
    // The chosen backup folder sits under a file: every copy fails, as on a missing USB drive.
    const blocker = path.join(shop.dir, 'not-a-folder');
    fs.writeFileSync(blocker, 'x');
    await shop.must('settings.update', { backupFolder: path.join(blocker, 'backups') });
    vi.setSystemTime(new Date('2026-12-02T09:00:00Z'));
    await shop.write('Ama');
    await shop.write('Kofi');
    expect(await shop.must('customers.list', {})).toMatchObject({ total: 2 });
    const lines = await shop.logged();
    const failures = lines.filter((l) => l.msg === 'backup.failed');
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatchObject({ level: 'error', reason: 'new day', message: expect.stringContaining('not-a-folder') });
    await shop.gate.close();
  });

  it('starts once a damaged book has been restored', async () => {
    const shop = await shopAt('2026-12-01T08:00:00Z');
    await shop.write('Ama');
    await shop.gate.close();
    const [good] = fs.readdirSync(shop.backupDir);
    fs.writeFileSync(shop.file, Buffer.alloc(8192, 7));
    for (const suffix of ['-wal', '-shm']) fs.rmSync(shop.file + suffix, { force: true });
    const gate = await openSessionGate({
      open: async () => inProcessBackend(shop.file),
      databaseFile: shop.file,
      migrationsFolder,
      automaticBackups: {},
    });
    expect(await gate.call('auth.status', {})).toMatchObject({ ok: true, value: { damaged: expect.anything() } });
    expect(await gate.call('backups.restore', { file: path.join(shop.backupDir, good) })).toMatchObject({ ok: true });
    expect(await gate.call('auth.signIn', { staffId: 1, pin: '1234' })).toMatchObject({ ok: true });
    vi.setSystemTime(new Date('2026-12-02T09:00:00Z'));
    expect(await gate.call('customers.create', { firstName: 'Kofi' })).toMatchObject({ ok: true });
    await gate.whenBackupsDone();
    expect(shop.automatic()).toContain('2026-12-02T09:00:00.000Z');
    await gate.close();
  });

  it('makes the closing backup on close, and none after', async () => {
    const shop = await shopAt('2026-12-01T08:00:00Z');
    await shop.write('Ama');
    vi.setSystemTime(new Date('2026-12-01T18:00:00Z'));
    await shop.gate.close();
    expect((await shop.logged()).filter((l) => l.msg === 'backup.made').map((l) => l.reason)).toEqual(['start', 'close']);
    await shop.advance(10 * HOUR);
    expect(shop.automatic()).toEqual(['2026-12-01T18:00:00.000Z']);
  });
});
