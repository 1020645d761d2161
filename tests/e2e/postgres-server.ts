import pg from 'pg';
import { clusterUrl, findPostgresBinaries, startCluster, stopCluster, type PostgresCluster } from '../support/postgres-cluster';
import { test } from './fixtures';

const missing = "PostgreSQL's initdb was not found (install Debian's postgresql package)";

/**
 * A throwaway PostgreSQL server for a spec of the shared book: initdb in a temp folder, listening on
 * a socket only, started before the spec's tests and stopped after them. Called at the top of the
 * spec. As the unit suites do, only a developer's machine without PostgreSQL skips; CI fails without it.
 */
export function useThrowawayServer() {
  const bindir = findPostgresBinaries();
  test.skip(bindir === null && !process.env.CI, missing);
  let started: PostgresCluster | undefined;
  test.beforeAll(() => {
    if (bindir === null) throw new Error(missing);
    started = startCluster(bindir);
  });
  test.afterAll(() => {
    if (started) stopCluster(started);
  });

  const server = {
    get cluster(): PostgresCluster {
      if (!started) throw new Error('The throwaway PostgreSQL server is started in beforeAll');
      return started;
    },
    /** The address of `database` on this server. */
    url: (database: string) => clusterUrl(server.cluster.dir, database),
    /** `work` on one connection to `database`, closed after it. */
    async onDatabase<T>(database: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
      const client = new pg.Client({ connectionString: server.url(database) });
      await client.connect();
      try {
        return await work(client);
      } finally {
        await client.end();
      }
    },
    /** A new empty database, by its address. */
    async createDatabase(name: string): Promise<string> {
      await server.onDatabase('postgres', (client) => client.query(`CREATE DATABASE ${name}`));
      return server.url(name);
    },
  };
  return server;
}
