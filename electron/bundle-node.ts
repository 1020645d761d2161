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
 * A module an entry loads with `import()` only for a rare task, made a bundle of its own: the
 * entry's bundle then requires it by its file name when the task comes, and Node neither reads nor
 * compiles its code at every start (esbuild would otherwise inline it, lazily run but still parsed).
 */
function modulesApart(apart: Record<string, string>): Plugin {
  const nameOf = new Map(Object.entries(apart).map(([name, file]) => [path.resolve(file), name]));
  return {
    name: 'modules-apart',
    setup(bundler) {
      bundler.onResolve({ filter: /^\./ }, async (args) => {
        if (args.kind !== 'dynamic-import' || args.pluginData === 'apart') return undefined;
        const found = await bundler.resolve(args.path, { kind: args.kind, importer: args.importer, resolveDir: args.resolveDir, pluginData: 'apart' });
        const name = nameOf.get(found.path);
        return name === undefined ? undefined : { path: `./${name}.cjs`, external: true };
      });
    },
  };
}

/**
 * zod's messages in English alone. zod's namespace re-exports its table of 40-odd translations,
 * which esbuild cannot leave out of a bundle as Rollup does: they were 400 KB of the command line's
 * 2.3 MB, read and compiled at every start. zod registers English itself, and no code of ours picks
 * another language: `z.locales.fr()` would throw in the bundle, so such a use could not go unnoticed.
 */
function zodInEnglishOnly(): Plugin {
  return {
    name: 'zod-in-english-only',
    setup(bundler) {
      bundler.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, ({ importer, resolveDir }) =>
        /[\\/]node_modules[\\/]zod[\\/]/.test(importer) ? { path: path.join(resolveDir, '..', 'locales', 'en.js'), namespace: 'zod-english' } : undefined,
      );
      bundler.onLoad({ filter: /.*/, namespace: 'zod-english' }, ({ path: english }) => ({
        contents: `export { default as en } from ${JSON.stringify(english)};`,
        resolveDir: path.dirname(english),
        loader: 'js',
      }));
    },
  };
}

/**
 * Our Node entry points (the command line, the book's worker, a test's child processes), each as
 * one CommonJS file `<name>.cjs` in `outDir`, beside the list of sources it was made from (see
 * `inputsFileOf`). Node starts one without compiling TypeScript module by module as tsx does: the
 * command line's 140 modules took tsx about 1.5 s of CPU at every start. Entries bundled together
 * share the work of reading the modules they have in common.
 */
export async function bundleNodeEntries({
  entries,
  outDir,
  apart = {},
}: {
  entries: Record<string, string>;
  outDir: string;
  /** Modules the entries load with `import()`, bundled apart by name (see `modulesApart`). */
  apart?: Record<string, string>;
}): Promise<Record<string, string>> {
  const result = await build({
    entryPoints: { ...entries, ...apart },
    outdir: outDir,
    outExtension: { '.js': '.cjs' },
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    external: [...keptInNodeModules, ...optionalPackages],
    metafile: true,
    logLevel: 'warning',
    plugins: [sourceUrls(outDir), modulesApart(apart), zodInEnglishOnly()],
  });
  const ours = (inputs: Record<string, unknown>) => Object.keys(inputs).filter((input) => !input.includes('node_modules/'));
  const outputs = Object.entries(result.metafile.outputs).filter(([, { entryPoint }]) => entryPoint);
  // An entry is out of date when a module it loads apart is: its list names their sources too.
  const apartInputs = outputs.filter(([output]) => path.basename(output, '.cjs') in apart).flatMap(([, { inputs }]) => ours(inputs));
  const files: Record<string, string> = {};
  for (const [output, { inputs }] of outputs) {
    const file = path.resolve(output);
    files[path.basename(file, '.cjs')] = file;
    // Our sources only: a package changes with npm install, which a build follows.
    const list: BundleInputs = {
      inputs: [...new Set([...ours(inputs), ...apartInputs])].map((input) => path.relative(outDir, path.resolve(input))),
    };
    fs.writeFileSync(inputsFileOf(file), `${JSON.stringify(list)}\n`);
  }
  return files;
}

/** The command line's bundle, `out/cli/regulars.cjs`, which bin/regulars.cjs runs while it is current. */
export const bundleCommandLine = (repoRoot: string): Promise<Record<string, string>> =>
  bundleNodeEntries({
    entries: { regulars: path.join(repoRoot, 'electron', 'cli', 'main.ts') },
    outDir: path.join(repoRoot, 'out', 'cli'),
    apart: { 'regulars-card-file': path.join(repoRoot, 'electron', 'cli', 'commands', 'card-file.ts') },
  });
