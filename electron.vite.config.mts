import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';
import { bundleCommandLine, bundledDependencies, optionalPackages } from './electron/bundle-node';
import packageJson from './package.json';
import { bundleWebBridge } from './electron/web/bundle-bridge';

/** The dev host's `window.regulars`, bundled for the browser beside the dev host that serves it (out/main/web-bridge.js). */
const webBridge = (): Plugin => ({
  name: 'regulars-web-bridge',
  async generateBundle() {
    this.emitFile({ type: 'asset', fileName: 'web-bridge.js', source: await bundleWebBridge(__dirname) });
  },
});

/** The command line as one file (out/cli/regulars.cjs), which bin/regulars.cjs runs while it is current. */
const commandLine = (): Plugin => ({
  name: 'regulars-command-line',
  async writeBundle() {
    await bundleCommandLine(__dirname);
  },
});

export default defineConfig({
  main: {
    plugins: [webBridge(), commandLine()],
    build: {
      outDir: 'out/main',
      // The host, the book's worker and Electron's main process load one file each, not node_modules.
      externalizeDeps: { exclude: bundledDependencies(packageJson) },
      rollupOptions: {
        external: optionalPackages,
        input: {
          index: resolve(__dirname, 'electron/main/index.ts'),
          'db-worker': resolve(__dirname, 'electron/worker/entry.ts'),
          // The browser dev host (`npm run web`, the e2e tests): plain Node, started without compiling TypeScript.
          'web-host': resolve(__dirname, 'electron/web/main.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      // A sandboxed preload may require only 'electron': bundle zod and the rest into it.
      externalizeDeps: false,
      outDir: 'out/preload',
      rollupOptions: { input: { index: resolve(__dirname, 'electron/preload/index.ts') } },
    },
  },
  renderer: {
    root: resolve(__dirname, 'renderer'),
    plugins: [react()],
    build: {
      outDir: resolve(__dirname, 'out/renderer'),
      // Minified, and owner screens split into their own chunks: the counter's first rows paint sooner.
      minify: true,
      rollupOptions: { input: resolve(__dirname, 'renderer/index.html') },
    },
  },
});
