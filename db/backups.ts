import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { checkAppliedMigrations, DatabaseOpenError, defaultMigrationsFolder, readJournal } from './open';

/**
 * Backups of the customer book: consistent copies made with SQLite's online backup API while
 * writes go on, checked before they are trusted, rotated, and restored with the current file kept
 * aside first. Pure Node: the CLI and the Electron host both use it.
 */
export interface BackupInfo {
  file: string;
  bytes: number;
  at: string;
}

export const defaultBackupDir = (databaseFile: string): string => path.join(path.dirname(path.resolve(databaseFile)), 'backups');

/**
 * The shop's backup folder as its settings say, read without opening the book for writing (it may
 * be damaged): the value is checked before use, and anything unreadable falls back to the default.
 */
export function backupFolderOf(databaseFile: string): string {
  let sqlite: Database.Database | undefined;
  try {
    sqlite = new Database(databaseFile, { readonly: true, fileMustExist: true });
    const row = sqlite.prepare('SELECT backup_folder AS folder FROM settings WHERE id = 1').get() as { folder?: unknown } | undefined;
    const folder = row?.folder;
    if (typeof folder === 'string' && folder.length <= 1024 && path.isAbsolute(folder)) return folder;
  } catch {
    // Damaged, missing or older than the setting: the default folder is where backups were made.
  } finally {
    sqlite?.close();
  }
  return defaultBackupDir(databaseFile);
}

const stamp = (at: Date) => at.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
export const automaticBackupName = (at: Date): string => `regulars-${stamp(at)}.db`;
export const manualBackupName = (at: Date): string => `manual-${stamp(at)}.db`;

/** What made a backup, from its name: automatic ones rotate, the others are kept until someone deletes them. */
export const backupKind = (file: string): 'automatic' | 'manual' | 'pre-restore' => {
  const name = path.basename(file);
  if (name.startsWith('regulars-')) return 'automatic';
  if (name.startsWith('pre-restore-')) return 'pre-restore';
  return 'manual';
};
const automaticPattern = /^regulars-(\d{8})-(\d{6})\.db$/;

/** When an automatic backup was taken, from its name (UTC): file times change when files are copied. */
export function automaticBackupTakenAt(file: string): Date | null {
  const match = automaticPattern.exec(path.basename(file));
  if (!match) return null;
  const [d, t] = [match[1], match[2]];
  return new Date(Date.UTC(+d.slice(0, 4), +d.slice(4, 6) - 1, +d.slice(6, 8), +t.slice(0, 2), +t.slice(2, 4), +t.slice(4, 6)));
}

/** Opens a backup read-only and proves it whole and of a version this app knows; throws a clear DatabaseOpenError otherwise. */
export function inspectBackup(file: string, migrationsFolder = defaultMigrationsFolder()): void {
  if (!fs.existsSync(file)) throw new DatabaseOpenError(`There is no backup at ${file}`);
  // A backup made before backups were single files is in WAL mode, and even a read-only look at it
  // creates -wal and -shm beside it. Those this look created are removed after it.
  const [wal, shm] = [`${file}-wal`, `${file}-shm`];
  const createdHere = [wal, shm].filter((side) => !fs.existsSync(side));
  let sqlite: Database.Database | undefined;
  try {
    sqlite = new Database(file, { readonly: true, fileMustExist: true });
    const integrity = sqlite.pragma('integrity_check', { simple: true });
    if (integrity !== 'ok') throw new DatabaseOpenError(`The backup ${file} is damaged (${String(integrity)})`);
    checkAppliedMigrations(sqlite, readJournal(migrationsFolder));
    if (!sqlite.prepare("SELECT 1 FROM sqlite_master WHERE name = 'customers'").get()) {
      throw new DatabaseOpenError(`${file} is not a Regulars customer book`);
    }
  } catch (error) {
    if (error instanceof DatabaseOpenError) throw error;
    throw new DatabaseOpenError(`${file} is not a readable Regulars backup: ${(error as Error).message}`);
  } finally {
    sqlite?.close();
    // A reader writes nothing into the WAL: a non-empty one is someone else's and stays.
    if (createdHere.includes(wal) && fs.existsSync(wal) && fs.statSync(wal).size === 0) {
      for (const side of createdHere) fs.rmSync(side, { force: true });
    }
  }
}

/**
 * The copy inherits the book's WAL mode, and any later open of a WAL file (even the read-only check
 * below) leaves -wal and -shm files beside it. A backup is a file to carry away, so it is switched to
 * the rollback journal: one self-contained file. The book goes back to WAL when it is opened after a restore.
 */
function asSingleFile(file: string): void {
  const copy = new Database(file, { fileMustExist: true });
  try {
    copy.pragma('journal_mode = DELETE');
  } finally {
    copy.close();
  }
  for (const suffix of ['-wal', '-shm', '-journal']) fs.rmSync(file + suffix, { force: true });
}

export async function writeBackup(sqlite: Database.Database, destination: string, migrationsFolder?: string): Promise<BackupInfo> {
  const target = path.resolve(destination);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const temp = `${target}.partial`;
  fs.rmSync(temp, { force: true });
  try {
    await sqlite.backup(temp);
    asSingleFile(temp);
    inspectBackup(temp, migrationsFolder);
    fs.renameSync(temp, target);
  } catch (error) {
    for (const suffix of ['', '-wal', '-shm', '-journal']) fs.rmSync(temp + suffix, { force: true });
    throw error;
  }
  return { file: target, bytes: fs.statSync(target).size, at: new Date().toISOString() };
}

export function listBackups(dir: string): BackupInfo[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((name) => name.endsWith('.db'))
    .map((name) => {
      const stat = fs.statSync(path.join(dir, name));
      return { file: path.join(dir, name), bytes: stat.size, at: stat.mtime.toISOString() };
    })
    .sort((a, b) => b.at.localeCompare(a.at) || b.file.localeCompare(a.file));
}

/** Keeps the newest automatic backup of each of the last 7 days and of each of the last 4 weeks; named and pre-restore copies are never touched. */
export function rotateBackups(dir: string, now: Date): string[] {
  if (!fs.existsSync(dir)) return [];
  const day = 24 * 3600 * 1000;
  const automatic = fs
    .readdirSync(dir)
    .map((name) => ({ name, match: automaticPattern.exec(name) }))
    .filter((b): b is { name: string; match: RegExpExecArray } => b.match !== null)
    .map(({ name, match }) => {
      const [d, t] = [match[1], match[2]];
      const at = Date.UTC(+d.slice(0, 4), +d.slice(4, 6) - 1, +d.slice(6, 8), +t.slice(0, 2), +t.slice(2, 4), +t.slice(4, 6));
      return { name, at };
    })
    .sort((a, b) => b.at - a.at);
  const keep = new Set<string>();
  const days = new Set<number>();
  const weeks = new Set<number>();
  const today = Math.floor(now.getTime() / day);
  for (const backup of automatic) {
    // Whole calendar days back (UTC), so two backups of one day always share a bucket.
    const daysBack = today - Math.floor(backup.at / day);
    if (daysBack < 7) {
      if (!days.has(daysBack)) keep.add(backup.name);
      days.add(daysBack);
    } else if (daysBack < 28) {
      const week = Math.floor(daysBack / 7);
      if (!weeks.has(week)) keep.add(backup.name);
      weeks.add(week);
    }
  }
  const removed = automatic.filter((b) => !keep.has(b.name)).map((b) => path.join(dir, b.name));
  for (const file of removed) fs.rmSync(file, { force: true });
  return removed;
}

/**
 * Swaps a checked backup in for the customer book. The current file (and its WAL) is kept first as
 * a pre-restore copy, so a restore can itself be undone. The book must not be open anywhere.
 */
export function restoreBackup(options: {
  databaseFile: string;
  backupFile: string;
  migrationsFolder?: string;
  now?: Date;
  /** Where the pre-restore copy goes; by default the `backups` folder beside the book. */
  backupDir?: string;
}): { restored: string; preRestore: string | null } {
  const databaseFile = path.resolve(options.databaseFile);
  inspectBackup(options.backupFile, options.migrationsFolder);
  let preRestore: string | null = null;
  if (fs.existsSync(databaseFile)) {
    const dir = options.backupDir ?? defaultBackupDir(databaseFile);
    fs.mkdirSync(dir, { recursive: true });
    preRestore = path.join(dir, `pre-restore-${stamp(options.now ?? new Date())}.db`);
    fs.copyFileSync(databaseFile, preRestore);
    for (const suffix of ['-wal', '-shm']) {
      if (fs.existsSync(databaseFile + suffix)) fs.copyFileSync(databaseFile + suffix, preRestore + suffix);
    }
  }
  const temp = `${databaseFile}.restoring`;
  fs.copyFileSync(options.backupFile, temp);
  for (const suffix of ['-wal', '-shm']) fs.rmSync(databaseFile + suffix, { force: true });
  fs.renameSync(temp, databaseFile);
  return { restored: databaseFile, preRestore };
}
