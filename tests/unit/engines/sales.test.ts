import { expect, it } from 'vitest';
import { describeEngines, openTestBook } from '../../support/engines';
import { value } from '../helpers';

describeEngines('sales on either engine', (engine) => {
  it('records and voids a sale, keeping the customer totals equal to the sales', async () => {
    const book = await openTestBook(engine, { now: () => new Date('2026-06-01T10:00:00Z') });
    const sale = value(await book.call('sales.record', { newCustomer: { firstName: 'Ama', phone: '024 412 3456' }, amount: 2500, items: 2, paymentMethod: 'cash' }));
    expect(sale.customer).toMatchObject({ firstName: 'Ama', purchases: 1, totalSpent: 2500 });
    const second = value(await book.call('sales.record', { customerId: sale.customerId, amount: 1000, items: 1, paymentMethod: 'card' }));
    expect(second.customer).toMatchObject({ purchases: 2, totalSpent: 3500 });
    value(await book.call('sales.void', { id: sale.id, reason: 'Rung up twice' }));
    const [stored] = await book.rows<{ purchase_count: number; total_spent: number }>('SELECT purchase_count, total_spent FROM customers WHERE id = ?', [sale.customerId]);
    expect(stored).toEqual({ purchase_count: 1, total_spent: 1000 });
    const listed = value(await book.call('sales.list', { customerId: sale.customerId }));
    expect(listed.map((s) => [s.amount, s.voidedAt !== null])).toEqual([
      [1000, false],
      [2500, true],
    ]);
  });

  it("takes a till's sale reference once: sent again, the sale is refused as already recorded and counted once", async () => {
    const book = await openTestBook(engine, { now: () => new Date('2026-06-01T10:00:00Z') });
    const ama = value(await book.call('customers.create', { firstName: 'Ama' }));
    const ref = '6f1c1a52-6d0e-4a8e-9d3f-2b7c4e5a9b10';
    const first = value(await book.call('sales.record', { customerId: ama.id, amount: 700, items: 1, paymentMethod: 'cash', ref }));
    const again = await book.call('sales.record', { customerId: ama.id, amount: 700, items: 1, paymentMethod: 'cash', ref });
    expect(again.ok ? null : again.error).toMatchObject({ code: 'conflict', fields: { ref: `This sale was already recorded (sale ${first.id})` } });
    expect(value(await book.call('customers.get', { id: ama.id }))).toMatchObject({ purchases: 1, totalSpent: 700 });
  });
});
