import { z } from 'zod';
import { moveBook, type MoveSummary } from '../../../db/engines/move';
import * as render from '../render';
import { CliFailure, command } from './command';
import { required, shown } from './flags';

const location = (flag: string) => shown(required(flag).trim().min(1, `${flag} needs a file path or a postgresql:// address`), 'FILE|URL');

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

export const bookCommands = [
  command({
    name: 'book move',
    summary:
      'Copy the whole book between a SQLite file and an empty PostgreSQL database (either way), verify the copy, and keep it only if it matches; the source is only read',
    flags: z.object({ from: location('--from'), to: location('--to') }),
    run: async () => {
      throw new CliFailure({ code: 'internal', message: 'book move runs without opening a book' });
    },
    // It names both books itself: --db is not one of them, and neither is opened as the command line opens a book.
    anyBook: true,
    offline: async (_file, f, log, progress) => {
      const moved = await moveBook({
        from: f.from,
        to: f.to,
        onProgress: (step) => {
          if (step.step === 'copied') progress(`Copied ${step.table}: ${step.rows.toLocaleString('en')} rows`);
          if (step.step === 'verifying') progress('Verifying the copy against the source…');
        },
      });
      if (!moved.ok) {
        const { fields, ...error } = moved.error;
        // A bad address names the flag it came in, as every other command's flag errors do.
        const flagged = fields && error.code === 'validation' ? Object.fromEntries(Object.entries(fields).map(([field, message]) => [`--${field}`, message])) : fields;
        const message = error.code === 'validation' && flagged ? Object.entries(flagged).map(([flag, text]) => `${flag}: ${text}`).join('\n') : error.message;
        // The addresses in the message are already without their passwords: it may be logged.
        log.error('book.move.failed', { code: error.code, message });
        throw new CliFailure({ ...error, message, ...(flagged && { fields: flagged }) });
      }
      log.info('book.moved', { from: moved.value.from, to: moved.value.to, rows: moved.value.rows, ms: moved.value.ms });
      return moved.value;
    },
    text: (m: MoveSummary) =>
      [
        `Moved the book from ${m.from} to ${m.to} in ${seconds(m.ms)}, and verified it.`,
        render.table(['Table', 'Rows'], m.tables.map((t) => [t.name, t.rows.toLocaleString('en')]), [1]),
        `${m.rows.toLocaleString('en')} rows in ${m.tables.length} tables; ${m.customers.toLocaleString('en')} customers with ${m.purchases.toLocaleString('en')} purchases and ${m.spent.toLocaleString('en')} spent (minor units), equal on both sides.`,
      ].join('\n'),
  }),
];
