#!/usr/bin/env node
/** npm start: build, then run the desktop app. Without an Electron binary, say so and point at the web host. */
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const { findElectron } = require('./electron-binary.cjs');

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const electron = findElectron(root);
if (!electron.ok) {
  console.error(
    `The Electron binary is not installed on this machine (${electron.reason}). ` +
      'Run `npm run web` to use Regulars in a browser instead.',
  );
  process.exit(1);
}

const electronVite = path.join(path.dirname(require.resolve('electron-vite/package.json', { paths: [root] })), 'bin', 'electron-vite.js');
const build = spawnSync(process.execPath, [electronVite, 'build'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

// Inherited from a parent tool, this variable would make Electron behave as plain Node.
const env = { ...process.env };
delete env.ELECTRON_RUN_AS_NODE;
const child = spawn(electron.path, ['.'], { cwd: root, stdio: 'inherit', env });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('error', (error) => {
  console.error(`Could not start Electron: ${error.message}`);
  process.exit(1);
});
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
