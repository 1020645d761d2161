import { describe, expect, it } from 'vitest';
import { createCore } from '../../../db/core';
import { tempDatabase, value, ownerActor } from '../helpers';

describe('the audit log', () => {
  function shop() {
    const db = tempDatabase();
    const core = createCore(db);
    const entries = () =>
      (db.sqlite.prepare('SELECT a.method, a.entity_id AS entityId, s.name AS actor, a.details FROM audit_log a LEFT JOIN staff s ON s.id = a.actor_id ORDER BY a.id').all() as {
        method: string;
        entityId: number | null;
        actor: string;
        details: string;
      }[]).map((e) => ({ ...e, details: JSON.parse(e.details) }));
    return { db, core, entries };
  }

  it('records every write with who, which method and which entity, naming fields but not their values', () => {
    const { core, entries } = shop();
    const ama = value(core.call('customers.create', { firstName: 'Ama', phone: '024 412 3456' }));
    value(core.call('customers.update', { id: ama.id, patch: { email: 'ama@example.com' } }));
    const sale = value(core.call('sales.record', { customerId: ama.id, amount: 1250 }));
    value(core.call('customers.get', { id: ama.id }));
    value(core.call('stats.get', {}));
    expect(entries()).toEqual([
      { method: 'customers.create', entityId: ama.id, actor: 'Owner', details: { fields: ['firstName', 'phone', 'type', 'tags'] } },
      { method: 'customers.update', entityId: ama.id, actor: 'Owner', details: { fields: ['email'] } },
      { method: 'sales.record', entityId: ama.id, actor: 'Owner', details: { fields: expect.arrayContaining(['customerId', 'amount']) } },
    ]);
    expect(JSON.stringify(entries())).not.toContain('ama@example.com');
    expect(JSON.stringify(entries())).not.toContain('412');
    void sale;
  });

  it('records each export with its segment and row count', () => {
    const { core, entries } = shop();
    const ama = value(core.call('customers.create', { firstName: 'Ama', email: 'ama@example.com' }));
    value(core.call('consent.set', { customerId: ama.id, channel: 'email', status: 'subscribed', method: 'paper_form', wording: 'offers' }));
    value(core.call('exports.mailchimp', { segment: 'email_subscribers' }));
    value(core.call('exports.customers', { format: 'json' }));
    expect(entries().slice(-2)).toEqual([
      { method: 'exports.mailchimp', entityId: null, actor: 'Owner', details: { segment: 'email_subscribers', format: null, rows: 1 } },
      { method: 'exports.customers', entityId: null, actor: 'Owner', details: { segment: null, format: 'json', rows: 1 } },
    ]);
  });

  it('writes nothing for a refused call, and cannot be changed or emptied', async () => {
    const { db, core, entries } = shop();
    value(core.call('customers.create', { firstName: 'Ama', email: 'ama@example.com' }));
    expect(core.call('customers.create', { firstName: 'Kofi', email: 'ama@example.com' }).ok).toBe(false);
    expect((await core.handle('customers.create', { firstName: '' }, ownerActor)).ok).toBe(false);
    expect(entries()).toHaveLength(1);
    expect(() => db.sqlite.prepare("UPDATE audit_log SET method = 'x'").run()).toThrow(/append-only/);
    expect(() => db.sqlite.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
    expect(entries()).toHaveLength(1);
  });
});
