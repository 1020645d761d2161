import { describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../db/core';
import type { OpenedDatabase } from '../../../db/open';
import { describeEngines, openTestBook, type TestBook } from '../../support/engines';
import { tempDatabase, value } from '../helpers';

const b64 = (text: string, encoding: BufferEncoding = 'utf8', bom = false) => {
  let bytes = Buffer.from(text, encoding);
  if (bom) bytes = Buffer.concat([Buffer.from(encoding === 'utf16le' ? [0xff, 0xfe] : [0xef, 0xbb, 0xbf]), bytes]);
  return bytes.toString('base64');
};
/** Windows-1252 for the Latin-1 range, as older Excel writes it. */
const cp1252 = (text: string) => Buffer.from([...text].map((c) => c.charCodeAt(0))).toString('base64');

const shopifyCurrent = [
  'Customer ID,First Name,Last Name,Email,Accepts Email Marketing,Default Address Company,Default Address Address1,Default Address Address2,Default Address City,Default Address Province Code,Default Address Country Code,Default Address Zip,Default Address Phone,Phone,Accepts SMS Marketing,Total Spent,Total Orders,Note,Tax Exempt,Tags',
  `'1001,Ama,Mensah,AMA.MENSAH@EXAMPLE.COM,yes,,12 Oxford St,,Accra,,GH,,,'+233244123456,no,120.00,3,"Prefers size M\nCalls before visiting",no,"vip-list, fabric"`,
  `'1002,Kofi,Boateng,,no,,,,,,,,,'+233201234567,yes,0.00,0,,no,`,
  `'1003,Kofi,Boateng,kofi@example.com,yes,,,,,,,,,,no,0.00,0,,no,`,
  `'1004,Esi,Owusu,esi@example.com,no,,,,,,,,,,no,0.00,0,,no,wedding`,
].join('\r\n');

const shopifyLegacy = [
  'First Name,Last Name,Email,Company,Address1,Address2,City,Province,Province Code,Country,Country Code,Zip,Phone,Accepts Marketing,Total Spent,Total Orders,Tags,Note,Tax Exempt',
  `Yaw,Asante,Yaw@Example.com,,5 Ring Rd,,Kumasi,,,Ghana,GH,,'0551234567,yes,10.00,1,"a, b",,no`,
].join('\n');

const square = [
  'Square Customer ID,First Name,Last Name,Email Address,Phone Number,Street Address 1,City,Birthday,Memo,Creation Source,Email Subscription Status,Transaction Count',
  'SQ1,Abena,Darko,abena@example.com,+233 27 123 4567,3 Cantonments Rd,Accra,1990-07-04,likes green,Directory,Subscribed,2',
  'SQ2,Kojo,Addo,kojo@example.com,,,,07-20,,Directory,Unsubscribed,0',
].join('\n');

const mailchimpUnsubscribed = [
  'Email Address,First Name,Last Name,Address,Phone Number,Birthday,MEMBER_RATING,OPTIN_TIME,UNSUB_TIME,LEID,EUID,TAGS',
  'gone@example.com,Gone,Away,,,03/15,2,2024-01-01 10:00:00,2025-01-01 10:00:00,1,abc,',
].join('\n');

type Caller = Pick<TestBook, 'call'>;

const importFile = (core: Caller, content: string, extra: Record<string, unknown> = {}) =>
  core.call('imports.commit', { fileName: 'customers_export.csv', contentBase64: content, ...extra } as never);

/** A SQLite core called as a test book is (for the tests that look inside SQLite's own search index). */
const asCaller = (core: Core): Caller => ({ call: async (method, input) => core.call(method, input) });

/** What a search finds once the test files below are imported: the same on both engines. */
const withAccent = 'First Name,Last Name,Email\nEfua,Ébo,efua@example.com\n';
const expectFound = async (core: Caller) => {
  for (const [query, names] of [
    ['mens', ['Ama Mensah']],
    ['am', ['Ama Mensah']],
    ['kof', ['Kofi Boateng']],
    ['4123', ['Ama Mensah']],
    ['0201', ['Kofi Boateng']],
    ['wusu', ['Esi Owusu']],
    ['éb', ['Efua Ébo']],
    ['ebo', ['Efua Ébo']],
  ] as const) {
    expect(value(await core.call('customers.search', { query })).map((c) => c.name), query).toEqual(names);
  }
};

describeEngines('importing customer lists', (engine) => {
  it('reads a current Shopify export with its quirks, and combines the person split over two rows', async () => {
    const core = await openTestBook(engine);
    const preview = value(await core.call('imports.preview', { fileName: 'customers_export.csv', contentBase64: b64(shopifyCurrent) }));
    expect(preview).toMatchObject({ format: 'shopify', encoding: 'utf8', totalRows: 4, counts: { create: 3, update: 0, skip: 1, invalid: 0 } });
    expect(value(await core.call('customers.list', {})).total).toBe(0); // a preview writes nothing
    const report = value(await importFile(core, b64(shopifyCurrent)));
    expect(report).toMatchObject({ format: 'shopify', created: 3, updated: 0, skipped: 1, errors: [] });
    const ama = value(await core.call('customers.resolve', { ref: 'ama.mensah@example.com' }));
    expect(ama).toMatchObject({ phoneE164: '+233244123456', address: '12 Oxford St, Accra, GH', tags: ['vip-list', 'fabric'], emailConsent: 'subscribed', smsConsent: 'not_asked' });
    expect(value(await core.call('notes.list', { customerId: ama.id }))[0].text).toBe('Prefers size M\nCalls before visiting');
    expect(value(await core.call('consent.get', { customerId: ama.id })).history[0]).toMatchObject({ method: 'import', wording: 'imported from customers_export.csv' });
    const kofi = value(await core.call('customers.resolve', { ref: '0201234567' }));
    expect(kofi).toMatchObject({ email: 'kofi@example.com', emailConsent: 'subscribed', smsConsent: 'subscribed' });
    expect(value(await core.call('customers.list', {})).total).toBe(3);
  });

  it('reads a legacy Shopify export', async () => {
    const core = await openTestBook(engine);
    expect(value(await importFile(core, b64(shopifyLegacy)))).toMatchObject({ format: 'shopify_legacy', created: 1 });
    expect(value(await core.call('customers.resolve', { ref: 'yaw@example.com' }))).toMatchObject({ phoneE164: '+233551234567', tags: ['a', 'b'], emailConsent: 'subscribed', address: '5 Ring Rd, Kumasi, Ghana' });
  });

  it('reads a Square directory export with birthdays and subscription status', async () => {
    const core = await openTestBook(engine);
    expect(value(await importFile(core, b64(square)))).toMatchObject({ format: 'square', created: 2 });
    expect(value(await core.call('customers.resolve', { ref: 'abena@example.com' }))).toMatchObject({ birthday: '1990-07-04', source: 'Directory', emailConsent: 'subscribed' });
    const kojo = value(await core.call('customers.resolve', { ref: 'kojo@example.com' }));
    expect(kojo).toMatchObject({ birthday: '07-20', emailConsent: 'unsubscribed' });
  });

  it('takes an unsubscribed Mailchimp export as unsubscribed, and suppresses the addresses', async () => {
    const core = await openTestBook(engine);
    expect(value(await importFile(core, b64(mailchimpUnsubscribed)))).toMatchObject({ format: 'mailchimp', created: 1 });
    const gone = value(await core.call('customers.resolve', { ref: 'gone@example.com' }));
    expect(gone).toMatchObject({ emailConsent: 'unsubscribed', birthday: '03-15' });
    expect(await core.call('consent.set', { customerId: gone.id, channel: 'email', status: 'subscribed', method: 'import', wording: 'again' })).toMatchObject({ ok: false, error: { code: 'conflict' } });
  });

  it('never re-subscribes a suppressed contact', async () => {
    const core = await openTestBook(engine);
    const ama = value(await core.call('customers.create', { firstName: 'Ama', email: 'ama.mensah@example.com' }));
    value(await core.call('consent.set', { customerId: ama.id, channel: 'email', status: 'unsubscribed', method: 'customer_request', wording: 'stop' }));
    const report = value(await importFile(core, b64(shopifyCurrent), { onDuplicate: 'update' }));
    expect(report).toMatchObject({ updated: 1, created: 2 });
    expect(value(await core.call('customers.get', { id: ama.id }))).toMatchObject({ emailConsent: 'unsubscribed', lastName: 'Mensah', phoneE164: '+233244123456' });
  });

  it('detects UTF-8 with a BOM, UTF-16 LE and Windows-1252, and warns about garbled text', async () => {
    const text = 'First Name,Last Name,Email\nRenée,Paré,renee@example.com\n';
    for (const [content, encoding] of [
      [b64(text, 'utf8', true), 'utf8'],
      [b64(text, 'utf16le', true), 'utf16le'],
      [cp1252(text), 'windows1252'],
    ] as const) {
      const core = await openTestBook(engine);
      const preview = value(await core.call('imports.preview', { fileName: 'x.csv', contentBase64: content }));
      expect(preview).toMatchObject({ format: 'generic', encoding, counts: { create: 1 } });
      value(await importFile(core, content));
      expect(value(await core.call('customers.resolve', { ref: 'renee@example.com' }))).toMatchObject({ firstName: 'Renée', lastName: 'Paré' });
    }
    const mojibake = value(await (await openTestBook(engine)).call('imports.preview', { fileName: 'x.csv', contentBase64: b64('First Name,Last Name\nRen√©e,ParÃ©\n') }));
    expect(mojibake.rows[0].warnings).toContain('Some text looks garbled: check the file encoding');
  });

  it('is all-or-nothing: one invalid row writes nothing, unless invalid rows are skipped', async () => {
    const file = b64('First Name,Email,Phone\nAma,ama@example.com,024 412 3456\n,nobody@example.com,\nKofi,not-an-email,\n');
    const core = await openTestBook(engine);
    const refused = await importFile(core, file);
    expect(refused).toMatchObject({ ok: false, error: { code: 'validation', fields: { 'row 2': expect.stringContaining('First name'), 'row 3': expect.stringContaining('email') } } });
    expect(value(await core.call('customers.list', {})).total).toBe(0);
    expect(value(await importFile(core, file, { skipInvalid: true }))).toMatchObject({ created: 1, skipped: 2, errors: [{ row: 2 }, { row: 3 }] });
  });

  it('skips or updates customers it already has, matched by phone or email', async () => {
    const core = await openTestBook(engine);
    const esi = value(await core.call('customers.create', { firstName: 'Esi', email: 'esi@example.com', type: 'vip' }));
    expect(value(await importFile(core, b64(shopifyCurrent)))).toMatchObject({ created: 2, updated: 0, skipped: 2 });
    expect(value(await core.call('customers.get', { id: esi.id })).lastName).toBeNull();
    const again = value(await importFile(core, b64(shopifyCurrent), { onDuplicate: 'update' }));
    expect(again).toMatchObject({ created: 0, updated: 3 });
    expect(value(await core.call('customers.get', { id: esi.id }))).toMatchObject({ lastName: 'Owusu', tags: ['wedding'], type: 'vip' });
  });

  it('refuses a row whose email and phone belong to two different customers', async () => {
    const core = await openTestBook(engine);
    const ama = value(await core.call('customers.create', { firstName: 'Ama', email: 'ama@example.com' }));
    const kofi = value(await core.call('customers.create', { firstName: 'Kofi', phone: '024 412 3456' }));
    const file = b64('First Name,Email,Phone\nAma,ama@example.com,0244123456\nEsi,esi@example.com,\n');
    const preview = value(await core.call('imports.preview', { fileName: 'x.csv', contentBase64: file }));
    expect(preview.counts).toEqual({ create: 1, update: 0, skip: 0, invalid: 1 });
    expect(preview.rows[0].errors).toEqual([`Its email and phone belong to two different customers (${ama.id} and ${kofi.id})`]);
  });

  it('uses a manual column mapping', async () => {
    const core = await openTestBook(engine);
    const file = b64('Nom,Courriel\nAma,ama@example.com\n');
    expect(await core.call('imports.preview', { fileName: 'x.csv', contentBase64: file })).toMatchObject({ ok: true, value: { counts: { invalid: 1 } } });
    expect(value(await importFile(core, file, { mapping: { firstName: 'Nom', email: 'Courriel' } }))).toMatchObject({ created: 1 });
    expect(await importFile(core, file, { mapping: { firstName: 'Missing' } })).toMatchObject({ ok: false, error: { code: 'validation' } });
  });

  it('undoes a whole import: created customers go, updated ones get their values back', async () => {
    const core = await openTestBook(engine);
    const esi = value(await core.call('customers.create', { firstName: 'Esi', email: 'esi@example.com' }));
    const report = value(await importFile(core, b64(shopifyCurrent), { onDuplicate: 'update' }));
    expect(value(await core.call('customers.list', {})).total).toBe(3);
    expect(value(await core.call('imports.undo', { batchId: report.batchId! }))).toEqual({ batchId: report.batchId, removed: 2, restored: 1 });
    expect(value(await core.call('customers.list', {})).rows.map((r) => r.id)).toEqual([esi.id]);
    expect(value(await core.call('customers.get', { id: esi.id }))).toMatchObject({ lastName: null, tags: [] });
    expect(value(await core.call('notes.list', { customerId: esi.id }))).toEqual([]);
    expect(value(await core.call('customers.search', { query: 'mensah' }))).toEqual([]);
    expect(await core.call('imports.undo', { batchId: report.batchId! })).toMatchObject({ ok: false, error: { code: 'conflict' } });
  });

  it('refuses to undo once an imported customer has bought something', async () => {
    const core = await openTestBook(engine);
    const report = value(await importFile(core, b64(shopifyLegacy)));
    const yaw = value(await core.call('customers.resolve', { ref: 'yaw@example.com' }));
    value(await core.call('sales.record', { customerId: yaw.id, amount: 100 }));
    expect(await core.call('imports.undo', { batchId: report.batchId! })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(value(await core.call('customers.list', {})).total).toBe(1);
  });

  it('makes every customer it creates or updates findable, and search follows later edits', async () => {
    const core = await openTestBook(engine);
    value(await core.call('customers.create', { firstName: 'Esi', email: 'esi@example.com' }));
    expect(value(await importFile(core, b64(shopifyCurrent), { onDuplicate: 'update' }))).toMatchObject({ created: 2, updated: 1 });
    expect(value(await importFile(core, b64(withAccent)))).toMatchObject({ created: 1 });
    await expectFound(core);
    const yaa = value(await core.call('customers.create', { firstName: 'Yaa', lastName: 'Asantewaa', phone: '0277 000 111' }));
    expect(value(await core.call('customers.search', { query: 'antew' })).map((c) => c.id)).toEqual([yaa.id]);
    value(await core.call('customers.update', { id: yaa.id, patch: { lastName: 'Kusi' } }));
    expect(value(await core.call('customers.search', { query: 'antew' }))).toEqual([]);
    expect(value(await core.call('customers.search', { query: 'kusi' })).map((c) => c.id)).toEqual([yaa.id]);
  });
});

describeEngines('an import does exactly what its preview planned', (engine) => {
  const csv = (...lines: string[]) => b64(lines.join('\n') + '\n');
  const previewOf = async (core: Caller, content: string, extra: Record<string, unknown> = {}) =>
    value(await core.call('imports.preview', { fileName: 'x.csv', contentBase64: content, ...extra } as never));
  const errorsOf = (preview: { rows: { row: number; errors: string[] }[] }) => preview.rows.filter((r) => r.errors.length > 0).map((r) => ({ row: r.row, message: r.errors.join('; ') }));
  /** The preview's counts and errors as the report of a real import would give them. */
  const expectSamePlan = async (core: Caller, content: string, extra: Record<string, unknown> = {}) => {
    const preview = await previewOf(core, content, extra);
    const report = value(await importFile(core, content, { skipInvalid: true, ...extra }));
    expect({ created: report.created, updated: report.updated, skipped: report.skipped, errors: report.errors }).toEqual({
      created: preview.counts.create,
      updated: preview.counts.update,
      skipped: preview.counts.skip + preview.counts.invalid,
      errors: errorsOf(preview),
    });
    return { preview, report };
  };

  describe('rows in one file that clash', () => {
    it('refuses two rows with one email and different phones, naming both rows, instead of failing on commit', async () => {
      const core = await openTestBook(engine);
      const file = csv('First Name,Email,Phone', 'Ama,ama@example.com,024 412 3456', 'Ama,ama@example.com,020 123 4567');
      const preview = await previewOf(core, file);
      expect(preview.counts).toEqual({ create: 1, update: 0, skip: 0, invalid: 1 });
      expect(preview.rows[1].errors.join(' ')).toMatch(/rows 1 and 2\b/i);
      expect(await importFile(core, file)).toMatchObject({ ok: false, error: { code: 'validation', fields: { 'row 2': expect.any(String) } } });
      expect(value(await core.call('customers.list', {})).total).toBe(0);
      await expectSamePlan(core, file);
      expect(value(await core.call('customers.resolve', { ref: 'ama@example.com' })).phoneE164).toBe('+233244123456');
    });

    it('refuses two rows with one phone and different names, and combines rows that are one person', async () => {
      const core = await openTestBook(engine);
      const clash = csv('First Name,Last Name,Phone', 'Ama,Mensah,024 412 3456', 'Kofi,Boateng,0244123456');
      expect((await previewOf(core, clash)).counts).toEqual({ create: 1, update: 0, skip: 0, invalid: 1 });
      const samePerson = csv('First Name,Last Name,Phone,Email', 'Ama,Mensah,024 412 3456,', 'ama,,0244123456,ama@example.com');
      const { report } = await expectSamePlan(core, samePerson);
      expect(report).toMatchObject({ created: 1, skipped: 1, errors: [] });
      expect(value(await core.call('customers.resolve', { ref: 'ama@example.com' }))).toMatchObject({ firstName: 'Ama', lastName: 'Mensah', phoneE164: '+233244123456' });
    });

    it('refuses a row whose email is one earlier row\'s and whose phone is another\'s', async () => {
      const core = await openTestBook(engine);
      const file = csv('First Name,Email,Phone', 'Ama,ama@example.com,', 'Kofi,,024 412 3456', 'Ama,ama@example.com,0244123456');
      const preview = await previewOf(core, file);
      expect(preview.counts).toEqual({ create: 2, update: 0, skip: 0, invalid: 1 });
      expect(preview.rows[2].errors.join(' ')).toMatch(/row 1\b/i);
      expect(preview.rows[2].errors.join(' ')).toMatch(/row 2\b/i);
      await expectSamePlan(core, file);
      expect(value(await core.call('customers.list', {})).total).toBe(2);
    });

    it('keeps the index of a combined row: a later row with the email it took on is the same person', async () => {
      const core = await openTestBook(engine);
      // Row 2 is Kofi's email half (combined by name); row 3 has that email and another phone: not Kofi.
      const file = csv('First Name,Last Name,Email,Phone', 'Kofi,Boateng,,0201234567', 'Kofi,Boateng,kofi@example.com,', 'Yaw,Asante,kofi@example.com,0551234567');
      const { preview } = await expectSamePlan(core, file);
      expect(preview.counts).toEqual({ create: 1, update: 0, skip: 1, invalid: 1 });
    });

    it('plans a row whose phone is a customer\'s and whose email is an earlier row\'s as one person, skipped or updated together', async () => {
      for (const onDuplicate of ['skip', 'update'] as const) {
        const core = await openTestBook(engine);
        const owusu = value(await core.call('customers.create', { firstName: 'Ama', lastName: 'Owusu', phone: '0244123456' }));
        const file = csv('First Name,Email,Phone', 'Ama,ama@example.com,', 'Ama,ama@example.com,024 412 3456', 'Kofi,kofi@example.com,0244123456');
        const { preview } = await expectSamePlan(core, file, { onDuplicate });
        expect(preview.counts).toEqual({ create: 0, update: onDuplicate === 'update' ? 1 : 0, skip: onDuplicate === 'update' ? 1 : 2, invalid: 1 });
        expect(preview.rows[0]).toMatchObject({ customerId: owusu.id });
        expect(value(await core.call('customers.get', { id: owusu.id })).email).toBe(onDuplicate === 'update' ? 'ama@example.com' : null);
        expect(value(await core.call('customers.list', {})).total).toBe(1);
      }
    });

    it('with onDuplicate=update, refuses a row that would give a customer a phone another row of the file creates', async () => {
      const core = await openTestBook(engine);
      value(await core.call('customers.create', { firstName: 'Ama', email: 'ama@example.com' }));
      const file = csv('First Name,Email,Phone', 'Ama,ama@example.com,0244123456', 'Esi,esi@example.com,024 412 3456');
      const { preview } = await expectSamePlan(core, file, { onDuplicate: 'update' });
      expect(preview.counts).toEqual({ create: 0, update: 1, skip: 0, invalid: 1 });
    });

    it('with onDuplicate=update, refuses two rows that update one customer in different ways', async () => {
      const core = await openTestBook(engine);
      const ama = value(await core.call('customers.create', { firstName: 'Ama', email: 'ama@example.com', phone: '0244123456' }));
      const file = csv('First Name,Email,Phone', 'Ama,ama@example.com,', 'Ama,ama.new@example.com,0244123456');
      const { preview } = await expectSamePlan(core, file, { onDuplicate: 'update' });
      expect(preview.counts).toEqual({ create: 0, update: 1, skip: 0, invalid: 1 });
      expect(preview.rows[1].errors.join(' ')).toMatch(/rows 1 and 2\b/i);
      expect(value(await core.call('customers.get', { id: ama.id })).email).toBe('ama@example.com');
    });
  });

  describe('dates', () => {
    const gbShop = () => openTestBook(engine, { defaults: { currency: 'GBP', phoneCountry: 'GB', timeZone: 'Europe/London', locale: 'en-GB' } });
    const usShop = () => openTestBook(engine, { defaults: { currency: 'USD', phoneCountry: 'US', timeZone: 'America/New_York', locale: 'en-US' } });
    const birthdays = csv('First Name,Birthday', 'Bea,25/12/1985', 'Cat,03/04/1990', 'Dee,1979-06-30', 'Eve,04/03');

    it('reads day and month in the order of the shop\'s country, and says which order it used', async () => {
      const gb = await gbShop();
      const preview = await previewOf(gb, birthdays);
      expect(preview).toMatchObject({ dateOrder: 'dmy', counts: { create: 4, invalid: 0 } });
      value(await importFile(gb, birthdays));
      const born = Object.fromEntries(value(await gb.call('customers.list', {})).rows.map((c) => [c.firstName, c.birthday]));
      expect(born).toEqual({ Bea: '1985-12-25', Cat: '1990-04-03', Dee: '1979-06-30', Eve: '03-04' });

      const us = await usShop();
      const usPreview = await previewOf(us, birthdays);
      expect(usPreview).toMatchObject({ dateOrder: 'mdy', counts: { create: 3, invalid: 1 } });
      expect(usPreview.rows[0].errors.join(' ')).toMatch(/25\/12\/1985/);
      value(await importFile(us, birthdays, { skipInvalid: true }));
      const usBorn = Object.fromEntries(value(await us.call('customers.list', {})).rows.map((c) => [c.firstName, c.birthday]));
      expect(usBorn).toEqual({ Cat: '1990-03-04', Dee: '1979-06-30', Eve: '04-03' });
    });

    it('takes the order from Intl for the shop\'s language in its country, else the country\'s own language', async () => {
      const orderIn = async (phoneCountry: string, locale: string) =>
        (await previewOf(await openTestBook(engine, { defaults: { currency: 'USD', phoneCountry, timeZone: 'UTC', locale } }), birthdays)).dateOrder;
      expect(await orderIn('GH', 'en-GH')).toBe('dmy');
      expect(await orderIn('GB', 'en-US')).toBe('dmy'); // an English-speaking PC's locale, a British shop
      expect(await orderIn('US', 'en-GB')).toBe('mdy');
      expect(await orderIn('CN', 'en-US')).toBe('ymd'); // no en-CN data: Chinese as written in China
      expect(await orderIn('DE', 'de-DE')).toBe('dmy');
    });

    it('follows a date order chosen for the file, and never guesses a date that reads both ways', async () => {
      const gb = await gbShop();
      expect(await previewOf(gb, birthdays, { dateOrder: 'mdy' })).toMatchObject({ dateOrder: 'mdy', counts: { create: 3, invalid: 1 } });
      const ymd = await previewOf(gb, birthdays, { dateOrder: 'ymd' });
      expect(ymd.dateOrder).toBe('ymd');
      // 25/12/1985 has one reading; 03/04/1990 and 04/03 have two, and year first says nothing about them.
      expect(ymd.counts).toEqual({ create: 2, update: 0, skip: 0, invalid: 2 });
      expect(ymd.rows.filter((r) => r.errors.length > 0).map((r) => r.row)).toEqual([2, 4]);
      expect(await gb.call('imports.preview', { fileName: 'x.csv', contentBase64: birthdays, dateOrder: 'ydm' } as never)).toMatchObject({ ok: false, error: { code: 'validation' } });
    });

    it('reads a birthday without a year written MM-DD, as Regulars itself writes it, in every country: a shop\'s own export comes back unchanged', async () => {
      const gb = await gbShop();
      value(await gb.call('customers.create', { firstName: 'Ama', email: 'ama@example.com', birthday: '07-04' }));
      value(await gb.call('customers.create', { firstName: 'Kofi', email: 'kofi@example.com', birthday: '1990-12-25' }));
      const exported = value(await gb.call('exports.customers', {})).content;
      const other = await gbShop();
      value(await importFile(other, Buffer.from(exported).toString('base64')));
      const born = Object.fromEntries(value(await other.call('customers.list', {})).rows.map((c) => [c.firstName, c.birthday]));
      expect(born).toEqual({ Ama: '07-04', Kofi: '1990-12-25' });
      expect((await previewOf(other, csv('First Name,Birthday', 'Eve,25-12'))).rows[0].errors.join(' ')).toMatch(/"25-12" is not a real date as month-day/);
    });

    it('keeps the orders Square and Mailchimp document, month first, whatever the shop\'s country', async () => {
      const gb = await gbShop();
      expect(await previewOf(gb, b64(square))).toMatchObject({ dateOrder: 'mdy', counts: { create: 2, invalid: 0 } });
      expect(await previewOf(gb, b64(mailchimpUnsubscribed))).toMatchObject({ dateOrder: 'mdy', counts: { create: 1, invalid: 0 } });
    });
  });

  it('splits a generic Name column into first and last name', async () => {
    const core = await openTestBook(engine);
    value(await importFile(core, csv('Name,Email', 'Bea Brown,bea@example.com', 'Mary Ann  Smith,mary@example.com', 'Cher,cher@example.com')));
    expect(value(await core.call('customers.resolve', { ref: 'bea@example.com' }))).toMatchObject({ firstName: 'Bea', lastName: 'Brown' });
    expect(value(await core.call('customers.resolve', { ref: 'mary@example.com' }))).toMatchObject({ firstName: 'Mary Ann', lastName: 'Smith' });
    expect(value(await core.call('customers.resolve', { ref: 'cher@example.com' }))).toMatchObject({ firstName: 'Cher', lastName: null });
  });

  describe('totals from the file, as an opening history', () => {
    const historyOf = async (core: Caller, ref: string) => value(await core.call('customers.get', { id: value(await core.call('customers.resolve', { ref })).id })).history;

    it('counts Shopify\'s Total Spent and Total Orders in purchases, spend and tier, with no dates', async () => {
      const core = await openTestBook(engine);
      value(await importFile(core, b64(shopifyCurrent)));
      expect(await historyOf(core, 'ama.mensah@example.com')).toMatchObject({
        purchases: 3, totalSpent: 12000, importedPurchases: 3, importedSpent: 12000, lifetimeValue: 12000, isRepeat: true,
        frequency: 'occasional', firstPurchaseAt: null, lastPurchaseAt: null, daysSinceLastPurchase: null,
      });
      expect(value(await core.call('customers.resolve', { ref: 'ama.mensah@example.com' }))).toMatchObject({ purchases: 3, totalSpent: 12000, frequency: 'occasional' });
      value(await importFile(core, b64(shopifyLegacy)));
      expect(await historyOf(core, 'yaw@example.com')).toMatchObject({ purchases: 1, totalSpent: 1000, importedPurchases: 1, frequency: 'one_time' });
      expect(value(await core.call('customers.list', { sort: 'spent' } as never)).rows[0].firstName).toBe('Ama');
    });

    it('adds sales recorded here on top, and keeps the opening history through a void and a merge', async () => {
      const core = await openTestBook(engine);
      value(await importFile(core, b64(shopifyCurrent)));
      const ama = value(await core.call('customers.resolve', { ref: 'ama.mensah@example.com' }));
      const sale = value(await core.call('sales.record', { customerId: ama.id, amount: 500 }));
      expect(await historyOf(core, 'ama.mensah@example.com')).toMatchObject({ purchases: 4, totalSpent: 12500, importedPurchases: 3, lastPurchaseAt: expect.any(String), frequency: 'regular' });
      value(await core.call('sales.void', { id: sale.id, reason: 'typo' }));
      expect(await historyOf(core, 'ama.mensah@example.com')).toMatchObject({ purchases: 3, totalSpent: 12000, lastPurchaseAt: null });
      value(await importFile(core, b64('First Name,Email,Total Orders,Total Spent\nAma,ama.other@example.com,2,15.50\n')));
      const other = value(await core.call('customers.resolve', { ref: 'ama.other@example.com' }));
      const merged = value(await core.call('customers.merge', { keepId: ama.id, otherId: other.id }));
      expect(merged.history).toMatchObject({ purchases: 5, totalSpent: 13550, importedPurchases: 5, importedSpent: 13550 });
    });

    it('counts the totals of a line repeated word for word once, and those of one person\'s two accounts together', async () => {
      const core = await openTestBook(engine);
      const file = csv(
        'First Name,Email,Phone,Total Orders,Total Spent',
        'Ama,ama@example.com,,2,20.00',
        'Ama,ama@example.com,,2,20.00',
        'Ama,,024 412 3456,1,5.00',
      );
      const preview = await previewOf(core, file);
      expect(preview.counts).toMatchObject({ create: 1, skip: 2 });
      expect(preview.rows.find((r) => r.row === 2)!.warnings).toEqual(['The same line as row 1: left out, so its totals count once']);
      value(await importFile(core, file));
      expect(await historyOf(core, 'ama@example.com')).toMatchObject({ importedPurchases: 3, importedSpent: 2500 });
    });

    it('refuses amounts and counts it cannot read exactly, and reads money as decimal text in the shop\'s currency', async () => {
      const core = await openTestBook(engine);
      const file = csv('First Name,Email,Total Orders,Total Spent', 'Ama,ama@example.com,2,0.30', 'Kofi,kofi@example.com,two,10', 'Esi,esi@example.com,1,12.345', 'Yaw,yaw@example.com,1,-5', 'Abena,abena@example.com,,', 'Kojo,kojo@example.com,1.5,3');
      const preview = await previewOf(core, file);
      expect(preview.counts).toMatchObject({ create: 2, invalid: 4 });
      expect(preview.rows.filter((r) => r.errors.length > 0).map((r) => r.row)).toEqual([2, 3, 4, 6]);
      value(await importFile(core, file, { skipInvalid: true }));
      expect(await historyOf(core, 'ama@example.com')).toMatchObject({ purchases: 2, totalSpent: 30, importedSpent: 30 });
      expect(await historyOf(core, 'abena@example.com')).toMatchObject({ purchases: 0, totalSpent: 0, importedPurchases: 0 });
    });

    it('replaces the figures when the same file is imported again with updates, and undo gives the earlier ones back', async () => {
      const core = await openTestBook(engine);
      const first = value(await importFile(core, b64(shopifyCurrent)));
      const ama = value(await core.call('customers.resolve', { ref: 'ama.mensah@example.com' }));
      value(await core.call('sales.record', { customerId: ama.id, amount: 500 }));
      const again = value(await importFile(core, b64(shopifyCurrent.replace('120.00,3', '150.00,4')), { onDuplicate: 'update' }));
      expect(await historyOf(core, 'ama.mensah@example.com')).toMatchObject({ purchases: 5, totalSpent: 15500, importedPurchases: 4, importedSpent: 15000 });
      value(await core.call('imports.undo', { batchId: again.batchId! }));
      expect(await historyOf(core, 'ama.mensah@example.com')).toMatchObject({ purchases: 4, totalSpent: 12500, importedPurchases: 3, importedSpent: 12000 });
      expect(await core.call('imports.undo', { batchId: first.batchId! })).toMatchObject({ ok: false, error: { code: 'conflict' } }); // Ama has a sale
    });
  });
});

// SQLite's own search index: its FTS5 tables and the triggers that fill them (PostgreSQL indexes the customers table itself).
describe('importing customer lists: the SQLite search index', () => {
  const searchTriggers = (db: OpenedDatabase) =>
    db.sqlite.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'customers_search_%' ORDER BY name").all();
  /** Every customer's id in each search index, and what each index finds, against what the triggers would have written. */
  const expectIndexed = async (db: OpenedDatabase, core: Caller) => {
    const ids = db.sqlite.prepare('SELECT id FROM customers ORDER BY id').pluck().all();
    for (const table of ['customers_trigram', 'customers_prefix']) {
      expect(db.sqlite.prepare(`SELECT rowid FROM ${table} ORDER BY rowid`).pluck().all(), table).toEqual(ids);
      expect(() => db.sqlite.exec(`INSERT INTO ${table} (${table}) VALUES ('integrity-check')`), table).not.toThrow();
    }
    await expectFound(core);
  };

  it('is written once for every customer an import creates, and its triggers are left as they were', async () => {
    const db = tempDatabase();
    const core = asCaller(createCore(db));
    const before = searchTriggers(db);
    expect(before).toHaveLength(3);
    expect(value(await importFile(core, b64(shopifyCurrent)))).toMatchObject({ created: 3 });
    expect(value(await importFile(core, b64(withAccent)))).toMatchObject({ created: 1 });
    expect(searchTriggers(db)).toEqual(before);
    await expectIndexed(db, core);
    // The triggers work again afterwards: a customer added, changed and removed is found, then not.
    const yaa = value(await core.call('customers.create', { firstName: 'Yaa', lastName: 'Asantewaa', phone: '0277 000 111' }));
    expect(value(await core.call('customers.search', { query: 'antew' })).map((c) => c.id)).toEqual([yaa.id]);
    value(await core.call('customers.update', { id: yaa.id, patch: { lastName: 'Kusi' } }));
    expect(value(await core.call('customers.search', { query: 'antew' }))).toEqual([]);
    expect(value(await core.call('customers.search', { query: 'kusi' })).map((c) => c.id)).toEqual([yaa.id]);
  });

  it('takes in the customers an import updates, and the ones it creates alongside them', async () => {
    const db = tempDatabase();
    const core = asCaller(createCore(db));
    value(await core.call('customers.create', { firstName: 'Esi', email: 'esi@example.com' }));
    expect(value(await importFile(core, b64(shopifyCurrent), { onDuplicate: 'update' }))).toMatchObject({ created: 2, updated: 1 });
    value(await importFile(core, b64(withAccent)));
    await expectIndexed(db, core);
  });

  it('is left untouched by an import that fails part-way, triggers included', async () => {
    const db = tempDatabase();
    const core = asCaller(createCore(db));
    const before = searchTriggers(db);
    // A write that fails after others (the disk, say): the plan cannot foresee it, so the commit stops part-way.
    db.sqlite.exec("CREATE TEMP TRIGGER fail_on_boom BEFORE INSERT ON main.customers WHEN NEW.first_name = 'Boom' BEGIN SELECT RAISE(ABORT, 'disk trouble'); END");
    const failing = b64('First Name,Email,Phone\nAma,ama@example.com,024 412 3456\nBoom,boom@example.com,020 123 4567\n');
    expect(await importFile(core, failing)).toMatchObject({ ok: false });
    db.sqlite.exec('DROP TRIGGER temp.fail_on_boom');
    expect(value(await core.call('customers.list', {})).total).toBe(0);
    expect(searchTriggers(db)).toEqual(before);
    expect(db.sqlite.prepare('SELECT count(*) FROM customers_trigram').pluck().get()).toBe(0);
    value(await importFile(core, b64(shopifyCurrent)));
    value(await importFile(core, b64(withAccent)));
    await expectIndexed(db, core);
  });
});
