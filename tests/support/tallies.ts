import type Database from 'better-sqlite3';
import { talliesTable } from '../../db/engines/sqlite/customers/tallies';

/** Every key of SQLite's customer tallies with customers in it, as the triggers kept them. */
export const keptTallies = (sqlite: Database.Database): unknown[] =>
  sqlite.prepare(`SELECT status, type, erased, merged, buying, email, customers, spent FROM ${talliesTable} WHERE customers <> 0 ORDER BY 1, 2, 3, 4, 5, 6`).all();

/** The same tallies counted from the customer rows, one by one: what the kept ones must equal. */
export const countedTallies = (sqlite: Database.Database): unknown[] =>
  sqlite
    .prepare(
      `SELECT status, type, erased_at IS NOT NULL AS erased, merged_into IS NOT NULL AS merged, min(purchase_count, 2) AS buying,
         CASE WHEN email IS NULL THEN 0 WHEN email_consent = 'subscribed' THEN 2 ELSE 1 END AS email, count(*) AS customers, sum(total_spent) AS spent
       FROM customers GROUP BY 1, 2, 3, 4, 5, 6 ORDER BY 1, 2, 3, 4, 5, 6`,
    )
    .all();
