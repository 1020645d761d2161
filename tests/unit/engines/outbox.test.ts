import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import pg from 'pg';
import { afterAll, describe, expect, it, onTestFinished, vi } from 'vitest';
import { openBook } from '../../../db/book';
import { openTill, outboxFileFor } from '../../../db/outbox';
import { startDatabaseWorkers } from '../../../electron/worker/client';
import { isQueued, type QueuedWrite } from '../../../shared/contract';
import type { Result } from '../../../shared/result';
import { postgresMigrationsFolder, skipPostgres } from '../../support/postgres-book';
import { clusterUrl, findPostgresBinaries, isServerRunning, pauseServer, resumeServer, startCluster, stopCluster, type PostgresCluster } from '../../support/postgres-cluster';
import { bundled, migrationsFolder, ownerActor, repoRoot, tempDir, value } from '../helpers';


/**
 * The tests' own server, which they stop and start again (the suite's shared one must stay up): one
 * for the file, started once (an initdb is seconds on two cores), each test on a database of its own.
 */
let ownServer: PostgresCluster | undefined;
let databases = 0;
afterAll(() => {
  if (ownServer) stopCluster(ownServer);
});

/** A new shared book's database on the tests' own server, running again when the test ends even if it failed paused. */
async function bookOnOwnServer(): Promise<{ cluster: PostgresCluster; url: string }> {
  ownServer ??= startCluster(findPostgresBinaries()!);
  const cluster = ownServer;
  onTestFinished(() => {
    if (!isServerRunning(cluster)) resumeServer(cluster);
  });
  const name = `shop_${++databases}`;
  const admin = new pg.Client({ connectionString: clusterUrl(cluster.dir, 'postgres') });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  return { cluster, url: clusterUrl(cluster.dir, name) };
}

/** Rows read straight from the server, as another PC would see the book. */
async function rowsOf<T extends pg.QueryResultRow>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

/** The answer to a kept write the test expects kept at the till (the server is down). */
function queued<T>(result: Result<T | QueuedWrite>): QueuedWrite {
  const answer = value(result);
  if (!isQueued(answer)) throw new Error('Expected the write to be kept at the till, but the book recorded it');
  return answer;
}

// An outbox stands in front of a shared book only: PostgreSQL. Skipped exactly when describeEngines skips its PostgreSQL half.
describe.skipIf(skipPostgres)('a till whose shared book goes out of reach [postgres]', () => {
  it('keeps the sales typed meanwhile and sends them when the server is back: every acknowledged sale is in the book once', async () => {
    const { cluster, url } = await bookOnOwnServer();
    const book = await openBook(url, { migrationsFolders: { postgres: postgresMigrationsFolder } });
    const ama = value(await book.core.handle('customers.create', { firstName: 'Ama' }, { id: 1, role: 'owner' }));
    await book.close();

    const till = spawn(process.execPath, [bundled('outboxTill'), url, postgresMigrationsFolder, path.join(tempDir(), 'outbox.db'), String(ama.id)], {
      cwd: repoRoot,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let errors = '';
    till.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => till.on('exit', resolve));
    const lines = readline.createInterface({ input: till.stdout })[Symbol.asyncIterator]();
    const nextLine = async () => {
      const line = await lines.next();
      if (line.done) throw new Error(`The till stopped: ${errors}`);
      return line.value;
    };
    const acknowledged: string[] = [];
    /** Rings up `count` sales, one at a time, and gives back how each was acknowledged. */
    const sell = async (count: number) => {
      const answers: string[] = [];
      for (let i = 0; i < count; i++) {
        till.stdin.write('go\n');
        const [how, ref] = (await nextLine()).split(' ');
        acknowledged.push(ref);
        answers.push(how);
      }
      return answers;
    };

    expect(await sell(5)).toEqual(Array(5).fill('recorded'));
    pauseServer(cluster);
    expect(await sell(8)).toEqual(Array(8).fill('queued'));
    resumeServer(cluster);
    // The first sale after the server is back sends the eight waiting before it, then goes itself.
    expect(await sell(4)).toEqual(Array(4).fill('recorded'));
    till.stdin.end('flush\n');
    expect(JSON.parse((await nextLine()).replace(/^flushed /, ''))).toEqual({ sent: 0, refused: 0, waiting: 0 });
    // Nothing was refused on the way: a sale sent twice would be, as already recorded.
    expect(await nextLine()).toBe('done {"refused":[]}');
    expect(await exited).toBe(0);

    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const stored = (await client.query<{ ref: string; count: string }>('SELECT ref, count(*) AS count FROM sales GROUP BY ref ORDER BY min(id)')).rows;
    const totals = (await client.query<{ purchase_count: number }>('SELECT purchase_count FROM customers WHERE id = $1', [ama.id])).rows[0];
    await client.end();
    expect(stored.map((row) => row.ref)).toEqual(acknowledged);
    expect(stored.every((row) => Number(row.count) === 1)).toBe(true);
    expect(Number(totals.purchase_count)).toBe(17);
  }, 120_000);

  it('keeps notes as it keeps sales, in one queue, counts what waits, and sends each once; a refused one is kept aside with the reason', async () => {
    const { cluster, url } = await bookOnOwnServer();
    const book = await openBook(url, { migrationsFolders: { postgres: postgresMigrationsFolder } });
    onTestFinished(() => book.close());
    const till = openTill(book.core, path.join(tempDir(), 'outbox.db'));
    onTestFinished(() => till.close());
    const ama = value(await book.core.handle('customers.create', { firstName: 'Ama' }, ownerActor));
    expect(value(await till.handle('outbox.status', {}, ownerActor))).toEqual({ shared: true, reachable: true, waiting: { sales: 0, notes: 0 }, refused: [] });

    pauseServer(cluster);
    const note = queued(await till.handle('notes.add', { customerId: ama.id, type: 'preference', text: 'Size 8, navy' }, ownerActor));
    expect(note).toMatchObject({ kind: 'note', waiting: { sales: 0, notes: 1 } });
    const sale = queued(await till.handle('sales.record', { customerId: ama.id, amount: 700 }, ownerActor));
    expect(sale).toMatchObject({ kind: 'sale', waiting: { sales: 1, notes: 1 } });
    const lost = queued(await till.handle('notes.add', { customerId: ama.id, type: 'personal', text: 'Saturdays' }, ownerActor));
    const orphan = queued(await till.handle('notes.add', { customerId: 999_999, type: 'issue', text: 'For nobody' }, ownerActor));
    // What the book's edge would refuse is refused at once, not kept to be refused later.
    expect(await till.handle('notes.add', { customerId: ama.id, type: 'personal', text: '   ' }, ownerActor)).toMatchObject({ ok: false, error: { code: 'validation' } });
    expect(await till.handle('notes.add', { customerId: ama.id, type: 'personal', text: 'Signed out' }, null)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    // A reward is spent against points only the book holds: refused at once, never kept to be refused with its sale later.
    expect(await till.handle('sales.record', { customerId: ama.id, amount: 5000, redeem: true }, ownerActor)).toMatchObject({
      ok: false,
      error: { code: 'validation', fields: { redeem: expect.stringContaining('out of reach') } },
    });
    expect(await till.handle('outbox.status', {}, null)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    // Asked while the book is out of reach, the status tries it again and says so.
    expect(value(await till.handle('outbox.status', {}, { id: 2, role: 'staff' }))).toEqual({ shared: true, reachable: false, waiting: { sales: 1, notes: 3 }, refused: [] });
    // Anything else that needs the book says it cannot be reached: nothing pretends.
    expect(await till.handle('customers.list', {}, ownerActor)).toMatchObject({ ok: false, error: { unreachable: true } });

    resumeServer(cluster);
    // The first note's answer was lost on its way back: the book already holds it under its ref.
    value(await book.core.handle('notes.add', { customerId: ama.id, type: 'personal', text: 'Saturdays', ref: lost.ref }, ownerActor));
    expect(await till.flush()).toEqual({ sent: 3, refused: 1, waiting: 0 });
    expect(await till.flush()).toEqual({ sent: 0, refused: 0, waiting: 0 });
    expect(value(await till.handle('outbox.status', {}, ownerActor))).toEqual({
      shared: true,
      reachable: true,
      waiting: { sales: 0, notes: 0 },
      refused: [{ ref: orphan.ref, kind: 'note', reason: expect.stringMatching(/999999.*not found/), queuedAt: orphan.queuedAt }],
    });
    expect(await rowsOf(url, 'SELECT ref, text FROM notes ORDER BY id')).toEqual([
      { ref: lost.ref, text: 'Saturdays' },
      { ref: note.ref, text: 'Size 8, navy' },
    ]);
    expect(await rowsOf(url, 'SELECT ref, amount FROM sales')).toEqual([{ ref: sale.ref, amount: '700' }]);
  }, 120_000);

  it("serves the app's window through the writer's outbox: a sale and a note kept while the server is down reach the book once, sent by the writer itself", async () => {
    const { cluster, url } = await bookOnOwnServer();
    const outboxFile = path.join(tempDir(), 'regulars-outbox.db');
    const workers = await startDatabaseWorkers({ workerFile: bundled('worker'), location: url, migrationsFolder, postgresMigrationsFolder, outboxFile });
    onTestFinished(() => workers.close());
    const ama = value(await workers.call('customers.create', { firstName: 'Ama' }, ownerActor));
    expect(value(await workers.call('outbox.status', {}, ownerActor))).toEqual({ shared: true, reachable: true, waiting: { sales: 0, notes: 0 }, refused: [] });

    pauseServer(cluster);
    const sale = queued(await workers.call('sales.record', { customerId: ama.id, amount: 2500 }, ownerActor));
    const note = queued(await workers.call('notes.add', { customerId: ama.id, type: 'preference', text: 'Size 8, navy' }, ownerActor));
    expect(note.waiting).toEqual({ sales: 1, notes: 1 });
    // Reads go to the reader, which cannot reach the book either, and says so.
    expect(await workers.call('customers.search', { query: 'Ama' }, ownerActor)).toMatchObject({ ok: false, error: { unreachable: true } });
    expect(value(await workers.call('outbox.status', {}, ownerActor))).toMatchObject({ reachable: false, waiting: { sales: 1, notes: 1 } });

    resumeServer(cluster);
    // Nobody calls the workers now: the writer's timer sends what waits. Watched from another PC.
    await vi.waitFor(
      async () => {
        expect(await rowsOf(url, 'SELECT (SELECT count(*) FROM sales)::int AS sales, (SELECT count(*) FROM notes)::int AS notes')).toEqual([{ sales: 1, notes: 1 }]);
      },
      { timeout: 30_000, interval: 250 },
    );
    expect(await rowsOf(url, 'SELECT ref FROM sales')).toEqual([{ ref: sale.ref }]);
    expect(await rowsOf(url, 'SELECT ref FROM notes')).toEqual([{ ref: note.ref }]);
    expect(value(await workers.call('outbox.status', {}, ownerActor))).toEqual({ shared: true, reachable: true, waiting: { sales: 0, notes: 0 }, refused: [] });
    expect(value(await workers.call('customers.get', { id: ama.id }, ownerActor))).toMatchObject({ purchases: 1, totalSpent: 2500 });
  }, 120_000);
});

describe('a till on a book on this PC', () => {
  it('keeps no outbox: nothing can be out of reach, and the status says the book is not shared', async () => {
    const folder = tempDir();
    const outboxFile = path.join(folder, 'regulars-outbox.db');
    const workers = await startDatabaseWorkers({ workerFile: bundled('worker'), location: path.join(folder, 'regulars.db'), migrationsFolder, outboxFile });
    onTestFinished(() => workers.close());
    const ama = value(await workers.call('customers.create', { firstName: 'Ama' }, ownerActor));
    expect(isQueued(value(await workers.call('sales.record', { customerId: ama.id, amount: 700 }, ownerActor)))).toBe(false);
    expect(value(await workers.call('outbox.status', {}, ownerActor))).toEqual({ shared: false, reachable: true, waiting: { sales: 0, notes: 0 }, refused: [] });
    expect(fs.existsSync(outboxFile)).toBe(false);
  }, 60_000);
});

describe("a PC's outboxes", () => {
  it('are one file for each shared book, in the data folder, the same whatever its password', () => {
    const book = '/home/esi/.config/Regulars/regulars.db';
    const front = outboxFileFor(book, 'postgresql://till:first-password@server-pc/regulars');
    expect(path.dirname(front)).toBe('/home/esi/.config/Regulars');
    expect(outboxFileFor(book, 'postgresql://till:a-new-password@server-pc/regulars')).toBe(front);
    // Another book (another branch's database) never gets the first book's kept sales.
    expect(outboxFileFor(book, 'postgresql://till:first-password@server-pc/branch_two')).not.toBe(front);
    expect(outboxFileFor(book, 'postgresql://till:first-password@office-pc/regulars')).not.toBe(front);
    expect(front).not.toContain('first-password');
  });
});
