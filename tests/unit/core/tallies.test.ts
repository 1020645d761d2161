import { describe, expect, it } from 'vitest';
import { createCore } from '../../../db/core';
import { countedTallies, keptTallies } from '../../support/tallies';
import { tempDatabase, value } from '../helpers';

/**
 * SQLite keeps the customers counted and their spending summed in customer_tallies (migration 0016),
 * which the directory's totals and the stats cards read instead of counting. Whatever path changes a
 * customer row, the table must stay equal to the same tallies counted from the rows.
 */
describe("SQLite's customer tallies", () => {
  it('stay equal to the customers counted one by one through every kind of change', () => {
    const db = tempDatabase();
    const core = createCore(db, { now: () => new Date('2026-12-01T10:00:00Z') });
    const kept = () => keptTallies(db.sqlite);
    const counted = () => countedTallies(db.sqlite);
    const step = (what: string) => {
      expect([what, kept()]).toEqual([what, counted()]);
    };

    const ama = value(core.call('customers.create', { firstName: 'Ama', phone: '024 412 3456', type: 'regular' }));
    const kofi = value(core.call('customers.create', { firstName: 'Kofi', email: 'kofi@example.com' }));
    const esi = value(core.call('customers.create', { firstName: 'Esi' }));
    step('created');
    const sale = value(core.call('sales.record', { customerId: ama.id, amount: 1250 }));
    value(core.call('sales.record', { customerId: ama.id, amount: 300 }));
    value(core.call('sales.record', { customerId: kofi.id, amount: 999 }));
    step('sales recorded');
    value(core.call('sales.void', { id: sale.id, reason: 'rang up twice' }));
    step('a sale voided');
    value(core.call('customers.update', { id: kofi.id, patch: { type: 'wholesale', lastName: 'Boateng' } }));
    step('a type changed');
    value(core.call('consent.set', { customerId: kofi.id, channel: 'email', status: 'subscribed', method: 'paper_form', wording: 'Offers by email' }));
    step('subscribed');
    value(core.call('customers.update', { id: ama.id, patch: { email: 'ama@example.com' } }));
    step('an email added');
    value(core.call('consent.set', { customerId: kofi.id, channel: 'email', status: 'unsubscribed', method: 'counter_verbal', wording: 'Offers by email' }));
    step('unsubscribed');
    value(core.call('consent.set', { customerId: ama.id, channel: 'email', status: 'subscribed', method: 'paper_form', wording: 'Offers by email' }));
    value(core.call('customers.update', { id: ama.id, patch: { email: null } }));
    step('a subscribed email taken away');
    value(core.call('customers.archive', { id: esi.id }));
    step('archived');
    value(core.call('customers.restore', { id: esi.id }));
    step('restored');
    value(core.call('customers.merge', { keepId: ama.id, otherId: kofi.id }));
    step('merged');
    value(core.call('customers.erase', { id: esi.id, confirm: true }));
    step('erased');
    value(core.call('customers.create', { firstName: 'Yaa', email: 'yaa@example.com' }));
    step('created before an import');
    // Two new customers, and Yaa's bought-before history (so her tallies move) on the row already there.
    const csv = 'First Name,Last Name,Email,Total Spent,Total Orders\nYaw,Mensah,yaw@example.com,120.00,3\nEfua,Ebo,efua@example.com,0,0\nYaa,,yaa@example.com,50.00,2\n';
    const report = value(core.call('imports.commit', { fileName: 'customers_export.csv', contentBase64: Buffer.from(csv).toString('base64'), onDuplicate: 'update' }));
    expect(report).toMatchObject({ created: 2, updated: 1 });
    step('imported');
    value(core.call('imports.undo', { batchId: report.batchId! }));
    step('import undone');
    value(core.call('customers.bulkCreate', { customers: [{ firstName: 'Kojo', type: 'regular' }, { firstName: 'Adwoa' }] }));
    step('created in bulk');
    value(core.call('customers.create', { firstName: 'Akua' }));
    step('created after a bulk write, by the triggers put back');
    // What they are read for: the directory's total and the stats, from the table rather than the rows.
    const listed = () => value(core.call('customers.list', { type: 'regular', limit: 1 })).total;
    const before = { listed: listed(), stats: value(core.call('stats.get', {})).totalCustomers };
    expect(before).toEqual({ listed: 2, stats: 5 });
    db.sqlite.prepare("UPDATE customer_tallies SET customers = customers + 40 WHERE status = 'active' AND type = 'regular' AND erased = 0 AND merged = 0 AND buying = 2 AND email = 0").run();
    expect({ listed: listed(), stats: value(core.call('stats.get', {})).totalCustomers }).toEqual({ listed: 42, stats: 45 });
  });
});
