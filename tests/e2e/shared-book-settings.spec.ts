import fs from 'node:fs';
import path from 'node:path';
import { callApi, expect, owner, test } from './fixtures';
import { DirectoryPage } from './pages/DirectoryPage';
import { SettingsPage } from './pages/SettingsPage';
import { SharedBookPanel } from './pages/SharedBookPanel';
import { SignInPage } from './pages/SignInPage';
import { useThrowawayServer } from './postgres-server';

/**
 * Issue 13, Settings → Shared book: the owner moves this PC's book into an empty PostgreSQL database
 * from the app, signs in again, and works on the shared book. The server is a throwaway cluster of
 * this spec's own (initdb in a temp folder, a socket, no port).
 */
const server = useThrowawayServer();

/** Typed into the form: the test server trusts its socket and ignores it, and the page must never show it. */
const password = 'till-password-5590';

test('the owner moves this PC’s book into an empty database from Settings, signs in again, and finds the customers there', async ({ app: page, host }) => {
  const address = await server.createDatabase('regulars_moved');
  const ama = await callApi(page, 'customers.create', { firstName: 'Ama', lastName: 'Mensah', phone: '024 412 3456' });
  await callApi(page, 'sales.record', { customerId: ama.id, amount: 2500 });
  await callApi(page, 'sales.record', { newCustomer: { firstName: 'Kofi', lastName: 'Boateng' }, amount: 1200 });

  const settings = new SettingsPage(page);
  await settings.open();
  const sharedBook = new SharedBookPanel(page);
  await expect(sharedBook.openBook).toContainText(`This PC’s own book (file ${host.dbFile})`);
  await expect(sharedBook.stopSharingButton).toBeHidden();

  await sharedBook.connect(address, password, true);
  // The shared book has its own staff (here the same owner, moved with the book): everyone signs in again.
  const signIn = new SignInPage(page);
  await expect(signIn.screen).toBeVisible({ timeout: 30_000 });
  await expect(page.getByText('Shared book connected: sign in again')).toBeVisible();
  await expect(page.getByText(/moved into the shared book and checked: 2 customers, 2 purchases/)).toBeVisible();
  await signIn.signIn(owner.name, owner.pin);
  await signIn.expectSignedInAs(owner.name, 'Owner');

  // Back where the owner was, on the shared book now: its directory holds what the file did.
  await expect(settings.heading).toBeVisible();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Customers' }).click();
  const directory = new DirectoryPage(page);
  await expect(directory.row('Ama Mensah')).toBeVisible();
  await expect(directory.cell('Ama Mensah', 'Total spent')).toHaveText('GH₵25.00');
  await expect(directory.cell('Kofi Boateng', 'Total spent')).toHaveText('GH₵12.00');
  // In the server's database, not in the file.
  expect(await server.onDatabase('regulars_moved', async (client) => Number((await client.query('SELECT count(*) AS n FROM customers')).rows[0].n))).toBe(2);

  await settings.open();
  await expect(sharedBook.openBook).toContainText('Shared book: postgresql://postgres:•••@localhost/regulars_moved');
  await expect(sharedBook.stopSharingButton).toBeVisible();
  await expect(sharedBook.moveThisBook).toBeDisabled();

  // Never on the page, and never in this PC's data folder as plain text.
  expect(await page.content()).not.toContain(password);
  for (const file of fs.readdirSync(host.dataDir, { recursive: true, encoding: 'utf8' })) {
    const full = path.join(host.dataDir, file);
    if (fs.statSync(full).isFile()) expect(fs.readFileSync(full).toString('latin1'), file).not.toContain(password);
  }
});
