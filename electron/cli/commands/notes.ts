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
    run: async (ctx, f) => ctx.call('notes.add', { customerId: (await ctx.resolve(f.customer)).id, type: f.type, text: f.text }),
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
];
