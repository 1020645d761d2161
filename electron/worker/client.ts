import { Worker } from 'node:worker_threads';
import { methods, type ImportProgress, type InputOf, type MethodName, type OutputOf } from '../../shared/contract';
import { err, ok, type Err, type Result } from '../../shared/result';
import { replyFor } from '../../shared/transport';
import type { Actor } from '../../db/access';
import type { BackupInfo } from '../../db/backups';
import type { BookFacts } from '../../db/diagnostics';
import { silentLog, type EventLog } from '../../db/log';
import type { MailchimpJob, MailchimpJobOptions, MailchimpJobOutputs } from '../../db/mailchimp/jobs';
import { bookLocation } from '../../db/engines/move';
import { DatabaseOpenError } from '../../db/open';
import type { Backend } from '../../db/session';
import type { Answer, FromWorker, ToWorker, WorkerConfig } from './protocol';

export interface DatabaseWorkersOptions {
  /** The worker entry: the built `db-worker.js` in Electron, `entry.ts` under tsx elsewhere. */
  workerFile: string | URL;
  execArgv?: string[];
  /** The book: a SQLite file, or a shared book's postgresql:// address. */
  location: string;
  migrationsFolder?: string;
  /** A shared book's migrations, where the packaged app keeps them. */
  postgresMigrationsFolder?: string;
  nativeBinding?: string;
  /**
   * Where the writer keeps this PC's outbox when the book is a shared one (db/outbox.ts): the sales
   * and notes typed while the server is out of reach wait there. A book on this PC has none.
   */
  outboxFile?: string;
  /** The support log: the workers' unexpected errors and the migrations applied at open go here. */
  log?: EventLog;
}

/** The book behind a writer and a reader thread: the session gate's Backend, nothing more. */
export type DatabaseWorkers = Backend;

/** How a numbered message is settled: by the worker's answer, or by a failure of the worker itself. */
type Settle = (answer: Answer | Err) => void;

class WorkerConnection {
  private nextId = 1;
  private pending = new Map<number, Settle>();
  /** How far each pending call that reports it is (an import's commit), until its answer comes. */
  private progressOf = new Map<number, ImportProgress>();
  /** The Mailchimp jobs this worker runs for the host: where each reports its progress, and how its key is unsealed. */
  private jobs = new Map<number, MailchimpJobOptions>();
  /** The writer's check of the book, done after it said it was ready: null when whole, else why it is damaged. */
  readonly checked: Promise<string | null>;
  private constructor(
    private readonly worker: Worker,
    log: EventLog,
  ) {
    let settleCheck: (damaged: string | null) => void = () => {};
    this.checked = new Promise((resolve) => (settleCheck = resolve));
    worker.on('message', (message: FromWorker) => {
      if (message.type === 'checked') settleCheck(message.damaged);
      if (message.type === 'event') log.error(message.event, message.fields);
      if (message.type === 'progress' && this.pending.has(message.id)) this.progressOf.set(message.id, { done: message.done, total: message.total });
      if (message.type === 'jobProgress') this.jobs.get(message.id)?.onProgress?.(message.progress);
      if (message.type === 'unseal') this.unseal(message.id, message.request, message.sealed);
      if (message.type !== 'result' && message.type !== 'backup' && message.type !== 'facts' && message.type !== 'mailchimp') return;
      this.pending.get(message.id)?.(message);
      this.pending.delete(message.id);
      this.progressOf.delete(message.id);
    });
    const failAll = (why: string) => {
      for (const settle of this.pending.values()) settle(err('internal', why));
      this.pending.clear();
    };
    worker.on('error', (error) => failAll(`The database worker failed: ${error.message}`));
    worker.on('exit', () => {
      failAll('The database worker stopped');
      settleCheck(null);
    });
  }

  /** Starts a worker; with `openAfter`, it loads its code at once and opens the book only once that settles well. */
  static start(options: DatabaseWorkersOptions, role: WorkerConfig['role'], openAfter?: Promise<WorkerConnection>): Promise<WorkerConnection> {
    const config: WorkerConfig = {
      location: options.location,
      migrationsFolder: options.migrationsFolder,
      postgresMigrationsFolder: options.postgresMigrationsFolder,
      nativeBinding: options.nativeBinding,
      role,
      outboxFile: role === 'writer' ? options.outboxFile : undefined,
      openWhenTold: openAfter !== undefined,
      // A shared book's reader waits: its open would race the writer's migrations on the server.
      tryFirst: openAfter !== undefined && bookLocation.safeParse(options.location).data?.engine === 'sqlite',
    };
    const worker = new Worker(options.workerFile, { workerData: config, execArgv: options.execArgv });
    const log = options.log ?? silentLog;
    openAfter?.then(
      () => worker.postMessage({ open: true } satisfies ToWorker),
      () => void worker.terminate(),
    );
    return new Promise((resolve, reject) => {
      const onMessage = (message: FromWorker) => {
        if (message.type === 'ready') {
          worker.off('message', onMessage);
          if (message.migrated.length > 0) log.info('migrations.applied', { count: message.migrated.length, tags: message.migrated });
          resolve(new WorkerConnection(worker, log));
        } else if (message.type === 'failed') {
          worker.off('message', onMessage);
          void worker.terminate();
          reject(new DatabaseOpenError(message.message, message.damaged));
        }
      };
      worker.on('message', onMessage);
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`The database ${role} stopped before it was ready (exit code ${code})`)));
    });
  }

  call<K extends MethodName>(method: K, input: InputOf<K>, actor: Actor | null): Promise<Result<OutputOf<K>>> {
    return this.send({ method, input, actor }, (answer) => (answer.type === 'result' ? replyFor(method, answer.result) : mixedUp(answer)));
  }

  /** The newest progress of a call under way, if one reports it. */
  progress(): ImportProgress | null {
    return [...this.progressOf.values()].at(-1) ?? null;
  }

  backup(destination: string): Promise<Result<BackupInfo>> {
    return this.send({ backupTo: destination }, (answer) => (answer.type === 'backup' ? answer.result : mixedUp(answer)));
  }

  facts(): Promise<Result<BookFacts>> {
    return this.send({ facts: true }, (answer) => (answer.type === 'facts' ? answer.result : mixedUp(answer)));
  }

  /** Runs a Mailchimp job in the worker, beside the book; `options.signal` cancels it there. */
  mailchimp<J extends MailchimpJob>(job: J, options: MailchimpJobOptions): Promise<Result<MailchimpJobOutputs[J]>> {
    let id = 0;
    const cancel = () => this.worker.postMessage({ cancel: id } satisfies ToWorker);
    const answered = this.send(
      { mailchimp: job, actor: options.actor, attempts: options.attempts, backoffMs: options.backoffMs },
      (answer) => (answer.type === 'mailchimp' ? jobResult(job, answer.result) : mixedUp(answer)),
      (sent) => {
        id = sent;
        this.jobs.set(id, options);
        if (options.signal?.aborted) cancel();
        else options.signal?.addEventListener('abort', cancel, { once: true });
      },
    );
    return answered.finally(() => {
      this.jobs.delete(id);
      options.signal?.removeEventListener('abort', cancel);
    });
  }

  /** A job's request for its API key: the host opens the sealed text (only it can), and answers why not when it cannot. */
  private unseal(id: number, request: number, sealed: string): void {
    const job = this.jobs.get(id);
    const opened: Promise<Result<string>> = job
      ? job.unseal(sealed).then(ok, (error: Error) => err('conflict', error.message))
      : Promise.resolve(err('conflict', 'The Mailchimp job has ended'));
    void opened.then((result) => this.worker.postMessage({ unsealed: request, result } satisfies ToWorker));
  }

  private send<T>(message: DistributiveOmit<Exclude<ToWorker, { open: true } | { cancel: number } | { unsealed: number }>, 'id'>, read: (answer: Answer) => Result<T>, sent?: (id: number) => void): Promise<Result<T>> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, (answer) => resolve('ok' in answer ? answer : read(answer)));
      try {
        this.worker.postMessage({ ...message, id });
        // Before any answer can arrive (messages come on a later turn), after the message itself: a cancel sent here follows it.
        sent?.(id);
      } catch {
        // Structured clone refuses a function or a symbol; JSON is all a caller may send anyway.
        this.pending.delete(id);
        resolve(err('validation', 'The input could not be read as JSON'));
      }
    });
  }

  async close(): Promise<void> {
    await this.worker.terminate();
  }
}

type DistributiveOmit<T, Key extends PropertyKey> = T extends object ? Omit<T, Key> : never;

/** Which job's output a value is: a run for a sync, the counts for a preview, a number for the erasures. */
const jobOutputIs: { [J in MailchimpJob]: (value: MailchimpJobOutputs[MailchimpJob]) => value is MailchimpJobOutputs[J] } = {
  sync: (value): value is MailchimpJobOutputs['sync'] => typeof value === 'object' && 'outcome' in value,
  preview: (value): value is MailchimpJobOutputs['preview'] => typeof value === 'object' && !('outcome' in value),
  erasures: (value): value is number => typeof value === 'number',
};

/** A job's answer as that job's output; another kind of value is a bug in the worker, reported as one. */
function jobResult<J extends MailchimpJob>(job: J, result: Result<MailchimpJobOutputs[MailchimpJob]>): Result<MailchimpJobOutputs[J]> {
  if (!result.ok) return result;
  const { value } = result;
  return jobOutputIs[job](value) ? ok(value) : err('internal', `The database worker answered the Mailchimp ${job} with another kind of value`);
}

/** An answer of another kind than the message asked for: a bug in the worker, reported as one. */
const mixedUp = (answer: Answer): Err => err('internal', `The database worker answered message ${answer.id} with a ${answer.type}`);

/**
 * Reads the writer answers: those that take long (a whole import file parsed and matched against
 * the book; a whole Mailchimp plan asked for at once, which reads every subscriber (a sync asks for it in slices, from the writer's own thread)), so a search at the counter never
 * queues behind one on the reader; and the outbox's status, since the writer holds the outbox.
 */
const writerReads: ReadonlySet<MethodName> = new Set<MethodName>(['imports.preview', 'mailchimp.plan', 'outbox.status']);

/**
 * Starts the writer (which opens and migrates the file) and a reader, and routes each
 * contract method by its kind, so searches keep answering while a long write runs.
 */
export async function startDatabaseWorkers(options: DatabaseWorkersOptions): Promise<DatabaseWorkers> {
  // Both load their code at once (most of a start); the reader opens the book after the writer has migrated it.
  const writerReady = WorkerConnection.start(options, 'writer');
  const readerReady = WorkerConnection.start(options, 'reader', writerReady);
  // When the writer fails, the reader is stopped unopened: the writer's error is the one to report.
  readerReady.catch(() => {});
  const writer = await writerReady;
  let reader: WorkerConnection;
  try {
    reader = await readerReady;
  } catch (error) {
    await writer.close();
    throw error;
  }
  const connectionFor = (method: MethodName) => (methods[method].kind === 'read' && !writerReads.has(method) ? reader : writer);
  return {
    integrity: writer.checked,
    call: (method, input, actor) => connectionFor(method).call(method, input, actor),
    backup: (destination) => writer.backup(destination),
    facts: () => writer.facts(),
    // Only the writer commits an import.
    importProgress: () => writer.progress(),
    // Beside the book, in the writer's thread: the window's thread (Electron's main process, the dev host's) stays free for the counter.
    mailchimp: (job, jobOptions) => writer.mailchimp(job, jobOptions),
    close: async () => {
      await Promise.all([reader.close(), writer.close()]);
    },
  };
}
