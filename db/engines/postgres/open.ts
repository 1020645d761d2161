import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import { DatabaseOpenError, readJournal } from '../../open';
import { defaultSettings, type SettingsDefaults } from '../../settings/defaults';
import * as schema from './schema';
import { passwordHider, postgresUrl } from './url';
import { reasonOf } from './reason';

export type PostgresDb = NodePgDatabase<typeof schema>;

export interface OpenedPostgresBook {
  pool: pg.Pool;
  db: PostgresDb;
  /** The book's address with its password hidden: the only form of it fit to show or log. */
  url: string;
  /** The migrations this open applied, by tag (for the support log); empty when none were due. */
  migrated: string[];
  close(): Promise<void>;
}

export interface PostgresOpenOptions {
  /** Where the committed migrations are; the packaged app resolves it from its own path. */
  migrationsFolder?: string;
  defaults?: Partial<SettingsDefaults>;
  /** How long to wait for the server before saying it cannot be reached. */
  connectTimeoutMs?: number;
  /** Connections the book may hold at once. */
  maxConnections?: number;
}

export const defaultPostgresMigrationsFolder = (): string => path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

/** SQL-standard function bodies (the search migration) arrived in PostgreSQL 14. */
const oldestServer = { number: 140000, name: '14' };

/**
 * Held while one open migrates and fills in the first rows, so that tills opening an empty database
 * together wait for it rather than racing it. Advisory locks are per database: books on one server
 * do not wait for each other.
 */
export const openLock = "hashtextextended('regulars:open', 0)";

/** drizzle's own bookkeeping table, where its PostgreSQL migrator keeps it. */
const migrationsTable = 'drizzle.__drizzle_migrations';

/**
 * The core reads rows raw, and counts and money as numbers, as better-sqlite3 gives them. node-postgres
 * returns bigint (money columns, count(*)) and numeric (sum of a bigint) as strings, to be safe past
 * 2^53; minor units of a shop's sales stay far below that, so they are read as numbers. Set on this
 * pool only: another user of `pg` in the process keeps the driver's defaults.
 */
export const bookTypes: pg.CustomTypesConfig = {
  getTypeParser: (oid: number, format?: 'text' | 'binary') =>
    oid === pg.types.builtins.INT8 || oid === pg.types.builtins.NUMERIC ? Number : pg.types.getTypeParser(oid, format),
};

/**
 * The address the book's connections use: the shop's, with JIT turned off for them (added to its own
 * `options`, which `pg` takes from the address over any given beside it). A book's statements are
 * short, and the few PostgreSQL costs high enough to compile (the dashboard's, over every customer)
 * spent 300 ms compiling for 400 ms of work at 100,000 customers.
 */
function withoutJit(url: string): string {
  const address = new URL(url);
  address.searchParams.set('options', [address.searchParams.get('options'), '-c jit=off'].filter(Boolean).join(' '));
  return address.toString();
}

/**
 * Opens the shared book at `url`: connects, brings the schema up to date and fills in the first
 * settings and owner, as `openDatabase` does for a file. Several tills may open the same empty
 * database at once: a lock makes one of them migrate while the others wait, then find nothing to do.
 */
export async function openPostgresBook(url: string, options: PostgresOpenOptions = {}): Promise<OpenedPostgresBook> {
  // What goes into a message from outside (the address, the driver's or the server's words) goes
  // through `hide` first: wherever the password was echoed, it is not in the message.
  const hide = passwordHider(url);
  const shown = hide(url);
  const parsed = postgresUrl.safeParse(url);
  if (!parsed.success) throw new DatabaseOpenError(`${parsed.error.issues[0]?.message ?? 'Not a PostgreSQL address'}; got ${shown || 'nothing'}.`);
  const migrationsFolder = options.migrationsFolder ?? defaultPostgresMigrationsFolder();
  const known = readJournal(migrationsFolder);

  const pool = new pg.Pool({
    connectionString: withoutJit(parsed.data),
    types: bookTypes,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 10_000,
    max: options.maxConnections ?? 10,
  });
  // A connection the server drops while idle is reported here, and the pool replaces it on the next
  // query, which reports its own failure: without a listener, the process would crash instead.
  pool.on('error', () => {});

  let client: pg.PoolClient;
  try {
    client = await pool.connect();
  } catch (error) {
    await pool.end().catch(() => {});
    throw new DatabaseOpenError(`Could not reach the customer book at ${shown}: ${hide(reasonOf(error))}`);
  }

  // A checked-out connection has no listener of the pool's: if the server drops it between two
  // statements, the next statement fails and says so, instead of the process crashing on the event.
  const ignoreLostConnection = () => {};
  client.on('error', ignoreLostConnection);
  let migrated: string[];
  try {
    const version = Number((await client.query<{ v: string }>('SHOW server_version_num')).rows[0].v);
    if (version < oldestServer.number) {
      throw new DatabaseOpenError(`The server at ${shown} runs PostgreSQL ${Math.floor(version / 10000)}; Regulars needs PostgreSQL ${oldestServer.name} or newer.`);
    }
    await client.query(`SELECT pg_advisory_lock(${openLock})`);
    try {
      const before = await appliedMigrations(client);
      refuseUnknownMigrations(before, known);
      await migrate(drizzle(client), { migrationsFolder });
      migrated = known.slice(before.length, (await appliedMigrations(client)).length).map((m) => m.tag);
      await ensureInitialised(client, { ...defaultSettings(), ...options.defaults });
    } finally {
      await client.query(`SELECT pg_advisory_unlock(${openLock})`).catch(() => {});
    }
  } catch (error) {
    // A connection that failed mid-open is closed rather than returned to a pool that is closing anyway.
    client.release(true);
    await pool.end().catch(() => {});
    if (error instanceof DatabaseOpenError) throw error;
    throw new DatabaseOpenError(`Could not open the customer book at ${shown}: ${hide(reasonOf(error))}`);
  }
  client.off('error', ignoreLostConnection);
  client.release();

  return { pool, db: drizzle(pool, { schema }), url: shown, migrated, close: () => pool.end() };
}

/** `created_at` of each applied migration (drizzle's name for the journal's `when`), oldest first. */
export async function appliedMigrations(client: pg.ClientBase): Promise<number[]> {
  const exists = await client.query<{ found: string | null }>(`SELECT to_regclass('${migrationsTable}') AS found`);
  if (!exists.rows[0].found) return [];
  const rows = await client.query<{ created_at: number }>(`SELECT created_at FROM ${migrationsTable} ORDER BY created_at`);
  return rows.rows.map((row) => Number(row.created_at));
}

/**
 * drizzle applies a migration only when it is newer than the last one applied, so a book from a newer
 * app, or a migration merged out of order, would otherwise pass silently: the applied set must be
 * exactly a prefix of the known one (the rule `checkAppliedMigrations` keeps for SQLite books).
 */
export function refuseUnknownMigrations(applied: number[], known: { when: number; tag: string }[]): void {
  const knownWhen = known.map((m) => m.when);
  if (applied.some((when) => !knownWhen.includes(when))) {
    throw new DatabaseOpenError('This customer book was written by a newer version of Regulars. Update Regulars to open it; nothing was changed.');
  }
  const skipped = applied.findIndex((when, i) => knownWhen[i] !== when);
  if (skipped >= 0) {
    throw new DatabaseOpenError(`This customer book skipped migration ${known[skipped].tag}; it will not be opened so that no change is applied out of order.`);
  }
}

/** First open: the shop's settings from the system locale, and the owner as the first member of staff. */
async function ensureInitialised(client: pg.PoolClient, defaults: SettingsDefaults): Promise<void> {
  const now = new Date().toISOString();
  await client.query('BEGIN');
  try {
    await client.query(
      `INSERT INTO settings (id, shop_name, currency, phone_country, locale, time_zone, updated_at)
       VALUES (1, $1, $2, $3, $4, $5, $6) ON CONFLICT (id) DO NOTHING`,
      [defaults.shopName, defaults.currency, defaults.phoneCountry, defaults.locale, defaults.timeZone, now],
    );
    await client.query(
      "INSERT INTO staff (name, role, created_at) SELECT 'Owner', 'owner', $1 WHERE NOT EXISTS (SELECT 1 FROM staff WHERE role = 'owner')",
      [now],
    );
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  }
}
