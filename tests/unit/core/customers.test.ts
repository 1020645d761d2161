import { expect, it } from 'vitest';
import type { MethodName } from '../../../shared/contract';
import { describeEngines, openTestBook } from '../../support/engines';
import { value, ownerActor } from '../helpers';

describeEngines('customers', (engine) => {
  const setup = () => openTestBook(engine);

  it('keeps the phone as typed and normalises it to E.164 with the shop country; trims and lower-cases email', async () => {
    const book = await setup();
    const ama = value(await book.call('customers.create', { firstName: ' Ama ', lastName: 'Mensah', phone: '024 412 3456', email: '  Ama.Mensah@Example.COM ' }));
    expect(ama).toMatchObject({ firstName: 'Ama', name: 'Ama Mensah', phone: '024 412 3456', phoneE164: '+233244123456', email: 'ama.mensah@example.com', type: 'walk_in', status: 'active' });
    expect(ama.createdBy).toEqual({ id: 1, name: 'Owner' });
  });

  it('treats 024 412 3456, 0244-123-456 and +233 24 412 3456 as one number: a duplicate is a conflict naming the holder', async () => {
    const book = await setup();
    const ama = value(await book.call('customers.create', { firstName: 'Ama', lastName: 'Mensah', phone: '024 412 3456' }));
    for (const phone of ['0244-123-456', '+233 24 412 3456']) {
      const clash = await book.call('customers.create', { firstName: 'Kofi', phone });
      expect(clash.ok).toBe(false);
      if (clash.ok) continue;
      expect(clash.error.code).toBe('conflict');
      expect(clash.error.existing).toEqual({ id: ama.id, name: 'Ama Mensah' });
      expect(clash.error.message).toContain('Ama Mensah');
      expect(clash.error.fields?.phone).toBe(clash.error.message);
    }
    expect(value(await book.call('customers.list', {})).total).toBe(1);
  });

  it('gives a conflict for a duplicate email, on create and on update', async () => {
    const book = await setup();
    const ama = value(await book.call('customers.create', { firstName: 'Ama', email: 'ama@example.com' }));
    const kofi = value(await book.call('customers.create', { firstName: 'Kofi', email: 'kofi@example.com' }));
    const created = await book.call('customers.create', { firstName: 'Esi', email: 'AMA@example.com' });
    expect(created.ok ? null : created.error).toMatchObject({ code: 'conflict', existing: { id: ama.id, name: 'Ama' } });
    const updated = await book.call('customers.update', { id: kofi.id, patch: { email: 'ama@example.com' } });
    expect(updated.ok ? null : updated.error).toMatchObject({ code: 'conflict', existing: { id: ama.id } });
    expect(value(await book.call('customers.get', { id: kofi.id })).email).toBe('kofi@example.com');
    // Keeping one's own email is not a clash.
    expect((await book.call('customers.update', { id: ama.id, patch: { email: 'ama@example.com', lastName: 'Mensah' } })).ok).toBe(true);
  });

  it('rejects bad input with validation errors per field', async () => {
    const book = await setup();
    const cases: [unknown, string][] = [
      [{ firstName: '' }, 'firstName'],
      [{ firstName: 'A', email: 'not-an-email' }, 'email'],
      [{ firstName: 'A', phone: '12' }, 'phone'],
      [{ firstName: 'A', birthday: '02-30' }, 'birthday'],
      [{ firstName: 'A', type: 'gold' }, 'type'],
      [{ firstName: 'A', unknownField: 1 }, '_'],
    ];
    for (const [input, field] of cases) {
      const result = await book.core.handle('customers.create', input as never, ownerActor);
      expect(result.ok).toBe(false);
      if (result.ok) continue;
      expect(result.error.code).toBe('validation');
      if (field !== '_') expect(Object.keys(result.error.fields ?? {})).toContain(field);
    }
    expect(value(await book.call('customers.list', {})).total).toBe(0);
    expect(await book.core.handle('customers.drop' as MethodName, {} as never, ownerActor)).toMatchObject({ ok: false, error: { code: 'validation' } });
  });

  it('stores birthdays with or without a year', async () => {
    const book = await setup();
    expect(value(await book.call('customers.create', { firstName: 'A', birthday: '02-29' })).birthday).toBe('02-29');
    expect(value(await book.call('customers.create', { firstName: 'B', birthday: '1990-07-04' })).birthday).toBe('1990-07-04');
  });

  it('records the timeline: created, updated with fields, note, sale, void, archived, restored', async () => {
    const book = await setup();
    const { id } = value(await book.call('customers.create', { firstName: 'Ama' }));
    value(await book.call('customers.update', { id, patch: { lastName: 'Mensah', tags: ['vip-list'] } }));
    value(await book.call('notes.add', { customerId: id, type: 'preference', text: 'prefers size M' }));
    const sale = value(await book.call('sales.record', { customerId: id, amount: 1250 }));
    value(await book.call('sales.void', { id: sale.id, reason: 'test' }));
    value(await book.call('customers.archive', { id }));
    value(await book.call('customers.restore', { id }));
    const events = value(await book.call('customers.timeline', { id }));
    expect(events.map((e) => e.kind).reverse()).toEqual(['created', 'updated', 'note_added', 'sale_recorded', 'sale_voided', 'archived', 'restored']);
    expect(events.find((e) => e.kind === 'updated')?.data).toEqual({ fields: ['lastName', 'tags'] });
    expect(events.every((e) => e.actor?.name === 'Owner')).toBe(true);
  });

  it('archives and restores; archived customers leave the default list and cannot buy', async () => {
    const book = await setup();
    const { id } = value(await book.call('customers.create', { firstName: 'Ama' }));
    value(await book.call('customers.archive', { id }));
    expect(value(await book.call('customers.list', {})).total).toBe(0);
    expect(value(await book.call('customers.list', { status: 'archived' })).rows[0].id).toBe(id);
    const sale = await book.call('sales.record', { customerId: id, amount: 100 });
    expect(sale.ok ? null : sale.error.code).toBe('conflict');
    expect((await book.call('customers.archive', { id })).ok).toBe(false);
    value(await book.call('customers.restore', { id }));
    expect(value(await book.call('customers.list', {})).total).toBe(1);
  });

  it('resolves a customer by id, by phone in any format, or by email', async () => {
    const book = await setup();
    const ama = value(await book.call('customers.create', { firstName: 'Ama', phone: '024 412 3456', email: 'ama@example.com' }));
    for (const ref of [String(ama.id), '+233244123456', '0244-123-456', 'AMA@example.com']) {
      expect(value(await book.call('customers.resolve', { ref })).id).toBe(ama.id);
    }
    expect(await book.call('customers.resolve', { ref: '999' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await book.call('customers.get', { id: 999 })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('records a sale for a new customer in one transaction, and creates nothing when the sale is refused', async () => {
    const book = await setup();
    const sale = value(await book.call('sales.record', { newCustomer: { firstName: 'Esi', phone: '020 123 4567' }, amount: 500 }));
    expect(sale.customer).toMatchObject({ firstName: 'Esi', purchases: 1, totalSpent: 500 });
    const refused = await book.call('sales.record', { newCustomer: { firstName: 'Yaw', phone: '027 123 4567' }, amount: 500, occurredAt: '2999-01-01T00:00:00Z' });
    expect(refused.ok ? null : refused.error.code).toBe('validation');
    expect(value(await book.call('customers.list', {})).total).toBe(1);
  });

  it('sorts and pages the list in the core', async () => {
    const book = await setup();
    for (const [firstName, spent] of [['Cee', 300], ['Abe', 100], ['Bea', 200]] as const) {
      const { id } = value(await book.call('customers.create', { firstName }));
      value(await book.call('sales.record', { customerId: id, amount: spent }));
    }
    expect(value(await book.call('customers.list', { sort: 'name' })).rows.map((r) => r.firstName)).toEqual(['Abe', 'Bea', 'Cee']);
    expect(value(await book.call('customers.list', { sort: 'spent' })).rows.map((r) => r.firstName)).toEqual(['Cee', 'Bea', 'Abe']);
    const page = value(await book.call('customers.list', { sort: 'name', offset: 1, limit: 1 }));
    expect(page).toMatchObject({ total: 3, offset: 1 });
    expect(page.rows.map((r) => r.firstName)).toEqual(['Bea']);
  });

  it('keeps notes and preferences', async () => {
    const book = await setup();
    const { id } = value(await book.call('customers.create', { firstName: 'Ama' }));
    const note = value(await book.call('notes.add', { customerId: id, type: 'issue', text: 'complained about late delivery' }));
    value(await book.call('notes.edit', { id: note.id, text: 'late delivery, resolved' }));
    expect(value(await book.call('notes.list', { customerId: id }))).toEqual([expect.objectContaining({ type: 'issue', text: 'late delivery, resolved', author: { id: 1, name: 'Owner' } })]);
    expect((await book.call('notes.add', { customerId: id, type: 'gossip' as never, text: 'x' })).ok).toBe(false);
    const prefs = value(await book.call('preferences.update', { customerId: id, patch: { channel: 'sms', doNotContact: true, favoriteProducts: ['shea butter'] } }));
    expect(prefs).toMatchObject({ channel: 'sms', doNotContact: true, favoriteProducts: ['shea butter'], offersOptIn: false, loyaltyOptIn: false });
  });

  it('refuses a sale above the ceiling set in settings, naming both amounts', async () => {
    const book = await setup();
    const { id } = value(await book.call('customers.create', { firstName: 'Ama' }));
    value(await book.call('settings.update', { saleCeiling: 50_000 }));
    const refused = await book.call('sales.record', { customerId: id, amount: 50_001 });
    expect(refused.ok).toBe(false);
    if (!refused.ok) {
      expect(refused.error.code).toBe('validation');
      expect(refused.error.fields?.amount).toMatch(/500\.01.*500\.00/);
    }
    expect(value(await book.call('sales.record', { customerId: id, amount: 50_000 })).amount).toBe(50_000);
    expect((await book.call('sales.record', { customerId: id, amount: 0 })).ok).toBe(false);
    expect((await book.call('sales.record', { customerId: id, amount: 12.5 })).ok).toBe(false);
  });

  it('filters the list by tag and by type', async () => {
    const book = await setup();
    value(await book.call('customers.create', { firstName: 'Ama', tags: ['Fabric', 'wedding'], type: 'vip' }));
    value(await book.call('customers.create', { firstName: 'Kofi', tags: ['shoes'] }));
    expect(value(await book.call('customers.list', { tag: 'fabric' })).rows.map((r) => r.firstName)).toEqual(['Ama']);
    expect(value(await book.call('customers.list', { type: 'walk_in' })).rows.map((r) => r.firstName)).toEqual(['Kofi']);
  });
});
