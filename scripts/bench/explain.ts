/**
 * Where a core call's time goes: every statement it runs, with its query plan and its own time.
 *
 *   npx tsx scripts/bench/explain.ts --db FILE <method> '<input as JSON>' [--runs 20]
 *   npx tsx scripts/bench/explain.ts --db /tmp/bench.db customers.search '{"query":"ama"}'
 *
 * Runs the call through a traced core (the clock at the benchmark's end date), then replays each read
 * statement on its own connection and prints its median time and plan. Writes are listed, not rerun.
 */
import { parseArgs } from 'node:util';
import { isMethodName } from '../../shared/contract';
import { createCore } from '../../db/core';
import { openDatabase } from '../../db/open';
import { BENCH_END } from './main';
import { Replayer, traced } from './trace';

const { values, positionals } = parseArgs({ options: { db: { type: 'string' }, runs: { type: 'string' } }, allowPositionals: true });
const [method, json = '{}'] = positionals;
if (!values.db || !method || !isMethodName(method)) {
  console.error("usage: explain.ts --db FILE <method> '<input JSON>' [--runs 20]");
  process.exit(2);
}
const database = openDatabase({ file: values.db });
const tracer = traced(database);
const core = createCore(tracer.database, { now: () => BENCH_END, actor: { id: 1, role: 'owner' } });
const started = performance.now();
const { value: result, statements } = tracer.record(() => core.call(method, JSON.parse(json)));
console.log(`${method}: ${(performance.now() - started).toFixed(3)} ms (first run), ${result.ok ? 'ok' : `${result.error.code}: ${result.error.message}`}, ${statements.length} statements\n`);
const floor = openDatabase({ file: values.db, readonly: true });
const replayer = new Replayer(floor.sqlite);
const runs = Number(values.runs ?? 20);
// The same statement run many times (once per exported row, say) is shown once, with its count.
const groups = new Map<string, typeof statements>();
for (const s of statements) groups.set(s.sql, [...(groups.get(s.sql) ?? []), s]);
for (const [text, group] of groups) {
  const sql = text.replace(/\s+/g, ' ').trim();
  console.log(`${group[0].method.padEnd(4)} ${group.length > 1 ? `×${group.length} ` : ''}${sql.length > 300 ? `${sql.slice(0, 300)}…` : sql}`);
  if (group.some((s) => s.method === 'run')) {
    console.log('     (a write: not rerun)\n');
    continue;
  }
  const replay = replayer.prepare(group);
  const times: number[] = [];
  for (let i = 0; i < Math.max(1, Math.ceil(runs / group.length)); i++) {
    const t = performance.now();
    replay();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  const plan = (floor.sqlite.prepare(`EXPLAIN QUERY PLAN ${group[0].sql}`).all(...group[0].args) as { detail: string }[]).map((p) => p.detail).join(' | ');
  console.log(`     ${times[Math.floor(times.length / 2)].toFixed(3)} ms median${group.length > 1 ? ' for all of them' : ''}, ${times[0].toFixed(3)} ms best — ${plan}\n`);
}
replayer.close();
floor.close();
database.close();
