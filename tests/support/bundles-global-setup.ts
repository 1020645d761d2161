// vitest's globalSetup: the Node entry points the tests start in a thread or process of their own,
// bundled once per run from the current sources, as the build bundles the CLI and the book's worker.
// Through tsx each of them compiled its ~150 modules again at every start: about 1.5 s of CPU, paid
// some eighty times a run on a two-core machine.
import fs from 'node:fs';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { bundleCommandLine, bundleNodeEntries } from '../../electron/bundle-node';

const repoRoot = path.resolve(__dirname, '..', '..');

/** Each entry point, by the name a test asks for it with `bundled(name)` (tests/unit/helpers.ts). */
const entries = {
  /** The book's worker thread (what `startDatabaseWorkers` runs). */
  worker: 'electron/worker/entry.ts',
  crashChild: 'tests/unit/core/crash-child.ts',
  outboxTill: 'tests/unit/engines/outbox-till.ts',
  till: 'tests/unit/engines/till.ts',
} as const;

export type TestBundles = Record<keyof typeof entries, string>;

declare module 'vitest' {
  export interface ProvidedContext {
    bundles: TestBundles;
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  // Inside the checkout, so that the bundles find the packages in its node_modules.
  fs.mkdirSync(path.join(repoRoot, 'out'), { recursive: true });
  const dir = fs.mkdtempSync(path.join(repoRoot, 'out', 'test-bundles-'));
  const [built] = await Promise.all([
    bundleNodeEntries({ entries: Object.fromEntries(Object.entries(entries).map(([name, entry]) => [name, path.join(repoRoot, entry)])), outDir: dir }),
    // The command line where bin/regulars.cjs looks for it, so its tests run the bundle as a built checkout does.
    bundleCommandLine(repoRoot),
  ]);
  project.provide('bundles', built as TestBundles);
  return () => fs.rmSync(dir, { recursive: true, force: true });
}
