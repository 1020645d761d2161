import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { builtDevHostCommand, mustCallDevHost, startDevHost, stopDevHost, type RunningDevHost } from '../../scripts/dev-host-support';
import { pauseServer, resumeServer } from '../support/postgres-cluster';
import { expectNoSeriousViolations } from './axe';
import { expect, ghanaShop, owner, test } from './fixtures';
import { DirectoryPage } from './pages/DirectoryPage';
import { ProfilePage } from './pages/ProfilePage';
import { QuickSaleDialog } from './pages/QuickSaleDialog';
import { SharedBookStatus } from './pages/SharedBookStatus';
import { useThrowawayServer } from './postgres-server';

/**
 * Issue 13, a till whose shared book goes out of reach: the server stops (as a server PC asleep
 * does), the till says so calmly, keeps the sale and the note typed meanwhile, counts them in the
 * header, and sends them when the server is back, where they are in the book once. The server is a
 * throwaway cluster of this spec's own, which it stops and starts again.
 */
const server = useThrowawayServer();
let url = '';

test.beforeAll(async () => {
  url = await server.createDatabase('regulars_outbox');
});

test('a till keeps the sale and note typed while the shared book is out of reach, and sends them once when it is back', async ({ browser }, testInfo) => {
  // Two axe passes on a busy machine, beside a server stopped and started: more than the default minute.
  test.setTimeout(120_000);
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'regulars-e2e-outbox-'));
  let host: RunningDevHost | undefined;
  const problems: string[] = [];
  // A context of its own, as axe needs.
  const context = await browser.newContext();
  const page = await context.newPage();
  try {
    // Its outbox, support log and backups go in its own data folder, never the user's.
    host = await startDevHost(url, { host: builtDevHostCommand, nodeEnv: 'test', env: { XDG_CONFIG_HOME: dataDir, APPDATA: dataDir } });
    await mustCallDevHost(host, 'auth.setupOwner', owner);
    await mustCallDevHost(host, 'settings.update', ghanaShop);
    const ama = await mustCallDevHost(host, 'customers.create', { firstName: 'Ama', lastName: 'Mensah', phone: '024 412 3456' });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
    });
    await page.goto(host.url);
    const status = new SharedBookStatus(page);
    const profile = new ProfilePage(page);
    const sale = new QuickSaleDialog(page);
    const directory = new DirectoryPage(page);
    await profile.open(ama.id);
    await profile.expectCustomer('Ama Mensah');
    await expect(status.outOfReach).toBeHidden();
    await expect(status.waiting).toHaveText('');

    pauseServer(server.cluster);
    await expect(status.outOfReach).toHaveText('The shared book is out of reach. Sales and notes you record here are kept on this PC and sent when it is back.');

    // A sale from the open profile: confirmed as kept, never as recorded.
    await profile.newSaleButton.click();
    await expect(sale.chosen('Ama Mensah')).toBeVisible();
    await sale.enterAmountAndSave('25');
    await sale.expectClosed();
    await expect(status.keptToast('Sale of GH₵25.00 for Ama Mensah')).toBeVisible();
    await expect(status.waiting).toHaveText('1 sale waiting to be sent');
    // The profile stays for the next sale or note; what needs the book says so.
    await expect(status.needs('The purchase history')).toBeVisible();
    await profile.expectCustomer('Ama Mensah');

    await profile.addNote('Wants the navy uniform in size 8');
    await expect(status.keptToast('Personal note for Ama Mensah')).toBeVisible();
    await expect(status.waiting).toHaveText('1 sale and 1 note waiting to be sent');
    // Scrolled down to the notes, the banner is still in view.
    await expect(status.outOfReach).toBeInViewport();
    await expectNoSeriousViolations(page, 'a profile while the shared book is out of reach');

    // Searching needs the book: it says so instead of an error.
    await directory.search.fill('Kofi');
    await expect(status.needs('Searching')).toBeVisible();
    // Nothing pretends to be loading meanwhile.
    await expect(page.getByText('Customers not shown')).toBeVisible();
    await expect(page.getByText('Loading customers…')).toBeHidden();

    resumeServer(server.cluster);
    await expect(status.waiting).toHaveText('');
    await expect(status.outOfReach).toBeHidden();
    // The directory comes back by itself, with the sale counted once.
    await directory.search.fill('Ama');
    await expect(directory.cell('Ama Mensah', 'Visits')).toHaveText('1');
    await expect(directory.cell('Ama Mensah', 'Total spent')).toHaveText('GH₵25.00');
    await directory.open('Ama Mensah');
    await profile.expectCustomer('Ama Mensah');
    await expect(profile.saleRows()).toHaveCount(1);
    await expect(profile.saleRow('GH₵25.00')).toBeVisible();
    await profile.tab('Notes');
    await expect(page.getByRole('list', { name: 'Notes' }).getByRole('listitem')).toHaveText([/Wants the navy uniform in size 8/]);

    expect(problems, 'errors in the browser console').toEqual([]);
  } finally {
    await context.close();
    if (host) {
      await stopDevHost(host);
      const stderr = host.stderr();
      if (stderr.trim() && testInfo.status !== testInfo.expectedStatus) await testInfo.attach('dev-host-stderr', { body: stderr });
    }
    await rm(dataDir, { recursive: true, force: true });
  }
});
