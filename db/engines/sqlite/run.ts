import type Database from 'better-sqlite3';
import { drive, type Query, type Statement } from '../../query';

/** Answers a rule's statements on SQLite, synchronously, each prepared once per connection. */
export function sqliteAnswer(prepare: (sql: string) => Database.Statement): (statement: Statement) => unknown {
  return ({ kind, sql, params }) => {
    const prepared = prepare(sql);
    // better-sqlite3 takes positional parameters spread, named ones as one object.
    const args: unknown[] = Array.isArray(params) ? params : [params];
    switch (kind) {
      case 'one':
        return prepared.raw(false).pluck(false).get(...args);
      case 'all':
        return prepared.raw(false).pluck(false).all(...args);
      case 'value':
        return prepared.pluck(true).get(...args);
      case 'values':
        return prepared.pluck(true).all(...args);
      case 'run': {
        const { changes } = prepared.run(...args);
        return { changes };
      }
      case 'insert':
        // The connection's last insert: a trigger's own inserts do not count once it ends.
        return Number(prepared.run(...args).lastInsertRowid);
    }
  };
}

export const runOnSqlite = <T>(query: Query<T>, prepare: (sql: string) => Database.Statement): T => drive(query, sqliteAnswer(prepare));

const SQLITE_CONSTRAINT = /^SQLITE_CONSTRAINT/;
/** A unique, foreign key or check constraint of the book refused the write. */
export const isSqliteConstraint = (error: unknown): boolean =>
  error instanceof Error && 'code' in error && typeof error.code === 'string' && SQLITE_CONSTRAINT.test(error.code);
