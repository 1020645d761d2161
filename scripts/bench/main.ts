/**
 * `npm run bench`: how Regulars feels with a ten-year shop's book (100k customers, 1M sales, 200k
 * notes by default), every figure against its target. Searches, directory pages and the sale also
 * run their own SQL (traced from the call) straight on better-sqlite3, the floor, and show ours / floor.
 *
 *   npx tsx scripts/bench/main.ts [--customers 100000] [--sales 1000000] [--notes 200000] [--seed 1]
 *     [--db FILE] [--json FILE] [--dataset-out DIR] [--iterations 200] [--import-rows 100000]
 *     [--move-to-postgres URL] [--engine sqlite|postgres] [--url URL]
 *
 * The dataset is generated and loaded in child processes (their memory is not the book's), into a
 * temp folder removed at the end, or into --db FILE, kept and reused by the next run with the same
 * dataset flags. Reads run on the book; everything that writes (the export's audit entry too) on a
 * copy, so a kept book never changes. Progress goes to stderr, the table to stdout, --json FILE gets
 * every figure with its CPU time per operation and the machine (a busy machine shows wall ≫ CPU).
 * --move-to-postgres URL moves the book into that (empty) PostgreSQL database and back to a new file
 * (`regulars book move`), times both, and checks every table's rows and the money sums came back
 * the same; the database keeps the moved book, so the next run needs an empty one again.
 * --engine postgres moves the same book into PostgreSQL instead (a throwaway server over the loopback,
 * or the empty database at --url) and times the core on it, each figure against the same statements
 * sent straight through `pg`: see ./postgres.ts.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sqliteParts } from '../../db/engines/sqlite/context';
import { spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { z } from 'zod';
import { builtInSegments, type BookOutputOf, type InputOf, type MethodName } from '../../shared/contract';
import type { Result } from '../../shared/result';
import type { CoreContext } from '../../db/context';
import { createCore, type Core } from '../../db/core';
import { openDatabase, type OpenedDatabase } from '../../db/open';
import { normalisePhone } from '../../shared/format/phone';
import { countSegmentRef } from '../../db/segments/service';
import { withSearchIndexDeferred } from '../../db/customers/search-index';
import { deferTallies } from '../../db/engines/sqlite/customers/tallies';
import { moveBook } from '../../db/engines/move';
import { movedTables } from '../../db/engines/move/plan';
import { passwordHider, postgresUrl } from '../../db/engines/postgres/url';
import { importCsv, writeDatasetCsv } from './csv';
import { Dataset } from './dataset';
import { loadBulk } from './load';
import { Replayer, traced, type TracedStatement, type Tracer } from './trace';
import { BENCH_END, chooser, figure, pageInputs, searchQueries, shop, type Chooser, type Figure, type Sampled, type Target } from './figures';

export { BENCH_END, figure, searchQueries, shop, summary, type Figure, type Sampled, type Target } from './figures';

const flags = z.object({
  customers: z.coerce.number().int().min(10).max(2_000_000).default(100_000),
  sales: z.coerce.number().int().min(0).max(20_000_000).default(1_000_000),
  notes: z.coerce.number().int().min(0).max(5_000_000).default(200_000),
  seed: z.coerce.number().int().default(1),
  db: z.string().min(1).optional(),
  json: z.string().min(1).optional(),
  'dataset-out': z.string().min(1).optional(),
  iterations: z.coerce.number().int().min(5).max(100_000).default(200),
  'import-rows': z.coerce.number().int().min(10).max(150_000).default(100_000),
  // Off by default: the benchmark needs no PostgreSQL server unless asked to move the book to one.
  'move-to-postgres': postgresUrl.optional(),
  // The engine the core runs on: the same book moved into PostgreSQL (issue 13) with `postgres`.
  engine: z.enum(['sqlite', 'postgres']).default('sqlite'),
  // With --engine postgres: an empty database to move the book into, instead of a throwaway server.
  url: postgresUrl.optional(),
})
  .refine((f) => f.engine === 'postgres' || f.url === undefined, { path: ['url'], message: 'is for --engine postgres' })
  .refine((f) => f.engine === 'sqlite' || f['move-to-postgres'] === undefined, { path: ['move-to-postgres'], message: 'is for --engine sqlite (--engine postgres moves the book itself)' });
type Flags = z.output<typeof flags>;

const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);

// ---------------------------------------------------------------- figures

const now = () => performance.now();

function must<T>(result: Result<T>, what: string): T {
  if (!result.ok) throw new Error(`${what}: ${result.error.code}: ${result.error.message}`);
  return result.value;
}

/** Wall time per operation, and the process's CPU time over all of them (the machine may be busy). */
class Timer {
  readonly times: number[] = [];
  private cpu = 0;
  time<T>(fn: () => T): T {
    const c0 = process.cpuUsage();
    const t = now();
    const value = fn();
    this.times.push(now() - t);
    const c = process.cpuUsage(c0);
    this.cpu += (c.user + c.system) / 1000;
    return value;
  }
  cpuPerOp(): number {
    return this.cpu / Math.max(1, this.times.length);
  }
}

/** A write's recorded statements as one function to run inside a transaction. */
function replayWrites(sqlite: Database.Database, statements: TracedStatement[]): () => void {
  const steps = statements.map((s) => {
    const statement = sqlite.prepare(s.sql);
    if (s.raw) statement.raw(true);
    if (s.pluck) statement.pluck(true);
    return () => (s.method === 'run' ? statement.run(...s.args) : s.method === 'get' ? statement.get(...s.args) : statement.all(...s.args));
  });
  return () => {
    for (const step of steps) step();
  };
}

/** Inserts a dataset's customers as insertCustomer would (without its checks), times it, and rolls it back. */
function customerInsertFloor(database: OpenedDatabase, dataset: Dataset): number {
  const { sqlite } = database;
  const { phone_country: country } = sqlite.prepare('SELECT phone_country FROM settings WHERE id = 1').get() as { phone_country: string };
  const at = BENCH_END.toISOString();
  const rows = [...dataset.customers()].map((c) => {
    const phone = c.phone ? normalisePhone(c.phone, country) : null;
    const birthday = c.birthday?.split('-').map(Number) ?? [];
    const [year, month, day] = birthday.length === 3 ? birthday : [null, birthday[0] ?? null, birthday[1] ?? null];
    return [c.firstName, c.lastName, c.phone, phone?.e164 ?? null, phone?.searchDigits ?? null, c.email, c.address, month, day, year, c.type, JSON.stringify(c.tags), c.source, c.createdAt, 1, at];
  });
  const insert = sqlite.prepare(
    `INSERT INTO customers (first_name, last_name, phone, phone_e164, phone_search, email, address, birthday_month, birthday_day, birthday_year, type, tags, source, created_at, created_by, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const preferences = sqlite.prepare('INSERT INTO customer_preferences (customer_id, updated_at) VALUES (?, ?)');
  const event = sqlite.prepare("INSERT INTO timeline_events (customer_id, kind, at, actor_id, data) VALUES (?, 'created', ?, 1, '{}')");
  const begin = sqlite.prepare('BEGIN IMMEDIATE');
  const rollback = sqlite.prepare('ROLLBACK');
  const t = now();
  begin.run();
  try {
    // The search index and the tallies written once for all of them, as an import writes them.
    const recount = deferTallies(sqlite);
    withSearchIndexDeferred(sqlite, () => {
      for (const row of rows) {
        const id = insert.run(...row).lastInsertRowid;
        preferences.run(id, at);
        event.run(id, at);
      }
    });
    recount(true);
    return now() - t;
  } finally {
    rollback.run();
  }
}

// ---------------------------------------------------------------- the run

/** What the benchmark's book is generated from: the dataset flags, the history's end, and the share archived. */
export function benchDataset(options: Pick<Flags, 'customers' | 'sales' | 'notes' | 'seed'>) {
  return { customers: options.customers, sales: options.sales, notes: options.notes, seed: options.seed, end: BENCH_END, archivedShare: 0.015 };
}

/**
 * The book for these dataset flags at `file`: reused when the stamp beside it says the benchmark built
 * it from the same flags, else generated and loaded in a child process. Both benchmarks build their
 * book here, so either reuses the other's --db FILE.
 */
export function loadOrReuseBook(
  file: string,
  options: Pick<Flags, 'customers' | 'sales' | 'notes' | 'seed'>,
  log: (line: string) => void,
): { reused: boolean; seconds: Record<string, number> | null } {
  const datasetOptions = benchDataset(options);
  const stamp = JSON.stringify({ ...datasetOptions, end: BENCH_END.toISOString(), version: 1 });
  const stampFile = `${file}.bench.json`;
  if (fs.existsSync(file) && fs.existsSync(stampFile) && fs.readFileSync(stampFile, 'utf8') === stamp) {
    log(`reusing ${file}`);
    return { reused: true, seconds: null };
  }
  if (fs.existsSync(file)) throw new Error(`${file} exists but was not built by the benchmark with these flags: remove it or choose another --db`);
  log(`loading ${options.customers} customers, ${options.sales} sales, ${options.notes} notes into ${file}`);
  const seconds = child('load', file, datasetOptions) as Record<string, number>;
  fs.writeFileSync(stampFile, stamp);
  log(`loaded in ${seconds.total.toFixed(1)} s`);
  return { reused: false, seconds };
}

/** --dataset-out DIR: the dataset as CSV files, so that other systems can load the same rows. */
function writeDatasetFiles(dir: string, options: Flags): { dir: string; customers: number; sales: number; notes: number } {
  const lap = now();
  const resolved = path.resolve(dir);
  const written = child('csv', resolved, benchDataset(options)) as { customers: number; sales: number; notes: number };
  log(`dataset written to ${resolved} (${written.customers} customers, ${written.sales} sales, ${written.notes} notes) in ${((now() - lap) / 1000).toFixed(1)} s`);
  return { dir: resolved, ...written };
}

/** The benchmark's clock, for every core it creates. */
const benchClock = () => BENCH_END;

/** The benchmark times calls that succeed: a failed one stops it. */
function mustCall<K extends MethodName>(core: Core, method: K, input: InputOf<K>): BookOutputOf<K> {
  return must(core.call(method, input), method);
}

/** What the phases on the book share; `pick` draws in phase order, so each run makes the same choices. */
interface BookBench {
  /** The core as the app runs it. */
  core: Core;
  database: OpenedDatabase;
  iterations: number;
  pick: Chooser;
  record(f: Figure): void;
}

/** The core beside the floor: a traced core on the same book, and a connection of the floor's own that replays what it traced. */
interface FloorBench extends BookBench {
  tracer: Tracer;
  tracedCore: Core;
  replayer: Replayer;
}

function memoryFigure(): Figure {
  const rssAfterLoad = process.memoryUsage().rss / 1024 / 1024;
  log(`RSS with the book open: ${rssAfterLoad.toFixed(0)} MB`);
  return { ...figure('memory.rss', 'process RSS with the book open, before any measurement (MB)', [rssAfterLoad], { mb: 300 }), met: rssAfterLoad <= 300 };
}

/** A read measured against its floor: each input on our core and as its traced SQL replayed raw, alternating. */
function measureWithFloor<I>(bench: FloorBench, name: string, what: string, method: 'customers.search' | 'customers.list', inputs: I[], target: Target): void {
  const { core, tracer, tracedCore, replayer } = bench;
  // Each input once through the traced core (what it runs), then once more on each side untimed:
  // both start with their statements prepared, their caches and the JIT warm, as in a running app.
  const replays = inputs.map((input) => {
    const { statements } = tracer.record(() => mustCall(tracedCore, method, input as never));
    const replay = replayer.prepare(statements);
    replay();
    mustCall(core, method, input as never);
    return replay;
  });
  const ours = new Timer();
  const floor = new Timer();
  let rows = 0;
  inputs.forEach((input, i) => {
    const runOurs = () => {
      const value = ours.time(() => mustCall(core, method, input as never));
      rows += Array.isArray(value) ? value.length : (value as { rows: unknown[] }).rows.length;
    };
    const runFloor = () => floor.time(replays[i]);
    // Alternate who goes first, so that neither side always runs second.
    if (i % 2 === 0) (runOurs(), runFloor());
    else (runFloor(), runOurs());
  });
  bench.record(figure(name, what, ours.times, target, floor.times, { meanRows: rows / inputs.length, cpuMs: ours.cpuPerOp(), floorCpuMs: floor.cpuPerOp() }));
}

/** Customers to search for and open: every so many of the book's, up to 4,000. */
function sampleCustomers(database: OpenedDatabase, customers: number): Sampled[] {
  return database.sqlite
    .prepare('SELECT id, first_name, last_name, phone_e164, email, status FROM customers WHERE id % ? = 0 LIMIT 4000')
    .all(Math.max(1, Math.floor(customers / 4000))) as Sampled[];
}

/** Searches as staff type them; returns a few of each kind, for the report. */
function measureSearches(bench: FloorBench, people: Sampled[], seed: number): Record<string, string[]> {
  const queries = searchQueries(people, seed, bench.iterations);
  const searchTarget: Target = { p95: 2, ratio: 1.3 };
  measureWithFloor(bench, 'search.name_prefix', 'customers.search, first 2–4 letters of a first or last name', 'customers.search', queries.namePrefix.map((query) => ({ query })), searchTarget);
  measureWithFloor(bench, 'search.name_fragment', 'customers.search, 3–5 letters from inside a name (or a short name)', 'customers.search', queries.nameFragment.map((query) => ({ query })), searchTarget);
  measureWithFloor(bench, 'search.phone_4', 'customers.search, 4 digits of a phone', 'customers.search', queries.phone4.map((query) => ({ query })), searchTarget);
  measureWithFloor(bench, 'search.phone_7', 'customers.search, 7 digits of a phone', 'customers.search', queries.phone7.map((query) => ({ query })), searchTarget);
  measureWithFloor(bench, 'search.email_fragment', 'customers.search, part of an email', 'customers.search', queries.emailFragment.map((query) => ({ query })), searchTarget);
  return Object.fromEntries(Object.entries(queries).map(([k, v]) => [k, v.slice(0, 10)]));
}

/** Directory pages: a sort, a type filter, 50 rows at an offset. */
function measurePages(bench: FloorBench, customers: number): void {
  const { pick } = bench;
  measureWithFloor(bench, 'page.by_spent', 'customers.list by total spent, a type filter, 50 rows at an offset', 'customers.list', pageInputs(pick, customers, bench.iterations, 'spent'), { p95: 10 });
  measureWithFloor(bench, 'page.by_last_purchase', 'customers.list by last purchase, a type filter, 50 rows at an offset', 'customers.list', pageInputs(pick, customers, bench.iterations, 'last-purchase'), { p95: 10 });
}

/** Opening a profile: a sampled customer's, then the busiest customer's. */
function measureProfiles(bench: BookBench, people: Sampled[]): void {
  const { core, pick, iterations } = bench;
  const openProfile = (id: number) => {
    mustCall(core, 'customers.get', { id });
    const sales = mustCall(core, 'sales.list', { customerId: id }).length;
    mustCall(core, 'notes.list', { customerId: id });
    mustCall(core, 'customers.timeline', { id });
    return sales;
  };
  const timer = new Timer();
  let sales = 0;
  for (let i = 0; i < iterations; i++) {
    const id = people[pick.int(people.length)].id;
    sales += timer.time(() => openProfile(id));
  }
  bench.record(figure('profile.open', 'customers.get + sales.list + notes.list + customers.timeline', timer.times, {}, undefined, { meanSales: sales / iterations, cpuMs: timer.cpuPerOp() }));
  const busiest = bench.database.sqlite.prepare('SELECT id, purchase_count FROM customers ORDER BY purchase_count DESC LIMIT 1').get() as { id: number; purchase_count: number };
  const heavy = new Timer();
  for (let i = 0; i < Math.min(iterations, 50); i++) heavy.time(() => openProfile(busiest.id));
  bench.record(figure('profile.open_busiest', `the same, for the busiest customer (${busiest.purchase_count} sales)`, heavy.times, {}, undefined, { cpuMs: heavy.cpuPerOp() }));
}

/** The owner's figures: the headline stats, the segment list, and each built-in segment's count. */
function measureOwnerFigures(bench: BookBench): void {
  const { core, database, iterations } = bench;
  const stats = new Timer();
  for (let i = 0; i < iterations; i++) stats.time(() => mustCall(core, 'stats.get', {}));
  bench.record(figure('stats.get', 'stats.get: the headline numbers', stats.times, { p95: 20 }, undefined, { cpuMs: stats.cpuPerOp() }));

  // The owner's dashboard screen (and `regulars stats`, which asks for one month of it).
  const dashboard = new Timer();
  for (let i = 0; i < Math.max(5, Math.floor(iterations / 20)); i++) dashboard.time(() => mustCall(core, 'stats.dashboard', { months: 12 }));
  bench.record(figure('stats.dashboard', 'stats.dashboard over 12 months: charts, tiers, sources, opt-in rate, birthdays', dashboard.times, {}, undefined, { cpuMs: dashboard.cpuPerOp() }));

  const list = new Timer();
  let counts: Record<string, number> = {};
  for (let i = 0; i < Math.max(5, Math.floor(iterations / 10)); i++) {
    counts = Object.fromEntries(list.time(() => mustCall(core, 'segments.list', {})).map((s) => [s.key, s.count]));
  }
  bench.record(figure('segments.list', `segments.list: all ${builtInSegments.length} built-in counts`, list.times, {}, undefined, { counts, cpuMs: list.cpuPerOp() }));
  const { runNow, dialect, search, tallies } = sqliteParts(database);
  const ctx: CoreContext = { dialect, search, tallies, actor: { id: 1, role: 'owner' }, actorId: 1, actorLabel: null, now: benchClock };
  for (const segment of builtInSegments) {
    const each = new Timer();
    for (let i = 0; i < Math.max(5, Math.floor(iterations / 4)); i++) each.time(() => runNow(countSegmentRef(ctx, segment.key)));
    bench.record(figure(`segment.${segment.key}`, `count of "${segment.name}" (the segments service)`, each.times, { p95: 50 }, undefined, { count: counts[segment.key], cpuMs: each.cpuPerOp() }));
  }
}

/** The Mailchimp export of every consented customer, written to a file. */
function measureMailchimpExport(bench: BookBench, temp: string): void {
  const timer = new Timer();
  let exported = 0;
  let bytes = 0;
  const out = path.join(temp, 'mailchimp.csv');
  // The first export on a freshly opened book reads its pages from the OS: kept apart, as the
  // other measurements are taken warm.
  const coldStart = now();
  fs.writeFileSync(out, mustCall(bench.core, 'exports.mailchimp', {}).csv);
  const coldMs = now() - coldStart;
  for (let i = 0; i < 5; i++) {
    timer.time(() => {
      const result = mustCall(bench.core, 'exports.mailchimp', {});
      fs.writeFileSync(out, result.csv);
      exported = result.exported;
      bytes = Buffer.byteLength(result.csv);
    });
  }
  bench.record(figure('export.mailchimp', 'exports.mailchimp of every consented customer, file written (after one cold run)', timer.times, { max: 1000 }, undefined, { exported, bytes, coldMs, cpuMs: timer.cpuPerOp() }));
}

/** Recording a sale against its floor, then voiding each sale recorded. */
function measureSales(bench: BookBench, file: string, people: Sampled[]): void {
  const { core, database, pick, iterations } = bench;
  const writeTracer = traced(database);
  const tracedWriteCore = createCore(writeTracer.database, { now: benchClock });
  const active = people.filter((p) => p.status === 'active');
  const saleInput = () => ({ customerId: active[pick.int(active.length)].id, amount: 500 + pick.int(20_000), items: 1 + pick.int(3), paymentMethod: 'mobile_money' as const });
  // The floor: what each sale wrote, replayed statement for statement in one transaction at
  // synchronous=FULL on a raw connection to the same file (the same pages appended to the WAL
  // and synced), without the core's validation, reads back and mapping.
  const plans = Array.from({ length: iterations }, () => writeTracer.record(() => mustCall(tracedWriteCore, 'sales.record', saleInput())).statements);
  // Warm, as in a running app: statements prepared, the pages a sale touches in the cache.
  for (let i = 0; i < 20; i++) mustCall(core, 'sales.void', { id: mustCall(core, 'sales.record', saleInput()).id, reason: 'warm-up' });
  const rawWrites = openDatabase({ file });
  const sales = new Timer();
  const floor = new Timer();
  const recorded: number[] = [];
  plans.forEach((statements, i) => {
    const replay = rawWrites.sqlite.transaction(replayWrites(rawWrites.sqlite, statements));
    const runOurs = () => recorded.push(sales.time(() => mustCall(core, 'sales.record', saleInput())).id);
    const runFloor = () => floor.time(() => replay.immediate());
    if (i % 2 === 0) (runOurs(), runFloor());
    else (runFloor(), runOurs());
  });
  rawWrites.close();
  bench.record(figure('sale.record', 'sales.record at synchronous=FULL (WAL); floor: its statements replayed raw in one transaction', sales.times, { p95: 3 }, floor.times, { cpuMs: sales.cpuPerOp(), floorCpuMs: floor.cpuPerOp() }));
  const voids = new Timer();
  for (const id of recorded) voids.time(() => mustCall(core, 'sales.void', { id, reason: 'benchmark' }));
  bench.record(figure('sale.void', 'sales.void of each of those sales', voids.times, {}, undefined, { cpuMs: voids.cpuPerOp() }));
}

/** What the disk itself takes to make 4 KB durable, next to the book: no write can be faster. */
function measureDiskFloor(bench: BookBench, temp: string): void {
  const fd = fs.openSync(path.join(temp, 'fsync.bin'), 'w');
  const page = Buffer.alloc(4096, 7);
  const disk = new Timer();
  for (let i = 0; i < bench.iterations; i++) {
    disk.time(() => {
      fs.writeSync(fd, page);
      fs.fdatasyncSync(fd);
    });
  }
  fs.closeSync(fd);
  bench.record(figure('disk.fsync_4k', '4 KB appended to a file beside the book and fdatasync’d (the disk’s own floor)', disk.times, {}));
}

/** A CSV import of other people than the book's, against its floor: just their rows inserted, then rolled back. */
function measureImport(bench: BookBench, options: Flags): void {
  const rows = options['import-rows'];
  const fresh = new Dataset({ customers: rows, sales: 0, notes: 0, seed: options.seed + 1, end: BENCH_END, numberOffset: options.customers + 1_000 });
  const csv = importCsv(fresh.customers());
  const contentBase64 = Buffer.from(csv).toString('base64');
  // The floor: the same customers' rows as insertCustomer writes them (customer with its search
  // index and indexes, preferences, timeline), one prepared statement each, then rolled back.
  const insertFloor = customerInsertFloor(bench.database, fresh);
  const t = now();
  const c0 = process.cpuUsage();
  const result = must(bench.core.call('imports.commit', { fileName: 'new-customers.csv', contentBase64 }), 'imports.commit');
  const cpu = process.cpuUsage(c0);
  const ms = now() - t;
  // The importer combines rows it reads as one person (same name, one with a phone, one with an email).
  if (result.errors.length > 0 || result.created + result.skipped !== rows) throw new Error(`The import went wrong: ${JSON.stringify({ ...result, errors: result.errors.slice(0, 3) })}`);
  bench.record(
    figure('import.csv', `imports.commit of a ${rows.toLocaleString('en')}-row generic CSV; floor: just its customers' rows inserted, then rolled back`, [ms], { max: 5000 }, [insertFloor], {
      rows,
      created: result.created,
      combined: result.skipped,
      bytes: csv.length,
      cpuMs: (cpu.user + cpu.system) / 1000,
    }),
  );
}

/**
 * Everything that writes (an export too: it is audited), on a copy of the book, so the book itself is
 * the same for every measurement and every run (--db).
 */
function measureWritesOnCopy(file: string, temp: string, options: Flags, people: Sampled[], pick: Chooser, record: (f: Figure) => void): void {
  const copy = path.join(temp, 'writes.db');
  fs.copyFileSync(file, copy);
  const database = openDatabase({ file: copy, defaults: shop });
  try {
    if (database.sqlite.pragma('synchronous', { simple: true }) !== 2) throw new Error('The book is not at synchronous=FULL');
    const bench: BookBench = { core: createCore(database, { now: benchClock }), database, iterations: options.iterations, pick, record };
    measureMailchimpExport(bench, temp);
    measureSales(bench, copy, people);
    measureDiskFloor(bench, temp);
    measureImport(bench, options);
  } finally {
    database.close();
  }
}

function machineReport(loadAverageAtStart: number[]): Record<string, unknown> {
  return {
    nproc: os.availableParallelism?.() ?? os.cpus().length,
    cpu: os.cpus()[0]?.model,
    memoryMB: Math.round(os.totalmem() / 1024 / 1024),
    freeMemoryMB: Math.round(os.freemem() / 1024 / 1024),
    node: process.version,
    sqlite: (new Database(':memory:').prepare('SELECT sqlite_version() AS v').get() as { v: string }).v,
    loadAverageAtStart,
    loadAverageAtEnd: os.loadavg(),
  };
}

export async function runBench(options: Flags): Promise<{ figures: Figure[]; report: Record<string, unknown> }> {
  const started = now();
  const loadAverageAtStart = os.loadavg();
  const temp = fs.mkdtempSync(path.join(os.tmpdir(), 'regulars-bench-'));
  const file = path.resolve(options.db ?? path.join(temp, 'bench.db'));
  const figures: Figure[] = [];
  const report: Record<string, unknown> = {};
  const record = (f: Figure) => {
    figures.push(f);
    const floor = f.floor ? ` (floor p95 ${f.floor.p95.toFixed(3)} ms, ×${f.ratio!.toFixed(2)})` : '';
    log(`${f.name}: p50 ${f.p50.toFixed(3)} ms, p95 ${f.p95.toFixed(3)} ms, max ${f.max.toFixed(1)} ms${floor}`);
  };

  try {
    if (options['dataset-out']) report.datasetOut = writeDatasetFiles(options['dataset-out'], options);
    const load = loadOrReuseBook(file, options, log);
    report.load = { ...load, fileMB: fs.statSync(file).size / 1024 / 1024 };
    if (options.engine === 'postgres') {
      // The same book moved into PostgreSQL, and the core on it (loaded only when asked for).
      const { runPostgresBench } = await import('./postgres');
      report.postgres = await runPostgresBench(file, options, record, log);
      return { figures, report: finish() };
    }

    // The book opened as the app opens it (quick_check reads every page once).
    const database = openDatabase({ file, defaults: shop });
    figures.push(memoryFigure());
    const tracer = traced(database);
    // The floor's own connection, opened as the app opens one (same pragmas, same page cache size).
    const floorDb = openDatabase({ file, readonly: true });
    const bench: FloorBench = {
      core: createCore(database, { now: benchClock }),
      database,
      iterations: options.iterations,
      pick: chooser(options.seed + 7),
      record,
      tracer,
      tracedCore: createCore(tracer.database, { now: benchClock }),
      replayer: new Replayer(floorDb.sqlite),
    };
    const people = sampleCustomers(database, options.customers);
    report.searchExamples = measureSearches(bench, people, options.seed);
    measurePages(bench, options.customers);
    measureProfiles(bench, people);
    measureOwnerFigures(bench);
    bench.replayer.close();
    floorDb.close();

    database.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    database.close();
    measureWritesOnCopy(file, temp, options, people, bench.pick, record);
    if (options['move-to-postgres']) report.move = await measureMove(file, temp, options['move-to-postgres'], record);
    report.rssEndMB = process.memoryUsage().rss / 1024 / 1024;
    report.rssMaxMB = process.resourceUsage().maxRSS / 1024;
  } finally {
    fs.rmSync(temp, { recursive: true, force: true });
  }
  return { figures, report: finish() };

  function finish(): Record<string, unknown> {
    report.wallSeconds = (now() - started) / 1000;
    report.machine = machineReport(loadAverageAtStart);
    report.options = { ...options, end: BENCH_END.toISOString() };
    return report;
  }
}

/** Rows per table and the money sums: what must come back the same from a move there and back. */
function bookTotals(file: string): Record<string, number> {
  const sqlite = new Database(file, { readonly: true });
  try {
    const totals: Record<string, number> = {};
    for (const table of movedTables()) totals[`${table.name} rows`] = sqlite.prepare(`SELECT count(*) FROM "${table.name}"`).pluck().get() as number;
    const sums = sqlite
      .prepare('SELECT sum(purchase_count) AS purchases, sum(total_spent) AS spent FROM customers')
      .get() as { purchases: number; spent: number };
    totals['customers purchase_count sum'] = sums.purchases;
    totals['customers total_spent sum'] = sums.spent;
    totals['sales amount sum'] = sqlite.prepare('SELECT coalesce(sum(amount), 0) FROM sales').pluck().get() as number;
    totals['sales amount sum (not voided)'] = sqlite.prepare('SELECT coalesce(sum(amount), 0) FROM sales WHERE voided_at IS NULL').pluck().get() as number;
    return totals;
  } finally {
    sqlite.close();
  }
}

/** The book moved into PostgreSQL and back to a new file, both timed; throws unless every total came back equal. */
async function measureMove(file: string, temp: string, url: string, record: (f: Figure) => void): Promise<Record<string, unknown>> {
  const shown = passwordHider(url)(url);
  const back = path.join(temp, 'moved-back.db');
  const progress = (step: { step: string; table?: string; rows?: number }) => {
    if (step.step === 'copied') log(`move: copied ${step.table} (${step.rows!.toLocaleString('en')} rows)`);
    if (step.step === 'verifying') log('move: verifying');
  };
  const timed = async (from: string, to: string) => {
    const t = now();
    const moved = await moveBook({ from, to, onProgress: progress });
    if (!moved.ok) throw new Error(`Moving the book from ${passwordHider(url)(from)} to ${passwordHider(url)(to)} failed: ${moved.error.message}`);
    return { ms: now() - t, rows: moved.value.rows };
  };
  log(`move: the book to ${shown}`);
  const there = await timed(file, url);
  record(figure('book move to PostgreSQL', `regulars book move: the whole book (${there.rows.toLocaleString('en')} rows) copied and verified`, [there.ms], { max: 120_000 }));
  log('move: and back to a new file');
  const home = await timed(url, back);
  record(figure('book move back to SQLite', 'the same, from PostgreSQL to a new file, search index rebuilt', [home.ms], { max: 120_000 }));
  const before = bookTotals(file);
  const after = bookTotals(back);
  const differing = Object.keys(before).filter((key) => before[key] !== after[key]);
  if (differing.length > 0) throw new Error(`The book came back different: ${differing.map((key) => `${key} ${before[key]} → ${after[key]}`).join(', ')}`);
  log(`move: every table's rows and the sums came back identical (${Object.entries(before).map(([key, v]) => `${key} ${v.toLocaleString('en')}`).join('; ')})`);
  return { to: shown, toPostgresMs: there.ms, backMs: home.ms, rows: there.rows, identical: true, totals: before };
}

// ---------------------------------------------------------------- output

const ms = (v: number | undefined) => (v === undefined || Number.isNaN(v) ? '' : v < 10 ? v.toFixed(3) : v < 100 ? v.toFixed(2) : v.toFixed(0));

function targetText(f: Figure): string {
  const parts: string[] = [];
  if (f.target.p50 !== undefined) parts.push(`p50 ≤ ${f.target.p50} ms`);
  if (f.target.p95 !== undefined) parts.push(`p95 ≤ ${f.target.p95} ms`);
  if (f.target.max !== undefined) parts.push(`≤ ${f.target.max / 1000} s`);
  if (f.target.ratio !== undefined) parts.push(`≤ ${f.target.ratio}× floor`);
  if (f.target.mb !== undefined) parts.push(`≤ ${f.target.mb} MB`);
  return parts.join(', ') || '—';
}

export function table(figures: Figure[]): string {
  const header = ['measurement', 'n', 'p50 ms', 'p95 ms', 'max ms', 'floor p50', 'floor p95', 'ours/floor (p95)', 'target', 'met'];
  const rows = figures.map((f) =>
    f.target.mb !== undefined
      ? [f.name, '1', '', '', '', '', '', '', targetText(f), f.met ? 'yes' : 'NO'].map((c, i) => (i === 2 ? `${f.p50.toFixed(0)} MB` : c))
      : [
          f.name,
          String(f.iterations),
          ms(f.p50),
          ms(f.p95),
          ms(f.max),
          ms(f.floor?.p50),
          ms(f.floor?.p95),
          f.ratio === undefined ? '' : `${f.ratio.toFixed(2)}×`,
          targetText(f),
          f.met === null ? '' : f.met ? 'yes' : 'NO',
        ],
  );
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 || i === 8 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

export type ChildTask = 'load' | 'csv';

/**
 * Generating and loading the dataset run in processes of their own: their arrays are not the app's
 * memory, so this process's RSS is what a book of this size costs. Returns what the child printed.
 */
export function child(task: ChildTask, target: string, dataset: ConstructorParameters<typeof Dataset>[0]): unknown {
  const run = spawnSync(process.execPath, [...process.execArgv, __filename, '--child', task, target, JSON.stringify(dataset)], {
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 1 << 20,
  });
  if (run.status !== 0) throw new Error(`The benchmark's ${task} step failed (exit ${run.status ?? run.signal})`);
  return JSON.parse(run.stdout.toString('utf8'));
}

function runChild(task: ChildTask, target: string, json: string): void {
  const options = JSON.parse(json) as ConstructorParameters<typeof Dataset>[0] & { end: string };
  const dataset = new Dataset({ ...options, end: new Date(options.end) });
  if (task === 'csv') {
    process.stdout.write(JSON.stringify(writeDatasetCsv(dataset, target)));
    return;
  }
  const database = openDatabase({ file: target, defaults: shop });
  try {
    process.stdout.write(JSON.stringify(loadBulk(database, dataset, { log }).seconds));
  } finally {
    database.close();
  }
}

async function main() {
  const at = process.argv.indexOf('--child');
  if (at !== -1) return runChild(process.argv[at + 1] as ChildTask, process.argv[at + 2], process.argv[at + 3]);
  const { values } = parseArgs({
    options: {
      customers: { type: 'string' },
      sales: { type: 'string' },
      notes: { type: 'string' },
      seed: { type: 'string' },
      db: { type: 'string' },
      json: { type: 'string' },
      'dataset-out': { type: 'string' },
      iterations: { type: 'string' },
      'import-rows': { type: 'string' },
      'move-to-postgres': { type: 'string' },
      engine: { type: 'string' },
      url: { type: 'string' },
    },
    strict: true,
  });
  const parsed = flags.safeParse(values);
  if (!parsed.success) {
    console.error(parsed.error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('\n'));
    process.exit(2);
  }
  const { figures, report } = await runBench(parsed.data);
  const machine = report.machine as { nproc: number; cpu: string; memoryMB: number; node: string; sqlite: string; loadAverageAtStart: number[] };
  const onPostgres = parsed.data.engine === 'postgres' ? (report.postgres as { server: string; where: string }) : null;
  console.log(
    `Regulars benchmark${onPostgres ? ' on PostgreSQL' : ''}: ${parsed.data.customers.toLocaleString('en')} customers, ${parsed.data.sales.toLocaleString('en')} sales, ${parsed.data.notes.toLocaleString('en')} notes (seed ${parsed.data.seed})`,
  );
  const engineText = onPostgres ? `PostgreSQL ${onPostgres.server} (${onPostgres.where})` : `SQLite ${machine.sqlite}`;
  console.log(`${machine.nproc} × ${machine.cpu}, ${machine.memoryMB} MB, Node ${machine.node}, ${engineText}, load average at start ${machine.loadAverageAtStart.map((l) => l.toFixed(2)).join(' ')}\n`);
  console.log(table(figures));
  const missed = figures.filter((f) => f.met === false).map((f) => f.name);
  console.log(`\n${figures.filter((f) => f.met === true).length} targets met, ${missed.length} missed${missed.length ? `: ${missed.join(', ')}` : ''}; wall time ${(report.wallSeconds as number).toFixed(0)} s`);
  if (parsed.data.json) {
    fs.mkdirSync(path.dirname(path.resolve(parsed.data.json)), { recursive: true });
    fs.writeFileSync(parsed.data.json, `${JSON.stringify({ ...report, figures }, null, 2)}\n`);
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? (process.env.BENCH_DEBUG ? error.stack : error.message) : error);
    process.exit(1);
  });
}
