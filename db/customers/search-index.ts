import type Database from 'better-sqlite3';
import { run, value, type Query } from '../query';

/**
 * Keeping the customer search indexes (migration 0006's FTS5 tables) in step with the customers:
 * their triggers write them row by row; the functions here fill them in bulk and take records out.
 */

/** The full-text tables a search reads: trigram for words of 3+ characters, prefix for shorter ones. */
export const searchIndexTables = ['customers_trigram', 'customers_prefix'] as const;
export type SearchIndexTable = (typeof searchIndexTables)[number];

const searchInsertTrigger = 'customers_search_after_insert';

/**
 * The search index as its insert trigger writes it (migration 0006), for every customer after
 * `afterId` not in it yet: one INSERT … SELECT per index instead of one trigger per row.
 */
export function fillSearchIndex(sqlite: Database.Database, afterId: number): void {
  for (const table of searchIndexTables) sqlite.prepare(fillStatement(table)).run(afterId, afterId);
}

const fillStatement = (table: SearchIndexTable) =>
  `INSERT INTO ${table} (rowid, name, email, phone)
   SELECT id, first_name || ' ' || coalesce(last_name, ''), coalesce(email, ''), coalesce(phone_search, '')
   FROM customers WHERE id > ? AND id NOT IN (SELECT rowid FROM ${table} WHERE rowid > ?) ORDER BY id`;

/**
 * Runs `insert`, which adds many customers (an import), with the search index written once at the
 * end instead of by the insert trigger row by row. A statement that fires a trigger opens a statement
 * savepoint, and FTS5 writes its pending terms out to disk at every savepoint: each row became a tiny
 * index segment to merge, hundreds of microseconds a row in a 100,000-customer book, against some
 * 15 µs a row for one INSERT … SELECT. Inside the caller's transaction, the trigger is dropped, the
 * rows inserted, every customer added since put in both indexes, and the trigger recreated from its
 * own stored definition: schema changes are transactional, so a failure rolls all of it back and no
 * one ever sees a book without it.
 */
export function withSearchIndexDeferred<T>(sqlite: Database.Database, insert: () => T): T {
  const restore = deferSearchIndex(sqlite);
  let done = false;
  try {
    const result = insert();
    done = true;
    return result;
  } finally {
    restore(done);
  }
}

/** `withSearchIndexDeferred` as statements a rule yields: the insert trigger is put back whatever happens. */
export function* deferredSearchIndex<T>(insert: () => Query<T>): Query<T> {
  const trigger = yield* value<string>("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?", [searchInsertTrigger]);
  if (!trigger) throw new Error(`The search index trigger ${searchInsertTrigger} is missing`);
  const afterId = (yield* value<number>('SELECT coalesce(max(id), 0) FROM customers'))!;
  yield* run(`DROP TRIGGER ${searchInsertTrigger}`);
  let done = false;
  try {
    const result = yield* insert();
    done = true;
    return result;
  } finally {
    if (done) {
      for (const table of searchIndexTables) yield* run(fillStatement(table), [afterId, afterId]);
    }
    // After an error that rolled the transaction back, the trigger is already there again.
    const back = yield* value<string>("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?", [searchInsertTrigger]);
    if (!back) yield* run(trigger);
  }
}

/**
 * The first half of `withSearchIndexDeferred`, for a caller whose inserts are not one synchronous
 * function (a book moved in from PostgreSQL, batch by batch): drops the insert trigger and returns
 * what puts it back, after filling both indexes for every customer added meanwhile when `filled`.
 */
export function deferSearchIndex(sqlite: Database.Database): (filled: boolean) => void {
  if (!sqlite.inTransaction) throw new Error('withSearchIndexDeferred runs inside a write transaction');
  const triggerSql = () =>
    sqlite.prepare("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?").pluck().get(searchInsertTrigger) as string | undefined;
  const trigger = triggerSql();
  if (!trigger) throw new Error(`The search index trigger ${searchInsertTrigger} is missing`);
  const afterId = sqlite.prepare('SELECT coalesce(max(id), 0) FROM customers').pluck().get() as number;
  sqlite.exec(`DROP TRIGGER ${searchInsertTrigger}`);
  return (filled) => {
    try {
      if (filled) fillSearchIndex(sqlite, afterId);
    } finally {
      // After an error that rolled the transaction back, the trigger is already there again.
      if (!triggerSql()) sqlite.exec(trigger);
    }
  };
}

/**
 * Takes every merged and erased record out of the search indexes, as merge and erase do one by one
 * (the SearchEngine's `forget`): for a whole book written afresh, where the fill put every customer in.
 */
export function dropUnsearchable(sqlite: Database.Database): void {
  for (const table of searchIndexTables) {
    sqlite.prepare(`DELETE FROM ${table} WHERE rowid IN (SELECT id FROM customers WHERE merged_into IS NOT NULL OR erased_at IS NOT NULL)`).run();
  }
}
