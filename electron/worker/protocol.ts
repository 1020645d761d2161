import type { Actor } from '../../db/access';
import type { LogFields } from '../../db/log';
import type { Result } from '../../shared/result';

/** What a database worker is started with (worker_threads `workerData`). */
export interface WorkerConfig {
  file: string;
  migrationsFolder?: string;
  nativeBinding?: string;
  role: 'writer' | 'reader';
  /** Load the code now, open the book on the first message (the reader waits for the writer's migrations). */
  openWhenTold?: boolean;
}

/**
 * A contract call, or (writer only) a consistent backup of the open book to a file, or the book's
 * facts for a diagnostics zip; `open` starts a worker told to wait.
 */
export type ToWorker =
  | { id: number; method: string; input: unknown; actor: Actor | null }
  | { id: number; backupTo: string }
  | { id: number; facts: true }
  | { open: true };
/** `event` is a line for the support log, which the host's thread writes (one writer per process). */
export type FromWorker =
  | { type: 'ready'; migrated: string[] }
  | { type: 'event'; event: string; fields: LogFields }
  | { type: 'failed'; message: string; damaged: boolean }
  | { type: 'result'; id: number; result: Result<unknown> };
