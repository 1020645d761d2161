import { startFakeMailchimp } from '../support/fake-mailchimp';
import { expectNoSeriousViolations } from './axe';
import { callApi, expect, test } from './fixtures';
import { OwnerConsentDialog } from './pages/OwnerConsentDialog';
import { MailchimpSettingsPanel } from './pages/MailchimpSettingsPanel';
import { screenshotter } from './screenshot';

const wording = 'May we send you offers by email? You can stop any time.';
const audienceId = 'osu0001';

/**
 * One test for the whole round trip, to keep CI short: the fake Mailchimp runs here in the test's
 * process, and the dev host (another process) reaches it over HTTP at the API address typed in.
 */
test('the owner connects Mailchimp, previews, syncs, and an unsubscribe there shows in the profile; axe on the panel', async ({ app: page, profile }, testInfo) => {
  const fake = await startFakeMailchimp();
  try {
    // An audience made by hand: it lacks two of the fields a sync fills, and asks for GDPR permissions.
    fake.addList(audienceId, 'Osu Corner Shop customers', {
      mergeFields: ['FNAME', 'LNAME', 'ADDRESS'],
      permissions: [
        { marketing_permission_id: 'perm-post', text: 'Direct mail' },
        { marketing_permission_id: 'perm-email', text: 'Email' },
      ],
    });
    // Mailchimp lists an audience's GDPR permissions only on its members: one who signed up there, on Mailchimp's own form.
    const signedUpThere = await fetch(`${fake.apiBase}/lists/${audienceId}`, {
      method: 'POST',
      headers: { authorization: `Basic ${Buffer.from(`anyone:${fake.apiKey}`).toString('base64')}`, 'content-type': 'application/json' },
      body: JSON.stringify({ members: [{ email_address: 'reader@example.com', status: 'subscribed' }] }),
    });
    expect(signedUpThere.status).toBe(200);
    const people = [
      { firstName: 'Ama', lastName: 'Mensah', phone: '024 412 3456', email: 'ama.mensah@example.com' },
      { firstName: 'Kwame', lastName: 'Boateng', phone: '020 555 0192', email: 'kwame@boatengtraders.example.com' },
      { firstName: 'Efua', lastName: 'Owusu', phone: null, email: 'efua.owusu@example.com' },
      // A role address: Mailchimp blocks these, so the sync leaves it out and says why.
      { firstName: 'Osu', lastName: 'Presby Office', phone: null, email: 'info@osupresby.example.com' },
    ];
    const ids: number[] = [];
    for (const person of people) {
      const customer = await callApi(page, 'customers.create', person);
      await callApi(page, 'consent.set', { customerId: customer.id, channel: 'email', status: 'subscribed', method: 'counter_verbal', wording });
      ids.push(customer.id);
    }

    const mailchimp = new MailchimpSettingsPanel(page);
    await mailchimp.open();
    await mailchimp.findWith(fake.apiKey, fake.apiBase);
    // The account's only audience is picked already; what it lacks is offered, and the email permission is mapped.
    await expect(mailchimp.audience).toHaveValue('Osu Corner Shop customers (1 member)');
    const createFields = mailchimp.panel.getByRole('checkbox', { name: /^Create the missing fields \(PHONE, BIRTHDAY\)/ });
    await expect(createFields).toBeChecked();
    await expect(mailchimp.panel.getByRole('combobox', { name: 'Marketing permission for “Email consent”' })).toHaveValue('Email');
    await mailchimp.connectButton.click();
    await expect(mailchimp.connection).toContainText('Connected to the audience Osu Corner Shop customers');
    await expect(mailchimp.connection).toContainText('Data centre 127.0.0.1');
    // The key is gone from the page once the host has it, and the page never kept it.
    await expect(mailchimp.apiKey).toHaveCount(0);
    expect(await page.evaluate(() => JSON.stringify([{ ...localStorage }, { ...sessionStorage }]))).not.toContain(fake.apiKey);
    const createdFields = fake.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/merge-fields')).map((r) => (r.body as { tag: string }).tag);
    expect(createdFields.sort()).toEqual(['BIRTHDAY', 'PHONE']);

    await mailchimp.previewButton.click();
    await expect(mailchimp.preview).toHaveText('3 to add, 0 to update, 0 unsubscribed in Mailchimp since the last sync, 1 left out');

    // Mailchimp answers the batch slowly, as over a real network: the phase and the bar show meanwhile.
    fake.batchDelayMs = 1500;
    const first = await mailchimp.syncUntil('Done', 0, /Sending 0 of 3 members/);
    fake.batchDelayMs = 5;
    await mailchimp.expectFinishedToast('3 added, 0 updated, 1 left out');
    // When and by whom, outcome, added, updated, unchanged, unsubscribed there, deleted, left out, failed.
    await expect(first.getByRole('cell')).toHaveText([/\d.*by Owner$/, 'Done', '3', '0', '0', '0', '0', '1', '0']);
    const ama = people[0].email;
    expect(fake.member(audienceId, ama)).toMatchObject({ status: 'subscribed', merge_fields: { FNAME: 'Ama', LNAME: 'Mensah' } });
    expect(fake.member(audienceId, ama)?.marketing_permissions.find((p) => p.marketing_permission_id === 'perm-email')?.enabled).toBe(true);
    expect(fake.member(audienceId, people[3].email)).toBeUndefined();

    // Ama unsubscribes from a Mailchimp email; the next sync brings it home.
    fake.setStatus(audienceId, ama, 'unsubscribed', new Date().toISOString());
    const second = await mailchimp.syncUntil('Done', 1);
    await expect(second.getByRole('cell').nth(5)).toHaveText('1');
    await mailchimp.expectFinishedToast('1 unsubscribed in Mailchimp');

    await mailchimp.previewButton.click();
    await expect(mailchimp.preview).toContainText('1 left out');
    // Off the buttons: a hovered button's colours are not the ones the panel settles on.
    await page.mouse.move(1270, 790);
    if (process.env.UPDATE_SCREENSHOTS === '1') {
      await mailchimp.panel.evaluate((el) => {
        el.scrollIntoView({ block: 'start' });
        window.scrollBy(0, -80);
      });
      // The connect toast would cover part of the panel: it closes by itself within seconds.
      await expect(page.getByRole('alert')).toHaveCount(0);
      await screenshotter(page, testInfo)('mailchimp-settings');
    }
    await mailchimp.panel.getByRole('button', { name: 'Who is left out, and why' }).click();
    await expect(mailchimp.panel.getByRole('table', { name: 'Left out, and why' })).toContainText('Role address (info@, admin@…)');
    await page.mouse.move(1270, 790);
    await expectNoSeriousViolations(page, 'Settings → Mailchimp, connected, after two syncs');

    await profile.open(ids[0]);
    await profile.expectCustomer('Ama Mensah');
    await page.getByRole('tab', { name: 'Consent' }).click();
    const consent = new OwnerConsentDialog(page);
    const fromMailchimp = consent.historyRows().first();
    await expect(fromMailchimp).toContainText('Unsubscribed');
    await expect(fromMailchimp.getByRole('cell').nth(3)).toHaveText('Mailchimp');
    await expect(fromMailchimp).toContainText('“Unsubscribed in Mailchimp”');
  } finally {
    await fake.close();
  }
});
