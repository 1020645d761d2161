import { getTableColumns, getTableName, is, Table } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { punctuationCodes, searchCustomerIds } from '../../../db/engines/postgres/customers/search';
import { bookTalliesSql } from '../../../db/engines/postgres/customers/tallies';
import { queryConfig } from '../../../db/engines/postgres/run';
import type { Statement } from '../../../db/query';
import * as postgresSchema from '../../../db/engines/postgres/schema';
import * as sqliteSchema from '../../../db/schema';
import { customerTypes } from '../../../shared/contract';
import { freshPostgresBook, skipPostgres } from '../../support/postgres-book';
import { tempDatabase } from '../helpers';
import { talliesTable } from '../../../db/engines/sqlite/customers/tallies';

interface ColumnFacts {
  type: 'integer' | 'text';
  notNull: boolean;
  primaryKey: boolean;
  default: string | null;
}

type Shape = Record<string, Record<string, ColumnFacts>>;

/** SQLite's tables as a freshly opened book has them, less the FTS5 search tables and their shadow tables. */
function sqliteShape(): { columns: Shape; foreignKeys: string[] } {
  const { sqlite } = tempDatabase();
  const tables = sqlite.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name != '__drizzle_migrations'").all() as { name: string; sql: string }[];
  const virtual = tables.filter((t) => /^CREATE VIRTUAL TABLE/i.test(t.sql)).map((t) => t.name);
  const kept = tables.map((t) => t.name).filter((name) => name !== talliesTable && !virtual.some((v) => name === v || name.startsWith(`${v}_`)));
  const columns: Shape = {};
  const foreignKeys: string[] = [];
  for (const table of kept) {
    const info = sqlite.pragma(`table_info(${table})`) as { name: string; type: string; notnull: number; dflt_value: string | null; pk: number }[];
    columns[table] = Object.fromEntries(
      info.map((c) => [
        c.name,
        {
          type: c.type.toLowerCase() as ColumnFacts['type'],
          notNull: c.notnull === 1,
          primaryKey: c.pk > 0,
          // SQLite keeps a boolean default as written (true/false) and stores it as 1/0.
          default: c.dflt_value === 'true' ? '1' : c.dflt_value === 'false' ? '0' : c.dflt_value,
        },
      ]),
    );
    for (const fk of sqlite.pragma(`foreign_key_list(${table})`) as { table: string; from: string; to: string }[]) foreignKeys.push(`${table}.${fk.from} -> ${fk.table}.${fk.to}`);
  }
  return { columns, foreignKeys: foreignKeys.sort() };
}

async function postgresShape(): Promise<{ columns: Shape; foreignKeys: string[] }> {
  const { pool } = await freshPostgresBook();
  const rows = await pool.query<{ table_name: string; column_name: string; data_type: string; is_nullable: string; column_default: string | null; primary_key: boolean }>(
    `SELECT c.table_name, c.column_name, c.data_type, c.is_nullable, c.column_default,
            EXISTS (SELECT 1 FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)
                     WHERE i.indisprimary AND i.indrelid = format('public.%I', c.table_name)::regclass AND a.attname = c.column_name) AS primary_key
       FROM information_schema.columns c JOIN information_schema.tables t USING (table_schema, table_name)
      WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE'`,
  );
  const columns: Shape = {};
  // Derived tables (the search's folded texts) are PostgreSQL's FTS5 tables: left out, as SQLite's are.
  for (const row of rows.rows.filter((r) => !postgresSchema.derivedTables.includes(r.table_name))) {
    (columns[row.table_name] ??= {})[row.column_name] = {
      // bigint holds money and aggregates where SQLite's integer is 64-bit anyway.
      type: row.data_type === 'bigint' ? 'integer' : (row.data_type as ColumnFacts['type']),
      notNull: row.is_nullable === 'NO',
      primaryKey: row.primary_key,
      default: row.column_default?.replace(/::(text|bigint|integer)$/, '') ?? null,
    };
  }
  const foreignKeys = await pool.query<{ fk: string }>(
    `SELECT format('%s.%s -> %s.%s', c.conrelid::regclass, a.attname, c.confrelid::regclass, r.attname) AS fk
       FROM pg_constraint c
       JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
       JOIN pg_attribute r ON r.attrelid = c.confrelid AND r.attnum = c.confkey[1]
      WHERE c.contype = 'f'`,
  );
  const bookForeignKeys = foreignKeys.rows.map((row) => row.fk).filter((fk) => !postgresSchema.derivedTables.some((table) => fk.startsWith(`${table}.`)));
  return { columns, foreignKeys: bookForeignKeys.sort() };
}

const tablesOf = (schema: Record<string, unknown>) =>
  new Map(Object.values(schema).filter((value): value is Table => is(value, Table)).map((table) => [getTableName(table), table]));

// Skipped only on a developer's machine without PostgreSQL's programs; under CI a missing server fails (tests/support/postgres-book.ts).
describe.skipIf(skipPostgres)('the PostgreSQL schema', () => {
  it('has every table and column of a SQLite book, with the same types, nullability, keys, defaults and references', async () => {
    const sqlite = sqliteShape();
    const postgres = await postgresShape();
    expect(Object.keys(sqlite.columns).length).toBeGreaterThanOrEqual(14);
    expect(postgres.columns).toEqual(sqlite.columns);
    expect(postgres.foreignKeys).toEqual(sqlite.foreignKeys);
  });

  it('takes every enum from the same list as the SQLite schema, and checks it in the database', async () => {
    const { pool } = await freshPostgresBook();
    const checks = new Map(
      (await pool.query<{ name: string; definition: string }>("SELECT conname AS name, pg_get_constraintdef(oid) AS definition FROM pg_constraint WHERE contype = 'c'")).rows.map((row) => [
        row.name,
        [...row.definition.matchAll(/'([^']*)'::text/g)].map((match) => match[1]),
      ]),
    );
    const postgresTables = tablesOf(postgresSchema);
    let enums = 0;
    for (const [name, sqliteTable] of tablesOf(sqliteSchema)) {
      const postgresColumns = Object.values(getTableColumns(postgresTables.get(name)!));
      for (const column of Object.values(getTableColumns(sqliteTable))) {
        if (!('enumValues' in column) || !column.enumValues) continue;
        const twin = postgresColumns.find((c) => c.name === column.name) as { enumValues?: string[] } | undefined;
        expect(twin?.enumValues, `${name}.${column.name}`).toEqual(column.enumValues);
        expect(checks.get(`${name}_${column.name}_check`), `${name}.${column.name}`).toEqual(column.enumValues);
        enums += 1;
      }
    }
    expect(enums).toBeGreaterThanOrEqual(14);
  });

  it("refuses a value outside the contract's list, and takes every value on it", async () => {
    const { pool } = await freshPostgresBook();
    const insert = (type: string) =>
      pool.query("INSERT INTO customers (first_name, type, created_at, updated_at) VALUES ('Ama', $1, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')", [type]);
    await expect(insert('gold')).rejects.toMatchObject({ code: '23514', constraint: 'customers_type_check' });
    for (const type of customerTypes) await insert(type);
    expect((await pool.query('SELECT type FROM customers ORDER BY id')).rows.map((row) => row.type)).toEqual([...customerTypes]);
    await expect(pool.query("UPDATE staff SET active = 2 WHERE role = 'owner'")).rejects.toMatchObject({ code: '23514', constraint: 'staff_active_check' });
  });

  it('answers a search from its indexes: fragments, accents folded, word and phone prefixes, names in order', async () => {
    const { pool } = await freshPostgresBook();
    await pool.query(
      `INSERT INTO customers (first_name, last_name, email, phone_search, created_at, updated_at, merged_into) VALUES
         ('José', 'Núñez', 'jose.nunez@example.com', '233244123456 0244123456 244123456', 'x', 'x', NULL),
         ('Ama', 'Mensah', 'ama@example.com', '233201112222 0201112222 201112222', 'x', 'x', NULL),
         ('Jose', 'Nunez', NULL, '233244123457', 'x', 'x', 1)`,
    );
    // Enough other customers that reading the table would cost more than an index: the planner's own choice shows the index serves.
    await pool.query(
      `INSERT INTO customers (first_name, last_name, email, phone_search, created_at, updated_at)
       SELECT 'Kofi' || g, 'Boateng' || g, 'kofi' || g || '@example.org', (233550000000 + g)::text, 'x', 'x' FROM generate_series(1, 5000) AS g`,
    );
    await pool.query('ANALYZE customers, customer_search');
    // customer_search (migrations 0004, 0008) holds the searchable customers' folded texts, kept by
    // trigger, and the same texts with their punctuation coded as letters, which the trigram index reads.
    const searches = {
      fragment: `s.name_coded LIKE '%' || customer_search_code(customer_search_fold_exact('NUÑE')) || '%'`,
      'fragment with punctuation': `s.email_coded LIKE '%' || customer_search_code('.nunez@') || '%' AND s.email_folded LIKE '%.nunez@%'`,
      'word start': `s.words LIKE '% ' || customer_search_fold_exact('nú') || '%'`,
      'phone digits': `s.phone LIKE '% 024412%'`,
    };
    const found = async (where: string) =>
      (await pool.query(`SELECT c.first_name FROM customer_search s JOIN customers c ON c.id = s.customer_id WHERE ${where} ORDER BY c.id`)).rows.map((row) => row.first_name);
    for (const [what, where] of Object.entries(searches)) {
      const plan = (await pool.query(`EXPLAIN SELECT s.customer_id FROM customer_search s WHERE ${where}`)).rows.map((row) => row['QUERY PLAN']).join('\n');
      expect(plan, what).toContain('customer_search_trigram');
      // Merged records are left out: only José, never the merged Jose.
      expect(await found(where), what).toEqual(['José']);
    }
    expect(await found(`s.phone LIKE '%0201112%'`)).toEqual(['Ama']);
    // The search builds its conditions knowing which letters the coded texts use for punctuation.
    const coded = await pool.query(`SELECT customer_search_code($1) AS marks, customer_search_code('abc123ñ') AS letters`, ["._-@+'"]);
    expect(coded.rows).toEqual([{ marks: punctuationCodes, letters: 'abc123ñ' }]);
    // Names that start with what was typed, in NOCASE's order, straight from the name order index.
    const names = (await pool.query(
      `EXPLAIN SELECT id FROM customers c WHERE status = 'active' AND merged_into IS NULL AND erased_at IS NULL
         AND customer_search_nocase(first_name) COLLATE "C" >= 'kofi1' AND customer_search_nocase(first_name) COLLATE "C" < 'kofi2'
       ORDER BY customer_search_nocase(first_name) COLLATE "C", customer_search_nocase(last_name) COLLATE "C" NULLS FIRST, id LIMIT 20`,
    )).rows.map((row) => row['QUERY PLAN']).join('\n');
    expect(names).toContain('customers_search_first_name_order');
    expect(names).not.toMatch(/Sort/);
  });

  it("reads a search's first and last names that start with what was typed from the name order indexes alone, never the table (0017)", async () => {
    const { pool } = await freshPostgresBook();
    await pool.query(
      `INSERT INTO customers (first_name, last_name, created_at, updated_at)
       SELECT CASE WHEN g % 2 = 0 THEN 'Kofi' || g ELSE 'Ama' || g END, CASE WHEN g % 2 = 0 THEN 'Mensah' ELSE 'Kobby' || g END, 'x', 'x' FROM generate_series(1, 5000) AS g`,
    );
    // As autovacuum leaves a table: its pages marked all-visible, which an index-only scan needs.
    await pool.query('VACUUM (ANALYZE) customers');
    const sent: Statement[] = [];
    const ids = await searchCustomerIds(pool, { query: 'Ko', limit: 20 }, { phoneCountry: 'GH' }, (statement) => sent.push(statement));
    expect(ids).toHaveLength(20);
    // The statement that reads both name tiers at once (db/engines/postgres/customers/search.ts, `names`).
    const names = sent.filter((statement) => statement.sql.includes('AS first_names'));
    expect(names).toHaveLength(1);
    const { text, values } = queryConfig(names[0]);
    const plan = (await pool.query(`EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) ${text}`, values)).rows.map((row) => row['QUERY PLAN']).join('\n');
    expect(plan).toContain('Index Only Scan using customers_search_first_name_order');
    expect(plan).toContain('Index Only Scan using customers_search_last_name_order');
    expect(plan.match(/Heap Fetches: \d+/g)).toEqual(['Heap Fetches: 0', 'Heap Fetches: 0']);
  });

  it("counts the stats' email opt-in, the active customers with an email and those subscribed, from the partial index alone (0018)", async () => {
    const { pool } = await freshPostgresBook();
    await pool.query(
      `INSERT INTO customers (first_name, email, email_consent, status, created_at, updated_at)
       SELECT 'Kofi' || g, CASE WHEN g % 3 = 0 THEN NULL ELSE 'kofi' || g || '@example.com' END,
              (ARRAY['subscribed', 'not_asked', 'unsubscribed'])[1 + g % 3], CASE WHEN g % 10 = 0 THEN 'archived' ELSE 'active' END, 'x', 'x'
         FROM generate_series(1, 5000) AS g`,
    );
    await pool.query('VACUUM (ANALYZE) customers');
    const plan = (await pool.query(`EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) ${bookTalliesSql}`)).rows.map((row) => row['QUERY PLAN']).join('\n');
    const fromIndex = plan.split('\n').filter((line) => line.includes('Index Only Scan using customers_status_email_consent_with_email'));
    expect(fromIndex).toHaveLength(2);
    const tallies = (await pool.query<{ withEmail: string; subscribed: string }>(bookTalliesSql)).rows[0];
    const counted = (await pool.query<{ with_email: string; subscribed: string }>(
      "SELECT count(*) FILTER (WHERE email IS NOT NULL) AS with_email, count(*) FILTER (WHERE email IS NOT NULL AND email_consent = 'subscribed') AS subscribed FROM customers WHERE status = 'active'",
    )).rows[0];
    expect([Number(tallies.withEmail), Number(tallies.subscribed)]).toEqual([Number(counted.with_email), Number(counted.subscribed)]);
  });

  it("reads the directory's pages by spend and by last visit, filtered by type, from an index in the page's order", async () => {
    const { pool } = await freshPostgresBook();
    await pool.query(
      `INSERT INTO customers (first_name, type, total_spent, last_purchase_at, created_at, updated_at)
       SELECT 'Kofi' || g, (ARRAY['walk_in', 'regular', 'vip', 'wholesale'])[1 + g % 4], (g * 7919) % 100000,
              CASE WHEN g % 5 = 0 THEN NULL ELSE '2026-' || lpad((1 + g % 12)::text, 2, '0') || '-01T10:00:00.000Z' END, 'x', 'x'
         FROM generate_series(1, 20000) AS g`,
    );
    await pool.query('ANALYZE customers');
    // What db/customers/service.ts pageOfAll sends for a type filter and each sort, newest or biggest first.
    const pages = {
      customers_directory_type_spent: 'c.total_spent DESC, c.id DESC',
      customers_directory_type_last_purchase: 'c.last_purchase_at DESC NULLS LAST, c.id DESC',
    };
    for (const [index, order] of Object.entries(pages)) {
      const plan = (
        await pool.query(`EXPLAIN SELECT c.id FROM customers c WHERE c.status = 'active' AND c.erased_at IS NULL AND c.type = 'regular' ORDER BY ${order} LIMIT 50 OFFSET 100`)
      ).rows
        .map((row) => row['QUERY PLAN'])
        .join('\n');
      expect(plan, index).toContain(index);
      // Walked in order: no sort of the filtered customers for each page.
      expect(plan, index).not.toMatch(/Sort/);
    }
  });
});
