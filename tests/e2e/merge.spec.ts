import { callApi, expect, inBook, test } from './fixtures';
import { DuplicatesPage } from './pages/DuplicatesPage';

const ghs = (minor: number) => `GH₵${(minor / 100).toLocaleString('en-GH', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

test('merging two duplicates: choose what survives, confirm, and the survivor holds every sale and note', async ({ app: page, profile }, testInfo) => {
  const ama1 = await callApi(page, 'customers.create', { firstName: 'Ama', lastName: 'Mensah', phone: '024 412 3456', email: 'ama.mensah@gmail.com', tags: ['uniforms'] });
  const ama2 = await callApi(page, 'customers.create', { firstName: 'Ama', lastName: 'Mensah', phone: '055 987 6543', email: 'amamensah+shop@gmail.com', tags: ['momo'] });
  await callApi(page, 'customers.create', { firstName: 'Yaw', lastName: 'Ofori', phone: '027 700 1234' });
  for (const [customerId, amount] of [
    [ama1.id, 1250],
    [ama1.id, 2000],
    [ama2.id, 725],
    [ama2.id, 4100],
  ] as const) {
    await callApi(page, 'sales.record', { customerId, amount });
  }
  const voided = inBook(await callApi(page, 'sales.record', { customerId: ama2.id, amount: 999 }));
  await callApi(page, 'sales.void', { id: voided.id, reason: 'Rang up twice' });
  await callApi(page, 'notes.add', { customerId: ama1.id, type: 'preference', text: 'Navy uniforms, size 8' });
  await callApi(page, 'notes.add', { customerId: ama2.id, type: 'issue', text: 'Asked twice for a receipt' });

  // What the two hold before: the survivor must end with exactly the sum.
  const before = await Promise.all([ama1, ama2].map((c) => callApi(page, 'customers.get', { id: c.id })));
  const purchases = before[0].history.purchases + before[1].history.purchases;
  const totalSpent = before[0].history.totalSpent + before[1].history.totalSpent;
  const salesBefore = (await callApi(page, 'sales.list', { customerId: ama1.id })).length + (await callApi(page, 'sales.list', { customerId: ama2.id })).length;
  expect([purchases, totalSpent, salesBefore]).toEqual([4, 8075, 5]);

  const duplicates = new DuplicatesPage(page);
  await duplicates.open();
  await expect(duplicates.pairs).toHaveCount(1);
  const pair = duplicates.pair('Same email');
  await expect(pair).toContainText('ama.mensah@gmail.com');
  await expect(pair).toContainText('amamensah+shop@gmail.com');
  await pair.getByRole('button', { name: /^Merge/ }).click();

  const dialog = duplicates.mergeDialog;
  await expect(dialog).toBeVisible();
  // Keep the first record, but take the second's phone.
  await expect(dialog.getByRole('radio', { name: `Ama Mensah (#${ama1.id})` })).toBeChecked();
  await duplicates.take('055 987 6543');
  await page.screenshot({ path: testInfo.outputPath('merge-dialog.png') });
  await dialog.getByRole('button', { name: 'Review merge' }).click();
  await expect(dialog.getByRole('alert')).toContainText('A merge cannot be undone');
  await expect(dialog).toContainText(`${ghs(totalSpent)}`);
  await dialog.getByRole('button', { name: 'Merge for good' }).click();
  await expect(dialog).toBeHidden();

  // The survivor's profile opens, with both customers' purchases and totals.
  await profile.expectCustomer('Ama Mensah');
  await expect(page).toHaveURL(new RegExp(`#/customers/${ama1.id}$`));
  await profile.expectTotals(String(purchases), ghs(totalSpent));
  await expect(profile.details).toContainText('055 987 6543');
  await expect(profile.saleRows()).toHaveCount(salesBefore);

  const after = await callApi(page, 'customers.get', { id: ama1.id });
  expect(after.history).toMatchObject({ purchases, totalSpent });
  expect(after.tags.sort()).toEqual(['momo', 'uniforms']);
  expect(await callApi(page, 'notes.list', { customerId: ama1.id })).toHaveLength(2);
  const other = await callApi(page, 'customers.get', { id: ama2.id });
  expect(other).toMatchObject({ status: 'archived', mergedInto: ama1.id });

  // The timeline records the merge; the pair is gone from the duplicates list.
  await profile.tab('Timeline');
  await expect(page.getByRole('tabpanel', { name: 'Timeline' }).getByText(`Merged with Ama Mensah (#${ama2.id})`)).toBeVisible();
  await duplicates.open();
  await expect(page.getByText('No possible duplicates')).toBeVisible();
});

test('a merged record says where its customer went and offers no change; an erased one says when it was erased', async ({ app: page, profile }, testInfo) => {
  const keep = await callApi(page, 'customers.create', { firstName: 'Ama', lastName: 'Mensah', phone: '024 412 3456' });
  const other = await callApi(page, 'customers.create', { firstName: 'Amma', lastName: 'Mensah', email: 'ama@example.com' });
  await callApi(page, 'customers.merge', { keepId: keep.id, otherId: other.id });

  await profile.open(other.id);
  await profile.expectCustomer('Amma Mensah');
  await expect(profile.details).toContainText('Merged into another customer');
  await page.screenshot({ path: testInfo.outputPath('merged-profile.png') });
  for (const name of [/^New sale for /, /^Add note$/, /^Edit$/, /^Restore$/, /^Archive$/]) {
    await expect(profile.details.getByRole('button', { name })).toHaveCount(0);
  }
  await expect(profile.details.getByRole('button', { name: /^Record consent/ })).toHaveCount(0);
  await profile.details.getByRole('button', { name: `Ama Mensah (customer ${keep.id})` }).click();
  await profile.expectCustomer('Ama Mensah');
  // The same buttons are there on a living record: the checks above look for what exists.
  await expect(profile.newSaleButton).toBeVisible();
  for (const name of [/^Record consent/, /^Add note$/, /^Edit$/, /^Archive$/]) await expect(profile.details.getByRole('button', { name })).toBeVisible();

  const gone = await callApi(page, 'customers.create', { firstName: 'Kofi', phone: '020 123 4567' });
  await callApi(page, 'customers.erase', { id: gone.id, confirm: true });
  await profile.open(gone.id);
  await profile.expectCustomer('Erased customer');
  await expect(profile.details).toContainText(/Erased on .+this record can't be changed/);
  await expect(profile.newSaleButton).toHaveCount(0);
});
