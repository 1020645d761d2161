import { drizzle } from 'drizzle-orm/node-postgres';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { PgDialect, type PgSession } from 'drizzle-orm/pg-core';
import pg from 'pg';
import { DomainError } from '../../errors';
import { DatabaseOpenError, readJournal } from '../../open';
import { appliedMigrations, bookTypes, defaultPostgresMigrationsFolder, openLock, refuseUnknownMigrations } from '../postgres/open';
import { reasonOf } from '../postgres/reason';
import { derivedFilledAfterMove, derivedTables } from '../postgres/schema';
import { passwordHider } from '../postgres/url';
import type { MovedTable } from './plan';
import type { BookReader, BookWriter, Row } from './side';

const quote = (name: string) => `"${name}"`;

/** drizzle's bookkeeping table, the one table a Regulars database holds besides the book's own. */
const migrationsTable = 'drizzle.__drizzle_migrations';

async function connect(url: string): Promise<pg.Client> {
  const hide = passwordHider(url);
  const client = new pg.Client({ connectionString: url, types: bookTypes, connectionTimeoutMillis: 10_000 });
  // A connection the server drops is reported by the next statement; without a listener the process would crash.
  client.on('error', () => {});
  try {
    await client.connect();
  } catch (error) {
    throw new DatabaseOpenError(`Could not reach the customer book at ${hide(url)}: ${hide(reasonOf(error))}`);
  }
  return client;
}

/** The reads both ends of a move make, on a connection that is already inside its transaction. */
function postgresReads(client: pg.Client): Omit<BookReader, 'close'> {
  const rows = async (text: string, values: unknown[]) => (await client.query<Row>({ text, values, rowMode: 'array' })).rows;
  return {
    count: async (table) => Number((await rows(`SELECT count(*) FROM ${quote(table.name)}`, []))[0][0]),
    page: async (table, columns, after, limit) => {
      const select = `SELECT ${columns.map(quote).join(', ')} FROM ${quote(table.name)}`;
      const order = `ORDER BY ${quote(table.key)} LIMIT $1`;
      return after === null ? rows(`${select} ${order}`, [limit]) : rows(`${select} WHERE ${quote(table.key)} > $2 ${order}`, [limit, after]);
    },
    highWater: async (table) =>
      Number((await rows('SELECT coalesce(pg_sequence_last_value(pg_get_serial_sequence($1, $2)::regclass), 0)', [table.name, table.key]))[0][0]),
  };
}

/**
 * A PostgreSQL book to move from: one REPEATABLE READ, READ ONLY transaction, so every read sees the
 * same state of the book while the tills go on writing, and nothing is written to it. It must be
 * up to date with this app's migrations, as a SQLite book opened as a reader must be.
 */
export async function openPostgresSource(url: string, migrationsFolder = defaultPostgresMigrationsFolder()): Promise<BookReader> {
  const shown = passwordHider(url)(url);
  const known = readJournal(migrationsFolder);
  const client = await connect(url);
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const applied = await appliedMigrations(client);
    if (applied.length === 0) throw new DatabaseOpenError(`There is no customer book at ${shown}.`);
    refuseUnknownMigrations(applied, known);
    if (applied.length < known.length) {
      throw new DatabaseOpenError(`The customer book at ${shown} is from an older version of Regulars: open it with this version once, then move it.`);
    }
  } catch (error) {
    await client.end().catch(() => {});
    throw error;
  }
  return {
    ...postgresReads(client),
    close: async () => {
      await client.query('COMMIT').catch(() => {});
      await client.end().catch(() => {});
    },
  };
}

/**
 * The PostgreSQL database to move into, inside one transaction that ends only with `commit` or
 * `rollback`: the schema is brought up to date within it too (PostgreSQL's DDL is transactional),
 * so a failed move leaves the database as it found it. It holds the lock every till's open takes,
 * so no till opens the book half moved. A database holding tables of anything but Regulars is refused.
 */
export async function openPostgresDestination(url: string, tables: MovedTable[], migrationsFolder = defaultPostgresMigrationsFolder()): Promise<BookWriter> {
  const shown = passwordHider(url)(url);
  const known = readJournal(migrationsFolder);
  const client = await connect(url);
  const run = (text: string, values: unknown[] = []) => client.query(text, values);
  let open = true;
  let deferred: string[] = [];
  const rollback = async () => {
    if (!open) return;
    open = false;
    await run('ROLLBACK').catch(() => {});
    await client.end().catch(() => {});
  };
  try {
    await run('BEGIN');
    await run(`SELECT pg_advisory_xact_lock(${openLock})`);
    await refuseOtherTables(client, tables, shown);
    refuseUnknownMigrations(await appliedMigrations(client), known);
    await migrateInTransaction(client, migrationsFolder);
    deferred = await dropIndexesAndForeignKeys(client, tables);
    for (const derived of derivedFilledAfterMove) await run(`ALTER TABLE ${derived.table} DISABLE TRIGGER ${derived.trigger}`);
  } catch (error) {
    await rollback();
    throw error;
  }

  const maxKey = async (table: MovedTable) =>
    Number((await client.query<Row>({ text: `SELECT coalesce(max(${quote(table.key)}), 0) FROM ${quote(table.name)}`, rowMode: 'array' })).rows[0][0]);

  return {
    ...postgresReads(client),
    deleteAll: async (table) => {
      await run(`DELETE FROM ${quote(table.name)}`);
    },
    // One statement per batch, each column as one typed array: a handful of parameters however many rows.
    insert: async (table, rows) => {
      const arrays = table.columns.map((_, i) => rows.map((row) => row[i]));
      const unnest = table.postgresTypes.map((type, i) => `$${i + 1}::${type}[]`).join(', ');
      await run(`INSERT INTO ${quote(table.name)} (${table.columns.map(quote).join(', ')}) SELECT * FROM unnest(${unnest})`, arrays);
    },
    setColumn: async (table, column, pairs) => {
      const keyType = table.postgresTypes[table.columns.indexOf(table.key)];
      const valueType = table.postgresTypes[table.columns.indexOf(column)];
      await run(
        `UPDATE ${quote(table.name)} AS t SET ${quote(column)} = v.value FROM unnest($1::${keyType}[], $2::${valueType}[]) AS v(key, value) WHERE t.${quote(table.key)} = v.key`,
        [pairs.map(([key]) => key), pairs.map(([, value]) => value)],
      );
    },
    raiseCounter: async (table, value) => {
      const last = Math.max(value, await maxKey(table));
      // setval(…, 1, false): nothing handed out yet, the next id is 1.
      await run('SELECT setval(pg_get_serial_sequence($1, $2), $3, $4)', [table.name, table.key, Math.max(last, 1), last > 0]);
    },
    // The indexes (the search's among them) built and the foreign keys checked once over all the rows.
    finishDerived: async () => {
      // Building an index sorts its rows in this much memory before spilling to disk; for this transaction only.
      await run("SET LOCAL maintenance_work_mem = '256MB'");
      for (const derived of derivedFilledAfterMove) {
        await run(derived.fill);
        await run(`ALTER TABLE ${derived.table} ENABLE TRIGGER ${derived.trigger}`);
      }
      for (const statement of deferred) await run(statement);
      deferred = [];
    },
    commit: async () => {
      await run('COMMIT');
      open = false;
      // The planner's statistics for the tables just filled, rather than waiting for autovacuum to notice.
      await run('ANALYZE').catch(() => {});
      await client.end().catch(() => {});
    },
    rollback,
    close: rollback,
  };
}

async function refuseOtherTables(client: pg.Client, tables: MovedTable[], shown: string): Promise<void> {
  const { rows } = await client.query<{ name: string }>(
    "SELECT schemaname || '.' || tablename AS name FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1",
  );
  const regulars = new Set([migrationsTable, ...[...tables.map((table) => table.name), ...derivedTables].map((name) => `public.${name}`)]);
  const others = rows.map((row) => row.name).filter((name) => !regulars.has(name));
  if (others.length > 0) {
    throw new DomainError('conflict', `The database at ${shown} holds tables that are not a Regulars book's (${others.slice(0, 5).join(', ')}${others.length > 5 ? ', …' : ''}): move the book into an empty database.`, {
      fields: { to: 'not empty' },
    });
  }
}

/**
 * Drops the moved tables' indexes (all but their keys, and the derived tables' too, which their
 * triggers fill as the rows go in) and foreign keys, and returns the statements
 * that make them again, indexes first. An index built once over a million rows takes a fraction of
 * the time of one kept up row by row (the search's trigram index most of all), and a foreign key
 * added to a full table is checked by one join instead of a lookup per row: as the SQLite search
 * index is written once at the end of an import. The statements are the database's own
 * (pg_get_indexdef, pg_get_constraintdef), so what the migrations made is made again as it was,
 * and the keys are checked before the move commits; a failure rolls the drops back with the rest.
 */
async function dropIndexesAndForeignKeys(client: pg.Client, tables: MovedTable[]): Promise<string[]> {
  const names = tables.map((table) => table.name);
  const foreignKeys = await client.query<{ table_name: string; name: string; definition: string }>(
    `SELECT format('%I', t.relname) AS table_name, format('%I', k.conname) AS name, pg_get_constraintdef(k.oid) AS definition
       FROM pg_constraint k JOIN pg_class t ON t.oid = k.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace
      WHERE k.contype = 'f' AND n.nspname = 'public' AND t.relname = ANY($1)
      ORDER BY 1, 2`,
    [names],
  );
  for (const key of foreignKeys.rows) await client.query(`ALTER TABLE ${key.table_name} DROP CONSTRAINT ${key.name}`);
  const indexes = await client.query<{ name: string; definition: string }>(
    `SELECT format('%I.%I', n.nspname, c.relname) AS name, pg_get_indexdef(i.indexrelid) AS definition
       FROM pg_index i
       JOIN pg_class c ON c.oid = i.indexrelid
       JOIN pg_class t ON t.oid = i.indrelid
       JOIN pg_namespace n ON n.oid = t.relnamespace
      WHERE n.nspname = 'public' AND t.relname = ANY($1)
        AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)
      ORDER BY 1`,
    [[...names, ...derivedTables]],
  );
  for (const index of indexes.rows) await client.query(`DROP INDEX ${index.name}`);
  return [
    ...indexes.rows.map((index) => index.definition),
    ...foreignKeys.rows.map((key) => `ALTER TABLE ${key.table_name} ADD CONSTRAINT ${key.name} ${key.definition}`),
  ];
}

/**
 * drizzle's own migrator, inside the transaction already open: its `transaction` would BEGIN and
 * COMMIT by itself (committing the move half done), so here it runs the migrations in this one.
 */
async function migrateInTransaction(client: pg.Client, migrationsFolder: string): Promise<void> {
  const db = drizzle(client);
  const session: PgSession = db._.session as never;
  const inThisTransaction: PgSession = Object.create(session);
  inThisTransaction.transaction = (work) => work(db as never);
  await new PgDialect().migrate(readMigrationFiles({ migrationsFolder }), inThisTransaction, { migrationsFolder });
}
