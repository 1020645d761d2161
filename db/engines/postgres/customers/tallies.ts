import { listedLeavesOutMerged, type BookTallies, type CustomerTallies } from '../../../customers/tallies';
import { one, value } from '../../../query';

/** The whole book's tallies, counted; the email opt-in's two counts from migration 0018's partial index alone. */
export const bookTalliesSql = `SELECT
   (SELECT count(*) FROM customers) AS everyone,
   (SELECT count(*) FROM customers WHERE status = 'archived') AS archived,
   (SELECT count(*) FROM customers WHERE status = 'active' AND purchase_count = 0) AS never,
   (SELECT count(*) FROM customers WHERE status = 'active' AND purchase_count >= 2) AS repeaters,
   (SELECT coalesce(sum(total_spent), 0) FROM customers) AS "allTime",
   (SELECT coalesce(sum(total_spent), 0) FROM customers WHERE status = 'archived') AS "archivedSpent",
   (SELECT count(*) FROM customers WHERE status = 'active' AND email IS NOT NULL) AS "withEmail",
   (SELECT count(*) FROM customers WHERE status = 'active' AND email_consent = 'subscribed' AND email IS NOT NULL) AS subscribed`;

/** Counted from the customers on each call, each count a range of one index (see CustomerTallies for why no table of counts). */
export const postgresTallies: CustomerTallies = {
  *listed(status, type) {
    const merged = listedLeavesOutMerged(status) ? ' AND merged_into IS NULL' : '';
    const sql = `SELECT count(*) FROM customers WHERE status = @status AND erased_at IS NULL${merged}`;
    return type === undefined ? (yield* value<number>(sql, { status }))! : (yield* value<number>(`${sql} AND type = @type`, { status, type }))!;
  },
  *book() {
    return (yield* one<BookTallies>(bookTalliesSql))!;
  },
  // Nothing is kept, so nothing waits for the end.
  bulk: (write) => write(),
};
