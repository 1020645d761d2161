import { expect, type Locator, type Page } from '@playwright/test';

/** The owner's Suppression list: the search, the table, and the Add address and Remove dialogs. */
export class OwnerSuppressionPage {
  readonly heading: Locator;
  readonly search: Locator;
  readonly table: Locator;
  readonly count: Locator;
  readonly addButton: Locator;
  readonly addDialog: Locator;
  readonly removeDialog: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole('heading', { level: 1, name: 'Suppression list' });
    const finder = page.getByRole('region', { name: 'Find an address' });
    this.search = finder.getByRole('searchbox', { name: 'Search' });
    this.count = finder.locator('[aria-live="polite"]');
    this.table = page.getByRole('table', { name: 'Suppression list' });
    this.addButton = page.getByRole('button', { name: 'Add address', exact: true });
    this.addDialog = page.getByRole('dialog', { name: 'Add an address to the suppression list' });
    this.removeDialog = page.getByRole('dialog', { name: 'Remove from the suppression list' });
  }

  async goto(): Promise<void> {
    await this.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Suppression list', exact: true }).click();
    await expect(this.heading).toBeVisible();
  }

  get rows(): Locator {
    return this.table.locator('tbody > tr[data-suppression]');
  }

  row(address: string): Locator {
    return this.rows.filter({ has: this.page.getByText(address, { exact: true }) });
  }

  /** Fills and submits Add address; the caller checks whether it closed or showed an error. */
  async add(entry: { kind: 'Email' | 'Phone'; address: string; note: string }): Promise<void> {
    await this.addButton.click();
    await expect(this.addDialog).toBeVisible();
    await this.addDialog.getByText(entry.kind, { exact: true }).click();
    await this.addDialog.getByRole('textbox', { name: entry.kind === 'Email' ? 'Email address' : 'Phone number' }).fill(entry.address);
    await this.addDialog.getByRole('textbox', { name: 'Note' }).fill(entry.note);
    await this.addDialog.getByRole('button', { name: 'Add to the list' }).click();
  }
}
