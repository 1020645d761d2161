import type { Page } from '@playwright/test';
import { callApi, expect, test } from './fixtures';
import { screenshotter } from './screenshot';
import { seedOwnerShop, shopifySample } from './owner-seed';
import { OwnerConsentDialog } from './pages/OwnerConsentDialog';
import { OwnerImportPage } from './pages/OwnerImportPage';
import { OwnerMailchimpDialog } from './pages/OwnerMailchimpDialog';
import { OwnerSegmentsPage } from './pages/OwnerSegmentsPage';
import { OwnerAuditPage } from './pages/OwnerAuditPage';
import { OwnerBackupsPage } from './pages/OwnerBackupsPage';
import { OwnerStaffPage } from './pages/OwnerStaffPage';
import { OwnerSuppressionPage } from './pages/OwnerSuppressionPage';

/**
 * @screenshots of the owner's screens (dashboard, segments, Mailchimp export, import preview, consent
 * history) in light and dark at 1280×800. Kept as test artifacts; with UPDATE_SCREENSHOTS=1 also
 * written to docs/screenshots/, like screenshots.spec.ts.
 */

test(`screenshots of the owner's screens (light and dark) @screenshots`, async ({ app: page, profile }, testInfo) => {
  test.setTimeout(180_000);
  await page.emulateMedia({ reducedMotion: 'reduce' });
  const shot = screenshotter(page, testInfo);
  const nav = page.getByRole('navigation', { name: 'Main' });
  const awayFromNav = () => page.mouse.move(1270, 790);

  const { amaId } = await seedOwnerShop(page);
  await page.reload();
  await nav.getByRole('link', { name: 'Dashboard' }).click();
  await awayFromNav();
  await expect(page.getByRole('group', { name: 'Total customers' })).toContainText('16');
  await expect(page.getByRole('figure', { name: 'Revenue per month' }).locator('.recharts-area-area').first()).toBeVisible();
  await shot('dashboard');

  const segments = new OwnerSegmentsPage(page);
  await segments.goto();
  await expect(segments.count('Uniform buyers by email')).toHaveText('2');
  await expect(segments.liveCount).toHaveText('16 customers match');
  await shot('segments');
  await segments.addTags('school uniforms');
  await segments.choose('Email consent', 'Subscribed');
  await expect(segments.liveCount).toHaveText('2 customers match');
  await segments.name.fill('Uniform buyers, subscribed');
  await segments.builder.evaluate((el) => {
    el.scrollIntoView({ block: 'start' });
    window.scrollBy(0, -80);
  });
  await shot('segment-builder');
  await page.evaluate(() => window.scrollTo(0, 0));

  await segments.exportToMailchimp('Uniform buyers by email');
  const mailchimp = new OwnerMailchimpDialog(page);
  await expect(mailchimp.exported).toHaveText('1');
  await expect(mailchimp.leftOutRow('info@osupresby.example.com')).toBeVisible();
  await shot('mailchimp-export');
  await page.keyboard.press('Escape');
  await expect(mailchimp.dialog).toBeHidden();

  const importer = new OwnerImportPage(page);
  await importer.goto();
  await importer.choose('customers_export.csv', shopifySample);
  await expect(importer.row(6)).toContainText('email');
  // The preview from the file's name down: counts, detected format and encoding, the rows and their problems.
  await importer.importSection.getByText('customers_export.csv', { exact: true }).evaluate((el) => {
    el.scrollIntoView({ block: 'start' });
    window.scrollBy(0, -80);
  });
  await shot('import-preview');

  await page.goto(page.url().replace(/#.*$/, '') + `#/customers/${amaId}`);
  await profile.expectCustomer('Ama Mensah');
  await page.getByRole('tab', { name: 'Consent' }).click();
  const consent = new OwnerConsentDialog(page);
  await expect(consent.historyRows()).toHaveCount(2);
  await page.getByRole('tab', { name: 'Consent' }).evaluate((el) => {
    el.scrollIntoView({ block: 'start' });
    window.scrollBy(0, -80);
  });
  await shot('consent-history');
  await page.evaluate(() => window.scrollTo(0, 0));
  await consent.openFromHeader();
  await consent.answer('yes');
  await shot('record-consent');
});

/** Staff, a few changes worth reading in the audit log, and a backup: what the owner's trust screens show in a real shop. */
async function seedTrust(page: Page, amaId: number) {
  await callApi(page, 'staff.add', { name: 'Akua Boateng', role: 'staff', pin: '2468' });
  const kojo = await callApi(page, 'staff.add', { name: 'Kojo Mensah', role: 'staff', pin: '1357' });
  await callApi(page, 'staff.add', { name: 'Esi Quaye', role: 'owner', pin: '9753' });
  await callApi(page, 'staff.update', { id: kojo.id, patch: { active: false } });
  await callApi(page, 'customers.update', { id: amaId, patch: { email: 'ama.mensah@osumail.example.com', address: 'House 12, Oxford Street, Osu' } });
  await callApi(page, 'settings.update', { idleLockMinutes: 10 });
  await callApi(page, 'backups.create', {});
}

test(`screenshots of the owner's staff, audit log, suppression list and backups (light and dark) @screenshots`, async ({ app: page }, testInfo) => {
  test.setTimeout(180_000);
  await page.emulateMedia({ reducedMotion: 'reduce' });
  const shot = screenshotter(page, testInfo);
  const awayFromNav = () => page.mouse.move(1270, 790);

  const { amaId } = await seedOwnerShop(page);
  await seedTrust(page, amaId);
  await page.reload();

  const staff = new OwnerStaffPage(page);
  await staff.goto();
  await awayFromNav();
  await expect(staff.table.locator('tbody tr')).toHaveCount(4);
  await shot('staff');

  const audit = new OwnerAuditPage(page);
  await audit.goto();
  await awayFromNav();
  await expect(audit.entries.first()).toBeVisible();
  await audit.showChanges(audit.entry('Edited a customer'));
  await audit.showChanges(audit.entry('Changed settings'));
  await awayFromNav();
  await shot('audit-log');

  // Beside the shop's unsubscribe: an erased customer's number, masked, and one the owner added after a complaint.
  const abena = await callApi(page, 'customers.create', { firstName: 'Abena', phone: '024 412 3445' });
  await callApi(page, 'customers.erase', { id: abena.id, confirm: true });
  await callApi(page, 'suppression.add', { kind: 'phone', value: '020 555 0123', note: 'Rang to complain about the texts' });
  const suppression = new OwnerSuppressionPage(page);
  await suppression.goto();
  await awayFromNav();
  await expect(suppression.row('020 555 0123')).toBeVisible();
  await expect(suppression.row('+233 •••• ••45')).toBeVisible();
  await shot('suppression-list');

  const backups = new OwnerBackupsPage(page);
  await backups.goto();
  await expect(backups.rows()).toHaveCount(1);
  await backups.backUpNow.click();
  await expect(backups.made).toBeVisible();
  await expect(backups.backUpNow).not.toHaveAttribute('data-loading');
  await expect(backups.rows()).toHaveCount(2);
  await awayFromNav();
  await shot('backups');
  await backups.restore(backups.rows().last());
  await shot('restore-backup');
});
