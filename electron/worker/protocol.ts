import type { Actor } from '../../db/access';
import type { BackupInfo } from '../../db/backups';
import type { BookFacts } from '../../db/diagnostics';
import type { LogFields } from '../../db/log';
import type { InputOf, MethodName } from '../../shared/contract';
import type { Result } from '../../shared/result';
import type { Reply } from '../../shared/transport';

/** What a database worker is started with (worker_threads `workerData`). */
export interface WorkerConfig {
  /** The book: a SQLite file, or a shared book's postgresql:// address (db/book.ts `openBook`). */
  location: string;
  migrationsFolder?: string;
  postgresMigrationsFolder?: string;
  nativeBinding?: string;
  role: 'writer' | 'reader';
  /** The writer's outbox for a shared book (db/outbox.ts): a file in this PC's data folder, beside its own book. */
  outboxFile?: string;
  /** Load the code now, open the book on the first message (the reader waits for the writer's migrations). */
  openWhenTold?: boolean;
}

/**
 * A contract call, or (writer only) a consistent backup of the open book to a file, or the book's
 * facts for a diagnostics zip; `open` starts a worker told to wait.
 */
export type ToWorker =
  | { id: number; method: MethodName; input: InputOf<MethodName>; actor: Actor | null }
  | { id: number; backupTo: string }
  | { id: number; facts: true }
  | { open: true };
/** The answer to a numbered message: a call's result, a backup made, or the book's facts. */
export type Answer =
  | { type: 'result'; id: number; result: Reply }
  | { type: 'backup'; id: number; result: Result<BackupInfo> }
  | { type: 'facts'; id: number; result: Result<BookFacts> };
/**
 * `event` is a line for the support log, which the host's thread writes (one writer per process);
 * `progress`, how far the call `id` is (an import's rows), before its answer.
 */
export type FromWorker =
  | { type: 'ready'; migrated: string[] }
  | { type: 'progress'; id: number; done: number; total: number }
  | { type: 'event'; event: string; fields: LogFields }
  | { type: 'failed'; message: string; damaged: boolean }
  | Answer;
