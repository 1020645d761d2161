import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { createCore } from '../../../db/core';
import { tempDatabase, value } from '../helpers';

function shop() {
  const core = createCore(tempDatabase());
  const ama = value(core.call('customers.create', { firstName: 'Ama', lastName: 'Mensah', phone: '024 412 3456', email: 'ama@example.com', address: '12 Oxford St', birthday: '07-04', tags: ['fabric'] }));
  const kofi = value(core.call('customers.create', { firstName: '=cmd|calc', email: 'kofi@example.com' }));
  value(core.call('sales.record', { customerId: ama.id, amount: 1250, note: 'for Ama’s sister' }));
  value(core.call('sales.record', { customerId: kofi.id, amount: 500 }));
  value(core.call('notes.add', { customerId: ama.id, type: 'personal', text: 'lives near the market' }));
  value(core.call('consent.set', { customerId: ama.id, channel: 'email', status: 'subscribed', method: 'paper_form', wording: 'offers' }));
  return { core, ama, kofi };
}

describe('erasure', () => {
  it('removes personal details, notes and consent records, keeps anonymised sales so revenue stays exact', () => {
    const { core, ama } = shop();
    const revenue = value(core.call('stats.get', {})).customerRevenue;
    expect(core.call('customers.erase', { id: ama.id } as never)).toMatchObject({ ok: false, error: { code: 'validation' } });
    const erased = value(core.call('customers.erase', { id: ama.id, confirm: true }));
    expect(erased).toMatchObject({ name: 'Erased customer', lastName: null, phone: null, phoneE164: null, email: null, address: null, birthday: null, tags: [], status: 'archived', erasedAt: expect.any(String) });
    expect(value(core.call('stats.get', {})).customerRevenue).toBe(revenue);
    expect(value(core.call('notes.list', { customerId: ama.id }))).toEqual([]);
    expect(value(core.call('consent.get', { customerId: ama.id })).history).toEqual([]);
    expect(value(core.call('sales.list', { customerId: ama.id }))).toEqual([expect.objectContaining({ amount: 1250, note: null })]);
    expect(value(core.call('customers.timeline', { id: ama.id })).map((e) => e.kind)).toEqual(['erased']);
    expect(core.call('customers.erase', { id: ama.id, confirm: true })).toMatchObject({ ok: false, error: { code: 'conflict' } });
  });

  it('leaves every list, search and export, and suppresses the old email and phone', () => {
    const { core, ama } = shop();
    value(core.call('customers.erase', { id: ama.id, confirm: true }));
    for (const status of ['active', 'archived'] as const) expect(value(core.call('customers.list', { status })).rows.map((r) => r.id)).not.toContain(ama.id);
    expect(value(core.call('customers.search', { query: 'erased' }))).toEqual([]);
    expect(value(core.call('exports.mailchimp', {})).csv).not.toContain('ama@');
    expect(value(core.call('exports.customers', { format: 'json' })).content).not.toContain('Erased customer');
    const back = value(core.call('customers.create', { firstName: 'Ama', email: 'ama@example.com' }));
    expect(core.call('consent.set', { customerId: back.id, channel: 'email', status: 'subscribed', method: 'import', wording: 'imported from old.csv' })).toMatchObject({ ok: false, error: { code: 'conflict' } });
  });
});

describe('data exports', () => {
  it('exports all customers as CSV with history metrics, neutralising formula cells', () => {
    const { core } = shop();
    const file = value(core.call('exports.customers', {}));
    expect(file).toMatchObject({ format: 'csv', rows: 2 });
    const rows = Papa.parse<Record<string, string>>(file.content, { header: true, skipEmptyLines: true }).data;
    expect(rows[0]).toMatchObject({ 'First Name': 'Ama', Phone: '+233244123456', 'Total Spent (GHS)': '12.50', Purchases: '1', Frequency: 'one_time', 'Email Consent': 'subscribed' });
    expect(rows[1]['First Name']).toBe("'=cmd|calc");
  });

  it('exports all customers as JSON and all sales as CSV', () => {
    const { core } = shop();
    const json = JSON.parse(value(core.call('exports.customers', { format: 'json' })).content);
    expect(json[0]).toMatchObject({ firstName: 'Ama', history: { purchases: 1, totalSpent: 1250 } });
    const sales = Papa.parse<Record<string, string>>(value(core.call('exports.sales', {})).content, { header: true, skipEmptyLines: true }).data;
    expect(sales.map((s) => [s.Customer, s['Amount (GHS)']])).toEqual([
      ['Ama Mensah', '12.50'],
      ["'=cmd|calc", '5.00'],
    ]);
  });

  it('answers an access request with everything held about one person', () => {
    const { core, ama } = shop();
    const data = value(core.call('exports.customer', { id: ama.id }));
    expect(data.customer).toMatchObject({ name: 'Ama Mensah', email: 'ama@example.com' });
    expect(data.history.totalSpent).toBe(1250);
    expect(data.notes.map((n) => n.text)).toEqual(['lives near the market']);
    expect(data.consent.email).toBe('subscribed');
    expect(data.sales).toHaveLength(1);
    expect(data.timeline.length).toBeGreaterThan(2);
    expect(data.preferences.customerId).toBe(ama.id);
  });
});
