import { expect, it } from 'vitest';
import { describeEngines, openTestBook, type Engine, type TestBook } from '../../support/engines';
import { value, ownerActor } from '../helpers';

const NOW = '2026-03-15T12:00:00.000Z';

/** Hand-built: the comment on each customer says which built-in segments they belong to. */
async function shop(engine: Engine) {
  const book = await openTestBook(engine, { now: () => new Date(NOW) });
  const add = async (firstName: string, extra: Record<string, unknown> = {}) =>
    value(await book.call('customers.create', { firstName, createdAt: '2025-01-01T10:00:00Z', ...extra } as never)).id;
  const sell = async (customerId: number, amount: number, occurredAt: string) => value(await book.call('sales.record', { customerId, amount, occurredAt }));
  const ids = {
    // high_value (3 purchases, 1,500.00 >= 1,000.00), repeat, VIP
    ama: await add('Ama', { type: 'vip', tags: ['Fabric'], source: 'instagram', email: 'ama@example.com' }),
    // repeat; last visit 2026-01-10, so no visit in 30+ days; birthday in March
    kofi: await add('Kofi', { birthday: '03-20', source: 'referral' }),
    // new (created 2026-03-12); never purchased; wholesale
    esi: await add('Esi', { type: 'wholesale', createdAt: '2026-03-12T10:00:00Z' }),
    // spent a lot but only twice: not high value; email subscriber
    yaw: await add('Yaw', { email: 'yaw@example.com' }),
    // archived: counts nowhere
    old: await add('Old', { type: 'vip' }),
  };
  for (const at of ['2026-03-01T10:00:00Z', '2026-02-01T10:00:00Z', '2025-12-01T10:00:00Z']) await sell(ids.ama, 50_000, at);
  for (const at of ['2026-01-10T10:00:00Z', '2025-11-10T10:00:00Z']) await sell(ids.kofi, 1_000, at);
  for (const at of ['2026-03-14T10:00:00Z', '2026-03-13T10:00:00Z']) await sell(ids.yaw, 200_000, at);
  value(await book.call('consent.set', { customerId: ids.yaw, channel: 'email', status: 'subscribed', method: 'paper_form', wording: 'Offers by email' }));
  value(await book.call('customers.archive', { id: ids.old }));
  return { book, ids };
}

const members = async (book: TestBook, segment: string) =>
  value(await book.call('customers.list', { segment, limit: 100 })).rows.map((r) => r.firstName).sort();

describeEngines('segments', (engine) => {
  it('counts every built-in segment in SQL, active customers only', async () => {
    const { book } = await shop(engine);
    const counts = Object.fromEntries(value(await book.call('segments.list', {})).map((s) => [s.key, s.count]));
    expect(counts).toEqual({
      high_value: 1,
      new: 1,
      no_visit_30: 1,
      repeat: 3,
      never_purchased: 1,
      vip: 1,
      wholesale: 1,
      birthdays_this_month: 1,
      // Kofi's birthday is 20 March, five days on; nobody first bought in a 15–21 March.
      birthdays_next_7: 1,
      anniversary_this_week: 0,
      email_subscribers: 1,
    });
    expect(await members(book, 'high_value')).toEqual(['Ama']);
    expect(await members(book, 'No visit in 30+ days')).toEqual(['Kofi']);
    expect(await members(book, 'repeat')).toEqual(['Ama', 'Kofi', 'Yaw']);
    expect(await members(book, 'birthdays_this_month')).toEqual(['Kofi']);
    expect(await members(book, 'birthdays_next_7')).toEqual(['Kofi']);
    expect(await members(book, 'new')).toEqual(['Esi']);
  });

  it('moves the high-value threshold with settings', async () => {
    const { book } = await shop(engine);
    value(await book.call('settings.update', { highValueThreshold: 200_000 }));
    expect(await members(book, 'high_value')).toEqual([]);
    value(await book.call('settings.update', { highValueThreshold: 1 }));
    expect(await members(book, 'high_value')).toEqual(['Ama']); // Yaw has only 2 purchases
  });

  it('combines custom conditions with AND', async () => {
    const { book } = await shop(engine);
    const count = async (conditions: Record<string, unknown>) => value(await book.call('segments.count', { conditions } as never));
    expect(await count({})).toBe(4);
    expect(await count({ totalSpent: { min: 100_000 } })).toBe(2);
    expect(await count({ totalSpent: { min: 100_000 }, purchases: { min: 3 } })).toBe(1);
    expect(await count({ lastPurchaseWithinDays: 7 })).toBe(1); // Yaw
    expect(await count({ lastPurchaseBefore: '2026-02-01T00:00:00Z' })).toBe(1); // Kofi
    expect(await count({ lastPurchaseAfter: '2026-02-01T00:00:00Z' })).toBe(2);
    expect(await count({ createdAfter: '2026-03-01T00:00:00Z' })).toBe(1);
    expect(await count({ types: ['vip', 'wholesale'] })).toBe(2);
    expect(await count({ tags: ['fabric'] })).toBe(1);
    expect(await count({ source: 'Referral' })).toBe(1);
    expect(await count({ tier: 'occasional' })).toBe(3); // 2 or 3 purchases in the last year
    expect(await count({ tier: 'inactive' })).toBe(1);
    expect(await count({ emailConsent: 'subscribed' })).toBe(1);
    expect(await count({ emailConsent: 'not_asked', types: ['vip'] })).toBe(1);
    expect(await count({ doNotContact: false })).toBe(4);
    expect(await book.core.handle('segments.count', { conditions: { totalSpent: { min: 5, max: 1 } } }, ownerActor)).toMatchObject({ ok: false, error: { code: 'validation' } });
    expect(await book.core.handle('segments.count', { conditions: { shoeSize: 9 } as never }, ownerActor)).toMatchObject({ ok: false, error: { code: 'validation' } });
  });

  it('saves a custom segment with a live count, opens it in the list, and refuses duplicate names', async () => {
    const { book, ids } = await shop(engine);
    const saved = value(await book.call('segments.save', { name: 'Big spenders', conditions: { totalSpent: { min: 100_000 } } }));
    expect(saved).toMatchObject({ key: expect.stringMatching(/^saved:\d+$/), count: 2, builtIn: false });
    expect(await members(book, 'big spenders')).toEqual(['Ama', 'Yaw']);
    value(await book.call('sales.record', { customerId: ids.kofi, amount: 200_000, occurredAt: '2026-03-14T11:00:00Z' }));
    expect(value(await book.call('segments.list', {})).find((s) => s.name === 'Big spenders')?.count).toBe(3);
    expect(await book.call('segments.save', { name: 'BIG SPENDERS', conditions: {} })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(await book.call('segments.save', { name: 'VIP', conditions: {} })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(await book.call('customers.list', { segment: 'nobody' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    value(await book.call('segments.delete', { id: Number(saved.key.split(':')[1]) }));
    expect(await book.call('customers.list', { segment: 'Big spenders' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('exports a segment to Mailchimp with its name among the tags', async () => {
    const { book } = await shop(engine);
    const result = value(await book.call('exports.mailchimp', { segment: 'repeat' }));
    expect(result.exported).toBe(1);
    expect(result.csv).toContain('yaw@example.com');
    expect(result.csv).toContain('Repeat customers');
    expect(value(await book.call('exports.mailchimp', { segment: 'vip' })).exported).toBe(0); // Ama never gave consent
  });
});
