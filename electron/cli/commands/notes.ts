import { z } from 'zod';
import { noteTypes } from '../../../shared/contract';
import * as render from '../render';
import { command } from './command';
import { choice, positional, required, shown } from './flags';

export const noteCommands = [
  command({
    name: 'notes add',
    summary: 'Add a note about a customer',
    args: ['customer'],
    flags: z.object({
      customer: positional('customer'),
      type: required('--type').pipe(choice(noteTypes)),
      text: shown(required('--text'), 'TEXT'),
    }),
    run: (ctx, f) => ctx.call('notes.add', { customerId: ctx.resolve(f.customer).id, type: f.type, text: f.text }),
    text: (n, ctx) => `Added ${render.noteText(n, ctx.settings())}`,
  }),

  command({
    name: 'notes list',
    summary: "List a customer's notes",
    args: ['customer'],
    flags: z.object({ customer: positional('customer') }),
    run: (ctx, f) => ctx.call('notes.list', { customerId: ctx.resolve(f.customer).id }),
    text: (notes, ctx) => render.notesText(notes, ctx.settings()),
  }),
];
