import { parentPort, workerData } from 'node:worker_threads';
import { openBook } from '../../db/book';
import { errorFacts } from '../../db/log';
import { runMailchimpJob, type MailchimpJob } from '../../db/mailchimp/jobs';
import { threadPacer } from '../../db/mailchimp/pace';
import { SealedSecretError } from '../../db/mailchimp/sealer';
import { DatabaseOpenError } from '../../db/open';
import type { BookFront } from '../../db/outbox';
import { err, ok, type Result } from '../../shared/result';
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
/**
 * The writer's page cache, a quarter of the reader's: the searches and directory pages the cache
 * serves go to the reader, while the writer's reads are passes over whole tables (an import's
 * matching, a Mailchimp plan, a backup) that the next call does not repeat, and its writes touch few
 * pages. With 128 MB each, a Mailchimp sync took the host to about 400 MB at 100k customers; so, 300.
 */
const WRITER_PAGE_CACHE_MB = 32;
/** While sales or notes wait in a shared book's outbox, how often the writer tries to send them. */
const OUTBOX_FLUSH_MS = 3_000;
/**
 * The share of this thread's time a Mailchimp job may keep it busy: the writer also records the
 * counter's sales, and on a two-core till the window and the search need the other core and more.
 */
const MAILCHIMP_JOB_SHARE = 0.5;

/** The Mailchimp jobs under way in this thread, by id: what cancels each. */
const jobs = new Map<number, AbortController>();
/** The jobs' requests for their API key, by number: what settles each once the host has unsealed it. */
const unsealing = new Map<number, (result: Result<string>) => void>();
let nextUnseal = 1;

/**
 * A Mailchimp job beside the book: its steps reach the book without leaving this thread (the plan
 * of every subscriber is never copied across), and the host's thread, which serves the window,
 * only passes on its progress. The key is unsealed by the host, which alone can (safeStorage).
 */
function runJob(front: BookFront, message: Extract<ToWorker, { mailchimp: MailchimpJob }>): void {
  const abort = new AbortController();
  jobs.set(message.id, abort);
  const unseal = (sealed: string) =>
    new Promise<string>((resolve, reject) => {
      const request = nextUnseal++;
      unsealing.set(request, (result) => (result.ok ? resolve(result.value) : reject(new SealedSecretError(result.error.message))));
      send({ type: 'unseal', id: message.id, request, sealed });
    });
  void runMailchimpJob(
    message.mailchimp,
    { call: (method, input) => front.handle(method, input, message.actor) },
    {
      actor: message.actor,
      unseal,
      signal: abort.signal,
      pace: threadPacer(MAILCHIMP_JOB_SHARE),
      attempts: message.attempts,
      backoffMs: message.backoffMs,
      onProgress: (progress) => send({ type: 'jobProgress', id: message.id, progress }),
    },
    (error) => send({ type: 'event', event: 'mailchimp.syncFailed', fields: { worker: config.role, ...errorFacts(error) } }),
  )
    .then((result) => send({ type: 'mailchimp', id: message.id, result }))
    .finally(() => jobs.delete(message.id));
}

/** A message to a writer whose book turned out damaged: refused, as the session gate refuses it once told. */
function refuse(message: Exclude<ToWorker, { open: true } | { cancel: number } | { unsealed: number }>, why: string): void {
  const refusal = err('conflict', why);
  if ('mailchimp' in message) send({ type: 'mailchimp', id: message.id, result: refusal });
  else if ('facts' in message) send({ type: 'facts', id: message.id, result: refusal });
  else if ('backupTo' in message) send({ type: 'backup', id: message.id, result: refusal });
  else send({ type: 'result', id: message.id, result: refusal });
}

async function openAndServe(early = false): Promise<void> {
  try {
    const book = await openBook(config.location, {
      migrationsFolders: { sqlite: config.migrationsFolder, postgres: config.postgresMigrationsFolder },
      // The writer checks every page of a SQLite file once it has said it is ready (below), not before.
      sqlite: {
        nativeBinding: config.nativeBinding,
        readonly: config.role === 'reader',
        checkAfterOpen: config.role === 'writer',
        pageCacheMb: config.role === 'writer' ? WRITER_PAGE_CACHE_MB : undefined,
      },
      onInternalError: (method, error) => {
        console.error(`[regulars] ${method} failed:`, error);
        send({ type: 'event', event: 'internal_error', fields: { method, worker: config.role, ...errorFacts(error) } });
      },
    });
    // The writer serves the window's calls through the till's outbox when the book is shared (the reader is given no outbox file).
    const front = book.front({ outboxFile: config.outboxFile, flushEveryMs: OUTBOX_FLUSH_MS });
    /** Why the book's check found it damaged: from then on this thread answers every message with it and touches the file no more. */
    let damaged: string | null = null;
    port.on('message', (message: ToWorker) => {
      if ('open' in message) return;
      if ('cancel' in message) return jobs.get(message.cancel)?.abort(new Error('Cancelled by the owner'));
      if ('unsealed' in message) {
        unsealing.get(message.unsealed)?.(message.result);
        unsealing.delete(message.unsealed);
        return;
      }
      if (damaged !== null) return refuse(message, damaged);
      if ('mailchimp' in message) return runJob(front, message);
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
    port.once('close', () => {
      for (const job of jobs.values()) job.abort(new Error('The book is closing'));
      // A damaged book was closed when its check found the damage.
      if (damaged === null) void front.close().finally(() => book.close());
    });
    send({ type: 'ready', migrated: book.migrated });
    // Synchronous, in this thread, once the host knows the book is open: the reader opens and serves
    // the first screen meanwhile, and every message to the writer (each write) waits for the check.
    const damage = book.checkIntegrity();
    if (damage) {
      damaged = damage.message;
      void front.close().finally(() => book.close());
    }
    send({ type: 'checked', damaged });
  } catch (error) {
    // Opened too early (the writer has a migration to apply, or the file to switch to WAL): open once told.
    if (early) return void port.once('message', () => void openAndServe());
    send({ type: 'failed', message: error instanceof Error ? error.message : String(error), damaged: error instanceof DatabaseOpenError && error.damaged });
  }
}

if (config.openWhenTold && config.tryFirst) void openAndServe(true);
else if (config.openWhenTold) port.once('message', () => void openAndServe());
else void openAndServe();
