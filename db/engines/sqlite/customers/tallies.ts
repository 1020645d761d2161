import { listedLeavesOutMerged, type BookTallies, type CustomerTallies } from '../../../customers/tallies';
import { one, value } from '../../../query';

/**
 * Kept by the triggers of migration 0016 from the customer rows: derived, as the search index is, so
 * a move leaves it out (the copy's own triggers fill it as the rows go in) and it has no twin on PostgreSQL.
 */
export const talliesTable = 'customer_tallies';

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
};
