import { expect, it } from 'vitest';
import type { Actor } from '../../../db/access';
import { contactHash } from '../../../db/consent/service';
import { describeEngines, openTestBook, type TestBook } from '../../support/engines';
import { ownerActor, value } from '../helpers';

const wording = 'May we email you offers? You can stop any time.';

async function customer(book: TestBook, input: { firstName: string; email?: string; phone?: string }, subscribed = false) {
  const c = value(await book.call('customers.create', input));
  if (subscribed && c.email) value(await book.call('consent.set', { customerId: c.id, channel: 'email', status: 'subscribed', method: 'counter_verbal', wording }));
  return c;
}

const unsubscribe = (book: TestBook, customerId: number, channel: 'email' | 'sms' = 'email') =>
  book.call('consent.set', { customerId, channel, status: 'unsubscribed', method: 'customer_request', wording: 'Asked us to stop' }).then(value);

const list = async (book: TestBook, input: { query?: string; kind?: 'email' | 'phone'; offset?: number; limit?: number } = {}) => value(await book.call('suppression.list', input));

describeEngines('the suppression list', (engine) => {
  it("shows an unsubscribed address whole, with who put it there and the customer who holds it", async () => {
    const book = await openTestBook(engine);
    const kofi = await customer(book, { firstName: 'Kofi', email: 'Kofi@Example.com', phone: '024 412 3456' }, true);
    await unsubscribe(book, kofi.id);
    await unsubscribe(book, kofi.id, 'sms');
    const page = await list(book);
    expect(page.total).toBe(2);
    expect(page.rows.map((r) => [r.kind, r.shown, r.reason, r.customerId, r.actor])).toEqual([
      ['phone', '+233244123456', 'unsubscribed', kofi.id, { id: 1, name: 'Owner' }],
      ['email', 'kofi@example.com', 'unsubscribed', kofi.id, { id: 1, name: 'Owner' }],
    ]);
  });

  it("masks an erased customer's address, and leaves it in the clear nowhere in the table", async () => {
    const book = await openTestBook(engine);
    const ama = await customer(book, { firstName: 'Ama', email: 'ama.mensah@example.com', phone: '024 412 3445' }, true);
    // Her email was on the list in the clear before she asked to be erased.
    await unsubscribe(book, ama.id);
    expect((await list(book)).rows[0].shown).toBe('ama.mensah@example.com');
    value(await book.call('customers.erase', { id: ama.id, confirm: true }));
    const page = await list(book);
    expect(page.rows.map((r) => [r.kind, r.shown, r.reason, r.customerId])).toEqual([
      ['phone', '+233 •••• ••45', 'erased', null],
      ['email', 'a•••@example.com', 'unsubscribed', null],
    ]);
    const stored = JSON.stringify(await book.rows('SELECT * FROM suppressions'));
    for (const clear of ['ama.mensah', '244123445', '0244 123 445', '024 412 3445']) expect(stored).not.toContain(clear);
    // Still a suppression: the address is known by its hash, so a new customer with it cannot be imported as subscribed.
    const again = await customer(book, { firstName: 'Ama', email: 'ama.mensah@example.com' });
    expect(await book.call('consent.set', { customerId: again.id, channel: 'email', status: 'subscribed', method: 'import', wording: 'list.csv' })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect((await list(book, { query: 'ama.mensah@example.com' })).rows).toMatchObject([{ shown: 'a•••@example.com', customerId: again.id }]);
  });

  it('finds a part of an address, or a whole one typed in another format, and pages newest first', async () => {
    const book = await openTestBook(engine);
    const esi = await customer(book, { firstName: 'Esi', email: 'esi@shop.example.org', phone: '020 123 4567' });
    await unsubscribe(book, esi.id, 'sms');
    value(await book.call('suppression.add', { kind: 'email', value: 'yaw_1@example.org', note: 'Complained by phone' }));
    value(await book.call('suppression.add', { kind: 'email', value: 'abena@example.com', note: 'Asked at the counter' }));

    expect((await list(book, { query: 'EXAMPLE.ORG' })).rows.map((r) => r.shown)).toEqual(['yaw_1@example.org']);
    // % and _ are the characters typed, not wildcards.
    expect((await list(book, { query: 'w_1' })).rows.map((r) => r.shown)).toEqual(['yaw_1@example.org']);
    for (const typed of ['w%1', 'y_w']) expect([typed, (await list(book, { query: typed })).total]).toEqual([typed, 0]);
    // A phone as the owner would type it: national, international, or a run of its digits.
    for (const typed of ['+233 20 123 4567', '020-123-4567', '1234567', '020 123']) {
      expect([typed, (await list(book, { query: typed })).rows.map((r) => r.shown)]).toEqual([typed, ['+233201234567']]);
    }
    expect((await list(book, { query: '020 765 4321' })).total).toBe(0);
    expect((await list(book, { kind: 'email' })).rows.map((r) => r.shown)).toEqual(['abena@example.com', 'yaw_1@example.org']);
    const first = await list(book, { limit: 2 });
    expect([first.total, first.rows.map((r) => r.shown)]).toEqual([3, ['abena@example.com', 'yaw_1@example.org']]);
    expect((await list(book, { offset: 2, limit: 2 })).rows.map((r) => r.shown)).toEqual(['+233201234567']);
  });

  it("shows a row from before the list kept addresses by its holder's contact, or as a fingerprint", async () => {
    const book = await openTestBook(engine);
    const kwame = await customer(book, { firstName: 'Kwame', email: 'kwame@example.com' });
    await book.rows("INSERT INTO suppressions (kind, value_hash, reason, at) VALUES ('email', ?, 'do_not_contact', '2025-01-01T00:00:00.000Z') RETURNING id", [contactHash('kwame@example.com')]);
    await book.rows("INSERT INTO suppressions (kind, value_hash, reason, at) VALUES ('phone', ?, 'unsubscribed', '2024-01-01T00:00:00.000Z') RETURNING id", [contactHash('+233244123999')]);
    expect((await list(book)).rows.map((r) => [r.shown, r.customerId, r.actor])).toEqual([
      ['kwame@example.com', kwame.id, null],
      ['(kept only as a fingerprint)', null, null],
    ]);
    expect((await list(book, { query: '024 412 3999' })).total).toBe(1);
  });

  it('adds an address by hand with a note, refusing one that is not an address or is already there, and unsubscribes its holder', async () => {
    const book = await openTestBook(engine);
    const ama = await customer(book, { firstName: 'Ama', email: 'ama@example.com', phone: '024 412 3456' }, true);
    for (const [kind, typed] of [['email', 'ama at example'], ['email', '024 412 3456'], ['phone', '12345'], ['phone', 'ama@example.com']] as const) {
      expect(await book.call('suppression.add', { kind, value: typed, note: 'Complained' })).toMatchObject({ ok: false, error: { code: 'validation', fields: { value: expect.any(String) } } });
    }
    expect(await book.call('suppression.add', { kind: 'email', value: 'x@example.com', note: ' ' })).toMatchObject({ ok: false, error: { code: 'validation' } });
    expect((await list(book)).total).toBe(0);

    const added = value(await book.call('suppression.add', { kind: 'email', value: ' AMA@example.com ', note: 'Rang to complain about the texts' }));
    expect(added).toMatchObject({ kind: 'email', shown: 'ama@example.com', reason: 'do_not_contact', note: 'Rang to complain about the texts', customerId: ama.id, actor: { id: 1, name: 'Owner' } });
    const consent = value(await book.call('consent.get', { customerId: ama.id }));
    expect(consent.email).toBe('unsubscribed');
    expect(consent.history[0]).toMatchObject({ channel: 'email', status: 'unsubscribed', method: 'customer_request', wording: 'Rang to complain about the texts' });
    // The list keeps the owner's reason and note, not the unsubscribe's.
    expect((await list(book)).rows).toMatchObject([{ id: added.id, reason: 'do_not_contact', note: 'Rang to complain about the texts' }]);

    expect(await book.call('suppression.add', { kind: 'email', value: 'ama@example.com', note: 'Again' })).toMatchObject({
      ok: false,
      error: { code: 'conflict', message: 'ama@example.com is already on the suppression list (do not contact)' },
    });
    // A phone typed in another format is the same phone; SMS consent not given is left as it was.
    value(await book.call('suppression.add', { kind: 'phone', value: '+233 24 412 3456', note: 'No texts' }));
    expect(await book.call('suppression.add', { kind: 'phone', value: '0244123456', note: 'Again' })).toMatchObject({
      ok: false,
      error: { code: 'conflict', message: '024 412 3456 is already on the suppression list (do not contact)' },
    });
    expect(value(await book.call('consent.get', { customerId: ama.id })).sms).toBe('not_asked');
  });

  it("lifts a suppression only with how consent was given and the words, recorded in the holder's history", async () => {
    const book = await openTestBook(engine);
    const ama = await customer(book, { firstName: 'Ama', email: 'ama@example.com' }, true);
    await unsubscribe(book, ama.id);
    const [row] = (await list(book)).rows;
    expect(await book.core.handle('suppression.remove', { id: row.id, method: 'paper_form' } as never, ownerActor)).toMatchObject({ ok: false, error: { code: 'validation' } });
    expect(await book.call('suppression.remove', { id: row.id, method: 'paper_form', wording: ' ' })).toMatchObject({ ok: false, error: { code: 'validation' } });
    expect(await book.call('suppression.remove', { id: row.id, method: 'import', wording: 'list.csv' })).toMatchObject({ ok: false, error: { code: 'validation', fields: { method: expect.any(String) } } });
    expect(await book.call('suppression.remove', { id: row.id + 100, method: 'paper_form', wording: 'Signed' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect((await list(book)).total).toBe(1);

    const lifted = value(await book.call('suppression.remove', { id: row.id, method: 'paper_form', wording: 'Signed the offers form again' }));
    expect(lifted).toMatchObject({ customerId: ama.id, removed: { id: row.id, shown: 'ama@example.com' } });
    expect((await list(book)).total).toBe(0);
    const consent = value(await book.call('consent.get', { customerId: ama.id }));
    expect(consent.email).toBe('subscribed');
    expect(consent.history[0]).toMatchObject({ status: 'subscribed', method: 'paper_form', wording: 'Signed the offers form again' });
  });

  it('deletes a suppression nobody in the book holds, and the audit log keeps the proof but never the address', async () => {
    const book = await openTestBook(engine);
    const added = value(await book.call('suppression.add', { kind: 'phone', value: '020 555 0123', note: 'Complained by phone' }));
    expect(added).toMatchObject({ shown: '+233205550123', customerId: null });
    const lifted = value(await book.call('suppression.remove', { id: added.id, method: 'counter_verbal', wording: 'Asked to hear from us again' }));
    expect(lifted).toMatchObject({ customerId: null, removed: { id: added.id } });
    expect(await book.rows('SELECT id FROM suppressions')).toEqual([]);

    const entries = await book.rows<{ method: string; entity_type: string; details: string }>(
      "SELECT method, entity_type, details FROM audit_log WHERE method LIKE 'suppression.%' ORDER BY id",
    );
    expect(entries.map((e) => [e.method, e.entity_type, JSON.parse(e.details)])).toEqual([
      ['suppression.add', 'settings', { kind: 'phone', fields: ['kind', 'value', 'note'] }],
      ['suppression.remove', 'settings', { method: 'counter_verbal', wording: 'Asked to hear from us again' }],
    ]);
    const audit = JSON.stringify(await book.rows('SELECT * FROM audit_log')) + JSON.stringify(await book.rows('SELECT * FROM audit_changes'));
    for (const clear of ['5550123', '555 0123', 'Complained by phone']) expect(audit).not.toContain(clear);
  });

  it('files a suppression under the customer who holds the contact', async () => {
    const book = await openTestBook(engine);
    const ama = await customer(book, { firstName: 'Ama', email: 'ama@example.com' });
    value(await book.call('suppression.add', { kind: 'email', value: 'ama@example.com', note: 'Complained' }));
    const page = value(await book.call('audit.list', { entityType: 'customer', entityId: ama.id }));
    expect(page.entries.map((e) => e.method)).toContain('suppression.add');
  });

  it('is the owner’s alone', async () => {
    const book = await openTestBook(engine);
    const kofi = value(await book.call('staff.add', { name: 'Kofi', role: 'staff', pin: '5678' }));
    const staff: Actor = { id: kofi.id, role: 'staff' };
    const added = value(await book.call('suppression.add', { kind: 'email', value: 'x@example.com', note: 'Complained' }));
    for (const [method, input] of [
      ['suppression.list', {}],
      ['suppression.add', { kind: 'email', value: 'y@example.com', note: 'Complained' }],
      ['suppression.remove', { id: added.id, method: 'paper_form', wording: 'Signed' }],
    ] as const) {
      expect([method, await book.core.handle(method, input as never, staff)]).toEqual([method, expect.objectContaining({ ok: false, error: expect.objectContaining({ code: 'forbidden' }) })]);
    }
    expect((await list(book)).rows.map((r) => r.shown)).toEqual(['x@example.com']);
  });
});
