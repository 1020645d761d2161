import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { deferSearchIndex, dropUnsearchable } from '../../customers/search-index';
import { deferTallies } from '../sqlite/customers/tallies';
import { DomainError } from '../../errors';
import { openDatabase } from '../../open';
import type { SettingsDefaults } from '../../settings/defaults';
import type { MovedTable } from './plan';
import type { BookReader, BookWriter, Row } from './side';

const quote = (name: string) => `"${name}"`;

/** The reads both ends of a move make, on a connection that is already inside its transaction. */
function sqliteReads(sqlite: Database.Database): Omit<BookReader, 'close'> {
  const statements = new Map<string, Database.Statement>();
  const prepared = (sql: string) => {
    let statement = statements.get(sql);
    if (!statement) statements.set(sql, (statement = sqlite.prepare(sql)));
    return statement;
  };
  return {
    count: async (table) => prepared(`SELECT count(*) FROM ${quote(table.name)}`).pluck().get() as number,
    page: async (table, columns, after, limit) => {
      const select = `SELECT ${columns.map(quote).join(', ')} FROM ${quote(table.name)}`;
      const order = `ORDER BY ${quote(table.key)} LIMIT ?`;
      return (after === null
        ? prepared(`${select} ${order}`).raw().all(limit)
        : prepared(`${select} WHERE ${quote(table.key)} > ? ${order}`).raw().all(after, limit)) as Row[];
    },
    highWater: async (table) => (prepared('SELECT seq FROM sqlite_sequence WHERE name = ?').pluck().get(table.name) as number | undefined) ?? 0,
  };
}

/**
 * A SQLite book to move from, opened as a reader: nothing is written to it, and every read of the
 * move sees the one state of the book its read transaction began with, while the app may go on writing.
 */
export function openSqliteSource(file: string, migrationsFolder?: string): BookReader {
  const book = openDatabase({ file, readonly: true, migrationsFolder });
  book.sqlite.exec('BEGIN');
  // A deferred transaction takes its snapshot at its first read: now, not at the first page.
  book.sqlite.prepare('SELECT count(*) FROM settings').get();
  return {
    ...sqliteReads(book.sqlite),
    close: async () => {
      if (book.sqlite.inTransaction) book.sqlite.exec('COMMIT');
      book.close();
    },
  };
}

/**
 * A new SQLite book to move into. It is written as a temporary file beside `file` and appears under
 * its name only once verified and committed, never replacing a file: the move's one transaction
 * on SQLite, and a failed move leaves nothing behind.
 */
export function openSqliteDestination(file: string, tables: MovedTable[], options: { migrationsFolder?: string; defaults?: Partial<SettingsDefaults> } = {}): BookWriter {
  const target = path.resolve(file);
  const exists = () => new DomainError('conflict', `${target} already exists: a book is moved into a new file, never over one.`, { fields: { to: 'already exists' } });
  if (fs.existsSync(target)) throw exists();
  const temp = path.join(path.dirname(target), `.${path.basename(target)}.moving-${crypto.randomBytes(4).toString('hex')}`);
  const removeTemp = () => {
    for (const suffix of ['', '-wal', '-shm', '-journal']) fs.rmSync(`${temp}${suffix}`, { force: true });
  };

  let book: ReturnType<typeof openDatabase>;
  try {
    book = openDatabase({ file: temp, migrationsFolder: options.migrationsFolder, defaults: options.defaults });
  } catch (error) {
    removeTemp();
    throw error;
  }
  const { sqlite } = book;
  let restoreSearchTrigger: ((filled: boolean) => void) | undefined;
  let restoreTallies: ((recount: boolean) => void) | undefined;
  let indexes: string[] = [];
  try {
    sqlite.exec('BEGIN IMMEDIATE');
    // Customers go in batch by batch: the search index and the tallies are written once at the end, as an import writes them.
    restoreSearchTrigger = deferSearchIndex(sqlite);
    restoreTallies = deferTallies(sqlite);
    indexes = dropIndexes(sqlite, tables);
  } catch (error) {
    book.close();
    removeTemp();
    throw error;
  }
  const statements = new Map<string, Database.Statement>();
  const prepared = (sql: string) => {
    let statement = statements.get(sql);
    if (!statement) statements.set(sql, (statement = sqlite.prepare(sql)));
    return statement;
  };
  let open = true;
  const finish = () => {
    if (!open) return;
    open = false;
    if (sqlite.inTransaction) sqlite.exec('ROLLBACK');
    book.close();
    removeTemp();
  };

  return {
    ...sqliteReads(sqlite),
    deleteAll: async (table) => {
      prepared(`DELETE FROM ${quote(table.name)}`).run();
    },
    insert: async (table, rows) => {
      const insert = prepared(`INSERT INTO ${quote(table.name)} (${table.columns.map(quote).join(', ')}) VALUES (${table.columns.map(() => '?').join(', ')})`);
      for (const row of rows) insert.run(row);
    },
    setColumn: async (table, column, pairs) => {
      const update = prepared(`UPDATE ${quote(table.name)} SET ${quote(column)} = ? WHERE ${quote(table.key)} = ?`);
      for (const [key, value] of pairs) update.run(value, key);
    },
    raiseCounter: async (table, value) => {
      prepared('INSERT INTO sqlite_sequence (name, seq) SELECT ?, 0 WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = ?)').run(table.name, table.name);
      prepared('UPDATE sqlite_sequence SET seq = max(seq, ?) WHERE name = ?').run(value, table.name);
    },
    finishDerived: async () => {
      const restore = restoreSearchTrigger;
      restoreSearchTrigger = undefined;
      restore?.(true);
      dropUnsearchable(sqlite);
      const recount = restoreTallies;
      restoreTallies = undefined;
      recount?.(true);
      for (const index of indexes) sqlite.exec(index);
      indexes = [];
    },
    commit: async () => {
      sqlite.exec('COMMIT');
      open = false;
      book.close();
      try {
        // A hard link never replaces a file: a book that appeared at `target` meanwhile stays as it is.
        fs.linkSync(temp, target);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        // A USB stick's FAT has no hard links: there, a rename after looking, with only that moment unguarded.
        if ((code === 'EPERM' || code === 'ENOTSUP' || code === 'ENOSYS') && !fs.existsSync(target)) {
          fs.renameSync(temp, target);
          return;
        }
        removeTemp();
        if (code === 'EEXIST') throw exists();
        throw error;
      }
      removeTemp();
    },
    rollback: async () => finish(),
    close: async () => finish(),
  };
}

/**
 * Drops the moved tables' indexes (not the keys and UNIQUE constraints SQLite made itself) and
 * returns the statements that make them again: built once over all the rows, each is a sort instead
 * of a million insertions. The statements are the book's own, as the migrations wrote them, and a
 * failure rolls the drops back with the rest.
 */
function dropIndexes(sqlite: Database.Database, tables: MovedTable[]): string[] {
  const names = new Set(tables.map((table) => table.name));
  const indexes = (sqlite.prepare("SELECT name, tbl_name AS tableName, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name").all() as {
    name: string;
    tableName: string;
    sql: string;
  }[]).filter((index) => names.has(index.tableName));
  for (const index of indexes) sqlite.exec(`DROP INDEX ${quote(index.name)}`);
  return indexes.map((index) => index.sql);
}
