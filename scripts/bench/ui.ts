/**
 * `npm run bench:ui`: how the directory feels in a browser on a ten-year shop's book (100k customers,
 * 1M sales, 200k notes by default), measured inside the page, every figure against its target:
 *
 * 1. time from navigation to the first directory rows painted (a fresh page each time);
 * 2. from a keystroke in "Search customers" to the rows for the new text painted, p95;
 * 3. time to scroll to the last row: End on a row, and the scrollbar dragged to the bottom;
 * 4. the keystroke figure again while a 100k-row CSV import (imports.preview then imports.commit,
 *    through the dev host's HTTP API) runs in the background, with the window's longest task;
 * 5. and while a Mailchimp sync of 20,000 members runs in the dev host, against the fake Mailchimp;
 * 6. the most memory the app's own process took (the dev host, its writer and reader threads), over all of it.
 *
 *   npx tsx scripts/bench/ui.ts [--customers 100000] [--sales 1000000] [--notes 200000] [--seed 1]
 *     [--db FILE] [--json FILE] [--keystrokes 250] [--loads 3] [--import-rows 100000] [--import-rounds 3]
 *     [--key-gap 100] [--sync-members 20000] [--sync-rounds 3] [--trace FILE]
 *
 * --loads N opens the app 2N times (N times End, N times the scrollbar); each import round serves a
 * fresh copy of the book and types until the import has finished. Two more figures, without targets,
 * split the keystroke: the page's customers.list calls replayed over HTTP from Node (host and
 * database worker, no browser), and the same calls on the core in this process (the database's share).
 * The import is other people than the book's (its dataset with another seed, phones and emails
 * numbered after the book's), so rows are created, apart from those the importer combines as one
 * person; after each round the benchmark checks the import's report and the directory's new total.
 *
 * Needs the built renderer (npx electron-vite build) and Chromium at /usr/bin/chromium (or
 * CHROMIUM_PATH). The book is built as `npm run bench` builds it (the same --db FILE serves both),
 * and the dev host runs on a copy of it, a fresh copy for each import round, so a kept book never
 * changes. Progress goes to stderr, the table to stdout, --json FILE gets every sample summary.
 *
 * How a keystroke is timed, all in the page by the probe (scripts/bench/ui-probe.ts; no Playwright
 * round trip inside a measurement): a capture-phase keydown listener on the search field takes the
 * event's timeStamp; the directory marks the table's frame with data-results-for="<text>" once the
 * rows shown are that search's own (not the previous search's kept on screen); a MutationObserver
 * sees the mark, and the end is the first task after the next animation frame, i.e. once that
 * frame's rendering work is done. Keys are typed one by one with page.keyboard, at most one every
 * --key-gap ms, each after the previous one's rows are on screen (or 5 s passed); a key that leaves
 * the trimmed text as it was (a space) is not a sample.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { chromium, type Browser, type Page } from '@playwright/test';
import { buildSync } from 'esbuild';
import { z } from 'zod';
import type { InputOf, Settings } from '../../shared/contract';
import { chromiumArgs } from '../../tests/e2e/playwright.config';
import { callDevHost, devHostCommand, mustCallDevHost, startDevHost, stopDevHost, type RunningDevHost } from '../dev-host-support';
import { createCore } from '../../db/core';
import { openDatabase } from '../../db/open';
import { startDatabaseWorkers } from '../../electron/worker/client';
import { startFakeMailchimp } from '../../tests/support/fake-mailchimp';
import { importCsv } from './csv';
import { Dataset } from './dataset';
import { BENCH_END, figure, loadOrReuseBook, searchQueries, shop, summary, table, type Figure, type Sampled, type Target } from './main';
import type { FirstRows, KeySample, Seen, TakenSamples } from './ui-probe';

const root = path.resolve(__dirname, '..', '..');

const flags = z.object({
  customers: z.coerce.number().int().min(10).max(2_000_000).default(100_000),
  sales: z.coerce.number().int().min(0).max(20_000_000).default(1_000_000),
  notes: z.coerce.number().int().min(0).max(5_000_000).default(200_000),
  seed: z.coerce.number().int().default(1),
  db: z.string().min(1).optional(),
  json: z.string().min(1).optional(),
  keystrokes: z.coerce.number().int().min(10).max(5_000).default(250),
  loads: z.coerce.number().int().min(1).max(50).default(3),
  'import-rows': z.coerce.number().int().min(10).max(150_000).default(100_000),
  'import-rounds': z.coerce.number().int().min(0).max(20).default(3),
  'key-gap': z.coerce.number().int().min(0).max(2_000).default(100),
  /** Members of the Mailchimp sync typed against (5); 0 leaves it out. */
  'sync-members': z.coerce.number().int().min(0).max(200_000).default(20_000),
  /** Syncs typed against, each on a fresh copy of the book (a sync of 20,000 takes a few seconds: one gives few keys). */
  'sync-rounds': z.coerce.number().int().min(1).max(20).default(3),
  /** A Chromium performance trace of the idle typing (for the DevTools Performance panel), its JavaScript CPU profile (FILE.cpuprofile), and the same of a page load (FILE.load.json, FILE.load.cpuprofile). */
  trace: z.string().min(1).optional(),
});
type Flags = z.output<typeof flags>;

const log = (line: string) => process.stderr.write(`[bench:ui] ${line}\n`);
const epochNow = () => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// ---------------------------------------------------------------- the dev host

/** Hosts still running: stopped (their whole group) however this process ends, Ctrl+C included. */
const liveHosts = new Set<ChildProcess>();
const killGroups = () => {
  for (const child of liveHosts) {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
  }
};
process.once('exit', killGroups);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    killGroups();
    process.exit(130);
  });
}

const startHost = (dbFile: string) =>
  startDevHost(dbFile, {
    nodeEnv: 'production',
    onSpawn: (child) => {
      liveHosts.add(child);
      child.once('exit', () => liveHosts.delete(child));
    },
  });

/** A copy of the book, served by a fresh host, with the owner signed in and the shop set up as the e2e tests do. */
async function serveCopy(book: string, temp: string, round: number): Promise<{ host: RunningDevHost; file: string }> {
  const file = path.join(temp, `host-${round}.db`);
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(file + suffix, { force: true });
  fs.copyFileSync(book, file);
  const lap = performance.now();
  const host = await startHost(file);
  log(`dev host (${devHostCommand().kind}) on a copy of the book, up in ${((performance.now() - lap) / 1000).toFixed(1)} s`);
  try {
    await mustCallDevHost(host, 'auth.setupOwner', { name: 'Owner', pin: '1234' });
    // As the e2e tests' shop; no idle lock while the benchmark types.
    const settings: Partial<Settings> = { ...shop, idleLockMinutes: 0 };
    await mustCallDevHost(host, 'settings.update', settings);
  } catch (error) {
    await stopDevHost(host);
    throw error;
  }
  return { host, file };
}

/** The resident memory of a process, its threads together (the dev host and its database workers), in MB; null where Linux's /proc is not there to read. */
function residentMb(pid: number): number | null {
  try {
    const match = /^VmRSS:\s+(\d+) kB/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : null;
  } catch {
    return null;
  }
}

/** How often the host's memory is read while it serves. */
const MEMORY_EVERY_MS = 250;

/** The one dev host running at a time, each on a copy of the book of its own, and the most memory each took. */
class BookHosts {
  private running: { host: RunningDevHost; round: number; peakMb: number | null; sampler: NodeJS.Timeout } | null = null;
  /** The most resident memory each host took while it served, by round. */
  readonly peakMb = new Map<number, number>();

  constructor(
    private readonly book: string,
    private readonly temp: string,
    private readonly report: Record<string, unknown>,
  ) {}

  /** Retires the host running, if any, and serves a fresh copy of the book. */
  async serveFresh(round: number): Promise<{ host: RunningDevHost; file: string }> {
    await this.retire();
    const served = await serveCopy(this.book, this.temp, round);
    const pid = served.host.child.pid!;
    const running = {
      host: served.host,
      round,
      peakMb: residentMb(pid),
      sampler: setInterval(() => {
        const now = residentMb(pid);
        if (now !== null) running.peakMb = Math.max(running.peakMb ?? 0, now);
      }, MEMORY_EVERY_MS),
    };
    this.running = running;
    return served;
  }

  /** Stops the host running, keeping the most memory it took and what it wrote to stderr (the database workers' errors go there). */
  async retire(): Promise<void> {
    if (!this.running) return;
    const { host, round, peakMb, sampler } = this.running;
    this.running = null;
    clearInterval(sampler);
    if (peakMb !== null) this.peakMb.set(round, peakMb);
    await stopDevHost(host);
    const stderr = host.stderr();
    if (stderr.trim()) {
      this.report.hostStderr = `${(this.report.hostStderr as string | undefined) ?? ''}${stderr}`.slice(-8000);
      log(`the dev host wrote to stderr:\n${stderr.slice(-4000)}`);
    }
  }
}

// ---------------------------------------------------------------- in the page

/**
 * The probe (scripts/bench/ui-probe.ts) compiled into one plain script for the page, written to
 * `dir`. esbuild, not tsx: tsx's transform keeps function names with a helper the page lacks.
 */
function buildProbe(dir: string): string {
  const outfile = path.join(dir, 'ui-probe.js');
  buildSync({ entryPoints: [path.join(__dirname, 'ui-probe.ts')], outfile, bundle: true, format: 'iife', platform: 'browser', target: 'es2022', logLevel: 'warning' });
  return outfile;
}

/** The browser the phases share, with the probe they add to every page, and what it complained about. */
interface UiBench {
  options: Flags;
  browser: Browser;
  probe: string;
  problems: string[];
  record(f: Figure): void;
}

const searchField = (page: Page) => page.getByLabel('Search customers', { exact: true });

async function openApp(bench: UiBench, url: string): Promise<Page> {
  const page = await bench.browser.newPage({ viewport: { width: 1280, height: 800 }, locale: 'en-GB' });
  page.on('pageerror', (error) => bench.problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') bench.problems.push(`console error: ${message.text()}`);
  });
  await page.addInitScript({ path: bench.probe });
  await page.goto(url);
  return page;
}

async function firstRows(page: Page): Promise<FirstRows> {
  // Evaluated over CDP: the page's CSP (no eval) does not apply to it, unlike waitForFunction's.
  const seen = page.evaluate(() => window.__bench!.whenFirstRows);
  const timeout = sleep(60_000).then(() => {
    throw new Error('No directory rows within 60 s of opening the app');
  });
  return Promise.race([seen, timeout]);
}

/** How many rows the directory has (its table says so for screen readers: rows + the header). */
async function directoryTotal(page: Page): Promise<number> {
  const count = await page.getByRole('table', { name: 'Customers' }).getAttribute('aria-rowcount');
  return Number(count) - 1;
}

/**
 * Types each query a key at a time, then Escape (which empties the field), until `enough` says so.
 * Each key waits for the previous one's rows (up to 5 s) and for `gap` ms since the previous key.
 */
async function typeQueries(page: Page, queries: Iterator<string>, gap: number, enough: () => boolean | Promise<boolean>): Promise<{ queries: string[]; timeouts: number }> {
  const typed: string[] = [];
  let timeouts = 0;
  let last = 0;
  const press = async (key: string, type: boolean) => {
    const wait = last + gap - performance.now();
    if (wait > 0) await sleep(wait);
    last = performance.now();
    if (type) await page.keyboard.type(key);
    else await page.keyboard.press(key);
    if (!(await page.evaluate(() => window.__bench!.idle(5000)))) timeouts++;
  };
  while (!(await enough())) {
    const next = queries.next();
    if (next.done) throw new Error('Ran out of search queries');
    typed.push(next.value);
    for (const ch of next.value) {
      await press(ch, true);
      if (await enough()) break;
    }
    await press('Escape', false);
  }
  return { queries: typed, timeouts };
}

/** Queries as staff type them, each kind in turn, ASCII only (Playwright types other characters without a keydown). */
function* queryStream(sample: Sampled[], seed: number): Generator<string> {
  const q = searchQueries(sample, seed, 400);
  const whole = sample
    .filter((c) => c.last_name)
    .map((c) => c.last_name!.split(/[\s-]/)[0])
    .filter((w, i, all) => w.length >= 4 && all.indexOf(w) === i);
  const kinds = [q.namePrefix, q.nameFragment, q.phone4, whole, q.phone7, q.emailFragment];
  const ascii = (s: string) => /^[\x20-\x7e]+$/.test(s) && s.trim() !== '';
  const seen = new Set<string>();
  for (let i = 0; ; i++) {
    let any = false;
    for (const list of kinds) {
      const s = list[i];
      if (s === undefined) continue;
      any = true;
      if (!ascii(s) || seen.has(s.toLowerCase())) continue;
      seen.add(s.toLowerCase());
      yield s;
    }
    if (!any) return;
  }
}

// ---------------------------------------------------------------- preparing the run

/** The most recently changed source file under these folders of the repo. */
function newestSource(folders: string[]): { file: string; mtime: Date } | null {
  let best: { file: string; mtime: Date } | null = null;
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.(tsx?|css|html|sql)$/.test(entry.name)) {
        const mtime = fs.statSync(full).mtime;
        if (!best || mtime > best.mtime) best = { file: path.relative(root, full), mtime };
      }
    }
  };
  for (const folder of folders) if (fs.existsSync(path.join(root, folder))) walk(path.join(root, folder));
  return best;
}

/** When the renderer in out/ was built; it must exist, and sources newer than it get a warning. */
function rendererBuiltAt(): Date {
  const index = path.join(root, 'out', 'renderer', 'index.html');
  if (!fs.existsSync(index)) throw new Error(`There is no built renderer at ${index}: run npx electron-vite build first`);
  const builtAt = fs.statSync(index).mtime;
  // The build is what runs (the renderer, and the host's database workers when built): say when the sources are newer.
  const newest = newestSource(['renderer', 'shared', 'db', 'electron']);
  if (newest && newest.mtime > builtAt) log(`warning: ${newest.file} changed after the build in out/ (${builtAt.toISOString()}): run npx electron-vite build to measure it`);
  return builtAt;
}

/** Active customers to search for: every so many of the book's, up to 4,000. */
function sampleActiveCustomers(book: string, customers: number): Sampled[] {
  const db = new Database(book, { readonly: true });
  try {
    return db
      .prepare("SELECT id, first_name, last_name, phone_e164, email, status FROM customers WHERE id % ? = 0 AND status = 'active' LIMIT 4000")
      .all(Math.max(1, Math.floor(customers / 4000))) as Sampled[];
  } finally {
    db.close();
  }
}

/** The import: other people than the book's (phones and emails numbered after it), as a shop's spreadsheet. */
function importFile(options: Flags) {
  const rows = options['import-rows'];
  const fresh = new Dataset({ customers: rows, sales: 0, notes: 0, seed: options.seed + 1, end: BENCH_END, numberOffset: options.customers + 1_000 });
  const csv = importCsv(fresh.customers());
  const input = { fileName: 'new-customers.csv', contentBase64: Buffer.from(csv).toString('base64'), onDuplicate: 'skip' as const };
  return { rows, input, bytes: Buffer.byteLength(csv) };
}
type ImportFile = ReturnType<typeof importFile>;

// ---------------------------------------------------------------- the measurements

function keyFigure(name: string, what: string, samples: KeySample[], target: Target, extra: Record<string, unknown>): Figure {
  const painted = samples.map((s) => s.paint - s.t0);
  const dom = summary(samples.map((s) => s.dom - s.t0));
  const typing = samples.filter((s) => s.after !== '').map((s) => s.paint - s.t0);
  const clearing = samples.filter((s) => s.after === '').map((s) => s.paint - s.t0);
  // Where the time goes, for keys whose rows needed a call: keydown to the call sent (React's
  // renders and the query's scheduling), the call (HTTP, host, database worker), its answer to the
  // rows in the DOM (React), and the DOM to the frame painted.
  const called = samples.filter((s) => s.callStart !== null && s.callEnd !== null && s.callEnd <= s.dom);
  const part = (f: (s: KeySample) => number) => {
    const { p50, p95 } = summary(called.map(f));
    return { p50, p95 };
  };
  return figure(name, what, painted, target, undefined, {
    domP50: dom.p50,
    domP95: dom.p95,
    parts: {
      n: called.length,
      fromCache: samples.filter((s) => s.callStart === null).length,
      keyToCall: part((s) => s.callStart! - s.t0),
      call: part((s) => s.callEnd! - s.callStart!),
      answerToDom: part((s) => s.dom - s.callEnd!),
      domToPaint: part((s) => s.paint - s.dom),
    },
    typingKeys: { n: typing.length, ...summary(typing) },
    clearingKeys: { n: clearing.length, ...summary(clearing) },
    superseded: samples.filter((s) => s.superseded).length,
    over: { 50: painted.filter((t) => t > 50).length, 150: painted.filter((t) => t > 150).length, 1000: painted.filter((t) => t > 1000).length },
    ...extra,
  });
}

/**
 * 1 and 3: fresh page loads to the first rows, each then taken to the last row, by End on a row
 * (even loads) or by the scrollbar dragged to the bottom (odd loads).
 */
async function measureLoadsAndScrolling(bench: UiBench, url: string): Promise<void> {
  const loads: FirstRows[] = [];
  const endKey: number[] = [];
  const jump: number[] = [];
  let total = 0;
  for (let i = 0; i < bench.options.loads * 2; i++) {
    const page = await openApp(bench, url);
    loads.push(await firstRows(page));
    total = await directoryTotal(page);
    const last = `tbody tr.directory-row[aria-rowindex="${total + 1}"]`;
    await page.evaluate((selector) => window.__bench!.arm(selector, 30000), last);
    let took: number;
    if (i % 2 === 0) {
      // The keyboard: End on a row goes to the very last one.
      await page.locator('tbody tr.directory-row').first().focus();
      await page.keyboard.press('End');
      const seen: Seen | null = await page.evaluate(() => window.__bench!.armed);
      if (!seen || seen.lastKey?.key !== 'End') throw new Error('The last row did not show after End');
      took = seen.paint - seen.lastKey.t0;
      endKey.push(took);
    } else {
      // The scrollbar dragged to the bottom in one go.
      const t0 = await page.evaluate(() => window.__bench!.jumpToBottom());
      const seen: Seen | null = await page.evaluate(() => window.__bench!.armed);
      if (!seen) throw new Error('The last row did not show after scrolling to the bottom');
      took = seen.paint - t0;
      jump.push(took);
    }
    log(`load ${i + 1}: first rows painted at ${loads[i].paint.toFixed(0)} ms; last row (${i % 2 === 0 ? 'End' : 'scrollbar'}) in ${took.toFixed(0)} ms`);
    await page.close();
  }
  bench.record(
    // Issue 16's targets, here and for the keystrokes below.
    figure('ui.first_rows', 'navigation to the first directory rows painted, a fresh page each time (the first on a just-started host)', loads.map((l) => l.paint), { max: 400 }, undefined, {
      firstLoadMs: loads[0].paint,
      // Medians over the loads: the page's DOMContentLoaded (scripts run), the first customers.list sent and answered, the rows in the DOM.
      parts: Object.fromEntries(
        (['htmlLoaded', 'domContentLoaded', 'listSent', 'listAnswered'] as const).map((k) => [k, summary(loads.map((l) => l.parts[k] ?? Number.NaN)).p50]),
      ),
      domP50: summary(loads.map((l) => l.dom)).p50,
    }),
  );
  bench.record(figure('ui.scroll_end_key', `End on the first row to the last row (${total.toLocaleString('en')}) painted`, endKey, {}, undefined, { rows: total }));
  bench.record(figure('ui.scroll_to_bottom', 'scrollbar to the bottom in one go, to the last row painted', jump, {}, undefined, { rows: total }));
}

/** --trace: one more load, not counted, with the JavaScript profiler on from before navigation. */
async function tracePageLoad(bench: UiBench, url: string, trace: string): Promise<void> {
  const { browser } = bench;
  const traced = await browser.newPage({ viewport: { width: 1280, height: 800 }, locale: 'en-GB' });
  const session = await traced.context().newCDPSession(traced);
  await session.send('Profiler.enable');
  await session.send('Profiler.setSamplingInterval', { interval: 200 });
  await session.send('Profiler.start');
  await browser.startTracing(traced, { path: `${trace}.load.json`, screenshots: false });
  await traced.addInitScript({ path: bench.probe });
  await traced.goto(url);
  const seen = await firstRows(traced);
  await browser.stopTracing();
  const { profile } = await session.send('Profiler.stop');
  fs.writeFileSync(`${trace}.load.cpuprofile`, JSON.stringify(profile));
  log(`a page load (first rows at ${seen.paint.toFixed(0)} ms): trace in ${trace}.load.json, JavaScript CPU profile in ${trace}.load.cpuprofile`);
  await traced.close();
}

/** 2: --keystrokes keys typed in the search field of an idle app (traced with --trace); returns the customers.list calls the page made. */
async function measureIdleTyping(bench: UiBench, url: string, queries: Iterator<string>): Promise<InputOf<'customers.list'>[]> {
  const { browser, options } = bench;
  const page = await openApp(bench, url);
  await firstRows(page);
  await searchField(page).focus();
  await page.evaluate(() => window.__bench!.takeSamples());
  await page.evaluate(() => window.__bench!.startFrames());
  const cdp = options.trace ? await page.context().newCDPSession(page) : null;
  if (options.trace && cdp) {
    await browser.startTracing(page, { path: options.trace, screenshots: false });
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
    await cdp.send('Profiler.start');
  }
  const idleRun = await typeQueries(page, queries, options['key-gap'], async () => (await page.evaluate(() => window.__bench!.samples.length)) >= options.keystrokes);
  if (options.trace && cdp) {
    const { profile } = await cdp.send('Profiler.stop');
    fs.writeFileSync(`${options.trace}.cpuprofile`, JSON.stringify(profile));
    await browser.stopTracing();
    log(`trace of the idle typing written to ${options.trace}, its JavaScript CPU profile to ${options.trace}.cpuprofile`);
  }
  const idleFrames = await page.evaluate(() => window.__bench!.stopFrames());
  const idleCalls = await page.evaluate(() => window.__bench!.calls.map((c) => c.input));
  const idleTaken: TakenSamples = await page.evaluate(() => window.__bench!.takeSamples());
  bench.record(
    keyFigure('ui.search_keystroke', 'keydown in "Search customers" to the rows for the new text painted (typing and clearing), idle', idleTaken.samples, { p50: 30, p95: 50 }, {
      queries: idleRun.queries.length,
      examples: idleRun.queries.slice(0, 12),
      timeouts: idleRun.timeouts,
      pendingAtEnd: idleTaken.pending,
      keysNotChangingText: idleTaken.unchanged,
      frames: idleFrames,
    }),
  );
  await page.close();
  return idleCalls;
}

/**
 * The same customers.list calls the page made, again from here over HTTP, one at a time (warm, as
 * the page's were): what the host and the core take, without the browser. Then in this process,
 * straight on the core, on the host's copy of the book.
 */
/**
 * The book opened as a host opens it, in the build's two worker threads, until the first screen's
 * calls (who is signed in, the first directory page) are answered; and, apart, until the writer's
 * check of every page (SQLite's quick_check, done after the open) has finished. On a copy of the
 * book, freshly written, so the OS has its pages in memory, as on a PC that opened it before.
 */
async function measureBookOpen(record: (f: Figure) => void, book: string, temp: string, runs = 5): Promise<void> {
  const file = path.join(temp, 'open.db');
  fs.copyFileSync(book, file);
  const toFirstScreen: number[] = [];
  const toChecked: number[] = [];
  for (let run = 0; run < runs; run++) {
    const started = performance.now();
    const workers = await startDatabaseWorkers({
      workerFile: path.join(root, 'out', 'main', 'db-worker.js'),
      location: file,
      migrationsFolder: path.join(root, 'db', 'migrations'),
      // As the built host starts them: without the tsx this benchmark runs under, which a worker would load too.
      execArgv: [],
    });
    try {
      const [status, page] = await Promise.all([workers.call('auth.status', {}, null), workers.call('customers.list', { limit: 60 }, { id: 1, role: 'owner' })]);
      toFirstScreen.push(performance.now() - started);
      if (!status.ok || !page.ok) throw new Error(`The first screen's calls failed on the opened book: ${JSON.stringify(status.ok ? page : status)}`);
      const damaged = await workers.integrity;
      toChecked.push(performance.now() - started);
      if (damaged !== null) throw new Error(`The writer found the bench book damaged: ${damaged}`);
    } finally {
      await workers.close();
    }
  }
  fs.rmSync(file, { force: true });
  record(figure('ui.open_book', "open the book in the host's worker threads (the build's) → the first screen's calls answered", toFirstScreen, { max: 300 }));
  record(figure('ui.open_book_checked', '… → the check of every page after the open done (writes wait for it)', toChecked, {}));
}

async function measureSearchCalls(bench: UiBench, host: RunningDevHost, hostFile: string, calls: InputOf<'customers.list'>[]): Promise<void> {
  const inputs = calls.slice(0, 400);
  const times: number[] = [];
  for (const input of inputs) {
    const t = performance.now();
    await mustCallDevHost(host, 'customers.list', input);
    times.push(performance.now() - t);
  }
  bench.record(figure('ui.search_call_http', "the page's customers.list calls for those keys, replayed from Node over HTTP (host + database worker, no browser)", times, {}));
  // Opened read-only, as the host's reader opens it.
  const database = openDatabase({ file: hostFile, readonly: true });
  try {
    const core = createCore(database);
    for (const input of inputs) core.call('customers.list', input);
    const coreTimes: number[] = [];
    for (const input of inputs) {
      const t = performance.now();
      const result = core.call('customers.list', input);
      coreTimes.push(performance.now() - t);
      if (!result.ok) throw new Error(`customers.list: ${result.error.message}`);
    }
    bench.record(figure('ui.search_call_core', 'the same calls on the core in this process (warm): the database share', coreTimes, {}));
  } finally {
    database.close();
  }
}

type ImportPhase = 'before' | 'preview' | 'commit' | 'after';
type ImportKeySample = KeySample & { phase: ImportPhase; round: number };
/** What an import round saw, for --json; its two timings make figures of their own. */
type RoundReport = Record<string, unknown> & { previewMs: number; commitMs: number };

/**
 * One import round: keys typed in a warm page while the import runs (imports.preview, then
 * imports.commit), until it has finished. Checks what the import did, and returns the keys typed
 * during it and what the round saw.
 */
async function typeDuringImport(
  bench: UiBench,
  host: RunningDevHost,
  queries: Iterator<string>,
  file: ImportFile,
  round: number,
): Promise<{ counted: ImportKeySample[]; info: RoundReport }> {
  const gap = bench.options['key-gap'];
  const before = (await mustCallDevHost(host, 'customers.list', { limit: 1 })).total;
  const page = await openApp(bench, host.url);
  await firstRows(page);
  await searchField(page).focus();
  // A few keys first, so the page and the reader are as warm as in the idle run.
  let warm = 0;
  await typeQueries(page, queries, gap, () => warm++ >= 3);
  await page.evaluate(() => window.__bench!.takeSamples());
  await page.evaluate(() => window.__bench!.startFrames());

  const times: Record<string, number> = {};
  let importRunning = true;
  const importing = (async () => {
    times.previewStart = epochNow();
    const preview = await mustCallDevHost(host, 'imports.preview', file.input);
    times.previewEnd = epochNow();
    times.commitStart = epochNow();
    const committed = await callDevHost(host, 'imports.commit', file.input);
    times.commitEnd = epochNow();
    return { preview, committed };
  })().finally(() => (importRunning = false));
  importing.catch(() => undefined); // awaited below, after the typing stops

  const typing = await typeQueries(page, queries, gap, () => !importRunning);
  const { preview, committed } = await importing;
  const frames = await page.evaluate(() => window.__bench!.stopFrames());
  await page.evaluate(() => window.__bench!.idle(5000));
  const taken: TakenSamples = await page.evaluate(() => window.__bench!.takeSamples());
  const longTasks = await page.evaluate(() => window.__bench!.longTasks);
  await page.close();

  // Did it work? Every row created or combined into another row of the file, nothing else.
  if (!committed.ok) throw new Error(`imports.commit failed: ${committed.error.code}: ${committed.error.message}`);
  const result = committed.value;
  const after = (await mustCallDevHost(host, 'customers.list', { limit: 1 })).total;
  if (result.errors.length > 0 || result.created + result.skipped !== file.rows || result.created !== preview.counts.create || after !== before + result.created) {
    throw new Error(`The import went wrong: ${JSON.stringify({ ...result, errors: result.errors.slice(0, 3), previewCounts: preview.counts, before, after })}`);
  }

  // Each keystroke placed against the import by the wall clock (page time + its origin).
  const at = (t: number) => taken.timeOrigin + t;
  const phaseOf = (epoch: number): ImportPhase => (epoch < times.previewStart ? 'before' : epoch < times.previewEnd ? 'preview' : epoch < times.commitEnd ? 'commit' : 'after');
  const inRound = taken.samples.map((s) => ({ ...s, phase: phaseOf(at(s.t0)), round }));
  const counted = inRound.filter((s) => s.phase === 'preview' || s.phase === 'commit');
  const toPage = (epoch: number) => epoch - taken.timeOrigin;
  const tasks = longTasks.filter(([start, duration]) => start + duration >= toPage(times.previewStart) && start <= toPage(times.commitEnd));
  const info = {
    round,
    previewMs: times.previewEnd - times.previewStart,
    commitMs: times.commitEnd - times.commitStart,
    created: result.created,
    combined: result.skipped,
    before,
    after,
    keystrokes: {
      typed: inRound.length,
      duringPreview: inRound.filter((s) => s.phase === 'preview').length,
      duringCommit: inRound.filter((s) => s.phase === 'commit').length,
      afterImport: inRound.filter((s) => s.phase === 'after').length,
      rowsShownBeforeImportEnded: counted.filter((s) => at(s.paint) <= times.commitEnd).length,
      timeouts: typing.timeouts,
    },
    window: { frames, longTasks: tasks.length, longestTaskMs: Math.max(0, ...tasks.map(([, d]) => d)) },
  };
  log(
    `import round ${round}: preview ${(info.previewMs / 1000).toFixed(1)} s, commit ${(info.commitMs / 1000).toFixed(1)} s, ${result.created} created, ${result.skipped} combined; ` +
      `${info.keystrokes.duringPreview} keys during preview, ${info.keystrokes.duringCommit} during commit; longest task ${info.window.longestTaskMs.toFixed(0)} ms`,
  );
  return { counted, info };
}

/** 4: the keystroke figure while an import runs, over --import-rounds rounds; the first on `firstHost`, each next one on a fresh copy. */
async function measureTypingDuringImports(bench: UiBench, hosts: BookHosts, firstHost: RunningDevHost, queries: Iterator<string>, file: ImportFile): Promise<void> {
  const rounds = bench.options['import-rounds'];
  const during: ImportKeySample[] = [];
  const reports: RoundReport[] = [];
  for (let round = 1; round <= rounds; round++) {
    const host = round === 1 ? firstHost : (await hosts.serveFresh(round)).host;
    const { counted, info } = await typeDuringImport(bench, host, queries, file, round);
    during.push(...counted);
    reports.push(info);
  }
  if (rounds === 0) return;
  const preview = during.filter((s) => s.phase === 'preview');
  const commit = during.filter((s) => s.phase === 'commit');
  const lat = (list: KeySample[]) => ({ n: list.length, ...summary(list.map((s) => s.paint - s.t0)) });
  bench.record(
    keyFigure('ui.search_keystroke_import', `the same, while a ${file.rows.toLocaleString('en')}-row CSV import runs (imports.preview then imports.commit over HTTP)`, during, { p95: 100 }, {
      duringPreview: lat(preview),
      duringCommit: lat(commit),
      rounds: reports,
    }),
  );
  bench.record(figure('ui.import_preview', 'imports.preview of that file over HTTP, as the benchmark saw it', reports.map((r) => r.previewMs), {}));
  bench.record(figure('ui.import_commit', 'imports.commit of that file over HTTP, as the benchmark saw it', reports.map((r) => r.commitMs), {}));
}

interface SyncRound {
  syncMs: number;
  members: number;
  maxConnections: number;
  keys: number;
}

/**
 * One round of 5: a fresh copy of the book keeps --sync-members of its subscribers subscribed, is
 * connected to the tests' fake Mailchimp on 127.0.0.1 (each batch answered after a network-like
 * delay), and is synced while keys are typed; answers the keys typed until the sync ended.
 */
async function typeDuringSync(bench: UiBench, hosts: BookHosts, queries: Iterator<string>, round: number): Promise<{ during: KeySample[]; info: SyncRound }> {
  const members = bench.options['sync-members'];
  const { host, file } = await hosts.serveFresh(100 + round);
  const db = new Database(file);
  db.pragma('busy_timeout = 10000');
  db.prepare(
    `UPDATE customers SET email_consent = 'not_asked' WHERE email_consent = 'subscribed'
       AND id NOT IN (SELECT id FROM customers WHERE email_consent = 'subscribed' AND email IS NOT NULL AND status = 'active' ORDER BY id LIMIT ?)`,
  ).run(members);
  db.close();
  const fake = await startFakeMailchimp();
  fake.batchDelayMs = 50;
  try {
    fake.addList('bench', 'Bench audience');
    await mustCallDevHost(host, 'mailchimp.connect', { apiKey: fake.apiKey, apiBase: fake.apiBase, audienceId: 'bench' });
    const page = await openApp(bench, host.url);
    await firstRows(page);
    await searchField(page).focus();
    let warm = 0;
    await typeQueries(page, queries, bench.options['key-gap'], () => warm++ >= 3);
    await page.evaluate(() => window.__bench!.takeSamples());

    const started = epochNow();
    await mustCallDevHost(host, 'mailchimp.sync', {});
    let running = true;
    const watching = (async () => {
      while (running) {
        running = (await mustCallDevHost(host, 'mailchimp.status', {})).running !== null;
        if (running) await sleep(250);
      }
    })();
    await typeQueries(page, queries, bench.options['key-gap'], () => !running);
    await watching;
    const syncMs = epochNow() - started;
    const taken: TakenSamples = await page.evaluate(() => window.__bench!.takeSamples());
    await page.close();
    const [run] = (await mustCallDevHost(host, 'mailchimp.status', {})).runs;
    const sent = fake.members('bench').length;
    if (run?.outcome !== 'done' || run.counts.failed > 0 || sent !== run.counts.added) throw new Error(`The sync went wrong: ${JSON.stringify({ run, sent })}`);
    const during = taken.samples.filter((s) => taken.timeOrigin + s.t0 <= started + syncMs);
    log(`sync round ${round}: ${sent.toLocaleString('en')} members in ${(syncMs / 1000).toFixed(1)} s, at most ${fake.maxOpen()} connections at once; ${during.length} keys typed meanwhile`);
    return { during, info: { syncMs, members: sent, maxConnections: fake.maxOpen(), keys: during.length } };
  } finally {
    await fake.close();
  }
}

/** 5: the keystroke figure while a Mailchimp sync of --sync-members members runs in the background of the dev host, over --sync-rounds rounds. */
async function measureTypingDuringSync(bench: UiBench, hosts: BookHosts, queries: Iterator<string>): Promise<void> {
  if (bench.options['sync-members'] === 0) return;
  const during: KeySample[] = [];
  const rounds: SyncRound[] = [];
  for (let round = 1; round <= bench.options['sync-rounds']; round++) {
    const typed = await typeDuringSync(bench, hosts, queries, round);
    during.push(...typed.during);
    rounds.push(typed.info);
  }
  const members = Math.max(...rounds.map((r) => r.members));
  bench.record(
    keyFigure(
      'ui.search_keystroke_sync',
      `the same, while a Mailchimp sync of ${members.toLocaleString('en')} members runs (the fake Mailchimp, 50 ms a batch; ${rounds.length} syncs)`,
      during,
      { p95: 150 },
      { rounds },
    ),
  );
}

/** 6: the most memory the app's own process took (the dev host with its writer and reader threads), over every host the benchmark ran. */
function recordMemory(hosts: BookHosts, record: (f: Figure) => void): void {
  if (hosts.peakMb.size === 0) {
    log("the hosts' memory was not read: no /proc here");
    return;
  }
  const peak = Math.max(...hosts.peakMb.values());
  const byRound = Object.fromEntries([...hosts.peakMb].map(([round, mb]) => [round, Math.round(mb)]));
  log(`the dev host's resident memory at its most, by round: ${JSON.stringify(byRound)} MB`);
  record({
    ...figure('ui.app_rss', "the dev host's resident memory at its most (its main thread, writer and reader together), read every 250 ms over every round (MB)", [peak], { mb: 300 }, undefined, { byRound }),
    met: peak <= 300,
  });
}

function machineReport(loadAverageAtStart: number[]): Record<string, unknown> {
  return {
    nproc: os.availableParallelism?.() ?? os.cpus().length,
    cpu: os.cpus()[0]?.model,
    memoryMB: Math.round(os.totalmem() / 1024 / 1024),
    node: process.version,
    loadAverageAtStart,
    loadAverageAtEnd: os.loadavg(),
  };
}

// ---------------------------------------------------------------- the run

export async function runUiBench(options: Flags): Promise<{ figures: Figure[]; report: Record<string, unknown> }> {
  const started = performance.now();
  const loadAverageAtStart = os.loadavg();
  const builtAt = rendererBuiltAt();
  const temp = fs.mkdtempSync(path.join(os.tmpdir(), 'regulars-bench-ui-'));
  const book = path.resolve(options.db ?? path.join(temp, 'bench.db'));
  const figures: Figure[] = [];
  const report: Record<string, unknown> = { renderer: { builtAt: builtAt.toISOString() }, host: devHostCommand().kind };
  const problems: string[] = [];
  const record = (f: Figure) => {
    figures.push(f);
    const unit = f.target.mb === undefined ? 'ms' : 'MB';
    log(`${f.name}: n ${f.iterations}, p50 ${f.p50.toFixed(1)} ${unit}, p95 ${f.p95.toFixed(1)} ${unit}, max ${f.max.toFixed(1)} ${unit}`);
  };
  const hosts = new BookHosts(book, temp, report);
  let browser: Browser | null = null;

  try {
    // The same book, and the same stamp, as npm run bench: either reuses the other's --db FILE.
    const load = loadOrReuseBook(book, options, log);
    report.load = load.reused ? { reused: true } : { reused: false, seconds: load.seconds };
    const queries = queryStream(sampleActiveCustomers(book, options.customers), options.seed);
    const file = importFile(options);
    report.importFile = { rows: file.rows, bytes: file.bytes, base64Bytes: file.input.contentBase64.length };

    await measureBookOpen(record, book, temp);
    browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: chromiumArgs, headless: true });
    report.chromium = browser.version();
    const bench: UiBench = { options, browser, probe: buildProbe(temp), problems, record };

    const first = await hosts.serveFresh(0);
    await measureLoadsAndScrolling(bench, first.host.url);
    if (options.trace) await tracePageLoad(bench, first.host.url, options.trace);
    const idleCalls = await measureIdleTyping(bench, first.host.url, queries);
    await measureSearchCalls(bench, first.host, first.file, idleCalls);
    await measureTypingDuringImports(bench, hosts, first.host, queries, file);
    await measureTypingDuringSync(bench, hosts, queries);
  } finally {
    if (browser) await browser.close().catch(() => undefined);
    await hosts.retire();
    fs.rmSync(temp, { recursive: true, force: true });
  }
  recordMemory(hosts, record);
  report.browserProblems = problems;
  report.wallSeconds = (performance.now() - started) / 1000;
  report.machine = machineReport(loadAverageAtStart);
  report.options = { ...options, end: BENCH_END.toISOString() };
  return { figures, report };
}

async function main() {
  const { values } = parseArgs({
    options: Object.fromEntries(Object.keys(flags.shape).map((k) => [k, { type: 'string' as const }])),
    strict: true,
  });
  const parsed = flags.safeParse(values);
  if (!parsed.success) {
    console.error(parsed.error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('\n'));
    process.exit(2);
  }
  const { figures, report } = await runUiBench(parsed.data);
  const machine = report.machine as { nproc: number; cpu: string; memoryMB: number; node: string; loadAverageAtStart: number[] };
  const o = parsed.data;
  console.log(`Regulars UI benchmark: ${o.customers.toLocaleString('en')} customers, ${o.sales.toLocaleString('en')} sales, ${o.notes.toLocaleString('en')} notes (seed ${o.seed}), Chromium ${report.chromium}, dev host ${report.host}`);
  console.log(`${machine.nproc} × ${machine.cpu}, ${machine.memoryMB} MB, Node ${machine.node}, load average at start ${machine.loadAverageAtStart.map((l) => l.toFixed(2)).join(' ')}\n`);
  console.log(table(figures));
  const missed = figures.filter((f) => f.met === false).map((f) => f.name);
  console.log(`\n${figures.filter((f) => f.met === true).length} targets met, ${missed.length} missed${missed.length ? `: ${missed.join(', ')}` : ''}; wall time ${(report.wallSeconds as number).toFixed(0)} s`);
  const problems = report.browserProblems as string[];
  if (problems.length > 0) console.log(`\nThe browser reported ${problems.length} problem(s), first: ${problems[0]}`);
  if (o.json) {
    fs.mkdirSync(path.dirname(path.resolve(o.json)), { recursive: true });
    fs.writeFileSync(o.json, `${JSON.stringify({ ...report, figures }, null, 2)}\n`);
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    const cause = error instanceof Error && error.cause instanceof Error ? ` (${error.cause.message})` : '';
    console.error(error instanceof Error ? `${process.env.BENCH_DEBUG ? error.stack : error.message}${cause}` : error);
    process.exit(1);
  });
}
