import path from 'node:path';
import { defineConfig } from '@playwright/test';

const root = path.resolve(__dirname, '..', '..');

/** The Electron smoke test: one real app launch. It skips, saying why, where no Electron binary exists. */
export default defineConfig({
  testDir: __dirname,
  testMatch: 'smoke.spec.ts',
  outputDir: path.join(root, 'test-results', 'electron'),
  // The first run builds the app and may fetch an Electron build of better-sqlite3.
  timeout: 180_000,
  expect: { timeout: 15_000 },
  workers: 1,
  retries: 0,
  forbidOnly: !!process.env.CI,
  // scripts/run-tests.mjs (npm test) reads <repo>/test-results/electron-results.json for its totals.
  reporter: [['list'], ['json', { outputFile: path.join(root, 'test-results', 'electron-results.json') }]],
});
