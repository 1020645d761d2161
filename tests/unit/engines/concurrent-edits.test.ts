import { expect, it } from 'vitest';
import { describeEngines, openTestBook } from '../../support/engines';
import { value } from '../helpers';

describeEngines('two people editing one customer', (engine) => {
  it('refuses the later save as a conflict instead of writing over the earlier one', async () => {
    const book = await openTestBook(engine, { now: () => new Date('2026-06-01T10:00:00Z') });
    const ama = value(await book.call('customers.create', { firstName: 'Ama', phone: '024 412 3456' }));
    // Both opened Ama's details at the same moment; the till saves first, an hour later.
    const till = await book.reopen({ now: () => new Date('2026-06-01T11:00:00Z') });
    value(await till.call('customers.update', { id: ama.id, patch: { lastName: 'Mensah' }, expectedUpdatedAt: ama.updatedAt }));
    const office = await book.reopen({ now: () => new Date('2026-06-01T11:05:00Z') });
    const late = await office.call('customers.update', { id: ama.id, patch: { lastName: 'Owusu' }, expectedUpdatedAt: ama.updatedAt });
    expect(late.ok ? null : late.error).toMatchObject({ code: 'conflict' });
    expect(late.ok ? '' : late.error.message).toContain('Someone else saved Ama Mensah');
    expect(value(await book.call('customers.get', { id: ama.id })).lastName).toBe('Mensah');
    // Opened again, the office's change goes through.
    const fresh = value(await book.call('customers.get', { id: ama.id }));
    expect(value(await office.call('customers.update', { id: ama.id, patch: { lastName: 'Owusu' }, expectedUpdatedAt: fresh.updatedAt })).lastName).toBe('Owusu');
  });

  it('does not count a sale as an edit: the form stays current while the till sells', async () => {
    const book = await openTestBook(engine, { now: () => new Date('2026-06-01T10:00:00Z') });
    const ama = value(await book.call('customers.create', { firstName: 'Ama' }));
    value(await book.call('sales.record', { customerId: ama.id, amount: 500, items: 1, paymentMethod: 'cash' }));
    expect(value(await book.call('customers.update', { id: ama.id, patch: { lastName: 'Mensah' }, expectedUpdatedAt: ama.updatedAt })).lastName).toBe('Mensah');
  });
});
