import fs from 'node:fs';
import path from 'node:path';
import { build, type Plugin } from 'esbuild';

/**
 * The packages a bundle still requires from node_modules: a native module (better-sqlite3), and
 * pino, whose log transport runs pino-roll in a thread it starts by file name. Every other
 * dependency is bundled: Node resolving and reading the few hundred files of drizzle-orm, zod and
 * the rest was most of a process's or worker's start (about 0.8 s of CPU for the dev host's).
 */
export const keptInNodeModules = ['better-sqlite3', 'pino', 'pino-roll', 'electron', 'tsx'];
/** Optional packages the bundled ones require only where they exist (pg's native bindings). */
export const optionalPackages = ['pg-native', 'pg-cloudflare'];

/** Our dependencies bundled into each Node entry point (all but `keptInNodeModules`). */
export function bundledDependencies(packageJson: { dependencies?: Record<string, string> }): string[] {
  return Object.keys(packageJson.dependencies ?? {}).filter((name) => !keptInNodeModules.includes(name));
}

/** What a bundle was made from: the bundle is out of date once any of them is newer than it. */
export interface BundleInputs {
  /** The source files, relative to the bundle's folder. */
  inputs: string[];
}

/** The list of a bundle's sources, written beside it: `regulars.cjs` → `regulars.cjs.inputs.json`. */
export const inputsFileOf = (outFile: string): string => `${outFile}.inputs.json`;

/**
 * `import.meta.url` in a module of the bundle names the module's own source file, as it does when the
 * sources run through tsx: the migrations folders are found next to the code that reads them. In a
 * CommonJS bundle it would otherwise be empty.
 */
function sourceUrls(outDir: string): Plugin {
  return {
    name: 'source-import-meta-url',
    setup(bundler) {
      bundler.onLoad({ filter: /\.ts$/ }, async ({ path: file }) => {
        const contents = await fs.promises.readFile(file, 'utf8');
        if (file.includes(`${path.sep}node_modules${path.sep}`) || !contents.includes('import.meta.url')) return undefined;
        const fromBundle = JSON.stringify(path.relative(outDir, file));
        const url = `require('node:url').pathToFileURL(require('node:path').join(__dirname, ${fromBundle})).href`;
        return { contents: contents.replaceAll('import.meta.url', url), loader: 'ts' };
      });
    },
  };
}

/**
 * One of our Node entry points (the command line, the book's worker, a test's child process) as one
 * CommonJS file. Node starts it without compiling TypeScript module by module as tsx does: the
 * command line's 140 modules took tsx about 1.5 s of CPU at every start. Writes the bundle and its
 * inputs list (see `inputsFileOf`).
 */
export async function bundleNodeEntry({ entry, outFile }: { entry: string; outFile: string }): Promise<BundleInputs> {
  const outDir = path.dirname(outFile);
  const result = await build({
    entryPoints: [entry],
    outfile: outFile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    external: [...keptInNodeModules, ...optionalPackages],
    metafile: true,
    logLevel: 'warning',
    plugins: [sourceUrls(outDir)],
  });
  // Our sources only: a package changes with npm install, which a build follows.
  const inputs = Object.keys(result.metafile.inputs)
    .filter((input) => !input.includes('node_modules/'))
    .map((input) => path.relative(outDir, path.resolve(input)));
  const list: BundleInputs = { inputs };
  fs.writeFileSync(inputsFileOf(outFile), `${JSON.stringify(list)}\n`);
  return list;
}
