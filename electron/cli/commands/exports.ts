import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { CliFailure, command } from './command';
import { choice, outFile, positional, shown, text } from './flags';

/** Written beside the target and renamed over it, so a reader never sees half a file. */
export function writeFileAtomically(file: string, contents: string | Uint8Array): void {
  const temp = `${file}.${process.pid}.tmp`;
  try {
    fs.writeFileSync(temp, contents);
    fs.renameSync(temp, file);
  } catch (error) {
    fs.rmSync(temp, { force: true });
    throw new CliFailure({ code: 'internal', message: `Could not write ${file}: ${(error as Error).message}` });
  }
}

export const exportCommands = [
  command({
    name: 'export customers',
    summary: 'Write every customer with their history metrics, as CSV or JSON',
    flags: z.object({ out: outFile, format: choice(['csv', 'json']).optional() }),
    run: async (ctx, f) => {
      const file = await ctx.call('exports.customers', { format: f.format ?? 'csv' });
      writeFileAtomically(f.out, file.content);
      return { file: path.resolve(f.out), format: file.format, rows: file.rows };
    },
    text: (r) => `Wrote ${r.rows} ${r.rows === 1 ? 'customer' : 'customers'} to ${r.file}`,
  }),

  command({
    name: 'export sales',
    summary: 'Write every sale as CSV, voided ones marked',
    flags: z.object({ out: outFile }),
    run: async (ctx, f) => {
      const file = await ctx.call('exports.sales', {});
      writeFileAtomically(f.out, file.content);
      return { file: path.resolve(f.out), format: file.format, rows: file.rows };
    },
    text: (r) => `Wrote ${r.rows} ${r.rows === 1 ? 'sale' : 'sales'} to ${r.file}`,
  }),

  command({
    name: 'export customer',
    summary: "Write everything held about one customer as JSON (an access request)",
    args: ['customer'],
    flags: z.object({ customer: positional('customer'), out: outFile }),
    run: async (ctx, f) => {
      const data = await ctx.call('exports.customer', { id: (await ctx.resolve(f.customer)).id });
      writeFileAtomically(f.out, JSON.stringify(data, null, 2));
      return { file: path.resolve(f.out), customerId: data.customer.id };
    },
    text: (r) => `Wrote customer ${r.customerId}'s data to ${r.file}`,
  }),

  command({
    name: 'export mailchimp',
    summary: 'Write a Mailchimp import file of consented customers, and a report of who was left out and why',
    flags: z.object({ out: outFile, segment: shown(text, 'NAME').optional() }),
    run: async (ctx, f) => {
      const result = await ctx.call('exports.mailchimp', { segment: f.segment });
      const reportFile = `${f.out.replace(/\.csv$/i, '')}-left-out.csv`;
      writeFileAtomically(f.out, result.csv);
      writeFileAtomically(reportFile, result.leftOutCsv);
      return { ...result, file: path.resolve(f.out), reportFile: path.resolve(reportFile) };
    },
    text: (r) =>
      [`Exported ${r.exported} ${r.exported === 1 ? 'customer' : 'customers'} to ${r.file}`, `Left out ${r.leftOut.length} (report: ${r.reportFile})`, ...r.leftOut.map((l) => `  ${l.email}  ${l.reason}`)].join('\n'),
    json: (r) => ({ exported: r.exported, leftOut: r.leftOut }),
  }),
];
