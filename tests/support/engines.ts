// One suite, both engines: a test written against `TestBook` runs on a SQLite file and on a database
// of the test run's PostgreSQL server (issue 13: the rules are written once, and so are their tests).
import fs from 'node:fs';
import path from 'node:path';
import { describe, onTestFinished } from 'vitest';
import { createCore, type BookCore, type CoreOptions } from '../../db/core';
import { createPostgresCore } from '../../db/engines/postgres/core';
import { openPostgresBook } from '../../db/engines/postgres/open';
import { runOnPostgres } from '../../db/engines/postgres/run';
import { sqliteParts } from '../../db/engines/sqlite/context';
import { openDatabase } from '../../db/open';
import { all, type Params } from '../../db/query';
import type { BookOutputOf, InputOf, MethodName } from '../../shared/contract';
import type { Result } from '../../shared/result';
import { emptyBookAt, migrationsFolder, tempDir } from '../unit/helpers';
import { freshTestDatabase, postgresMigrationsFolder, skipPostgres, testDefaults } from './postgres-book';

export const engines = ['sqlite', 'postgres'] as const;
export type Engine = (typeof engines)[number];

export interface TestBook {
  engine: Engine;
  /** Where the book is: a file, or a PostgreSQL URL (for the command line). */
  location: string;
  core: BookCore;
  /** A call acting as the book's owner (or `options.actor`). */
  call<K extends MethodName>(method: K, input: InputOf<K>): Promise<Result<BookOutputOf<K>>>;
  /** Rows read straight from the book, to check what a call stored. The same SQL on both engines (db/query.ts). */
  rows<T>(sql: string, params?: Params): Promise<T[]>;
  /** Another core on the same book, with its own clock or actor (a second till, a later day). */
  reopen(options?: CoreOptions): Promise<Pick<TestBook, 'core' | 'call'>>;
  /** Closes the book before the test ends (then it may be copied with `copyOf`); closing again does nothing. */
  close(): Promise<void>;
}

export interface TestBookOptions extends CoreOptions {
  defaults?: typeof testDefaults;
  /**
   * A copy of this closed book (a TestBook's `location`) instead of an empty one: a test that needs
   * dozens of the same shop sets it up once, which costs a migration and the owner's and staff's PIN
   * hashes (scrypt, slow on purpose) each time otherwise.
   */
  copyOf?: string;
}

/** A new, empty book on `engine`, closed (and its database dropped) when the test ends. */
export async function openTestBook(engine: Engine, options: TestBookOptions = {}): Promise<TestBook> {
  const defaults = options.defaults ?? testDefaults;
  if (engine === 'sqlite') {
    const file = path.join(tempDir(), 'regulars.db');
    if (options.copyOf) fs.copyFileSync(options.copyOf, file);
    else emptyBookAt(file, defaults);
    const database = openDatabase({ file, migrationsFolder, defaults });
    const close = once(async () => database.close());
    onTestFinished(close);
    const parts = sqliteParts(database);
    const withCore = (core: ReturnType<typeof createCore>) => ({ core, call: async <K extends MethodName>(m: K, i: InputOf<K>) => core.call(m, i) });
    return {
      engine,
      location: file,
      ...withCore(createCore(database, options)),
      rows: async <T>(sql: string, params?: Params) => parts.runNow(all<T>(sql, params)),
      reopen: async (more = {}) => withCore(createCore(database, { ...options, ...more })),
      close,
    };
  }
  // A copy is a database made with the other as its template (nobody may be connected to that one).
  const database = await freshTestDatabase(options.copyOf ? { template: new URL(options.copyOf).pathname.slice(1) } : { migrated: true });
  const book = await openPostgresBook(database.url, { migrationsFolder: postgresMigrationsFolder, defaults });
  const close = once(() => book.close());
  // Registered after the drop, so it runs first (vitest runs these last-registered first).
  onTestFinished(close);
  const withCore = async (more: CoreOptions) => {
    const core = await createPostgresCore(book, { ...options, ...more });
    return { core, call: core.call };
  };
  return {
    engine,
    location: database.url,
    ...(await withCore({})),
    rows: <T>(sql: string, params?: Params) => runOnPostgres(all<T>(sql, params), book.pool),
    reopen: withCore,
    close,
  };
}

/** `close` run once, however often it is asked for (by the test, then when the test ends). */
function once(close: () => Promise<void>): () => Promise<void> {
  let closing: Promise<void> | null = null;
  return () => (closing ??= close());
}

/**
 * `describe` once per engine, named after it. PostgreSQL's runs unless the machine has no server
 * binaries and this is not CI (tests/support/postgres-book.ts).
 */
export function describeEngines(name: string, suite: (engine: Engine) => void): void {
  for (const engine of engines) {
    describe.skipIf(engine === 'postgres' && skipPostgres)(`${name} [${engine}]`, () => suite(engine));
  }
}
