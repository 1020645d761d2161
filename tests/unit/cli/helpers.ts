import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterEach } from 'vitest';
import { commandLineActor } from '../../../db/access';
import { openBook } from '../../../db/book';
import { bookTypes } from '../../../db/engines/postgres/open';
import { runOnPostgres } from '../../../db/engines/postgres/run';
import { all, run, type Params } from '../../../db/query';
import { runCli } from '../../../electron/cli/main';
import type { BookOutputOf, InputOf, MethodName } from '../../../shared/contract';
import type { Result } from '../../../shared/result';
import type { Engine } from '../../support/engines';
import { createTestDatabase, freshTestDatabase } from '../../support/postgres-book';

export const repoRoot = path.resolve(__dirname, '..', '..', '..');
export const binFile = path.join(repoRoot, 'bin', 'regulars.cjs');

const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

/** The OS user the command line names itself after ("command line (ama)"), as it finds them. */
export const osUser = (): string => {
  try {
    return os.userInfo().username;
  } catch {
    return process.env.USER || process.env.USERNAME || 'unknown user';
  }
};

/** A fresh folder under the OS temp dir, removed after the test. */
export function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'regulars-cli-'));
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export const tempDbFile = (): string => path.join(tempDir(), 'regulars.db');

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * An environment that can never reach the real desktop database: no REGULARS_DB, and the
 * per-user config folders pointed at a temp dir.
 */
export function isolatedEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const home = tempDir();
  const env: NodeJS.ProcessEnv = { ...process.env, XDG_CONFIG_HOME: home, APPDATA: home, HOME: home, USERPROFILE: home, ...extra };
  if (!('REGULARS_DB' in extra)) delete env.REGULARS_DB;
  return env;
}

/** The real binary, as a user runs it: `node bin/regulars.cjs …`, from an unrelated working folder. */
export function spawnCli(args: string[], options: { env?: NodeJS.ProcessEnv; cwd?: string } = {}): CliRun {
  const result = spawnSync(process.execPath, [binFile, ...args], {
    cwd: options.cwd ?? os.tmpdir(),
    env: options.env ?? isolatedEnv(),
    encoding: 'utf8',
    timeout: 30_000,
  });
  if (result.error) throw result.error;
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/** The same CLI in this process: fast, for everything the spawned tests do not need to prove. */
export async function cli(args: string[], env: NodeJS.ProcessEnv = isolatedEnv()): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    env,
  });
  return { code, stdout, stderr };
}

/** `cli` for a run that must succeed with --json: returns the parsed value. */
export async function cliJson<T = any>(db: string, args: string[]): Promise<T> {
  const run = await cli(['--db', db, '--json', ...args]);
  if (run.code !== 0) throw new Error(`regulars ${args.join(' ')} exited ${run.code}: ${run.stderr}`);
  return JSON.parse(run.stdout) as T;
}

/**
 * Where a new, empty book goes for `--db` on `engine`: a file path not made yet, or the address of a
 * database on the test run's PostgreSQL server with the schema in it and no rows yet, as a first
 * open would migrate it (dropped when the test ends).
 */
export async function newBook(engine: Engine): Promise<string> {
  return engine === 'sqlite' ? tempDbFile() : (await freshTestDatabase({ migrated: true })).url;
}

/**
 * `newBook` for a whole describe (from beforeAll): the book and how to remove it (in afterAll), as the
 * per-test cleanups would remove it after the first test.
 */
export async function bookForSuite(engine: Engine): Promise<{ location: string; remove(): Promise<void> }> {
  if (engine === 'postgres') {
    const database = await createTestDatabase({ migrated: true });
    return { location: database.url, remove: () => database.drop() };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'regulars-cli-'));
  return { location: path.join(dir, 'regulars.db'), remove: async () => fs.rmSync(dir, { recursive: true, force: true }) };
}

const isUrl = (location: string) => /^postgres(ql)?:\/\//.test(location);

/** Runs a statement on the book at `location` over a connection of its own, beside the command line under test. */
async function onBook<T>(location: string, work: { sqlite(db: Database.Database): T; postgres(pool: pg.Pool): Promise<T> }, readonly: boolean): Promise<T> {
  if (!isUrl(location)) {
    const sqlite = new Database(location, { readonly, fileMustExist: true });
    try {
      return work.sqlite(sqlite);
    } finally {
      sqlite.close();
    }
  }
  const pool = new pg.Pool({ connectionString: location, types: bookTypes, max: 1 });
  try {
    return await work.postgres(pool);
  } finally {
    await pool.end();
  }
}

const sqliteParams = (params: Params | undefined): unknown[] => (params === undefined ? [] : Array.isArray(params) ? params : [params]);

/** Rows read straight from the book (a file or a shared book's address), independent of the code under test. The same SQL on both engines. */
export function bookRows<T>(location: string, sql: string, params?: Params): Promise<T[]> {
  return onBook(location, { sqlite: (db) => db.prepare(sql).all(...sqliteParams(params)) as T[], postgres: (pool) => runOnPostgres(all<T>(sql, params), pool) }, true);
}

/** A write straight into the book, past the core (to set up what no command can: a lockout, say). */
export async function bookWrite(location: string, sql: string, params?: Params): Promise<void> {
  await onBook(location, { sqlite: (db) => void db.prepare(sql).run(...sqliteParams(params)), postgres: async (pool) => void (await runOnPostgres(run(sql, params), pool)) }, false);
}

/** Counts rows straight from the file, independent of the code under test. */
export function countRows(file: string, table: string): number {
  const sqlite = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return (sqlite.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  } finally {
    sqlite.close();
  }
}

/** Counts rows straight from the book, a file or a shared book's address, independent of the code under test. */
export async function countBookRows(location: string, table: string): Promise<number> {
  const [{ n }] = await bookRows<{ n: number }>(location, `SELECT count(*) AS n FROM ${table}`);
  return n;
}

/** One call on the book at `location`, opened as the command line opens it (to seed what no command makes in bulk). */
export async function callBook<K extends MethodName>(location: string, method: K, input: InputOf<K>): Promise<Result<BookOutputOf<K>>> {
  const book = await openBook(location);
  try {
    return await book.core.handle(method, input, commandLineActor(osUser()));
  } finally {
    await book.close();
  }
}

/** Every object key in a JSON value, at any depth. */
export function allKeys(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(allKeys);
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => [k, ...allKeys(v)]);
  return [];
}
