import { z } from 'zod';
import * as render from '../render';
import { command } from './command';
import { shown, text, wholeNumber } from './flags';

export const auditCommands = [
  command({
    name: 'audit',
    summary: 'The audit log, newest first: who changed what, and when',
    flags: z.object({ customer: shown(text, '<customer>').optional(), limit: wholeNumber.optional() }),
    run: async (ctx, f) =>
      ctx.call('audit.list', {
        limit: f.limit ?? 50,
        ...(f.customer !== undefined && { entityType: 'customer' as const, entityId: (await ctx.resolve(f.customer)).id }),
      }),
    text: ({ entries, nextBeforeId }) => {
      if (entries.length === 0) return 'No entries';
      // The core counts no total here; it says only whether older entries exist.
      const count =
        nextBeforeId === null
          ? `${entries.length} ${entries.length === 1 ? 'entry' : 'entries'}`
          : `${entries.length === 1 ? 'The latest entry' : `The latest ${entries.length} entries`}; older ones were left out (raise --limit to see them)`;
      const table = render.table(
        ['When', 'Who', 'What', 'Entity', 'Changes'],
        entries.map((e) => [
          e.at,
          e.actor.name,
          e.method,
          e.entityType ? `${e.entityType} ${e.entityId ?? ''}`.trim() : '',
          e.changes.map((c) => `${c.field}: ${JSON.stringify(c.before)} -> ${JSON.stringify(c.after)}`).join('; '),
        ]),
      );
      return `${table}\n${count}`;
    },
    json: (page) => page.entries,
  }),
];
