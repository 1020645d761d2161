import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach } from 'vitest';
import { runCli } from '../../../electron/cli/main';

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

/** Counts rows straight from the file, independent of the code under test. */
export function countRows(file: string, table: string): number {
  const sqlite = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return (sqlite.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  } finally {
    sqlite.close();
  }
}

/** Every object key in a JSON value, at any depth. */
export function allKeys(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(allKeys);
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => [k, ...allKeys(v)]);
  return [];
}
