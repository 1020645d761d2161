import { callApi, expect, test } from './fixtures';
import { OwnerImportPage } from './pages/OwnerImportPage';

/** A small Shopify customers export with its quirks: apostrophe phones, yes/no, upper-case email, a multi-line note, a quoted tag list. */
const shopifyCsv = [
  'Customer ID,First Name,Last Name,Email,Accepts Email Marketing,Default Address Company,Default Address Address1,Default Address Address2,Default Address City,Default Address Province Code,Default Address Country Code,Default Address Zip,Default Address Phone,Phone,Accepts SMS Marketing,Total Spent,Total Orders,Note,Tax Exempt,Tags',
  `'7001,Esi,Quaye,ESI.QUAYE@EXAMPLE.COM,yes,,12 Oxford Street,,Accra,AA,GH,,'+233244123456,'+233244123456,no,120.00,3,"Likes the blue fabric.\nCall on Fridays.",no,"fabrics, vip"`,
  `'7002,Kojo,Antwi,,no,,,,Kumasi,AH,GH,,,'+233205550192,no,0.00,0,,no,`,
  `'7003,Adwoa,Boateng,adwoa.boateng@example.com,no,,4 Ring Road,,Accra,AA,GH,,,,no,45.50,1,,no,school`,
].join('\r\n');

test('import a Shopify export with preview, mapping and progress, then undo it', async ({ app: page }) => {
  const importer = new OwnerImportPage(page);
  await importer.goto();
  await importer.choose('customers_export.csv', shopifyCsv);

  // The preview: format and encoding detected, every row planned, nothing written yet.
  await expect(importer.importSection).toContainText('3 rows, read as Shopify customers export in UTF-8');
  await expect(importer.countBadge(/^3 new$/)).toBeVisible();
  await expect(importer.row(1)).toContainText('Esi Quaye');
  await expect(importer.row(1)).toContainText('esi.quaye@example.com');
  await expect(importer.row(2)).toContainText('Kojo Antwi');
  expect((await callApi(page, 'customers.list', {})).total).toBe(0);

  // Mapping: the format's own columns are pre-filled; bring the city in as each customer's source.
  await expect(importer.select('Email')).toHaveValue('Email');
  await expect(importer.select('Source')).toHaveValue('Not imported');
  await importer.map('Source', 'Default Address City');
  await expect(importer.select('Source')).toHaveValue('Default Address City');

  // Dates: read as the shop's country writes them (Ghana: day first) unless the owner chooses another order.
  await expect(importer.select('Dates in the file')).toHaveValue('Automatic (day/month/year)');
  await importer.map('Dates in the file', 'Month/day/year');
  await expect(importer.importSection).toContainText('Read as month/day/year: 03/04/1990 is 4 March');

  // The commit is held until the progress indicator has been seen.
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route('**/api/call', async (route) => {
    if (route.request().postDataJSON()?.method === 'imports.commit') await held;
    await route.continue();
  });
  await expect(importer.importButton).toHaveText('Import 3 customers');
  await importer.importButton.click();
  await expect(importer.progress).toBeVisible();
  // Held before the book has begun: nothing to count yet.
  await expect(importer.importSection).toContainText('Importing 3 customers in one go: Reading the file…');
  release();

  await expect(importer.reportValue('Created')).toHaveText('3');
  await expect(importer.reportValue('Updated')).toHaveText('0');
  await expect(importer.reportValue('Errors')).toHaveText('0');
  await page.unroute('**/api/call');
  const imported = await callApi(page, 'customers.list', { sort: 'name' });
  expect(imported.rows.map((c) => [c.name, c.source])).toEqual([
    ['Adwoa Boateng', 'Accra'],
    ['Esi Quaye', 'Accra'],
    ['Kojo Antwi', 'Kumasi'],
  ]);
  const esi = imported.rows.find((c) => c.firstName === 'Esi')!;
  expect(esi.phoneE164).toBe('+233244123456');
  expect(esi.emailConsent).toBe('subscribed');
  // Shopify's Total Orders and Total Spent come in as an opening history.
  expect(imported.rows.map((c) => [c.firstName, c.purchases, c.totalSpent])).toEqual([
    ['Adwoa', 1, 4550],
    ['Esi', 3, 12000],
    ['Kojo', 0, 0],
  ]);

  await importer.undo();
  await expect(importer.importSection.getByRole('status')).toContainText('This import was undone');
  await expect(importer.undoButton).toHaveCount(0);
  expect((await callApi(page, 'customers.list', {})).total).toBe(0);
});
