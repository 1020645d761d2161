// vitest's globalSetup: one throwaway PostgreSQL server for the whole `vitest run`, shared by every
// test file through `inject('postgres')`; each file makes its own databases on it.
import type { TestProject } from 'vitest/node';
import { findPostgresBinaries, startCluster, stopCluster } from './postgres-cluster';

export interface PostgresForTests {
  /** The folder holding the server's socket; null when there is no server. */
  socketDir: string | null;
  /** Why there is no server. */
  problem: string | null;
  /** The binaries are not installed here: the one case a developer's run may skip the tests. */
  missing: boolean;
}

declare module 'vitest' {
  export interface ProvidedContext {
    postgres: PostgresForTests;
  }
}

export default function setup(project: TestProject): (() => void) | undefined {
  const bindir = findPostgresBinaries();
  if (!bindir) {
    project.provide('postgres', { socketDir: null, missing: true, problem: "PostgreSQL's initdb was not found (install Debian's postgresql package, or put its bin folder on PATH)" });
    return undefined;
  }
  try {
    const cluster = startCluster(bindir);
    project.provide('postgres', { socketDir: cluster.dir, missing: false, problem: null });
    return () => stopCluster(cluster);
  } catch (error) {
    // The other suites still run; the PostgreSQL ones fail with this reason.
    project.provide('postgres', { socketDir: null, missing: false, problem: `the test server did not start: ${(error as Error).message}` });
    return undefined;
  }
}
