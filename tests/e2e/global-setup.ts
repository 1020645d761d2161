import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '..', '..');

/**
 * Builds once per run: the renderer (out/renderer) and the dev host that serves it (out/main/web-host.js).
 * E2E_SKIP_BUILD=1 reuses an existing build (npm test builds just before), e.g. when iterating on tests alone.
 */
export default function globalSetup() {
  const outputs = [path.join(root, 'out', 'renderer', 'index.html'), path.join(root, 'out', 'main', 'web-host.js')];
  if (process.env.E2E_SKIP_BUILD === '1') {
    const missing = outputs.filter((file) => !fs.existsSync(file));
    if (missing.length > 0) throw new Error(`E2E_SKIP_BUILD=1 but the build lacks ${missing.join(', ')}: run npx electron-vite build`);
    return;
  }
  const bin = path.join(root, 'node_modules', '.bin', process.platform === 'win32' ? 'electron-vite.cmd' : 'electron-vite');
  try {
    execFileSync(bin, ['build'], { cwd: root, stdio: 'pipe' });
  } catch (error) {
    const e = error as { stdout?: Buffer; stderr?: Buffer };
    throw new Error(`electron-vite build failed:\n${e.stdout?.toString() ?? ''}\n${e.stderr?.toString() ?? ''}`);
  }
  for (const file of outputs) if (!fs.existsSync(file)) throw new Error(`The build did not produce ${file}`);
}
