/**
 * `npm run bench:postgres-search`: customer search on a PostgreSQL book (issue 13), end to end over the
 * server's Unix socket, against its floor: the very statements each search ran, prepared, straight
 * through `pg` back to back. Same customers and the same query mix as `npm run bench`'s searches.
 *
 *   npx tsx scripts/bench/postgres-search.ts [--url postgresql://…] [--customers 100000] [--seed 1]
 *     [--iterations 200] [--db FILE]
 *
 * Without --url, a throwaway server is started in a temp folder as the tests start theirs, and
 * removed at the end. The database at --url gets the bench's customers if it has none (copied from
 * the SQLite bench book, --db FILE or a temp one); a database that has customers is searched as it is.
 * Folded into `npm run bench -- --engine postgres` later (issue 13).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { z } from 'zod';
import { openDatabase } from '../../db/open';
import { openPostgresBook } from '../../db/engines/postgres/open';
import { searchCustomerIds } from '../../db/engines/postgres/customers/search';
import { queryConfig } from '../../db/engines/postgres/run';
import type { Statement } from '../../db/query';
import { clusterUrl, findPostgresBinaries, startCluster, stopCluster, type PostgresCluster } from '../../tests/support/postgres-cluster';
import { copyCustomersToPostgres } from '../../tests/support/postgres-copy';
import { loadOrReuseBook, searchQueries, shop, summary, type Sampled } from './main';

const flags = z.object({
  url: z.string().min(1).optional(),
  customers: z.coerce.number().int().min(10).max(2_000_000).default(100_000),
  seed: z.coerce.number().int().default(1),
  iterations: z.coerce.number().int().min(5).max(100_000).default(200),
  db: z.string().min(1).optional(),
});

const log = (line: string) => process.stderr.write(`[bench:pg] ${line}\n`);
/** The page a customers.search shows, and how its rows are read once their ids are known. */
const LIMIT = 20;
const rowsOfPage = 'SELECT * FROM customers WHERE id = ANY ($1::integer[])';
/** Issue 13's targets: search p95 at the default size, and at a million customers. */
const target = (customers: number) => (customers > 200_000 ? 10 : 5);

async function main() {
  const { values } = parseArgs({ options: Object.fromEntries(Object.keys(flags.shape).map((k) => [k, { type: 'string' as const }])) });
  const options = flags.parse(values);
  let cluster: PostgresCluster | null = null;
  const temp = fs.mkdtempSync(path.join(os.tmpdir(), 'regulars-bench-pg-'));
  try {
    let url = options.url;
    if (!url) {
      const bindir = findPostgresBinaries();
      if (!bindir) throw new Error("PostgreSQL's initdb was not found: install PostgreSQL or give --url");
      cluster = startCluster(bindir);
      const admin = new pg.Client({ connectionString: clusterUrl(cluster.dir, 'postgres') });
      await admin.connect();
      await admin.query('CREATE DATABASE regulars_bench');
      await admin.end();
      url = clusterUrl(cluster.dir, 'regulars_bench');
      log(`throwaway server in ${cluster.dir}`);
    }
    const book = await openPostgresBook(url, { defaults: shop, maxConnections: 1 });
    try {
      // The customers do not depend on the sales or notes (a stream each): a book without them is enough.
      const file = options.db ?? path.join(temp, 'bench.db');
      const dataset = { customers: options.customers, sales: 0, notes: 0, seed: options.seed };
      const present = Number((await book.pool.query('SELECT count(*) AS n FROM customers')).rows[0].n);
      const sqlite = present > 0 ? null : (loadOrReuseBook(file, dataset, log), openDatabase({ file, readonly: true }));
      if (sqlite) {
        const started = performance.now();
        const copied = await copyCustomersToPostgres(sqlite.sqlite, book.db);
        log(`copied ${copied} customers in ${((performance.now() - started) / 1000).toFixed(1)} s`);
      } else log(`searching the ${present} customers already in ${book.url}`);
      const every = Math.max(1, Math.floor(options.customers / 4000));
      const people = (await book.pool.query<Sampled>(`SELECT id, first_name, last_name, phone_e164, email, status FROM customers WHERE id % ${every} = 0 LIMIT 4000`)).rows;
      sqlite?.close();
      const queries = searchQueries(people, options.seed, options.iterations);
      const settings = { phoneCountry: shop.phoneCountry };

      const rows: string[][] = [];
      for (const [kind, list] of Object.entries(queries)) {
        const ours: number[] = [];
        const floor: number[] = [];
        let found = 0;
        for (const [i, query] of list.entries()) {
          // Once unmeasured, so that every statement is prepared on the connection, as in a till's day.
          const statements: Statement[] = [];
          const ids = await searchCustomerIds(book.pool, { query, limit: LIMIT }, settings, (s) => statements.push(s));
          if (ids.length > 0) await book.pool.query(rowsOfPage, [ids]);
          const timeOurs = async () => {
            const started = performance.now();
            const again = await searchCustomerIds(book.pool, { query, limit: LIMIT }, settings);
            if (again.length > 0) await book.pool.query(rowsOfPage, [again]);
            ours.push(performance.now() - started);
            found += again.length;
          };
          const timeFloor = async () => {
            const started = performance.now();
            for (const s of statements) await book.pool.query(queryConfig(s));
            if (ids.length > 0) await book.pool.query(rowsOfPage, [ids]);
            floor.push(performance.now() - started);
          };
          // Alternate which runs first, so neither always finds the other's pages warm.
          if (i % 2 === 0) (await timeOurs(), await timeFloor());
          else (await timeFloor(), await timeOurs());
        }
        const o = summary(ours);
        const f = summary(floor);
        rows.push([kind, o.p50.toFixed(2), o.p95.toFixed(2), f.p50.toFixed(2), f.p95.toFixed(2), (o.p95 / f.p95).toFixed(2), (found / list.length).toFixed(1), o.p95 <= target(options.customers) ? 'yes' : 'NO']);
      }
      const header = ['search', 'p50 ms', 'p95 ms', 'floor p50', 'floor p95', 'ours/floor', 'rows', `p95 ≤ ${target(options.customers)} ms`];
      const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
      const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
      console.log(`PostgreSQL search, ${options.customers} customers, ${options.iterations} queries each, end to end over the socket`);
      console.log([line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n'));
    } finally {
      await book.close();
    }
  } finally {
    if (cluster) stopCluster(cluster);
    fs.rmSync(temp, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (process.env.BENCH_DEBUG ? error.stack : error.message) : error);
  process.exit(1);
});
