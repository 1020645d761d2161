import { expect, type Locator, type Page } from '@playwright/test';

/** The Settings screen. */
export class SettingsPage {
  readonly heading: Locator;
  readonly form: Locator;
  readonly shopName: Locator;
  readonly ceiling: Locator;
  readonly highValueThreshold: Locator;
  readonly currency: Locator;
  readonly saveButton: Locator;
  readonly idleLockMinutes: Locator;
  readonly backupFolder: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole('heading', { level: 1, name: 'Settings' });
    this.form = page.getByRole('form', { name: 'Shop settings' });
    this.shopName = this.form.getByRole('textbox', { name: 'Shop name' });
    this.ceiling = this.form.getByRole('textbox', { name: 'Largest sale accepted' });
    this.highValueThreshold = this.form.getByRole('textbox', { name: 'High-value customers from' });
    this.currency = this.form.getByLabel('Currency', { exact: true });
    this.saveButton = this.form.getByRole('button', { name: 'Save settings' });
    this.idleLockMinutes = this.form.getByRole('textbox', { name: 'Lock the counter after (minutes)' });
    this.backupFolder = this.form.getByRole('textbox', { name: 'Backup folder' });
  }

  async open(): Promise<void> {
    await this.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
    await expect(this.heading).toBeVisible();
  }

  async chooseCurrency(code: string): Promise<void> {
    await this.currency.click();
    await this.currency.fill(code);
    await this.page.getByRole('option', { name: new RegExp(`^${code} `) }).click();
  }
}
