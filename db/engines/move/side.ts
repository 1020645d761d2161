import type { MovedTable } from './plan';

/** A value as both engines read it raw: integers (money and flags too) as numbers, times and JSON as text. */
export type Cell = number | string | null;
export type Row = Cell[];

/**
 * One end of a move, whichever engine holds it. Every read sees one state of the book (the source
 * reads inside one read transaction; the destination reads its own uncommitted writes), so the
 * copy and the verification agree with each other.
 */
export interface BookReader {
  count(table: MovedTable): Promise<number>;
  /** Up to `limit` rows of `columns` whose key is above `after` (all when null), in key order. */
  page(table: MovedTable, columns: string[], after: number | null, limit: number): Promise<Row[]>;
  /** The last id the table's counter handed out, deleted rows included (0 when none): only for `counted` tables. */
  highWater(table: MovedTable): Promise<number>;
  /** Ends the read (source) or gives the connection back (a destination already committed or rolled back). */
  close(): Promise<void>;
}

/** The destination: everything it is given is written inside one transaction, kept only by `commit`. */
export interface BookWriter extends BookReader {
  deleteAll(table: MovedTable): Promise<void>;
  insert(table: MovedTable, rows: Row[]): Promise<void>;
  /** Sets `column` of the rows keyed by each pair's first value to its second. */
  setColumn(table: MovedTable, column: string, pairs: [number, Cell][]): Promise<void>;
  /** The table's counter at least at `value`, so a new row never takes an id the book already used. */
  raiseCounter(table: MovedTable, value: number): Promise<void>;
  /** What the engine keeps beside the rows (SQLite's search index), written once all rows are in. */
  finishDerived(): Promise<void>;
  commit(): Promise<void>;
  /** Undoes everything; safe to call after a failure at any point. */
  rollback(): Promise<void>;
}
