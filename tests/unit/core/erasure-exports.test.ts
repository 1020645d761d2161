import Papa from 'papaparse';
import { expect, it } from 'vitest';
import { describeEngines, openTestBook, type Engine } from '../../support/engines';
import { value } from '../helpers';

async function shop(engine: Engine) {
  const book = await openTestBook(engine);
  const ama = value(await book.call('customers.create', { firstName: 'Ama', lastName: 'Mensah', phone: '024 412 3456', email: 'ama@example.com', address: '12 Oxford St', birthday: '07-04', tags: ['fabric'] }));
  const kofi = value(await book.call('customers.create', { firstName: '=cmd|calc', email: 'kofi@example.com' }));
  value(await book.call('sales.record', { customerId: ama.id, amount: 1250, note: 'for Ama’s sister' }));
  value(await book.call('sales.record', { customerId: kofi.id, amount: 500 }));
  value(await book.call('notes.add', { customerId: ama.id, type: 'personal', text: 'lives near the market' }));
  value(await book.call('consent.set', { customerId: ama.id, channel: 'email', status: 'subscribed', method: 'paper_form', wording: 'offers' }));
  return { book, ama, kofi };
}

describeEngines('erasure', (engine) => {
  it('removes personal details, notes and consent records, keeps anonymised sales so revenue stays exact', async () => {
    const { book, ama } = await shop(engine);
    const revenue = value(await book.call('stats.get', {})).customerRevenue;
    expect(await book.call('customers.erase', { id: ama.id } as never)).toMatchObject({ ok: false, error: { code: 'validation' } });
    const erased = value(await book.call('customers.erase', { id: ama.id, confirm: true }));
    expect(erased).toMatchObject({ name: 'Erased customer', lastName: null, phone: null, phoneE164: null, email: null, address: null, birthday: null, tags: [], status: 'archived', erasedAt: expect.any(String) });
    expect(value(await book.call('stats.get', {})).customerRevenue).toBe(revenue);
    expect(value(await book.call('notes.list', { customerId: ama.id }))).toEqual([]);
    expect(value(await book.call('consent.get', { customerId: ama.id })).history).toEqual([]);
    expect(value(await book.call('sales.list', { customerId: ama.id }))).toEqual([expect.objectContaining({ amount: 1250, note: null })]);
    expect(value(await book.call('customers.timeline', { id: ama.id })).map((e) => e.kind)).toEqual(['erased']);
    expect(await book.call('customers.erase', { id: ama.id, confirm: true })).toMatchObject({ ok: false, error: { code: 'conflict' } });
  });

  it('leaves every list, search and export, and suppresses the old email and phone', async () => {
    const { book, ama } = await shop(engine);
    value(await book.call('customers.erase', { id: ama.id, confirm: true }));
    for (const status of ['active', 'archived'] as const) expect(value(await book.call('customers.list', { status })).rows.map((r) => r.id)).not.toContain(ama.id);
    expect(value(await book.call('customers.search', { query: 'erased' }))).toEqual([]);
    expect(value(await book.call('exports.mailchimp', {})).csv).not.toContain('ama@');
    expect(value(await book.call('exports.customers', { format: 'json' })).content).not.toContain('Erased customer');
    const back = value(await book.call('customers.create', { firstName: 'Ama', email: 'ama@example.com' }));
    expect(await book.call('consent.set', { customerId: back.id, channel: 'email', status: 'subscribed', method: 'import', wording: 'imported from old.csv' })).toMatchObject({ ok: false, error: { code: 'conflict' } });
  });
});

describeEngines('data exports', (engine) => {
  it('exports all customers as CSV with history metrics, neutralising formula cells', async () => {
    const { book } = await shop(engine);
    const file = value(await book.call('exports.customers', {}));
    expect(file).toMatchObject({ format: 'csv', rows: 2 });
    const rows = Papa.parse<Record<string, string>>(file.content, { header: true, skipEmptyLines: true }).data;
    expect(rows[0]).toMatchObject({ 'First Name': 'Ama', Phone: '+233244123456', 'Total Spent (GHS)': '12.50', Purchases: '1', Frequency: 'one_time', 'Email Consent': 'subscribed' });
    expect(rows[1]['First Name']).toBe("'=cmd|calc");
  });

  it('exports all customers as JSON and all sales as CSV', async () => {
    const { book } = await shop(engine);
    const json = JSON.parse(value(await book.call('exports.customers', { format: 'json' })).content);
    expect(json[0]).toMatchObject({ firstName: 'Ama', history: { purchases: 1, totalSpent: 1250 } });
    const sales = Papa.parse<Record<string, string>>(value(await book.call('exports.sales', {})).content, { header: true, skipEmptyLines: true }).data;
    expect(sales.map((s) => [s.Customer, s['Amount (GHS)']])).toEqual([
      ['Ama Mensah', '12.50'],
      ["'=cmd|calc", '5.00'],
    ]);
  });

  it('answers an access request with everything held about one person', async () => {
    const { book, ama } = await shop(engine);
    const data = value(await book.call('exports.customer', { id: ama.id }));
    expect(data.customer).toMatchObject({ name: 'Ama Mensah', email: 'ama@example.com' });
    expect(data.history.totalSpent).toBe(1250);
    expect(data.notes.map((n) => n.text)).toEqual(['lives near the market']);
    expect(data.consent.email).toBe('subscribed');
    expect(data.sales).toHaveLength(1);
    expect(data.timeline.length).toBeGreaterThan(2);
    expect(data.preferences.customerId).toBe(ama.id);
  });
});
