import { expect, type Locator, type Page } from '@playwright/test';

/** Settings → Shared book: which book is open, the form that connects one, and "Stop sharing". */
export class SharedBookPanel {
  readonly panel: Locator;
  readonly openBook: Locator;
  readonly form: Locator;
  readonly address: Locator;
  readonly password: Locator;
  readonly moveThisBook: Locator;
  readonly connectButton: Locator;
  readonly stopSharingButton: Locator;

  constructor(readonly page: Page) {
    this.panel = page.getByRole('region', { name: 'Shared book' });
    this.openBook = this.panel.getByTestId('open-book');
    this.form = this.panel.getByRole('form', { name: 'Connect to a shared book' });
    this.address = this.form.getByRole('textbox', { name: 'Server address' });
    this.password = this.form.getByLabel('Password', { exact: true });
    this.moveThisBook = this.form.getByRole('checkbox', { name: /Move this PC’s book into it/ });
    this.connectButton = this.form.getByRole('button', { name: 'Connect' });
    this.stopSharingButton = this.panel.getByRole('button', { name: 'Stop sharing: use this PC’s own book' });
  }

  /** Fills the form and presses Connect. */
  async connect(address: string, password: string, move: boolean): Promise<void> {
    await expect(this.panel).toBeVisible();
    await this.address.fill(address);
    await this.password.fill(password);
    if (move) await this.moveThisBook.check();
    await this.connectButton.click();
  }
}
