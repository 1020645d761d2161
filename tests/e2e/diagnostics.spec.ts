import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from './fixtures';
import { SettingsPage } from './pages/SettingsPage';

test('settings: the owner makes a file for support and sees where it went', async ({ app: page, host }, testInfo) => {
  const settings = new SettingsPage(page);
  await settings.open();
  await page.getByRole('button', { name: 'Make a file for support' }).click();
  const where = page.getByTestId('diagnostics-file');
  await expect(where).toHaveText(/regulars-diagnostics-\d{8}-\d{6}\.zip$/);
  // The dev host cannot open a folder in the browser: the screen says where the file is instead.
  await expect(page.getByText('Send this file to support:')).toBeVisible();
  await where.scrollIntoViewIfNeeded();
  await page.screenshot({ path: testInfo.outputPath('diagnostics.png') });
  const file = (await where.textContent())!;
  expect(path.dirname(file)).toBe(path.join(host.dataDir, 'diagnostics'));
  expect(fs.statSync(file).size).toBeGreaterThan(0);
});
