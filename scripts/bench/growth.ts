/**
 * How the core's figures grow with the book: `npm run bench -- --json FILE` at several sizes, read
 * back and shown side by side, as a Markdown table on stdout and a log-log plot (SVG) at --svg FILE.
 *
 *   npm run bench:growth -- --svg docs/bench-growth.svg run-10k.json run-100k.json run-1m.json
 *
 * Each run's p95 is shown; "growth" is the largest size's over the one ten times smaller, the issue's
 * bound being 2× for 10× the data.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';

/** The figures a shop feels as the book grows, in the order shown. */
const shown: Record<string, string> = {
  'search.name_prefix': 'search, name prefix',
  'search.name_fragment': 'search, name fragment',
  'search.phone_4': 'search, 4 phone digits',
  'search.phone_7': 'search, 7 phone digits',
  'search.email_fragment': 'search, email fragment',
  'page.by_spent': 'directory page by total spent',
  'page.by_last_purchase': 'directory page by last purchase',
  'profile.open': 'open a profile',
  'stats.get': 'stats',
  'segments.list': 'every built-in segment count',
  'sale.record': 'record a sale',
};

const run = z.object({
  options: z.object({ customers: z.number(), sales: z.number() }),
  machine: z.object({ loadAverageAtStart: z.array(z.number()) }).passthrough(),
  figures: z.array(z.object({ name: z.string(), p50: z.number(), p95: z.number() }).passthrough()),
});
type Run = z.infer<typeof run>;

const { values, positionals } = parseArgs({ options: { svg: { type: 'string' } }, allowPositionals: true, strict: true });
if (positionals.length < 2) {
  console.error('Give two or more JSON files written by npm run bench -- --json FILE, at different sizes');
  process.exit(2);
}
const runs: Run[] = positionals
  .map((file) => {
    const parsed = run.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
    if (!parsed.success) {
      console.error(`${file} is not the JSON of npm run bench: ${parsed.error.issues[0]?.message}`);
      process.exit(2);
    }
    return parsed.data;
  })
  .sort((a, b) => a.options.customers - b.options.customers);

const p95 = (r: Run, name: string) => r.figures.find((f) => f.name === name)?.p95;
const names = Object.keys(shown).filter((name) => runs.every((r) => p95(r, name) !== undefined));
const size = (n: number) => (n >= 1_000_000 ? `${n / 1_000_000}M` : `${n / 1000}k`);
const ms = (v: number) => (v >= 10 ? v.toFixed(1) : v.toFixed(2));

const largest = runs[runs.length - 1];
const tenthOfLargest = runs.find((r) => r.options.customers * 10 === largest.options.customers);
const header = ['p95 ms', ...runs.map((r) => `${size(r.options.customers)} customers, ${size(r.options.sales)} sales`), ...(tenthOfLargest ? [`growth ${size(tenthOfLargest.options.customers)} → ${size(largest.options.customers)}`] : [])];
const lines = [`| ${header.join(' | ')} |`, `| --- | ${header.slice(1).map(() => '---:').join(' | ')} |`];
for (const name of names) {
  const cells = runs.map((r) => ms(p95(r, name)!));
  const growth = tenthOfLargest ? [`${(p95(largest, name)! / p95(tenthOfLargest, name)!).toFixed(1)}×`] : [];
  lines.push(`| ${shown[name]} | ${[...cells, ...growth].join(' | ')} |`);
}
lines.push(`| load average at start | ${runs.map((r) => r.machine.loadAverageAtStart[0].toFixed(1)).join(' | ')} |${tenthOfLargest ? ' |' : ''}`);
console.log(lines.join('\n'));

if (values.svg) {
  fs.mkdirSync(path.dirname(path.resolve(values.svg)), { recursive: true });
  fs.writeFileSync(values.svg, plot(runs, names));
  console.log(`\nThe plot: ${values.svg}`);
}

/** A log-log plot, p95 against customers, a line per figure: drawn here, a few shapes, rather than with a charting package in the build. */
function plot(all: Run[], figureNames: string[]): string {
  const width = 760;
  const height = 420;
  const left = 60;
  const right = 250;
  const top = 20;
  const bottom = 50;
  const xs = all.map((r) => Math.log10(r.options.customers));
  const ys = figureNames.flatMap((name) => all.map((r) => Math.log10(p95(r, name)!)));
  const [xMin, xMax] = [Math.min(...xs), Math.max(...xs)];
  const [yMin, yMax] = [Math.floor(Math.min(...ys)), Math.ceil(Math.max(...ys))];
  const x = (v: number) => left + ((v - xMin) / (xMax - xMin || 1)) * (width - left - right);
  const y = (v: number) => height - bottom - ((v - yMin) / (yMax - yMin || 1)) * (height - top - bottom);
  const colours = ['#1b6ac9', '#c0392b', '#27ae60', '#8e44ad', '#d35400', '#16a085', '#2c3e50', '#b7950b', '#7f8c8d', '#e84393', '#0097a7'];
  const parts: string[] = [];
  for (let power = yMin; power <= yMax; power++) {
    parts.push(`<line x1="${left}" x2="${width - right}" y1="${y(power)}" y2="${y(power)}" stroke="#ddd"/>`);
    parts.push(`<text x="${left - 8}" y="${y(power) + 4}" text-anchor="end">${10 ** power >= 1 ? 10 ** power : (10 ** power).toFixed(-power)} ms</text>`);
  }
  for (const r of all) {
    const at = x(Math.log10(r.options.customers));
    parts.push(`<line x1="${at}" x2="${at}" y1="${top}" y2="${height - bottom}" stroke="#eee"/>`);
    parts.push(`<text x="${at}" y="${height - bottom + 18}" text-anchor="middle">${size(r.options.customers)}</text>`);
  }
  parts.push(`<text x="${(left + width - right) / 2}" y="${height - 10}" text-anchor="middle">customers (sales ten times as many)</text>`);
  figureNames.forEach((name, i) => {
    const colour = colours[i % colours.length];
    const points = all.map((r) => `${x(Math.log10(r.options.customers)).toFixed(1)},${y(Math.log10(p95(r, name)!)).toFixed(1)}`);
    parts.push(`<polyline fill="none" stroke="${colour}" stroke-width="2" points="${points.join(' ')}"/>`);
    for (const point of points) parts.push(`<circle cx="${point.split(',')[0]}" cy="${point.split(',')[1]}" r="3" fill="${colour}"/>`);
    const legendY = top + 12 + i * 18;
    parts.push(`<line x1="${width - right + 16}" x2="${width - right + 36}" y1="${legendY - 4}" y2="${legendY - 4}" stroke="${colour}" stroke-width="2"/>`);
    parts.push(`<text x="${width - right + 42}" y="${legendY}">${shown[name]}</text>`);
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="12" role="img" aria-label="p95 of each figure against the number of customers, log-log">
<rect width="100%" height="100%" fill="#fff"/>
${parts.join('\n')}
</svg>
`;
}
