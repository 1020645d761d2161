import type { Page } from '@playwright/test';
import type { MethodName, RegularsApi } from '../../shared/contract';
import type { Result } from '../../shared/result';
import { callApi, expect, owner, test } from './fixtures';
import { DirectoryPage } from './pages/DirectoryPage';
import { ProfilePage } from './pages/ProfilePage';
import { SignInPage } from './pages/SignInPage';

/** A call from inside the page that may be refused: the whole result, not just the value. */
function callResult(page: Page, method: MethodName, input: unknown): Promise<Result<unknown>> {
  return page.evaluate(
    ([m, i]) => (window as unknown as { regulars: RegularsApi }).regulars.call(m as MethodName, i as never),
    [method, input] as const,
  ) as Promise<Result<unknown>>;
}

const forbidden = { ok: false, error: { code: 'forbidden' } };

test.describe('first run', () => {
  test.use({ signIn: false });

  test('the owner sets up a name and PIN and lands in the app, still signed in after a reload', async ({ app: page }) => {
    const signIn = new SignInPage(page);
    await expect(signIn.setupScreen).toBeVisible();
    await expect(signIn.heading).toHaveText('Set up your shop');
    await expect(signIn.setupScreen.getByLabel('Shop name')).toBeFocused();

    // Two different PINs, then a PIN too short: both refused inline, nothing set up.
    await signIn.setUpOwner('Ama Owner', '2468', '2469');
    await expect(signIn.setupScreen.getByText('The two PINs are not the same')).toBeVisible();
    await signIn.setUpOwner('Ama Owner', '12', '12');
    await expect(signIn.setupScreen.getByText('The PIN must be 4 to 8 digits')).toBeVisible();
    // Letters never reach the field: a PIN is digits only.
    await signIn.setupScreen.getByLabel('PIN', { exact: true }).fill('');
    await signIn.setupScreen.getByLabel('PIN', { exact: true }).pressSequentially('24a6b8');
    await expect(signIn.setupScreen.getByLabel('PIN', { exact: true })).toHaveValue('2468');

    await signIn.setUpOwner('Ama Owner', '2468');
    await signIn.expectSignedInAs('Ama Owner', 'Owner');
    await expect(page.getByRole('heading', { level: 1, name: 'Customers' })).toBeVisible();

    await page.reload();
    await signIn.expectSignedInAs('Ama Owner', 'Owner');
  });
});

test('a member of staff is not offered what only the owner may do, and the core refuses it', async ({ app: page, directory }) => {
  await callApi(page, 'staff.add', { name: 'Kofi', role: 'staff', pin: '5678' });
  const ama = await callApi(page, 'customers.create', { firstName: 'Ama', lastName: 'Mensah', phone: '024 412 3456', email: 'ama@example.com' });
  await callApi(page, 'sales.record', { customerId: ama.id, amount: 1250 });

  const signIn = new SignInPage(page);
  await signIn.switchUser();
  await expect(signIn.heading).toHaveText('Who is at the counter?');
  // Nobody is picked after Switch user: the next person chooses their own name.
  await expect(signIn.name('Kofi')).toHaveAttribute('aria-pressed', 'false');
  await expect(signIn.name('Owner')).toHaveAttribute('aria-pressed', 'false');
  await signIn.signIn('Kofi', '5678');
  await signIn.expectSignedInAs('Kofi', 'Staff');

  const nav = page.getByRole('navigation', { name: 'Main' });
  await expect(nav.getByRole('link', { name: 'Customers' })).toBeVisible();
  await expect(nav.getByRole('link', { name: 'Segments' })).toBeVisible();
  for (const ownerOnly of ['Import / Export', 'Possible duplicates', 'Settings']) {
    await expect(nav.getByRole('link', { name: ownerOnly })).toHaveCount(0);
  }

  // The profile offers the counter's actions, and none of the owner's.
  await directory.open('Ama Mensah');
  const profile = new ProfilePage(page);
  await profile.expectCustomer('Ama Mensah');
  await expect(profile.newSaleButton).toBeVisible();
  await expect(profile.details.getByRole('button', { name: 'Edit', exact: true })).toBeVisible();
  await expect(profile.details.getByRole('button', { name: /^More actions/ })).toHaveCount(0);
  await expect(profile.details.getByRole('button', { name: /^(Archive|Restore)$/ })).toHaveCount(0);
  await expect(page.getByText(/Erase/)).toHaveCount(0);
  // Kofi did not record that sale, so he cannot void it.
  await expect(profile.saleRows()).toHaveCount(1);
  await expect(profile.saleRows().getByRole('button', { name: /^Void sale/ })).toHaveCount(0);

  // An owner's page reached by its address says so plainly.
  await page.evaluate(() => (window.location.hash = '#/settings'));
  await expect(page.getByText('Only the owner can open this page')).toBeVisible();
  await expect(page.getByRole('form', { name: 'Shop settings' })).toHaveCount(0);

  // The core refuses, whatever the page asks.
  expect(await callResult(page, 'exports.customers', {})).toMatchObject(forbidden);
  expect(await callResult(page, 'imports.preview', { fileName: 'list.csv', contentBase64: btoa('First Name,Phone\nYaw,0201234567\n') })).toMatchObject(forbidden);
  expect(await callResult(page, 'customers.erase', { id: ama.id, confirm: true })).toMatchObject(forbidden);
  const still = await callApi(page, 'customers.get', { id: ama.id });
  expect(still.name).toBe('Ama Mensah');
  expect(still.erasedAt).toBeNull();
});

test('a wrong PIN is refused inline and the field is cleared for another try', async ({ app: page }) => {
  const signIn = new SignInPage(page);
  await signIn.switchUser();

  await signIn.name(owner.name).click();
  await expect(signIn.pin).toBeFocused();
  await signIn.pin.press('Enter');
  await expect(signIn.pinError('Enter your PIN')).toBeVisible();

  await signIn.signIn(owner.name, '9999');
  await expect(signIn.pinError('Wrong PIN. Try again.')).toBeVisible();
  await expect(signIn.pin).toHaveValue('');
  await expect(signIn.pin).toBeFocused();
  await expect(signIn.signedInMenu).toHaveCount(0);
  expect(await callResult(page, 'customers.search', { query: 'Ama' })).toMatchObject(forbidden);

  await signIn.pin.fill(owner.pin);
  await signIn.pin.press('Enter');
  await signIn.expectSignedInAs(owner.name, 'Owner');
});

test('the owner signs in and exports every customer as CSV', async ({ app: page }) => {
  await callApi(page, 'customers.create', { firstName: 'Ama', lastName: 'Mensah', phone: '024 412 3456' });
  const signIn = new SignInPage(page);
  await signIn.switchUser();
  await signIn.signIn(owner.name, owner.pin);
  await signIn.expectSignedInAs(owner.name, 'Owner');

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Import / Export' }).click();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Customers CSV' }).click()]);
  expect(download.suggestedFilename()).toMatch(/^customers-\d{4}-\d{2}-\d{2}\.csv$/);
  const path = await download.path();
  const { readFile } = await import('node:fs/promises');
  expect(await readFile(path, 'utf8')).toContain('Mensah');
});

test('Regulars locks itself when idle, and the core refuses until the PIN is entered again', async ({ app: page }) => {
  await callApi(page, 'settings.update', { idleLockMinutes: 1 });
  await callApi(page, 'customers.create', { firstName: 'Ama', lastName: 'Mensah', phone: '024 412 3456' });
  // The page's timers run on a clock the test moves: no waiting a real minute.
  await page.clock.install();
  await page.reload();
  const signIn = new SignInPage(page);
  await signIn.expectSignedInAs(owner.name, 'Owner');

  // Activity puts the lock off: 40 s, a key, 40 s more is past a minute in all but still signed in.
  await page.clock.fastForward('00:40');
  await page.keyboard.press('Shift');
  await page.clock.fastForward('00:40');
  await expect(signIn.signedInMenu).toBeVisible();

  await page.clock.fastForward('01:05');
  await expect(signIn.heading).toHaveText(`Locked — ${owner.name}`);
  await expect(signIn.pin).toBeFocused();
  expect(await callResult(page, 'customers.search', { query: 'Ama' })).toMatchObject(forbidden);

  // The member who was here is picked already: only the PIN.
  await signIn.signIn(null, owner.pin);
  await signIn.expectSignedInAs(owner.name, 'Owner');
  const found = await callApi(page, 'customers.search', { query: 'Ama' });
  expect(found.map((c) => c.name)).toEqual(['Ama Mensah']);
});

test('Lock keeps the member picked; Switch user from the locked screen lets someone else in', async ({ app: page }) => {
  await callApi(page, 'staff.add', { name: 'Kofi', role: 'staff', pin: '5678' });
  const signIn = new SignInPage(page);
  await signIn.lock();
  await expect(signIn.heading).toHaveText(`Locked — ${owner.name}`);
  await expect(signIn.names).toHaveCount(0);

  await signIn.screen.getByRole('button', { name: 'Switch user' }).click();
  await expect(signIn.heading).toHaveText('Who is at the counter?');
  await signIn.signIn('Kofi', '5678');
  await signIn.expectSignedInAs('Kofi', 'Staff');
});

test('at start the settings and first rows are asked for alongside who is signed in, not after the answer', async ({ page, host }) => {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  let released = false;
  let releaseStatus!: () => void;
  const statusHeld = new Promise<void>((resolve) => (releaseStatus = resolve));
  const sentBeforeStatus: string[] = [];
  await page.route('**/api/call', async (route) => {
    const method = (route.request().postDataJSON() as { method?: string } | null)?.method ?? '';
    if (method === 'auth.status') await statusHeld;
    else if (!released) sentBeforeStatus.push(method);
    await route.continue();
  });
  await page.goto(host.url);
  await expect.poll(() => [...sentBeforeStatus].sort()).toEqual(['customers.list', 'settings.get']);
  released = true;
  releaseStatus();
  const directory = new DirectoryPage(page);
  await expect(directory.heading).toBeVisible();
  await expect(page.getByText('Add your first customer')).toBeVisible();
  expect(errors).toEqual([]);
});
