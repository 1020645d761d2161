import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test as base, expect, type Page } from '@playwright/test';
import { isQueued, type InputOf, type MethodName, type OutputOf, type QueuedWrite, type RegularsApi, type Settings } from '../../shared/contract';
import type { Result } from '../../shared/result';
import { builtDevHostCommand, callDevHost, startDevHost, stopDevHost } from '../../scripts/dev-host-support';
import { DirectoryPage } from './pages/DirectoryPage';
import { NewCustomerDialog } from './pages/NewCustomerDialog';
import { ProfilePage } from './pages/ProfilePage';
import { QuickSaleDialog } from './pages/QuickSaleDialog';

const root = path.resolve(__dirname, '..', '..');
const tsx = path.join(root, 'node_modules', '.bin', process.platform === 'win32' ? 'tsx.cmd' : 'tsx');

export interface DevHost {
  /** The URL the host printed first, with its token. */
  url: string;
  dataDir: string;
  dbFile: string;
}

/** The owner every test signs in as, unless it opts out with test.use({ signIn: false }). */
export const owner = { name: 'Owner', pin: '1234' } as const;

/** A shop in Ghana: the acceptance test's amounts read GH₵ and phones 024 412 3456. */
export const ghanaShop: Partial<Settings> = {
  shopName: 'Osu Corner Shop',
  currency: 'GHS',
  phoneCountry: 'GH',
  locale: 'en-GH',
  timeZone: 'Africa/Accra',
};

/** Calls the contract from inside the page, through the same window.regulars the UI uses. */
export async function callApi<K extends MethodName>(page: Page, method: K, input: InputOf<K>): Promise<OutputOf<K>> {
  const result = (await page.evaluate(
    ([m, i]) => (window as unknown as { regulars: RegularsApi }).regulars.call(m as MethodName, i as never),
    [method, input] as const,
  )) as Result<OutputOf<K>>;
  if (!result.ok) throw new Error(`${method} failed: ${result.error.code}: ${result.error.message}`);
  return result.value;
}

/** The book's own answer to a sale or note a test expects recorded (its book is on this PC, or its server up): kept at the till instead fails it. */
export function inBook<T>(answer: T | QueuedWrite): T {
  if (isQueued(answer)) throw new Error(`The ${answer.kind} was kept at the till (${answer.ref}), not recorded in the book`);
  return answer;
}

/** Calls the contract over the dev host's HTTP API, as the page's bridge does (the page's session too). */
export const callHost = callDevHost;

interface Fixtures {
  host: DevHost;
  /** Set up the owner (Owner, PIN 1234) before the page opens, so the app opens signed in. False leaves the first-run screen. */
  signIn: boolean;
  /** Settings applied before the test starts; override with test.use({ shop: {...} }). */
  shop: Partial<Settings>;
  /** Customers written by scripts/seed.ts into the data folder before the dev host starts (0: a fresh, empty book). */
  seedCustomers: number;
  /** The app open in the page, with the shop's settings in place. */
  app: Page;
  directory: DirectoryPage;
  profile: ProfilePage;
  quickSale: QuickSaleDialog;
  newCustomer: NewCustomerDialog;
}

export const test = base.extend<Fixtures>({
  shop: [ghanaShop, { option: true }],
  seedCustomers: [0, { option: true }],
  signIn: [true, { option: true }],

  host: async ({ seedCustomers, signIn }, use, testInfo) => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'regulars-e2e-'));
    const dbFile = path.join(dataDir, 'regulars.db');
    if (seedCustomers > 0) {
      // The project's own deterministic seeding script, the same the benchmark uses.
      const { stdout } = await promisify(execFile)(tsx, ['scripts/seed.ts', '--db', dbFile, '--customers', String(seedCustomers), '--seed', '1'], {
        cwd: root,
        maxBuffer: 1 << 20,
      });
      await testInfo.attach('seed-summary', { body: stdout });
    }
    // The built host (global-setup builds it): starting it compiles nothing, unlike tsx from source.
    const running = await startDevHost(dbFile, { host: builtDevHostCommand, nodeEnv: 'test' });
    try {
      const host: DevHost = { url: running.url, dataDir, dbFile };
      if (signIn) {
        const setup = await callHost(host, 'auth.setupOwner', owner);
        if (!setup.ok) throw new Error(`auth.setupOwner failed: ${setup.error.code}: ${setup.error.message}`);
      }
      await use(host);
    } finally {
      await stopDevHost(running);
      const stderr = running.stderr();
      if (stderr.trim() && testInfo.status !== testInfo.expectedStatus) await testInfo.attach('dev-host-stderr', { body: stderr });
      await rm(dataDir, { recursive: true, force: true });
    }
  },

  app: async ({ page, host, shop, signIn }, use, testInfo) => {
    // Uncaught exceptions and console errors (CSP violations among them) fail the test.
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console error: ${message.text()} (${message.location().url})`);
    });
    // The owner set up over HTTP is the page's session too, so the shop's settings go in before the
    // page first loads (signed out, they wait: only the owner may change them, and the page shows owner setup).
    if (signIn && Object.keys(shop).length > 0) {
      const updated = await callHost(host, 'settings.update', shop);
      if (!updated.ok) throw new Error(`settings.update failed: ${updated.error.code}: ${updated.error.message}`);
    }
    await page.goto(host.url);
    if (signIn) {
      // The top bar shows the shop's name once settings have loaded.
      await expect(page.getByRole('banner')).toContainText(shop.shopName ?? '');
    }
    await use(page);
    if (problems.length > 0) await testInfo.attach('browser-errors', { body: problems.join('\n') });
    expect(problems, 'errors in the browser console').toEqual([]);
  },

  directory: async ({ app }, use) => use(new DirectoryPage(app)),
  profile: async ({ app }, use) => use(new ProfilePage(app)),
  quickSale: async ({ app }, use) => use(new QuickSaleDialog(app)),
  newCustomer: async ({ app }, use) => use(new NewCustomerDialog(app)),
});

export { expect };
