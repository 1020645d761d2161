import { expect, type Locator, type Page } from '@playwright/test';

/** The owner's Staff screen and its Add member / Edit / Set PIN dialogs. */
export class OwnerStaffPage {
  readonly heading: Locator;
  readonly table: Locator;
  readonly addButton: Locator;
  readonly addDialog: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole('heading', { level: 1, name: 'Staff' });
    this.table = page.getByRole('table', { name: 'Members' });
    this.addButton = page.getByRole('button', { name: 'Add member', exact: true });
    this.addDialog = page.getByRole('dialog', { name: 'Add member of staff' });
  }

  async goto(): Promise<void> {
    await this.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Staff', exact: true }).click();
    await expect(this.heading).toBeVisible();
  }

  row(name: string): Locator {
    return this.table.locator('tbody tr').filter({ has: this.page.getByText(name, { exact: true }) });
  }

  editDialog(name: string): Locator {
    return this.page.getByRole('dialog', { name: `Edit ${name}` });
  }

  /** Opens a member's Edit dialog, makes them staff, and saves. */
  async demote(name: string): Promise<Locator> {
    await this.row(name).getByRole('button', { name: `Edit ${name}` }).click();
    const dialog = this.editDialog(name);
    await dialog.getByRole('radio', { name: 'Staff', exact: true }).check();
    await dialog.getByRole('button', { name: 'Save changes' }).click();
    return dialog;
  }

  /** Fills and submits the Add member dialog; the caller checks whether it closed or showed an error. */
  async add(member: { name: string; role: 'Owner' | 'Staff'; pin: string; confirmPin?: string }): Promise<void> {
    await this.addButton.click();
    await expect(this.addDialog).toBeVisible();
    await this.addDialog.getByRole('textbox', { name: 'Name' }).fill(member.name);
    await this.addDialog.getByRole('radio', { name: member.role, exact: true }).check();
    await this.addDialog.getByRole('textbox', { name: 'PIN', exact: true }).fill(member.pin);
    await this.addDialog.getByRole('textbox', { name: 'Confirm PIN', exact: true }).fill(member.confirmPin ?? member.pin);
    await this.addDialog.getByRole('button', { name: 'Add member' }).click();
  }
}
