import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { openTestBook } from '../../support/engines';
import { postgresMigrationsFolder, skipPostgres } from '../../support/postgres-book';
import { bundled, repoRoot, value } from '../helpers';

const SALES_PER_TILL = 200;

/** Runs a till in its own process, as a second PC would, and gives back what it printed. */
function runTill(url: string, customers: number[]): Promise<{ recorded: number; failures: string[] }> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [bundled('till'), url, postgresMigrationsFolder, String(SALES_PER_TILL), customers.join(',')], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let errors = '';
    proc.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    proc.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    proc.on('error', reject);
    proc.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').pop()!)) : reject(new Error(`till exited ${code}: ${errors}`))));
  });
}

// Two processes on one book is a shared book's case: a SQLite file has one writer at a time by design.
describe.skipIf(skipPostgres)('two tills on one shared book [postgres]', () => {
  it('records 200 sales each for the same customers at once: nothing fails, and every total equals its sales', async () => {
    const book = await openTestBook('postgres');
    const customers: number[] = [];
    for (const firstName of ['Ama', 'Kofi', 'Esi']) customers.push(value(await book.call('customers.create', { firstName })).id);

    const tills = await Promise.all([runTill(book.location, customers), runTill(book.location, [...customers].reverse())]);
    expect(tills).toEqual([
      { recorded: SALES_PER_TILL, failures: [] },
      { recorded: SALES_PER_TILL, failures: [] },
    ]);

    const recomputed = await book.rows<{ id: number; purchase_count: number; total_spent: number; items_bought: number; sales: number; spent: number; items: number }>(
      `SELECT c.id, c.purchase_count, c.total_spent, c.items_bought,
              (SELECT count(*) FROM sales s WHERE s.customer_id = c.id AND s.voided_at IS NULL) AS sales,
              (SELECT coalesce(sum(amount), 0) FROM sales s WHERE s.customer_id = c.id AND s.voided_at IS NULL) AS spent,
              (SELECT coalesce(sum(items), 0) FROM sales s WHERE s.customer_id = c.id AND s.voided_at IS NULL) AS items
       FROM customers c ORDER BY c.id`,
    );
    expect(recomputed.reduce((sum, c) => sum + c.purchase_count, 0)).toBe(2 * SALES_PER_TILL);
    for (const c of recomputed) {
      expect({ purchases: c.purchase_count, spent: c.total_spent, items: c.items_bought }, `customer ${c.id}`).toEqual({ purchases: c.sales, spent: c.spent, items: c.items });
    }
  }, 120_000);
});
