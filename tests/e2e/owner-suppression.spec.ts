import { expectNoSeriousViolations } from './axe';
import { callApi, expect, test } from './fixtures';
import { OwnerSuppressionPage } from './pages/OwnerSuppressionPage';

test('the owner adds an address to the suppression list by hand and finds it again; axe on the list', async ({ app: page }) => {
  // A customer who said stop, and one who was erased: the list shows the first whole and the second masked.
  const kofi = await callApi(page, 'customers.create', { firstName: 'Kofi', email: 'kofi@example.com' });
  await callApi(page, 'consent.set', { customerId: kofi.id, channel: 'email', status: 'unsubscribed', method: 'customer_request', wording: 'Asked us to stop' });
  const ama = await callApi(page, 'customers.create', { firstName: 'Ama', phone: '024 412 3445' });
  await callApi(page, 'customers.erase', { id: ama.id, confirm: true });

  const list = new OwnerSuppressionPage(page);
  await list.goto();
  await expect(list.rows).toHaveCount(2);
  await expect(list.row('+233 •••• ••45')).toContainText('Erased');
  await expect(list.row('kofi@example.com')).toContainText('Unsubscribed');

  // Refused in the dialog, with the reason under the field; then added.
  await list.add({ kind: 'Email', address: 'kofi@example.com', note: 'Complained again' });
  await expect(list.addDialog.getByText('kofi@example.com is already on the suppression list (unsubscribed)')).toBeVisible();
  await list.addDialog.getByRole('textbox', { name: 'Email address' }).fill('');
  await list.addDialog.getByText('Phone', { exact: true }).click();
  await list.addDialog.getByRole('textbox', { name: 'Phone number' }).fill('+233 20 555 0123');
  await list.addDialog.getByRole('button', { name: 'Add to the list' }).click();
  await expect(list.addDialog).toBeHidden();
  await expect(page.getByText('020 555 0123 is on the suppression list')).toBeVisible();
  await expect(list.rows).toHaveCount(3);
  await expect(list.rows.first()).toContainText('020 555 0123');
  await expect(list.rows.first()).toContainText('Do not contact');
  await expect(list.rows.first()).toContainText('Complained again');
  await expect(list.rows.first()).toContainText('Owner');

  // Found by a part, and by the whole number typed another way.
  await list.search.fill('555');
  await expect(list.rows).toHaveCount(1);
  await list.search.fill('0205550123');
  await expect(list.count).toHaveText('1–1 of 1 address');
  await expect(list.row('020 555 0123')).toBeVisible();
  await expectNoSeriousViolations(page, 'the suppression list');
});
