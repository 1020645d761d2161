import { spawn } from 'node:child_process';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { createCore } from '../../../db/core';
import { openDatabase } from '../../../db/open';
import { bundled, migrationsFolder, repoRoot, tempDir, value } from '../helpers';

/** Starts the child, waits until it has reported `after` committed sales, then SIGKILLs it mid-loop. */
function runAndKill(file: string, after: number): Promise<number[]> {
  return new Promise((resolve, reject) => {
    // Node itself on the bundled child: a wrapper command (tsx) would run it in a grandchild that SIGKILL misses.
    const proc = spawn(process.execPath, [bundled('crashChild'), file, migrationsFolder], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    const reported: number[] = [];
    let buffer = '';
    let stderr = '';
    proc.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const line of lines) reported.push(Number(line));
      if (reported.length >= after && proc.exitCode === null) proc.kill('SIGKILL');
    });
    proc.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    proc.on('error', reject);
    proc.on('exit', (_code, signal) => {
      if (signal !== 'SIGKILL') reject(new Error(`The child stopped by itself: ${stderr}`));
      else resolve(reported);
    });
  });
}

describe('crash safety', () => {
  it('keeps every reported sale, integrity and exact aggregates through 12 SIGKILLs at random moments', async () => {
    const file = path.join(tempDir(), 'crash.db');
    const setup = openDatabase({ file, migrationsFolder });
    const core = createCore(setup);
    for (const firstName of ['Ama', 'Kofi', 'Esi']) value(core.call('customers.create', { firstName }));
    setup.close();

    const reported: number[] = [];
    let seed = 7;
    const nextTarget = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return 1 + (seed % 60);
    };
    // Twelve rounds (each a new process, seconds of start-up on two cores): enough kills at random moments for the run's time.
    for (let round = 0; round < 12; round++) {
      reported.push(...(await runAndKill(file, nextTarget())));
      const db = new Database(file);
      try {
        expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
        const stored = new Set((db.prepare('SELECT id FROM sales').all() as { id: number }[]).map((r) => r.id));
        expect(reported.filter((id) => !stored.has(id))).toEqual([]);
        const drift = db
          .prepare(
            `SELECT c.id FROM customers c LEFT JOIN (
               SELECT customer_id, count(*) AS n, sum(amount) AS total, sum(items) AS items, min(occurred_at) AS first, max(occurred_at) AS last
               FROM sales WHERE voided_at IS NULL GROUP BY customer_id) s ON s.customer_id = c.id
             WHERE c.purchase_count != coalesce(s.n, 0) OR c.total_spent != coalesce(s.total, 0) OR c.items_bought != coalesce(s.items, 0)
               OR c.first_purchase_at IS NOT s.first OR c.last_purchase_at IS NOT s.last`,
          )
          .all();
        expect(drift).toEqual([]);
      } finally {
        db.close();
      }
    }
    expect(reported.length).toBeGreaterThanOrEqual(12);
  }, 180_000);

  it('lets two writers (say the app and the CLI) record sales on one file at once, neither failing', async () => {
    const file = path.join(tempDir(), 'two-writers.db');
    const setup = openDatabase({ file, migrationsFolder });
    const core = createCore(setup);
    for (const firstName of ['Ama', 'Kofi', 'Esi']) value(core.call('customers.create', { firstName }));
    setup.close();
    // Each child stops itself with an error on any failed write; both must reach 150 committed sales.
    const [a, b] = await Promise.all([runAndKill(file, 150), runAndKill(file, 150)]);
    const db = new Database(file, { readonly: true });
    const count = (db.prepare('SELECT count(*) AS n FROM sales').get() as { n: number }).n;
    db.close();
    expect(a.length).toBeGreaterThanOrEqual(150);
    expect(b.length).toBeGreaterThanOrEqual(150);
    expect(count).toBeGreaterThanOrEqual(a.length + b.length);
    expect(new Set([...a, ...b]).size).toBe(a.length + b.length);
  }, 60_000);
});
