import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { strToU8, zipSync, type Zippable } from 'fflate';
import { backupKind, listBackups } from './backups';
import { defaultMigrationsFolder, readJournal } from './open';
import { logFilesIn } from './log';

/**
 * The file a shop sends to support: the support log, versions, settings and SQLite's own check of
 * the book, in one zip. No customer data, no PIN hashes and no backup copies go in: only settings,
 * counts, file names and what the log already holds (which is written without personal data).
 */
export type BookFacts = FileBookFacts | SharedBookFacts;

/** A SQLite book's facts, as they have always been written. */
export interface FileBookFacts {
  sqliteVersion: string;
  /** `PRAGMA quick_check`: ["ok"] for a whole book, else SQLite's list of problems. */
  quickCheck: string[];
  schema: { appliedMigrations: number; knownMigrations: number; latest: string | null };
  counts: Record<string, number | null>;
  settings: Record<string, unknown> | null;
}

/**
 * A shared book's facts: what is known of it from a till (the engine, the server's version, where it
 * is with the password hidden, migrations, counts, settings). The server keeps its own data whole:
 * there is no quick_check to run from here.
 */
export interface SharedBookFacts {
  engine: 'postgres';
  /** The address with its password hidden. */
  location: string;
  serverVersion: string;
  schema: FileBookFacts['schema'];
  counts: FileBookFacts['counts'];
  settings: FileBookFacts['settings'];
}

/** Columns that must never leave the book, whatever table a later migration adds them to. */
export const secretColumn = /pin|hash|secret|token|password|key|sealed/i;

export const countedTables = ['customers', 'sales', 'notes', 'staff', 'consent_events', 'import_batches', 'audit_log'];

/** Reads the facts over an open connection (the desktop's writer worker, or a read-only one on a damaged book). */
export function bookFacts(sqlite: Database.Database, migrationsFolder = defaultMigrationsFolder()): FileBookFacts {
  const attempt = <T>(read: () => T, fallback: T): T => {
    try {
      return read();
    } catch {
      return fallback;
    }
  };
  const sqliteVersion = attempt(() => (sqlite.prepare('SELECT sqlite_version() AS v').get() as { v: string }).v, 'unknown');
  let quickCheck: string[];
  try {
    quickCheck = (sqlite.pragma('quick_check') as Record<string, unknown>[]).map((row) => String(Object.values(row)[0]));
  } catch (error) {
    quickCheck = [`quick_check could not run: ${(error as Error).message}`];
  }
  const known = attempt(() => readJournal(migrationsFolder), [] as { when: number; tag: string }[]);
  const applied = attempt(
    () => (sqlite.prepare('SELECT created_at AS createdAt FROM __drizzle_migrations ORDER BY created_at').all() as { createdAt: number }[]).map((r) => Number(r.createdAt)),
    [] as number[],
  );
  const last = applied.at(-1);
  const latest = last === undefined ? null : (known.find((m) => m.when === last)?.tag ?? `unknown (${last})`);
  const counts = Object.fromEntries(
    countedTables.map((table) => [table, attempt(() => (sqlite.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n, null)]),
  );
  const settings = attempt(() => {
    const row = sqlite.prepare('SELECT * FROM settings WHERE id = 1').get() as Record<string, unknown> | undefined;
    return row ? Object.fromEntries(Object.entries(row).filter(([column]) => !secretColumn.test(column))) : null;
  }, null);
  return { sqliteVersion, quickCheck, schema: { appliedMigrations: applied.length, knownMigrations: known.length, latest }, counts, settings };
}

/** Opens the book read-only for its facts: works on a damaged book, where the facts matter most. */
export function bookFactsOfFile(databaseFile: string, migrationsFolder?: string): FileBookFacts | { unreadable: string } {
  let sqlite: Database.Database | undefined;
  try {
    sqlite = new Database(databaseFile, { readonly: true, fileMustExist: true });
    return bookFacts(sqlite, migrationsFolder);
  } catch (error) {
    return { unreadable: (error as Error).message };
  } finally {
    sqlite?.close();
  }
}

/** Which program wrote the zip: the host adds its own (the app's version, Electron's). */
export function runtimeVersions(extra: Record<string, string | undefined> = {}): Record<string, string> {
  const versions: Record<string, string | undefined> = {
    node: process.versions.node,
    electron: process.versions.electron,
    chrome: process.versions.chrome,
    v8: process.versions.v8,
    platform: `${process.platform} ${os.release()} ${process.arch}`,
    ...extra,
  };
  return Object.fromEntries(Object.entries(versions).filter((entry): entry is [string, string] => entry[1] !== undefined));
}

export const diagnosticsName = (at: Date): string => `regulars-diagnostics-${at.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15)}.zip`;

export interface DiagnosticsReport {
  file: string;
  bytes: number;
  /** The names inside the zip. */
  entries: string[];
}

/**
 * Writes the zip: `versions.json`, `book.json` (settings, schema, counts, quick_check),
 * `backups.json` (names, times and sizes only) and `logs/`. Written beside the target and renamed
 * over it, so a half-written zip is never left where support would look.
 */
export function writeDiagnostics(options: {
  out: string;
  facts: BookFacts | { unreadable: string };
  versions: Record<string, string>;
  logFolder: string;
  backupFolder: string;
  databaseFile: string;
  now: Date;
}): DiagnosticsReport {
  const json = (value: unknown) => strToU8(`${JSON.stringify(value, null, 2)}\n`);
  const files: Zippable = {
    'versions.json': json({ ...options.versions, writtenAt: options.now.toISOString() }),
    'book.json': json({ file: options.databaseFile, ...options.facts }),
    'backups.json': json({
      folder: options.backupFolder,
      backups: listBackups(options.backupFolder).map((b) => ({ name: path.basename(b.file), kind: backupKind(b.file), at: b.at, bytes: b.bytes })),
    }),
  };
  for (const log of logFilesIn(options.logFolder)) files[`logs/${path.basename(log)}`] = fs.readFileSync(log);
  const zip = zipSync(files, { level: 6, mtime: options.now });
  const target = path.resolve(options.out);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const temp = `${target}.${process.pid}.partial`;
  try {
    fs.writeFileSync(temp, zip);
    fs.renameSync(temp, target);
  } catch (error) {
    fs.rmSync(temp, { force: true });
    throw error;
  }
  return { file: target, bytes: zip.byteLength, entries: Object.keys(files) };
}
