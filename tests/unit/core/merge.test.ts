import { expect, it } from 'vitest';
import { describeEngines, openTestBook, type Engine } from '../../support/engines';
import { value } from '../helpers';

async function twoRecordsOfOnePerson(engine: Engine) {
  const book = await openTestBook(engine);
  const keep = value(await book.call('customers.create', { firstName: 'Ama', lastName: 'Mensah', phone: '024 412 3456', tags: ['fabric'] }));
  const other = value(await book.call('customers.create', { firstName: 'Ama', lastName: 'Mensah', email: 'ama@example.com', address: '12 Oxford St', tags: ['vip-list'] }));
  for (const amount of [1000, 2550]) value(await book.call('sales.record', { customerId: keep.id, amount, occurredAt: '2026-01-10T10:00:00Z' }));
  for (const amount of [700, 300]) value(await book.call('sales.record', { customerId: other.id, amount, items: 2, occurredAt: '2026-02-10T10:00:00Z' }));
  const voided = value(await book.call('sales.record', { customerId: other.id, amount: 9999, occurredAt: '2025-06-01T10:00:00Z' }));
  value(await book.call('sales.void', { id: voided.id, reason: 'wrong' }));
  value(await book.call('notes.add', { customerId: keep.id, type: 'preference', text: 'prefers size M' }));
  value(await book.call('notes.add', { customerId: other.id, type: 'issue', text: 'late delivery' }));
  value(await book.call('preferences.update', { customerId: other.id, patch: { favoriteProducts: ['kente'], doNotContact: true } }));
  return { book, keep, other };
}

describeEngines('merging two customers', (engine) => {
  it('moves every sale, note and event to the survivor and recomputes its aggregates exactly', async () => {
    const { book, keep, other } = await twoRecordsOfOnePerson(engine);
    const before = [value(await book.call('customers.get', { id: keep.id })).history, value(await book.call('customers.get', { id: other.id })).history];
    const notesBefore: number[] = [];
    for (const id of [keep.id, other.id]) notesBefore.push(...value(await book.call('notes.list', { customerId: id })).map((n) => n.id));
    const merged = value(await book.call('customers.merge', { keepId: keep.id, otherId: other.id }));

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
    const sales = value(await book.call('sales.list', { customerId: keep.id }));
    expect(sales).toHaveLength(5); // the voided sale moves too, still voided
    expect(sales.filter((s) => s.voidedAt)).toHaveLength(1);
    expect(value(await book.call('notes.list', { customerId: keep.id })).map((n) => n.id).sort()).toEqual(notesBefore.sort());
    const timeline = value(await book.call('customers.timeline', { id: keep.id }));
    expect(timeline[0]).toMatchObject({ kind: 'merged', data: { otherId: other.id, otherName: 'Ama Mensah' } });
    expect(timeline.filter((e) => e.kind === 'created')).toHaveLength(2);
  });

  it('fills the survivor gaps from the other record, pools tags and favourites, and lets do-not-contact win', async () => {
    const { book, keep, other } = await twoRecordsOfOnePerson(engine);
    const merged = value(await book.call('customers.merge', { keepId: keep.id, otherId: other.id }));
    expect(merged).toMatchObject({ phone: '024 412 3456', phoneE164: '+233244123456', email: 'ama@example.com', address: '12 Oxford St' });
    expect(merged.tags).toEqual(['fabric', 'vip-list']);
    expect(value(await book.call('preferences.get', { customerId: keep.id }))).toMatchObject({ favoriteProducts: ['kente'], doNotContact: true });
  });

  it('takes the chosen value for each field', async () => {
    const { book, keep, other } = await twoRecordsOfOnePerson(engine);
    value(await book.call('customers.update', { id: other.id, patch: { firstName: 'Amma', phone: '020 123 4567' } }));
    const merged = value(await book.call('customers.merge', { keepId: keep.id, otherId: other.id, take: { firstName: 'other', phone: 'other', tags: 'keep' } }));
    expect(merged).toMatchObject({ firstName: 'Amma', phone: '020 123 4567', phoneE164: '+233201234567', tags: ['fabric'] });
    expect(value(await book.call('customers.resolve', { ref: '0201234567' })).id).toBe(keep.id);
  });

  it('archives the other record, marks it merged, and refuses to merge it again', async () => {
    const { book, keep, other } = await twoRecordsOfOnePerson(engine);
    value(await book.call('customers.merge', { keepId: keep.id, otherId: other.id }));
    const gone = value(await book.call('customers.get', { id: other.id }));
    expect(gone).toMatchObject({ status: 'archived', mergedInto: keep.id, email: null, phone: null });
    expect(gone.history.purchases).toBe(0);
    const third = value(await book.call('customers.create', { firstName: 'Esi' }));
    for (const [keepId, otherId] of [[keep.id, other.id], [third.id, other.id], [other.id, third.id]]) {
      const again = await book.call('customers.merge', { keepId, otherId });
      expect(again.ok ? null : again.error.code).toBe('conflict');
    }
    expect(await book.call('customers.merge', { keepId: keep.id, otherId: keep.id })).toMatchObject({ ok: false, error: { code: 'validation' } });
    expect(await book.call('customers.merge', { keepId: keep.id, otherId: 999 })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('loses nothing: totals across the shop are unchanged', async () => {
    const { book, keep, other } = await twoRecordsOfOnePerson(engine);
    const stats = value(await book.call('stats.get', {}));
    value(await book.call('customers.merge', { keepId: keep.id, otherId: other.id }));
    const after = value(await book.call('stats.get', {}));
    expect(after.customerRevenue).toBe(stats.customerRevenue);
    expect(after.totalCustomers).toBe(stats.totalCustomers - 1);
  });
});

describeEngines('possible duplicates', (engine) => {
  it('pairs the same email ignoring dots and +tags, the same subscriber number, and the same name with a similar phone', async () => {
    const book = await openTestBook(engine);
    const id = async (input: Parameters<typeof book.call<'customers.create'>>[1]) => value(await book.call('customers.create', input)).id;
    const ama1 = await id({ firstName: 'Ama', lastName: 'Mensah', email: 'ama.mensah@gmail.com' });
    const ama2 = await id({ firstName: 'Ama', lastName: 'Mensah', email: 'amamensah+shop@gmail.com' });
    const kofi1 = await id({ firstName: 'Kofi', phone: '024 412 3456' });
    const kofi2 = await id({ firstName: 'Kwame', phone: '+44 20 7244 1234' }); // different number entirely
    const esi1 = await id({ firstName: 'Ésí', lastName: 'Boateng', phone: '020 123 4567' });
    const esi2 = await id({ firstName: 'Esi', lastName: 'boateng', phone: '+44 20 7123 4567' }); // same name, last 7 digits agree
    await id({ firstName: 'Yaw', email: 'yaw@example.com' });
    const pairs = value(await book.call('customers.duplicates', {}));
    const found = pairs.map((p) => [p.a.id, p.b.id, p.reasons.sort()]);
    expect(found).toContainEqual([ama1, ama2, ['same_email']]);
    expect(found).toContainEqual([esi1, esi2, ['same_name_similar_phone']]);
    expect(found.some(([a, b]) => [a, b].includes(kofi1) && [a, b].includes(kofi2))).toBe(false);
    expect(pairs).toHaveLength(2);

    value(await book.call('customers.merge', { keepId: ama1, otherId: ama2 }));
    expect(value(await book.call('customers.duplicates', {}))).toHaveLength(1);
  });

  it('pairs a phone kept only as typed (an old import) with the same number normalised', async () => {
    const book = await openTestBook(engine);
    const kojo = value(await book.call('customers.create', { firstName: 'Kojo', phone: '024 412 3456' })).id;
    const now = new Date().toISOString();
    const [{ id: owusu }] = await book.rows<{ id: number }>(
      "INSERT INTO customers (first_name, phone, created_at, updated_at) VALUES ('K. Owusu', '(0244) 123-456', ?, ?) RETURNING id",
      [now, now],
    );
    const pairs = value(await book.call('customers.duplicates', {}));
    expect(pairs.map((p) => [p.a.id, p.b.id, p.reasons])).toEqual([[kojo, owusu, ['same_phone']]]);
  });
});
