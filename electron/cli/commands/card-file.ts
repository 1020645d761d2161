import { toBuffer } from 'bwip-js';
import { PDFDocument, rgb, StandardFonts } from 'pdf-lib';
import { cardLayout, code128Options, qrOptions, type CardFace } from '../../../shared/cards/card';

/**
 * A customer's card as a file to print. The command line loads this module (a bundle of its own,
 * see bundleCommandLine) only when it writes a card: bwip-js and pdf-lib are half its code.
 */
export { cardSvg } from '../../../shared/cards/card';

/** Tenths of a millimetre (the card's layout) in PDF points. */
const pt = (tenthsOfMm: number) => (tenthsOfMm / 10) * (72 / 25.4);

/**
 * PDF's standard fonts write Windows-1252 only: letters with marks it lacks are written without them
 * ("Ọlá" as "Ola"), and anything else as "?", rather than the card failing to print.
 */
const inStandardFont = (text: string) => text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[^\u0020-\u007e\u00a0-\u00ff]/g, '?');

/** The card as a one-page PDF of its real size, laid out as the screen's SVG is (shared/cards/card.ts). */
export async function cardPdf(face: CardFace): Promise<Uint8Array> {
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
