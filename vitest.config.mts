import { configDefaults, defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The files that take a minute or near it (the CI run of 2026-12-07), started first: on a fresh
 * clone vitest knows no durations, and a long file started as the others finish kept three workers
 * idle for its last half minute. The rest follow in vitest's own order.
 */
const longestFirst = [
  'postgres/search',
  'core/trust.test',
  'core/lifecycle',
  'cli/commands',
  'cli/bin',
  'cli/truth',
  'host/dev-host',
  'core/crash',
  'core/trust-audit',
  'core/fuzz',
  'core/imports.test',
  'core/consent',
];

class LongestFirst extends BaseSequencer {
  async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (file: TestSpecification) => {
      const at = longestFirst.findIndex((name) => file.moduleId.includes(`tests/unit/${name}`));
      return at === -1 ? longestFirst.length : at;
    };
    return (await super.sort(files)).map((file, order) => ({ file, order })).sort((a, b) => rank(a.file) - rank(b.file) || a.order - b.order).map(({ file }) => file);
  }
}

export default defineConfig({
  test: {
    // Real SQLite files and worker threads: run files in separate forks, with room for a 50k-row write.
    pool: 'forks',
    // Twice the cores of the CI machine: a test of either engine spends much of its time waiting on the
    // PostgreSQL server or a child process, and four files at once finished 70 s sooner than two.
    maxWorkers: 4,
    sequence: { sequencer: LongestFirst },
    testTimeout: 60_000,
    hookTimeout: 60_000,
    projects: [
      // The Electron shell's tests replace `electron` (and more) with vi.mock: each file in a module graph of its own.
      { extends: true, test: { name: 'electron shell', include: ['tests/unit/electron/**/*.test.ts'] } },
      // Everything else uses the real modules, so each fork loads them once for all its files rather than
      // once per file: that loading was 140 of the run's 300 s (on 2 cores), and is 35 s this way.
      // One throwaway PostgreSQL server per run (about 3 s to start) for the tests of the PostgreSQL engine,
      // and the bundles of the threads and processes the tests start: for this project only, as a
      // setup given to the whole run is made again for each project.
      {
        extends: true,
        test: {
          name: 'core',
          include: ['tests/unit/**/*.test.ts'],
          exclude: [...configDefaults.exclude, 'tests/unit/electron/**'],
          isolate: false,
          globalSetup: ['tests/support/postgres-global-setup.ts', 'tests/support/bundles-global-setup.ts'],
        },
      },
    ],
  },
});
