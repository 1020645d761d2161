import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { seedOwnerShop, shopifySample } from './owner-seed';
import { OwnerConsentDialog } from './pages/OwnerConsentDialog';
import { OwnerImportPage } from './pages/OwnerImportPage';
import { OwnerMailchimpDialog } from './pages/OwnerMailchimpDialog';
import { OwnerSegmentsPage } from './pages/OwnerSegmentsPage';

async function expectNoSeriousViolations(page: Page, where: string) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const summary = serious.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  expect(summary, `axe on ${where}`).toEqual([]);
}

for (const scheme of ['light', 'dark'] as const) {
  test(`no serious accessibility violations on the owner's screens (${scheme})`, async ({ app: page, profile }) => {
    test.setTimeout(120_000);
    await page.emulateMedia({ colorScheme: scheme, reducedMotion: 'reduce' });
    const nav = page.getByRole('navigation', { name: 'Main' });

    await nav.getByRole('link', { name: 'Dashboard' }).click();
    await page.mouse.move(1270, 790);
    await expect(page.getByText('Your dashboard fills in as customers arrive')).toBeVisible();
    await expectNoSeriousViolations(page, 'the empty dashboard');

    const { amaId } = await seedOwnerShop(page);
    await page.reload();
    await expect(page.getByRole('group', { name: 'Total customers' })).toContainText('16');
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
}
