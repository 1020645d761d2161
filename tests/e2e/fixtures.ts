import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { promisify } from 'node:util';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test as base, expect, type Page } from '@playwright/test';
import type { InputOf, MethodName, OutputOf, RegularsApi, Settings } from '../../shared/contract';
import type { Result } from '../../shared/result';
import { DirectoryPage } from './pages/DirectoryPage';
import { NewCustomerDialog } from './pages/NewCustomerDialog';
import { ProfilePage } from './pages/ProfilePage';
import { QuickSaleDialog } from './pages/QuickSaleDialog';

const root = path.resolve(__dirname, '..', '..');
const tsx = path.join(root, 'node_modules', '.bin', process.platform === 'win32' ? 'tsx.cmd' : 'tsx');
/** The dev host as built by electron-vite (global-setup builds it). */
export const webHost = path.join(root, 'out', 'main', 'web-host.js');

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

/** Reads the first line the child prints on stdout, event by event (no polling, no sleeps). */
function firstLine(child: ChildProcess, stderr: () => string): Promise<string> {
  return new Promise((resolve, reject) => {
    let buffer = '';
    const onData = (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      const end = buffer.indexOf('\n');
      if (end >= 0) {
        cleanup();
        resolve(buffer.slice(0, end).trim());
      }
    };
    const onExit = (code: number | null) => {
      cleanup();
      reject(new Error(`The dev host exited (code ${code}) before printing its URL.\n${stderr()}`));
    };
    const onError = (error: Error) => {
      cleanup();
      reject(error);
    };
    const cleanup = () => {
      child.stdout?.off('data', onData);
      child.off('exit', onExit);
      child.off('error', onError);
    };
    child.stdout?.on('data', onData);
    child.once('exit', onExit);
    child.once('error', onError);
  });
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  const signal = (sig: NodeJS.Signals) => {
    try {
      // The host runs in its own process group (tsx starts a child node): signal the group.
      process.kill(-child.pid!, sig);
    } catch {
      child.kill(sig);
    }
  };
  signal('SIGTERM');
  const timer = setTimeout(() => signal('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

/** Calls the contract from inside the page, through the same window.regulars the UI uses. */
export async function callApi<K extends MethodName>(page: Page, method: K, input: InputOf<K>): Promise<OutputOf<K>> {
  const result = (await page.evaluate(
    ([m, i]) => (window as unknown as { regulars: RegularsApi }).regulars.call(m as MethodName, i as never),
    [method, input] as const,
  )) as Result<OutputOf<K>>;
  if (!result.ok) throw new Error(`${method} failed: ${result.error.code}: ${result.error.message}`);
  return result.value;
}

/**
 * Calls the contract over the dev host's HTTP API, as the page's bridge does. The host keeps one
 * session for its one window, so a sign-in made here is the page's too.
 */
export async function callHost<K extends MethodName>(host: DevHost, method: K, input: InputOf<K>): Promise<Result<OutputOf<K>>> {
  const url = new URL(host.url);
  const response = await fetch(new URL('/api/call', url), {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${url.searchParams.get('token') ?? ''}` },
    body: JSON.stringify({ method, input }),
  });
  if (!response.ok) throw new Error(`${method} over HTTP: ${response.status} ${await response.text()}`);
  return (await response.json()) as Result<OutputOf<K>>;
}

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
    const child = spawn(process.execPath, [webHost, '--db', dbFile, '--port', '0', '--automatic-backups', 'off'], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
      env: { ...process.env, NODE_ENV: 'test' },
    });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    try {
      const url = await firstLine(child, () => stderr);
      if (!/^http:\/\/127\.0\.0\.1:\d+\/\?token=/.test(url)) throw new Error(`Unexpected first line from the dev host: ${url}\n${stderr}`);
      const host: DevHost = { url, dataDir, dbFile };
      if (signIn) {
        const setup = await callHost(host, 'auth.setupOwner', owner);
        if (!setup.ok) throw new Error(`auth.setupOwner failed: ${setup.error.code}: ${setup.error.message}`);
      }
      await use(host);
    } finally {
      await stop(child);
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
