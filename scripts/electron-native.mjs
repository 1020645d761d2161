#!/usr/bin/env node
/**
 * prestart: keeps an Electron-ABI build of better-sqlite3 in .electron-native/, beside the Node build
 * in node_modules that `npm test` uses. The main process hands it to better-sqlite3 as `nativeBinding`.
 * node_modules/better-sqlite3/build is never touched: the work happens in a temporary copy.
 * Packaged apps don't use this; electron-builder rebuilds better-sqlite3 for Electron at pack time.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const { electronNativeBinding } = require('./electron-native-path.cjs');
const { findElectron } = require('./electron-binary.cjs');

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const electronVersion = require(require.resolve('electron/package.json', { paths: [root] })).version;
const { platform, arch } = process;
const target = electronNativeBinding(root, electronVersion, platform, arch);

process.exitCode = main();

function main() {
  if (fs.existsSync(target)) return 0;
  const electron = findElectron(root);
  if (!electron.ok) {
    console.log(`electron-native: skipped, the Electron binary is missing (${electron.reason}).`);
    return 0; // start.mjs explains what to do instead
  }

  const source = path.dirname(require.resolve('better-sqlite3/package.json', { paths: [root] }));
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'regulars-sqlite-'));
  const copy = path.join(work, 'better-sqlite3');
  try {
    const sourceBuild = path.join(source, 'build');
    fs.cpSync(source, copy, { recursive: true, filter: (file) => !isInside(file, sourceBuild) });
    const built = path.join(copy, 'build', 'Release', 'better_sqlite3.node');
    const attempts = [
      ['prebuilt download (prebuild-install)', () => prebuildInstall(source, copy)],
      ['compile from source (node-gyp)', () => nodeGyp(copy)],
    ];
    for (const [name, run] of attempts) {
      fs.rmSync(path.join(copy, 'build'), { recursive: true, force: true });
      console.log(`electron-native: better-sqlite3 for Electron ${electronVersion} ${platform}-${arch}: ${name}`);
      if (run() && fs.existsSync(built) && loadsInElectron(electron.path, source, built)) {
        fs.mkdirSync(path.dirname(target), { recursive: true });
        // Copy then rename, so an interrupted copy never looks like a finished build.
        fs.copyFileSync(built, `${target}.partial`);
        fs.renameSync(`${target}.partial`, target);
        console.log(`electron-native: ready at ${path.relative(root, target)}`);
        return 0;
      }
    }
    console.error('electron-native: could not get better-sqlite3 for Electron (no prebuilt binary, and compiling failed; see above).');
    return 1;
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

function isInside(file, folder) {
  const relative = path.relative(folder, file);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

function run(args, cwd) {
  return spawnSync(process.execPath, args, { cwd, stdio: 'inherit' }).status === 0;
}

function prebuildInstall(source, copy) {
  // prebuild-install reads package.json (name, version) from its cwd and writes build/Release there.
  const bin = require.resolve('prebuild-install/bin.js', { paths: [source] });
  return run([bin, '--runtime', 'electron', '--target', electronVersion, '--arch', arch, '--platform', platform], copy);
}

function nodeGyp(copy) {
  const bin = findNodeGyp();
  if (!bin) {
    console.error('electron-native: node-gyp was not found (it ships with npm).');
    return false;
  }
  return run(
    [
      bin,
      'rebuild',
      '--release',
      '--runtime=electron',
      `--target=${electronVersion}`,
      `--arch=${arch}`,
      '--dist-url=https://electronjs.org/headers',
      // Electron's headers in their own cache, never mixed with Node's.
      `--devdir=${path.join(os.homedir(), '.electron-gyp')}`,
    ],
    copy,
  );
}

function findNodeGyp() {
  const fromNpm = process.env.npm_config_node_gyp; // set by npm when it runs `prestart`
  if (fromNpm && fs.existsSync(fromNpm)) return fromNpm;
  const nodeDir = path.dirname(process.execPath);
  const npmDirs = [path.join(nodeDir, '..', 'lib', 'node_modules', 'npm'), path.join(nodeDir, 'node_modules', 'npm')];
  for (const paths of [npmDirs, [root]]) {
    try {
      return require.resolve('node-gyp/bin/node-gyp.js', { paths });
    } catch {
      // try the next place
    }
  }
  return undefined;
}

/** The proof that matters: Electron's own Node (same ABI as its main process) opens a database with it. */
function loadsInElectron(electronPath, source, built) {
  const code = `const Database = require(${JSON.stringify(source)});
    new Database(':memory:', { nativeBinding: ${JSON.stringify(built)} }).close();`;
  const env = { ...process.env, ELECTRON_RUN_AS_NODE: '1' };
  const child = spawnSync(electronPath, ['-e', code], { env, encoding: 'utf8' });
  if (child.status === 0) return true;
  console.error(`electron-native: the build does not load in Electron: ${(child.stderr || child.error?.message || '').trim().split('\n')[0]}`);
  return false;
}
