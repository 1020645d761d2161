import path from 'node:path';
import { z } from 'zod';
import { cardCode, type Customer } from '../../../shared/contract';
import { command, invalidFlag } from './command';
import { writeFileAtomically } from './exports';
import { outFile, positional, shown, text } from './flags';

export const cardCommands = [
  command({
    name: 'customers card',
    summary:
      "Write a customer's card, to print: their first name, the shop's name, and the code as a barcode and a QR code (--out card.pdf, or card.svg). A customer with no card is given one; --code takes the code of a card the shop gave out before, --new makes a fresh one in place of the old",
    args: ['customer'],
    flags: z.object({
      customer: positional('customer'),
      out: outFile,
      code: shown(text, 'CODE').optional(),
      new: z.boolean().optional(),
    }),
    run: async (ctx, f) => {
      const format = path.extname(f.out).toLowerCase();
      if (format !== '.pdf' && format !== '.svg') throw invalidFlag('--out', 'Give a file ending in .pdf or .svg');
      if (f.code !== undefined && !cardCode.safeParse(f.code).success) throw invalidFlag('--code', cardCode.safeParse(f.code).error!.issues[0].message);
      let customer: Customer = await ctx.resolve(f.customer);
      if (f.code !== undefined || f.new || !customer.cardCode) customer = await ctx.call('cards.issue', { customerId: customer.id, ...(f.code !== undefined ? { code: f.code } : {}) });
      const face = { shopName: (await ctx.settings()).shopName, firstName: customer.firstName, code: customer.cardCode! };
      // Its own bundle, loaded for a card only: the barcodes and the PDF writer are half the command line's code.
      const { cardPdf, cardSvg } = await import('./card-file');
      writeFileAtomically(f.out, format === '.pdf' ? await cardPdf(face) : cardSvg(face));
      return { customerId: customer.id, cardCode: face.code, file: path.resolve(f.out) };
    },
    text: (v) => `Wrote the card ${v.cardCode} of customer ${v.customerId} to ${v.file}`,
  }),
];
