import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '..', '..');

/**
 * Builds the renderer once per run (the dev host serves out/renderer; tests never rebuild).
 * E2E_SKIP_BUILD=1 reuses an existing build, e.g. when iterating on tests alone.
 */
export default function globalSetup() {
  const index = path.join(root, 'out', 'renderer', 'index.html');
  if (process.env.E2E_SKIP_BUILD === '1') {
    if (!fs.existsSync(index)) throw new Error(`E2E_SKIP_BUILD=1 but there is no build at ${index}: run npx electron-vite build`);
    return;
  }
  const bin = path.join(root, 'node_modules', '.bin', process.platform === 'win32' ? 'electron-vite.cmd' : 'electron-vite');
  try {
    execFileSync(bin, ['build'], { cwd: root, stdio: 'pipe' });
  } catch (error) {
    const e = error as { stdout?: Buffer; stderr?: Buffer };
    throw new Error(`electron-vite build failed:\n${e.stdout?.toString() ?? ''}\n${e.stderr?.toString() ?? ''}`);
  }
  if (!fs.existsSync(index)) throw new Error(`The build did not produce ${index}`);
}
