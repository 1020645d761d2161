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
const config: WorkerConfig = workerData;
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
        send({ type: 'facts', id: message.id, result: ok(bookFacts(database.sqlite, config.migrationsFolder)) });
        return;
      }
      if ('backupTo' in message) {
        // The backup API copies in steps, so this thread keeps answering calls while it runs.
        writeBackup(database.sqlite, message.backupTo, config.migrationsFolder).then(
          (info) => send({ type: 'backup', id: message.id, result: ok(info) }),
          (error: Error) => send({ type: 'backup', id: message.id, result: err('internal', `The backup failed: ${error.message}`) }),
        );
        return;
      }
      // The core's edge: the input is checked there, as it is for every host.
      void core.handle(message.method, message.input, message.actor).then((result) => send({ type: 'result', id: message.id, result }));
    });
    port.once('close', () => database.close());
    send({ type: 'ready', migrated: database.migrated });
  } catch (error) {
    send({ type: 'failed', message: error instanceof Error ? error.message : String(error), damaged: error instanceof DatabaseOpenError && error.damaged });
  }
}

if (config.openWhenTold) port.once('message', openAndServe);
else openAndServe();
