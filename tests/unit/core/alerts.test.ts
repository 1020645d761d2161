import { expect, it } from 'vitest';
import { describeEngines, openTestBook } from '../../support/engines';
import { value } from '../helpers';

describeEngines('alerts (notes staff must not miss)', (engine) => {
  it('adds a note as an alert, and clears it with who and when, keeping the note', async () => {
    const book = await openTestBook(engine, { now: () => new Date('2026-12-03T10:00:00.000Z') });
    const ama = value(await book.call('customers.create', { firstName: 'Ama' }));
    const plain = value(await book.call('notes.add', { customerId: ama.id, type: 'preference', text: 'prefers size M' }));
    const alert = value(await book.call('notes.add', { customerId: ama.id, type: 'issue', text: 'allergic to nuts', alert: true }));
    expect(plain).toMatchObject({ alert: false, alertClearedAt: null, alertClearedBy: null });
    expect(alert).toMatchObject({ alert: true, alertClearedAt: null });
    expect(value(await book.call('customers.timeline', { id: ama.id })).find((e) => e.kind === 'note_added' && e.data.noteId === alert.id)?.data).toEqual({ noteId: alert.id, type: 'issue', alert: true });

    const kofi = value(await book.call('staff.add', { name: 'Kofi', role: 'staff', pin: '5678' }));
    const asKofi = await book.reopen({ actor: { id: kofi.id, role: 'staff' }, now: () => new Date('2026-12-04T09:30:00.000Z') });
    const cleared = value(await asKofi.call('notes.clearAlert', { id: alert.id }));
    expect(cleared).toMatchObject({ alert: true, alertClearedAt: '2026-12-04T09:30:00.000Z', alertClearedBy: { id: kofi.id, name: 'Kofi' }, text: 'allergic to nuts' });
    expect(value(await book.call('notes.list', { customerId: ama.id })).map((n) => n.id).sort()).toEqual([plain.id, alert.id].sort());

    const again = await book.call('notes.clearAlert', { id: alert.id });
    expect(again.ok || again.error).toMatchObject({ code: 'conflict', message: 'This alert was already cleared by Kofi' });
    const notAnAlert = await book.call('notes.clearAlert', { id: plain.id });
    expect(notAnAlert.ok || notAnAlert.error).toMatchObject({ code: 'conflict', message: 'This note is not an alert' });

    const audit = value(await book.call('audit.list', {})).entries.find((e) => e.method === 'notes.clearAlert');
    expect(audit).toMatchObject({ actor: { id: kofi.id }, entityType: 'note', entityId: alert.id });
    expect(audit?.changes.map((c) => c.field).sort()).toEqual(['alert_cleared_at', 'alert_cleared_by']);
  });
});
