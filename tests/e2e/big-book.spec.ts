import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { callApi, expect, test } from './fixtures';

/** The directory's window: the renderer asks customers.list for at most this many rows per call. */
const WINDOW = 100;
const docs = path.resolve(__dirname, '..', '..', 'docs', 'screenshots');

test.use({ seedCustomers: 100_000 });
// Seeding 100,000 customers through the real contract takes a few seconds before the host starts.
test.describe.configure({ timeout: 180_000 });

test('a 100,000-customer book: opens, searches, scrolls to the last row, and fetches one window at a time', async ({ app: page, directory }, testInfo) => {
  const listCalls: Record<string, unknown>[] = [];
  page.on('request', (request) => {
    if (!request.url().includes('/api/call') || request.method() !== 'POST') return;
    const body = JSON.parse(request.postData() ?? '{}') as { method?: string; input?: Record<string, unknown> };
    if (body.method === 'customers.list') listCalls.push(body.input ?? {});
  });

  // One customer we know, among the 100,000 seeded.
  const known = await callApi(page, 'customers.create', { firstName: 'Zuriel', lastName: 'Quansah-Nyarko', phone: '+44 20 7244 1234' });
  const [last] = (await callApi(page, 'customers.list', { sort: 'name', direction: 'desc', limit: 1 })).rows;
  listCalls.length = 0;

  // The directory opens with its first rows.
  await page.reload();
  await expect(directory.heading).toBeVisible();
  await expect(directory.rows.first()).toBeVisible();
  await expect(page.getByText('100,001 customers')).toBeVisible();
  if (process.env.UPDATE_SCREENSHOTS === '1') {
    await mkdir(docs, { recursive: true });
    await writeFile(path.join(docs, 'directory-100k-light.png'), await page.screenshot());
  }

  // Search narrows to the right customer.
  await directory.searchFor('zuriel');
  await expect(directory.rows).toHaveCount(1);
  await expect(directory.row('Zuriel Quansah-Nyarko')).toBeVisible();
  // A whole phone number, typed any way, puts its holder first.
  await directory.searchFor('+44 20 7244 1234');
  await expect(directory.rows.first()).toHaveAttribute('data-customer-id', String(known.id));
  // A broad search counts its matches a thousand ahead; going to the end of those finds more.
  await directory.searchFor('a');
  await expect(page.getByText("1,000+ matches for 'a'")).toBeVisible();
  await directory.rows.first().focus();
  await page.keyboard.press('End');
  await expect(directory.table.locator('tbody tr[aria-rowindex="1001"]')).toBeFocused();
  await expect(page.getByText("2,000+ matches for 'a'")).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('directory-broad-search-end.png') });
  await directory.search.press('Escape');
  await expect(page.getByText('100,001 customers')).toBeVisible();

  // Sorted by name: End on the list goes to the very last row, which shows the last customer by name.
  await directory.rows.first().focus();
  await page.keyboard.press('End');
  const lastRow = directory.table.locator('tbody tr[aria-rowindex="100002"]');
  await expect(lastRow).toBeFocused();
  await expect(lastRow).toHaveClass(/directory-row/);
  await expect(lastRow.locator('td').first()).toHaveText(last.name);
  await expect(lastRow).toBeInViewport();
  await page.screenshot({ path: testInfo.outputPath('directory-100k-end.png') });
  // Enter opens it.
  await page.keyboard.press('Enter');
  await expect(page.getByRole('region', { name: 'Customer details' }).getByRole('heading', { level: 1 })).toHaveText(last.name);

  // Never more than one window of rows per call, and never a call without a limit.
  expect(listCalls.length).toBeGreaterThan(0);
  const oversized = listCalls.filter((input) => typeof input.limit !== 'number' || (input.limit as number) > WINDOW);
  expect(oversized, 'customers.list calls without a limit or above the window').toEqual([]);
  const offsets = listCalls.map((input) => input.offset as number);
  expect(Math.max(...offsets)).toBeGreaterThanOrEqual(100_000 - WINDOW);
});
