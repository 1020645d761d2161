import type pg from 'pg';
import type { BookOutputOf, InputOf, MethodName } from '../../../shared/contract';
import { err, type Result } from '../../../shared/result';
import type { Actor } from '../../access';
import type { CoreContext } from '../../context';
import { ownerQuery, planCall, resultOf, type BookCore, type CallOptions, type CoreOptions } from '../../core';
import { failureOf } from '../../errors';
import { postgresSearch } from './customers/search';
import { postgresTallies } from './customers/tallies';
import { postgresDialect } from './dialect';
import type { OpenedPostgresBook } from './open';
import { reasonOf } from './reason';
import { runOnPostgres } from './run';

/**
 * The core on a shared book: the same plan of every call as on SQLite (`planCall`), its statements
 * answered by the server. A write runs SERIALIZABLE, so that two tills writing at once get the
 * result of one writing after the other, as SQLite's single writer gives: the server refuses
 * whichever would break that (SQLSTATE 40001), and the call runs again from the start, seeing what
 * the other committed.
 */

/** Serialization failure and deadlock: the server rolled the transaction back, and it may simply run again. */
const retryable = new Set(['40001', '40P01']);
/** Some seconds of trying with the waits below: a till under a burst of another's sales gets through; past it the call says the book is busy. */
const MOST_ATTEMPTS = 60;

/**
 * A random wait before running a clashed write again, growing with each attempt (up to 200 ms): two
 * tills that clashed and ran again at once would clash again, each time, and starve each other.
 */
const backOff = (attempt: number) => new Promise<void>((resolve) => setTimeout(resolve, Math.random() * Math.min(200, 2 ** attempt)));

const sqlStateOf = (error: unknown): string | undefined =>
  error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
/**
 * The server is out of reach: refused or vanished (the cable pulled, the server PC asleep or
 * restarting), as opposed to a call it answered. Class 08 is a connection exception; 57P01-03 a
 * server shutting down or starting; node-postgres ends a dropped connection's queries with its own
 * "Connection terminated" errors, which carry no code.
 */
const unreachableCodes = new Set(['ECONNREFUSED', 'ENOENT', 'ETIMEDOUT', 'ECONNRESET', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', '57P01', '57P02', '57P03']);
export function isConnectionLoss(error: unknown): boolean {
  const code = sqlStateOf(error);
  if (code && (unreachableCodes.has(code) || code.startsWith('08'))) return true;
  const message = error instanceof Error ? error.message : '';
  return /^Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error/.test(message);
}

/** Class 23, integrity constraint violation: a unique, foreign key or check the book keeps. */
const isIntegrityViolation = (error: unknown) => sqlStateOf(error)?.startsWith('23') ?? false;

export interface PostgresCore extends BookCore {
  /** The same call as `handle`, acting as `options.actor`: for tests and the benchmarks. */
  call<K extends MethodName>(method: K, input: InputOf<K>): Promise<Result<BookOutputOf<K>>>;
}

export async function createPostgresCore(book: Pick<OpenedPostgresBook, 'pool'>, options: CoreOptions = {}): Promise<PostgresCore> {
  const { pool } = book;
  const ownerId = await runOnPostgres(ownerQuery(), pool);
  const defaultActor: Actor | null = options.actor !== undefined ? options.actor : { id: ownerId ?? null, role: 'owner' };
  const engineBase: Omit<CoreContext, 'actor' | 'actorId' | 'actorLabel'> = {
    now: options.now ?? (() => new Date()),
    dialect: postgresDialect,
    search: postgresSearch,
    tallies: postgresTallies,
  };
  // A connection the server drops while we hold it says so as an event as well as in the failed
  // statement: without a listener the event would end the process. A lost one is not given back.
  const ignoreLoss = () => {};
  async function checkOut(): Promise<pg.PoolClient> {
    const client = await pool.connect();
    client.on('error', ignoreLoss);
    return client;
  }
  const giveBack = (client: pg.PoolClient, lost: boolean) => {
    client.off('error', ignoreLoss);
    client.release(lost || undefined);
  };

  /** The connection a snapshot holds: the calls it makes run on it, inside its transaction. */
  let pinned: pg.PoolClient | null = null;

  async function inTransaction<T>(client: pg.PoolClient, begin: string, work: () => Promise<T>): Promise<T> {
    await client.query(begin);
    try {
      const value = await work();
      await client.query('COMMIT');
      return value;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {});
      throw error;
    }
  }

  async function serve<K extends MethodName>(method: K, input: InputOf<K>, actor: Actor | null, asked: CallOptions = {}): Promise<Result<BookOutputOf<K>>> {
    const base = { ...engineBase, progress: asked.onProgress };
    const report = (failure: Error) => options.onInternalError?.(method, failure);
    try {
      if (pinned) {
        const client = pinned;
        const planned = planCall(base, method, input, actor);
        if (!planned.ok) return planned;
        if (planned.value.kind === 'read') return resultOf(await runOnPostgres(planned.value.query, client));
        // Inside a snapshot a write is a savepoint of its transaction, as on SQLite.
        await client.query('SAVEPOINT regulars_call');
        try {
          const output = await runOnPostgres(planned.value.query, client);
          await client.query('RELEASE SAVEPOINT regulars_call');
          return resultOf(output);
        } catch (error) {
          await client.query('ROLLBACK TO SAVEPOINT regulars_call');
          throw error;
        }
      }
      for (let attempt = 1; ; attempt++) {
        // Planned afresh for each attempt: a rule's work is a generator, run once.
        const planned = planCall(base, method, input, actor);
        if (!planned.ok) return planned;
        const { kind, query } = planned.value;
        if (kind === 'read') return resultOf(await runOnPostgres(query, pool));
        const client = await checkOut();
        let lost = false;
        try {
          return resultOf(await inTransaction(client, 'BEGIN ISOLATION LEVEL SERIALIZABLE', () => runOnPostgres(query, client)));
        } catch (error) {
          lost = isConnectionLoss(error);
          if (!retryable.has(sqlStateOf(error) ?? '')) throw error;
          if (attempt >= MOST_ATTEMPTS) return err('conflict', 'Other tills kept changing the same records at the same moment; nothing was saved. Please try again.');
        } finally {
          giveBack(client, lost);
        }
        await backOff(attempt);
      }
    } catch (error) {
      if (isConnectionLoss(error)) {
        return err('internal', `The shared customer book cannot be reached just now (${reasonOf(error)}). Nothing was saved there.`, { unreachable: true });
      }
      return failureOf(error, isIntegrityViolation, report);
    }
  }

  async function snapshot<T>(read: () => Promise<T>): Promise<T> {
    if (pinned) throw new Error('A snapshot is already open on this book');
    const client = await checkOut();
    pinned = client;
    let lost = false;
    try {
      return await inTransaction(client, 'BEGIN ISOLATION LEVEL REPEATABLE READ', read);
    } catch (error) {
      lost = isConnectionLoss(error);
      throw error;
    } finally {
      pinned = null;
      giveBack(client, lost);
    }
  }

  return {
    handle: serve,
    snapshot,
    call: (method, input) => serve(method, input, defaultActor),
  };
}
