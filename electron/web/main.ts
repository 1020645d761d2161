import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { defaultDatabaseFile } from '../cli/paths';
import { openSessionGate } from '../../db/session';
import { startDatabaseWorkers } from '../worker/client';
import { startDevHost } from './server';

// Built (out/main/web-host.js) or from source (electron/web/main.ts): two folders deep either way.
const repoRoot = path.resolve(__dirname, '..', '..');
// Built, the worker bundle sits beside this file; from source, the worker compiles its TypeScript itself.
const builtWorker = path.join(__dirname, 'db-worker.js');
const workerFile = fs.existsSync(builtWorker) ? builtWorker : path.join(repoRoot, 'electron', 'worker', 'tsx-entry.cjs');

const flags = z.object({
  db: z.string().min(1).optional(),
  port: z.coerce.number().int().min(0).max(65535).default(0),
});

async function main() {
  const { values } = parseArgs({ options: { db: { type: 'string' }, port: { type: 'string' } }, strict: true });
  const parsed = flags.safeParse(values);
  if (!parsed.success) {
    console.error(`Invalid flags: ${parsed.error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('; ')}`);
    process.exit(2);
  }
  const file = parsed.data.db ?? process.env.REGULARS_DB ?? defaultDatabaseFile();
  const migrationsFolder = path.join(repoRoot, 'db', 'migrations');
  const gate = await openSessionGate({
    open: () => startDatabaseWorkers({ workerFile, file, migrationsFolder }),
    databaseFile: file,
    migrationsFolder,
  });
  const host = await startDevHost({ gate, rendererDir: path.join(repoRoot, 'out', 'renderer'), port: parsed.data.port });
  // The first line is the URL to open: scripts and tests read it.
  console.log(host.url);
  console.log(`Regulars dev host on 127.0.0.1 only, database ${file}. Ctrl+C stops it.`);
  const stop = async () => {
    await host.close();
    await gate.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
