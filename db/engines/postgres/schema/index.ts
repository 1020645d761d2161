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
export * from './segments';
export * from './consent';
export * from './customers';
export * from './notes';
export * from './sales';
export * from './staff';
