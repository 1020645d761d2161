import pg from 'pg';
import { movedTables } from '../move/plan';
import { reasonOf } from './reason';
import { derivedTables } from './schema';
import { passwordHider } from './url';

/** What a PostgreSQL database holds, seen before a till connects to it. */
export type PostgresDatabaseKind =
  /** No tables at all: a new book, or the place to move this PC's book into. */
  | { kind: 'empty' }
  /** A Regulars book (drizzle's journal and nothing but the book's tables), with how many customers it has. */
  | { kind: 'book'; customers: number }
  /** Tables of something else: Regulars neither joins nor moves into it. */
  | { kind: 'other'; tables: string[] };

/** drizzle's bookkeeping table, the one table a Regulars database holds besides the book's own. */
const migrationsTable = 'drizzle.__drizzle_migrations';

/**
 * Looks at the database at `url` without changing it: reachable, and empty, a Regulars book, or
 * something else. One short connection, so that a wrong address or password is said before the open
 * book is closed for a switch. Throws an Error whose message hides the password when it cannot connect.
 */
export async function probePostgresDatabase(url: string, connectTimeoutMs = 10_000): Promise<PostgresDatabaseKind> {
  const hide = passwordHider(url);
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: connectTimeoutMs });
  // A connection the server drops is reported by the next statement; without a listener the process would crash.
  client.on('error', () => {});
  try {
    await client.connect();
  } catch (error) {
    throw new Error(`Could not reach ${hide(url)}: ${hide(reasonOf(error))}`);
  }
  try {
    const { rows } = await client.query<{ name: string }>(
      "SELECT schemaname || '.' || tablename AS name FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1",
    );
    const names = rows.map((row) => row.name);
    if (names.length === 0) return { kind: 'empty' };
    const regulars = new Set([migrationsTable, ...[...movedTables().map((table) => table.name), ...derivedTables].map((name) => `public.${name}`)]);
    const others = names.filter((name) => !regulars.has(name));
    if (others.length > 0 || !names.includes(migrationsTable)) return { kind: 'other', tables: others.length > 0 ? others : names };
    const customers = names.includes('public.customers') ? Number((await client.query<{ n: string }>('SELECT count(*) AS n FROM customers')).rows[0].n) : 0;
    return { kind: 'book', customers };
  } catch (error) {
    throw new Error(`Could not look into ${hide(url)}: ${hide(reasonOf(error))}`);
  } finally {
    await client.end().catch(() => {});
  }
}
