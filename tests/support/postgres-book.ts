// Databases on the test run's PostgreSQL server (tests/support/postgres-global-setup.ts), one per test
// or per file, each dropped afterwards.
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import pg from 'pg';
import { inject, onTestFinished } from 'vitest';
import { openPostgresBook, type OpenedPostgresBook, type PostgresOpenOptions } from '../../db/engines/postgres/open';
import { clusterUrl } from './postgres-cluster';

const server = inject('postgres');

export const postgresMigrationsFolder = path.resolve(__dirname, '..', '..', 'db', 'engines', 'postgres', 'migrations');

/**
 * Whether PostgreSQL suites skip: only on a developer's machine without the binaries. In CI, or when
 * the server failed to start, they run and fail with the reason, as a missing soffice does not skip
 * the LibreOffice check in CI.
 */
export const skipPostgres = server.socketDir === null && server.missing && !process.env.CI;
if (skipPostgres) console.warn(`Skipping the PostgreSQL tests: ${server.problem}`);

function socketDir(): string {
  if (server.socketDir === null) throw new Error(`No PostgreSQL server for the tests: ${server.problem}`);
  return server.socketDir;
}

async function asAdmin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: clusterUrl(socketDir(), 'postgres') });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export interface TestDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

/**
 * An empty database with a random name; `drop` closes whatever is still connected to it. `template`:
 * a copy of that database instead (nobody may be connected to it), or `migrated`, a copy of the run's
 * template: the schema in it, as a book's first open leaves it before it writes the first settings
 * and owner.
 */
export async function createTestDatabase(from: { template?: string; migrated?: boolean } = {}): Promise<TestDatabase> {
  const name = `regulars_test_${randomBytes(6).toString('hex')}`;
  const template = from.template ?? (from.migrated ? server.template : null);
  await asAdmin((client) => client.query(`CREATE DATABASE ${name}${template ? ` TEMPLATE ${template}` : ''}`));
  return {
    name,
    url: clusterUrl(socketDir(), name),
    drop: () => asAdmin((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}

/** Inside a test: an empty database (or a copy: see createTestDatabase), dropped when the test ends. */
export async function freshTestDatabase(from: { template?: string; migrated?: boolean } = {}): Promise<TestDatabase> {
  const database = await createTestDatabase(from);
  onTestFinished(() => database.drop());
  return database;
}

export const testDefaults = { currency: 'GHS', phoneCountry: 'GH', timeZone: 'Africa/Accra', locale: 'en-GH' };

/** Inside a test: a newly opened book on its own database, closed and dropped when the test ends. */
export async function freshPostgresBook(options: PostgresOpenOptions = {}): Promise<OpenedPostgresBook & { database: TestDatabase }> {
  const database = await freshTestDatabase({ migrated: true });
  const book = await openPostgresBook(database.url, { migrationsFolder: postgresMigrationsFolder, defaults: testDefaults, ...options });
  // Registered after the drop, so it runs first (vitest runs these last-registered first).
  onTestFinished(() => book.close());
  return { ...book, database };
}
