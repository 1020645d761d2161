import { expect, type Locator, type Page } from '@playwright/test';

/** "Possible duplicates" and its Merge dialog. */
export class DuplicatesPage {
  readonly heading: Locator;
  readonly pairs: Locator;
  readonly mergeDialog: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole('heading', { level: 1, name: 'Possible duplicates' });
    this.pairs = page.getByRole('list', { name: 'Possible duplicate pairs' }).getByRole('listitem');
    this.mergeDialog = page.getByRole('dialog', { name: 'Merge two customers' });
  }

  async open(): Promise<void> {
    await this.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Possible duplicates' }).click();
    await expect(this.heading).toBeVisible();
  }

  pair(text: string | RegExp): Locator {
    return this.pairs.filter({ hasText: text });
  }

  /** Picks, in the Merge dialog, the value labelled `value` (e.g. a phone number) to survive. */
  async take(value: string): Promise<void> {
    await this.mergeDialog.getByRole('radio', { name: value, exact: true }).check();
  }
}
