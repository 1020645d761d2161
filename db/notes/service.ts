import { eq } from 'drizzle-orm';
import type { Note, ParsedInputOf } from '../../shared/contract';
import { nowIso, personOf, type CoreContext } from '../context';
import { DomainError, notFound } from '../errors';
import { getCustomer, recordEvent } from '../customers/service';
import { requireState } from '../customers/lifecycle';
import { notes } from '../schema';
import type { SqlRowOf } from '../sql-row';

type NoteRow = SqlRowOf<typeof notes> & { author_name: string | null };

const noteSelect = `SELECT n.id, n.customer_id, n.type, n.text, n.author_id, s.name AS author_name, n.author_label, n.created_at, n.updated_at
  FROM notes n LEFT JOIN staff s ON s.id = n.author_id`;

const toNote = (r: NoteRow): Note => ({
  id: r.id,
  customerId: r.customer_id,
  type: r.type,
  text: r.text,
  author: personOf(r.author_id, r.author_name, r.author_label),
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

function getNote(ctx: CoreContext, id: number): Note {
  const row = ctx.prepare(`${noteSelect} WHERE n.id = ?`).get(id) as NoteRow | undefined;
  if (!row) throw notFound(`Note ${id}`);
  return toNote(row);
}

export function addNote(ctx: CoreContext, input: ParsedInputOf<'notes.add'>): Note {
  requireState(ctx, input.customerId, 'notes.add');
  return getNote(ctx, insertNote(ctx, input));
}

/** addNote without checking the customer or reading the note back, for a customer the caller has just written (imports add thousands). */
export function insertNote(ctx: CoreContext, input: ParsedInputOf<'notes.add'>): number {
  const now = nowIso(ctx);
  // lastInsertRowid, not RETURNING (a trigger, and so a statement journal: see insertCustomer).
  const id = Number(
    ctx
      .prepare('INSERT INTO notes (customer_id, type, text, author_id, author_label, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(input.customerId, input.type, input.text, ctx.actorId, ctx.actorLabel, now, now).lastInsertRowid,
  );
  recordEvent(ctx, input.customerId, 'note_added', { noteId: id, type: input.type });
  return id;
}

export function editNote(ctx: CoreContext, input: ParsedInputOf<'notes.edit'>): Note {
  const note = getNote(ctx, input.id);
  requireState(ctx, note.customerId, 'notes.edit');
  if (ctx.actor?.role !== 'owner' && (note.author?.id == null || note.author.id !== ctx.actorId)) {
    throw new DomainError('forbidden', 'Only the owner can change a note someone else wrote');
  }
  ctx.db
    .update(notes)
    .set({ ...(input.type && { type: input.type }), ...(input.text && { text: input.text }), updatedAt: nowIso(ctx) })
    .where(eq(notes.id, input.id))
    .run();
  return getNote(ctx, input.id);
}

export function listNotes(ctx: CoreContext, customerId: number): Note[] {
  getCustomer(ctx, customerId);
  const rows = ctx.prepare(`${noteSelect} WHERE n.customer_id = ? ORDER BY n.created_at DESC, n.id DESC`).all(customerId) as NoteRow[];
  return rows.map(toNote);
}
