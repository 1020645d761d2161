import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { dateOrderLabels, dateOrders, importEncodings, importFormats } from '../../../shared/contract';
import { CliFailure, command } from './command';
import { choice, oneOf, positional, shown, wholeNumber } from './flags';

export const importCommands = [
  command({
    name: 'import',
    summary: 'Import customers from a spreadsheet CSV, Shopify, Square or a Mailchimp audience export',
    args: ['file'],
    flags: z.object({
      file: positional('file'),
      'dry-run': z.boolean().optional(),
      format: choice(['auto', ...importFormats]).optional(),
      'on-duplicate': choice(['update', 'skip']).optional(),
      encoding: choice(['auto', ...importEncodings]).optional(),
      // Usage leaves out "auto": it is the default, the order of the shop's country.
      'date-order': shown(choice(['auto', ...dateOrders]), oneOf(dateOrders)).optional(),
      'skip-invalid': z.boolean().optional(),
    }),
    fieldFlags: { onDuplicate: '--on-duplicate', skipInvalid: '--skip-invalid', dateOrder: '--date-order' },
    run: async (ctx, f) => {
      let bytes: Buffer;
      try {
        bytes = fs.readFileSync(f.file);
      } catch (error) {
        throw new CliFailure({ code: 'not_found', message: `Could not read ${f.file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}` });
      }
      const input = {
        fileName: path.basename(f.file),
        contentBase64: bytes.toString('base64'),
        format: f.format ?? 'auto',
        encoding: f.encoding ?? 'auto',
        onDuplicate: f['on-duplicate'] ?? 'skip',
        skipInvalid: f['skip-invalid'] ?? false,
        dateOrder: f['date-order'] ?? 'auto',
      };
      if (!f['dry-run']) return { dryRun: false, ...(await ctx.call('imports.commit', input)) };
      const preview = await ctx.call('imports.preview', input);
      return {
        dryRun: true,
        batchId: null,
        format: preview.format,
        dateOrder: preview.dateOrder,
        created: preview.counts.create,
        updated: preview.counts.update,
        skipped: preview.counts.skip + preview.counts.invalid,
        errors: preview.rows.filter((r) => r.errors.length > 0).map((r) => ({ row: r.row, message: r.errors.join('; ') })),
      };
    },
    text: (r) =>
      [
        `${r.dryRun ? 'Dry run (nothing written): would create' : `Import ${r.batchId}: created`} ${r.created}, ${r.dryRun ? 'update' : 'updated'} ${r.updated}, skipped ${r.skipped} (${r.format}, dates read ${dateOrderLabels[r.dateOrder]})`,
        ...r.errors.map((e) => `  row ${e.row}: ${e.message}`),
      ].join('\n'),
    json: ({ dryRun: _dryRun, ...r }) => r,
  }),

  command({
    name: 'import undo',
    summary: 'Undo a whole import: its new customers go, updated ones get their earlier values back',
    args: ['batchId'],
    flags: z.object({ batchId: positional('batchId').pipe(wholeNumber) }),
    run: (ctx, f) => ctx.call('imports.undo', { batchId: f.batchId }),
    text: (r) => `Undid import ${r.batchId}: removed ${r.removed}, restored ${r.restored}`,
  }),
];
