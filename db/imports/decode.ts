import type { ImportEncoding } from '../../shared/contract';

/**
 * Bytes to text. Byte-order marks decide first (UTF-8, UTF-16 LE as Excel's "Unicode text");
 * otherwise valid UTF-8 is UTF-8, and anything else is taken as Windows-1252 (older Excel).
 */
export function decode(bytes: Buffer, encoding: ImportEncoding | 'auto'): { text: string; encoding: ImportEncoding } {
  const utf8Bom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const utf16Bom = bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe;
  let chosen: ImportEncoding;
  if (encoding !== 'auto') chosen = encoding;
  else if (utf8Bom) chosen = 'utf8';
  else if (utf16Bom) chosen = 'utf16le';
  else {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes);
      chosen = 'utf8';
    } catch {
      chosen = 'windows1252';
    }
  }
  const label = { utf8: 'utf-8', utf16le: 'utf-16le', windows1252: 'windows-1252' }[chosen];
  // TextDecoder drops a matching BOM itself.
  return { text: new TextDecoder(label).decode(bytes), encoding: chosen };
}

/** Text that went through the wrong encoding once ("ParÃ©", "Par√©", "â€™"): shown, never imported silently. */
export const looksGarbled = (text: string): boolean => /Ã[\u0080-\u00ff]|â€|√[©®†ß]|Â[\u00a0-\u00bf]|\ufffd/.test(text);
