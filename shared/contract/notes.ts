import { z } from 'zod';
import { id, type Person } from './common';
import { keptWrite, read, write, type QueuedWrite } from './define';

export const noteTypes = ['personal', 'preference', 'issue', 'feedback'] as const;
export type NoteType = (typeof noteTypes)[number];

const noteText = z.string().trim().min(1, 'A note needs some text').max(4000, 'A note is at most 4,000 characters');
const noteType = z.enum(noteTypes, { error: `Note type must be one of ${noteTypes.join(', ')}` });

export interface Note {
  id: number;
  customerId: number;
  type: NoteType;
  text: string;
  author: Person | null;
  createdAt: string;
  updatedAt: string;
  /** Shown at the top of the profile and in the quick sale ("allergic to nuts", "owes £20") until cleared. */
  alert: boolean;
  /** When the alert was cleared, and by whom; the note stays. */
  alertClearedAt: string | null;
  alertClearedBy: Person | null;
}

/** What is left to say of a deleted note: which it was, and whose. */
export interface DeletedNote {
  id: number;
  customerId: number;
}

/** A note a till kept while the shared book was out of reach: safe on that PC, sent when the book is back. */
export type QueuedNote = QueuedWrite<'note'>;

export const addNoteInput = z
  .object({
    customerId: id,
    type: noteType,
    text: noteText,
    /** The id the till gave the note as it was typed: the book takes a ref once (see `ref` on a sale). */
    ref: z.uuid('A note reference is a UUID').optional(),
    alert: z.boolean().optional(),
  })
  .strict();

export const noteMethods = {
  'notes.add': keptWrite<Note>()('note', addNoteInput),
  'notes.edit': write<Note>()(
    z
      .object({ id, type: noteType.optional(), text: noteText.optional() })
      .strict()
      .refine((v) => v.type !== undefined || v.text !== undefined, 'Change the type or the text'),
  ),
  'notes.list': read<Note[]>()(z.object({ customerId: id }).strict()),
  /** Clears a note's alert: it stops showing at the counter, and stays in the notes with who cleared it. */
  'notes.clearAlert': write<Note>()(z.object({ id }).strict()),
  /** Deletes a note, alert or not, for good: the audit log keeps who deleted which note of whose, never its text. */
  'notes.delete': write<DeletedNote>()(z.object({ id }).strict(), 'owner'),
};
