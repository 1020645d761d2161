import type { Result } from '../../shared/result';

/** What a database worker is started with (worker_threads `workerData`). */
export interface WorkerConfig {
  file: string;
  migrationsFolder?: string;
  nativeBinding?: string;
  role: 'writer' | 'reader';
}

export type ToWorker = { id: number; method: string; input: unknown };
export type FromWorker =
  | { type: 'ready' }
  | { type: 'failed'; message: string }
  | { type: 'result'; id: number; result: Result<unknown> };
