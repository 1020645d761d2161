import path from 'node:path';
import { z } from 'zod';
import { backupFolderOf } from '../../../db/backups';
import { bookFactsOfFile, runtimeVersions, writeDiagnostics } from '../../../db/diagnostics';
import { logFolderOf } from '../../../db/log';
import { version as appVersion } from '../../../package.json';
import { CliFailure, command } from './command';
import { outFile } from './flags';

export const diagnosticsCommands = [
  command({
    name: 'diagnostics',
    summary: "Write a zip for support: the support log, versions, settings and SQLite's check of the book (no customer data, no PINs); works on a damaged book",
    flags: z.object({ out: outFile }),
    run: async () => {
      throw new CliFailure({ code: 'internal', message: 'diagnostics runs without opening the book for writing' });
    },
    offline: (file, f, log) => {
      const report = writeDiagnostics({
        out: f.out,
        facts: bookFactsOfFile(file),
        versions: runtimeVersions({ app: appVersion, host: 'command line' }),
        logFolder: logFolderOf(file),
        backupFolder: backupFolderOf(file),
        databaseFile: path.resolve(file),
        now: new Date(),
      });
      log.info('diagnostics.written', { file: report.file, bytes: report.bytes, via: 'command line' });
      return report;
    },
    text: (r) => `Wrote ${r.file} (${r.bytes.toLocaleString('en')} bytes): ${r.entries.join(', ')}. Send it to support; it holds no customer data.`,
  }),
];
