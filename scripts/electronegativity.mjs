#!/usr/bin/env node
// Electronegativity (@doyensec/electronegativity) over what ships: the built out/ folder (main,
// preload, the page) and, because the scanner cannot walk the built renderer bundle, the renderer's
// sources. Writes test-results/electronegativity.csv and .sarif, prints every finding with its
// severity and file, applies scripts/electronegativity-exemptions.json, and exits 1 when a HIGH
// finding is not exempted, when a file could not be analysed, or when the scanner did not see our
// window at all (then its webPreferences checks would have passed on nothing). Needs `npm run build`.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';

const root = path.resolve(import.meta.dirname, '..');
const results = path.join(root, 'test-results');
const exemptionsFile = path.join(root, 'scripts', 'electronegativity-exemptions.json');
const require = createRequire(import.meta.url);

const config = JSON.parse(fs.readFileSync(exemptionsFile, 'utf8'));
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const electronVersion = pkg.devDependencies.electron.replace(/^[^\d]*/, '');

/** A small glob: `*` within a path segment, `**` across segments, `{a,b}` alternatives. */
function globToRegExp(glob) {
  let source = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*' && glob[i + 1] === '*') {
      source += '.*';
      i++;
      if (glob[i + 1] === '/') i++;
    } else if (c === '*') source += '[^/]*';
    else if (c === '?') source += '[^/]';
    else if (c === '{') source += '(?:';
    else if (c === '}') source += ')';
    else if (c === ',') source += '|';
    else source += c.replace(/[.+^$()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}
const matches = (glob, file) => globToRegExp(glob).test(file);
const toPosix = (file) => file.split(path.sep).join('/');
/** Finding ids are AUXCLICK_JS_CHECK; the scanner's include/exclude lists take its class names, auxclickjscheck. */
const checkName = (id) => id.replace(/_/g, '').toLowerCase();

if (!fs.existsSync(path.join(root, 'out', 'main', 'index.js')) || !fs.existsSync(path.join(root, 'out', 'preload', 'index.js'))) {
  console.error('electronegativity: out/ has no build. Run `npm run build` first.');
  process.exit(2);
}

// One folder to scan, so the global checks (navigation limits, permission handler, CSP) see main,
// preload and page together: out/ as built, less what the scanner cannot parse (notParsed), the
// renderer's sources, and package.json (it ships, and two checks read its scripts).
const stage = fs.mkdtempSync(path.join(os.tmpdir(), 'regulars-electronegativity-'));
const notScanned = [];
fs.cpSync(path.join(root, 'out'), path.join(stage, 'out'), {
  recursive: true,
  filter: (source) => {
    const relative = toPosix(path.relative(root, source));
    const skip = config.notParsed.find((entry) => matches(entry.file, relative));
    if (skip) notScanned.push({ file: relative, why: skip.why });
    return !skip;
  },
});
fs.cpSync(path.join(root, 'renderer'), path.join(stage, 'renderer'), { recursive: true, filter: (source) => !source.includes('node_modules') });
fs.copyFileSync(path.join(root, 'package.json'), path.join(stage, 'package.json'));

// The scanner fetches translations from S3 on every start (and the excluded release check fetches
// GitHub's release list). npm test must not depend on the network, so in this process `got` fails
// at once and the English strings shipped inside the package are used.
const scannerRequire = createRequire(require.resolve('@doyensec/electronegativity/package.json'));
const gotPath = createRequire(scannerRequire.resolve('./dist/locales/i18n.js')).resolve('got');
const offline = () => Promise.reject(new Error('offline: npm test makes no network requests'));
offline.head = offline;
require.cache[gotPath] = { id: gotPath, filename: gotPath, loaded: true, exports: offline, children: [], paths: [] };
process.env.LANG = 'en-US';

const run = scannerRequire('./dist/runner.js');
const scannerVersion = scannerRequire('./package.json').version;
const chatter = [];
const log = console.log;
console.log = (...args) => chatter.push(args.join(' '));
let report;
try {
  report = await run({
    input: stage,
    customScan: [],
    excludeFromScan: config.notRun.map((entry) => checkName(entry.check)),
    isRelative: true,
    isVerbose: false,
    electronVersionOverride: electronVersion,
    parserPlugins: [],
  });
} finally {
  console.log = log;
  fs.rmSync(stage, { recursive: true, force: true });
}
for (const line of chatter) if (!line.includes('Could not retrieve updated translations')) console.log(`scanner: ${line}`);

const SEVERITIES = ['HIGH', 'MEDIUM', 'LOW', 'INFORMATIONAL'];
const used = new Set();
const findings = report.issues
  .map((issue) => {
    const file = toPosix(issue.file);
    const exemption = config.exemptions.find((entry) => entry.check === issue.id && matches(entry.file, file));
    if (exemption) used.add(exemption);
    return {
      id: issue.id,
      severity: issue.severity.name,
      confidence: issue.confidence.name,
      file,
      line: issue.location?.line ?? 0,
      column: issue.location?.column ?? 0,
      sample: issue.sample ?? '',
      description: issue.description,
      manualReview: Boolean(issue.manualReview),
      why: exemption?.why ?? '',
    };
  })
  .sort((a, b) => SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity) || a.file.localeCompare(b.file) || a.line - b.line);

// The scanner's own report columns (as `electronegativity -o x.csv` writes them) plus our verdict.
// Written here rather than by the scanner: its CSV writer appends the rows while its header write
// may still be truncating the file, and its SARIF keeps no severity.
const csvCell = (value) => `"${String(value).replace(/"/g, '""').replace(/\r?\n/g, ' ')}"`;
fs.mkdirSync(results, { recursive: true });
fs.writeFileSync(
  path.join(results, 'electronegativity.csv'),
  [
    'issue,severity,confidence,filename,location,sample,description,url,exempted,why',
    ...findings.map((f) =>
      [f.id, f.severity, f.confidence, f.file, `${f.line}:${f.column}`, f.sample, f.description, wiki(f.id), f.why ? 'yes' : 'no', f.why].map(csvCell).join(','),
    ),
  ].join('\n') + '\n',
);
function wiki(id) {
  return `https://github.com/doyensec/electronegativity/wiki/${id}`;
}
const level = { HIGH: 'error', MEDIUM: 'warning', LOW: 'note', INFORMATIONAL: 'note' };
fs.writeFileSync(
  path.join(results, 'electronegativity.sarif'),
  JSON.stringify(
    {
      $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
      version: '2.1.0',
      runs: [
        {
          tool: { driver: { name: 'Electronegativity', version: scannerVersion, informationUri: 'https://github.com/doyensec/electronegativity' } },
          results: findings.map((f) => ({
            ruleId: f.id,
            level: level[f.severity] ?? 'note',
            message: { text: f.description },
            helpUri: wiki(f.id),
            properties: { severity: f.severity, confidence: f.confidence, manualReview: f.manualReview },
            locations: [
              {
                physicalLocation: {
                  artifactLocation: { uri: f.file === 'N/A' ? '.' : f.file },
                  region: { startLine: Math.max(1, f.line), startColumn: f.column + 1 },
                },
              },
            ],
            ...(f.why ? { suppressions: [{ kind: 'external', justification: f.why }] } : {}),
          })),
        },
      ],
    },
    null,
    2,
  ) + '\n',
);

console.log(`Electronegativity ${scannerVersion} on out/ + renderer/ sources (Electron ${electronVersion}): ${report.atomicChecks} atomic and ${report.globalChecks} global checks`);
for (const entry of config.notRun) console.log(`  not run: ${entry.check}: ${entry.why}`);
for (const entry of notScanned) console.log(`  not scanned: ${entry.file}: ${entry.why}`);
console.log('');
for (const f of findings) {
  const where = f.file === 'N/A' ? '(whole app)' : `${f.file}:${f.line}:${f.column}`;
  console.log(`${f.severity.padEnd(13)} ${f.confidence.padEnd(9)} ${f.id.padEnd(40)} ${where}${f.why ? '  [exempted]' : ''}`);
  console.log(`${' '.repeat(24)}${f.description}${f.manualReview ? ' (manual review)' : ''}`);
}
if (findings.length === 0) console.log('no findings');

const problems = [];
for (const error of report.errors) {
  const file = toPosix(path.relative(stage, error.file));
  if (error.tolerable) console.log(`warning: ${file} parsed with a tolerable error: ${error.message}`);
  else problems.push(`${file} could not be analysed (${error.message}); fix the build or add it to notParsed with a reason`);
}
// Our window is built as `new BrowserWindow({ webPreferences: {...} })` so the scanner can read it
// (electron/main/window.ts). The preload check fires for every such window with a preload, so its
// absence means the scanner no longer sees the window and every webPreferences check passed vacuously.
if (!findings.some((f) => f.id === 'PRELOAD_JS_CHECK' && f.file === 'out/main/index.js')) {
  problems.push('the scanner saw no `new BrowserWindow({... preload ...})` in out/main/index.js, so it checked no webPreferences: keep the literal form in electron/main/window.ts');
}
for (const entry of config.exemptions) {
  if (!used.has(entry)) console.log(`warning: stale exemption, nothing matched ${entry.check} in ${entry.file}: delete it`);
}

console.log('');
for (const severity of SEVERITIES) {
  const all = findings.filter((f) => f.severity === severity);
  const exempted = all.filter((f) => f.why).length;
  console.log(`${severity.toLowerCase().padEnd(13)} ${all.length} (${exempted} exempted, ${all.length - exempted} open)`);
}
const openHigh = findings.filter((f) => f.severity === 'HIGH' && !f.why);
for (const f of openHigh) problems.push(`HIGH ${f.id} in ${f.file}:${f.line} is not exempted: fix it, or exempt it with a reason tied to our code`);
console.log(`report: ${toPosix(path.relative(root, path.join(results, 'electronegativity.csv')))}, ${toPosix(path.relative(root, path.join(results, 'electronegativity.sarif')))}`);
if (problems.length > 0) {
  for (const problem of problems) console.error(`FAIL: ${problem}`);
  process.exit(1);
}
console.log('electronegativity: no unexempted high-severity findings');
process.exit(0);
