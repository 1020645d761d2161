import { z } from 'zod';
import { noteTypes } from '../../../shared/contract';
import * as render from '../render';
import { command } from './command';
import { choice, positional, required, shown } from './flags';

const noteId = positional('noteId').pipe(z.string().regex(/^\d+$/, 'A note id is a whole number')).transform(Number);

export const noteCommands = [
  command({
    name: 'notes add',
    summary: 'Add a note about a customer; --alert shows it at the top of their profile and in the quick sale until cleared',
    args: ['customer'],
    flags: z.object({
      customer: positional('customer'),
      type: required('--type').pipe(choice(noteTypes)),
      text: shown(required('--text'), 'TEXT'),
      alert: z.boolean().optional(),
    }),
    run: async (ctx, f) => ctx.call('notes.add', { customerId: (await ctx.resolve(f.customer)).id, type: f.type, text: f.text, alert: f.alert }),
    text: async (n, ctx) => `Added ${render.noteText(n, await ctx.settings())}`,
  }),

  command({
    name: 'notes list',
    summary: "List a customer's notes",
    args: ['customer'],
    flags: z.object({ customer: positional('customer') }),
    run: async (ctx, f) => ctx.call('notes.list', { customerId: (await ctx.resolve(f.customer)).id }),
    text: async (notes, ctx) => render.notesText(notes, await ctx.settings()),
  }),

  command({
    name: 'notes clear-alert',
    summary: 'Clear a note\'s alert: it stops showing at the counter, and the note stays with who cleared it',
    args: ['noteId'],
    flags: z.object({ noteId }),
    fieldFlags: { id: '<noteId>' },
    run: (ctx, f) => ctx.call('notes.clearAlert', { id: f.noteId }),
    text: async (n, ctx) => `Cleared the alert of ${render.noteText(n, await ctx.settings())}`,
  }),

  command({
    name: 'notes delete',
    summary: 'Delete a note for good, alert or not (the owner\'s call): the audit log keeps that it was deleted, not its text',
    args: ['noteId'],
    flags: z.object({ noteId }),
    fieldFlags: { id: '<noteId>' },
    run: (ctx, f) => ctx.call('notes.delete', { id: f.noteId }),
    text: (n) => `Deleted note ${n.id} of customer ${n.customerId}`,
  }),
];
