// The PostgreSQL twin of db/schema: the same tables and columns, with the same SQL names,
// nullability, defaults, keys and rules (tests/unit/postgres/schema.test.ts holds them equal).
// What each table and column means is written there; the comments here say only what differs on
// PostgreSQL, and why.
//
// Times stay ISO 8601 UTC text (`Date#toISOString()`), exactly as SQLite stores them, rather than
// timestamptz: the core compares and sorts them as strings (text order is time order), builds day
// and month bounds as strings, and reads them back as the strings the contract returns. The same
// text on both engines keeps every rule, and every book moved between them, identical.
export * from './audit';
export * from './imports';
export * from './loyalty';
export * from './mailchimp';
export * from './segments';
export * from './consent';
export * from './customers';
export * from './notes';
export * from './sales';
export * from './staff';

/**
 * Tables only PostgreSQL has, outside this schema (made by SQL migrations): derived data a trigger
 * keeps in step with the book's tables, as SQLite's FTS5 tables are kept by theirs (migration 0004's
 * customer_search, the search's folded texts; 0009's customer_phone_grams, the runs of four digits in
 * each phone). Not part of the book: the schema parity test leaves them out, and a move neither
 * copies them nor refuses a database for holding them.
 */
export const derivedTables = ['customer_search', 'customer_phone_grams'];

/**
 * Derived rows a move writes in one statement once every customer is in, with the trigger that would
 * write them row by row off meanwhile (in the move's own transaction): customer_phone_grams' ten runs
 * of four digits a customer made a third of a move's time, row by row.
 */
export const derivedFilledAfterMove = [
  {
    table: 'customer_search',
    trigger: 'customer_search_phone_grams',
    fill: 'INSERT INTO customer_phone_grams (gram, customer_id) SELECT gram, customer_id FROM customer_search, unnest(customer_phone_grams_of(phone)) gram',
  },
];
