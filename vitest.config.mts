import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Real SQLite files and worker threads: run files in separate forks, with room for a 50k-row write.
    pool: 'forks',
    // Twice the cores of the CI machine: a test of either engine spends much of its time waiting on the
    // PostgreSQL server or a child process, and four files at once finished 70 s sooner than two.
    maxWorkers: 4,
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // One throwaway PostgreSQL server per run (about 3 s to start) for the tests of the PostgreSQL engine.
    globalSetup: ['tests/support/postgres-global-setup.ts'],
    projects: [
      // The Electron shell's tests replace `electron` (and more) with vi.mock: each file in a module graph of its own.
      { extends: true, test: { name: 'electron shell', include: ['tests/unit/electron/**/*.test.ts'] } },
      // Everything else uses the real modules, so each fork loads them once for all its files rather than
      // once per file: that loading was 140 of the run's 300 s (on 2 cores), and is 35 s this way.
      { extends: true, test: { name: 'core', include: ['tests/unit/**/*.test.ts'], exclude: [...configDefaults.exclude, 'tests/unit/electron/**'], isolate: false } },
    ],
  },
});
