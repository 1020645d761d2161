import fs from 'node:fs';
import { prepareZXingModule, readBarcodes } from 'zxing-wasm/reader';

/**
 * ZXing's own decoder (C++, as WebAssembly), loaded from node_modules rather than fetched: the
 * barcodes a test reads back from a card, as a counter scanner or a phone would. (@zxing/library,
 * its JavaScript port, missed about one QR code in fifty of bwip-js's clean renderings.)
 */
let ready: Promise<unknown> | null = null;
function prepared(): Promise<unknown> {
  if (!ready) {
    const wasm = fs.readFileSync(require.resolve('zxing-wasm/reader/zxing_reader.wasm'));
    ready = prepareZXingModule({ overrides: { wasmBinary: wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) as ArrayBuffer }, fireImmediately: true });
  }
  return ready;
}

/** Every barcode in an image (a PNG file's bytes, or RGBA pixels), as its format and text. */
export async function readCodes(image: Uint8Array | { data: Uint8ClampedArray; width: number; height: number }): Promise<{ format: string; text: string }[]> {
  await prepared();
  const input = image instanceof Uint8Array ? new Blob([Uint8Array.from(image)]) : image;
  return (await readBarcodes(input as Blob, { formats: [] })).map((found) => ({ format: found.format, text: found.text }));
}
