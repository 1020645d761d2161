import { expect, type Locator, type Page } from '@playwright/test';

/** The first-run screen of an empty book: the shop (name, country and the formats that follow), then the owner. */
export class FirstRunPage {
  readonly screen: Locator;
  readonly heading: Locator;
  readonly shopName: Locator;
  readonly country: Locator;
  /** The one-line summary of currency, phone, dates and time that follow from the country. */
  readonly formats: Locator;
  readonly changeFormats: Locator;
  readonly currency: Locator;
  readonly phoneCountry: Locator;
  readonly locale: Locator;
  readonly timeZone: Locator;
  readonly ownerName: Locator;
  readonly pin: Locator;
  readonly confirmPin: Locator;
  readonly submit: Locator;

  constructor(readonly page: Page) {
    this.screen = page.getByRole('main', { name: 'Set up Regulars' });
    this.heading = this.screen.getByRole('heading', { level: 1 });
    this.shopName = this.screen.getByRole('textbox', { name: 'Shop name' });
    this.country = this.screen.getByLabel('Country', { exact: true });
    this.formats = this.screen.getByTestId('shop-formats');
    this.changeFormats = this.screen.getByRole('button', { name: /^(Change|Done)$/ });
    this.currency = this.screen.getByLabel('Currency', { exact: true });
    this.phoneCountry = this.screen.getByLabel('Phone country', { exact: true });
    this.locale = this.screen.getByLabel('Locale', { exact: true });
    this.timeZone = this.screen.getByLabel('Time zone', { exact: true });
    this.ownerName = this.screen.getByRole('textbox', { name: 'Your name' });
    this.pin = this.screen.getByLabel('PIN', { exact: true });
    this.confirmPin = this.screen.getByLabel('Confirm PIN');
    this.submit = this.screen.getByRole('button', { name: 'Set up and open Regulars' });
  }

  async expectOpen(): Promise<void> {
    await expect(this.screen).toBeVisible();
    await expect(this.heading).toHaveText('Set up your shop');
  }

  /** Types part of the country's name into the searchable list and picks it. */
  async chooseCountry(typed: string, name: string): Promise<void> {
    await this.country.click();
    await this.country.fill(typed);
    await this.page.getByRole('option', { name, exact: true }).click();
    await expect(this.country).toHaveValue(name);
  }

  /** A value in the summary line, e.g. format('Currency'). */
  format(label: 'Currency' | 'Phone' | 'Dates' | 'Time'): Locator {
    return this.formats.locator('dt', { hasText: label }).locator('xpath=following-sibling::dd[1]');
  }

  async fillOwner(name: string, pin: string, confirmPin = pin): Promise<void> {
    await this.ownerName.fill(name);
    await this.pin.fill(pin);
    await this.confirmPin.fill(confirmPin);
  }
}
