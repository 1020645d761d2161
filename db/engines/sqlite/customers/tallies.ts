import type Database from 'better-sqlite3';
import { listedLeavesOutMerged, type BookTallies, type CustomerTallies } from '../../../customers/tallies';
import { one, run, value, values, type Query } from '../../../query';

/**
 * Kept by the triggers of migration 0016 from the customer rows: derived, as the search index is, so
 * a move leaves it out (the copy's own triggers fill it as the rows go in) and it has no twin on PostgreSQL.
 */
export const talliesTable = 'customer_tallies';

/** The triggers that keep the tallies in step, row by row; a bulk write drops them and counts once at the end. */
const talliesTriggers = `SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE '${talliesTable}_after_%' ORDER BY name`;

/** The tallies counted afresh from every customer row, as migration 0016 first counted them. */
const recountStatements = [
  `DELETE FROM ${talliesTable}`,
  `INSERT INTO ${talliesTable} (status, type, erased, merged, buying, customers, spent)
   SELECT status, type, erased_at IS NOT NULL, merged_into IS NOT NULL, min(purchase_count, 2), count(*), coalesce(sum(total_spent), 0)
   FROM customers GROUP BY 1, 2, 3, 4, 5`,
];

/** The tallies counted afresh, for a writer that dropped their triggers itself (the bench's loader). */
export function recountTallies(sqlite: Database.Database): void {
  for (const sql of recountStatements) sqlite.exec(sql);
}

const triggerName = (sql: string) => /^CREATE TRIGGER\s+[`"]?(\w+)/i.exec(sql)![1];

/**
 * For a caller holding the connection inside its write transaction (a book moved in, the bench's
 * loader): drops the tallies' triggers, and returns what counts the tallies once and puts the
 * triggers back. A statement that fires a trigger opens a statement savepoint, and inside a long
 * transaction each savepoint copies every page the statement changes: an import of 100,000
 * customers took 21 s with the triggers firing, against 11.5 s without them.
 */
export function deferTallies(sqlite: Database.Database): (recount: boolean) => void {
  if (!sqlite.inTransaction) throw new Error('deferTallies runs inside a write transaction');
  const triggers = sqlite.prepare(talliesTriggers).pluck().all() as string[];
  for (const sql of triggers) sqlite.exec(`DROP TRIGGER ${triggerName(sql)}`);
  return (recount) => {
    if (recount) recountTallies(sqlite);
    // After an error that rolled the transaction back, the triggers are already there again.
    const back = new Set((sqlite.prepare(talliesTriggers).pluck().all() as string[]).map(triggerName));
    for (const sql of triggers) if (!back.has(triggerName(sql))) sqlite.exec(sql);
  };
}

/** `deferTallies` as statements a rule yields, around `write`: the triggers are put back whatever happens. */
function* deferredTallies<T>(write: () => Query<T>): Query<T> {
  const triggers = yield* values<string>(talliesTriggers);
  for (const sql of triggers) yield* run(`DROP TRIGGER ${triggerName(sql)}`);
  let done = false;
  try {
    const result = yield* write();
    done = true;
    return result;
  } finally {
    if (done) for (const sql of recountStatements) yield* run(sql);
    const back = new Set((yield* values<string>(talliesTriggers)).map(triggerName));
    for (const sql of triggers) if (!back.has(triggerName(sql))) yield* run(sql);
  }
}

/** Read from customer_tallies, which the triggers of migration 0016 keep in step with every customer row. */
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
         coalesce(sum(spent) FILTER (WHERE status = 'archived'), 0) AS "archivedSpent"
       FROM ${talliesTable}`,
    ))!;
  },
  bulk: deferredTallies,
};
