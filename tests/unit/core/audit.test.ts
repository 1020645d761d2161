import { expect, it } from 'vitest';
import { describeEngines, openTestBook } from '../../support/engines';
import { value, ownerActor } from '../helpers';

describeEngines('the audit log', (engine) => {
  async function shop() {
    const book = await openTestBook(engine);
    const entries = async () =>
      (
        await book.rows<{ method: string; entityId: number | null; actor: string; details: string }>(
          'SELECT a.method, a.entity_id AS "entityId", s.name AS actor, a.details FROM audit_log a LEFT JOIN staff s ON s.id = a.actor_id ORDER BY a.id',
        )
      ).map((e) => ({ ...e, details: JSON.parse(e.details) }));
    return { book, entries };
  }

  it('records every write with who, which method and which entity, naming fields but not their values', async () => {
    const { book, entries } = await shop();
    const ama = value(await book.call('customers.create', { firstName: 'Ama', phone: '024 412 3456' }));
    value(await book.call('customers.update', { id: ama.id, patch: { email: 'ama@example.com' } }));
    const sale = value(await book.call('sales.record', { customerId: ama.id, amount: 1250 }));
    value(await book.call('customers.get', { id: ama.id }));
    value(await book.call('stats.get', {}));
    expect(await entries()).toEqual([
      { method: 'customers.create', entityId: ama.id, actor: 'Owner', details: { fields: ['firstName', 'phone', 'type', 'tags'] } },
      { method: 'customers.update', entityId: ama.id, actor: 'Owner', details: { fields: ['email'] } },
      { method: 'sales.record', entityId: ama.id, actor: 'Owner', details: { fields: expect.arrayContaining(['customerId', 'amount']) } },
    ]);
    expect(JSON.stringify(await entries())).not.toContain('ama@example.com');
    expect(JSON.stringify(await entries())).not.toContain('412');
    void sale;
  });

  it('records each export with its segment and row count', async () => {
    const { book, entries } = await shop();
    const ama = value(await book.call('customers.create', { firstName: 'Ama', email: 'ama@example.com' }));
    value(await book.call('consent.set', { customerId: ama.id, channel: 'email', status: 'subscribed', method: 'paper_form', wording: 'offers' }));
    value(await book.call('exports.mailchimp', { segment: 'email_subscribers' }));
    value(await book.call('exports.customers', { format: 'json' }));
    expect((await entries()).slice(-2)).toEqual([
      { method: 'exports.mailchimp', entityId: null, actor: 'Owner', details: { segment: 'email_subscribers', format: null, rows: 1 } },
      { method: 'exports.customers', entityId: null, actor: 'Owner', details: { segment: null, format: 'json', rows: 1 } },
    ]);
  });

  it('writes nothing for a refused call, and cannot be changed or emptied', async () => {
    const { book, entries } = await shop();
    value(await book.call('customers.create', { firstName: 'Ama', email: 'ama@example.com' }));
    expect((await book.call('customers.create', { firstName: 'Kofi', email: 'ama@example.com' })).ok).toBe(false);
    expect((await book.core.handle('customers.create', { firstName: '' }, ownerActor)).ok).toBe(false);
    expect(await entries()).toHaveLength(1);
    // RETURNING, so that the fixture's row reader can run the writes on both engines.
    await expect(book.rows("UPDATE audit_log SET method = 'x' RETURNING id")).rejects.toThrow(/append-only/);
    await expect(book.rows('DELETE FROM audit_log RETURNING id')).rejects.toThrow(/append-only/);
    expect(await entries()).toHaveLength(1);
  });
});
