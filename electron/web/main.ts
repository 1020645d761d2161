import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { defaultDatabaseFile } from '../cli/paths';
import { bookLocation } from '../../db/engines/move';
import { passwordHider, redactUrl } from '../../db/engines/postgres/url';
import { errorFacts, logFolderOf, openEventLog, silentLog, type EventLog } from '../../db/log';
import { outboxFileFor } from '../../db/outbox';
import { MAILCHIMP_SYNC_EVERY_MS, openSessionGate } from '../../db/session';
import { keyFileSealer, mailchimpKeyPurpose } from '../../db/mailchimp/sealer';
import { version } from '../../package.json';
import { startDatabaseWorkers } from '../worker/client';
import { startDevHost } from './server';
import { fileSecretStore } from './shared-book-store';

// Built (out/main/web-host.js) or from source (electron/web/main.ts): two folders deep either way.
const repoRoot = path.resolve(__dirname, '..', '..');
// Built, the worker bundle sits beside this file; from source, the worker compiles its TypeScript itself.
const builtWorker = path.join(__dirname, 'db-worker.js');
const workerFile = fs.existsSync(builtWorker) ? builtWorker : path.join(repoRoot, 'electron', 'worker', 'tsx-entry.cjs');
const flags = z.object({
  db: z.string().min(1).optional(),
  port: z.coerce.number().int().min(0).max(65535).default(0),
  // On, as in the desktop app; tests and benchmarks turn it off, since they count or time the backups they make.
  'automatic-backups': z.enum(['on', 'off']).default('on'),
});

let log: EventLog = silentLog;
/** Hides the book's password in anything shown or logged (every address's, until the book's own is known). */
let hide: (text: string) => string = redactUrl;
/** The book being opened is the shared book kept from Settings, not one named for this run. */
let openingStored = false;

async function main() {
  const { values } = parseArgs({ options: { db: { type: 'string' }, port: { type: 'string' }, 'automatic-backups': { type: 'string' } }, strict: true });
  const parsed = flags.safeParse(values);
  if (!parsed.success) {
    console.error(`Invalid flags: ${parsed.error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('; ')}`);
    process.exit(2);
  }
  const given = parsed.data.db ?? process.env.REGULARS_DB;
  const givenWhere = bookLocation.safeParse(given ?? defaultDatabaseFile());
  if (!givenWhere.success) {
    console.error(`Invalid --db: ${hide(givenWhere.error.issues.map((i) => i.message).join('; '))}`);
    process.exit(2);
  }
  // A shared book is on a server: the support log, backups, diagnostics and the kept address stay on this PC, in its data folder.
  const file = given !== undefined && givenWhere.data.engine === 'sqlite' ? given : defaultDatabaseFile();
  const sharedBookStore = fileSecretStore(path.dirname(path.resolve(file)));
  // The shared book connected in Settings, unless a book was named for this run.
  const stored = given === undefined ? await sharedBookStore.read() : null;
  const location = given ?? stored ?? file;
  openingStored = stored !== null;
  const where = bookLocation.parse(location);
  if (where.engine === 'postgres') hide = passwordHider(location);
  const shown = hide(location);
  const migrationsFolder = path.join(repoRoot, 'db', 'migrations');
  const postgresMigrationsFolder = path.join(repoRoot, 'db', 'engines', 'postgres', 'migrations');
  log = openEventLog(logFolderOf(file));
  const gate = await openSessionGate({
    // On a shared book, the sales and notes typed while the server is out of reach wait in this PC's outbox.
    open: (at) => startDatabaseWorkers({ workerFile, location: at, migrationsFolder, postgresMigrationsFolder, outboxFile: outboxFileFor(file, at), log }),
    location,
    databaseFile: file,
    sharedBookStore,
    // The Mailchimp API key, sealed in the book under a key file beside this PC's book file (as the command line seals it).
    mailchimpSealer: keyFileSealer(path.dirname(path.resolve(file)), mailchimpKeyPurpose),
    mailchimpSyncEveryMs: MAILCHIMP_SYNC_EVERY_MS,
    migrationsFolder,
    postgresMigrationsFolder,
    log,
    automaticBackups: parsed.data['automatic-backups'] === 'on' ? {} : undefined,
    // A browser page cannot open a folder: the Settings screen shows where the zip went.
    diagnostics: { versions: { app: version, host: 'dev host' } },
  });
  // Built or from source, the page and its bridge come from the build (electron.vite.config.mts bundles the bridge).
  const host = await startDevHost({ gate, rendererDir: path.join(repoRoot, 'out', 'renderer'), bridgeFile: path.join(repoRoot, 'out', 'main', 'web-bridge.js'), port: parsed.data.port });
  // The first line is the URL to open: scripts and tests read it.
  console.log(host.url);
  console.log(`Regulars dev host on 127.0.0.1 only, ${where.engine === 'sqlite' ? 'database' : 'shared book'} ${shown}. Ctrl+C stops it.`);
  const stop = async () => {
    await host.close();
    await gate.close();
    await log.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch(async (error: Error) => {
  // The address may be in the message (a driver's words): never its password.
  const message = `${hide(error.message)}${openingStored ? '\nThis is the shared book connected in Settings → Shared book: start the server, or open this PC’s own book with --db FILE.' : ''}`;
  console.error(message);
  log.error('startup.failed', { message, ...errorFacts(error) });
  await log.close();
  process.exit(1);
});
