import type { DeletedNote, Note, ParsedInputOf } from '../../shared/contract';
import { nowIso, personOf, type CoreContext } from '../context';
import { DomainError, notFound } from '../errors';
import { getCustomer, recordEvent } from '../customers/service';
import { requireState } from '../customers/lifecycle';
import { all, insert, one, run, value, type Query } from '../query';
import type { notes } from '../schema';
import type { SqlRowOf } from '../sql-row';

type NoteRow = SqlRowOf<typeof notes> & { author_name: string | null; cleared_by_name: string | null };

const noteSelect = `SELECT n.id, n.customer_id, n.type, n.text, n.author_id, s.name AS author_name, n.author_label, n.created_at, n.updated_at,
    n.alert, n.alert_cleared_at, n.alert_cleared_by, c.name AS cleared_by_name, n.alert_cleared_by_label
  FROM notes n LEFT JOIN staff s ON s.id = n.author_id LEFT JOIN staff c ON c.id = n.alert_cleared_by`;

const toNote = (r: NoteRow): Note => ({
  id: r.id,
  customerId: r.customer_id,
  type: r.type,
  text: r.text,
  author: personOf(r.author_id, r.author_name, r.author_label),
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  alert: Boolean(r.alert),
  alertClearedAt: r.alert_cleared_at,
  alertClearedBy: personOf(r.alert_cleared_by, r.cleared_by_name, r.alert_cleared_by_label),
});

function* getNote(id: number): Query<Note> {
  const row = yield* one<NoteRow>(`${noteSelect} WHERE n.id = ?`, [id]);
  if (!row) throw notFound(`Note ${id}`);
  return toNote(row);
}

/** What the book says to a note whose till reference it already holds: the till's outbox takes it as delivered. */
export const alreadyAdded = (noteId: number) => `This note was already added (note ${noteId})`;

export function* addNote(ctx: CoreContext, input: ParsedInputOf<'notes.add'>): Query<Note> {
  if (input.ref !== undefined) {
    const known = yield* value<number>('SELECT id FROM notes WHERE ref = ?', [input.ref]);
    if (known !== undefined) throw new DomainError('conflict', alreadyAdded(known), { fields: { ref: alreadyAdded(known) } });
  }
  yield* requireState(ctx, input.customerId, 'notes.add');
  return yield* getNote(yield* insertNote(ctx, input));
}

/** addNote without checking the customer or reading the note back, for a customer the caller has just written (imports add thousands). */
export function* insertNote(ctx: CoreContext, input: ParsedInputOf<'notes.add'>): Query<number> {
  const now = nowIso(ctx);
  const id = yield* insert('INSERT INTO notes (customer_id, type, text, author_id, author_label, created_at, updated_at, ref, alert) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)', [
    input.customerId,
    input.type,
    input.text,
    ctx.actorId,
    ctx.actorLabel,
    now,
    now,
    input.ref ?? null,
    input.alert ? 1 : 0,
  ]);
  yield* recordEvent(ctx, input.customerId, 'note_added', { noteId: id, type: input.type, ...(input.alert ? { alert: true } : {}) });
  return id;
}

export function* editNote(ctx: CoreContext, input: ParsedInputOf<'notes.edit'>): Query<Note> {
  const note = yield* getNote(input.id);
  yield* requireState(ctx, note.customerId, 'notes.edit');
  if (ctx.actor?.role !== 'owner' && (note.author?.id == null || note.author.id !== ctx.actorId)) {
    throw new DomainError('forbidden', 'Only the owner can change a note someone else wrote');
  }
  // A type or text the edit does not give stays as it was.
  yield* run('UPDATE notes SET type = coalesce(@type, type), text = coalesce(@text, text), updated_at = @updatedAt WHERE id = @id', {
    type: input.type || null,
    text: input.text || null,
    updatedAt: nowIso(ctx),
    id: input.id,
  });
  return yield* getNote(input.id);
}

export function* clearAlert(ctx: CoreContext, input: ParsedInputOf<'notes.clearAlert'>): Query<Note> {
  const note = yield* getNote(input.id);
  yield* requireState(ctx, note.customerId, 'notes.clearAlert');
  if (!note.alert) throw new DomainError('conflict', 'This note is not an alert');
  if (note.alertClearedAt) throw new DomainError('conflict', `This alert was already cleared${note.alertClearedBy ? ` by ${note.alertClearedBy.name}` : ''}`);
  yield* run('UPDATE notes SET alert_cleared_at = ?, alert_cleared_by = ?, alert_cleared_by_label = ? WHERE id = ?', [nowIso(ctx), ctx.actorId, ctx.actorLabel, input.id]);
  return yield* getNote(input.id);
}

/**
 * Deletes a note for good. Its "note added" leaves the customer's timeline, and the text an edit
 * recorded as before and after values leaves the audit log (migration 0014 lets exactly that
 * through the log's append-only guard); the entries themselves stay, saying who did what and when.
 */
export function* deleteNote(ctx: CoreContext, input: ParsedInputOf<'notes.delete'>): Query<DeletedNote> {
  const note = yield* getNote(input.id);
  yield* requireState(ctx, note.customerId, 'notes.delete');
  yield* run('DELETE FROM notes WHERE id = ?', [input.id]);
  yield* run(`DELETE FROM timeline_events WHERE customer_id = ? AND kind = 'note_added' AND CAST(${ctx.dialect.jsonText('data', 'noteId')} AS INTEGER) = ?`, [
    note.customerId,
    input.id,
  ]);
  yield* run("DELETE FROM audit_changes WHERE field = 'text' AND entry_id IN (SELECT id FROM audit_log WHERE entity_type = 'note' AND entity_id = ?)", [input.id]);
  return { id: input.id, customerId: note.customerId };
}

export function* listNotes(ctx: CoreContext, customerId: number): Query<Note[]> {
  yield* getCustomer(ctx, customerId);
  const rows = yield* all<NoteRow>(`${noteSelect} WHERE n.customer_id = ? ORDER BY n.created_at DESC, n.id DESC`, [customerId]);
  return rows.map(toNote);
}
