import { describe, expect, it } from 'vitest';
import { createCore } from '../../../db/core';
import { tempDatabase, value } from '../helpers';

function twoRecordsOfOnePerson() {
  const db = tempDatabase();
  const core = createCore(db);
  const keep = value(core.call('customers.create', { firstName: 'Ama', lastName: 'Mensah', phone: '024 412 3456', tags: ['fabric'] }));
  const other = value(core.call('customers.create', { firstName: 'Ama', lastName: 'Mensah', email: 'ama@example.com', address: '12 Oxford St', tags: ['vip-list'] }));
  for (const amount of [1000, 2550]) value(core.call('sales.record', { customerId: keep.id, amount, occurredAt: '2026-01-10T10:00:00Z' }));
  for (const amount of [700, 300]) value(core.call('sales.record', { customerId: other.id, amount, items: 2, occurredAt: '2026-02-10T10:00:00Z' }));
  const voided = value(core.call('sales.record', { customerId: other.id, amount: 9999, occurredAt: '2025-06-01T10:00:00Z' }));
  value(core.call('sales.void', { id: voided.id, reason: 'wrong' }));
  value(core.call('notes.add', { customerId: keep.id, type: 'preference', text: 'prefers size M' }));
  value(core.call('notes.add', { customerId: other.id, type: 'issue', text: 'late delivery' }));
  value(core.call('preferences.update', { customerId: other.id, patch: { favoriteProducts: ['kente'], doNotContact: true } }));
  return { db, core, keep, other };
}

describe('merging two customers', () => {
  it('moves every sale, note and event to the survivor and recomputes its aggregates exactly', () => {
    const { core, keep, other } = twoRecordsOfOnePerson();
    const before = [keep.id, other.id].map((id) => value(core.call('customers.get', { id })).history);
    const notesBefore = [keep.id, other.id].flatMap((id) => value(core.call('notes.list', { customerId: id })).map((n) => n.id));
    const merged = value(core.call('customers.merge', { keepId: keep.id, otherId: other.id }));

    expect(merged.history.purchases).toBe(before[0].purchases + before[1].purchases);
    expect(merged.history.totalSpent).toBe(before[0].totalSpent + before[1].totalSpent);
    expect(merged.history).toMatchObject({
      purchases: 4,
      totalSpent: 4550,
      itemsBought: 6,
      firstPurchaseAt: '2026-01-10T10:00:00.000Z',
      lastPurchaseAt: '2026-02-10T10:00:00.000Z',
      averageSale: 1138, // 4550 / 4 = 1137.5
    });
    const sales = value(core.call('sales.list', { customerId: keep.id }));
    expect(sales).toHaveLength(5); // the voided sale moves too, still voided
    expect(sales.filter((s) => s.voidedAt)).toHaveLength(1);
    expect(value(core.call('notes.list', { customerId: keep.id })).map((n) => n.id).sort()).toEqual(notesBefore.sort());
    const timeline = value(core.call('customers.timeline', { id: keep.id }));
    expect(timeline[0]).toMatchObject({ kind: 'merged', data: { otherId: other.id, otherName: 'Ama Mensah' } });
    expect(timeline.filter((e) => e.kind === 'created')).toHaveLength(2);
  });

  it('fills the survivor gaps from the other record, pools tags and favourites, and lets do-not-contact win', () => {
    const { core, keep, other } = twoRecordsOfOnePerson();
    const merged = value(core.call('customers.merge', { keepId: keep.id, otherId: other.id }));
    expect(merged).toMatchObject({ phone: '024 412 3456', phoneE164: '+233244123456', email: 'ama@example.com', address: '12 Oxford St' });
    expect(merged.tags).toEqual(['fabric', 'vip-list']);
    expect(value(core.call('preferences.get', { customerId: keep.id }))).toMatchObject({ favoriteProducts: ['kente'], doNotContact: true });
  });

  it('takes the chosen value for each field', () => {
    const { core, keep, other } = twoRecordsOfOnePerson();
    value(core.call('customers.update', { id: other.id, patch: { firstName: 'Amma', phone: '020 123 4567' } }));
    const merged = value(core.call('customers.merge', { keepId: keep.id, otherId: other.id, take: { firstName: 'other', phone: 'other', tags: 'keep' } }));
    expect(merged).toMatchObject({ firstName: 'Amma', phone: '020 123 4567', phoneE164: '+233201234567', tags: ['fabric'] });
    expect(value(core.call('customers.resolve', { ref: '0201234567' })).id).toBe(keep.id);
  });

  it('archives the other record, marks it merged, and refuses to merge it again', () => {
    const { core, keep, other } = twoRecordsOfOnePerson();
    value(core.call('customers.merge', { keepId: keep.id, otherId: other.id }));
    const gone = value(core.call('customers.get', { id: other.id }));
    expect(gone).toMatchObject({ status: 'archived', mergedInto: keep.id, email: null, phone: null });
    expect(gone.history.purchases).toBe(0);
    const third = value(core.call('customers.create', { firstName: 'Esi' }));
    for (const [keepId, otherId] of [[keep.id, other.id], [third.id, other.id], [other.id, third.id]]) {
      const again = core.call('customers.merge', { keepId, otherId });
      expect(again.ok ? null : again.error.code).toBe('conflict');
    }
    expect(core.call('customers.merge', { keepId: keep.id, otherId: keep.id })).toMatchObject({ ok: false, error: { code: 'validation' } });
    expect(core.call('customers.merge', { keepId: keep.id, otherId: 999 })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('loses nothing: totals across the shop are unchanged', () => {
    const { core, keep, other } = twoRecordsOfOnePerson();
    const stats = value(core.call('stats.get', {}));
    value(core.call('customers.merge', { keepId: keep.id, otherId: other.id }));
    const after = value(core.call('stats.get', {}));
    expect(after.customerRevenue).toBe(stats.customerRevenue);
    expect(after.totalCustomers).toBe(stats.totalCustomers - 1);
  });
});

describe('possible duplicates', () => {
  it('pairs the same email ignoring dots and +tags, the same subscriber number, and the same name with a similar phone', () => {
    const core = createCore(tempDatabase());
    const id = (input: Parameters<typeof core.call<'customers.create'>>[1]) => value(core.call('customers.create', input)).id;
    const ama1 = id({ firstName: 'Ama', lastName: 'Mensah', email: 'ama.mensah@gmail.com' });
    const ama2 = id({ firstName: 'Ama', lastName: 'Mensah', email: 'amamensah+shop@gmail.com' });
    const kofi1 = id({ firstName: 'Kofi', phone: '024 412 3456' });
    const kofi2 = id({ firstName: 'Kwame', phone: '+44 20 7244 1234' }); // different number entirely
    const esi1 = id({ firstName: 'Ésí', lastName: 'Boateng', phone: '020 123 4567' });
    const esi2 = id({ firstName: 'Esi', lastName: 'boateng', phone: '+44 20 7123 4567' }); // same name, last 7 digits agree
    id({ firstName: 'Yaw', email: 'yaw@example.com' });
    const pairs = value(core.call('customers.duplicates', {}));
    const found = pairs.map((p) => [p.a.id, p.b.id, p.reasons.sort()]);
    expect(found).toContainEqual([ama1, ama2, ['same_email']]);
    expect(found).toContainEqual([esi1, esi2, ['same_name_similar_phone']]);
    expect(found.some(([a, b]) => [a, b].includes(kofi1) && [a, b].includes(kofi2))).toBe(false);
    expect(pairs).toHaveLength(2);

    value(core.call('customers.merge', { keepId: ama1, otherId: ama2 }));
    expect(value(core.call('customers.duplicates', {}))).toHaveLength(1);
  });

  it('pairs a phone kept only as typed (an old import) with the same number normalised', () => {
    const db = tempDatabase();
    const core = createCore(db);
    const kojo = value(core.call('customers.create', { firstName: 'Kojo', phone: '024 412 3456' })).id;
    const now = new Date().toISOString();
    const { lastInsertRowid } = db.sqlite
      .prepare("INSERT INTO customers (first_name, phone, created_at, updated_at) VALUES ('K. Owusu', '(0244) 123-456', ?, ?)")
      .run(now, now);
    const pairs = value(core.call('customers.duplicates', {}));
    expect(pairs.map((p) => [p.a.id, p.b.id, p.reasons])).toEqual([[kojo, Number(lastInsertRowid), ['same_phone']]]);
  });
});
