#!/usr/bin/env node
// `npm test`: every suite, in order, then one closing line "N passed, N failed, N skipped"
// totalled over all of them (CI reads only that line). Each suite writes a JSON report that is
// counted here; a suite that crashes before reporting counts as one failure.
import { spawn, spawnSync } from 'node:child_process';
import os from 'node:os';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const results = path.join(root, 'test-results');
fs.mkdirSync(results, { recursive: true });
const totals = { passed: 0, failed: 0, skipped: 0 };
const lines = [];

function run(label, command, args, env = {}) {
  console.log(`\n=== ${label}: ${[command, ...args].join(' ')}`);
  const started = Date.now();
  const child = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, FORCE_COLOR: '0', ...env } });
  return { ok: child.status === 0, seconds: ((Date.now() - started) / 1000).toFixed(1) };
}

/**
 * Checks with no test count of their own, run side by side (each is one single-threaded process),
 * their output held back and printed whole, in the given order, as each would have printed it alone.
 */
async function checksSideBySide(checks) {
  const start = ({ label, command, args }) =>
    new Promise((resolve) => {
      const started = Date.now();
      const child = spawn(command, args, { cwd: root, env: { ...process.env, FORCE_COLOR: '0' }, stdio: ['ignore', 'pipe', 'pipe'] });
      const output = [];
      child.stdout.on('data', (chunk) => output.push(chunk));
      child.stderr.on('data', (chunk) => output.push(chunk));
      const finish = (ok, extra = '') => resolve({ label, command, args, ok, output: Buffer.concat(output).toString() + extra, seconds: ((Date.now() - started) / 1000).toFixed(1) });
      child.on('error', (error) => finish(false, `${error.message}\n`));
      child.on('close', (code) => finish(code === 0));
    });
  const lanes = Math.max(1, Math.min(checks.length, os.availableParallelism()));
  const done = new Array(checks.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: lanes }, async () => {
      while (next < checks.length) {
        const i = next++;
        done[i] = await start(checks[i]);
      }
    }),
  );
  for (const { label, command, args, ok, output, seconds } of done) {
    console.log(`\n=== ${label}: ${[command, ...args].join(' ')}`);
    process.stdout.write(output);
    count(label, ok ? 1 : 0, ok ? 0 : 1, 0, seconds);
  }
}

function readJson(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

function count(label, passed, failed, skipped, seconds) {
  totals.passed += passed;
  totals.failed += failed;
  totals.skipped += skipped;
  lines.push(`${label.padEnd(22)} ${passed} passed, ${failed} failed, ${skipped} skipped (${seconds}s)`);
}

/** A step with no test count of its own (type-check, build) counts as one check. */
function check(label, command, args) {
  const { ok, seconds } = run(label, command, args);
  count(label, ok ? 1 : 0, ok ? 0 : 1, 0, seconds);
  return ok;
}

function vitest() {
  const file = path.join(results, 'vitest.json');
  fs.rmSync(file, { force: true });
  const { ok, seconds } = run('unit (vitest)', 'npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile=${file}`]);
  const report = readJson(file);
  if (!report) return count('unit (vitest)', 0, 1, 0, seconds);
  const failed = report.numFailedTests + (ok || report.numFailedTests > 0 ? 0 : 1);
  count('unit (vitest)', report.numPassedTests, failed, report.numPendingTests + report.numTodoTests, seconds);
}

function playwright(label, config, reportFile, env = {}) {
  const file = path.join(results, reportFile);
  fs.rmSync(file, { force: true });
  const { ok, seconds } = run(label, 'npx', ['playwright', 'test', '-c', config], env);
  const report = readJson(file);
  if (!report) return count(label, 0, 1, 0, seconds);
  const { expected = 0, unexpected = 0, flaky = 0, skipped = 0 } = report.stats ?? {};
  const crashed = !ok && unexpected === 0 ? 1 : 0;
  count(label, expected + flaky, unexpected + crashed, skipped, seconds);
}

await checksSideBySide([
  // typescript-eslint, react-hooks and import cycles; any warning fails it (the `lint` script). The longest, so first.
  { label: 'lint', command: 'npm', args: ['run', '--silent', 'lint'] },
  // tsc -p tsconfig.json's type errors, and a rule's query called without yield* (which never runs,
  // and TypeScript alone does not say so), from one build of the program.
  { label: 'typecheck, queries run', command: 'node', args: ['scripts/check-queries.mjs', '--typecheck'] },
  { label: 'typecheck renderer', command: 'npx', args: ['tsc', '-p', 'tsconfig.web.json'] },
  // The call path from window.regulars to the core's handlers: no `unknown`, no `as` (the file list is in the script).
  { label: 'typed transport', command: 'node', args: ['scripts/check-transport.mjs'] },
]);
// Build before the unit tests: one of them checks the built preload bundle.
const built = check('build (electron-vite)', 'npx', ['electron-vite', 'build']);
vitest();
if (built) {
  // Doyensec's Electron scanner on the build: one pass, or one fail for any unexempted HIGH finding.
  check('electronegativity', 'node', ['scripts/electronegativity.mjs']);
  // Built a moment ago: the e2e suite's global setup need not build again.
  playwright('e2e (chromium)', 'tests/e2e/playwright.config.ts', 'e2e-results.json', { E2E_SKIP_BUILD: '1' });
  playwright('electron smoke', 'tests/electron/playwright.config.ts', 'electron-results.json');
} else {
  count('electronegativity', 0, 1, 0, '0');
  count('e2e (chromium)', 0, 1, 0, '0');
  count('electron smoke', 0, 1, 0, '0');
}

console.log('\n=== Summary');
for (const line of lines) console.log(line);
console.log(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(totals.failed === 0 ? 0 : 1);
