import { statementCache, type CoreContext } from '../../context';
import type { OpenedDatabase } from '../../open';
import type { Query } from '../../query';
import { sqliteSearch } from './customers/search';
import { sqliteDialect } from './dialect';
import { runOnSqlite } from './run';

/** What a rule's context holds on a SQLite book; the caller adds who acts and the clock. */
export type SqliteParts = Pick<CoreContext, 'db' | 'sqlite' | 'prepare' | 'dialect' | 'search' | 'runNow'>;

export function sqliteParts(database: Pick<OpenedDatabase, 'db' | 'sqlite'>): SqliteParts {
  const prepare = statementCache(database.sqlite);
  return {
    db: database.db,
    sqlite: database.sqlite,
    prepare,
    dialect: sqliteDialect,
    search: sqliteSearch,
    runNow: <T>(query: Query<T>): T => runOnSqlite(query, prepare),
  };
}
