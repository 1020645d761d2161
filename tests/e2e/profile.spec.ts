import { callApi, expect, test } from './fixtures';
import { NewCustomerDialog } from './pages/NewCustomerDialog';

test('editing contact details: a phone held by someone else is refused inline, with a way to open them', async ({ app: page, directory, profile }) => {
  await callApi(page, 'customers.create', { firstName: 'Ama', lastName: 'Mensah', phone: '024 412 3456' });
  await callApi(page, 'customers.create', { firstName: 'Kofi', lastName: 'Asante', phone: '027 700 1234' });
  await page.reload();
  await directory.open('Kofi Asante');
  await profile.expectCustomer('Kofi Asante');

  await profile.details.getByRole('button', { name: 'Edit' }).click();
  const edit = new NewCustomerDialog(page, 'Edit Kofi Asante');
  await edit.field('Phone').fill('+233 24 412 3456');
  await edit.field('Email').fill('not-an-email');
  await edit.submit();
  // Checked in the form first...
  await expect(edit.field('Email')).toHaveAccessibleDescription(/Enter a valid email address/);
  await edit.field('Email').fill('kofi@example.com');
  await edit.submit();
  // ...then by the core, which knows who holds that number.
  await expect(edit.field('Phone')).toHaveAccessibleDescription(/Ama Mensah \(customer \d+\) already has this phone number/);
  await edit.dialog.getByRole('button', { name: 'Open Ama Mensah' }).click();
  await edit.expectClosed();
  await profile.expectCustomer('Ama Mensah');

  // A valid change saves, confirms, and shows on the profile.
  await page.goBack();
  await profile.expectCustomer('Kofi Asante');
  await profile.details.getByRole('button', { name: 'Edit' }).click();
  await edit.field('Email').fill('kofi@example.com');
  await edit.submit();
  await edit.expectClosed();
  await expect(page.getByText("Kofi Asante's details saved")).toBeVisible();
  await expect(profile.details).toContainText('kofi@example.com');
});

test('notes and preferences are kept on the profile', async ({ app: page, directory, profile }) => {
  await callApi(page, 'customers.create', { firstName: 'Efua', lastName: 'Owusu', phone: '054 321 7788' });
  await page.reload();
  await directory.open('Efua Owusu');

  await profile.details.getByRole('button', { name: 'Add note' }).click();
  const notes = page.getByRole('tabpanel', { name: 'Notes' });
  const text = notes.getByRole('textbox', { name: 'Note', exact: true });
  await expect(text).toBeFocused();
  await notes.getByRole('form', { name: 'Add a note' }).locator('label').filter({ hasText: /^Issue$/ }).click();
  await expect(notes.getByRole('radio', { name: 'Issue' })).toBeChecked();
  await text.fill('Shoes were the wrong size last time');
  await notes.getByRole('button', { name: 'Add note' }).click();
  await expect(page.getByText('Issue note added for Efua Owusu')).toBeVisible();
  await expect(notes.getByRole('list', { name: 'Notes' }).getByRole('listitem')).toHaveCount(1);
  await expect(notes.getByRole('listitem')).toContainText('Shoes were the wrong size last time');
  await expect(text).toHaveValue('');

  await profile.tab('Preferences');
  const prefs = page.getByRole('tabpanel', { name: 'Preferences' });
  await prefs.getByRole('textbox', { name: 'Best time to reach' }).fill('after 5pm');
  await prefs.getByRole('switch', { name: 'Wants offers' }).check();
  await prefs.getByRole('button', { name: 'Save preferences' }).click();
  await expect(page.getByText('Preferences saved for Efua Owusu')).toBeVisible();
  const [efua] = (await callApi(page, 'customers.list', { search: 'Efua' })).rows;
  expect(await callApi(page, 'preferences.get', { customerId: efua.id })).toMatchObject({ bestTime: 'after 5pm', offersOptIn: true });

  await profile.tab('Timeline');
  const timeline = page.getByRole('tabpanel', { name: 'Timeline' });
  await expect(timeline.getByText('Preferences changed')).toBeVisible();
  await expect(timeline.getByText('Issue note added')).toBeVisible();
});

test('archive and restore ask first, and an archived customer cannot be sold to', async ({ app: page, directory, profile }) => {
  await callApi(page, 'customers.create', { firstName: 'Yaw', lastName: 'Ofori' });
  await page.reload();
  await directory.open('Yaw Ofori');

  await profile.details.getByRole('button', { name: 'Archive' }).click();
  const confirm = page.getByRole('dialog', { name: 'Archive Yaw Ofori?' });
  await confirm.getByRole('button', { name: 'Archive customer' }).click();
  await expect(confirm).toBeHidden();
  await expect(page.getByText('Yaw Ofori archived')).toBeVisible();
  await expect(profile.details.getByText('Archived', { exact: true })).toBeVisible();
  await expect(profile.newSaleButton).toBeDisabled();

  await profile.back();
  await expect(directory.rows).toHaveCount(0);
  await page.getByRole('radiogroup', { name: 'Show customers' }).getByText('Archived').click();
  await expect(directory.row('Yaw Ofori')).toBeVisible();
  await directory.open('Yaw Ofori');

  await profile.details.getByRole('button', { name: 'Restore' }).click();
  await page.getByRole('dialog', { name: 'Restore Yaw Ofori?' }).getByRole('button', { name: 'Restore customer' }).click();
  await expect(page.getByText('Yaw Ofori restored to your customers')).toBeVisible();
  await expect(profile.newSaleButton).toBeEnabled();
});

test('notes of each of the four types, each with its author and time, a note edited and one deleted', async ({ app: page, directory, profile }) => {
  await callApi(page, 'customers.create', { firstName: 'Adwoa', lastName: 'Sarpong', phone: '026 555 1212' });
  await page.reload();
  await directory.open('Adwoa Sarpong');
  await profile.tab('Notes');
  const notes = page.getByRole('tabpanel', { name: 'Notes' });
  const form = notes.getByRole('form', { name: 'Add a note' });
  const list = notes.getByRole('list', { name: 'Notes' });
  const texts = {
    Personal: 'Twin daughters, both at Osu Presby',
    Preference: 'Likes the blue fabric line',
    Issue: 'Card machine failed on her last visit',
    Feedback: 'Said the new shelves are easier to browse',
  } as const;
  for (const [type, text] of Object.entries(texts)) {
    await form.locator('label').filter({ hasText: new RegExp(`^${type}$`) }).click();
    await expect(form.getByRole('radio', { name: type })).toBeChecked();
    await form.getByRole('textbox', { name: 'Note', exact: true }).fill(text);
    await form.getByRole('button', { name: 'Add note' }).click();
    await expect(page.getByText(`${type} note added for Adwoa Sarpong`)).toBeVisible();
    const item = list.getByRole('listitem').filter({ hasText: text });
    await expect(item).toContainText(type);
    // Who wrote it, and when ("just now" / "… ago", exact time in the tooltip).
    await expect(item.locator('time')).toHaveAttribute('title', /\d/);
  }
  await expect(list.getByRole('listitem')).toHaveCount(4);
  const [adwoa] = (await callApi(page, 'customers.list', { search: 'Adwoa' })).rows;
  const saved = await callApi(page, 'notes.list', { customerId: adwoa.id });
  expect(saved.map((n) => n.type).sort()).toEqual(['feedback', 'issue', 'personal', 'preference']);

  // Edit one: change its type and text.
  const issue = list.getByRole('listitem').filter({ hasText: texts.Issue });
  await issue.getByRole('button', { name: /^Edit note/ }).click();
  const editing = list.getByRole('listitem').filter({ has: page.getByRole('button', { name: 'Save note' }) });
  await editing.locator('label').filter({ hasText: /^Feedback$/ }).click();
  await editing.getByRole('textbox', { name: 'Note', exact: true }).fill('Card machine fixed; she was pleased');
  await editing.getByRole('button', { name: 'Save note' }).click();
  await expect(page.getByText('Note for Adwoa Sarpong saved')).toBeVisible();
  const edited = list.getByRole('listitem').filter({ hasText: 'Card machine fixed; she was pleased' });
  await expect(edited).toContainText('Feedback');
  await expect(edited).toContainText('edited');

  // The owner deletes one, after saying so in a dialog.
  await edited.getByRole('button', { name: /^Delete note/ }).click();
  const confirm = page.getByRole('dialog', { name: 'Delete this note?' });
  await expect(confirm).toContainText('The audit log keeps that it was deleted, not its text.');
  await confirm.getByRole('button', { name: 'Delete note' }).click();
  await expect(page.getByText('Note for Adwoa Sarpong deleted')).toBeVisible();
  await expect(list.getByRole('listitem')).toHaveCount(3);
  await expect(list).not.toContainText('Card machine');
});

test('two people editing one customer: a save made after someone else saved is refused and said, not written over theirs', async ({ app: page, directory, profile }) => {
  const kofi = await callApi(page, 'customers.create', { firstName: 'Kofi', lastName: 'Asante' });
  await page.reload();
  await directory.open('Kofi Asante');
  await profile.expectCustomer('Kofi Asante');
  await profile.details.getByRole('button', { name: 'Edit' }).click();
  const edit = new NewCustomerDialog(page, 'Edit Kofi Asante');

  // Another till saves Kofi's details while this dialog is open; the profile behind it catches up.
  await callApi(page, 'customers.update', { id: kofi.id, patch: { email: 'kofi@shop.example' } });
  await expect(profile.details).toContainText('kofi@shop.example');

  await edit.field('Last name').fill('Mensah');
  await edit.submit();
  await expect(edit.dialog.getByRole('alert')).toContainText('Someone else saved Kofi Asante');
  await edit.dialog.getByRole('button', { name: 'Cancel' }).click();
  await edit.expectClosed();
  await expect(profile.details).toContainText('kofi@shop.example');
  await profile.expectCustomer('Kofi Asante');
});
