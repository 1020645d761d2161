import { expect, type Locator, type Page } from '@playwright/test';

/** The owner's Audit log: filters, entries, and each entry's before → after changes. */
export class OwnerAuditPage {
  readonly heading: Locator;
  readonly filters: Locator;
  readonly table: Locator;
  readonly loadOlder: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole('heading', { level: 1, name: 'Audit log' });
    this.filters = page.getByRole('region', { name: 'Filter the audit log' });
    this.table = page.getByRole('table', { name: 'Audit log' });
    this.loadOlder = page.getByRole('button', { name: 'Load older' });
  }

  async goto(): Promise<void> {
    await this.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Audit log', exact: true }).click();
    await expect(this.heading).toBeVisible();
  }

  /** Top-level entry rows (expanded change rows excluded). */
  get entries(): Locator {
    return this.table.locator('tbody > tr[data-entry]');
  }

  entry(label: string): Locator {
    return this.entries.filter({ hasText: label });
  }

  async filterByKind(kind: string): Promise<void> {
    await this.filters.getByLabel('Kind of record', { exact: true }).click();
    await this.page.getByRole('option', { name: kind, exact: true }).click();
  }

  async filterByPerson(name: string): Promise<void> {
    await this.filters.getByLabel('Person', { exact: true }).click();
    await this.page.getByRole('option', { name, exact: true }).click();
  }

  async filterByRecord(id: number): Promise<void> {
    await this.filters.getByLabel('Record number', { exact: true }).fill(String(id));
  }

  /** Opens an entry's changes and returns the table of them. */
  async showChanges(entry: Locator): Promise<Locator> {
    const toggle = entry.getByRole('button', { name: /^\d+ changes?$/ });
    await toggle.click();
    await expect(toggle).toHaveAttribute('aria-expanded', 'true');
    const id = await toggle.getAttribute('aria-controls');
    return this.page.locator(`#${id}`);
  }
}
