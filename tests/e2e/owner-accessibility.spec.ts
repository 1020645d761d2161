import { rm } from 'node:fs/promises';
import { openDamagedBook } from './damaged-book';
import { expectNoSeriousViolations } from './axe';
import { callApi, expect, test } from './fixtures';
import { seedOwnerShop, shopifySample } from './owner-seed';
import { OwnerConsentDialog } from './pages/OwnerConsentDialog';
import { OwnerImportPage } from './pages/OwnerImportPage';
import { OwnerMailchimpDialog } from './pages/OwnerMailchimpDialog';
import { OwnerSegmentsPage } from './pages/OwnerSegmentsPage';
import { OwnerAuditPage } from './pages/OwnerAuditPage';
import { OwnerBackupsPage } from './pages/OwnerBackupsPage';
import { OwnerStaffPage } from './pages/OwnerStaffPage';
import { SettingsPage } from './pages/SettingsPage';

test(`no serious accessibility violations on the owner's screens (light and dark)`, async ({ app: page, profile }) => {
  test.setTimeout(180_000);
  await page.emulateMedia({ reducedMotion: 'reduce' });
  const nav = page.getByRole('navigation', { name: 'Main' });

  await nav.getByRole('link', { name: 'Dashboard' }).click();
  await page.mouse.move(1270, 790);
  await expect(page.getByText('Your dashboard fills in as customers arrive')).toBeVisible();
  await expectNoSeriousViolations(page, 'the empty dashboard');

  const { amaId } = await seedOwnerShop(page);
  await page.reload();
  await expect(page.getByRole('group', { name: 'Total customers' })).toContainText('16');
  // Read from the stats (stats.get) since the tallies keep it: the seeded shop's subscribed share of those with an email.
  await expect(page.getByRole('group', { name: 'Email opt-in rate' })).toContainText('80%');
  await expect(page.getByRole('figure', { name: 'Revenue per month' }).locator('svg').first()).toBeVisible();
  await expectNoSeriousViolations(page, 'the dashboard');

  const segments = new OwnerSegmentsPage(page);
  await segments.goto();
  await expect(segments.count('Uniform buyers by email')).toHaveText('2');
  await expect(segments.liveCount).toHaveText('16 customers match');
  await expectNoSeriousViolations(page, 'segments');

  await segments.exportToMailchimp('Uniform buyers by email');
  const mailchimp = new OwnerMailchimpDialog(page);
  await expect(mailchimp.leftOutRow('info@osupresby.example.com')).toBeVisible();
  await expectNoSeriousViolations(page, 'the Mailchimp export dialog');
  await page.keyboard.press('Escape');
  await expect(mailchimp.dialog).toBeHidden();

  const importer = new OwnerImportPage(page);
  await importer.goto();
  await expectNoSeriousViolations(page, 'import / export');
  await importer.choose('customers_export.csv', shopifySample);
  await expect(importer.row(6)).toContainText('email');
  await expectNoSeriousViolations(page, 'the import preview');

  await page.goto(page.url().replace(/#.*$/, '') + `#/customers/${amaId}`);
  await profile.expectCustomer('Ama Mensah');
  await page.getByRole('tab', { name: 'Consent' }).click();
  const consent = new OwnerConsentDialog(page);
  await expect(consent.historyRows()).toHaveCount(2);
  await expectNoSeriousViolations(page, 'the consent history');
  await consent.openFromHeader();
  await expectNoSeriousViolations(page, 'the Record consent dialog');
});

test(`no serious accessibility violations on staff, audit log and backups (light and dark)`, async ({ app: page }) => {
  test.setTimeout(180_000);
  await page.emulateMedia({ reducedMotion: 'reduce' });
  const ama = await callApi(page, 'customers.create', { firstName: 'Ama', lastName: 'Mensah', phone: '024 412 3456' });
  await callApi(page, 'customers.update', { id: ama.id, patch: { firstName: 'Akosua' } });
  const kojo = await callApi(page, 'staff.add', { name: 'Kojo Mensah', role: 'staff', pin: '1357' });
  await callApi(page, 'staff.update', { id: kojo.id, patch: { active: false } });

  const staff = new OwnerStaffPage(page);
  await staff.goto();
  await page.mouse.move(1270, 790);
  await expect(staff.row('Kojo Mensah')).toContainText('Left');
  await expectNoSeriousViolations(page, 'staff');
  await staff.addButton.click();
  await staff.addDialog.getByRole('button', { name: 'Add member' }).click();
  await expect(staff.addDialog.getByText('Give the member of staff a name')).toBeVisible();
  await expectNoSeriousViolations(page, 'the Add member dialog with errors');
  await page.keyboard.press('Escape');
  await expect(staff.addDialog).toBeHidden();
  const edit = await staff.demote('Owner');
  await expect(edit.getByRole('alert')).toBeVisible();
  await expectNoSeriousViolations(page, 'the Edit dialog refusing to demote the last owner');
  await page.keyboard.press('Escape');
  await expect(edit).toBeHidden();

  const audit = new OwnerAuditPage(page);
  await audit.goto();
  await audit.showChanges(audit.entry('Edited a customer'));
  await page.mouse.move(1270, 790);
  await expectNoSeriousViolations(page, 'the audit log with changes open');

  const backups = new OwnerBackupsPage(page);
  await backups.goto();
  await expect(page.getByText('No backups yet')).toBeVisible();
  await expectNoSeriousViolations(page, 'backups, none yet');
  await backups.backUpNow.click();
  await expect(backups.made).toBeVisible();
  await expectNoSeriousViolations(page, 'backups after Back up now');
  await backups.restore(backups.newRow);
  await expectNoSeriousViolations(page, 'the restore confirmation');
  await page.keyboard.press('Escape');

  // With loyalty on, so that the scheme's fields are read too.
  await callApi(page, 'loyalty.setScheme', { scheme: { spendPerPoint: 100, rewardPoints: 100, rewardValue: 500, expireMonths: 12 } });
  await new SettingsPage(page).open();
  await expect(page.getByRole('form', { name: 'Loyalty points' }).getByRole('textbox', { name: 'Points for a reward' })).toHaveValue('100');
  await expectNoSeriousViolations(page, 'settings with the lock and backup folder fields, and the loyalty scheme');
});

test('no serious accessibility violations on the damaged-book screen (light and dark)', async ({ page }) => {
  const damaged = await openDamagedBook({ firstName: 'Ama', lastName: 'Mensah' });
  try {
    await page.goto(damaged.host.url);
    await expect(page.getByRole('table', { name: 'All backups' }).locator('tbody tr')).toHaveCount(1);
    await expectNoSeriousViolations(page, 'the damaged-book screen');
  } finally {
    await damaged.stop();
    await rm(damaged.dataDir, { recursive: true, force: true });
  }
});
