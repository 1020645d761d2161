import { expect, it } from 'vitest';
import { describeEngines, openTestBook } from '../../support/engines';
import { value } from '../helpers';

describeEngines('the dashboard', (engine) => {
  it("buckets customers and revenue by the shop's calendar months, with tiers, sources and the email opt-in rate", async () => {
    const book = await openTestBook(engine, {
      defaults: { currency: 'USD', phoneCountry: 'US', timeZone: 'America/New_York', locale: 'en-US' },
      now: () => new Date('2026-03-15T12:00:00Z'),
    });
    const add = async (firstName: string, createdAt: string, extra: Record<string, unknown> = {}) =>
      value(await book.call('customers.create', { firstName, createdAt, ...extra } as never)).id;
    // 2026-03-01T03:00Z is still 28 February in New York.
    const ama = await add('Ama', '2026-03-01T03:00:00Z', { source: 'instagram', email: 'ama@example.com' });
    const kofi = await add('Kofi', '2026-03-01T06:00:00Z', { source: 'Instagram', email: 'kofi@example.com' });
    const esi = await add('Esi', '2026-01-20T10:00:00Z', { source: 'referral', email: 'esi@example.com' });
    await add('Yaw', '2025-12-31T10:00:00Z'); // outside a 3-month window
    value(await book.call('sales.record', { customerId: ama, amount: 1000, occurredAt: '2026-03-01T04:59:00Z' })); // February, locally
    value(await book.call('sales.record', { customerId: ama, amount: 500, occurredAt: '2026-03-01T05:00:00Z' })); // the first minute of March
    value(await book.call('sales.record', { customerId: kofi, amount: 250, occurredAt: '2026-03-10T10:00:00Z' }));
    const voided = value(await book.call('sales.record', { customerId: kofi, amount: 9999, occurredAt: '2026-03-11T10:00:00Z' }));
    value(await book.call('sales.void', { id: voided.id, reason: 'test' }));
    for (const customerId of [ama, esi]) value(await book.call('consent.set', { customerId, channel: 'email', status: 'subscribed', method: 'paper_form', wording: 'offers' }));
    // Archived since, Esi still joined in January: the months count every customer who joined then.
    value(await book.call('customers.archive', { id: esi }));

    const dashboard = value(await book.call('stats.dashboard', { months: 3 }));
    expect(dashboard.newCustomersByMonth).toEqual([
      { month: '2026-01', value: 1 },
      { month: '2026-02', value: 1 },
      { month: '2026-03', value: 1 },
    ]);
    expect(dashboard.revenueByMonth).toEqual([
      { month: '2026-01', value: 0 },
      { month: '2026-02', value: 1000 },
      { month: '2026-03', value: 750 },
    ]);
    // Tiers, sources and the opt-in rate are of the active customers: Esi is in none.
    expect(dashboard.customersByTier).toEqual({ inactive: 1, one_time: 1, occasional: 1, regular: 0, frequent: 0 });
    expect(dashboard.bySource).toEqual([
      { source: 'Instagram', customers: 2, revenue: 1750, repeatRate: 0.5 },
      { source: null, customers: 1, revenue: 0, repeatRate: 0 },
    ]);
    expect(dashboard.stats.emailOptInRate).toBe(0.5);
    expect(dashboard.stats.customerRevenue).toBe(1750);
  });
});
