// bwip-js's package exports name its types under the "node" and "browser" conditions only, which
// TypeScript's bundler resolution does not pick: the calls Regulars makes, from its dist/*.d.ts.
// (Vite takes the browser build for the screen, Node the node build for the command line.)
declare module 'bwip-js' {
  export interface RenderOptions {
    bcid: string;
    text: string;
    scale?: number;
    height?: number;
    paddingwidth?: number;
    paddingheight?: number;
    backgroundcolor?: string;
  }
  export function toSVG(options: RenderOptions): string;
  /** A PNG: the node build only. */
  export function toBuffer(options: RenderOptions): Promise<Buffer>;
}
