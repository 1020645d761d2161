import { callApi, expect, test } from './fixtures';
import { inputReceived, logInput } from './input-log';

test('a quick sale creates a new customer inline, in one step', async ({ app: page, directory, quickSale }, testInfo) => {
  await directory.newSaleButton.click();
  await quickSale.expectOpen();
  await quickSale.customer.fill('020 123 4567');
  await expect(quickSale.dialog.getByText("No customer matches “020 123 4567”")).toBeVisible();
  await quickSale.customer.press('Enter');
  // The typed digits become the new customer's phone; the name is next.
  await expect(quickSale.phone).toHaveValue('020 123 4567');
  await expect(quickSale.firstName).toBeFocused();
  await quickSale.firstName.fill('Kofi');

  // The amount is checked before anything is saved.
  await quickSale.amount.fill('abc');
  await quickSale.recordButton.click();
  await expect(quickSale.amount).toHaveAccessibleDescription(/is not an amount/);
  await quickSale.amount.fill('0');
  await quickSale.recordButton.click();
  await expect(quickSale.amount).toHaveAccessibleDescription('Amount must be more than zero');

  await quickSale.amount.fill('30');
  await quickSale.items.fill('3');
  await quickSale.choosePayment('Mobile money');
  await quickSale.note.fill('School shoes');
  await page.screenshot({ path: testInfo.outputPath('quick-sale-new-customer.png') });
  await quickSale.recordButton.click();
  await quickSale.expectClosed();
  await expect(page.getByText('Sale of GH₵30.00 recorded for Kofi')).toBeVisible();

  // Customer and sale were saved together.
  await expect(directory.row('Kofi')).toBeVisible();
  await expect(directory.cell('Kofi', 'Visits')).toHaveText('1');
  await expect(directory.cell('Kofi', 'Total spent')).toHaveText('GH₵30.00');
  await expect(directory.cell('Kofi', 'Phone')).toHaveText('020 123 4567');
  const [kofi] = (await callApi(page, 'customers.list', { search: 'Kofi' })).rows;
  const [sale] = await callApi(page, 'sales.list', { customerId: kofi.id });
  expect(sale).toMatchObject({ amount: 3000, items: 3, paymentMethod: 'mobile_money', note: 'School shoes' });
});

test('a quick sale refuses a phone that already belongs to someone, and offers them', async ({ app: page, quickSale }) => {
  await callApi(page, 'customers.create', { firstName: 'Ama', lastName: 'Mensah', phone: '024 412 3456' });
  await page.keyboard.press('F2');
  await quickSale.customer.fill('Yaw');
  await expect(quickSale.option(/New customer/)).toBeVisible();
  await quickSale.customer.press('Enter');
  await expect(quickSale.firstName).toHaveValue('Yaw');
  await quickSale.phone.fill('0244123456');
  await quickSale.enterAmountAndSave('5');
  await expect(quickSale.phone).toHaveAccessibleDescription(/Ama Mensah \(customer \d+\) already has this phone number/);
  await quickSale.dialog.getByRole('button', { name: 'Use Ama Mensah' }).click();
  await expect(quickSale.chosen('Ama Mensah')).toBeVisible();
  await quickSale.enterAmountAndSave('5');
  await expect(page.getByText('Sale of GH₵5.00 recorded for Ama Mensah')).toBeVisible();
});

test('a fast typist: Enter pressed before the matches arrive still picks the top one', async ({ app: page, quickSale, directory, profile }) => {
  await callApi(page, 'customers.create', { firstName: 'Ama', lastName: 'Mensah', phone: '024 412 3456' });
  await page.keyboard.press('F2');
  await quickSale.customer.pressSequentially('4123');
  await quickSale.customer.press('Enter');
  await expect(quickSale.chosen('Ama Mensah')).toBeVisible();
  await expect(quickSale.amount).toBeFocused();
  await page.keyboard.type('12.5');
  await page.keyboard.press('Enter');
  await expect(page.getByText('Sale of GH₵12.50 recorded for Ama Mensah')).toBeVisible();

  // The same in the directory's search: Enter opens the top result when it arrives.
  await directory.search.focus();
  await directory.search.pressSequentially('mensah');
  await directory.search.press('Enter');
  await profile.expectCustomer('Ama Mensah');
  await profile.expectTotals('1', 'GH₵12.50');
});

test('Undo in the confirmation voids the sale just recorded', async ({ app: page, quickSale, directory }) => {
  await callApi(page, 'customers.create', { firstName: 'Ama', lastName: 'Mensah', phone: '024 412 3456' });
  await page.reload();
  await directory.newSaleButton.click();
  await quickSale.pickByTyping('Ama', 'Ama Mensah');
  await quickSale.enterAmountAndSave('40');
  const toast = page.getByRole('alert').filter({ hasText: 'Sale of GH₵40.00 recorded for Ama Mensah' });
  await toast.getByRole('button', { name: 'Undo' }).click();
  await expect(page.getByText('Sale of GH₵40.00 for Ama Mensah undone')).toBeVisible();
  await expect(directory.cell('Ama Mensah', 'Visits')).toHaveText('0');
  const [sale] = await callApi(page, 'sales.list', { customerId: 1 });
  expect(sale.voidReason).toBe('undone at counter');
  // The profile keeps it, struck through, with the reason.
  await directory.open('Ama Mensah');
  const row = page.getByRole('table', { name: 'Purchase history' }).locator('tbody tr').filter({ hasText: 'GH₵40.00' });
  await expect(row.locator('del')).toHaveText('GH₵40.00');
  await expect(row).toContainText('Voided: undone at counter');
});

test('keyboard only: a returning customer\'s sale in three keystrokes beyond the digits and the amount', async ({ app: page, quickSale }) => {
  const ama = await callApi(page, 'customers.create', { firstName: 'Ama', lastName: 'Mensah', phone: '024 412 3456' });
  await callApi(page, 'sales.record', { customerId: ama.id, amount: 2000, paymentMethod: 'cash' });
  await page.reload();
  await expect(page.getByRole('table', { name: 'Customers' }).locator('tbody tr.directory-row')).toHaveCount(1);

  // No mouse from here on: F2, the digits, Enter picks the top match, the amount, Enter saves. What the page
  // received is counted (logInput).
  await logInput(page);
  await page.keyboard.press('F2');
  await expect(quickSale.customer).toBeFocused();
  await page.keyboard.type('4123');
  await expect(quickSale.option(/Ama Mensah/)).toBeVisible();
  await page.keyboard.press('Enter');
  await expect(quickSale.chosen('Ama Mensah')).toBeVisible();
  await expect(quickSale.amount).toBeFocused();
  await page.keyboard.type('12.50');
  await page.keyboard.press('Enter');
  await quickSale.expectClosed();
  await expect(page.getByText('Sale of GH₵12.50 recorded for Ama Mensah')).toBeVisible();
  const received = await inputReceived(page);
  expect(received.filter((key) => !/^[\d.]$/.test(key))).toEqual(['F2', 'Enter', 'Enter']);

  const sales = await callApi(page, 'sales.list', { customerId: ama.id });
  expect(sales).toHaveLength(2);
  expect(sales.find((s) => s.amount === 1250)).toMatchObject({ customerId: ama.id, voidedAt: null, items: 1 });
  expect((await callApi(page, 'customers.get', { id: ama.id })).history).toMatchObject({ purchases: 2, totalSpent: 3250 });
});

test('payment defaults to the last one used', async ({ app: page, quickSale }) => {
  await callApi(page, 'customers.create', { firstName: 'Kojo', lastName: 'Tetteh', phone: '020 765 4321' });
  await page.keyboard.press('F2');
  await quickSale.pickByTyping('Kojo', 'Kojo Tetteh');
  await quickSale.amount.fill('8');
  await quickSale.choosePayment('Mobile money');
  await quickSale.amount.press('Enter');
  await expect(page.getByText('Sale of GH₵8.00 recorded for Kojo Tetteh')).toBeVisible();
  await page.keyboard.press('F2');
  await expect(quickSale.payment.getByRole('radio', { name: 'Mobile money' })).toBeChecked();
});

test('an arrow pressed before the matches arrive keeps its row, and Enter picks it', async ({ app: page, quickSale }) => {
  await callApi(page, 'customers.create', { firstName: 'Abena', lastName: 'Osei', phone: '020 111 2222' });
  await callApi(page, 'customers.create', { firstName: 'Akosua', lastName: 'Osei', phone: '020 111 3333' });
  await page.keyboard.press('F2');
  await quickSale.customer.pressSequentially('020 11');
  await expect(quickSale.dialog.getByRole('option', { name: /Osei/ })).toHaveCount(2);

  // The answer to the last keystroke is held until the arrow has moved.
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  const isLastSearch = (body: { method?: string; input?: { query?: string } } | null) => body?.method === 'customers.search' && body.input?.query === '020 111';
  await page.route('**/api/call', async (route) => {
    if (isLastSearch(route.request().postDataJSON())) await held;
    await route.continue();
  });
  const answered = page.waitForResponse((response) => isLastSearch(response.request().postDataJSON()));
  await quickSale.customer.press('1');
  await quickSale.customer.press('ArrowDown');
  const second = quickSale.dialog.getByRole('option').nth(1);
  await expect(second).toHaveAttribute('aria-selected', 'true');
  const picked = (await second.innerText()).split('\n')[0].trim();
  release();
  await answered;
  await expect(quickSale.dialog.getByRole('option').nth(1)).toHaveAttribute('aria-selected', 'true');
  await expect(quickSale.dialog.getByRole('option').nth(0)).toHaveAttribute('aria-selected', 'false');
  await page.unroute('**/api/call');
  await quickSale.customer.press('Enter');
  await expect(quickSale.chosen(picked)).toBeVisible();
});
