import type { Actor } from '../../db/access';
import type { BackupInfo } from '../../db/backups';
import type { BookFacts } from '../../db/diagnostics';
import type { LogFields } from '../../db/log';
import type { MailchimpJob, MailchimpJobOutputs } from '../../db/mailchimp/jobs';
import type { InputOf, MailchimpProgress, MethodName } from '../../shared/contract';
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
  /**
   * With openWhenTold: first try to open the book at once, beside the writer, and wait for the word
   * only if that fails. For a reader of a SQLite file, whose read-only open refuses a book the writer
   * will change before serving it (a migration due, a file not yet in WAL mode).
   */
  tryFirst?: boolean;
}

/**
 * A contract call, or (writer only) a consistent backup of the open book to a file, the book's
 * facts for a diagnostics zip, or a Mailchimp job run beside the book; `open` starts a worker told
 * to wait. A job is cancelled with `cancel` (its id), and is answered the API key it asked the
 * host to unseal with `unsealed` (the request's number).
 */
export type ToWorker =
  | { id: number; method: MethodName; input: InputOf<MethodName>; actor: Actor | null }
  | { id: number; backupTo: string }
  | { id: number; facts: true }
  | { id: number; mailchimp: MailchimpJob; actor: Actor | null; attempts?: number; backoffMs?: number }
  | { cancel: number }
  | { unsealed: number; result: Result<string> }
  | { open: true };
/** The answer to a numbered message: a call's result, a backup made, the book's facts, or a Mailchimp job's outcome. */
export type Answer =
  | { type: 'result'; id: number; result: Reply }
  | { type: 'backup'; id: number; result: Result<BackupInfo> }
  | { type: 'facts'; id: number; result: Result<BookFacts> }
  | { type: 'mailchimp'; id: number; result: Result<MailchimpJobOutputs[MailchimpJob]> };
/**
 * `event` is a line for the support log, which the host's thread writes (one writer per process);
 * `progress`, how far the call `id` is (an import's rows), before its answer; `jobProgress`, how
 * far the Mailchimp job `id` is; `unseal`, the job `id` asking the host to open its sealed key.
 */
export type FromWorker =
  | { type: 'ready'; migrated: string[] }
  /** The writer's check of the book after `ready`: null when it is whole, else why it is damaged. */
  | { type: 'checked'; damaged: string | null }
  | { type: 'progress'; id: number; done: number; total: number }
  | { type: 'jobProgress'; id: number; progress: MailchimpProgress }
  | { type: 'unseal'; id: number; request: number; sealed: string }
  | { type: 'event'; event: string; fields: LogFields }
  | { type: 'failed'; message: string; damaged: boolean }
  | Answer;
