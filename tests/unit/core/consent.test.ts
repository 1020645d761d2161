import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { describeEngines, openTestBook, type Engine, type TestBook } from '../../support/engines';
import { tempDir, value, ownerActor } from '../helpers';

const wording = 'May we email you offers? You can stop any time.';
const subscribe = async (book: TestBook, customerId: number, channel: 'email' | 'sms' = 'email') =>
  value(await book.call('consent.set', { customerId, channel, status: 'subscribed', method: 'counter_verbal', wording }));

describeEngines('consent with proof', (engine) => {
  it('starts as not asked on both channels, and records each change with its method, wording and author', async () => {
    const book = await openTestBook(engine);
    const ama = value(await book.call('customers.create', { firstName: 'Ama', email: 'ama@example.com', phone: '024 412 3456' }));
    expect(ama).toMatchObject({ emailConsent: 'not_asked', smsConsent: 'not_asked' });
    await subscribe(book, ama.id);
    const state = value(await book.call('consent.set', { customerId: ama.id, channel: 'sms', status: 'unsubscribed', method: 'customer_request', wording: 'Asked us to stop texting' }));
    expect(state).toMatchObject({ email: 'subscribed', sms: 'unsubscribed' });
    expect(state.history.map((e) => [e.channel, e.status, e.method, e.wording, e.actor?.name])).toEqual([
      ['sms', 'unsubscribed', 'customer_request', 'Asked us to stop texting', 'Owner'],
      ['email', 'subscribed', 'counter_verbal', wording, 'Owner'],
    ]);
    expect(value(await book.call('customers.get', { id: ama.id }))).toMatchObject({ emailConsent: 'subscribed', smsConsent: 'unsubscribed' });
  });

  it('needs a contact on file, a method and the wording', async () => {
    const book = await openTestBook(engine);
    const kofi = value(await book.call('customers.create', { firstName: 'Kofi' }));
    expect(await book.call('consent.set', { customerId: kofi.id, channel: 'email', status: 'subscribed', method: 'paper_form', wording })).toMatchObject({ ok: false, error: { code: 'validation' } });
    expect(await book.core.handle('consent.set', { customerId: kofi.id, channel: 'email', status: 'subscribed', method: 'paper_form', wording: ' ' }, ownerActor)).toMatchObject({ ok: false, error: { code: 'validation' } });
    expect(await book.core.handle('consent.set', { customerId: kofi.id, channel: 'email', status: 'subscribed', method: 'guess' as never, wording }, ownerActor)).toMatchObject({ ok: false, error: { code: 'validation' } });
    expect(value(await book.call('consent.get', { customerId: kofi.id })).history).toEqual([]);
  });

  it('suppresses an unsubscribed contact: an import cannot subscribe it again, staff-recorded consent can', async () => {
    const book = await openTestBook(engine);
    const { id } = value(await book.call('customers.create', { firstName: 'Esi', email: 'esi@example.com' }));
    value(await book.call('consent.set', { customerId: id, channel: 'email', status: 'unsubscribed', method: 'customer_request', wording: 'Unsubscribe link' }));
    const imported = await book.call('consent.set', { customerId: id, channel: 'email', status: 'subscribed', method: 'import', wording: 'imported from list.csv' });
    expect(imported).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(value(await book.call('consent.get', { customerId: id })).email).toBe('unsubscribed');
    expect(value(await book.call('consent.set', { customerId: id, channel: 'email', status: 'subscribed', method: 'paper_form', wording: 'Signed the form again' })).email).toBe('subscribed');
  });

  it('puts the email and phone on the suppression list when do-not-contact is set', async () => {
    const book = await openTestBook(engine);
    const { id } = value(await book.call('customers.create', { firstName: 'Yaw', email: 'yaw@example.com', phone: '020 123 4567' }));
    value(await book.call('preferences.update', { customerId: id, patch: { doNotContact: true } }));
    value(await book.call('preferences.update', { customerId: id, patch: { doNotContact: false } }));
    for (const channel of ['email', 'sms'] as const) {
      const viaImport = await book.call('consent.set', { customerId: id, channel, status: 'subscribed', method: 'import', wording: 'imported' });
      expect(viaImport.ok ? null : viaImport.error.code).toBe('conflict');
    }
  });
});

/** A shop with customers of every kind a Mailchimp export must tell apart. */
async function mailchimpShop(engine: Engine) {
  const book = await openTestBook(engine);
  const add = async (input: Parameters<typeof book.call<'customers.create'>>[1], consent = true) => {
    const c = value(await book.call('customers.create', input));
    if (consent && c.email) await subscribe(book, c.id);
    return c.id;
  };
  const ama = await add({ firstName: 'Ama', lastName: 'Mensah', email: 'ama@example.com', phone: '024 412 3456', birthday: '1990-07-04', type: 'vip', tags: ['fabric', 'wedding 💍'], address: '12 Oxford St, Osu' });
  await add({ firstName: 'Kofi', email: 'kofi@example.com' }, false); // not asked
  const esi = await add({ firstName: 'Esi', email: 'esi@example.com' });
  value(await book.call('consent.set', { customerId: esi, channel: 'email', status: 'unsubscribed', method: 'customer_request', wording: 'stop' }));
  const yaw = await add({ firstName: 'Yaw', email: 'yaw@example.com' });
  value(await book.call('preferences.update', { customerId: yaw, patch: { doNotContact: true } }));
  const archived = await add({ firstName: 'Old', email: 'old@example.com' });
  value(await book.call('customers.archive', { id: archived }));
  const role = await add({ firstName: 'Shop', email: 'info@example.com' });
  const evil = await add({ firstName: '=HYPERLINK("http://x")', lastName: '+1+1', email: 'evil@example.com', address: '@SUM(A1)' });
  // A visitor from abroad: their number is shown in international form, starting with +.
  await add({ firstName: 'Tom', email: 'tom@example.co.uk', phone: '+44 7911 123456' });
  const sale = value(await book.call('sales.record', { customerId: ama, amount: 1000 }));
  void sale;
  return { book, ids: { ama, esi, yaw, archived, role, evil } };
}

describeEngines('Mailchimp export', (engine) => {
  const shop = () => mailchimpShop(engine);

  it('writes exactly the Mailchimp headers and only consented, reachable customers', async () => {
    const { book, ids } = await shop();
    const result = value(await book.call('exports.mailchimp', {}));
    const parsed = Papa.parse<string[]>(result.csv, { skipEmptyLines: true });
    expect(parsed.data[0]).toEqual(['Email Address', 'First Name', 'Last Name', 'Address', 'Phone Number', 'Birthday', 'Tags']);
    const emails = parsed.data.slice(1).map((row) => row[0]);
    expect(emails).toEqual(['ama@example.com', 'evil@example.com', 'tom@example.co.uk']);
    expect(result.exported).toBe(3);
    for (const never of ['kofi@', 'esi@', 'yaw@', 'old@', 'info@']) expect(result.csv).not.toContain(never);
    expect(result.leftOut).toEqual([
      { customerId: ids.yaw, email: 'yaw@example.com', reason: 'do_not_contact' },
      { customerId: ids.role, email: 'info@example.com', reason: 'role_address' },
    ]);
    expect(Papa.parse<string[]>(result.leftOutCsv, { skipEmptyLines: true }).data).toEqual([
      ['Customer ID', 'Email Address', 'Reason'],
      [String(ids.yaw), 'yaw@example.com', 'do_not_contact'],
      [String(ids.role), 'info@example.com', 'role_address'],
    ]);
  });

  it('formats birthday as MM/DD, tags as one comma-separated cell without emoji, and the phone for the shop country', async () => {
    const { book } = await shop();
    const rows = Papa.parse<string[]>(value(await book.call('exports.mailchimp', {})).csv, { skipEmptyLines: true }).data;
    expect(rows[1]).toEqual(['ama@example.com', 'Ama', 'Mensah', '12 Oxford St, Osu', '024 412 3456', '07/04', 'VIP,One-time,fabric,wedding']);
    expect(value(await book.call('exports.mailchimp', {})).csv).toContain('"VIP,One-time,fabric,wedding"');
  });

  it('neutralises every cell that a spreadsheet would run as a formula', async () => {
    const { book } = await shop();
    const rows = Papa.parse<string[]>(value(await book.call('exports.mailchimp', {})).csv, { skipEmptyLines: true }).data;
    const evil = rows.find((row) => row[0] === 'evil@example.com')!;
    expect(evil.slice(1, 4)).toEqual(["'=HYPERLINK(\"http://x\")", "'+1+1", "'@SUM(A1)"]);
    for (const row of rows) for (const cell of row) if (cell !== '+44 7911 123456') expect(cell).not.toMatch(/^[=+\-@\t\r]/);
  });

  it('writes a phone number in international form plain, without the apostrophe Mailchimp would keep as part of it', async () => {
    const { book } = await shop();
    const rows = Papa.parse<string[]>(value(await book.call('exports.mailchimp', {})).csv, { skipEmptyLines: true }).data;
    expect(rows.find((row) => row[0] === 'tom@example.co.uk')![4]).toBe('+44 7911 123456');
  });
});

// SQLite only: this checks the file as LibreOffice reads it, not the engine (the cells are pinned on
// both engines above), and a LibreOffice start is too slow to pay twice.
describe('Mailchimp export in a spreadsheet', () => {
  // LibreOffice comes from Debian (.ci/run installs it); without it here, the check is CI's.
  const soffice = ['/usr/bin/soffice', '/usr/lib/libreoffice/program/soffice'].find((f) => fs.existsSync(f));
  it.skipIf(!soffice && !process.env.CI)('opens in LibreOffice, with formulas evaluated, without a single formula cell', async () => {
    const { book } = await mailchimpShop('sqlite');
    const dir = tempDir();
    const csv = path.join(dir, 'mailchimp.csv');
    fs.writeFileSync(csv, value(await book.call('exports.mailchimp', {})).csv);
    // CSV import options: comma, double quote, UTF-8, from line 1, …, and the 13th: evaluate formulas.
    const run = spawnSync(
      soffice ?? 'soffice',
      [`-env:UserInstallation=file://${dir}/profile`, '--headless', '--norestore', '--convert-to', 'fods', '--infilter=CSV:44,34,76,1,,0,false,true,false,false,false,-1,true', '--outdir', dir, csv],
      { encoding: 'utf8', timeout: 120_000 },
    );
    const sheet = fs.readFileSync(path.join(dir, 'mailchimp.fods'), 'utf8');
    expect(sheet, run.stderr).toContain('tom@example.co.uk');
    expect(sheet).toContain('+44 7911 123456');
    expect(sheet.match(/table:formula="[^"]*"/g) ?? []).toEqual([]);
  }, 150_000);
});
