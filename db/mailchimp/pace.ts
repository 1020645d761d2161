import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';

/** The longest a job waits at one step: a cancel, or the next batch, is never held up for long. */
const LONGEST_PAUSE_MS = 1_000;

/**
 * Keeps the calling thread busy at most `share` of the time: each call waits, if need be, until the
 * thread's busy time since the last call is that share of the time gone by. A background job that
 * calls it between its steps leaves the rest of the machine to the counter: on a two-core till a
 * sync that parsed and recorded batches flat out would take a whole core from the window and the
 * search. Callers are served one at a time, so the batches a job keeps in flight share one budget.
 */
export function threadPacer(share: number): () => Promise<void> {
  let since = performance.eventLoopUtilization();
  let queue: Promise<void> = Promise.resolve();
  return () =>
    (queue = queue.then(async () => {
      const { active, idle } = performance.eventLoopUtilization(since);
      const wait = active / share - (active + idle);
      if (wait > 0) await sleep(Math.min(wait, LONGEST_PAUSE_MS));
      since = performance.eventLoopUtilization();
    }));
}
