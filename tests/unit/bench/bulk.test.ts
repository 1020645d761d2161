import { describe, expect, it } from 'vitest';
import { createCore } from '../../../db/core';
import type { OpenedDatabase } from '../../../db/open';
import { Dataset } from '../../../scripts/bench/dataset';
import { loadBulk, loadThroughContract } from '../../../scripts/bench/load';
import { tempDatabase, value } from '../helpers';

const end = new Date('2026-06-01T12:00:00.000Z');
const options = { customers: 200, sales: 2_000, notes: 300, seed: 7, end, archivedShare: 0.05 };

/**
 * Every table the app reads customers, sales, notes and consent from, row by row in id order. The
 * audit log is left out on purpose: the bulk loader is a set-up tool, not someone using the app, so
 * it writes no audit entries, where the contract writes one per call.
 */
const domainTables: Record<string, string> = {
  customers: 'SELECT * FROM customers ORDER BY id',
  customer_preferences: 'SELECT * FROM customer_preferences ORDER BY customer_id',
  sales: 'SELECT * FROM sales ORDER BY id',
  notes: 'SELECT * FROM notes ORDER BY id',
  timeline_events: 'SELECT * FROM timeline_events ORDER BY id',
  consent_events: 'SELECT * FROM consent_events ORDER BY id',
  suppressions: 'SELECT * FROM suppressions ORDER BY id',
  customers_trigram: 'SELECT rowid, * FROM customers_trigram ORDER BY rowid',
  customers_prefix: 'SELECT rowid, * FROM customers_prefix ORDER BY rowid',
  schema: "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name",
};

function load(how: typeof loadBulk): OpenedDatabase {
  const db = tempDatabase();
  // Durability does not change what is written, and the contract path is some 3,000 transactions.
  db.sqlite.pragma('synchronous = OFF');
  how(db, new Dataset(options));
  return db;
}

describe('the bulk loader', () => {
  it('writes exactly the rows, aggregates, search index and schema the contract writes', () => {
    const reference = load(loadThroughContract);
    const bulk = load(loadBulk);
    for (const [table, sql] of Object.entries(domainTables)) {
      const want = reference.sqlite.prepare(sql).all();
      const got = bulk.sqlite.prepare(sql).all();
      expect(got.length, table).toBe(want.length);
      expect(got, table).toEqual(want);
    }
    // Indexes rebuilt at the end agree with their tables, and so does the search index.
    expect(bulk.sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
    for (const table of ['customers_trigram', 'customers_prefix']) {
      expect(() => bulk.sqlite.exec(`INSERT INTO ${table} (${table}) VALUES ('integrity-check')`), table).not.toThrow();
    }
    // The dataset has what the benchmark needs: voids, archived customers, consent, skewed buying.
    const shape = bulk.sqlite
      .prepare(
        `SELECT (SELECT count(*) FROM sales WHERE voided_at IS NOT NULL) AS voided,
                (SELECT count(*) FROM customers WHERE status = 'archived') AS archived,
                (SELECT count(*) FROM customers WHERE email_consent = 'subscribed') AS subscribed,
                (SELECT count(*) FROM customers WHERE purchase_count = 1) AS once,
                (SELECT max(purchase_count) FROM customers) AS most`,
      )
      .get() as Record<string, number>;
    expect(shape.voided).toBeGreaterThan(0);
    expect(shape.archived).toBeGreaterThan(0);
    expect(shape.subscribed).toBeGreaterThan(0);
    expect(shape.most).toBeGreaterThan(10 * (options.sales / options.customers));
    // Searches answer the same on both.
    const searchBoth = (query: string, status?: 'active' | 'archived') =>
      [reference, bulk].map((db) => value(createCore(db, { now: () => end }).call('customers.search', { query, ...(status && { status }) })));
    for (const query of ['a', 'am', 'Kw', 'mens', 'ensa', '024', '4123', '@example', 'info@']) {
      const [want, got] = searchBoth(query);
      expect(got, query).toEqual(want);
    }
    const [want, got] = searchBoth('a', 'archived');
    expect(got.length).toBeGreaterThan(0);
    expect(got).toEqual(want);
  });
});
