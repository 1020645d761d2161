import type { Page } from '@playwright/test';
import { callApi, expect, test } from './fixtures';
import { NewCustomerDialog } from './pages/NewCustomerDialog';
import { seedShop } from './seed';

/** Holds the directory's answer for `search` until the returned function is called, so a test can act while it is on its way. */
async function holdDirectoryAnswer(page: Page, search: string): Promise<() => void> {
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route('**/api/call', async (route) => {
    const body = route.request().postDataJSON() as { method?: string; input?: { search?: string } } | null;
    if (body?.method === 'customers.list' && body.input?.search === search) await held;
    await route.continue();
  });
  return release;
}

/**
 * The acceptance test: the counter's core loop on a fresh data folder. Add a customer, find them by
 * four digits of their phone, open the profile, record two sales and watch the totals move.
 */
test('add a customer, find them by phone digits, record two sales', async ({ app: page, directory, profile, quickSale }, testInfo) => {
  // A fresh book says how to start.
  await expect(directory.emptyState()).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('01-empty-directory.png') });

  // Add Ama Mensah through the New customer dialog.
  await directory.newCustomerButton.click();
  const newCustomer = new NewCustomerDialog(page);
  await newCustomer.fill({ firstName: 'Ama', lastName: 'Mensah', phone: '024 412 3456' });
  await page.screenshot({ path: testInfo.outputPath('02-new-customer-dialog.png') });
  await newCustomer.submit();
  await newCustomer.expectClosed();
  await expect(page.getByText('Ama Mensah added to your customers')).toBeVisible();
  // Adding opens the new profile.
  await profile.expectCustomer('Ama Mensah');
  await profile.expectTotals('0', 'GH₵0.00');

  // Back to the directory, and find her by four digits of her phone.
  await profile.back();
  await expect(directory.heading).toBeVisible();
  await directory.searchFor('4123');
  await expect(directory.rows).toHaveCount(1);
  await expect(directory.row('Ama Mensah')).toBeVisible();
  await expect(directory.cell('Ama Mensah', 'Phone')).toHaveText('024 412 3456');
  await page.screenshot({ path: testInfo.outputPath('03-search-4123.png') });

  // Open the profile from the results.
  await directory.open('Ama Mensah');
  await profile.expectCustomer('Ama Mensah');

  // First sale, from the profile's New sale: the customer is already chosen.
  await profile.newSaleButton.click();
  await quickSale.expectOpen();
  await expect(quickSale.chosen('Ama Mensah')).toBeVisible();
  await expect(quickSale.amount).toBeFocused();
  await quickSale.enterAmountAndSave('12.50');
  await quickSale.expectClosed();
  await expect(page.getByText('Sale of GH₵12.50 recorded for Ama Mensah')).toBeVisible();
  await profile.expectTotals('1', 'GH₵12.50');
  await expect(profile.saleRows()).toHaveCount(1);
  await expect(profile.saleRow('GH₵12.50')).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('04-profile-one-sale.png') });

  // Second sale, the counter way: F2, four digits, Enter picks, amount, Enter saves.
  await page.keyboard.press('F2');
  await quickSale.expectOpen();
  await expect(quickSale.customer).toBeFocused();
  await quickSale.pickByTyping('4123', 'Ama Mensah');
  await expect(quickSale.amount).toBeFocused();
  await quickSale.enterAmountAndSave('7.25');
  await quickSale.expectClosed();
  await expect(page.getByText('Sale of GH₵7.25 recorded for Ama Mensah')).toBeVisible();
  await profile.expectTotals('2', 'GH₵19.75');
  await expect(profile.metric('Average sale')).toHaveText('GH₵9.88');
  await expect(profile.metric('Repeat customer')).toHaveText('Yes');
  await expect(profile.saleRows()).toHaveCount(2);
  await page.screenshot({ path: testInfo.outputPath('05-profile-two-sales.png') });

  // The directory agrees.
  await profile.back();
  await directory.searchFor('Ama');
  await expect(directory.cell('Ama Mensah', 'Visits')).toHaveText('2');
  await expect(directory.cell('Ama Mensah', 'Total spent')).toHaveText('GH₵19.75');
});

test('the column headers sort the directory, and the tag filter suggests the tags of the rows shown', async ({ app: page, directory }) => {
  await seedShop(page);
  await page.reload();
  await expect(directory.rows).toHaveCount(6);
  await expect(directory.columnHeader('Name')).toHaveAttribute('aria-sort', 'ascending');

  // Spend sorts biggest first, then the other way round; the header says which.
  await directory.sortBy('Total spent');
  await expect(directory.columnHeader('Total spent')).toHaveAttribute('aria-sort', 'descending');
  await expect(directory.columnHeader('Name')).not.toHaveAttribute('aria-sort');
  await expect.poll(() => directory.names()).toEqual(['Kwame Boateng', 'Efua Owusu-Ansah', 'Ama Mensah', 'Abena Asantewaa Darko-Boakye Fosuhene', 'Kofi Asante', 'Yaw Ofori']);
  await directory.sortBy('Total spent');
  await expect(directory.columnHeader('Total spent')).toHaveAttribute('aria-sort', 'ascending');
  await expect.poll(() => directory.names()).toEqual(['Yaw Ofori', 'Kofi Asante', 'Abena Asantewaa Darko-Boakye Fosuhene', 'Ama Mensah', 'Efua Owusu-Ansah', 'Kwame Boateng']);

  // A search keeps the sort; the tag filter then suggests the tags of the rows it shows.
  await directory.searchFor('Ama');
  await directory.expectResultsFor('Ama');
  await page.getByRole('combobox', { name: 'Filter by tag' }).click();
  await expect(page.getByRole('option')).toHaveText(['school uniforms', 'pays by MoMo']);
  await page.keyboard.press('Escape');
  await directory.searchFor('');
  await directory.expectResultsFor('');
  await page.getByRole('combobox', { name: 'Filter by tag' }).click();
  await expect(page.getByRole('option')).toHaveText(['school uniforms', 'pays by MoMo', 'bulk']);
  await page.getByRole('option', { name: 'bulk' }).click();
  await expect.poll(() => directory.names()).toEqual(['Kwame Boateng']);
});

test('search with no match offers to create the customer', async ({ app: page, directory }) => {
  await directory.searchFor('4123');
  await expect(directory.noResults('4123')).toBeVisible();
  await page.getByRole('table', { name: 'Customers' }).getByRole('button', { name: 'New customer' }).click();
  const dialog = page.getByRole('dialog', { name: 'New customer' });
  await expect(dialog.getByLabel('Phone', { exact: true })).toHaveValue('4123');
});

test('the clear button empties the search field and shows everyone again', async ({ app: page, directory }) => {
  await callApi(page, 'customers.create', { firstName: 'Abena', phone: '020 111 2222' });
  await page.reload();
  await expect(directory.rows).toHaveCount(1);
  await directory.searchFor('zzz');
  await expect(directory.noResults('zzz')).toBeVisible();
  await page.getByRole('button', { name: 'Clear search' }).click();
  await expect(directory.search).toHaveValue('');
  await expect(directory.search).toBeFocused();
  await directory.expectResultsFor('');
  await expect(directory.rows).toHaveCount(1);
  // The field shows what is typed next, from empty.
  await page.keyboard.type('Ab');
  await expect(directory.search).toHaveValue('Ab');
  await directory.expectResultsFor('Ab');
});

test('keyboard: / focuses search, arrows and Enter open a customer, Esc clears', async ({ app: page, directory, profile }) => {
  for (const [firstName, phone] of [
    ['Abena', '020 111 2222'],
    ['Akosua', '020 111 3333'],
  ]) {
    await page.evaluate(
      ([f, p]) => (window as unknown as { regulars: { call: (m: string, i: unknown) => Promise<unknown> } }).regulars.call('customers.create', { firstName: f, phone: p }),
      [firstName, phone],
    );
  }
  await page.reload();
  await expect(directory.rows).toHaveCount(2);
  await page.locator('body').press('/');
  await expect(directory.search).toBeFocused();
  await page.keyboard.type('020 111');
  await expect(directory.rows).toHaveCount(2);
  await expect(directory.rows.nth(0)).toHaveAttribute('data-active', 'true');
  await page.keyboard.press('ArrowDown');
  await expect(directory.rows.nth(1)).toHaveAttribute('data-active', 'true');
  await page.keyboard.press('Enter');
  await profile.expectCustomer('Akosua');
  // Typing in search from a profile goes back to the directory.
  await directory.search.focus();
  await page.keyboard.press('Escape');
  await expect(directory.search).toHaveValue('');
});

test('an arrow pressed before the search answers keeps its row when the answer arrives', async ({ app: page, directory, profile }) => {
  for (const [firstName, phone] of [
    ['Abena', '020 111 2222'],
    ['Akosua', '020 111 3333'],
    ['Ama', '020 999 4444'],
  ]) {
    await callApi(page, 'customers.create', { firstName, phone });
  }
  await page.reload();
  await directory.search.focus();
  await page.keyboard.type('020 11');
  await directory.expectResultsFor('020 11');
  await expect(directory.rows).toHaveCount(2);

  // The answer to the last keystroke is held until the arrow has moved the pick.
  const release = await holdDirectoryAnswer(page, '020 111');
  await page.keyboard.type('1');
  await page.keyboard.press('ArrowDown');
  await expect(directory.rows.nth(1)).toHaveAttribute('data-active', 'true');
  release();
  await directory.expectResultsFor('020 111');
  await expect(directory.rows.nth(1)).toHaveAttribute('data-active', 'true');
  await expect(directory.rows.nth(0)).toHaveAttribute('data-active', 'false');
  await page.unroute('**/api/call');
  await page.keyboard.press('Enter');
  await profile.expectCustomer('Akosua');
});

test('an Enter waiting for an answer is dropped when the text changes before it arrives', async ({ app: page, directory, profile }) => {
  for (const [firstName, phone] of [
    ['Abena', '020 111 2222'],
    ['Akosua', '020 111 3333'],
  ]) {
    await callApi(page, 'customers.create', { firstName, phone });
  }
  await page.reload();
  await directory.search.focus();
  await page.keyboard.type('020 11');
  await directory.expectResultsFor('020 11');

  const release = await holdDirectoryAnswer(page, '020 111');
  await page.keyboard.type('1');
  // Enter asks for the top row of "020 111", whose answer is held; then the text changes again.
  await page.keyboard.press('Enter');
  await page.keyboard.press('Backspace');
  // The held answer goes only once the page has the new text. (Typed this fast, "020 111" and Enter can
  // also look like a card's scan: the Enter then waits for cards.find, and is dropped all the same.)
  await expect(directory.search).toHaveValue('020 11');
  release();
  await directory.expectResultsFor('020 11');
  await page.unroute('**/api/call');
  // One more answer later, the directory is still there and no profile was opened by the old Enter.
  await page.keyboard.press('Backspace');
  await directory.expectResultsFor('020 1');
  await expect(directory.search).toHaveValue('020 1');
  await expect(profile.details).toBeHidden();
});
