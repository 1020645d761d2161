import { parentPort, workerData } from 'node:worker_threads';
import { writeBackup } from '../../db/backups';
import { createCore } from '../../db/core';
import { bookFacts } from '../../db/diagnostics';
import { errorFacts } from '../../db/log';
import { DatabaseOpenError, openDatabase } from '../../db/open';
import { err, ok } from '../../shared/result';
import type { FromWorker, ToWorker, WorkerConfig } from './protocol';

/**
 * A database worker thread: better-sqlite3 is synchronous, so the core runs here and a long
 * import or backup never freezes the window. One writer, plus a reader over WAL for searches.
 */
if (!parentPort) throw new Error('The database worker must run as a worker thread');
const port = parentPort;
const config = workerData as WorkerConfig;
const send = (message: FromWorker) => port.postMessage(message);

function openAndServe(): void {
  try {
    const database = openDatabase({
      file: config.file,
      migrationsFolder: config.migrationsFolder,
      nativeBinding: config.nativeBinding,
      readonly: config.role === 'reader',
    });
    const core = createCore(database, {
      onInternalError: (method, error) => {
        console.error(`[regulars] ${method} failed:`, error);
        send({ type: 'event', event: 'internal_error', fields: { method, worker: config.role, ...errorFacts(error) } });
      },
    });
    port.on('message', (message: ToWorker) => {
      if ('open' in message) return;
      if ('facts' in message) {
        send({ type: 'result', id: message.id, result: ok(bookFacts(database.sqlite, config.migrationsFolder)) });
        return;
      }
      if ('backupTo' in message) {
        // The backup API copies in steps, so this thread keeps answering calls while it runs.
        writeBackup(database.sqlite, message.backupTo, config.migrationsFolder).then(
          (info) => send({ type: 'result', id: message.id, result: ok(info) }),
          (error: Error) => send({ type: 'result', id: message.id, result: err('internal', `The backup failed: ${error.message}`) }),
        );
        return;
      }
      send({ type: 'result', id: message.id, result: core.handle(message.method, message.input, message.actor) });
    });
    port.once('close', () => database.close());
    send({ type: 'ready', migrated: database.migrated });
  } catch (error) {
    send({ type: 'failed', message: (error as Error).message, damaged: error instanceof DatabaseOpenError && error.damaged });
  }
}

if (config.openWhenTold) port.once('message', openAndServe);
else openAndServe();
