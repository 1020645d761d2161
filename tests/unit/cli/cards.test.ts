import fs from 'node:fs';
import path from 'node:path';
import { decodePDFRawStream, PDFDocument, PDFName, PDFNumber, PDFRawStream } from 'pdf-lib';
import { expect, it } from 'vitest';
import { readCodes } from '../../support/barcodes';
import { describeEngines, type Engine } from '../../support/engines';
import { cli, cliJson, newBook, tempDir } from './helpers';

async function shop(engine: Engine) {
  const db = await newBook(engine);
  await cliJson(db, ['init', '--country', 'GH', '--shop-name', 'Osu Corner Shop']);
  return db;
}

/** The page's size, and what a decoder reads in each image the PDF draws. */
async function barcodesIn(file: string): Promise<{ width: number; height: number; codes: { format: string; text: string }[] }> {
  const pdf = await PDFDocument.load(fs.readFileSync(file));
  const [page] = pdf.getPages();
  const codes: { format: string; text: string }[] = [];
  for (const [, object] of pdf.context.enumerateIndirectObjects()) {
    // The images themselves (RGB), not their alpha masks.
    if (!(object instanceof PDFRawStream) || object.dict.get(PDFName.of('Subtype')) !== PDFName.of('Image') || object.dict.get(PDFName.of('ColorSpace')) !== PDFName.of('DeviceRGB')) continue;
    const width = (object.dict.get(PDFName.of('Width')) as PDFNumber).asNumber();
    const height = (object.dict.get(PDFName.of('Height')) as PDFNumber).asNumber();
    const rgb = decodePDFRawStream(object).decode();
    const data = new Uint8ClampedArray(width * height * 4);
    for (let i = 0; i < width * height; i++) data.set([rgb[i * 3], rgb[i * 3 + 1], rgb[i * 3 + 2], 255], i * 4);
    codes.push(...(await readCodes({ data, width, height })));
  }
  return { ...page.getSize(), codes };
}

describeEngines('customer cards', (engine) => {
  it('customers card writes a bank-card-sized PDF whose barcode and QR code read back as the code, which finds the customer', async () => {
    const db = await shop(engine);
    const ama = await cliJson(db, ['customers', 'add', '--first-name', 'Ama', '--phone', '024 412 3456']);
    const file = path.join(tempDir(), 'card.pdf');
    const written = await cliJson(db, ['customers', 'card', String(ama.id), '--out', file]);
    expect(written.cardCode).toMatch(/^R[2-9A-HJKMNP-Z]{9}$/);
    const { width, height, codes } = await barcodesIn(file);
    expect([width, height].map((v) => Math.round((v / 72) * 25.4 * 10) / 10)).toEqual([85.6, 54]);
    expect(codes.sort((a, b) => a.format.localeCompare(b.format))).toEqual([
      { format: 'Code128', text: written.cardCode },
      { format: 'QRCode', text: written.cardCode },
    ]);

    // The code names her wherever a customer is named, in any case.
    expect((await cliJson(db, ['customers', 'show', written.cardCode.toLowerCase()])).id).toBe(ama.id);
    expect((await cliJson(db, ['sales', 'add', written.cardCode, '--amount', '12.50'])).customerId).toBe(ama.id);
    // Written again, the card keeps its code; --new makes another, and the old one finds nobody.
    expect((await cliJson(db, ['customers', 'card', String(ama.id), '--out', file])).cardCode).toBe(written.cardCode);
    const renewed = await cliJson(db, ['customers', 'card', String(ama.id), '--out', path.join(tempDir(), 'card.svg'), '--new']);
    expect(renewed.cardCode).not.toBe(written.cardCode);
    expect((await cli(['--db', db, 'customers', 'show', written.cardCode])).code).toBe(3);
  });

  it('takes the code of a card the shop gave out before, refuses one another customer holds, and a merge keeps the card finding them', async () => {
    const db = await shop(engine);
    const ama = await cliJson(db, ['customers', 'add', '--first-name', 'Ama', '--email', 'ama@example.com']);
    const kofi = await cliJson(db, ['customers', 'add', '--first-name', 'Kofi']);
    const svg = path.join(tempDir(), 'card.svg');
    expect((await cliJson(db, ['customers', 'card', String(ama.id), '--out', svg, '--code', 'old-0042'])).cardCode).toBe('OLD-0042');
    expect(fs.readFileSync(svg, 'utf8')).toContain('aria-label="Card of Ama at Osu Corner Shop: OLD-0042"');
    const taken = await cli(['--db', db, '--json', 'customers', 'card', String(kofi.id), '--out', svg, '--code', 'OLD-0042']);
    expect(taken.code).toBe(4);
    expect(JSON.parse(taken.stdout).error).toMatchObject({ code: 'conflict', message: `This card is already given to customer ${ama.id}` });
    const bad = await cli(['--db', db, 'customers', 'card', String(kofi.id), '--out', path.join(tempDir(), 'card.png')]);
    expect([bad.code, bad.stderr]).toEqual([2, expect.stringContaining('--out: Give a file ending in .pdf or .svg')]);

    await cliJson(db, ['customers', 'merge', String(kofi.id), String(ama.id)]);
    expect((await cliJson(db, ['customers', 'show', 'OLD-0042'])).id).toBe(kofi.id);
  });
});
