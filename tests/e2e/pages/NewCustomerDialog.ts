import { expect, type Locator, type Page } from '@playwright/test';

export interface NewCustomerFields {
  firstName: string;
  lastName?: string;
  phone?: string;
  email?: string;
}

/** The "New customer" dialog (also used, titled "Edit <name>", for editing). */
export class NewCustomerDialog {
  readonly dialog: Locator;

  constructor(
    readonly page: Page,
    title: string | RegExp = 'New customer',
  ) {
    this.dialog = page.getByRole('dialog', { name: title });
  }

  field(label: 'First name' | 'Last name' | 'Phone' | 'Email' | 'Source'): Locator {
    return this.dialog.getByRole('textbox', { name: label, exact: true });
  }

  async fill(fields: NewCustomerFields): Promise<void> {
    await this.field('First name').fill(fields.firstName);
    if (fields.lastName !== undefined) await this.field('Last name').fill(fields.lastName);
    if (fields.phone !== undefined) await this.field('Phone').fill(fields.phone);
    if (fields.email !== undefined) await this.field('Email').fill(fields.email);
  }

  async submit(): Promise<void> {
    await this.dialog.getByRole('button', { name: /^(Add customer|Save changes)$/ }).click();
  }

  async expectClosed(): Promise<void> {
    await expect(this.dialog).toBeHidden();
  }

}
