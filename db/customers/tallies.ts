import type { CustomerStatus, CustomerType } from '../../shared/contract';
import type { CoreContext } from '../context';
import type { Query } from '../query';

/** The whole book's customers counted and their spending summed: what the stats cards start from. */
export interface BookTallies {
  /** Every customer row, the erased and the merged included. */
  everyone: number;
  archived: number;
  /** Active customers who never bought. */
  never: number;
  /** Active customers who bought twice or more. */
  repeaters: number;
  /** Every customer's spending, as the aggregates on the customer rows keep it. */
  allTime: number;
  archivedSpent: number;
  /** Active customers with an email. */
  withEmail: number;
  /** Active customers with an email who are subscribed to it. */
  subscribed: number;
}

/**
 * The counts behind the directory's totals and the stats cards, as each engine keeps them. SQLite
 * keeps them in a table its triggers update (migration 0016): counting a million customers for each
 * directory page took 18 ms, summing them for the stats 40 ms. PostgreSQL counts the customers each
 * time: a shared book is written by several tills at once, and one row of counts that every sale
 * updates would hold each till's sale until the others' (and a whole import) had committed.
 */
export interface CustomerTallies {
  /** How many customers the directory lists for a status, and a type when one is chosen. */
  listed(status: CustomerStatus, type: CustomerType | undefined): Query<number>;
  book(): Query<BookTallies>;
  /** Runs `write`, which changes many customers at once (an import), with the tallies brought up to date once at the end. */
  bulk<T>(write: () => Query<T>): Query<T>;
}

/**
 * Runs `write`, which adds or changes many customers at once (an import, a bulk create), with what
 * the engine derives from the customer rows (its search index, its tallies) written once at the end.
 */
export const inBulk = <T>(ctx: CoreContext, write: () => Query<T>): Query<T> => ctx.tallies.bulk(() => ctx.search.bulk(write));

/** The directory never lists an erased customer; the archived list also leaves out a merged record (an archived husk nothing restores). */
export const listedLeavesOutMerged = (status: CustomerStatus): boolean => status === 'archived';
