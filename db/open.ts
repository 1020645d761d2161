import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { z } from 'zod';
import * as schema from './schema';
import { defaultSettings, type SettingsDefaults } from './settings/defaults';

export type Db = BetterSQLite3Database<typeof schema>;

export interface OpenedDatabase {
  sqlite: Database.Database;
  db: Db;
  file: string;
  /** The migrations this open applied, by tag (for the support log); empty when none were due. */
  migrated: string[];
  /**
   * SQLite's quick_check of the whole file, if the open left it for later (`checkAfterOpen`): why
   * the book is damaged, or null when it is whole (or was checked at open). Reads every page once.
   */
  checkIntegrity(): DatabaseOpenError | null;
  close(): void;
}

export interface OpenOptions {
  file: string;
  /** Where the committed migrations are; the packaged app resolves it from its own path. */
  migrationsFolder?: string;
  /** An Electron-ABI build of better-sqlite3, so Electron and Node builds can sit side by side. */
  nativeBinding?: string;
  /** A reader connection: never migrates or writes. The writer must have opened the file first. */
  readonly?: boolean;
  defaults?: Partial<SettingsDefaults>;
  /**
   * Open a whole-looking file without reading every page first, and leave SQLite's quick_check to
   * `checkIntegrity()`, which the caller runs before its first write (the desktop's writer thread,
   * while the reader already serves the first screen: a ten-year book takes a second or more).
   * Ignored when the open writes (a migration is due, or the file is not in WAL mode yet): a damaged
   * file is never written to, so it is checked first.
   */
  checkAfterOpen?: boolean;
  /** The connection's page cache, filled only as pages are read (128 MB unless given; see below). */
  pageCacheMb?: number;
}

/** Refused on purpose: the user must be told, not shown a broken app. */
export class DatabaseOpenError extends Error {
  constructor(
    message: string,
    /** The file itself is damaged (not merely locked or from a newer app): the way out is a backup. */
    readonly damaged = false,
  ) {
    super(message);
    this.name = 'DatabaseOpenError';
  }
}

export const defaultMigrationsFolder = (): string => {
  const here = path.dirname(fileURLToPath(import.meta.url));
  return path.join(here, 'migrations');
};

const journalSchema = z.object({
  entries: z.array(z.object({ idx: z.number(), when: z.number(), tag: z.string() })),
});

export function readJournal(migrationsFolder: string) {
  const journalFile = path.join(migrationsFolder, 'meta', '_journal.json');
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(journalFile, 'utf8'));
  } catch (error) {
    throw new DatabaseOpenError(`The app's migrations could not be read from ${journalFile}: ${(error as Error).message}`);
  }
  return journalSchema.parse(raw).entries;
}

/**
 * drizzle applies a migration only when it is newer than the last applied one, so a file from a
 * newer app, or a migration merged out of order, would otherwise pass silently. The applied set must
 * be exactly a prefix of the known set.
 */
export function checkAppliedMigrations(sqlite: Database.Database, known: { when: number; tag: string }[]): void {
  const hasTable = sqlite
    .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '__drizzle_migrations'")
    .get();
  if (!hasTable) return;
  const applied = (sqlite.prepare('SELECT created_at AS createdAt FROM __drizzle_migrations ORDER BY created_at').all() as {
    createdAt: number;
  }[]).map((row) => Number(row.createdAt));
  const knownWhen = known.map((m) => m.when);
  const unknown = applied.filter((when) => !knownWhen.includes(when));
  if (unknown.length > 0) {
    throw new DatabaseOpenError(
      'This customer book was written by a newer version of Regulars. Update Regulars to open it; nothing was changed.',
    );
  }
  applied.forEach((when, i) => {
    if (knownWhen[i] !== when) {
      throw new DatabaseOpenError(
        `This customer book skipped migration ${known[i]?.tag ?? i}; it will not be opened so that no change is applied out of order.`,
      );
    }
  });
}

export function openDatabase(options: OpenOptions): OpenedDatabase {
  const file = path.resolve(options.file);
  if (!options.readonly) fs.mkdirSync(path.dirname(file), { recursive: true });
  let sqlite: Database.Database;
  try {
    sqlite = new Database(file, {
      nativeBinding: options.nativeBinding,
      readonly: options.readonly ?? false,
      fileMustExist: options.readonly ?? false,
    });
  } catch (error) {
    throw new DatabaseOpenError(`Could not open the customer book at ${file}: ${(error as Error).message}`);
  }
  let checkLater = false;
  let checked = false;
  try {
    sqlite.pragma('busy_timeout = 5000');
    const migrationsFolder = options.migrationsFolder ?? defaultMigrationsFolder();
    const known = readJournal(migrationsFolder);
    if (!options.readonly) {
      // Reading the schema first fails fast, with SQLite's own reason, on a file that is not a database.
      try {
        sqlite.prepare('SELECT count(*) FROM sqlite_master').get();
      } catch (error) {
        throw damagedBook(file, (error as Error).message);
      }
      // Left for later only where this open writes nothing: no migration due, and the file already in
      // WAL mode (switching a restored or copied-in file to it rewrites its header).
      checkLater = (options.checkAfterOpen ?? false) && appliedCount(sqlite) === known.length && sqlite.pragma('journal_mode', { simple: true }) === 'wal';
      // A damaged file is never written to: the owner is sent to the newest good backup instead.
      if (!checkLater) {
        const damage = quickCheck(sqlite, file);
        if (damage) throw damage;
        checked = true;
      }
      sqlite.pragma('journal_mode = WAL');
    }
    // A sale staff were told is saved must survive a power cut.
    sqlite.pragma('synchronous = FULL');
    // A ten-year book (100k customers, a million sales) is about 500 MB: with SQLite's default 2 MB
    // page cache, searches and counts would keep fetching the same pages from the OS. 128 MB holds
    // the search and directory indexes and the customer rows; it fills only as pages are read
    // (npm run bench measures the process's memory with it).
    sqlite.pragma(`cache_size = ${-1024 * (options.pageCacheMb ?? 128)}`);
    checkAppliedMigrations(sqlite, known);
    const db = drizzle(sqlite, { schema });
    let migrated: string[] = [];
    if (!options.readonly) {
      // drizzle's migrator runs inside a transaction, where PRAGMA foreign_keys is ignored:
      // switch it off on the connection so a table rebuild cannot cascade-delete child rows.
      sqlite.pragma('foreign_keys = OFF');
      const appliedBefore = appliedCount(sqlite);
      // The journal was checked against the book above: with nothing due, drizzle's migrator would
      // only read and hash every migration file again (a tenth of a command line's start).
      if (appliedBefore < known.length) migrate(db, { migrationsFolder });
      migrated = known.slice(appliedBefore, appliedCount(sqlite)).map((m) => m.tag);
      // Only a migration can have left such rows (the connection enforces the keys from here on), and
      // the check reads every child row: 2.5 s on a ten-year book, at every open if asked each time.
      if (migrated.length > 0 && (sqlite.pragma('foreign_key_check') as unknown[]).length > 0) {
        throw new DatabaseOpenError('A migration left rows pointing at nothing; the customer book was not changed further.');
      }
      sqlite.pragma('foreign_keys = ON');
      ensureInitialised(sqlite, () => ({ ...defaultSettings(), ...options.defaults }));
    } else {
      sqlite.pragma('foreign_keys = ON');
      const applied = sqlite.prepare('SELECT count(*) AS n FROM __drizzle_migrations').get() as { n: number };
      if (applied.n !== known.length) throw new DatabaseOpenError('The customer book has not been brought up to date yet.');
      // Nor one whose writer will still switch it to WAL (a restored or copied-in file), rewriting its header.
      if (sqlite.pragma('journal_mode', { simple: true }) !== 'wal') throw new DatabaseOpenError('The customer book has not been switched to WAL mode yet.');
    }
    let unchecked = checkLater;
    const checkIntegrity = () => {
      if (!unchecked) return null;
      unchecked = false;
      return quickCheck(sqlite, file);
    };
    return { sqlite, db, file, migrated, checkIntegrity, close: () => sqlite.close() };
  } catch (error) {
    // Unless the file was checked first, the open may have failed on a damaged page (the settings',
    // the staff's; a reader's, whose open checks nothing): check it now, so the owner is sent to a backup.
    const damage = error instanceof DatabaseOpenError || checked ? null : quickCheck(sqlite, file);
    sqlite.close();
    if (damage) throw damage;
    if (error instanceof DatabaseOpenError) throw error;
    throw new DatabaseOpenError(`Could not open the customer book at ${file}: ${(error as Error).message}`);
  }
}

const damagedBook = (file: string, why: string) =>
  new DatabaseOpenError(
    `The customer book at ${file} is damaged (${why}). Nothing was written to it. Restore the newest good backup: regulars backups list, then regulars restore <backup file> --yes.`,
    true,
  );

/** SQLite's quick_check: null for a whole file, else the error that says what is damaged. */
function quickCheck(sqlite: Database.Database, file: string): DatabaseOpenError | null {
  let check: unknown;
  try {
    check = sqlite.pragma('quick_check', { simple: true });
  } catch (error) {
    return damagedBook(file, (error as Error).message);
  }
  return check === 'ok' ? null : damagedBook(file, String(check));
}

const appliedCount = (sqlite: Database.Database): number =>
  sqlite.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '__drizzle_migrations'").get()
    ? (sqlite.prepare('SELECT count(*) AS n FROM __drizzle_migrations').get() as { n: number }).n
    : 0;

/**
 * First open: the shop's settings from the system locale, and the owner as the first member of staff.
 * The defaults are worked out only when something is missing: asking Intl for the system's locale
 * and time zone takes about 15 ms, at every open of a book that has both.
 */
function ensureInitialised(sqlite: Database.Database, defaultsFor: () => SettingsDefaults): void {
  const complete = sqlite.prepare("SELECT EXISTS (SELECT 1 FROM settings WHERE id = 1) AND EXISTS (SELECT 1 FROM staff WHERE role = 'owner')").pluck().get();
  if (complete) return;
  const defaults = defaultsFor();
  const now = new Date().toISOString();
  sqlite.transaction(() => {
    sqlite
      .prepare(
        `INSERT OR IGNORE INTO settings (id, shop_name, currency, phone_country, locale, time_zone, updated_at)
         VALUES (1, ?, ?, ?, ?, ?, ?)`,
      )
      .run(defaults.shopName, defaults.currency, defaults.phoneCountry, defaults.locale, defaults.timeZone, now);
    const owner = sqlite.prepare("SELECT id FROM staff WHERE role = 'owner' LIMIT 1").get();
    if (!owner) sqlite.prepare("INSERT INTO staff (name, role, created_at) VALUES ('Owner', 'owner', ?)").run(now);
  })();
}
