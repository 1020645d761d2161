import { callApi, expect, test } from './fixtures';
import { screenshotter } from './screenshot';
import { DuplicatesPage } from './pages/DuplicatesPage';
import { SettingsPage } from './pages/SettingsPage';
import { SignInPage } from './pages/SignInPage';
import { seedShop } from './seed';

/**
 * @screenshots: the main screens in light and dark at 1280×800 (and the directory at 1920×1080),
 * for looking at the UI as the shop owner would. Each run keeps them as test artifacts; with
 * UPDATE_SCREENSHOTS=1 they are also written to docs/screenshots/ (the README shows directory-light.png),
 * so an ordinary test run does not rewrite committed images.
 */

test(`screenshots of the main screens (light and dark) @screenshots`, async ({ app: page, directory, profile, quickSale }, testInfo) => {
  // Fourteen full-page screenshots and a seeded book: more than the default minute on a busy machine.
  test.setTimeout(180_000);
  await page.emulateMedia({ reducedMotion: 'reduce' });
  const shot = screenshotter(page, testInfo);

  await expect(directory.emptyState()).toBeVisible();
  await shot('directory-empty');

  await directory.newCustomerButton.click();
  const dialog = page.getByRole('dialog', { name: 'New customer' });
  await dialog.getByRole('textbox', { name: 'First name', exact: true }).fill('Ama');
  await dialog.getByRole('textbox', { name: 'Last name', exact: true }).fill('Mensah');
  await dialog.getByRole('textbox', { name: 'Phone', exact: true }).fill('024 412 3456');
  await expect(dialog).toBeVisible();
  await shot('new-customer');
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();

  const { amaId } = await seedShop(page);
  await page.reload();
  await expect(directory.rows).toHaveCount(6);
  await shot('directory');

  await page.setViewportSize({ width: 1920, height: 1080 });
  await expect(directory.rows).toHaveCount(6);
  await shot('directory-1920');
  await page.setViewportSize({ width: 1280, height: 800 });

  await directory.searchFor('4123');
  await expect(directory.rows).toHaveCount(1);
  await shot('directory-search');
  await directory.searchFor('9999');
  await expect(directory.noResults('9999')).toBeVisible();
  await shot('directory-no-results');
  await directory.search.fill('');

  await page.goto(page.url().replace(/#.*$/, '') + `#/customers/${amaId}`);
  await profile.expectCustomer('Ama Mensah');
  await expect(profile.saleRows()).toHaveCount(6);
  await shot('profile');

  await profile.tab('Notes');
  await expect(page.getByText('Prefers the navy school uniform')).toBeVisible();
  await shot('profile-notes');
  await profile.tab('Preferences');
  await expect(page.getByRole('button', { name: 'Save preferences' })).toBeVisible();
  await shot('profile-preferences');
  await profile.tab('Timeline');
  await expect(page.getByRole('tabpanel', { name: 'Timeline' }).getByText('Sale of GH₵80.00 voided')).toBeVisible();
  await shot('profile-timeline');

  await profile.back();
  await page.keyboard.press('F2');
  await quickSale.customer.fill('024');
  await expect(quickSale.option(/Ama Mensah/)).toBeVisible();
  await shot('quick-sale');
  await quickSale.customer.press('Enter');
  await quickSale.amount.fill('12.50');
  await shot('quick-sale-picked');
  await page.keyboard.press('Escape');
  await quickSale.expectClosed();

  // The same person entered twice: once at the counter, once from an old list with a UK number.
  const twin = await callApi(page, 'customers.create', { firstName: 'Ama', lastName: 'Mensah', phone: '+44 20 7412 3456', email: 'ama.m@example.co.uk', tags: ['london'] });
  await callApi(page, 'sales.record', { customerId: twin.id, amount: 6_000, items: 2, paymentMethod: 'card' });
  await callApi(page, 'customers.create', { firstName: 'Kwame', lastName: 'Boateng Jnr', email: 'kwame@boatengtraders.example.com'.replace('kwame@', 'kwame.b@') });
  const duplicates = new DuplicatesPage(page);
  await duplicates.open();
  await expect(duplicates.pairs.first()).toBeVisible();
  await shot('duplicates');
  await duplicates.pair('Ama Mensah').getByRole('button', { name: /^Merge/ }).click();
  await expect(duplicates.mergeDialog).toBeVisible();
  await shot('merge');
  await page.keyboard.press('Escape');
  await expect(duplicates.mergeDialog).toBeHidden();

  const settings = new SettingsPage(page);
  await settings.open();
  await expect(settings.shopName).toHaveValue('Osu Corner Shop');
  await shot('settings');
});

test.describe('signing in @screenshots', () => {
  test.use({ signIn: false });

  test(`screenshots of owner setup, sign-in and the locked screen (light and dark) @screenshots`, async ({ app: page }, testInfo) => {
    test.setTimeout(120_000);
    await page.emulateMedia({ reducedMotion: 'reduce' });
    // sign-in.png is the light one (the README's name); the others carry the scheme like every screen.
    const shot = screenshotter(page, testInfo, (name, scheme) => (name === 'sign-in' && scheme === 'light' ? 'sign-in.png' : `${name}-${scheme}.png`));
    const signIn = new SignInPage(page);
    await expect(signIn.setupScreen).toBeVisible();
    await shot('owner-setup');

    await signIn.setUpOwner('Akosua Owusu', '2468');
    await signIn.expectSignedInAs('Akosua Owusu', 'Owner');
    for (const name of ['Kofi Asante', 'Efua Mensah', 'Yaw Boateng']) await callApi(page, 'staff.add', { name, role: 'staff', pin: '5678' });
    await signIn.switchUser();
    await signIn.name('Kofi Asante').click();
    await signIn.pin.fill('5679');
    await signIn.pin.press('Enter');
    await expect(signIn.pinError('Wrong PIN. Try again.')).toBeVisible();
    await shot('sign-in');

    await signIn.pin.fill('5678');
    await signIn.pin.press('Enter');
    await signIn.expectSignedInAs('Kofi Asante', 'Staff');
    await signIn.openMenu();
    await expect(page.getByRole('menuitem', { name: 'Lock' })).toBeVisible();
    await shot('signed-in-menu');
    await page.getByRole('menuitem', { name: 'Lock' }).click();
    await expect(signIn.heading).toHaveText('Locked — Kofi Asante');
    await shot('locked');
  });
});
