import { describe, expect, it } from 'vitest';
import type { Core } from '../../../db/core';
import { coreAt, tempDatabase, value, ownerActor } from '../helpers';

const NOW = '2026-03-15T12:00:00.000Z';

/** Hand-built: the comment on each customer says which built-in segments they belong to. */
function shop() {
  const core = coreAt(tempDatabase(), NOW);
  const add = (firstName: string, extra: Record<string, unknown> = {}) =>
    value(core.call('customers.create', { firstName, createdAt: '2025-01-01T10:00:00Z', ...extra } as never)).id;
  const sell = (customerId: number, amount: number, occurredAt: string) => value(core.call('sales.record', { customerId, amount, occurredAt }));
  const ids = {
    // high_value (3 purchases, 1,500.00 >= 1,000.00), repeat, VIP
    ama: add('Ama', { type: 'vip', tags: ['Fabric'], source: 'instagram', email: 'ama@example.com' }),
    // repeat; last visit 2026-01-10, so no visit in 30+ days; birthday in March
    kofi: add('Kofi', { birthday: '03-20', source: 'referral' }),
    // new (created 2026-03-12); never purchased; wholesale
    esi: add('Esi', { type: 'wholesale', createdAt: '2026-03-12T10:00:00Z' }),
    // spent a lot but only twice: not high value; email subscriber
    yaw: add('Yaw', { email: 'yaw@example.com' }),
    // archived: counts nowhere
    old: add('Old', { type: 'vip' }),
  };
  for (const at of ['2026-03-01T10:00:00Z', '2026-02-01T10:00:00Z', '2025-12-01T10:00:00Z']) sell(ids.ama, 50_000, at);
  for (const at of ['2026-01-10T10:00:00Z', '2025-11-10T10:00:00Z']) sell(ids.kofi, 1_000, at);
  for (const at of ['2026-03-14T10:00:00Z', '2026-03-13T10:00:00Z']) sell(ids.yaw, 200_000, at);
  value(core.call('consent.set', { customerId: ids.yaw, channel: 'email', status: 'subscribed', method: 'paper_form', wording: 'Offers by email' }));
  value(core.call('customers.archive', { id: ids.old }));
  return { core, ids };
}

const members = (core: Core, segment: string) =>
  value(core.call('customers.list', { segment, limit: 100 })).rows.map((r) => r.firstName).sort();

describe('segments', () => {
  it('counts every built-in segment in SQL, active customers only', () => {
    const { core } = shop();
    const counts = Object.fromEntries(value(core.call('segments.list', {})).map((s) => [s.key, s.count]));
    expect(counts).toEqual({
      high_value: 1,
      new: 1,
      no_visit_30: 1,
      repeat: 3,
      never_purchased: 1,
      vip: 1,
      wholesale: 1,
      birthdays_this_month: 1,
      email_subscribers: 1,
    });
    expect(members(core, 'high_value')).toEqual(['Ama']);
    expect(members(core, 'No visit in 30+ days')).toEqual(['Kofi']);
    expect(members(core, 'repeat')).toEqual(['Ama', 'Kofi', 'Yaw']);
    expect(members(core, 'birthdays_this_month')).toEqual(['Kofi']);
    expect(members(core, 'new')).toEqual(['Esi']);
  });

  it('moves the high-value threshold with settings', () => {
    const { core } = shop();
    value(core.call('settings.update', { highValueThreshold: 200_000 }));
    expect(members(core, 'high_value')).toEqual([]);
    value(core.call('settings.update', { highValueThreshold: 1 }));
    expect(members(core, 'high_value')).toEqual(['Ama']); // Yaw has only 2 purchases
  });

  it('combines custom conditions with AND', async () => {
    const { core } = shop();
    const count = (conditions: Record<string, unknown>) => value(core.call('segments.count', { conditions } as never));
    expect(count({})).toBe(4);
    expect(count({ totalSpent: { min: 100_000 } })).toBe(2);
    expect(count({ totalSpent: { min: 100_000 }, purchases: { min: 3 } })).toBe(1);
    expect(count({ lastPurchaseWithinDays: 7 })).toBe(1); // Yaw
    expect(count({ lastPurchaseBefore: '2026-02-01T00:00:00Z' })).toBe(1); // Kofi
    expect(count({ lastPurchaseAfter: '2026-02-01T00:00:00Z' })).toBe(2);
    expect(count({ createdAfter: '2026-03-01T00:00:00Z' })).toBe(1);
    expect(count({ types: ['vip', 'wholesale'] })).toBe(2);
    expect(count({ tags: ['fabric'] })).toBe(1);
    expect(count({ source: 'Referral' })).toBe(1);
    expect(count({ tier: 'occasional' })).toBe(3); // 2 or 3 purchases in the last year
    expect(count({ tier: 'inactive' })).toBe(1);
    expect(count({ emailConsent: 'subscribed' })).toBe(1);
    expect(count({ emailConsent: 'not_asked', types: ['vip'] })).toBe(1);
    expect(count({ doNotContact: false })).toBe(4);
    expect(await core.handle('segments.count', { conditions: { totalSpent: { min: 5, max: 1 } } }, ownerActor)).toMatchObject({ ok: false, error: { code: 'validation' } });
    expect(await core.handle('segments.count', { conditions: { shoeSize: 9 } as never }, ownerActor)).toMatchObject({ ok: false, error: { code: 'validation' } });
  });

  it('saves a custom segment with a live count, opens it in the list, and refuses duplicate names', () => {
    const { core, ids } = shop();
    const saved = value(core.call('segments.save', { name: 'Big spenders', conditions: { totalSpent: { min: 100_000 } } }));
    expect(saved).toMatchObject({ key: expect.stringMatching(/^saved:\d+$/), count: 2, builtIn: false });
    expect(members(core, 'big spenders')).toEqual(['Ama', 'Yaw']);
    value(core.call('sales.record', { customerId: ids.kofi, amount: 200_000, occurredAt: '2026-03-14T11:00:00Z' }));
    expect(value(core.call('segments.list', {})).find((s) => s.name === 'Big spenders')?.count).toBe(3);
    expect(core.call('segments.save', { name: 'BIG SPENDERS', conditions: {} })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(core.call('segments.save', { name: 'VIP', conditions: {} })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(core.call('customers.list', { segment: 'nobody' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    value(core.call('segments.delete', { id: Number(saved.key.split(':')[1]) }));
    expect(core.call('customers.list', { segment: 'Big spenders' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('exports a segment to Mailchimp with its name among the tags', () => {
    const { core } = shop();
    const result = value(core.call('exports.mailchimp', { segment: 'repeat' }));
    expect(result.exported).toBe(1);
    expect(result.csv).toContain('yaw@example.com');
    expect(result.csv).toContain('Repeat customers');
    expect(value(core.call('exports.mailchimp', { segment: 'vip' })).exported).toBe(0); // Ama never gave consent
  });
});
