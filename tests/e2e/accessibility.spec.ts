import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { callApi, expect, test } from './fixtures';
import { DuplicatesPage } from './pages/DuplicatesPage';
import { SettingsPage } from './pages/SettingsPage';

async function expectNoSeriousViolations(page: Page, where: string) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const summary = serious.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  expect(summary, `axe on ${where}`).toEqual([]);
}

for (const scheme of ['light', 'dark'] as const) {
  test(`no serious accessibility violations on the main screens (${scheme})`, async ({ app: page, directory, profile, quickSale }) => {
    await page.emulateMedia({ colorScheme: scheme, reducedMotion: 'reduce' });
    const ama = await callApi(page, 'customers.create', { firstName: 'Ama', lastName: 'Mensah', phone: '024 412 3456', tags: ['uniforms'] });
    await callApi(page, 'sales.record', { customerId: ama.id, amount: 1250 });
    await page.reload();
    await expect(directory.rows).toHaveCount(1);
    await expectNoSeriousViolations(page, 'the directory');

    await directory.open('Ama Mensah');
    await profile.expectCustomer('Ama Mensah');
    await expect(profile.saleRows()).toHaveCount(1);
    await expectNoSeriousViolations(page, 'the profile');

    await profile.newSaleButton.click();
    await quickSale.expectOpen();
    await expect(quickSale.amount).toBeFocused();
    await expectNoSeriousViolations(page, 'the New sale dialog');
    await page.keyboard.press('Escape');
    await quickSale.expectClosed();

    // The quick sale's search, with matches listed.
    await page.keyboard.press('F2');
    await quickSale.customer.fill('024');
    await expect(quickSale.option(/Ama Mensah/)).toBeVisible();
    await expectNoSeriousViolations(page, 'the New sale dialog with matches');
    await page.keyboard.press('Escape');

    await callApi(page, 'customers.create', { firstName: 'Ama', lastName: 'Mensah', email: 'ama@example.com' });
    await callApi(page, 'customers.create', { firstName: 'Ama', lastName: 'Mensah', phone: '055 111 2222', email: 'a.m.a@example.com' });
    const duplicates = new DuplicatesPage(page);
    await duplicates.open();
    await expect(duplicates.pairs.first()).toBeVisible();
    await expectNoSeriousViolations(page, 'Possible duplicates');
    await duplicates.pairs.first().getByRole('button', { name: /^Merge/ }).click();
    await expect(duplicates.mergeDialog).toBeVisible();
    await expectNoSeriousViolations(page, 'the Merge dialog');
    await page.keyboard.press('Escape');

    const settings = new SettingsPage(page);
    await settings.open();
    await expect(settings.shopName).toHaveValue('Osu Corner Shop');
    await expectNoSeriousViolations(page, 'Settings');
  });
}
