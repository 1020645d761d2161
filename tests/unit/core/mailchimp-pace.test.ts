import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { threadPacer } from '../../../db/mailchimp/pace';

/** Keeps this thread's event loop busy for `ms` of wall time, as a job parsing a batch would. */
function busyFor(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // Busy on purpose.
  }
}

/**
 * Which comes first: the pacer letting the job go on, or a timer of `ms`. Orders, not durations: a
 * timer never fires early, and a pacer that need not wait answers before any timer.
 */
async function firstOf(pace: () => Promise<void>, ms: number): Promise<'paced' | 'timer'> {
  return Promise.race([pace().then(() => 'paced' as const), sleep(ms).then(() => 'timer' as const)]);
}

describe('the pace of a Mailchimp job in its thread', () => {
  it('waits after busy work until the thread has been busy only its share of the time', async () => {
    const pace = threadPacer(0.5);
    busyFor(300);
    // 300 ms busy at a half share: the pacer owes about 300 ms of rest, far more than the timer.
    expect(await firstOf(pace, 50)).toBe('timer');
  });

  it('lets a job that has been mostly idle go on at once', async () => {
    const pace = threadPacer(0.5);
    await sleep(200);
    busyFor(20);
    expect(await firstOf(pace, 100)).toBe('paced');
  });

  it('never rests a job more than a second at one step, so a cancel is not held up', async () => {
    const pace = threadPacer(0.01);
    busyFor(100);
    // A hundredth share would owe ten seconds: the pacer stops at one.
    expect(await firstOf(pace, 2_000)).toBe('paced');
  });
});
