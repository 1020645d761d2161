import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { keepNodeBuild, restoreNodeBuild } from '../../../scripts/dist-hooks.cjs';

vi.mock('electron', () => ({}));

const realBuild = path.resolve(__dirname, '../../../node_modules/better-sqlite3/build/Release/better_sqlite3.node');

/** A project folder with a copy of the real Node build of better-sqlite3 (the real one is never written). */
function fakeProject() {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'regulars-dist-'));
  const pkg = path.join(root, 'node_modules', 'better-sqlite3');
  fs.mkdirSync(path.join(pkg, 'build', 'Release'), { recursive: true });
  fs.writeFileSync(path.join(pkg, 'package.json'), JSON.stringify({ name: 'better-sqlite3', version: '12.6.2' }));
  const built = path.join(pkg, 'build', 'Release', 'better_sqlite3.node');
  fs.copyFileSync(realBuild, built);
  return { root, built };
}

describe('dist hooks: the Node build survives electron-builder rebuilding better-sqlite3 in place', () => {
  it('keeps the Node build aside and restores it over the Electron one', () => {
    const { root, built } = fakeProject();
    const original = fs.readFileSync(built);
    expect(keepNodeBuild(root)).toBe(true);
    expect(keepNodeBuild(root)).toBe(false); // a second arch in the same run must not overwrite it

    fs.writeFileSync(built, 'an Electron-ABI binary'); // what npmRebuild leaves behind
    expect(restoreNodeBuild(root)).toBe(true);
    expect(fs.readFileSync(built).equals(original)).toBe(true);
    expect(fs.existsSync(path.join(root, '.electron-native'))).toBe(true);
    expect(fs.readdirSync(path.join(root, '.electron-native'))).toEqual([]);
    expect(restoreNodeBuild(root)).toBe(false);
  });

  it('keeps nothing that Node cannot load', () => {
    const { root, built } = fakeProject();
    fs.writeFileSync(built, 'not a Node addon');
    expect(keepNodeBuild(root)).toBe(false);
    expect(restoreNodeBuild(root)).toBe(false);
    expect(fs.readFileSync(built, 'utf8')).toBe('not a Node addon');
  });
});
