import { toSVG } from 'bwip-js';

/**
 * A customer's card, as printed: the size of a bank card (85.6 × 54 mm), with the shop's name, the
 * customer's first name, the code as a Code 128 barcode (what counter scanners read) and as a QR
 * code (what a phone reads), and the code in letters for typing by hand. One layout, drawn as SVG
 * for the screen and the print dialog, and laid out the same in the command line's PDF.
 */
export interface CardFace {
  shopName: string;
  firstName: string;
  code: string;
}

/** Tenths of a millimetre: the card is 856 × 540. */
export const cardLayout = {
  width: 856,
  height: 540,
  margin: 40,
  shopName: { y: 88, size: 46 },
  firstName: { y: 150, size: 38 },
  qr: { x: 616, y: 32, size: 200 },
  barcode: { y: 270, height: 170 },
  codeText: { y: 500, size: 34 },
} as const;

/** The barcode options both drawings share: white quiet zones either side, as scanners need. */
export const code128Options = (code: string) => ({ bcid: 'code128', text: code, scale: 3, height: 12, paddingwidth: 12, paddingheight: 2, backgroundcolor: 'FFFFFF' });
export const qrOptions = (code: string) => ({ bcid: 'qrcode', text: code, scale: 4, paddingwidth: 4, paddingheight: 4, backgroundcolor: 'FFFFFF' });

const escapeXml = (text: string) => text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** bwip-js's own SVG, placed at a box of the card. */
function placed(svg: string, box: { x: number; y: number; width: number; height: number }, stretch: boolean): string {
  const size = `x="${box.x}" y="${box.y}" width="${box.width}" height="${box.height}"${stretch ? ' preserveAspectRatio="none"' : ''}`;
  return svg.replace(/^<svg /, `<svg ${size} `);
}

export function cardSvg(face: CardFace): string {
  const { width, height, margin, shopName, firstName, qr, barcode, codeText } = cardLayout;
  const font = 'font-family="Helvetica, Arial, sans-serif"';
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="85.6mm" height="54mm" role="img" aria-label="${escapeXml(`Card of ${face.firstName} at ${face.shopName}: ${face.code}`)}">`,
    `<rect x="2" y="2" width="${width - 4}" height="${height - 4}" rx="32" fill="#ffffff" stroke="#888888" stroke-width="3"/>`,
    `<text x="${margin}" y="${shopName.y}" font-size="${shopName.size}" font-weight="700" fill="#111111" ${font}>${escapeXml(face.shopName)}</text>`,
    `<text x="${margin}" y="${firstName.y}" font-size="${firstName.size}" fill="#333333" ${font}>${escapeXml(face.firstName)}</text>`,
    placed(toSVG(qrOptions(face.code)), { x: qr.x, y: qr.y, width: qr.size, height: qr.size }, false),
    placed(toSVG(code128Options(face.code)), { x: margin, y: barcode.y, width: width - 2 * margin, height: barcode.height }, true),
    `<text x="${width / 2}" y="${codeText.y}" font-size="${codeText.size}" text-anchor="middle" letter-spacing="4" fill="#111111" font-family="ui-monospace, Menlo, Consolas, monospace">${escapeXml(face.code)}</text>`,
    '</svg>',
  ].join('\n');
}
