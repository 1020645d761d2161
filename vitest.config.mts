import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts'],
    // Real SQLite files and worker threads: run files in separate forks, with room for a 50k-row write.
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // One throwaway PostgreSQL server per run (about 3 s to start) for the tests of the PostgreSQL engine.
    globalSetup: ['tests/support/postgres-global-setup.ts'],
  },
});
