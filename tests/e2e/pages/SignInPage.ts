import { expect, type Locator, type Page } from '@playwright/test';

/** The screen the app opens on (first-run owner setup, or "who are you?" and a PIN), and the top bar's signed-in menu. */
export class SignInPage {
  readonly screen: Locator;
  readonly setupScreen: Locator;
  readonly heading: Locator;
  readonly names: Locator;
  /** The PIN field: labelled "PIN", or "PIN for <name>" once a name is picked. */
  readonly pin: Locator;
  readonly submit: Locator;
  readonly signedInMenu: Locator;

  constructor(readonly page: Page) {
    this.screen = page.getByRole('main', { name: 'Sign in' });
    this.setupScreen = page.getByRole('main', { name: 'Set up Regulars' });
    this.heading = page.getByRole('heading', { level: 1 });
    this.names = this.screen.getByRole('group', { name: 'Your name' });
    this.pin = this.screen.getByLabel(/^PIN( for .+)?$/);
    this.submit = this.screen.getByRole('button', { name: /^(Sign in|Unlock)$/ });
    this.signedInMenu = page.getByRole('banner').getByRole('button', { name: /^Signed in as/ });
  }

  name(name: string): Locator {
    return this.names.getByRole('button', { name });
  }

  /** First run: the shop's name (unless already typed) in the country the PC suggests, the owner's name and PIN typed twice; lands in the app. */
  async setUpOwner(name: string, pin: string, confirmPin = pin, shopName = 'Osu Corner Shop'): Promise<void> {
    await expect(this.setupScreen).toBeVisible();
    const shop = this.setupScreen.getByRole('textbox', { name: 'Shop name' });
    if ((await shop.inputValue()) === '') await shop.fill(shopName);
    await this.setupScreen.getByLabel('Your name').fill(name);
    await this.setupScreen.getByLabel('PIN', { exact: true }).fill(pin);
    await this.setupScreen.getByLabel('Confirm PIN').fill(confirmPin);
    await this.setupScreen.getByRole('button', { name: 'Set up and open Regulars' }).click();
  }

  /** Picks the name (unless the screen is locked to one member), types the PIN and presses Enter. */
  async signIn(name: string | null, pin: string): Promise<void> {
    await expect(this.screen).toBeVisible();
    if (name !== null) await this.name(name).click();
    await expect(this.pin).toBeFocused();
    await this.pin.fill(pin);
    await this.pin.press('Enter');
  }

  /** The inline error under the PIN field. */
  pinError(message: string | RegExp): Locator {
    return this.screen.getByText(message, { exact: true });
  }

  async expectSignedInAs(name: string, role: 'Owner' | 'Staff'): Promise<void> {
    await expect(this.signedInMenu).toHaveAccessibleName(`Signed in as ${name} ${role}`);
  }

  async openMenu(): Promise<void> {
    await this.signedInMenu.click();
  }

  async switchUser(): Promise<void> {
    await this.openMenu();
    await this.page.getByRole('menuitem', { name: 'Switch user' }).click();
    await expect(this.screen).toBeVisible();
  }

  async lock(): Promise<void> {
    await this.openMenu();
    await this.page.getByRole('menuitem', { name: 'Lock' }).click();
    await expect(this.screen).toBeVisible();
  }
}
