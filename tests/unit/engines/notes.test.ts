import { expect, it } from 'vitest';
import { describeEngines, openTestBook } from '../../support/engines';
import { value } from '../helpers';

describeEngines('notes on either engine', (engine) => {
  it("takes a till's note reference once: sent again, the note is refused as already added and kept once", async () => {
    const book = await openTestBook(engine, { now: () => new Date('2026-06-01T10:00:00Z') });
    const ama = value(await book.call('customers.create', { firstName: 'Ama' }));
    const ref = '0b6f8a4e-3c2d-4f1a-9e8b-7d6c5b4a3f21';
    const first = value(await book.call('notes.add', { customerId: ama.id, type: 'preference', text: 'Size 8, navy', ref }));
    const again = await book.call('notes.add', { customerId: ama.id, type: 'preference', text: 'Size 8, navy', ref });
    expect(again.ok ? null : again.error).toMatchObject({ code: 'conflict', fields: { ref: `This note was already added (note ${first.id})` } });
    expect(value(await book.call('notes.list', { customerId: ama.id })).map((note) => note.text)).toEqual(['Size 8, navy']);
    // Without a ref (typed at a till on this PC, or on the command line) notes are as many as are added.
    value(await book.call('notes.add', { customerId: ama.id, type: 'personal', text: 'Saturdays' }));
    value(await book.call('notes.add', { customerId: ama.id, type: 'personal', text: 'Saturdays' }));
    expect(await book.rows('SELECT ref FROM notes ORDER BY id')).toEqual([{ ref }, { ref: null }, { ref: null }]);
  });
});
