/**
 * `npm run bench -- --engine postgres`: the benchmark's book moved into PostgreSQL (issue 13), and the
 * core on it timed end to end over the loopback socket, each figure beside its floor: the very
 * statements the call sent, recorded from a traced core and sent again straight through `pg` on the
 * same pool (prepared the same way), with nothing of the core around them.
 *
 * Without --url, a throwaway server is started in a temp folder (initdb with the distribution's
 * defaults, listening on 127.0.0.1 only, fsync and full page writes on, as a shop's server has them)
 * and removed at the end. With --url, the book is moved into that database, which must be empty, and
 * stays there with the benchmark's sales in it (recorded and voided).
 */
import net from 'node:net';
import pg from 'pg';
import type { BookOutputOf, InputOf, MethodName } from '../../shared/contract';
import type { Result } from '../../shared/result';
import { moveBook } from '../../db/engines/move';
import { createPostgresCore, type PostgresCore } from '../../db/engines/postgres/core';
import { openPostgresBook, type OpenedPostgresBook } from '../../db/engines/postgres/open';
import { passwordHider } from '../../db/engines/postgres/url';
import { findPostgresBinaries, startCluster, stopCluster, type PostgresCluster } from '../../tests/support/postgres-cluster';
import { BENCH_END, chooser, figure, pageInputs, searchQueries, shop, type Chooser, type Figure, type Sampled, type Target } from './figures';

/** What the PostgreSQL run takes of the benchmark's flags. */
export interface PostgresBenchOptions {
  customers: number;
  seed: number;
  iterations: number;
  /** An empty database to move the book into; a throwaway server when absent. */
  url?: string;
}

type Log = (line: string) => void;

/** Issue 13's targets on PostgreSQL: search p95 at the default size (10 ms at a million customers), a sale, the stats. */
const searchTarget = (customers: number): Target => ({ p95: customers > 200_000 ? 10 : 5 });
const saleTarget: Target = { p95: 5 };
const statsTarget: Target = { p95: 50 };

/** Wall time per operation, and this process's CPU time over all of them (the server's is not in it). */
class AsyncTimer {
  readonly times: number[] = [];
  private cpu = 0;
  async time<T>(fn: () => Promise<T>): Promise<T> {
    const c0 = process.cpuUsage();
    const t = performance.now();
    const value = await fn();
    this.times.push(performance.now() - t);
    const c = process.cpuUsage(c0);
    this.cpu += (c.user + c.system) / 1000;
    return value;
  }
  cpuPerOp(): number {
    return this.cpu / Math.max(1, this.times.length);
  }
}

function must<T>(result: Result<T>, what: string): T {
  if (!result.ok) throw new Error(`${what}: ${result.error.code}: ${result.error.message}`);
  return result.value;
}

const mustCall = async <K extends MethodName>(core: PostgresCore, method: K, input: InputOf<K>): Promise<BookOutputOf<K>> => must(await core.call(method, input), method);

/** A statement as the core sent it to `pg` (a name, its text, its values, maybe rowMode). */
type Sent = pg.QueryConfig;

/**
 * The book's pool seen through a proxy that records every statement the core sends while `record`
 * runs, on the pool or on a client it took for a write; the transaction's own BEGIN/COMMIT (plain
 * text) are not recorded.
 */
function recordingPool(pool: pg.Pool) {
  let recording: Sent[] | null = null;
  const wrap = <T extends object>(target: T): T =>
    new Proxy(target, {
      get(object, prop) {
        const value = Reflect.get(object, prop, object) as unknown;
        if (typeof value !== 'function') return value;
        if (prop === 'query') {
          return (config: unknown, ...rest: unknown[]) => {
            if (recording && typeof config === 'object' && config !== null) recording.push(config as Sent);
            return (value as (...a: unknown[]) => unknown).call(object, config, ...rest);
          };
        }
        if (prop === 'connect') return async () => wrap((await (value as () => Promise<pg.PoolClient>).call(object)) as pg.PoolClient);
        return (value as (...a: unknown[]) => unknown).bind(object);
      },
    });
  return {
    pool: wrap(pool),
    async record<T>(fn: () => Promise<T>): Promise<{ value: T; statements: Sent[] }> {
      const statements: Sent[] = [];
      recording = statements;
      try {
        return { value: await fn(), statements };
      } finally {
        recording = null;
      }
    },
  };
}

interface PgBench {
  book: OpenedPostgresBook;
  /** The core as a host runs it. */
  core: PostgresCore;
  /** A core on the same pool whose statements are recorded. */
  tracedCore: PostgresCore;
  recorder: ReturnType<typeof recordingPool>;
  iterations: number;
  pick: Chooser;
  record(f: Figure): void;
}

/** The floor of a read: its recorded statements sent again, one after another, on the pool. */
const replayRead = (pool: pg.Pool, statements: Sent[]) => async () => {
  for (const statement of statements) await pool.query(statement);
};

/** A read measured against its floor: each input on our core and as its recorded statements, alternating. */
async function measureWithFloor<K extends MethodName>(bench: PgBench, name: string, what: string, method: K, inputs: InputOf<K>[], target: Target): Promise<void> {
  const { core, tracedCore, recorder, book } = bench;
  // Each input once through the traced core (what it sends), then once more on each side untimed:
  // both start with their statements prepared on the connection, as in a till's day.
  const replays: (() => Promise<void>)[] = [];
  for (const input of inputs) {
    const { statements } = await recorder.record(() => mustCall(tracedCore, method, input));
    const replay = replayRead(book.pool, statements);
    await replay();
    await mustCall(core, method, input);
    replays.push(replay);
  }
  const ours = new AsyncTimer();
  const floor = new AsyncTimer();
  let rows = 0;
  for (const [i, input] of inputs.entries()) {
    const runOurs = async () => {
      const value = (await ours.time(() => mustCall(core, method, input))) as unknown;
      rows += Array.isArray(value) ? value.length : value && typeof value === 'object' && 'rows' in value && Array.isArray(value.rows) ? value.rows.length : 1;
    };
    const runFloor = () => floor.time(replays[i]);
    // Alternate who goes first, so that neither side always runs second.
    if (i % 2 === 0) (await runOurs(), await runFloor());
    else (await runFloor(), await runOurs());
  }
  bench.record(figure(name, what, ours.times, target, floor.times, { meanRows: rows / inputs.length, cpuMs: ours.cpuPerOp(), floorCpuMs: floor.cpuPerOp() }));
}

async function measureSearches(bench: PgBench, people: Sampled[], options: PostgresBenchOptions): Promise<void> {
  const queries = searchQueries(people, options.seed, bench.iterations);
  const target = searchTarget(options.customers);
  const search = (name: string, what: string, list: string[]) => measureWithFloor(bench, name, `customers.search, ${what}`, 'customers.search', list.map((query) => ({ query })), target);
  await search('search.name_prefix', 'first 2–4 letters of a first or last name', queries.namePrefix);
  await search('search.name_fragment', '3–5 letters from inside a name (or a short name)', queries.nameFragment);
  await search('search.phone_4', '4 digits of a phone', queries.phone4);
  await search('search.phone_7', '7 digits of a phone', queries.phone7);
  await search('search.email_fragment', 'part of an email', queries.emailFragment);
}

async function measurePages(bench: PgBench, customers: number): Promise<void> {
  const { pick, iterations } = bench;
  await measureWithFloor(bench, 'page.by_spent', 'customers.list by total spent, a type filter, 50 rows at an offset', 'customers.list', pageInputs(pick, customers, iterations, 'spent'), { p95: 10 });
  await measureWithFloor(bench, 'page.by_last_purchase', 'customers.list by last purchase, a type filter, 50 rows at an offset', 'customers.list', pageInputs(pick, customers, iterations, 'last-purchase'), { p95: 10 });
}

/** A customer's record against its floor, then the whole profile (as SQLite's profile.open) for the same customers. */
async function measureProfiles(bench: PgBench, people: Sampled[]): Promise<void> {
  const { core, pick, iterations } = bench;
  const ids = Array.from({ length: iterations }, () => people[pick.int(people.length)].id);
  await measureWithFloor(bench, 'customer.get', 'customers.get of a sampled customer', 'customers.get', ids.map((id) => ({ id })), {});
  const timer = new AsyncTimer();
  let sales = 0;
  for (const id of ids) {
    sales += await timer.time(async () => {
      await mustCall(core, 'customers.get', { id });
      const history = await mustCall(core, 'sales.list', { customerId: id });
      await mustCall(core, 'notes.list', { customerId: id });
      await mustCall(core, 'customers.timeline', { id });
      return history.length;
    });
  }
  bench.record(figure('profile.open', 'customers.get + sales.list + notes.list + customers.timeline', timer.times, {}, undefined, { meanSales: sales / iterations, cpuMs: timer.cpuPerOp() }));
}

async function measureStats(bench: PgBench): Promise<void> {
  const runs = (share: number) => Math.max(5, Math.floor(bench.iterations / share));
  await measureWithFloor(bench, 'stats.get', 'stats.get: the headline numbers', 'stats.get', Array.from({ length: runs(4) }, () => ({})), statsTarget);
  // A second or more each on a big book: fewer runs (each is made four times, with its floor and warm-up).
  await measureWithFloor(bench, 'stats.dashboard', 'stats.dashboard: twelve months of figures', 'stats.dashboard', Array.from({ length: runs(20) }, () => ({ months: 12 })), statsTarget);
}

/** Recording a sale against its floor (its statements in a SERIALIZABLE transaction of their own), then voiding each. */
async function measureSales(bench: PgBench, people: Sampled[]): Promise<void> {
  const { core, tracedCore, recorder, book, pick, iterations } = bench;
  const active = people.filter((p) => p.status === 'active');
  const saleInput = () => ({ customerId: active[pick.int(active.length)].id, amount: 500 + pick.int(20_000), items: 1 + pick.int(3), paymentMethod: 'mobile_money' as const });
  // The floor: what each sale sent, sent again statement for statement in one transaction, committed
  // (the same rows written, the same WAL flushed), without the core's validation, planning and mapping.
  const plans: Sent[][] = [];
  for (let i = 0; i < iterations; i++) plans.push((await recorder.record(() => mustCall(tracedCore, 'sales.record', saleInput()))).statements);
  // Warm, as in a running app: statements prepared, the pages a sale touches in the cache.
  for (let i = 0; i < 20; i++) await mustCall(core, 'sales.void', { id: (await mustCall(core, 'sales.record', saleInput())).id, reason: 'warm-up' });
  const replayWrite = (statements: Sent[]) => async () => {
    const client = await book.pool.connect();
    try {
      await client.query('BEGIN ISOLATION LEVEL SERIALIZABLE');
      for (const statement of statements) await client.query(statement);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {});
      throw error;
    } finally {
      client.release();
    }
  };
  const sales = new AsyncTimer();
  const floor = new AsyncTimer();
  const recorded: number[] = [];
  for (const [i, statements] of plans.entries()) {
    const runOurs = async () => {
      recorded.push((await sales.time(() => mustCall(core, 'sales.record', saleInput()))).id);
    };
    const runFloor = () => floor.time(replayWrite(statements));
    if (i % 2 === 0) (await runOurs(), await runFloor());
    else (await runFloor(), await runOurs());
  }
  bench.record(figure('sale.record', 'sales.record, SERIALIZABLE, committed; floor: its statements sent again in one transaction', sales.times, saleTarget, floor.times, { cpuMs: sales.cpuPerOp(), floorCpuMs: floor.cpuPerOp() }));
  const voids = new AsyncTimer();
  for (const id of recorded) await voids.time(() => mustCall(core, 'sales.void', { id, reason: 'benchmark' }));
  bench.record(figure('sale.void', 'sales.void of each of those sales', voids.times, {}, undefined, { cpuMs: voids.cpuPerOp() }));
}

/** A free TCP port on the loopback interface, for the throwaway server. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Moves the SQLite book at `file` into PostgreSQL (a throwaway server, or the empty database at
 * --url), and times the core on it. Returns what the report keeps about the server and the move.
 */
export async function runPostgresBench(file: string, options: PostgresBenchOptions, record: (f: Figure) => void, log: Log): Promise<Record<string, unknown>> {
  let cluster: PostgresCluster | null = null;
  try {
    let url = options.url;
    if (!url) {
      const bindir = findPostgresBinaries();
      if (!bindir) throw new Error("PostgreSQL's initdb was not found: install PostgreSQL or give --url");
      const port = await freePort();
      cluster = startCluster(bindir, { tcpPort: port, durable: true });
      const admin = new pg.Client({ connectionString: `postgresql://postgres@127.0.0.1:${port}/postgres` });
      await admin.connect();
      await admin.query('CREATE DATABASE regulars_bench');
      await admin.end();
      url = `postgresql://postgres@127.0.0.1:${port}/regulars_bench`;
      log(`throwaway PostgreSQL server in ${cluster.dir}, on 127.0.0.1:${port}`);
    }
    const shown = passwordHider(url)(url);
    log(`moving the book into ${shown}`);
    const started = performance.now();
    const moved = await moveBook({ from: file, to: url });
    if (!moved.ok) throw new Error(`Moving the book into ${shown} failed: ${moved.error.message}`);
    const moveMs = performance.now() - started;
    log(`moved ${moved.value.rows.toLocaleString('en')} rows in ${(moveMs / 1000).toFixed(1)} s`);

    const book = await openPostgresBook(url, { defaults: shop });
    try {
      // As autovacuum would soon after a move: the visibility map set (index-only scans) and the
      // planner's statistics fresh, then the move's dirty pages written out before anything is timed.
      await book.pool.query('VACUUM (ANALYZE)');
      await book.pool.query('CHECKPOINT');
      const server = (await book.pool.query<{ server_version: string }>('SHOW server_version')).rows[0].server_version;
      const settings = Object.fromEntries(
        (await book.pool.query<{ name: string; setting: string }>("SELECT name, setting FROM pg_settings WHERE name IN ('fsync', 'synchronous_commit', 'full_page_writes', 'shared_buffers', 'wal_sync_method', 'jit')")).rows.map((r) => [r.name, r.setting]),
      );
      log(`PostgreSQL ${server}: ${JSON.stringify(settings)}`);
      const recorder = recordingPool(book.pool);
      const clock = () => BENCH_END;
      const bench: PgBench = {
        book,
        core: await createPostgresCore(book, { now: clock }),
        tracedCore: await createPostgresCore({ pool: recorder.pool }, { now: clock }),
        recorder,
        iterations: options.iterations,
        pick: chooser(options.seed + 7),
        record,
      };
      // The same customers as the SQLite run samples (ids are kept by the move), in the same order.
      const every = Math.max(1, Math.floor(options.customers / 4000));
      const people = (await book.pool.query<Sampled>('SELECT id, first_name, last_name, phone_e164, email, status FROM customers WHERE id % $1 = 0 ORDER BY id LIMIT 4000', [every])).rows;
      await measureSearches(bench, people, options);
      await measurePages(bench, options.customers);
      await measureProfiles(bench, people);
      await measureStats(bench);
      await measureSales(bench, people);
      return { server, where: cluster ? 'a throwaway server on 127.0.0.1' : shown, settings, moveMs, movedRows: moved.value.rows };
    } finally {
      await book.close();
    }
  } finally {
    if (cluster) stopCluster(cluster);
  }
}
