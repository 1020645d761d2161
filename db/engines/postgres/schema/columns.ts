import { sql } from 'drizzle-orm';
import { check, customType, integer, type PgColumn } from 'drizzle-orm/pg-core';

/**
 * SQLite's `INTEGER PRIMARY KEY AUTOINCREMENT`: an id is never handed out twice. "By default" rather
 * than "always", so that a book moved from SQLite keeps its ids (the copy inserts them as they are).
 */
export const serialId = () => integer('id').primaryKey().generatedByDefaultAsIdentity();

/** A CHECK that a column holds one of a contract's values, so the database accepts exactly what the contract does. */
export const oneOf = (name: string, column: PgColumn, values: readonly string[]) =>
  check(name, sql`${column} IN (${sql.raw(values.map((value) => `'${value}'`).join(','))})`);

/**
 * A yes/no stored as the integer 0 or 1, as SQLite stores it: the core reads rows raw and compares
 * with 1 (`active === 1`, `do_not_contact = 1`), so a PostgreSQL boolean (read as true/false) would
 * change every such rule. Typed queries still see a boolean, as with SQLite's `mode: 'boolean'`.
 */
export const flag = customType<{ data: boolean; driverData: number }>({
  dataType: () => 'integer',
  toDriver: (value) => (value ? 1 : 0),
  fromDriver: (value) => value === 1,
});

/** The CHECK every flag gets: 0 or 1, nothing else. */
export const flagCheck = (name: string, column: PgColumn) => check(name, sql`${column} IN (0, 1)`);

/** A flag's default in SQL: drizzle-kit would write a boolean literal, which an integer column refuses. */
export const no = sql`0`;
export const yes = sql`1`;
