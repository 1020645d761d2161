import { callApi, expect, test } from './fixtures';

test('voiding a sale with a reason strikes it through and takes it out of the totals', async ({ app: page, directory, profile }, testInfo) => {
  const ama = await callApi(page, 'customers.create', { firstName: 'Ama', lastName: 'Mensah', phone: '024 412 3456' });
  await callApi(page, 'sales.record', { customerId: ama.id, amount: 2000, occurredAt: new Date(Date.now() - 3 * 86_400_000).toISOString() });
  await callApi(page, 'sales.record', { customerId: ama.id, amount: 1250 });

  await page.reload();
  await directory.open('Ama Mensah');
  await profile.expectCustomer('Ama Mensah');
  await profile.expectTotals('2', 'GH₵32.50');

  // A reason is required.
  await profile.saleRow('GH₵12.50').getByRole('button', { name: /^Void sale of GH₵12\.50/ }).click();
  const dialog = page.getByRole('dialog', { name: 'Void sale' });
  // The dialog has finished opening when its autofocus lands in the reason.
  await expect(dialog.getByRole('textbox', { name: 'Reason' })).toBeFocused();
  await dialog.getByRole('button', { name: 'Void sale' }).click();
  await expect(dialog.getByRole('textbox', { name: 'Reason' })).toHaveAccessibleDescription(/Say why the sale is voided/);
  await dialog.getByRole('textbox', { name: 'Reason' }).fill('Rang up twice');
  await dialog.getByRole('button', { name: 'Void sale' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText('Sale of GH₵12.50 voided for Ama Mensah')).toBeVisible();

  // Struck through, marked, and kept in the history.
  const row = profile.saleRow('GH₵12.50');
  await expect(row.locator('del')).toHaveText('GH₵12.50');
  await expect(row.locator('del')).toHaveCSS('text-decoration-line', 'line-through');
  await expect(row).toContainText('Voided: Rang up twice');
  await expect(row.getByRole('button', { name: /^Void sale/ })).toHaveCount(0);
  await expect(profile.saleRows()).toHaveCount(2);

  // Totals no longer count it.
  await profile.expectTotals('1', 'GH₵20.00');
  await page.screenshot({ path: testInfo.outputPath('voided-sale.png') });

  // The timeline says what happened and why.
  await profile.tab('Timeline');
  await expect(page.getByRole('tabpanel', { name: 'Timeline' }).getByText('Sale of GH₵12.50 voided')).toBeVisible();
  await expect(page.getByText('Reason: Rang up twice')).toBeVisible();
});
