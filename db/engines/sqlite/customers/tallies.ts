import type Database from 'better-sqlite3';
import { listedLeavesOutMerged, type BookTallies, type CustomerTallies } from '../../../customers/tallies';
import { one, run, value, values, type Query } from '../../../query';

/**
 * Kept by the triggers of migrations 0016 and 0017 from the customer rows: derived, as the search index is, so
 * a move leaves it out (the copy's own triggers fill it as the rows go in) and it has no twin on PostgreSQL.
 */
export const talliesTable = 'customer_tallies';

/** The triggers that keep the tallies in step, row by row; a bulk write sets them aside (bulkStatements). */
const talliesTriggers = `SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE '${talliesTable}_after_%' ORDER BY name`;

/** The tallies of the customers `where` keeps (all of them, or those past an id), as migration 0017 counted them afresh. */
const tallyInsert = (where = '') =>
  `INSERT INTO ${talliesTable} (status, type, erased, merged, buying, email, customers, spent)
   SELECT status, type, erased_at IS NOT NULL, merged_into IS NOT NULL, min(purchase_count, 2),
     CASE WHEN email IS NULL THEN 0 WHEN email_consent = 'subscribed' THEN 2 ELSE 1 END, count(*), coalesce(sum(total_spent), 0)
   FROM customers${where} GROUP BY 1, 2, 3, 4, 5, 6`;

/** The tallies counted afresh from every customer row. */
const recountStatements = [`DELETE FROM ${talliesTable}`, tallyInsert()];

/** The tallies counted afresh, for a writer that dropped their triggers itself (the bench's loader). */
export function recountTallies(sqlite: Database.Database): void {
  for (const sql of recountStatements) sqlite.exec(sql);
}

const triggerName = (sql: string) => /^CREATE TRIGGER\s+[`"]?(\w+)/i.exec(sql)![1];

/**
 * What a bulk write (an import, a book moved in) runs around itself, given the tallies' triggers and
 * the highest customer id before it. A statement that fires a trigger opens a statement savepoint,
 * and inside a long transaction each savepoint copies every page the statement changes: an import of
 * 100,000 customers took 21 s with the triggers firing on each insert, against 10.9 s without them.
 * So the rows the write adds are counted once when it ends, in their final state (by a range of the
 * primary key, not a pass over every customer: at a million customers that pass took 4 s). Rows that
 * were there before keep being counted as they change, by temporary copies of the triggers limited to
 * them (a row the write adds and then changes, such as a merged one in a moved book, is not counted twice).
 */
function bulkStatements(triggers: string[], afterId: number): { begin: string[]; end: string[]; putBack: string[] } {
  const forRowsBefore = triggers
    .filter((sql) => !triggerName(sql).endsWith('_after_insert'))
    .map((sql) => {
      const temp = sql.replace(/^CREATE TRIGGER\s+[`"]?(\w+)[`"]?/i, 'CREATE TEMP TRIGGER $1_in_bulk');
      // The trigger's own WHEN comes before its BEGIN; a WHEN after it belongs to a CASE in its body.
      const begin = /\sBEGIN\s/i.exec(temp)!;
      const [head, body] = [temp.slice(0, begin.index), temp.slice(begin.index + begin[0].length)];
      return /\sWHEN\s/i.test(head)
        ? `${head.replace(/\sWHEN\s/i, ` WHEN old.id <= ${afterId} AND (`)}) BEGIN ${body}`
        : `${head} WHEN old.id <= ${afterId} BEGIN ${body}`;
    });
  const dropTemp = forRowsBefore.map((sql) => `DROP TRIGGER IF EXISTS temp.${/^CREATE TEMP TRIGGER (\w+)/.exec(sql)![1]}`);
  return {
    begin: [...triggers.map((sql) => `DROP TRIGGER ${triggerName(sql)}`), ...forRowsBefore],
    end: [`${tallyInsert(` WHERE id > ${afterId}`)} ON CONFLICT DO UPDATE SET customers = customers + excluded.customers, spent = spent + excluded.spent`],
    putBack: [...dropTemp, ...triggers],
  };
}

const highestCustomerId = 'SELECT coalesce(max(id), 0) FROM customers';

/**
 * For a caller holding the connection inside its write transaction (a book moved in): sets the
 * tallies' triggers aside (bulkStatements), and returns what counts the rows added and puts them back.
 */
export function deferTallies(sqlite: Database.Database): (count: boolean) => void {
  if (!sqlite.inTransaction) throw new Error('deferTallies runs inside a write transaction');
  const triggers = sqlite.prepare(talliesTriggers).pluck().all() as string[];
  const { begin, end, putBack } = bulkStatements(triggers, sqlite.prepare(highestCustomerId).pluck().get() as number);
  for (const sql of begin) sqlite.exec(sql);
  return (count) => {
    if (count) for (const sql of end) sqlite.exec(sql);
    // After an error that rolled the transaction back, all of it is undone already.
    if (sqlite.inTransaction) for (const sql of putBack) sqlite.exec(sql);
  };
}

/** `deferTallies` as statements a rule yields, around `write`. */
function* deferredTallies<T>(write: () => Query<T>): Query<T> {
  const triggers = yield* values<string>(talliesTriggers);
  const { begin, end, putBack } = bulkStatements(triggers, (yield* value<number>(highestCustomerId))!);
  for (const sql of begin) yield* run(sql);
  const result = yield* write();
  for (const sql of [...end, ...putBack]) yield* run(sql);
  return result;
}

/** Read from customer_tallies, which the triggers of migration 0017 keep in step with every customer row. */
export const sqliteTallies: CustomerTallies = {
  *listed(status, type) {
    const merged = listedLeavesOutMerged(status) ? ' AND merged = 0' : '';
    const sql = `SELECT coalesce(sum(customers), 0) FROM ${talliesTable} WHERE status = @status AND erased = 0${merged}`;
    return type === undefined ? (yield* value<number>(sql, { status }))! : (yield* value<number>(`${sql} AND type = @type`, { status, type }))!;
  },
  *book() {
    return (yield* one<BookTallies>(
      `SELECT coalesce(sum(customers), 0) AS everyone,
         coalesce(sum(customers) FILTER (WHERE status = 'archived'), 0) AS archived,
         coalesce(sum(customers) FILTER (WHERE status = 'active' AND buying = 0), 0) AS never,
         coalesce(sum(customers) FILTER (WHERE status = 'active' AND buying = 2), 0) AS repeaters,
         coalesce(sum(spent), 0) AS "allTime",
         coalesce(sum(spent) FILTER (WHERE status = 'archived'), 0) AS "archivedSpent",
         coalesce(sum(customers) FILTER (WHERE status = 'active' AND email > 0), 0) AS "withEmail",
         coalesce(sum(customers) FILTER (WHERE status = 'active' AND email = 2), 0) AS subscribed
       FROM ${talliesTable}`,
    ))!;
  },
  bulk: deferredTallies,
};
