import Database from 'better-sqlite3';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { builtDevHostCommand, startDevHost, stopDevHost } from '../../scripts/dev-host-support';
import { callHost, ghanaShop, owner, type DevHost } from './fixtures';

/**
 * A dev host that can be stopped and started again over the same file: the damaged-book screen
 * only appears when a book fails its check at opening, so the test must close the book, damage
 * it, and open it again. (The shared fixture's host lives for the whole test.)
 */
async function startHost(dbFile: string): Promise<{ host: DevHost; stop(): Promise<void> }> {
  const running = await startDevHost(dbFile, { host: builtDevHostCommand, nodeEnv: 'test' });
  return { host: { url: running.url, dataDir: path.dirname(dbFile), dbFile }, stop: () => stopDevHost(running) };
}

async function must<T>(result: Promise<{ ok: true; value: T } | { ok: false; error: { code: string; message: string } }>): Promise<T> {
  const r = await result;
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value;
}

/**
 * A book with an owner (Owner, PIN 1234), one customer and a good backup of it, then damaged in
 * the middle of the file the way a failing disk would, and opened again: the host starts in its
 * damaged mode. Returns the running host, the backup's file and a way to stop it.
 */
export async function openDamagedBook(customer: { firstName: string; lastName: string }) {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'regulars-e2e-damaged-'));
  const dbFile = path.join(dataDir, 'regulars.db');
  const first = await startHost(dbFile);
  let backup: { file: string; at: string };
  try {
    await must(callHost(first.host, 'auth.setupOwner', owner));
    await must(callHost(first.host, 'settings.update', ghanaShop));
    await must(callHost(first.host, 'customers.create', customer));
    backup = await must(callHost(first.host, 'backups.create', {}));
  } finally {
    await first.stop();
  }
  // Whatever the closing host left in the write-ahead log goes into the file first, so the damage
  // below lands on pages the book really uses.
  const checkpoint = new Database(dbFile);
  checkpoint.pragma('wal_checkpoint(TRUNCATE)');
  checkpoint.close();
  const bytes = await readFile(dbFile);
  bytes.fill(0x41, 4096 * 2, 4096 * 4);
  await writeFile(dbFile, bytes);
  const damaged = await startHost(dbFile);
  return { ...damaged, dataDir, backup };
}
