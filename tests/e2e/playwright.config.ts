import path from 'node:path';
import { defineConfig } from '@playwright/test';

const root = path.resolve(__dirname, '..', '..');

/** Chromium from the system (Playwright's own download is not available here). */
export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export default defineConfig({
  testDir: __dirname,
  testMatch: '**/*.spec.ts',
  globalSetup: path.join(__dirname, 'global-setup.ts'),
  // Artifacts (screenshots, traces) per test, under the repo's test-results/.
  outputDir: path.join(root, 'test-results', 'e2e'),
  // Every test has its own data folder and host (the specs with a server of their own hold one test
  // each), so a long spec's tests are shared between the workers rather than run by one after another.
  fullyParallel: true,
  // The @screenshots specs make the README's pictures (UPDATE_SCREENSHOTS=1 writes them to
  // docs/screenshots/): a minute and a half of screenshots on two cores, what they click through is
  // covered by the other specs, so `npm test` leaves them out and UPDATE_SCREENSHOTS=1 runs them.
  grepInvert: process.env.UPDATE_SCREENSHOTS === '1' ? undefined : /@screenshots/,
  // Two at once on the two-core CI machine: a test mostly waits on a host, a page load or a reply.
  workers: Number(process.env.E2E_WORKERS ?? 2),
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  forbidOnly: !!process.env.CI,
  // Reporter paths resolve against this file's folder, so the JSON summary is named from the repo root:
  // <repo>/test-results/e2e-results.json, which the test runner script reads.
  reporter: [['list'], ['json', { outputFile: path.join(root, 'test-results', 'e2e-results.json') }]],
  use: {
    browserName: 'chromium',
    headless: true,
    viewport: { width: 1280, height: 800 },
    locale: 'en-GB',
    screenshot: 'only-on-failure',
    // As a shop PC set to reduce motion: Mantine then skips its transitions (theme.respectReducedMotion),
    // so no test waits on or renders a dialog's or a toast's animation.
    contextOptions: { reducedMotion: 'reduce' },
    // A trace records every action's DOM, costly across fifty tests on two cores: E2E_TRACE=1 keeps one per failure.
    trace: process.env.E2E_TRACE === '1' ? 'retain-on-failure' : 'off',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: chromiumArgs,
    },
  },
});
