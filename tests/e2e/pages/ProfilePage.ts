import { expect, type Locator, type Page } from '@playwright/test';

/** One customer's profile: header, metric cards, and the history / notes / preferences / timeline tabs. */
export class ProfilePage {
  readonly details: Locator;
  readonly name: Locator;
  readonly backButton: Locator;
  readonly newSaleButton: Locator;
  readonly history: Locator;
  readonly pointsTab: Locator;
  readonly pointsHistory: Locator;
  readonly pointsBalance: Locator;

  constructor(readonly page: Page) {
    this.details = page.getByRole('region', { name: 'Customer details' });
    this.name = this.details.getByRole('heading', { level: 1 });
    this.backButton = page.getByRole('button', { name: 'Back to customers' });
    this.newSaleButton = this.details.getByRole('button', { name: /^New sale for / });
    this.history = page.getByRole('table', { name: 'Purchase history' });
    this.pointsTab = page.getByRole('tab', { name: /^Points/ });
    this.pointsHistory = page.getByRole('table', { name: 'Points history' });
    this.pointsBalance = page.getByRole('region', { name: 'Points balance' });
  }

  /** Opens a customer's profile by its address, as a link or a typed address would. */
  async open(id: number): Promise<void> {
    await this.page.goto(this.page.url().replace(/#.*$/, '') + `#/customers/${id}`);
  }

  async expectCustomer(name: string): Promise<void> {
    await expect(this.name).toHaveText(name);
  }

  /** The value shown on a metric card ("Purchases", "Total spent", ...). */
  metric(label: string): Locator {
    return this.page.getByRole('group', { name: label, exact: true }).locator('[data-metric-value]');
  }

  async expectTotals(purchases: string, totalSpent: string): Promise<void> {
    await expect(this.metric('Purchases')).toHaveText(purchases);
    await expect(this.metric('Total spent')).toHaveText(totalSpent);
  }

  saleRows(): Locator {
    return this.history.locator('tbody tr');
  }

  saleRow(amount: string): Locator {
    return this.saleRows().filter({ hasText: amount });
  }

  async tab(name: 'Purchase history' | 'Notes' | 'Preferences' | 'Timeline'): Promise<void> {
    await this.page.getByRole('tab', { name }).click();
  }

  async voidSale(amount: string, reason: string): Promise<void> {
    await this.saleRow(amount).getByRole('button', { name: new RegExp(`^Void sale of ${escape(amount)}`) }).click();
    const dialog = this.page.getByRole('dialog', { name: 'Void sale' });
    await dialog.getByRole('textbox', { name: 'Reason' }).fill(reason);
    await dialog.getByRole('button', { name: 'Void sale' }).click();
    await expect(dialog).toBeHidden();
  }

  /** Adds a note from the Notes tab (the tab opened first). */
  async addNote(text: string): Promise<void> {
    await this.tab('Notes');
    const form = this.page.getByRole('form', { name: 'Add a note' });
    await form.getByRole('textbox', { name: 'Note' }).fill(text);
    await form.getByRole('button', { name: 'Add note' }).click();
  }

  async back(): Promise<void> {
    await this.backButton.click();
  }
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
