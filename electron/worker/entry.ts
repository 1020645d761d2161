import { parentPort, workerData } from 'node:worker_threads';
import { openBook } from '../../db/book';
import { errorFacts } from '../../db/log';
import { DatabaseOpenError } from '../../db/open';
import { err, ok } from '../../shared/result';
import type { FromWorker, ToWorker, WorkerConfig } from './protocol';

/**
 * A database worker thread: better-sqlite3 is synchronous, so the core runs here and a long
 * import or backup never freezes the window. One writer, plus a reader over WAL for searches.
 * A shared book (a postgresql:// address) is opened the same way, through `openBook`: each
 * worker then holds its own pool of connections to the server.
 */
if (!parentPort) throw new Error('The database worker must run as a worker thread');
const port = parentPort;
const config: WorkerConfig = workerData;
const send = (message: FromWorker) => port.postMessage(message);
/** While sales or notes wait in a shared book's outbox, how often the writer tries to send them. */
const OUTBOX_FLUSH_MS = 3_000;

async function openAndServe(): Promise<void> {
  try {
    const book = await openBook(config.location, {
      migrationsFolders: { sqlite: config.migrationsFolder, postgres: config.postgresMigrationsFolder },
      sqlite: { nativeBinding: config.nativeBinding, readonly: config.role === 'reader' },
      onInternalError: (method, error) => {
        console.error(`[regulars] ${method} failed:`, error);
        send({ type: 'event', event: 'internal_error', fields: { method, worker: config.role, ...errorFacts(error) } });
      },
    });
    // The writer serves the window's calls through the till's outbox when the book is shared (the reader is given no outbox file).
    const front = book.front({ outboxFile: config.outboxFile, flushEveryMs: OUTBOX_FLUSH_MS });
    port.on('message', (message: ToWorker) => {
      if ('open' in message) return;
      if ('facts' in message) {
        book.facts().then(
          (facts) => send({ type: 'facts', id: message.id, result: ok(facts) }),
          (error: Error) => send({ type: 'facts', id: message.id, result: err('internal', `The book's facts could not be read: ${error.message}`) }),
        );
        return;
      }
      if ('backupTo' in message) {
        // SQLite's backup API copies in steps (a shared book is moved into the file), so this thread keeps answering calls while it runs.
        book.backup(message.backupTo).then(
          (info) => send({ type: 'backup', id: message.id, result: ok(info) }),
          (error: Error) => send({ type: 'backup', id: message.id, result: err('internal', `The backup failed: ${error.message}`) }),
        );
        return;
      }
      // The core's edge: the input is checked there, as it is for every host.
      const onProgress = (done: number, total: number) => send({ type: 'progress', id: message.id, done, total });
      void front.handle(message.method, message.input, message.actor, { onProgress }).then((result) => send({ type: 'result', id: message.id, result }));
    });
    port.once('close', () => void front.close().finally(() => book.close()));
    send({ type: 'ready', migrated: book.migrated });
  } catch (error) {
    send({ type: 'failed', message: error instanceof Error ? error.message : String(error), damaged: error instanceof DatabaseOpenError && error.damaged });
  }
}

if (config.openWhenTold) port.once('message', () => void openAndServe());
else void openAndServe();
