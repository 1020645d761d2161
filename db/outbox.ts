import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { z } from 'zod';
import { recordSaleInput, type InputOf, type OutputOf } from '../shared/contract';
import type { AppError, Result } from '../shared/result';
import { ok } from '../shared/result';
import type { Actor } from './access';
import type { BookCore } from './core';

/**
 * A till's outbox: the sales typed while the shared book is out of reach (the cable pulled, the
 * server PC asleep), kept in a small SQLite file on the till itself and sent, in the order they were
 * typed, when the book answers again. Each sale carries the id the till gave it (`ref`), and the
 * book takes a ref once: a sale whose answer was lost on the way back is sent again and refused as
 * already recorded, which the outbox takes as delivered. So every sale the till acknowledged reaches
 * the book exactly once.
 */

/** A sale kept at the till: acknowledged to the person at the counter, not yet in the book. */
export interface QueuedSale {
  queued: true;
  ref: string;
  /** How many sales wait to be sent, this one included. */
  waiting: number;
}

export type TillAnswer = (OutputOf<'sales.record'> & { queued?: false }) | QueuedSale;

export interface FlushReport {
  sent: number;
  /** Sales the book refused for good (a customer erased meanwhile): kept aside with the reason, for the owner. */
  refused: number;
  /** Still waiting: the book went out of reach again. */
  waiting: number;
}

export interface TillCore {
  /** Records a sale in the book, or keeps it in the outbox when the book cannot be reached. */
  recordSale(input: InputOf<'sales.record'>, actor: Actor | null): Promise<Result<TillAnswer>>;
  /** Sends what waits, oldest first, until the outbox is empty or the book is out of reach. */
  flush(): Promise<FlushReport>;
  waiting(): number;
  /** The sales the book refused when they were sent, with its reason. */
  refused(): { ref: string; reason: string }[];
  close(): void;
}

const storedActor = z.object({ id: z.number().int().nullable(), role: z.enum(['owner', 'staff']), label: z.string().optional() }).nullable();
const storedRow = z.object({ seq: z.number().int(), ref: z.string(), input: z.string(), actor: z.string() });

/** A stored text that is not JSON (a damaged file) reads as nothing, which the schema then refuses. */
function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** An answer saying the book was out of reach (db/engines/postgres/core.ts marks it), not that the call was wrong. */
export const isUnreachable = (error: AppError): boolean => error.unreachable === true;

/**
 * Opens (or makes) the outbox file and puts it in front of `core`. A sale typed while others wait is
 * queued behind them, so the book receives the till's sales in the order they were typed.
 */
export function openTill(core: BookCore, outboxFile: string): TillCore {
  fs.mkdirSync(path.dirname(path.resolve(outboxFile)), { recursive: true });
  const sqlite = new Database(outboxFile);
  // FULL: a sale acknowledged at the counter is on disk before the acknowledgement is shown.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.exec(`CREATE TABLE IF NOT EXISTS outbox (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    ref TEXT NOT NULL UNIQUE,
    input TEXT NOT NULL,
    actor TEXT NOT NULL,
    queued_at TEXT NOT NULL,
    refused TEXT
  )`);
  const insert = sqlite.prepare('INSERT INTO outbox (ref, input, actor, queued_at) VALUES (?, ?, ?, ?)');
  const next = sqlite.prepare('SELECT seq, ref, input, actor FROM outbox WHERE refused IS NULL ORDER BY seq LIMIT 1');
  const remove = sqlite.prepare('DELETE FROM outbox WHERE seq = ?');
  const refuse = sqlite.prepare('UPDATE outbox SET refused = ? WHERE seq = ?');
  const count = sqlite.prepare('SELECT count(*) FROM outbox WHERE refused IS NULL').pluck();
  const refusedRows = sqlite.prepare('SELECT ref, refused AS reason FROM outbox WHERE refused IS NOT NULL ORDER BY seq');
  const waiting = () => count.get() as number;

  let flushing: Promise<FlushReport> | null = null;
  async function sendWaiting(): Promise<FlushReport> {
    let sent = 0;
    let refusedNow = 0;
    for (;;) {
      const row = next.get();
      if (!row) break;
      const { seq, ref, input, actor } = storedRow.parse(row);
      // Read back through the contract's own schema: the file is outside the book, and may be old.
      const sale = recordSaleInput.safeParse(parseJson(input));
      if (!sale.success) {
        refuse.run(`Kept at the till in a form this version cannot read: ${sale.error.issues[0]?.message ?? ''}`, seq);
        refusedNow++;
        continue;
      }
      const who = storedActor.safeParse(parseJson(actor));
      if (!who.success) {
        refuse.run('Kept at the till without a readable record of who made it', seq);
        refusedNow++;
        continue;
      }
      const result = await core.handle('sales.record', { ...sale.data, ref }, who.data);
      if (result.ok || result.error.fields?.ref !== undefined) {
        // Recorded now, or already (its answer was lost on the way back): delivered either way.
        remove.run(seq);
        sent++;
      } else if (isUnreachable(result.error)) {
        break;
      } else {
        refuse.run(result.error.message, seq);
        refusedNow++;
      }
    }
    return { sent, refused: refusedNow, waiting: waiting() };
  }
  const flush = () => (flushing ??= sendWaiting().finally(() => (flushing = null)));

  function keep(input: InputOf<'sales.record'>, ref: string, actor: Actor | null): QueuedSale {
    // The sale keeps the time it was made, not the time it reaches the book.
    insert.run(ref, JSON.stringify({ ...input, occurredAt: input.occurredAt ?? new Date().toISOString() }), JSON.stringify(actor), new Date().toISOString());
    return { queued: true, ref, waiting: waiting() };
  }

  return {
    async recordSale(input, actor) {
      const ref = input.ref ?? randomUUID();
      if (waiting() > 0 && (await flush()).waiting > 0) return ok(keep(input, ref, actor));
      const result = await core.handle('sales.record', { ...input, ref }, actor);
      if (!result.ok && isUnreachable(result.error)) return ok(keep(input, ref, actor));
      return result;
    },
    flush,
    waiting,
    refused: () => refusedRows.all() as { ref: string; reason: string }[],
    close: () => sqlite.close(),
  };
}
