import fs from 'node:fs';
import path from 'node:path';
import { writeBackup, type BackupInfo } from './backups';
import { createCore, type BookCore, type CoreOptions } from './core';
import { bookFacts, type BookFacts } from './diagnostics';
import { bookLocation, moveBook } from './engines/move';
import { DatabaseOpenError, openDatabase } from './open';
import { openTill, withoutOutbox, type BookFront } from './outbox';
import type { SettingsDefaults } from './settings/defaults';

/**
 * The customer book a host opens, whichever engine holds it: a SQLite file (the default), or a
 * PostgreSQL database several PCs share. The engine is chosen here, from where the book is, and
 * nowhere else: past this point a host sees one core.
 */
export interface OpenBook {
  engine: 'sqlite' | 'postgres';
  /** Where the book is, fit to show and log: a file path, or an address with its password hidden. */
  shown: string;
  /** The file, for a SQLite book: the support log, the backups and the lock sit beside it. */
  file: string | null;
  core: BookCore;
  /**
   * What a host's writer serves the window's calls through (db/outbox.ts): in front of a shared book,
   * a till's outbox in `outboxFile`, which keeps the sales and notes typed while the server is out of
   * reach; a book on this PC cannot be out of reach, and is served as it is.
   */
  front(till: FrontOptions): BookFront;
  /** The migrations this open applied, by tag. */
  migrated: string[];
  /**
   * The book's own check, where the open left it for later (`sqlite.checkAfterOpen`): why the file
   * is damaged, or null when it is whole. A shared book is the server's to keep whole: always null.
   */
  checkIntegrity(): DatabaseOpenError | null;
  /** A copy of the whole book as one SQLite file at `destination`, whichever engine holds it. */
  backup(destination: string): Promise<BackupInfo>;
  /** What a diagnostics zip says about the book: SQLite's own check of a file, or what is known of a shared book. */
  facts(): Promise<BookFacts>;
  close(): Promise<void>;
}

export interface FrontOptions {
  /** Where this PC keeps its outbox for a shared book (beside the local book); none: a shared book is served without one. */
  outboxFile?: string;
  /** While something waits, how often the till tries to send it. */
  flushEveryMs?: number;
}

export interface OpenBookOptions extends CoreOptions {
  defaults?: Partial<SettingsDefaults>;
  migrationsFolders?: { sqlite?: string; postgres?: string };
  /**
   * A SQLite file only: Electron's build of better-sqlite3, a read-only connection (the desktop's
   * reader worker), SQLite's check of every page left to `checkIntegrity()` (the writer worker), and
   * the size of the connection's page cache.
   */
  sqlite?: { nativeBinding?: string; readonly?: boolean; checkAfterOpen?: boolean; pageCacheMb?: number };
}

/** Opens the book at `location` (a file path or a postgresql:// address); DatabaseOpenError says why it could not. */
export async function openBook(location: string, options: OpenBookOptions = {}): Promise<OpenBook> {
  const where = bookLocation.safeParse(location);
  if (!where.success) throw new DatabaseOpenError(where.error.issues[0]?.message ?? 'Not a customer book');
  if (where.data.engine === 'sqlite') {
    const database = openDatabase({
      file: where.data.file,
      migrationsFolder: options.migrationsFolders?.sqlite,
      defaults: options.defaults,
      nativeBinding: options.sqlite?.nativeBinding,
      readonly: options.sqlite?.readonly,
      checkAfterOpen: options.sqlite?.checkAfterOpen,
      pageCacheMb: options.sqlite?.pageCacheMb,
    });
    const core = createCore(database, options);
    return {
      engine: 'sqlite',
      shown: database.file,
      file: database.file,
      core,
      front: () => withoutOutbox(core, false),
      migrated: database.migrated,
      checkIntegrity: database.checkIntegrity,
      backup: (destination) => writeBackup(database.sqlite, destination, options.migrationsFolders?.sqlite),
      facts: async () => bookFacts(database.sqlite, options.migrationsFolders?.sqlite),
      close: async () => database.close(),
    };
  }
  const { url } = where.data;
  // Loaded only for a shared book: setting up the PostgreSQL driver took about 35 ms of every start.
  const [{ openPostgresBook }, { createPostgresCore }, { sharedBookFacts }] = await Promise.all([
    import('./engines/postgres/open'),
    import('./engines/postgres/core'),
    import('./engines/postgres/facts'),
  ]);
  const book = await openPostgresBook(url, { migrationsFolder: options.migrationsFolders?.postgres, defaults: options.defaults });
  try {
    const core = await createPostgresCore(book, options);
    return {
      engine: 'postgres',
      shown: book.url,
      file: null,
      core,
      front: ({ outboxFile, flushEveryMs }) => (outboxFile === undefined ? withoutOutbox(core, true) : openTill(core, outboxFile, { flushEveryMs })),
      migrated: book.migrated,
      checkIntegrity: () => null,
      backup: (destination) => backupOfSharedBook(url, destination, options),
      facts: () => sharedBookFacts(book, options.migrationsFolders?.postgres),
      close: () => book.close(),
    };
  } catch (error) {
    await book.close();
    throw error;
  }
}

/**
 * A shared book's backup is the book moved into a new SQLite file, verified as every move is: the
 * shop can always take its book home as one file. Written beside the destination first, so that a
 * failed copy leaves no half file under the backup's name.
 */
async function backupOfSharedBook(url: string, destination: string, options: OpenBookOptions): Promise<BackupInfo> {
  const target = path.resolve(destination);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const temp = `${target}.partial`;
  fs.rmSync(temp, { force: true });
  const moved = await moveBook({ from: url, to: temp, migrationsFolders: options.migrationsFolders });
  if (!moved.ok) {
    fs.rmSync(temp, { force: true });
    throw new Error(moved.error.message);
  }
  fs.renameSync(temp, target);
  return { file: target, bytes: fs.statSync(target).size, at: new Date().toISOString() };
}
