import { expectNoSeriousViolations } from './axe';
import { callApi, expect, test } from './fixtures';
import { DuplicatesPage } from './pages/DuplicatesPage';
import { SettingsPage } from './pages/SettingsPage';
import { SignInPage } from './pages/SignInPage';

test(`no serious accessibility violations on the main screens (light and dark)`, async ({ app: page, directory, profile, quickSale }) => {
  // Six axe passes, each a few seconds on a busy machine: more than the default minute.
  test.setTimeout(180_000);
  await page.emulateMedia({ reducedMotion: 'reduce' });
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

test.describe('signing in', () => {
  test.use({ signIn: false });

  test(`no serious accessibility violations on owner setup, sign-in and the locked screen (light and dark)`, async ({ app: page }) => {
    // Four axe passes and three PIN checks (scrypt): more than the default minute on a busy machine.
    test.setTimeout(180_000);
    await page.emulateMedia({ reducedMotion: 'reduce' });
    const signIn = new SignInPage(page);
    await expect(signIn.setupScreen).toBeVisible();
    await signIn.setUpOwner('Ama', '24', '25');
    await expect(signIn.setupScreen.getByText('The PIN must be 4 to 8 digits')).toBeVisible();
    await expectNoSeriousViolations(page, 'owner setup with errors');

    await signIn.setUpOwner('Ama', '2468');
    await signIn.expectSignedInAs('Ama', 'Owner');
    await callApi(page, 'staff.add', { name: 'Kofi', role: 'staff', pin: '5678' });
    await signIn.switchUser();
    await signIn.signIn('Kofi', '0000');
    await expect(signIn.pinError('Wrong PIN. Try again.')).toBeVisible();
    await expectNoSeriousViolations(page, 'sign-in with a wrong PIN');

    await signIn.signIn('Kofi', '5678');
    await signIn.expectSignedInAs('Kofi', 'Staff');
    await signIn.openMenu();
    await expect(page.getByRole('menuitem', { name: 'Lock' })).toBeVisible();
    await expectNoSeriousViolations(page, 'the signed-in menu');
    await page.getByRole('menuitem', { name: 'Lock' }).click();
    await expect(signIn.heading).toHaveText('Locked — Kofi');
    await expectNoSeriousViolations(page, 'the locked screen');
  });
});
