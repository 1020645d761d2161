import { expect, type Download, type Locator, type Page } from '@playwright/test';

/** The Export to Mailchimp dialog: who goes in, who is left out and why, and the saved files. */
export class OwnerMailchimpDialog {
  readonly dialog: Locator;
  readonly exported: Locator;
  readonly leftOut: Locator;
  readonly leftOutTable: Locator;
  readonly saveButton: Locator;

  constructor(readonly page: Page) {
    this.dialog = page.getByRole('dialog', { name: 'Export to Mailchimp' });
    this.exported = this.dialog.getByTestId('mailchimp-exported');
    this.leftOut = this.dialog.getByTestId('mailchimp-left-out');
    this.leftOutTable = this.dialog.getByRole('table', { name: 'Left out, and why' });
    this.saveButton = this.dialog.getByRole('button', { name: 'Save Mailchimp file' });
  }

  async expectOpen(): Promise<void> {
    await expect(this.dialog).toBeVisible();
  }

  leftOutRow(email: string): Locator {
    return this.leftOutTable.getByRole('row').filter({ hasText: email });
  }

  /** Saves, and returns the two downloads: the Mailchimp file and its left-out report. */
  async save(): Promise<{ file: Download; report: Download }> {
    const [file, report] = await Promise.all([
      this.page.waitForEvent('download', { predicate: (d) => !d.suggestedFilename().endsWith('-left-out.csv') }),
      this.page.waitForEvent('download', { predicate: (d) => d.suggestedFilename().endsWith('-left-out.csv') }),
      this.saveButton.click(),
    ]);
    return { file, report };
  }
}
