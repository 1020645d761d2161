import type { Table } from 'drizzle-orm';

type ColumnsOf<T extends Table> = T['_']['columns'];

/**
 * A row as better-sqlite3 returns it for `SELECT *` on a drizzle table: keyed by the SQL column
 * names, typed by the schema (so the enums are the contract's). Right for text and plain integer
 * columns, which are read as stored; a column with a mode (boolean, timestamp, json) is read raw,
 * and a row type with one must say so itself.
 */
export type SqlRowOf<T extends Table> = {
  [K in keyof ColumnsOf<T> as ColumnsOf<T>[K]['_']['name']]: ColumnsOf<T>[K]['_']['notNull'] extends true
    ? ColumnsOf<T>[K]['_']['data']
    : ColumnsOf<T>[K]['_']['data'] | null;
};
