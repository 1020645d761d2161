import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from '@playwright/test';
import { builtDevHostCommand, mustCallDevHost, startDevHost, stopDevHost, type RunningDevHost } from '../../scripts/dev-host-support';
import { expect, ghanaShop, owner, test } from './fixtures';
import { DirectoryPage } from './pages/DirectoryPage';
import { QuickSaleDialog } from './pages/QuickSaleDialog';
import { useThrowawayServer } from './postgres-server';

/**
 * Issue 13, live across tills: two dev hosts (two tills) on one PostgreSQL book, a page on each. A
 * sale recorded at one appears in the other's directory, and on its dashboard, without a reload.
 * The server is a throwaway cluster of this spec's own (initdb in a temp folder, a socket, no port).
 */
const server = useThrowawayServer();
let url = '';

test.beforeAll(async () => {
  url = await server.createDatabase('regulars_shared');
});

interface Till {
  host: RunningDevHost;
  page: Page;
  /** This PC's own folder (the support log, backups): each till has its own. */
  dataDir: string;
  problems: string[];
}

/** A dev host on the shared book with its own data folder, and a browser page open on it. */
async function openTill(browser: Browser, tills: Till[], signIn: (host: RunningDevHost) => Promise<void>): Promise<Till> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'regulars-e2e-till-'));
  // Its support log and backups go in its own data folder, never the user's.
  const host = await startDevHost(url, { host: builtDevHostCommand, nodeEnv: 'test', env: { XDG_CONFIG_HOME: dataDir, APPDATA: dataDir } });
  const page = await browser.newPage();
  const problems: string[] = [];
  tills.push({ host, page, dataDir, problems });
  await signIn(host);
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
  });
  await page.goto(host.url);
  await expect(page.getByRole('banner')).toContainText(ghanaShop.shopName ?? '');
  return { host, page, dataDir, problems };
}

test('a sale at one till appears in the other till’s directory and dashboard without a reload', async ({ browser }, testInfo) => {
  const tills: Till[] = [];
  try {
    // The front till sets the shop up; the back till signs in to the same book as the same owner.
    const front = await openTill(browser, tills, async (host) => {
      await mustCallDevHost(host, 'auth.setupOwner', owner);
      await mustCallDevHost(host, 'settings.update', ghanaShop);
    });
    const back = await openTill(browser, tills, async (host) => {
      const { members } = await mustCallDevHost(host, 'auth.status', {});
      const member = members.find((m) => m.name === owner.name);
      if (!member) throw new Error('The shared book has no owner to sign in as');
      await mustCallDevHost(host, 'auth.signIn', { staffId: member.id, pin: owner.pin });
    });

    const backDirectory = new DirectoryPage(back.page);
    await expect(backDirectory.emptyState()).toBeVisible();

    // A sale with a new customer at the front till.
    const sale = new QuickSaleDialog(front.page);
    await front.page.keyboard.press('F2');
    await sale.customer.fill('Ama Mensah');
    await expect(sale.option(/New customer/)).toBeVisible();
    await sale.customer.press('Enter');
    await expect(sale.firstName).toHaveValue('Ama');
    await sale.enterAmountAndSave('25');
    await expect(front.page.getByText('Sale of GH₵25.00 recorded for Ama Mensah')).toBeVisible();
    const recordedAt = Date.now();

    // The back till's directory shows it by itself: no reload, no click.
    await expect(backDirectory.row('Ama Mensah')).toBeVisible();
    const appearedMs = Date.now() - recordedAt;
    await expect(backDirectory.cell('Ama Mensah', 'Visits')).toHaveText('1');
    await expect(backDirectory.cell('Ama Mensah', 'Total spent')).toHaveText('GH₵25.00');

    // The owner's dashboard at the back till follows the next sale the same way.
    await back.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Dashboard' }).click();
    const revenue = back.page.getByRole('group', { name: 'Customer revenue' });
    await expect(revenue).toContainText('GH₵25.00');
    await front.page.keyboard.press('F2');
    await sale.pickByTyping('Ama', 'Ama Mensah');
    await sale.enterAmountAndSave('10');
    await expect(front.page.getByText('Sale of GH₵10.00 recorded for Ama Mensah')).toBeVisible();
    const secondAt = Date.now();
    await expect(revenue).toContainText('GH₵35.00');
    const dashboardMs = Date.now() - secondAt;
    await expect(back.page.getByRole('group', { name: 'Repeat customers' })).toContainText('1');

    // Measured, not asserted: how long the other till took to show each sale (the poll is every second).
    const measured = `directory ${appearedMs} ms, dashboard ${dashboardMs} ms after the sale was confirmed`;
    testInfo.annotations.push({ type: 'live update', description: measured });
    console.log(`Live across tills: ${measured}`);
    for (const till of tills) expect(till.problems, 'errors in the browser console').toEqual([]);
  } finally {
    for (const till of tills) {
      await till.page.close();
      await stopDevHost(till.host);
      const stderr = till.host.stderr();
      if (stderr.trim() && testInfo.status !== testInfo.expectedStatus) await testInfo.attach('dev-host-stderr', { body: stderr });
      await rm(till.dataDir, { recursive: true, force: true });
    }
  }
});
