import { callApi, expect, test } from './fixtures';
import { OwnerConsentDialog } from './pages/OwnerConsentDialog';

test('record consent at the counter and see it in the profile history', async ({ app: page, profile }) => {
  const ama = await callApi(page, 'customers.create', { firstName: 'Ama', lastName: 'Mensah', phone: '024 412 3456', email: 'ama@example.com' });
  await page.goto(page.url().replace(/#.*$/, '') + `#/customers/${ama.id}`);
  await profile.expectCustomer('Ama Mensah');
  const consentBadges = page.getByRole('group', { name: 'Consent' });
  await expect(consentBadges).toContainText('Email: Not asked');
  await expect(consentBadges).toContainText('SMS: Not asked');

  const consent = new OwnerConsentDialog(page);
  await consent.openFromHeader();
  // Nothing is pre-ticked, and the answer is required.
  await expect(consent.answers.getByRole('radio', { checked: true })).toHaveCount(0);
  await consent.submit.click();
  await expect(consent.dialog.getByText('Choose what the customer said')).toBeVisible();
  await expect(consent.wording).toHaveValue('May we send you offers by email? You can stop any time.');
  await expect(consent.method).toHaveValue('Spoken at the counter');

  await consent.answer('yes');
  await consent.wording.fill('May we email you about new uniforms and offers? You can stop any time.');
  await consent.submit.click();
  await expect(consent.dialog).toBeHidden();
  await expect(page.getByText('Email consent recorded for Ama Mensah: subscribed')).toBeVisible();
  await expect(consentBadges).toContainText('Email: Subscribed');

  // SMS asked separately, on a paper form, and declined.
  await consent.openFromHeader();
  await consent.channel('SMS');
  await consent.answer('no');
  await consent.chooseMethod('Paper form');
  await expect(consent.wording).toHaveValue('Asked us to stop sending offers by text message.');
  await consent.submit.click();
  await expect(consent.dialog).toBeHidden();
  await expect(consentBadges).toContainText('SMS: Unsubscribed');

  await page.getByRole('tab', { name: 'Consent' }).click();
  await expect(consent.historyRows()).toHaveCount(2);
  const [sms, email] = [consent.historyRows().nth(0), consent.historyRows().nth(1)];
  await expect(sms).toContainText('SMS');
  await expect(sms).toContainText('Unsubscribed');
  await expect(sms).toContainText('Paper form');
  await expect(email).toContainText('Email');
  await expect(email).toContainText('Subscribed');
  await expect(email).toContainText('Spoken at the counter');
  await expect(email).toContainText('May we email you about new uniforms and offers? You can stop any time.');

  const stored = await callApi(page, 'consent.get', { customerId: ama.id });
  expect([stored.email, stored.sms]).toEqual(['subscribed', 'unsubscribed']);
});
