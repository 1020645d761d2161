import path from 'node:path';
import { build } from 'vite';

/**
 * Bundles the dev host's browser bridge (electron/web/bridge.ts, with the shared code it imports)
 * into one classic script, as the page loads it before the renderer. Used by the build
 * (electron.vite.config.mts) and by the dev host's own test.
 */
export async function bundleWebBridge(repoRoot: string): Promise<string> {
  const built = await build({
    configFile: false,
    logLevel: 'warn',
    build: {
      write: false,
      minify: true,
      lib: { entry: path.join(repoRoot, 'electron', 'web', 'bridge.ts'), formats: ['iife'], name: 'regularsBridge' },
    },
  });
  const outputs = Array.isArray(built) ? built : 'output' in built ? [built] : [];
  const [chunk] = outputs.flatMap((o) => o.output).filter((file) => file.type === 'chunk');
  if (!chunk) throw new Error('The browser bridge bundle came out empty');
  return chunk.code;
}
