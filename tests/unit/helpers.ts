import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, inject, type ProvidedContext } from 'vitest';
import type { Actor } from '../../db/access';
import { createCore, type Core } from '../../db/core';
import { openDatabase, type OpenedDatabase } from '../../db/open';
import type { Result } from '../../shared/result';

export const repoRoot = path.resolve(__dirname, '..', '..');
export const migrationsFolder = path.join(repoRoot, 'db', 'migrations');
/**
 * A worker or child-process entry point, bundled from the current sources for this run
 * (tests/support/bundles-global-setup.ts). Asked for in a test, not when this file loads: the
 * bundles are the core project's, and the Electron shell's tests, which start none, use this file too.
 */
export const bundled = (name: keyof ProvidedContext['bundles']): string => inject('bundles')[name];

const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

/** The shop's first owner, as a fresh book creates them (staff id 1). */
export const ownerActor: Actor = { id: 1, role: 'owner' };

/** A fresh folder under the OS temp dir, removed after the test. */
export function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'regulars-test-'));
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Empty, migrated books by the defaults they were made with: made once in each vitest fork. */
const emptyBooks = new Map<string, string>();

/**
 * A new book file at `file`, as the first open makes it with these defaults, copied from one made
 * once: every migration's commit is synced to disk, which on a slow disk is most of a test's time.
 * The first open itself (migrations, first rows) is tested on its own files (migrations.test.ts,
 * first-run.test.ts, the command line's init).
 */
export function emptyBookAt(file: string, defaults: Parameters<typeof openDatabase>[0]['defaults']): void {
  const key = JSON.stringify(defaults ?? null);
  let made = emptyBooks.get(key);
  if (!made) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'regulars-empty-book-'));
    process.once('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
    made = path.join(dir, 'regulars.db');
    openDatabase({ file: made, migrationsFolder, defaults }).close();
    emptyBooks.set(key, made);
  }
  fs.copyFileSync(made, file);
}

export function tempDatabase(defaults = { currency: 'GHS', phoneCountry: 'GH', timeZone: 'Africa/Accra', locale: 'en-GH' }): OpenedDatabase {
  const file = path.join(tempDir(), 'regulars.db');
  emptyBookAt(file, defaults);
  const db = openDatabase({ file, migrationsFolder, defaults });
  cleanups.unshift(() => db.close());
  return db;
}

export function coreAt(db: OpenedDatabase, now: string | Date): Core {
  const at = typeof now === 'string' ? new Date(now) : now;
  return createCore(db, { now: () => at });
}

/** Unwraps a result a test expects to succeed, showing the error when it did not. */
export function value<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`Expected ok, got ${result.error.code}: ${result.error.message}`);
  return result.value;
}

/** Damages a book file where a test wants it: overwrites a table's first page in the main file (its WAL folded in first). */
export function overwriteFirstPage(file: string, table: string): void {
  const book = new Database(file);
  book.pragma('wal_checkpoint(TRUNCATE)');
  const { rootpage } = book.prepare('SELECT rootpage FROM sqlite_master WHERE name = ?').get(table) as { rootpage: number };
  const pageSize = book.pragma('page_size', { simple: true }) as number;
  book.close();
  const bytes = fs.readFileSync(file);
  bytes.fill(0x41, (rootpage - 1) * pageSize, rootpage * pageSize);
  fs.writeFileSync(file, bytes);
}
