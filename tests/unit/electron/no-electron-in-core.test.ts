import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// Layering: the core (db/), the contract (shared/) and the UI (renderer/) run in Node, in a worker and
// in a browser too (npm test, the CLI, the web host), so none may depend on Electron; and the UI
// reaches data only through window.regulars, never by importing the database code.
const root = path.resolve(__dirname, '../../..');
const sourceFile = /\.(?:[cm]?[jt]sx?)$/;

function sourceFiles(dir: string): string[] {
  const full = path.join(root, dir);
  if (!fs.existsSync(full)) return [];
  return fs.readdirSync(full, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && sourceFile.test(entry.name) && !entry.parentPath.includes('node_modules'))
    .map((entry) => path.join(entry.parentPath, entry.name));
}

/** Every module specifier in a file: import/export ... from, side-effect imports, import(), require(). */
function specifiers(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  const found: string[] = [];
  const patterns = [
    /\b(?:import|export)\b[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]/g,
    /\bimport\s*['"]([^'"]+)['"]/g,
    /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
    /\brequire\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  for (const pattern of patterns) for (const match of text.matchAll(pattern)) found.push(match[1]);
  return found;
}

const isElectron = (specifier: string) => specifier === 'electron' || specifier.startsWith('electron/');
const rel = (file: string) => path.relative(root, file);

describe('layering', () => {
  it('finds the sources it checks', () => {
    expect(sourceFiles('db').length).toBeGreaterThan(0);
    expect(sourceFiles('shared').length).toBeGreaterThan(0);
    expect(sourceFiles('renderer').length).toBeGreaterThan(0);
  });

  it('the specifier scan sees every import form', () => {
    const sample = path.join(root, 'tests/unit/electron/no-electron-in-core.test.ts');
    expect(specifiers(sample)).toEqual(expect.arrayContaining(['node:fs', 'node:path', 'vitest']));
  });

  it.each(['db', 'shared', 'renderer'])('%s/ never imports electron', (dir) => {
    const offenders = sourceFiles(dir).filter((file) => specifiers(file).some(isElectron)).map(rel);
    expect(offenders).toEqual([]);
  });

  it('renderer/ never imports from db/ or the native database driver', () => {
    const db = path.join(root, 'db');
    const offenders: string[] = [];
    for (const file of sourceFiles('renderer')) {
      for (const specifier of specifiers(file)) {
        const target = specifier.startsWith('.') ? path.resolve(path.dirname(file), specifier) : '';
        const intoDb = target !== '' && (target === db || target.startsWith(db + path.sep));
        const driver = /^(?:better-sqlite3|drizzle-orm)(?:\/|$)/.test(specifier);
        if (intoDb || driver) offenders.push(`${rel(file)} -> ${specifier}`);
      }
    }
    expect(offenders).toEqual([]);
  });
});
