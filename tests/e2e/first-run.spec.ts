import { expectNoSeriousViolations } from './axe';
import { callApi, expect, test } from './fixtures';
import { FirstRunPage } from './pages/FirstRunPage';
import { NewCustomerDialog } from './pages/NewCustomerDialog';
import { SettingsPage } from './pages/SettingsPage';
import { screenshotter } from './screenshot';

test.describe('first run', () => {
  test.use({ signIn: false });

  test('an empty book set up for Ghana ends on the directory in cedis, with Ghanaian phone numbers and Accra time', async ({ app: page, directory, profile, quickSale }) => {
    const firstRun = new FirstRunPage(page);
    await firstRun.expectOpen();
    await expect(firstRun.shopName).toBeFocused();
    await firstRun.shopName.fill('Osu Corner Shop');

    // The browser is a PC in UTC with British English: Ghana brings its own money, numbers, dates and clock.
    await firstRun.chooseCountry('gha', 'Ghana');
    await expect(firstRun.format('Currency')).toHaveText('GH₵ (GHS)');
    await expect(firstRun.format('Phone')).toHaveText('+233');
    await expect(firstRun.format('Dates')).toHaveText('25/12/2026');
    await expect(firstRun.format('Time')).toHaveText('Africa/Accra');
    // Each is shown and can be changed.
    await firstRun.changeFormats.click();
    await expect(firstRun.changeFormats).toHaveAttribute('aria-expanded', 'true');
    await expect(firstRun.currency).toHaveValue('GHS — Ghanaian Cedi');
    await expect(firstRun.phoneCountry).toHaveValue('Ghana (+233)');
    await expect(firstRun.locale).toHaveValue('en-GH');
    await expect(firstRun.timeZone).toHaveValue('Africa/Accra');

    await firstRun.fillOwner('Ama Owner', '2468');
    await firstRun.submit.click();

    await expect(directory.heading).toBeVisible();
    await expect(directory.topBar).toContainText('Osu Corner Shop');
    await expect(directory.emptyState()).toBeVisible();

    // A customer with a local number, and a sale, so that the shop's formats show.
    await directory.newCustomerButton.click();
    const newCustomer = new NewCustomerDialog(page);
    await newCustomer.fill({ firstName: 'Kofi', lastName: 'Boateng', phone: '0244123456' });
    await newCustomer.submit();
    await newCustomer.expectClosed();
    await profile.expectCustomer('Kofi Boateng');
    await profile.newSaleButton.click();
    await quickSale.expectOpen();
    await quickSale.enterAmountAndSave('12.50');
    await expect(page.getByText('Sale of GH₵12.50 recorded for Kofi Boateng')).toBeVisible();
    await profile.back();
    await expect(directory.cell('Kofi Boateng', 'Phone')).toHaveText('024 412 3456');
    await expect(directory.cell('Kofi Boateng', 'Total spent')).toHaveText('GH₵12.50');

    const settings = new SettingsPage(page);
    await settings.open();
    await expect(settings.form.getByLabel('Time zone', { exact: true })).toHaveValue('Africa/Accra');
    expect(await callApi(page, 'settings.get', {})).toMatchObject({
      shopName: 'Osu Corner Shop',
      currency: 'GHS',
      phoneCountry: 'GH',
      locale: 'en-GH',
      timeZone: 'Africa/Accra',
    });
  });

  test('mistakes are shown on their fields, the changed formats opened where one is wrong', async ({ app: page }) => {
    const firstRun = new FirstRunPage(page);
    await firstRun.expectOpen();
    await firstRun.submit.click();
    await expect(firstRun.shopName).toHaveAccessibleDescription(/The shop needs a name/);
    await expect(firstRun.ownerName).toHaveAccessibleDescription(/.+/);

    await firstRun.shopName.fill('Osu Corner Shop');
    await firstRun.chooseCountry('ghana', 'Ghana');
    await firstRun.changeFormats.click();
    await firstRun.locale.fill('');
    await firstRun.changeFormats.click();
    await expect(firstRun.locale).toBeHidden();
    await firstRun.fillOwner('Ama Owner', '2468');
    await firstRun.submit.click();
    // The wrong field was folded away: the summary opens to show it.
    await expect(firstRun.locale).toBeVisible();
    await expect(firstRun.locale).toHaveAccessibleDescription(/Locale must be a language tag/);
    await expectNoSeriousViolations(page, 'the first run with mistakes');
  });

  test('screenshots and an accessibility check of the first run (light and dark)', async ({ app: page }, testInfo) => {
    test.setTimeout(120_000);
    await page.emulateMedia({ reducedMotion: 'reduce' });
    const shot = screenshotter(page, testInfo);
    const firstRun = new FirstRunPage(page);
    await firstRun.expectOpen();
    await firstRun.shopName.fill('Osu Corner Shop');
    await firstRun.chooseCountry('gha', 'Ghana');
    await firstRun.ownerName.fill('Ama Owner');
    await firstRun.ownerName.blur();
    await expectNoSeriousViolations(page, 'the first run');
    await shot('first-run');

    await firstRun.changeFormats.click();
    await expect(firstRun.timeZone).toBeVisible();
    await expectNoSeriousViolations(page, 'the first run with its formats open');
    await shot('first-run-formats');
  });
});

test.describe('settings', () => {
  // A book whose zone came from a PC set to UTC: a name Intl's list of zones leaves out.
  test.use({ shop: { shopName: 'Osu Corner Shop', timeZone: 'UTC' } });

  test('Settings always shows the time zone in force', async ({ app: page }) => {
    const settings = new SettingsPage(page);
    await settings.open();
    await expect(settings.form.getByLabel('Time zone', { exact: true })).toHaveValue('UTC');
  });
});
