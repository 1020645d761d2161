import { expect, type Locator, type Page } from '@playwright/test';

/** Record consent, on the customer profile, and the profile's Consent tab with its history. */
export class OwnerConsentDialog {
  readonly dialog: Locator;
  readonly wording: Locator;
  readonly method: Locator;
  readonly submit: Locator;
  readonly history: Locator;
  readonly answers: Locator;

  constructor(readonly page: Page) {
    this.dialog = page.getByRole('dialog', { name: 'Record consent' });
    this.wording = this.dialog.getByRole('textbox', { name: /Words they were shown or told/ });
    this.method = this.dialog.getByRole('combobox', { name: 'How they were asked' });
    this.submit = this.dialog.getByRole('button', { name: 'Record consent' });
    this.history = page.getByRole('table', { name: 'Consent history' });
    this.answers = this.dialog.getByRole('radiogroup', { name: /Their answer/ });
  }

  /** "Record consent", beside the consent badges in the profile's header. */
  async openFromHeader(): Promise<void> {
    await this.page.getByRole('region', { name: 'Customer details' }).getByRole('group', { name: 'Consent' }).getByRole('button', { name: 'Record consent' }).click();
    await expect(this.dialog).toBeVisible();
  }

  async channel(name: 'Email' | 'SMS'): Promise<void> {
    await this.dialog.getByText(name, { exact: true }).click();
  }

  async answer(answer: 'yes' | 'no'): Promise<void> {
    await this.answers.getByRole('radio', { name: answer === 'yes' ? /^Yes/ : /^No/ }).check();
  }

  async chooseMethod(label: string): Promise<void> {
    await this.method.click();
    await this.page.getByRole('option', { name: label, exact: true }).click();
  }

  historyRows(): Locator {
    return this.history.locator('tbody tr');
  }
}
