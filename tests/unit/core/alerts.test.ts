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

describeEngines('deleting a note', (engine) => {
  it("is the owner's alone, takes the note's text out of the notes, the timeline and the audit log's values, and keeps who deleted which note of whose", async () => {
    const book = await openTestBook(engine, { now: () => new Date('2026-12-03T10:00:00.000Z') });
    const ama = value(await book.call('customers.create', { firstName: 'Ama' }));
    const alert = value(await book.call('notes.add', { customerId: ama.id, type: 'issue', text: 'owes GH₵20 for the wax print', alert: true }));
    value(await book.call('notes.edit', { id: alert.id, text: 'owes GH₵15 for the wax print' }));
    const kept = value(await book.call('notes.add', { customerId: ama.id, type: 'preference', text: 'prefers size M' }));
    value(await book.call('notes.edit', { id: kept.id, text: 'prefers size L' }));
    const kofi = value(await book.call('staff.add', { name: 'Kofi', role: 'staff', pin: '5678' }));
    const asKofi = await book.reopen({ actor: { id: kofi.id, role: 'staff' } });
    const kofis = value(await asKofi.call('notes.add', { customerId: ama.id, type: 'personal', text: 'came with her sister' }));
    for (const id of [alert.id, kofis.id]) expect(await asKofi.call('notes.delete', { id })).toMatchObject({ ok: false, error: { code: 'forbidden' } });

    // An alert not yet cleared is deleted like any note.
    expect(value(await book.call('notes.delete', { id: alert.id }))).toEqual({ id: alert.id, customerId: ama.id });
    expect(value(await book.call('notes.list', { customerId: ama.id })).map((n) => n.id).sort()).toEqual([kept.id, kofis.id].sort());
    const timeline = value(await book.call('customers.timeline', { id: ama.id }));
    expect(timeline.filter((e) => e.kind === 'note_added').map((e) => e.data.noteId).sort()).toEqual([kept.id, kofis.id].sort());
    const everything = async () => JSON.stringify([await book.rows('SELECT * FROM audit_log'), await book.rows('SELECT * FROM audit_changes'), await book.rows('SELECT * FROM notes'), await book.rows('SELECT * FROM timeline_events')]);
    expect(await everything()).not.toMatch(/wax print/);
    // Only the deleted note's text went: the other note's edit keeps its values, and the log still refuses to lose them.
    expect(await everything()).toContain('prefers size L');
    await expect(book.rows('DELETE FROM audit_changes RETURNING id')).rejects.toThrow(/append-only/);

    const entries = value(await book.call('audit.list', { entityType: 'note', entityId: alert.id })).entries;
    expect(entries.map((e) => e.method)).toEqual(['notes.delete', 'notes.edit']);
    expect(entries[0]).toMatchObject({ actor: { id: 1 }, at: '2026-12-03T10:00:00.000Z', details: { customerId: ama.id }, changes: [] });
    // The edit still says that the text was changed, and when, without what it said.
    expect(entries[1]).toMatchObject({ details: { fields: ['id', 'text'] }, changes: [] });

    for (const id of [alert.id, 999]) expect(await book.call('notes.delete', { id })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });
});
