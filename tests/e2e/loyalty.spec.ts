import type { Page } from '@playwright/test';
import { expectNoSeriousViolations } from './axe';
import { callApi, expect, inBook, test } from './fixtures';
import { inputReceived, logInput } from './input-log';
import { screenshotter } from './screenshot';

/** Issue 14, loyalty at the counter: 1 point per GH₵1.00, 100 points make a reward of GH₵5.00 off. */
const scheme = { spendPerPoint: 100, rewardPoints: 100, rewardValue: 500, expireMonths: 12 };

/** Ama, back with 240 points (two rewards), in a book whose scheme is on; the page reloaded to show it. */
async function returningCustomerWithRewards(page: Page) {
  await callApi(page, 'loyalty.setScheme', { scheme });
  const ama = await callApi(page, 'customers.create', { firstName: 'Ama', lastName: 'Mensah', phone: '024 412 3456' });
  inBook(await callApi(page, 'sales.record', { customerId: ama.id, amount: 24_000 }));
  await page.reload();
  await expect(page.getByRole('table', { name: 'Customers' }).locator('tbody tr.directory-row')).toHaveCount(1);
  return ama;
}

test('keyboard only: a returning customer uses a reward, in four keystrokes beyond the digits and the amount; none is offered below a reward', async ({ app: page, quickSale }) => {
  const ama = await returningCustomerWithRewards(page);
  // A customer whose points reach no reward is offered none, and F4 leaves the sale as it is.
  await callApi(page, 'customers.create', { firstName: 'Kojo', phone: '020 765 4321' });
  await page.keyboard.press('F2');
  await quickSale.pickByTyping('7654', 'Kojo');
  await expect(quickSale.chosen('Kojo')).toContainText('0 pts · 0 rewards');
  await page.keyboard.press('F4');
  await expect(quickSale.reward).toHaveCount(0);
  await page.keyboard.press('Escape');
  await quickSale.expectClosed();

  // No mouse: F2, the digits, Enter picks, F4 uses a reward, the amount, Enter saves. What the page received
  // is counted (logInput).
  await logInput(page);
  await page.keyboard.press('F2');
  await expect(quickSale.customer).toBeFocused();
  await page.keyboard.type('4123');
  await expect(quickSale.option(/Ama Mensah/)).toContainText('240 pts · 2 rewards');
  await page.keyboard.press('Enter');
  await expect(quickSale.chosen('Ama Mensah')).toContainText('240 pts · 2 rewards');
  await expect(quickSale.amount).toBeFocused();
  await expect(quickSale.dialog.getByText('F4', { exact: true })).toBeVisible();
  await page.keyboard.press('F4');
  await expect(quickSale.reward).toBeChecked();
  await page.keyboard.type('50.00');
  await expect(quickSale.dialog.getByText('Pays GH₵45.00 after the reward')).toBeVisible();
  await page.keyboard.press('Enter');
  await quickSale.expectClosed();
  await expect(page.getByText('Sale of GH₵45.00 recorded for Ama Mensah, GH₵5.00 off with a reward · +45 pts, balance 185 pts')).toBeVisible();
  const received = await inputReceived(page);
  const beyond = received.filter((key) => !/^[\d.]$/.test(key));
  // Four beyond the digits and the amount (the issue allows five).
  expect(beyond).toEqual(['F2', 'Enter', 'F4', 'Enter']);

  const [sale] = await callApi(page, 'sales.list', { customerId: ama.id });
  expect(sale).toMatchObject({ amount: 4500, discount: 500 });
  expect(await callApi(page, 'loyalty.account', { customerId: ama.id })).toMatchObject({ points: 185, rewards: 1 });
});

test('the profile shows the points and their history, the owner adjusts them, an alert shows until cleared, and Settings holds the scheme; axe clean on the dialog over the Points tab', async ({ app: page, profile, quickSale }) => {
  const ama = await returningCustomerWithRewards(page);
  await profile.open(ama.id);
  await profile.expectCustomer('Ama Mensah');
  await profile.pointsTab.click();
  await expect(profile.pointsBalance).toContainText('240 pts · 2 rewards');
  await expect(profile.pointsHistory.locator('tbody tr')).toHaveCount(1);

  const adjust = page.getByRole('form', { name: 'Adjust points' });
  await adjust.getByRole('button', { name: 'Adjust points' }).click();
  await expect(adjust.getByText('Say why the points change')).toBeVisible();
  await adjust.getByRole('textbox', { name: 'Points' }).fill('-20');
  await adjust.getByRole('textbox', { name: 'Reason' }).fill('typed twice at the till');
  await adjust.getByRole('button', { name: 'Adjust points' }).click();
  await expect(page.getByText('Ama Mensah now has 220 points')).toBeVisible();
  await expect(profile.pointsHistory.locator('tbody tr').first()).toContainText('Adjusted');
  await expect(profile.pointsHistory.locator('tbody tr').first()).toContainText('typed twice at the till');
  await expect(profile.pointsBalance).toContainText('220 pts · 2 rewards');

  // A note made an alert shows at the top of the profile, and in the quick sale as soon as she is picked.
  await page.getByRole('tab', { name: 'Notes' }).click();
  const addNote = page.getByRole('form', { name: 'Add a note' });
  await addNote.getByRole('textbox', { name: 'Note' }).fill('Allergic to nuts: no sample sweets');
  await addNote.getByRole('switch', { name: 'Show as an alert' }).check();
  await addNote.getByRole('button', { name: 'Add note' }).click();
  const profileAlerts = page.getByRole('alert', { name: 'Alert for Ama Mensah' });
  await expect(profileAlerts).toContainText('Allergic to nuts: no sample sweets');
  await page.getByRole('tab', { name: /^Points/ }).click();

  await profile.newSaleButton.click();
  await quickSale.expectOpen();
  await expect(quickSale.dialog.getByRole('alert', { name: 'Alert for Ama Mensah' })).toContainText('Allergic to nuts');
  await page.keyboard.press('F4');
  await expect(quickSale.reward).toBeChecked();
  // One check for both: the dialog and, behind it, the profile's Points tab with the alert.
  await expectNoSeriousViolations(page, 'the New sale dialog with a reward and an alert, over the Points tab');
  await page.keyboard.press('Escape');
  await quickSale.expectClosed();

  // Cleared, it leaves the top of the profile and stays among the notes, marked.
  await profileAlerts.getByRole('button', { name: /^Clear alert/ }).click();
  await expect(profileAlerts).toHaveCount(0);
  await page.getByRole('tab', { name: 'Notes' }).click();
  await expect(page.getByRole('list', { name: 'Notes' })).toContainText('Alert cleared by Owner');

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
  const loyalty = page.getByRole('form', { name: 'Loyalty points' });
  await expect(loyalty.getByRole('switch', { name: 'Customers earn and use points' })).toBeChecked();
  await expect(loyalty.getByRole('textbox', { name: 'One point for every' })).toHaveValue('1.00');
  await loyalty.getByRole('textbox', { name: 'Points for a reward' }).fill('0');
  await loyalty.getByRole('button', { name: 'Save loyalty' }).click();
  await expect(loyalty.getByText('A reward needs at least 1 point')).toBeVisible();
  await loyalty.getByRole('textbox', { name: 'Points for a reward' }).fill('200');
  await loyalty.getByRole('button', { name: 'Save loyalty' }).click();
  await expect(page.getByText('Loyalty points are on')).toBeVisible();
  expect(await callApi(page, 'loyalty.scheme', {})).toEqual({ ...scheme, rewardPoints: 200 });
  // Axe reads Settings with the scheme on in the owner's accessibility spec.
});

test('screenshots of loyalty at the counter, the profile with points and an alert, and Settings (light and dark) @screenshots', async ({ app: page, profile, quickSale }, testInfo) => {
  const shot = screenshotter(page, testInfo);
  const ama = await returningCustomerWithRewards(page);
  await page.keyboard.press('F2');
  await quickSale.pickByTyping('4123', 'Ama Mensah');
  await page.keyboard.press('F4');
  await quickSale.amount.fill('50.00');
  await expect(quickSale.reward).toBeChecked();
  await shot('loyalty-quick-sale');
  await page.keyboard.press('Escape');
  await callApi(page, 'loyalty.adjust', { customerId: ama.id, points: 30, reason: 'points from the old paper card' });
  await callApi(page, 'notes.add', { customerId: ama.id, type: 'issue', text: 'Allergic to nuts: no sample sweets', alert: true });
  await profile.open(ama.id);
  await profile.pointsTab.click();
  await expect(profile.pointsHistory.locator('tbody tr')).toHaveCount(2);
  await expect(page.getByRole('alert', { name: 'Alert for Ama Mensah' })).toBeVisible();
  await shot('loyalty-profile');
  await profile.pointsHistory.scrollIntoViewIfNeeded();
  await shot('loyalty-points-history');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
  await page.getByRole('form', { name: 'Loyalty points' }).scrollIntoViewIfNeeded();
  await shot('loyalty-settings');
});
