import { expect, it } from 'vitest';
import { describeEngines, openTestBook, type Engine, type TestBook } from '../../support/engines';
import { value } from '../helpers';

/**
 * One shop, hand-computed. The clock is 2026-03-15T12:00:00Z and the shop is in New York,
 * where March began at 2026-03-01T05:00:00Z (EST, before the DST change on the 8th).
 * The 365-day window starts 2025-03-15T12:00:00Z; 90 days back is 2025-12-15T12:00:00Z.
 */
const NOW = '2026-03-15T12:00:00.000Z';

const newYork = { currency: 'USD', phoneCountry: 'US', timeZone: 'America/New_York', locale: 'en-US' };

async function seedShop(engine: Engine) {
  const core = await openTestBook(engine, { now: () => new Date(NOW), defaults: newYork });
  const customer = async (firstName: string, createdAt: string) => value(await core.call('customers.create', { firstName, createdAt })).id;
  const sale = async (customerId: number, amount: number, occurredAt: string, items = 1) =>
    value(await core.call('sales.record', { customerId, amount, occurredAt, items })).id;

  const ama = await customer('Ama', '2025-01-10T09:00:00Z');
  await sale(ama, 1000, '2026-03-10T18:00:00Z', 2);
  await sale(ama, 2001, '2026-02-01T10:00:00Z');
  await sale(ama, 500, '2025-01-20T10:00:00Z'); // older than 365 days: counts for totals, not for the tier
  const amaVoided = await sale(ama, 9999, '2026-03-12T10:00:00Z', 5);
  value(await core.call('sales.void', { id: amaVoided, reason: 'rang up twice' }));

  const kofi = await customer('Kofi', '2026-03-01T03:00:00Z'); // 28 February in New York
  await sale(kofi, 600, '2026-03-14T12:00:00Z');
  await sale(kofi, 401, '2026-03-13T10:00:00Z');

  const esi = await customer('Esi', '2026-03-10T10:00:00Z');

  const yaw = await customer('Yaw', '2026-02-20T10:00:00Z');
  await sale(yaw, 700, '2026-03-05T10:00:00Z');
  // Emails for the opt-in rate: Ama subscribed, Kofi not asked; Yaw subscribed, then archived.
  for (const [id, email] of [[ama, 'ama@example.com'], [kofi, 'kofi@example.com'], [yaw, 'yaw@example.com']] as const) {
    value(await core.call('customers.update', { id, patch: { email } }));
  }
  for (const customerId of [ama, yaw]) {
    value(await core.call('consent.set', { customerId, channel: 'email', status: 'subscribed', method: 'paper_form', wording: 'Offers by email' }));
  }
  value(await core.call('customers.archive', { id: yaw }));

  const efua = await customer('Efua', '2025-03-01T10:00:00Z');
  for (let month = 0; month < 12; month++) {
    const at = new Date(Date.UTC(2025, 3 + month, 1, 10)).toISOString(); // 2025-04-01 … 2026-03-01
    await sale(efua, 100, at);
  }

  const fiifi = await customer('Fiifi', '2024-11-01T10:00:00Z');
  await sale(fiifi, 100, '2025-03-15T11:00:00Z'); // an hour before the 365-day window opens
  await sale(fiifi, 100, '2025-06-10T10:00:00Z');
  await sale(fiifi, 100, '2025-08-10T10:00:00Z');
  await sale(fiifi, 100, '2025-10-10T10:00:00Z');

  const gifty = await customer('Gifty', '2026-03-01T06:00:00Z'); // 1 March, 01:00 in New York

  const hannah = await customer('Hannah', '2026-02-01T10:00:00Z');
  await sale(hannah, 250, '2026-03-14T00:00:00Z');

  const isaac = await customer('Isaac', '2026-01-01T10:00:00Z');
  const isaacOnly = await sale(isaac, 300, '2026-03-01T12:00:00Z');
  value(await core.call('sales.void', { id: isaacOnly, reason: 'wrong customer' }));

  return { core, ids: { ama, kofi, esi, yaw, efua, fiifi, gifty, hannah, isaac } };
}

const history = async (core: Pick<TestBook, 'call'>, id: number) => value(await core.call('customers.get', { id })).history;

describeEngines('per-customer history', (engine) => {
  it('matches the hand-computed numbers, voids excluded', async () => {
    const { core, ids } = await seedShop(engine);
    expect(await history(core, ids.ama)).toEqual({
      purchases: 3,
      totalSpent: 3501,
      itemsBought: 4,
      averageSale: 1167,
      firstPurchaseAt: '2025-01-20T10:00:00.000Z',
      lastPurchaseAt: '2026-03-10T18:00:00.000Z',
      daysSinceLastPurchase: 4, // 4 days 18 hours, floored
      isRepeat: true,
      frequency: 'occasional', // 2 purchases in the last 365 days
      lifetimeValue: 3501,
      importedPurchases: 0,
      importedSpent: 0,
    });
    expect(await history(core, ids.kofi)).toMatchObject({ purchases: 2, totalSpent: 1001, averageSale: 501, daysSinceLastPurchase: 1, isRepeat: true });
    expect(await history(core, ids.esi)).toEqual({
      purchases: 0,
      totalSpent: 0,
      itemsBought: 0,
      averageSale: 0,
      firstPurchaseAt: null,
      lastPurchaseAt: null,
      daysSinceLastPurchase: null,
      isRepeat: false,
      frequency: 'inactive',
      lifetimeValue: 0,
      importedPurchases: 0,
      importedSpent: 0,
    });
    expect(await history(core, ids.hannah)).toMatchObject({ purchases: 1, isRepeat: false, frequency: 'one_time', daysSinceLastPurchase: 1 });
    expect(await history(core, ids.isaac)).toMatchObject({ purchases: 0, totalSpent: 0, lastPurchaseAt: null, frequency: 'inactive' });
  });

  it('rounds the average sale half-up to the minor unit', async () => {
    const { core, ids } = await seedShop(engine);
    expect((await history(core, ids.kofi)).averageSale).toBe(501); // 1001 / 2 = 500.5
    const extra = value(await core.call('customers.create', { firstName: 'Round' })).id;
    for (const amount of [100, 100, 101]) value(await core.call('sales.record', { customerId: extra, amount, occurredAt: '2026-03-01T10:00:00Z' }));
    expect((await history(core, extra)).averageSale).toBe(100); // 301 / 3 = 100.33
    value(await core.call('sales.record', { customerId: extra, amount: 1, occurredAt: '2026-03-01T10:00:00Z' }));
    expect((await history(core, extra)).averageSale).toBe(76); // 302 / 4 = 75.5
  });

  it('sorts every tier boundary: 0, 1, 2–3, 4–11, 12+ purchases in 365 days', async () => {
    const { core, ids } = await seedShop(engine);
    expect((await history(core, ids.efua)).frequency).toBe('frequent'); // 12
    expect((await history(core, ids.fiifi)).frequency).toBe('occasional'); // 3: the sale an hour before the window is out
    expect((await history(core, ids.fiifi)).purchases).toBe(4);
    const tier = value(await core.call('customers.create', { firstName: 'Tier' })).id;
    const expected = ['one_time', 'occasional', 'occasional', 'regular'];
    for (const [i, frequency] of expected.entries()) {
      value(await core.call('sales.record', { customerId: tier, amount: 100, occurredAt: `2026-01-0${i + 1}T10:00:00Z` }));
      expect((await history(core, tier)).frequency).toBe(frequency);
    }
    for (let i = 5; i <= 11; i++) value(await core.call('sales.record', { customerId: tier, amount: 100, occurredAt: `2026-02-${String(i).padStart(2, '0')}T10:00:00Z` }));
    expect((await history(core, tier)).frequency).toBe('regular'); // 11
    value(await core.call('sales.record', { customerId: tier, amount: 100, occurredAt: '2026-02-20T10:00:00Z' }));
    expect((await history(core, tier)).frequency).toBe('frequent'); // 12
  });

  it('moves tiers as days pass, with no new sale', async () => {
    const { core, ids } = await seedShop(engine);
    const coreAt = (at: string) => core.reopen({ now: () => new Date(at) });
    expect((await history(await coreAt('2026-06-01T00:00:00Z'), ids.ama)).frequency).toBe('occasional');
    expect((await history(await coreAt('2027-02-05T00:00:00Z'), ids.ama)).frequency).toBe('one_time'); // 2026-02-01 has left the window
    expect(await history(await coreAt('2027-04-01T00:00:00Z'), ids.ama)).toMatchObject({ frequency: 'inactive', purchases: 3, daysSinceLastPurchase: 386 });
    const later = await coreAt('2027-04-01T00:00:00Z');
    const inactive = value(await later.call('customers.list', { tier: 'inactive', limit: 50 }));
    expect(inactive.rows.map((r) => r.firstName)).toContain('Ama');
  });

  it('keeps aggregates exact through a void of the first and the last sale', async () => {
    const { core, ids } = await seedShop(engine);
    const sales = value(await core.call('sales.list', { customerId: ids.ama }));
    const newest = sales.find((s) => s.occurredAt === '2026-03-10T18:00:00.000Z')!;
    const oldest = sales.find((s) => s.occurredAt === '2025-01-20T10:00:00.000Z')!;
    value(await core.call('sales.void', { id: newest.id, reason: 'returned' }));
    value(await core.call('sales.void', { id: oldest.id, reason: 'test' }));
    expect(await history(core, ids.ama)).toMatchObject({
      purchases: 1,
      totalSpent: 2001,
      itemsBought: 1,
      firstPurchaseAt: '2026-02-01T10:00:00.000Z',
      lastPurchaseAt: '2026-02-01T10:00:00.000Z',
      isRepeat: false,
    });
    const again = await core.call('sales.void', { id: newest.id, reason: 'twice' });
    expect(again.ok || again.error.code).toBe('conflict');
  });

  it('lists the repeat customers, archived ones left out', async () => {
    const { core } = await seedShop(engine);
    const page = value(await core.call('customers.repeat', {}));
    expect(page.rows.map((r) => r.firstName)).toEqual(['Efua', 'Fiifi', 'Ama', 'Kofi']);
    expect(page.total).toBe(4);
  });
});

describeEngines('stats', (engine) => {
  it('matches the hand-computed definitions', async () => {
    const { core } = await seedShop(engine);
    expect(value(await core.call('stats.get', {}))).toEqual({
      totalCustomers: 8, // everyone but Yaw (archived)
      activeCustomers: 4, // Ama, Kofi, Efua, Hannah bought since 2025-12-15
      newLast7Days: 1, // Esi
      newThisMonth: 2, // Esi and Gifty; Kofi joined on 28 February, New York time
      purchasingCustomers: 5, // Ama, Kofi, Efua, Fiifi, Hannah (Isaac's only sale was voided)
      repeatCustomers: 4, // all but Hannah
      repeatRate: 0.8,
      customerRevenue: 7052, // 3501 + 1001 + 700 (archived Yaw) + 1200 + 400 + 250
      revenueThisMonth: 3051, // 1000 + 600 + 401 + 700 + 100 + 250
      averageLifetimeValue: 1270, // 6352 / 5 = 1270.4
      emailOptInRate: 0.5, // Ama of Ama and Kofi (archived Yaw is not counted)
    });
  });

  it('is all zeros for an empty shop', async () => {
    const core = await openTestBook(engine, { now: () => new Date(NOW), defaults: newYork });
    expect(value(await core.call('stats.get', {}))).toEqual({
      totalCustomers: 0,
      activeCustomers: 0,
      newLast7Days: 0,
      newThisMonth: 0,
      purchasingCustomers: 0,
      repeatCustomers: 0,
      repeatRate: 0,
      customerRevenue: 0,
      revenueThisMonth: 0,
      averageLifetimeValue: 0,
      emailOptInRate: 0,
    });
  });
});
