import { expect, type Locator, type Page } from '@playwright/test';

/** The "New sale" dialog: find or create the customer, amount, Enter. */
export class QuickSaleDialog {
  readonly dialog: Locator;
  readonly customer: Locator;
  readonly amount: Locator;
  readonly items: Locator;
  readonly payment: Locator;
  readonly note: Locator;
  readonly firstName: Locator;
  readonly phone: Locator;
  readonly recordButton: Locator;
  /** "Use a reward", offered while the chosen customer's points reach one. */
  readonly reward: Locator;

  constructor(readonly page: Page) {
    this.dialog = page.getByRole('dialog', { name: 'New sale' });
    this.customer = this.dialog.getByRole('combobox', { name: 'Customer (phone or name)', exact: true });
    this.amount = this.dialog.getByRole('textbox', { name: 'Amount', exact: true });
    this.items = this.dialog.getByRole('textbox', { name: 'Items', exact: true });
    this.payment = this.dialog.getByRole('radiogroup', { name: 'Payment method' });
    this.note = this.dialog.getByRole('textbox', { name: 'Note', exact: true });
    this.firstName = this.dialog.getByRole('textbox', { name: 'First name', exact: true });
    this.phone = this.dialog.getByRole('textbox', { name: 'Phone', exact: true });
    this.recordButton = this.dialog.getByRole('button', { name: 'Record sale' });
    this.reward = this.dialog.getByRole('switch', { name: /^Use a reward/ });
  }

  option(name: string | RegExp): Locator {
    return this.dialog.getByRole('option', { name });
  }

  /** The chosen customer, shown in place of the search field. */
  chosen(name: string): Locator {
    return this.dialog.getByRole('group', { name: `Customer: ${name}` });
  }

  async expectOpen(): Promise<void> {
    await expect(this.dialog).toBeVisible();
  }

  async expectClosed(): Promise<void> {
    await expect(this.dialog).toBeHidden();
  }

  /** Types into the customer field and picks the top match with Enter. */
  async pickByTyping(text: string, expectedName: string): Promise<void> {
    await this.customer.fill(text);
    await expect(this.option(new RegExp(expectedName))).toBeVisible();
    await this.customer.press('Enter');
    await expect(this.chosen(expectedName)).toBeVisible();
  }

  /** Types the amount and saves with Enter. */
  async enterAmountAndSave(amount: string): Promise<void> {
    await this.amount.fill(amount);
    await this.amount.press('Enter');
  }

  async choosePayment(label: string): Promise<void> {
    await this.payment.getByText(label, { exact: true }).click();
  }
}
