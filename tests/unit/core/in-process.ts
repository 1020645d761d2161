import { writeBackup } from '../../../db/backups';
import { createCore, type CoreOptions } from '../../../db/core';
import { bookFacts } from '../../../db/diagnostics';
import { openDatabase } from '../../../db/open';
import { runMailchimpJob } from '../../../db/mailchimp/jobs';
import { withoutOutbox } from '../../../db/outbox';
import type { SettingsDefaults } from '../../../db/settings/defaults';
import type { Backend } from '../../../db/session';
import { err, ok } from '../../../shared/result';
import type { ImportProgress } from '../../../shared/contract';
import { migrationsFolder } from '../helpers';

/** The real core on a real file, in this process: the same Backend the worker threads give a host. */
export function inProcessBackend(file: string, options: CoreOptions & { defaults?: Partial<SettingsDefaults> } = {}): Backend {
  const db = openDatabase({ file, migrationsFolder, defaults: options.defaults });
  const core = createCore(db, options);
  // In front of a book on this PC, as the writer worker serves it: no outbox, and outbox.status says so.
  const front = withoutOutbox(core, false);
  let progress: ImportProgress | null = null;
  const backend: Backend = {
    call: async (method, input, actor) => {
      try {
        return await front.handle(method, input, actor, { onProgress: (done, total) => (progress = { done, total }) });
      } finally {
        progress = null;
      }
    },
    importProgress: () => progress,
    // In this thread, as the command line runs them; the worker threads run them beside the book.
    mailchimp: (job, jobOptions) =>
      runMailchimpJob(job, { call: (method, input) => backend.call(method, input, jobOptions.actor) }, jobOptions, (error) => console.error(error)),
    backup: async (destination) => {
      try {
        return ok(await writeBackup(db.sqlite, destination, migrationsFolder));
      } catch (error) {
        return err('internal', (error as Error).message);
      }
    },
    facts: async () => ok(bookFacts(db.sqlite, migrationsFolder)),
    close: async () => db.close(),
  };
  return backend;
}
