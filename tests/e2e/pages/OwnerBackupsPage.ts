import { expect, type Locator, type Page } from '@playwright/test';

/** The owner's Backups screen and its restore confirmation. */
export class OwnerBackupsPage {
  readonly heading: Locator;
  readonly backUpNow: Locator;
  readonly made: Locator;
  readonly table: Locator;
  readonly restoreDialog: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole('heading', { level: 1, name: 'Backups' });
    this.backUpNow = page.getByRole('button', { name: 'Back up now' });
    this.made = page.getByRole('status').filter({ hasText: 'Backup made' });
    this.table = page.getByRole('table', { name: 'Backups' });
    this.restoreDialog = page.getByRole('dialog', { name: 'Restore this backup?' });
  }

  async goto(): Promise<void> {
    await this.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Backups', exact: true }).click();
    await expect(this.heading).toBeVisible();
  }

  rows(kind?: 'automatic' | 'manual' | 'pre-restore'): Locator {
    return this.table.locator(kind ? `tbody tr[data-kind="${kind}"]` : 'tbody tr');
  }

  /** The backup just made from this screen, marked in the list. */
  get newRow(): Locator {
    return this.table.locator('tbody tr[data-new]');
  }

  async restore(row: Locator): Promise<void> {
    await row.getByRole('button', { name: /^Restore the backup taken/ }).click();
    await expect(this.restoreDialog).toBeVisible();
  }

  /** After a restore everyone signs in again: the app goes back to the sign-in screen. */
  async expectSignInScreen(): Promise<void> {
    // A restore closes the book, checks and copies the backup, and starts the database workers again.
    await expect(this.page.getByRole('main', { name: 'Sign in' })).toBeVisible({ timeout: 30_000 });
  }
}
