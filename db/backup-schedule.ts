import fs from 'node:fs';
import path from 'node:path';
import { sameDayInZone } from '../shared/format/time';
import type { Result } from '../shared/result';
import { automaticBackupName, automaticBackupTakenAt, rotateBackups, type BackupInfo } from './backups';
import type { EventLog } from './log';

export type MakeBackup = (destination: string) => Promise<Result<BackupInfo>>;

const DAY_MS = 24 * 3600 * 1000;
/** While the book is in use, a copy at least this often: a PC left on for a week still has its days backed up. */
export const automaticBackupEveryHours = 3;

export type BackupReason = 'start' | 'new day' | 'interval' | 'close';

/** When the newest automatic backup in a folder was taken, if there is one. */
export function newestAutomaticBackupAt(dir: string): Date | null {
  if (!fs.existsSync(dir)) return null;
  const times = fs
    .readdirSync(dir)
    .map((name) => automaticBackupTakenAt(name))
    .filter((at): at is Date => at !== null);
  return times.length === 0 ? null : new Date(Math.max(...times.map((at) => at.getTime())));
}

/**
 * One automatic backup, then rotation to 7 daily and 4 weekly. A failure is logged, never
 * thrown: the shop keeps working.
 */
export async function automaticBackup(
  backup: MakeBackup,
  dir: string,
  now: Date,
  options: { log?: EventLog; reason: BackupReason },
): Promise<{ made: BackupInfo | null; removed: string[] }> {
  const { reason } = options;
  const file = path.join(dir, automaticBackupName(now));
  let result: Result<BackupInfo>;
  try {
    result = await backup(file);
  } catch (error) {
    result = { ok: false, error: { code: 'internal', message: error instanceof Error ? error.message : String(error) } };
  }
  if (!result.ok) {
    options.log?.error('backup.failed', { kind: 'automatic', reason, file, message: result.error.message });
    return { made: null, removed: [] };
  }
  const removed = rotateBackups(dir, now);
  options.log?.info('backup.made', { kind: 'automatic', reason, file: result.value.file, bytes: result.value.bytes, rotatedAway: removed.map((f) => path.basename(f)) });
  return { made: result.value, removed };
}

export interface Timers {
  setTimeout(run: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realTimers: Timers = {
  setTimeout: (run, ms) => {
    const handle = setTimeout(run, ms);
    // A pending backup must not keep a host's process alive after it has been told to stop.
    handle.unref?.();
    return handle;
  },
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export interface BackupScheduleOptions {
  /** Makes one automatic backup (with rotation); true when a copy was made. Never throws. */
  backUp: (reason: BackupReason) => Promise<boolean>;
  now: () => Date;
  /** The shop's time zone as it is now (the owner may change it): "midnight" is the shop's. */
  timeZone: () => string;
  /** When the newest automatic copy was taken, if any: the first interval counts from it. */
  lastBackupAt: Date | null;
  everyMs?: number;
  timers?: Timers;
}

export interface BackupSchedule {
  /** At open: a copy when the newest automatic one is more than a day old (or there is none). */
  opened(): void;
  /** Called after every write to the book. */
  wrote(): void;
  /** Resolves once no automatic backup is being made. */
  settled(): Promise<void>;
  /** No more timed backups (the book is closing or being replaced); waits for one in progress. */
  stop(): Promise<void>;
}

/**
 * Backups while the app stays open: after the first write of each shop day, and every few hours
 * while there have been writes since the last copy. A quiet day makes none; a failed copy waits
 * for the next interval rather than being retried on every write.
 */
export function createBackupSchedule(options: BackupScheduleOptions): BackupSchedule {
  const everyMs = options.everyMs ?? automaticBackupEveryHours * 3600 * 1000;
  const timers = options.timers ?? realTimers;
  // The last attempt, made or failed: both start the next interval and count for the day.
  let lastAttempt = options.lastBackupAt;
  let writesSinceBackup = false;
  let timer: unknown = null;
  let running: Promise<void> | null = null;
  let stopped = false;

  function arm() {
    if (stopped || timer !== null || running || !writesSinceBackup) return;
    const due = (lastAttempt?.getTime() ?? options.now().getTime()) + everyMs;
    timer = timers.setTimeout(() => {
      timer = null;
      if (writesSinceBackup) backUp('interval');
    }, Math.max(0, due - options.now().getTime()));
  }

  function backUp(reason: BackupReason) {
    if (stopped || running) return;
    if (timer !== null) {
      timers.clearTimeout(timer);
      timer = null;
    }
    lastAttempt = options.now();
    // Writes during the copy may or may not be in it: they count towards the next one.
    writesSinceBackup = false;
    running = options
      .backUp(reason)
      .then(
        () => undefined,
        () => undefined,
      )
      .finally(() => {
        running = null;
        arm();
      });
  }

  function isNewShopDay(now: Date): boolean {
    if (!lastAttempt) return true;
    try {
      return !sameDayInZone(lastAttempt, now, options.timeZone());
    } catch {
      return !sameDayInZone(lastAttempt, now, 'UTC');
    }
  }

  return {
    opened() {
      const now = options.now();
      if (!lastAttempt || now.getTime() - lastAttempt.getTime() >= DAY_MS) backUp('start');
    },
    wrote() {
      if (stopped) return;
      writesSinceBackup = true;
      if (!running && isNewShopDay(options.now())) backUp('new day');
      else arm();
    },
    settled: async () => {
      while (running) await running;
    },
    stop: async () => {
      stopped = true;
      if (timer !== null) timers.clearTimeout(timer);
      timer = null;
      while (running) await running;
    },
  };
}
