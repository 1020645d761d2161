import path from 'node:path';
import { toBuffer } from 'bwip-js';
import { z } from 'zod';
import { cardCode, type Customer } from '../../../shared/contract';
import { cardLayout, cardSvg, code128Options, qrOptions, type CardFace } from '../../../shared/cards/card';
import { command, invalidFlag } from './command';
import { writeFileAtomically } from './exports';
import { outFile, positional, shown, text } from './flags';

/** Tenths of a millimetre (the card's layout) in PDF points. */
const pt = (tenthsOfMm: number) => (tenthsOfMm / 10) * (72 / 25.4);

/**
 * PDF's standard fonts write Windows-1252 only: letters with marks it lacks are written without them
 * ("Ọlá" as "Ola"), and anything else as "?", rather than the card failing to print.
 */
const inStandardFont = (text: string) => text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[^\u0020-\u007e\u00a0-\u00ff]/g, '?');

/** The card as a one-page PDF of its real size, laid out as the screen's SVG is (shared/cards/card.ts). */
export async function cardPdf(face: CardFace): Promise<Uint8Array> {
  // Loaded for a card only: pdf-lib is a tenth of a second of every command's start otherwise.
  const { PDFDocument, rgb, StandardFonts } = await import('pdf-lib');
  const { width, height, margin, shopName, firstName, qr, barcode, codeText } = cardLayout;
  const pdf = await PDFDocument.create();
  pdf.setTitle(`Card of ${inStandardFont(face.firstName)}`);
  const page = pdf.addPage([pt(width), pt(height)]);
  const regular = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  const mono = await pdf.embedFont(StandardFonts.Courier);
  // PDF's y runs up from the bottom; the layout's, down from the top.
  const fromTop = (y: number) => pt(height - y);
  page.drawText(inStandardFont(face.shopName), { x: pt(margin), y: fromTop(shopName.y), size: pt(shopName.size), font: bold, color: rgb(0.07, 0.07, 0.07) });
  page.drawText(inStandardFont(face.firstName), { x: pt(margin), y: fromTop(firstName.y), size: pt(firstName.size), font: regular, color: rgb(0.2, 0.2, 0.2) });
  const qrImage = await pdf.embedPng(await toBuffer(qrOptions(face.code)));
  page.drawImage(qrImage, { x: pt(qr.x), y: fromTop(qr.y + qr.size), width: pt(qr.size), height: pt(qr.size) });
  const barcodeImage = await pdf.embedPng(await toBuffer(code128Options(face.code)));
  page.drawImage(barcodeImage, { x: pt(margin), y: fromTop(barcode.y + barcode.height), width: pt(width - 2 * margin), height: pt(barcode.height) });
  const codeWidth = mono.widthOfTextAtSize(face.code, pt(codeText.size));
  page.drawText(face.code, { x: pt(width / 2) - codeWidth / 2, y: fromTop(codeText.y), size: pt(codeText.size), font: mono });
  return pdf.save();
}

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
      writeFileAtomically(f.out, format === '.pdf' ? await cardPdf(face) : cardSvg(face));
      return { customerId: customer.id, cardCode: face.code, file: path.resolve(f.out) };
    },
    text: (v) => `Wrote the card ${v.cardCode} of customer ${v.customerId} to ${v.file}`,
  }),
];
