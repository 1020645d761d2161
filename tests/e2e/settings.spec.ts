import { callApi, expect, test } from './fixtures';
import { OwnerSegmentsPage } from './pages/OwnerSegmentsPage';
import { SettingsPage } from './pages/SettingsPage';

test('settings: shop name and sale ceiling are saved, errors show inline, and quick sale enforces the ceiling', async ({ app: page, quickSale }) => {
  const ama = await callApi(page, 'customers.create', { firstName: 'Ama', lastName: 'Mensah', phone: '024 412 3456' });
  await callApi(page, 'sales.record', { customerId: ama.id, amount: 1000 });
  const settings = new SettingsPage(page);
  await settings.open();
  await expect(settings.shopName).toHaveValue('Osu Corner Shop');

  // Checked in the form first.
  await settings.shopName.fill('');
  await settings.ceiling.fill('abc');
  await settings.saveButton.click();
  await expect(settings.shopName).toHaveAccessibleDescription(/The shop needs a name/);
  await expect(settings.ceiling).toHaveAccessibleDescription(/is not an amount/);

  await settings.shopName.fill('Osu Corner Shop & Tailoring');
  await settings.ceiling.fill('100');
  await settings.saveButton.click();
  await expect(page.getByText('Settings saved')).toBeVisible();
  await expect(page.getByRole('banner')).toContainText('Osu Corner Shop & Tailoring');
  expect(await callApi(page, 'settings.get', {})).toMatchObject({ shopName: 'Osu Corner Shop & Tailoring', saleCeiling: 10000 });

  // ...then by the core: a currency with other decimals is refused once sales exist.
  await settings.chooseCurrency('JPY');
  // Both amounts are read in the chosen currency, which has no minor unit.
  await settings.ceiling.fill('100');
  await settings.highValueThreshold.fill('1000');
  await settings.saveButton.click();
  await expect(settings.currency).toHaveAccessibleDescription(/Sales are already recorded in GHS/);
  expect((await callApi(page, 'settings.get', {})).currency).toBe('GHS');
  await settings.form.getByRole('button', { name: 'Discard changes' }).click();

  // The quick sale says clearly what is wrong with an amount over the ceiling.
  await page.keyboard.press('F2');
  await quickSale.pickByTyping('4123', 'Ama Mensah');
  await quickSale.enterAmountAndSave('150');
  await expect(quickSale.amount).toHaveAccessibleDescription(/GH₵150\.00 is more than the largest sale accepted \(GH₵100\.00\)/);
  await quickSale.enterAmountAndSave('100');
  await expect(page.getByText('Sale of GH₵100.00 recorded for Ama Mensah')).toBeVisible();
});

test('settings: the owner sets the high-value spend, and the "High value" segment follows it', async ({ app: page }) => {
  const ama = await callApi(page, 'customers.create', { firstName: 'Ama', lastName: 'Mensah' });
  for (let i = 0; i < 3; i++) await callApi(page, 'sales.record', { customerId: ama.id, amount: 20_000 });
  const segments = new OwnerSegmentsPage(page);
  await segments.goto();
  await expect(segments.count('High value')).toHaveText('0');

  const settings = new SettingsPage(page);
  await settings.open();
  await expect(settings.highValueThreshold).toHaveValue('1,000.00');
  await settings.highValueThreshold.fill('0');
  await settings.saveButton.click();
  await expect(settings.highValueThreshold).toHaveAccessibleDescription(/The threshold must be more than zero/);
  await settings.highValueThreshold.fill('500.50');
  await settings.saveButton.click();
  await expect(page.getByText('Settings saved')).toBeVisible();
  expect((await callApi(page, 'settings.get', {})).highValueThreshold).toBe(50_050);

  await segments.goto();
  await expect(segments.count('High value')).toHaveText('1');
});
