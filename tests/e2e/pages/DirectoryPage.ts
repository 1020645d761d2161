import type { Locator, Page } from '@playwright/test';

/** The top bar and the customer directory (the counter's home). */
export class DirectoryPage {
  readonly topBar: Locator;
  readonly search: Locator;
  readonly newSaleButton: Locator;
  readonly newCustomerButton: Locator;
  readonly heading: Locator;
  readonly table: Locator;

  constructor(readonly page: Page) {
    this.topBar = page.getByRole('banner');
    this.search = page.getByLabel('Search customers', { exact: true });
    this.newSaleButton = this.topBar.getByRole('button', { name: 'New sale', exact: true });
    this.newCustomerButton = this.topBar.getByRole('button', { name: 'New customer', exact: true });
    this.heading = page.getByRole('heading', { level: 1, name: 'Customers' });
    this.table = page.getByRole('table', { name: 'Customers' });
  }

  /** Data rows (the header row excluded). */
  get rows(): Locator {
    return this.table.locator('tbody tr.directory-row');
  }

  row(name: string): Locator {
    return this.rows.filter({ hasText: name });
  }

  cell(name: string, column: string): Locator {
    return this.row(name).locator('td').nth(this.columnIndex(column));
  }

  private columnIndex(column: string): number {
    return ['Name', 'Phone', 'Email', 'Type', 'Visits', 'Total spent', 'Last visit', 'Tier'].indexOf(column);
  }

  /** The header cell of a column, which carries aria-sort while the rows are sorted by it. */
  columnHeader(column: string): Locator {
    return this.table.getByRole('columnheader', { name: column });
  }

  /** Clicks a sortable column's header (a button inside its cell). */
  async sortBy(column: string): Promise<void> {
    await this.columnHeader(column).getByRole('button').click();
  }

  /** The names of the rows shown, top to bottom. */
  async names(): Promise<string[]> {
    return this.rows.locator('td:first-child').allTextContents();
  }

  emptyState(): Locator {
    return this.page.getByText('Add your first customer');
  }

  noResults(query: string): Locator {
    return this.page.getByText(`No customer matches '${query}'. Create one?`);
  }

  /** Waits until the rows on screen are the answer to this search (not the previous one's, kept meanwhile). */
  async expectResultsFor(query: string): Promise<void> {
    await this.page.getByTestId('directory-frame').and(this.page.locator(`[data-results-for="${query}"]`)).waitFor();
  }

  async searchFor(text: string): Promise<void> {
    await this.search.fill(text);
  }

  async open(name: string): Promise<void> {
    await this.row(name).click();
  }
}
