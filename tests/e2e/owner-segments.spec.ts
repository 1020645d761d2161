import { readFile } from 'node:fs/promises';
import { callApi, expect, test } from './fixtures';
import { OwnerMailchimpDialog } from './pages/OwnerMailchimpDialog';
import { OwnerSegmentsPage } from './pages/OwnerSegmentsPage';

const wording = 'May we send you offers by email? You can stop any time.';

test('build a custom segment, save it, open it, and export it to Mailchimp with a left-out report', async ({ app: page, directory }, testInfo) => {
  // Three uniform buyers: one who agreed to email, one role address that agreed (left out), one never asked.
  const ama = await callApi(page, 'customers.create', { firstName: 'Ama', lastName: 'Mensah', email: 'ama@example.com', tags: ['uniforms'] });
  const office = await callApi(page, 'customers.create', { firstName: 'Osu', lastName: 'Office', email: 'info@example.com', tags: ['uniforms'] });
  await callApi(page, 'customers.create', { firstName: 'Kofi', lastName: 'Asante', email: 'kofi@example.com', tags: ['uniforms'] });
  await callApi(page, 'customers.create', { firstName: 'Yaw', lastName: 'Ofori', email: 'yaw@example.com', tags: ['books'] });
  for (const customer of [ama, office]) {
    await callApi(page, 'consent.set', { customerId: customer.id, channel: 'email', status: 'subscribed', method: 'counter_verbal', wording });
  }
  await callApi(page, 'sales.record', { customerId: ama.id, amount: 4_500 });

  const segments = new OwnerSegmentsPage(page);
  await segments.goto();
  await expect(segments.count('Email subscribers')).toHaveText('2');

  // The live count follows each condition as it is added.
  await expect(segments.liveCount).toHaveText('4 customers match');
  await segments.addTags('uniforms');
  await expect(segments.liveCount).toHaveText('3 customers match');
  await segments.choose('Email consent', 'Subscribed');
  await expect(segments.liveCount).toHaveText('2 customers match');

  await segments.name.fill('Uniform subscribers');
  await segments.saveButton.click();
  await expect(page.getByText('Segment "Uniform subscribers" saved: 2 customers')).toBeVisible();
  await expect(segments.count('Uniform subscribers')).toHaveText('2');
  await expect(segments.row('Uniform subscribers')).toContainText('Tagged uniforms, email subscribed');

  // Export it: only Ama goes in; the role address is left out, with its reason, before anything is saved.
  await segments.exportToMailchimp('Uniform subscribers');
  const mailchimp = new OwnerMailchimpDialog(page);
  await mailchimp.expectOpen();
  await expect(mailchimp.exported).toHaveText('1');
  await expect(mailchimp.leftOut).toHaveText('1');
  await expect(mailchimp.leftOutRow('info@example.com')).toContainText('Role address');

  const { file, report } = await mailchimp.save();
  expect(file.suggestedFilename()).toMatch(/^mailchimp-uniform-subscribers-\d{4}-\d{2}-\d{2}\.csv$/);
  expect(report.suggestedFilename()).toBe(file.suggestedFilename().replace(/\.csv$/, '-left-out.csv'));
  const csvPath = testInfo.outputPath(file.suggestedFilename());
  await file.saveAs(csvPath);
  const lines = (await readFile(csvPath, 'utf8')).replace(/^\uFEFF/, '').trim().split(/\r?\n/);
  expect(lines[0]).toBe('Email Address,First Name,Last Name,Address,Phone Number,Birthday,Tags');
  expect(lines).toHaveLength(2);
  expect(lines[1]).toMatch(/^ama@example\.com,Ama,Mensah,/);
  expect(lines[1]).toContain('Uniform subscribers');
  const reportPath = testInfo.outputPath(report.suggestedFilename());
  await report.saveAs(reportPath);
  const reportText = await readFile(reportPath, 'utf8');
  expect(reportText).toContain('info@example.com');
  expect(reportText).toContain('role_address');
  expect(reportText).not.toContain('kofi@example.com');
  await expect(mailchimp.dialog.getByRole('status')).toContainText(report.suggestedFilename());
  await mailchimp.dialog.getByRole('button', { name: 'Done' }).click();
  await expect(mailchimp.dialog).toBeHidden();

  // Opening a segment filters the directory by it.
  await segments.open('Uniform subscribers');
  await expect(page.getByLabel('Segment filter')).toContainText('Uniform subscribers');
  await expect(directory.rows).toHaveCount(2);
  await expect(directory.row('Ama Mensah')).toBeVisible();
  await expect(directory.row('Kofi Asante')).toHaveCount(0);
  await page.getByRole('button', { name: 'Show everyone' }).click();
  await expect(directory.rows).toHaveCount(4);
});
