import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { z } from 'zod';
import {
  isMethodName,
  methods,
  outboxKinds,
  type InputOf,
  type MethodName,
  type OutboxKind,
  type OutboxStatus,
  type OutboxWaiting,
  type OutputOf,
  type QueuedWrite,
  type RefusedWrite,
} from '../shared/contract';
import type { AppError, Result } from '../shared/result';
import { err, ok } from '../shared/result';
import { parseCall } from '../shared/transport';
import { authorize, type Actor } from './access';
import type { BookCore, CallOptions } from './core';
import { passwordHider } from './engines/postgres/url';

/**
 * A till's outbox: the sales and notes typed while the shared book is out of reach (the cable
 * pulled, the server PC asleep), kept in a small SQLite file on the till itself and sent, in the
 * order they were typed, when the book answers again. Each carries the id the till gave it (`ref`),
 * and the book takes a ref once: a write whose answer was lost on the way back is sent again and
 * refused as already there, which the outbox takes as delivered. So every write the till
 * acknowledged reaches the book exactly once.
 *
 * Which calls it keeps is the contract's to say (`keptWrite` in shared/contract/define.ts); the outbox
 * holds them as contract calls, one queue for all kinds, and reads each back through its method's
 * own schema when it sends it.
 */

/** What a host's writer serves the window's calls through: the book, with a till's outbox in front of it when the book is shared. */
export interface BookFront {
  /** A contract call: the book's answer, or (a kept write that cannot reach the book) the queued one; `outbox.status` is answered here. */
  handle<K extends MethodName>(method: K, input: InputOf<K>, actor: Actor | null, options?: CallOptions): Promise<Result<OutputOf<K>>>;
  /** Closes the outbox file once a sending under way has finished (the book itself is the host's to close). */
  close(): Promise<void>;
}

export interface FlushReport {
  sent: number;
  /** Writes the book refused for good (a customer erased meanwhile): kept aside with the reason, for the owner. */
  refused: number;
  /** Still waiting: the book went out of reach again. */
  waiting: number;
}

export interface Till extends BookFront {
  /** Sends what waits, oldest first, until the outbox is empty or the book is out of reach. */
  flush(): Promise<FlushReport>;
  /** What waits and what was refused, and whether the book answered when last tried (without trying it). */
  status(): OutboxStatus;
}

export interface TillOptions {
  /** While something waits, try sending it this often (the app's writer: every few seconds). Off unless given. */
  flushEveryMs?: number;
}

/**
 * Where a PC keeps its outbox for the shared book at `location`: in its data folder, beside its own
 * book file (`databaseFile`), one file for each shared book (named by its address, password hidden,
 * so a new password keeps the file). A PC switched to another book in Settings must never send that
 * book the sales kept for the first, whose customer ids mean other people there.
 */
export function outboxFileFor(databaseFile: string, location: string): string {
  const book = createHash('sha256').update(passwordHider(location)(location)).digest('hex').slice(0, 16);
  return path.join(path.dirname(path.resolve(databaseFile)), `regulars-outbox-${book}.db`);
}

/** An answer saying the book was out of reach (db/engines/postgres/core.ts marks it), not that the call was wrong. */
export const isUnreachable = (error: AppError): boolean => error.unreachable === true;

/** The methods a till keeps, by what the counter calls them: from the contract's `keptWrite`s. */
const keptKindOf = (method: MethodName): OutboxKind | undefined => methods[method].keptAs;

/**
 * What a kept call must carry so that it means the same when it reaches the book later: a sale keeps
 * the time it was made, not the time it is sent. (A note is dated by the book when it arrives.)
 */
const stampForLater: { [K in MethodName]?: (input: InputOf<K>, at: string) => InputOf<K> } = {
  'sales.record': (input, at) => ({ ...input, occurredAt: input.occurredAt ?? at }),
};

/**
 * What a till can't keep for later, with why: a reward is used against points only the book holds
 * (another till may spend them, or they may lapse, before the sale is sent), and a sale refused then
 * would be money taken with no sale in the book.
 */
const notKeptWhileOutOfReach: { [K in MethodName]?: (input: InputOf<K>) => { field: string; message: string } | null } = {
  'sales.record': (input) =>
    input.redeem
      ? { field: 'redeem', message: 'A reward can’t be used while the shared book is out of reach (it holds the points): record the sale without it, and give the reward once the book is back' }
      : null,
};

const storedActor = z.object({ id: z.number().int().nullable(), role: z.enum(['owner', 'staff']), label: z.string().optional() }).nullable();
const storedRow = z.object({ seq: z.number().int(), ref: z.string(), method: z.string(), input: z.string(), actor: z.string() });
const refusedRow = z.object({ ref: z.string(), kind: z.enum(outboxKinds), reason: z.string(), queuedAt: z.string() });

/** A stored text that is not JSON (a damaged file) reads as nothing, which the schema then refuses. */
function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

const nothingWaiting = (): OutboxWaiting => ({ sales: 0, notes: 0 });

/**
 * Whether the book answered when last tried, learnt from every answer that passes: only a shared
 * book's core ever says it is out of reach.
 */
function reachability() {
  let reachable = true;
  return {
    reachable: () => reachable,
    note<T>(result: Result<T>): Result<T> {
      reachable = result.ok || !isUnreachable(result.error);
      return result;
    },
  };
}

/** `outbox.status` as any edge checks a call: access, then the (empty) input. */
function checkStatusCall(input: unknown, actor: Actor | null): Result<unknown> {
  return parseCall('outbox.status', input, (name) => authorize(name, actor));
}

/**
 * A book on this PC, or a shared book served without an outbox: every call goes to the book, and
 * `outbox.status` says there is nothing waiting (and, for a shared book, whether it answered).
 */
export function withoutOutbox(core: BookCore, shared: boolean): BookFront {
  const seen = reachability();
  return {
    async handle(method, input, actor, options) {
      if (method !== 'outbox.status') return seen.note(await core.handle(method, input, actor, options));
      const checked = checkStatusCall(input, actor);
      if (!checked.ok) return checked;
      const status: OutboxStatus = { shared, reachable: seen.reachable(), waiting: nothingWaiting(), refused: [] };
      return ok(status as OutputOf<typeof method>);
    },
    close: async () => {},
  };
}

/**
 * Opens (or makes) the outbox file and puts it in front of `core`, a shared book's. A kept write
 * typed while others wait is queued behind them, so the book receives the till's writes in the
 * order they were typed.
 */
export function openTill(core: BookCore, outboxFile: string, options: TillOptions = {}): Till {
  fs.mkdirSync(path.dirname(path.resolve(outboxFile)), { recursive: true });
  const sqlite = new Database(outboxFile);
  // FULL: a sale acknowledged at the counter is on disk before the acknowledgement is shown.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.exec(`CREATE TABLE IF NOT EXISTS outbox (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    ref TEXT NOT NULL UNIQUE,
    method TEXT NOT NULL,
    kind TEXT NOT NULL,
    input TEXT NOT NULL,
    actor TEXT NOT NULL,
    queued_at TEXT NOT NULL,
    refused TEXT
  )`);
  const insert = sqlite.prepare('INSERT INTO outbox (ref, method, kind, input, actor, queued_at) VALUES (?, ?, ?, ?, ?, ?)');
  const next = sqlite.prepare('SELECT seq, ref, method, input, actor FROM outbox WHERE refused IS NULL ORDER BY seq LIMIT 1');
  const remove = sqlite.prepare('DELETE FROM outbox WHERE seq = ?');
  const refuse = sqlite.prepare('UPDATE outbox SET refused = ? WHERE seq = ?');
  const countByKind = sqlite.prepare('SELECT kind, count(*) AS n FROM outbox WHERE refused IS NULL GROUP BY kind');
  const refusedRows = sqlite.prepare('SELECT ref, kind, refused AS reason, queued_at AS queuedAt FROM outbox WHERE refused IS NOT NULL ORDER BY seq');

  function waiting(): OutboxWaiting {
    const counts = nothingWaiting();
    for (const row of countByKind.all() as { kind: OutboxKind; n: number }[]) counts[`${row.kind}s`] = row.n;
    return counts;
  }
  const anyWaiting = () => next.get() !== undefined;
  const seen = reachability();

  /** The stored call read back through its method's own schema: the file is outside the book, and may be from another version. */
  function readBack(row: z.infer<typeof storedRow>): { method: MethodName; input: InputOf<MethodName>; actor: Actor | null } | string {
    const method = row.method;
    if (!isMethodName(method) || keptKindOf(method) === undefined) return `Kept at the till as "${method}", which this version does not send`;
    const input = parseJson(row.input);
    const readable = methods[method].input.safeParse(input);
    if (!readable.success) return `Kept at the till in a form this version cannot read: ${readable.error.issues[0]?.message ?? ''}`;
    const actor = storedActor.safeParse(parseJson(row.actor));
    if (!actor.success) return 'Kept at the till without a readable record of who made it';
    // As it was given (the book's edge fills in the defaults again), now that it is known to be a call the contract takes.
    return { method, input: input as InputOf<MethodName>, actor: actor.data };
  }

  let flushing: Promise<FlushReport> | null = null;
  async function sendWaiting(): Promise<FlushReport> {
    let sent = 0;
    let refusedNow = 0;
    for (;;) {
      const row = next.get();
      if (!row) break;
      const stored = storedRow.parse(row);
      const call = readBack(stored);
      if (typeof call === 'string') {
        refuse.run(call, stored.seq);
        refusedNow++;
        continue;
      }
      const result = seen.note(await core.handle(call.method, { ...call.input, ref: stored.ref } as InputOf<MethodName>, call.actor));
      if (result.ok || result.error.fields?.ref !== undefined) {
        // Written now, or already (its answer was lost on the way back): delivered either way.
        remove.run(stored.seq);
        sent++;
      } else if (isUnreachable(result.error)) {
        break;
      } else {
        refuse.run(result.error.message, stored.seq);
        refusedNow++;
      }
    }
    const left = waiting();
    return { sent, refused: refusedNow, waiting: left.sales + left.notes };
  }
  const flush = () => (flushing ??= sendWaiting().finally(() => (flushing = null)));
  /** Sends in the background; the next flush (or the timer) picks up whatever this one could not send. */
  const flushSoon = () => {
    if (anyWaiting()) void flush();
  };

  function keep<K extends MethodName>(method: K, kind: OutboxKind, input: InputOf<K>, ref: string, actor: Actor | null): Result<OutputOf<K>> {
    const refusal = (notKeptWhileOutOfReach[method] as ((input: InputOf<K>) => { field: string; message: string } | null) | undefined)?.(input);
    if (refusal) return err('validation', refusal.message, { fields: { [refusal.field]: refusal.message } });
    const queuedAt = new Date().toISOString();
    const stamp = stampForLater[method] as ((input: InputOf<K>, at: string) => InputOf<K>) | undefined;
    insert.run(ref, method, kind, JSON.stringify(stamp ? stamp(input, queuedAt) : input), JSON.stringify(actor), queuedAt);
    const queued: QueuedWrite = { queued: true, kind, ref, queuedAt, waiting: waiting() };
    // A kept method's output is its book answer or this queued one (`keptWrite`): K is such a method here.
    return ok(queued as OutputOf<K>);
  }

  async function keepOrSend<K extends MethodName>(method: K, kind: OutboxKind, input: InputOf<K>, actor: Actor | null): Promise<Result<OutputOf<K>>> {
    // Checked as the book's edge would, so that only a call the book could take is kept for it.
    const checked = parseCall(method, input, (name) => authorize(name, actor));
    if (!checked.ok) return checked;
    const ref = (input as { ref?: string }).ref ?? randomUUID();
    if (anyWaiting() && (await flush()).waiting > 0) return keep(method, kind, input, ref, actor);
    const result = seen.note(await core.handle(method, { ...input, ref }, actor));
    if (!result.ok && isUnreachable(result.error)) return keep(method, kind, input, ref, actor);
    return result;
  }

  function status(): OutboxStatus {
    const refused = refusedRows.all().map((row): RefusedWrite => refusedRow.parse(row));
    return { shared: true, reachable: seen.reachable(), waiting: waiting(), refused };
  }

  /** The window asks often; when the book was out of reach at the last try, the question tries it again (a small read). */
  async function answerStatus(input: unknown, actor: Actor | null): Promise<Result<OutboxStatus>> {
    const checked = checkStatusCall(input, actor);
    if (!checked.ok) return checked;
    if (!seen.reachable()) {
      seen.note(await core.handle('book.changes', {}, actor));
      if (seen.reachable()) flushSoon();
    }
    return ok(status());
  }

  const timer = options.flushEveryMs === undefined ? null : setInterval(flushSoon, options.flushEveryMs);
  // The timer alone never keeps a process alive (a test's till, the command line).
  timer?.unref();

  return {
    async handle(method, input, actor, options) {
      if (method === 'outbox.status') return (await answerStatus(input, actor)) as Result<OutputOf<typeof method>>;
      const kind = keptKindOf(method);
      if (kind !== undefined) return keepOrSend(method, kind, input, actor);
      const result = seen.note(await core.handle(method, input, actor, options));
      // The book answered: whatever waits may go now.
      if (seen.reachable()) flushSoon();
      return result;
    },
    flush,
    status,
    close: async () => {
      if (timer) clearInterval(timer);
      await flushing;
      sqlite.close();
    },
  };
}
