import { is } from 'drizzle-orm';
import { getTableConfig as pgTableConfig, PgTable } from 'drizzle-orm/pg-core';
import { getTableConfig as sqliteTableConfig, SQLiteTable } from 'drizzle-orm/sqlite-core';
import * as sqliteSchema from '../../schema';
import * as postgresSchema from '../postgres/schema';

/** One table as the move copies it: the same SQL names on both engines. */
export interface MovedTable {
  name: string;
  /** The single-column primary key the rows are read in order of. */
  key: string;
  columns: string[];
  /** Each column's PostgreSQL type (`integer`, `bigint`, `text`), for the typed arrays a batch is sent as. */
  postgresTypes: string[];
  /** Columns pointing into this same table (customers.merged_into): written after every row is in. */
  selfReferences: string[];
  /** Its ids come from a counter (SQLite AUTOINCREMENT, a PostgreSQL identity) that must never hand one out twice. */
  counted: boolean;
}

/**
 * The tables a book is made of, parents before children, read from the two drizzle schemas rather
 * than listed here, so that a table or column added to the schemas moves without anyone touching
 * this. The schemas must agree (tests/unit/postgres/schema.test.ts holds them equal); where they do
 * not, the move refuses to start rather than drop a column.
 */
export function movedTables(): MovedTable[] {
  const sqliteTables: SQLiteTable[] = Object.values(sqliteSchema).filter((value) => is(value, SQLiteTable));
  const postgresTables = new Map(
    (Object.values(postgresSchema).filter((value) => is(value, PgTable)) as PgTable[]).map((table) => [pgTableConfig(table).name, pgTableConfig(table)]),
  );

  const described = sqliteTables.map((table) => {
    const config = sqliteTableConfig(table);
    const twin = postgresTables.get(config.name);
    if (!twin) throw new Error(`The PostgreSQL schema has no table ${config.name}`);
    const columns = config.columns.map((column) => column.name);
    const twinColumns = new Map(twin.columns.map((column) => [column.name, column]));
    if (twin.columns.length !== columns.length || columns.some((name) => !twinColumns.has(name))) {
      throw new Error(`The table ${config.name} has different columns on SQLite and on PostgreSQL`);
    }
    const keys = config.columns.filter((column) => column.primary);
    if (keys.length !== 1) throw new Error(`The table ${config.name} needs a single-column primary key to be moved`);
    const key = keys[0].name;
    const autoIncrement = 'autoIncrement' in keys[0] && keys[0].autoIncrement === true;
    const identity = twinColumns.get(key)!.generatedIdentity !== undefined;
    if (autoIncrement !== identity) throw new Error(`The key of ${config.name} is counted on one engine only`);
    const references = config.foreignKeys.map((fk) => fk.reference());
    return {
      table,
      parents: references.map((ref) => sqliteTableConfig(ref.foreignTable).name).filter((parent) => parent !== config.name),
      moved: {
        name: config.name,
        key,
        columns,
        postgresTypes: columns.map((name) => twinColumns.get(name)!.getSQLType()),
        selfReferences: references.filter((ref) => ref.foreignTable === table).flatMap((ref) => ref.columns.map((column) => column.name)),
        counted: autoIncrement,
      } satisfies MovedTable,
    };
  });
  if (postgresTables.size !== described.length) throw new Error('The PostgreSQL schema has tables the SQLite schema does not');

  // Parents first; among tables that are free to go, the schema's own order, so the plan is stable.
  const ordered: MovedTable[] = [];
  const placed = new Set<string>();
  while (ordered.length < described.length) {
    const next = described.find((entry) => !placed.has(entry.moved.name) && entry.parents.every((parent) => placed.has(parent)));
    if (!next) throw new Error('The schema has a cycle of foreign keys between tables');
    placed.add(next.moved.name);
    ordered.push(next.moved);
  }
  return ordered;
}
