// vitest's globalSetup: one throwaway PostgreSQL server for the whole `vitest run`, shared by every
// test file through `inject('postgres')`; each file makes its own databases on it.
import type { TestProject } from 'vitest/node';
import path from 'node:path';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import { clusterUrl, findPostgresBinaries, startCluster, stopCluster } from './postgres-cluster';

const TEMPLATE = 'regulars_template';

async function migrateTemplate(socketDir: string): Promise<void> {
  const admin = new pg.Client({ connectionString: clusterUrl(socketDir, 'postgres') });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${TEMPLATE}`);
  } finally {
    await admin.end();
  }
  const client = new pg.Client({ connectionString: clusterUrl(socketDir, TEMPLATE) });
  await client.connect();
  try {
    await migrate(drizzle(client), { migrationsFolder: path.resolve(__dirname, '..', '..', 'db', 'engines', 'postgres', 'migrations') });
  } finally {
    await client.end();
  }
}

export interface PostgresForTests {
  /** The folder holding the server's socket; null when there is no server. */
  socketDir: string | null;
  /** Why there is no server. */
  problem: string | null;
  /** The binaries are not installed here: the one case a developer's run may skip the tests. */
  missing: boolean;
  /**
   * A database with every migration applied and no rows: a test's book is copied from it
   * (CREATE DATABASE … TEMPLATE), which is much quicker than migrating each one afresh.
   */
  template: string | null;
}

declare module 'vitest' {
  export interface ProvidedContext {
    postgres: PostgresForTests;
  }
}

export default async function setup(project: TestProject): Promise<(() => void) | undefined> {
  const bindir = findPostgresBinaries();
  if (!bindir) {
    project.provide('postgres', { socketDir: null, template: null, missing: true, problem: "PostgreSQL's initdb was not found (install Debian's postgresql package, or put its bin folder on PATH)" });
    return undefined;
  }
  try {
    const cluster = startCluster(bindir);
    try {
      await migrateTemplate(cluster.dir);
    } catch (error) {
      stopCluster(cluster);
      throw error;
    }
    project.provide('postgres', { socketDir: cluster.dir, template: TEMPLATE, missing: false, problem: null });
    return () => stopCluster(cluster);
  } catch (error) {
    // The other suites still run; the PostgreSQL ones fail with this reason.
    project.provide('postgres', { socketDir: null, template: null, missing: false, problem: `the test server did not start: ${(error as Error).message}` });
    return undefined;
  }
}
