import { rm } from 'node:fs/promises';
import path from 'node:path';
import { openDamagedBook } from './damaged-book';
import { callApi, expect, owner, test } from './fixtures';
import { DirectoryPage } from './pages/DirectoryPage';
import { SettingsPage } from './pages/SettingsPage';
import { SignInPage } from './pages/SignInPage';
import { OwnerAuditPage } from './pages/OwnerAuditPage';
import { OwnerBackupsPage } from './pages/OwnerBackupsPage';
import { OwnerStaffPage } from './pages/OwnerStaffPage';

/** The owner's trust screens: backups and restore, staff, and the audit log. Every test opens signed in as the owner. */

test('a backup made from the UI brings the book back when restored, after everyone signs in again', async ({ app: page, directory }) => {
  await callApi(page, 'customers.create', { firstName: 'Ama', lastName: 'Mensah', phone: '024 412 3456' });

  const backups = new OwnerBackupsPage(page);
  await backups.goto();
  await backups.backUpNow.click();
  await expect(backups.made).toContainText(/manual-\d{8}-\d{6}\.db/);
  await expect(backups.newRow).toHaveAttribute('data-kind', 'manual');

  // Recorded after the backup: the restore must take it away.
  await callApi(page, 'customers.create', { firstName: 'Kwesi', lastName: 'Boateng', phone: '020 555 0101' });

  await backups.restore(backups.newRow);
  await expect(backups.restoreDialog).toContainText('kept as a pre-restore backup');
  await expect(backups.restoreDialog).toContainText('signs in again');
  await backups.restoreDialog.getByRole('button', { name: 'Restore backup' }).click();

  await backups.expectSignInScreen();
  const signIn = new SignInPage(page);
  await signIn.signIn(owner.name, owner.pin);
  await signIn.expectSignedInAs(owner.name, 'Owner');
  await directory.searchFor('Mensah');
  await expect(directory.row('Ama Mensah')).toBeVisible();
  await directory.searchFor('Boateng');
  await expect(directory.noResults('Boateng')).toBeVisible();

  await backups.goto();
  await expect(backups.rows('pre-restore')).toHaveCount(1);
  await expect(backups.rows('manual')).toHaveCount(1);
});

test('the owner adds a member of staff and sees them listed; a duplicate name is refused on the field', async ({ app: page }) => {
  const staff = new OwnerStaffPage(page);
  await staff.goto();
  await expect(staff.row(owner.name)).toContainText('Owner');

  await staff.add({ name: 'Kofi Asante', role: 'Staff', pin: '4321' });
  await expect(staff.addDialog).toBeHidden();
  await expect(staff.row('Kofi Asante')).toContainText('Staff');
  await expect(staff.row('Kofi Asante').locator('td').nth(2)).toHaveText('Set');
  await expect(staff.row('Kofi Asante')).toContainText('Active');

  // The core's refusal lands on the Name field, and the dialog stays open to fix it.
  await staff.add({ name: 'kofi asante', role: 'Staff', pin: '5678' });
  await expect(staff.addDialog.getByText('already on the staff list')).toBeVisible();
  await expect(staff.addDialog.getByRole('textbox', { name: 'Name' })).toHaveAttribute('aria-invalid', 'true');
  await staff.addDialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(staff.table.locator('tbody tr')).toHaveCount(2);

  // Refusals that belong to no one field come back as a message in the dialog.
  const edit = await staff.demote(owner.name);
  await expect(edit.getByRole('alert')).toContainText('the only owner who can sign in');
  await edit.getByRole('button', { name: 'Cancel' }).click();
  await expect(staff.row(owner.name)).toContainText('Owner');
});

test("the audit log shows an update with each field's before and after, filtered by the record", async ({ app: page }) => {
  const ama = await callApi(page, 'customers.create', { firstName: 'Ama', lastName: 'Mensah', phone: '024 412 3456' });
  await callApi(page, 'customers.create', { firstName: 'Kwesi', phone: '020 555 0101' });
  await callApi(page, 'customers.update', { id: ama.id, patch: { firstName: 'Akosua' } });

  const audit = new OwnerAuditPage(page);
  await audit.goto();
  await expect(audit.entry('Edited a customer')).toHaveCount(1);
  await expect(audit.entry('Added a customer')).toHaveCount(2);

  await audit.filterByKind('Customer');
  await audit.filterByRecord(ama.id);
  await expect(audit.entries).toHaveCount(2);
  const edit = audit.entry('Edited a customer');
  await expect(edit).toContainText(owner.name);
  await expect(edit.getByRole('link', { name: `Customer #${ama.id}` })).toHaveAttribute('href', `#/customers/${ama.id}`);

  const changes = await audit.showChanges(edit);
  const firstName = changes.locator('tr[data-field="first_name"]');
  await expect(firstName).toContainText('First name');
  await expect(firstName.locator('td').nth(1)).toHaveText('Ama');
  await expect(firstName.locator('td').nth(2)).toHaveText('→ Akosua');
});

test('a damaged book offers the newest good backup, and restoring it leads back to sign-in with the customers there', async ({ page }, testInfo) => {
  const damaged = await openDamagedBook({ firstName: 'Ama', lastName: 'Mensah' });
  try {
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    await page.goto(damaged.host.url);
    const screen = page.getByRole('main', { name: 'The customer book is damaged' });
    await expect(screen.getByRole('heading', { level: 1 })).toHaveText('The customer book is damaged');
    await expect(screen).toContainText('Nothing has been written to it');
    await expect(screen.getByRole('table', { name: 'All backups' }).locator('tbody tr')).toHaveCount(1);
    await page.screenshot({ path: testInfo.outputPath('damaged-book.png') });
    if (process.env.UPDATE_SCREENSHOTS === '1') await page.screenshot({ path: path.resolve(__dirname, '..', '..', 'docs', 'screenshots', 'damaged-book-light.png') });

    await screen.getByRole('button', { name: 'Restore the newest good backup' }).click();
    const backups = new OwnerBackupsPage(page);
    await expect(backups.restoreDialog).toContainText('The damaged book is kept as a pre-restore backup');
    await backups.restoreDialog.getByRole('button', { name: 'Restore backup' }).click();

    await backups.expectSignInScreen();
    const signIn = new SignInPage(page);
    await signIn.signIn(owner.name, owner.pin);
    await signIn.expectSignedInAs(owner.name, 'Owner');
    const directory = new DirectoryPage(page);
    await directory.searchFor('Mensah');
    await expect(directory.row('Ama Mensah')).toBeVisible();
    await backups.goto();
    await expect(backups.rows('pre-restore')).toHaveCount(1);
    expect(problems).toEqual([]);
  } finally {
    await damaged.stop();
    await rm(damaged.dataDir, { recursive: true, force: true });
  }
});

test('the owner sets the idle lock and a backup folder in Settings, and backups go to that folder', async ({ app: page, host }) => {
  const settings = new SettingsPage(page);
  await settings.open();
  await expect(settings.idleLockMinutes).toHaveValue('5');
  await expect(settings.backupFolder).toHaveValue('');

  // The contract's own rules, shown on the fields before anything is sent.
  await settings.idleLockMinutes.fill('300');
  await settings.backupFolder.fill('backups');
  await settings.saveButton.click();
  await expect(settings.form.getByText('At most 240 minutes')).toBeVisible();
  await expect(settings.form.getByText('Give a full folder path')).toBeVisible();

  const folder = path.join(host.dataDir, 'elsewhere');
  await settings.idleLockMinutes.fill('15');
  await settings.backupFolder.fill(folder);
  await settings.saveButton.click();
  await expect(page.getByText('Settings saved')).toBeVisible();
  expect(await callApi(page, 'settings.get', {})).toMatchObject({ idleLockMinutes: 15, backupFolder: folder });

  const backups = new OwnerBackupsPage(page);
  await backups.goto();
  await expect(page.getByRole('region', { name: 'Backup folder' })).toContainText(folder);
  await backups.backUpNow.click();
  await expect(backups.made).toContainText(path.join(folder, 'manual-'));

  // Emptying the field goes back to the folder beside the book.
  await settings.open();
  await settings.backupFolder.fill('');
  await settings.saveButton.click();
  await expect.poll(async () => (await callApi(page, 'settings.get', {})).backupFolder).toBeNull();
});

test('the audit log pages back with Load older, and filters by person and by day', async ({ app: page }) => {
  test.setTimeout(90_000);
  for (let i = 0; i < 55; i++) await callApi(page, 'customers.create', { firstName: `Walk-in ${i + 1}` });
  await callApi(page, 'staff.add', { name: 'Kofi Asante', role: 'staff', pin: '4321' });

  const audit = new OwnerAuditPage(page);
  await audit.goto();
  // Fifty a page (the fixture's own set-up writes a few more), newest first.
  await expect(audit.entries).toHaveCount(50);
  await expect(audit.entries.first()).toContainText('Added a member of staff');
  await audit.loadOlder.click();
  await expect(audit.entries.nth(50)).toBeVisible();
  await expect(audit.entry('Added a customer')).toHaveCount(55);
  await expect(audit.loadOlder).toBeHidden();

  // The staff member's own entries: none, since the owner did everything.
  await audit.filterByPerson('Kofi Asante');
  await expect(page.getByText('No entries match these filters')).toBeVisible();
  await audit.filters.getByRole('button', { name: 'Clear filters' }).click();
  // Back to the unfiltered log with the older page still loaded.
  await expect(audit.entry('Added a customer')).toHaveCount(55);

  // Days are the shop's (Africa/Accra, UTC+0): tomorrow has nothing yet, today has everything.
  const today = new Date().toISOString().slice(0, 10);
  const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
  await audit.filters.getByLabel('From', { exact: true }).fill(tomorrow);
  await expect(page.getByText('No entries match these filters')).toBeVisible();
  await audit.filters.getByLabel('From', { exact: true }).fill(today);
  await audit.filters.getByLabel('To', { exact: true }).fill(today);
  await expect(audit.entries).toHaveCount(50);
});
