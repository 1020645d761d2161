import type Database from 'better-sqlite3';
import { statementCache, type CoreContext } from '../../context';
import type { OpenedDatabase } from '../../open';
import type { Query } from '../../query';
import { sqliteSearch } from './customers/search';
import { sqliteTallies } from './customers/tallies';
import { sqliteDialect } from './dialect';
import { runOnSqlite } from './run';

/** A SQLite book as its core uses it: what rules get from the engine, and a way to run their work. */
export interface SqliteParts extends Pick<CoreContext, 'dialect' | 'search' | 'tallies'> {
  /** Runs a rule's work on this connection, synchronously. */
  runNow: <T>(query: Query<T>) => T;
  prepare: (sql: string) => Database.Statement;
}

export function sqliteParts(database: Pick<OpenedDatabase, 'sqlite'>): SqliteParts {
  const prepare = statementCache(database.sqlite);
  return {
    dialect: sqliteDialect,
    search: sqliteSearch,
    tallies: sqliteTallies,
    prepare,
    runNow: <T>(query: Query<T>): T => runOnSqlite(query, prepare),
  };
}
