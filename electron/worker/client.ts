import { Worker } from 'node:worker_threads';
import { isMethodName, methods, type MethodName } from '../../shared/contract';
import { err, type Result } from '../../shared/result';
import type { Actor } from '../../db/access';
import type { BackupInfo } from '../../db/backups';
import type { BookFacts } from '../../db/diagnostics';
import { silentLog, type EventLog } from '../../db/log';
import { DatabaseOpenError } from '../../db/open';
import type { FromWorker, ToWorker, WorkerConfig } from './protocol';

export interface DatabaseWorkersOptions {
  /** The worker entry: the built `db-worker.js` in Electron, `entry.ts` under tsx elsewhere. */
  workerFile: string | URL;
  execArgv?: string[];
  file: string;
  migrationsFolder?: string;
  nativeBinding?: string;
  /** The support log: the workers' unexpected errors and the migrations applied at open go here. */
  log?: EventLog;
}

export interface DatabaseWorkers {
  /** Untyped entry for hosts relaying outside calls (IPC, HTTP), acting as whoever the host has signed in. */
  handle(method: unknown, input: unknown, actor: Actor | null): Promise<Result<unknown>>;
  /** A consistent copy of the book, made by the writer while calls go on. */
  backup(destination: string): Promise<Result<BackupInfo>>;
  /** SQLite's check, versions and counts of the open book, for a diagnostics zip. */
  facts(): Promise<Result<BookFacts>>;
  close(): Promise<void>;
}

class WorkerConnection {
  private nextId = 1;
  private pending = new Map<number, (result: Result<unknown>) => void>();
  private constructor(
    private readonly worker: Worker,
    log: EventLog,
  ) {
    worker.on('message', (message: FromWorker) => {
      if (message.type === 'event') log.error(message.event, message.fields);
      if (message.type !== 'result') return;
      this.pending.get(message.id)?.(message.result);
      this.pending.delete(message.id);
    });
    const failAll = (why: string) => {
      for (const resolve of this.pending.values()) resolve(err('internal', why));
      this.pending.clear();
    };
    worker.on('error', (error) => failAll(`The database worker failed: ${error.message}`));
    worker.on('exit', () => failAll('The database worker stopped'));
  }

  /** Starts a worker; with `openAfter`, it loads its code at once and opens the book only once that settles well. */
  static start(options: DatabaseWorkersOptions, role: WorkerConfig['role'], openAfter?: Promise<unknown>): Promise<WorkerConnection> {
    const config: WorkerConfig = {
      file: options.file,
      migrationsFolder: options.migrationsFolder,
      nativeBinding: options.nativeBinding,
      role,
      openWhenTold: openAfter !== undefined,
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

  call(method: string, input: unknown, actor: Actor | null): Promise<Result<unknown>> {
    return this.send((id) => ({ id, method, input, actor }));
  }

  backup(destination: string): Promise<Result<BackupInfo>> {
    return this.send((id) => ({ id, backupTo: destination })) as Promise<Result<BackupInfo>>;
  }

  facts(): Promise<Result<BookFacts>> {
    return this.send((id) => ({ id, facts: true })) as Promise<Result<BookFacts>>;
  }

  private send(message: (id: number) => ToWorker): Promise<Result<unknown>> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.worker.postMessage(message(id));
    });
  }

  async close(): Promise<void> {
    await this.worker.terminate();
  }
}

/**
 * Reads that take seconds (a whole import file parsed and matched against the book) run on the
 * writer, so a search at the counter never queues behind one on the reader.
 */
const slowReads: ReadonlySet<MethodName> = new Set<MethodName>(['imports.preview']);

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
  const handle = (method: unknown, input: unknown, actor: Actor | null): Promise<Result<unknown>> => {
    if (!isMethodName(method)) return Promise.resolve(err('validation', `Unknown method: ${String(method)}`));
    // Structured clone would turn a function or symbol into a thrown DataCloneError; JSON is what crosses anyway.
    let payload: unknown;
    try {
      payload = input === undefined ? undefined : JSON.parse(JSON.stringify(input));
    } catch {
      return Promise.resolve(err('validation', 'The input could not be read as JSON'));
    }
    return (methods[method].kind === 'read' && !slowReads.has(method) ? reader : writer).call(method, payload, actor);
  };
  return {
    handle,
    backup: (destination) => writer.backup(destination),
    facts: () => writer.facts(),
    close: async () => {
      await Promise.all([reader.close(), writer.close()]);
    },
  };
}
