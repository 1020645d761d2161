import { spawn } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import pg from 'pg';
import { describe, expect, it, onTestFinished } from 'vitest';
import { openBook } from '../../../db/book';
import { postgresMigrationsFolder, skipPostgres } from '../../support/postgres-book';
import { clusterUrl, findPostgresBinaries, pauseServer, resumeServer, startCluster, stopCluster } from '../../support/postgres-cluster';
import { repoRoot, tempDir, value } from '../helpers';

const tillScript = path.join(__dirname, 'outbox-till.ts');

// Its own server, which the test stops and starts again: the suite's shared one must stay up.
describe.skipIf(skipPostgres)('a till whose shared book goes out of reach [postgres]', () => {
  it('keeps the sales typed meanwhile and sends them when the server is back: every acknowledged sale is in the book once', async () => {
    const cluster = startCluster(findPostgresBinaries()!);
    onTestFinished(() => stopCluster(cluster));
    const admin = new pg.Client({ connectionString: clusterUrl(cluster.dir, 'postgres') });
    await admin.connect();
    await admin.query('CREATE DATABASE shop');
    await admin.end();
    const url = clusterUrl(cluster.dir, 'shop');
    const book = await openBook(url, { migrationsFolders: { postgres: postgresMigrationsFolder } });
    const ama = value(await book.core.handle('customers.create', { firstName: 'Ama' }, { id: 1, role: 'owner' }));
    await book.close();

    const till = spawn(process.execPath, ['--import', 'tsx', tillScript, url, postgresMigrationsFolder, path.join(tempDir(), 'outbox.db'), String(ama.id)], {
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
});
