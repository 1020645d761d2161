import path from 'node:path';
import { z } from 'zod';
import { backupFolderOf, listBackups, restoreBackup } from '../../../db/backups';
import { errorFacts } from '../../../db/log';
import { DatabaseOpenError } from '../../../db/open';
import * as render from '../render';
import { CliFailure, command } from './command';
import { confirmation, outFile, positional, shown, text } from './flags';

export const backupCommands = [
  command({
    name: 'backup',
    summary: 'Write a consistent, checked copy of the customer book',
    flags: z.object({ out: outFile }),
    run: (ctx, f) => ctx.backup(f.out),
    text: (b) => `Backed up to ${b.file} (${b.bytes.toLocaleString('en')} bytes)`,
  }),

  command({
    name: 'backups list',
    summary: "List the backups in the shop's backup folder (or --dir), newest first; works on a damaged book",
    flags: z.object({ dir: shown(text, 'DIR').optional() }),
    run: async (ctx, f) => listBackups(f.dir ?? backupFolderOf(ctx.file)),
    offline: (file, f) => listBackups(f.dir ?? backupFolderOf(file)),
    text: (list) => (list.length === 0 ? 'No backups yet' : render.table(['Backup', 'Taken', 'Bytes'], list.map((b) => [b.file, b.at, b.bytes.toLocaleString('en')]), [2])),
  }),

  command({
    name: 'restore',
    summary: 'Replace the customer book with a checked backup (the current book is kept as a pre-restore copy)',
    args: ['backup'],
    flags: z.object({ backup: positional('backup'), yes: confirmation }),
    run: async () => {
      throw new CliFailure({ code: 'internal', message: 'restore runs without opening the book' });
    },
    offline: (file, f, log) => {
      if (!f.yes) throw new CliFailure({ code: 'validation', message: 'Restoring replaces the customer book: add --yes to confirm' });
      const backupFile = path.resolve(f.backup);
      try {
        const report = restoreBackup({ databaseFile: file, backupFile, backupDir: backupFolderOf(file) });
        log.info('restore.done', { backup: backupFile, preRestore: report.preRestore, via: 'command line' });
        return report;
      } catch (error) {
        log.error('restore.failed', { backup: backupFile, via: 'command line', ...(error instanceof DatabaseOpenError ? { message: error.message } : errorFacts(error)) });
        throw error;
      }
    },
    text: (r) => `Restored ${r.restored}${r.preRestore ? `; the book as it was is kept at ${r.preRestore}` : ''}`,
  }),
];
