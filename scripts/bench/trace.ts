/**
 * The SQL floor: which statements a core call runs, with which arguments, replayed on a raw
 * better-sqlite3 connection. `traced` wraps an opened book so that every statement prepared through
 * it (by the core's statement cache and by drizzle alike) records its SQL, how it was run and its
 * arguments while `record` runs. `Replayer` prepares each recorded statement once on its own
 * connection and runs exactly those statements again: what the call would cost if the core added
 * nothing (no validation, no mapping, no statement lookup).
 */
import type Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import * as schema from '../../db/schema';
import type { OpenedDatabase } from '../../db/open';

type RunMethod = 'run' | 'get' | 'all' | 'iterate';

export interface TracedStatement {
  sql: string;
  method: RunMethod;
  args: unknown[];
  /** Modes set on the statement before it ran (drizzle reads rows as arrays with `raw()`). */
  raw: boolean;
  pluck: boolean;
  expand: boolean;
}

const runMethods = new Set<string | symbol>(['run', 'get', 'all', 'iterate']);
const modeMethods = new Set<string | symbol>(['raw', 'pluck', 'expand']);

export interface Tracer {
  /** A book over the same connection whose statements are recorded while `record` runs. */
  database: OpenedDatabase;
  record<T>(fn: () => T): { value: T; statements: TracedStatement[] };
}

export function traced(database: OpenedDatabase): Tracer {
  let recording: TracedStatement[] | null = null;

  const wrapStatement = (statement: Database.Statement, sql: string): Database.Statement => {
    const modes = { raw: false, pluck: false, expand: false };
    const proxy: Database.Statement = new Proxy(statement, {
      get(target, prop) {
        const value = Reflect.get(target, prop, target) as unknown;
        if (typeof value !== 'function') return value;
        if (runMethods.has(prop)) {
          return (...args: unknown[]) => {
            recording?.push({ sql, method: prop as RunMethod, args, ...modes });
            return (value as (...a: unknown[]) => unknown).apply(target, args);
          };
        }
        if (modeMethods.has(prop)) {
          return (toggle?: boolean) => {
            const on = toggle ?? true;
            modes[prop as keyof typeof modes] = on;
            // Modes exclude each other in better-sqlite3: turning one on turns the others off.
            if (on) for (const other of Object.keys(modes) as (keyof typeof modes)[]) if (other !== prop) modes[other] = false;
            if (toggle === undefined) (value as () => unknown).call(target);
            else (value as (t: boolean) => unknown).call(target, toggle);
            return proxy;
          };
        }
        return (...args: unknown[]) => {
          const result = (value as (...a: unknown[]) => unknown).apply(target, args);
          return result === target ? proxy : result;
        };
      },
    });
    return proxy;
  };

  const sqlite = new Proxy(database.sqlite, {
    get(target, prop) {
      if (prop === 'prepare') return (sql: string) => wrapStatement(target.prepare(sql), sql);
      const value = Reflect.get(target, prop, target) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
  const tracedDatabase: OpenedDatabase = { ...database, sqlite, db: drizzle(sqlite, { schema }), close: () => {} };
  return {
    database: tracedDatabase,
    record(fn) {
      const statements: TracedStatement[] = [];
      recording = statements;
      try {
        return { value: fn(), statements };
      } finally {
        recording = null;
      }
    },
  };
}

/** Replays recorded read statements on a connection of its own, each prepared once. */
export class Replayer {
  private readonly cache = new Map<string, Database.Statement>();

  constructor(private readonly connection: Database.Database) {}

  /** Statements prepared and ready, so that timing covers running them only. */
  prepare(statements: TracedStatement[]): () => void {
    const steps = statements.map((s) => {
      if (s.method === 'run') throw new Error(`The floor replays reads only, not: ${s.sql}`);
      const key = `${s.raw ? 'r' : ''}${s.pluck ? 'p' : ''}${s.expand ? 'e' : ''}:${s.sql}`;
      let statement = this.cache.get(key);
      if (!statement) {
        statement = this.connection.prepare(s.sql);
        if (s.raw) statement.raw(true);
        if (s.pluck) statement.pluck(true);
        if (s.expand) statement.expand(true);
        this.cache.set(key, statement);
      }
      return { statement, method: s.method, args: s.args };
    });
    return () => {
      for (const { statement, method, args } of steps) {
        if (method === 'iterate') for (const _ of statement.iterate(...args)) void _;
        else if (method === 'get') statement.get(...args);
        else statement.all(...args);
      }
    };
  }

  close(): void {
    this.connection.close();
  }
}
