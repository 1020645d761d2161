/**
 * Two ways to write a Dataset into a fresh book, giving the same rows:
 * - `loadThroughContract`: every customer, consent, preference, sale, void, note and archive through
 *   `core.call`, the clock set to when it happened. The reference (scripts/seed.ts --through-contract).
 * - `loadBulk`: the benchmark's loader for a million sales (and scripts/seed.ts's). Customers
 *   (insertCustomer, what customers.create and customers.bulkCreate run), consent, preferences and
 *   archiving still run the services' own functions, without the per-call transaction and audit
 *   entry; sales, voids, notes and their timeline events are inserted with prepared statements in
 *   large transactions; the customers' history aggregates are computed once, as the sales service
 *   would have left them; secondary indexes and the search index are built once at the end.
 * tests/unit/bench/bulk.test.ts proves the two identical, table by table, search index and schema
 * included. The audit log differs on purpose: the bulk loader is a set-up tool, not someone using
 * the app, so it writes no entries.
 */
import { sqliteParts } from '../../db/engines/sqlite/context';
import { createCustomerInput, type ParsedInputOf } from '../../shared/contract';
import type { Actor } from '../../db/access';
import type { CoreContext } from '../../db/context';
import { createCore } from '../../db/core';
import { setConsent } from '../../db/consent/service';
import { archiveCustomer, insertCustomer } from '../../db/customers/service';
import { fillSearchIndex } from '../../db/customers/search-index';
import { recountTallies } from '../../db/engines/sqlite/customers/tallies';
import type { OpenedDatabase } from '../../db/open';
import { updatePreferences } from '../../db/preferences/service';
import type { Dataset, DatasetCustomer } from './dataset';

export interface LoadResult {
  /** Customer id by dataset index. */
  customerIds: Int32Array;
  seconds: { customers: number; sales: number; notes: number; indexes?: number; total: number };
}

export interface LoadOptions {
  /** Rows per transaction. */
  chunk?: number;
  /** Progress lines (the benchmark prints them to stderr). */
  log?: (line: string) => void;
}

const customerInput = (c: DatasetCustomer) => ({
  firstName: c.firstName,
  ...(c.lastName !== null && { lastName: c.lastName }),
  ...(c.phone !== null && { phone: c.phone }),
  ...(c.email !== null && { email: c.email }),
  ...(c.address !== null && { address: c.address }),
  ...(c.birthday !== null && { birthday: c.birthday }),
  type: c.type,
  tags: c.tags,
  ...(c.source !== null && { source: c.source }),
  createdAt: c.createdAt,
});

function assertFresh(database: OpenedDatabase): void {
  const counts = database.sqlite
    .prepare('SELECT (SELECT count(*) FROM customers) + (SELECT count(*) FROM sales) + (SELECT count(*) FROM notes) AS n')
    .get() as { n: number };
  if (counts.n > 0) throw new Error(`${database.file} already holds customers, sales or notes: load a dataset into a fresh book`);
}

const ownerOf = (database: OpenedDatabase): number => {
  const row = database.sqlite.prepare("SELECT id FROM staff WHERE role = 'owner' ORDER BY id LIMIT 1").get() as { id: number } | undefined;
  if (!row) throw new Error('The book has no owner');
  return row.id;
};

const timer = () => {
  const started = performance.now();
  return () => (performance.now() - started) / 1000;
};

/** In chunks of `size` rows per transaction. */
function chunked<T>(database: OpenedDatabase, rows: Iterable<T>, size: number, each: (row: T) => void): void {
  let batch: T[] = [];
  const flush = database.sqlite.transaction(() => {
    for (const row of batch) each(row);
  });
  for (const row of rows) {
    batch.push(row);
    if (batch.length >= size) {
      flush();
      batch = [];
    }
  }
  if (batch.length > 0) flush();
}

/** The reference path: every change through the contract, as the app would make it, at the time it happened. */
export function loadThroughContract(database: OpenedDatabase, dataset: Dataset, options: LoadOptions = {}): LoadResult {
  assertFresh(database);
  const total = timer();
  const chunk = options.chunk ?? 5_000;
  let clock = new Date(dataset.start);
  const core = createCore(database, { now: () => clock });
  const must = <T>(result: { ok: true; value: T } | { ok: false; error: { message: string } }, what: string): T => {
    if (!result.ok) throw new Error(`${what}: ${result.error.message}`);
    return result.value;
  };
  const customerIds = new Int32Array(dataset.options.customers);
  const archived: number[] = [];

  let lap = timer();
  chunked(database, dataset.customers(), chunk, (c) => {
    clock = new Date(c.createdAt);
    const { id } = must(core.call('customers.create', customerInput(c)), `customer ${c.index}`);
    customerIds[c.index] = id;
    if (c.emailConsent) {
      must(core.call('consent.set', { customerId: id, channel: 'email', ...c.emailConsent }), `consent ${c.index}`);
    }
    if (c.doNotContact) must(core.call('preferences.update', { customerId: id, patch: { doNotContact: true } }), `preferences ${c.index}`);
    if (c.archived) archived.push(id);
  });
  const customersSeconds = lap();

  lap = timer();
  chunked(database, dataset.sales(), chunk * 4, (s) => {
    clock = new Date(s.createdAt);
    const sale = must(
      core.call('sales.record', {
        customerId: customerIds[s.customerIndex],
        amount: s.amount,
        items: s.items,
        paymentMethod: s.paymentMethod,
        occurredAt: s.occurredAt,
        ...(s.note !== null && { note: s.note }),
      }),
      `sale ${s.index}`,
    );
    if (s.voidedAt) {
      clock = new Date(s.voidedAt);
      must(core.call('sales.void', { id: sale.id, reason: s.voidReason! }), `void ${s.index}`);
    }
  });
  const salesSeconds = lap();

  lap = timer();
  chunked(database, dataset.notes(), chunk * 4, (n) => {
    clock = new Date(n.at);
    must(core.call('notes.add', { customerId: customerIds[n.customerIndex], type: n.type, text: n.text }), `note ${n.index}`);
  });
  clock = new Date(dataset.endMs);
  chunked(database, archived, chunk, (id) => must(core.call('customers.archive', { id }), `archive ${id}`));
  const notesSeconds = lap();

  return { customerIds, seconds: { customers: customersSeconds, sales: salesSeconds, notes: notesSeconds, total: total() } };
}

/** The benchmark's path: the same rows as `loadThroughContract`, a million sales in well under a minute. */
export function loadBulk(database: OpenedDatabase, dataset: Dataset, options: LoadOptions = {}): LoadResult {
  assertFresh(database);
  const log = options.log ?? (() => {});
  const total = timer();
  const chunk = options.chunk ?? 50_000;
  const { sqlite } = database;
  const ownerId = ownerOf(database);
  let clock = new Date(dataset.start);
  // The context a core call would get, acting as the owner (as `core.call` does), without its
  // transaction per call and audit entry.
  const actor: Actor = { id: ownerId, role: 'owner' };
  const { runNow, dialect, search, tallies } = sqliteParts(database);
  const ctx: CoreContext = { dialect, search, tallies, actor, actorId: ownerId, actorLabel: null, now: () => clock };
  const customerIds = new Int32Array(dataset.options.customers);
  const archived: number[] = [];

  // A set-up tool may trade durability for speed while it runs; the book's own settings come back after.
  const synchronous = sqlite.pragma('synchronous', { simple: true });
  const cacheSize = sqlite.pragma('cache_size', { simple: true });
  sqlite.pragma('synchronous = OFF');
  sqlite.pragma('cache_size = -262144');
  // Secondary indexes are built once at the end (a sort, not a million b-tree inserts), and the
  // search index is filled once from the final rows, as its triggers would have left it. Unique
  // indexes stay: the services check phones and emails against them. The exact definitions, read
  // from the schema, are put back, so the book ends as its migrations made it (a load that is
  // interrupted leaves a book to throw away).
  const deferred = sqlite
    .prepare(
      `SELECT type, name, sql FROM sqlite_master
       WHERE tbl_name IN ('customers', 'sales', 'notes', 'timeline_events') AND sql IS NOT NULL
         AND ((type = 'index' AND sql NOT LIKE 'CREATE UNIQUE%') OR (type = 'trigger' AND (name LIKE 'customers_search_%' OR name LIKE 'customer_tallies_%')))`,
    )
    .all() as { type: 'index' | 'trigger'; name: string; sql: string }[];
  sqlite.transaction(() => {
    for (const { type, name } of deferred) sqlite.exec(`DROP ${type.toUpperCase()} "${name}"`);
  })();
  try {
    let lap = timer();
    chunked(database, dataset.customers(), Math.min(chunk, 20_000), (c) => {
      clock = new Date(c.createdAt);
      const id = runNow(insertCustomer(ctx, createCustomerInput.parse(customerInput(c))));
      customerIds[c.index] = id;
      if (c.emailConsent) runNow(setConsent(ctx, { customerId: id, channel: 'email', ...c.emailConsent }));
      if (c.doNotContact) runNow(updatePreferences(ctx, { customerId: id, patch: { doNotContact: true } } as ParsedInputOf<'preferences.update'>));
      if (c.archived) archived.push(id);
    });
    const customersSeconds = lap();
    log(`customers: ${dataset.options.customers} in ${customersSeconds.toFixed(1)} s`);

    lap = timer();
    // What sales.record and sales.void write, row for row (see db/sales/service.ts and recordEvent).
    const insertSale = sqlite.prepare(
      `INSERT INTO sales (customer_id, occurred_at, amount, items, payment_method, note, author_id, created_at, voided_at, voided_by, void_reason)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const insertEvent = sqlite.prepare('INSERT INTO timeline_events (customer_id, kind, at, actor_id, data) VALUES (?, ?, ?, ?, ?)');
    chunked(database, dataset.sales(), chunk * 2, (s) => {
      const customerId = customerIds[s.customerIndex];
      const voided = s.voidedAt !== null;
      const saleId = insertSale.run(
        customerId, s.occurredAt, s.amount, s.items, s.paymentMethod, s.note, ownerId, s.createdAt,
        s.voidedAt, voided ? ownerId : null, s.voidReason,
      ).lastInsertRowid;
      insertEvent.run(customerId, 'sale_recorded', s.createdAt, ownerId, JSON.stringify({ saleId: Number(saleId), amount: s.amount }));
      if (voided) {
        insertEvent.run(customerId, 'sale_voided', s.voidedAt, ownerId, JSON.stringify({ saleId: Number(saleId), amount: s.amount, reason: s.voidReason }));
      }
    });
    // The history aggregates sales.record and sales.void keep, from the sales that were not voided
    // (plus any imported opening history, which purchases and spend include).
    sqlite.transaction(() => {
      sqlite.exec(`
        UPDATE customers SET purchase_count = imported_purchases + a.n, total_spent = imported_spent + a.spent, items_bought = a.items,
          first_purchase_at = a.first, last_purchase_at = a.last
        FROM (SELECT customer_id, count(*) AS n, sum(amount) AS spent, sum(items) AS items,
                     min(occurred_at) AS first, max(occurred_at) AS last
              FROM sales WHERE voided_at IS NULL GROUP BY customer_id) AS a
        WHERE customers.id = a.customer_id`);
    })();
    const salesSeconds = lap();
    log(`sales: ${dataset.options.sales} in ${salesSeconds.toFixed(1)} s`);

    lap = timer();
    // What notes.add writes (see db/notes/service.ts): the note, and its timeline event.
    const insertNote = sqlite.prepare('INSERT INTO notes (customer_id, type, text, author_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)');
    chunked(database, dataset.notes(), chunk * 2, (n) => {
      const customerId = customerIds[n.customerIndex];
      const noteId = insertNote.run(customerId, n.type, n.text, ownerId, n.at, n.at).lastInsertRowid;
      insertEvent.run(customerId, 'note_added', n.at, ownerId, JSON.stringify({ noteId: Number(noteId), type: n.type }));
    });
    const notesSeconds = lap();
    log(`notes: ${dataset.options.notes} in ${notesSeconds.toFixed(1)} s`);

    lap = timer();
    sqlite.transaction(() => {
      // What customers_search_after_insert writes for each customer, and the tallies counted once, as an import writes them.
      fillSearchIndex(sqlite, 0);
      recountTallies(sqlite);
      for (const { sql } of deferred) sqlite.exec(sql);
    })();
    // Archived last, through the service, as the reference path does.
    clock = new Date(dataset.endMs);
    chunked(database, archived, chunk, (id) => runNow(archiveCustomer(ctx, id)));
    const indexSeconds = lap();
    log(`search index, indexes and archiving in ${indexSeconds.toFixed(1)} s`);

    return { customerIds, seconds: { customers: customersSeconds, sales: salesSeconds, notes: notesSeconds, indexes: indexSeconds, total: total() } };
  } finally {
    sqlite.pragma(`cache_size = ${Number(cacheSize)}`);
    sqlite.pragma(`synchronous = ${Number(synchronous)}`);
    sqlite.pragma('wal_checkpoint(TRUNCATE)');
  }
}
