import type { Actor } from '../../db/access';
import type { Result } from '../../shared/result';

/** What a database worker is started with (worker_threads `workerData`). */
export interface WorkerConfig {
  file: string;
  migrationsFolder?: string;
  nativeBinding?: string;
  role: 'writer' | 'reader';
}

/** A contract call, or (writer only) a consistent backup of the open book to a file. */
export type ToWorker = { id: number; method: string; input: unknown; actor: Actor | null } | { id: number; backupTo: string };
export type FromWorker =
  | { type: 'ready' }
  | { type: 'failed'; message: string; damaged: boolean }
  | { type: 'result'; id: number; result: Result<unknown> };
