import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { builtInSegments } from '../../../shared/contract';
import { repoRoot, tempDir } from '../helpers';

/** The measurements npm run bench must report, so that none quietly disappears. */
const expected = [
  'memory.rss',
  'search.name_prefix',
  'search.name_fragment',
  'search.phone_4',
  'search.phone_7',
  'search.email_fragment',
  'page.by_spent',
  'page.by_last_purchase',
  'profile.open',
  'profile.open_busiest',
  'stats.get',
  'stats.dashboard',
  'segments.list',
  ...builtInSegments.map((s) => `segment.${s.key}`),
  'export.mailchimp',
  'sale.record',
  'sale.void',
  'disk.fsync_4k',
  'import.csv',
];

const lines = (file: string) => fs.readFileSync(file, 'utf8').split(/\r?\n/).filter((line) => line !== '').length;

describe('npm run bench', () => {
  it('runs at a tiny size: every measurement in the JSON, the table on stdout, the dataset as CSV', async () => {
    const dir = tempDir();
    const json = path.join(dir, 'bench.json');
    const out = path.join(dir, 'dataset');
    const tsx = path.join(repoRoot, 'node_modules', '.bin', 'tsx');
    const { stdout } = await promisify(execFile)(
      tsx,
      ['scripts/bench/main.ts', '--customers', '200', '--sales', '1000', '--notes', '100', '--iterations', '10', '--import-rows', '50', '--json', json, '--dataset-out', out],
      { cwd: repoRoot, maxBuffer: 1 << 22 },
    );
    const report = JSON.parse(fs.readFileSync(json, 'utf8')) as {
      figures: { name: string; iterations: number; p50: number; p95: number; max: number; floor?: { p95: number }; ratio?: number; target: object; met: boolean | null }[];
      machine: { nproc: number };
      wallSeconds: number;
    };
    expect(report.figures.map((f) => f.name)).toEqual(expected);
    for (const f of report.figures) {
      expect(f.iterations, f.name).toBeGreaterThan(0);
      for (const v of [f.p50, f.p95, f.max]) expect(Number.isFinite(v), f.name).toBe(true);
      expect(f.p50, f.name).toBeLessThanOrEqual(f.p95);
      expect(f.p95, f.name).toBeLessThanOrEqual(f.max);
    }
    // Searches and pages have their floor (the same SQL on a raw connection) and the ratio.
    for (const f of report.figures.filter((f) => /^(search|page)\./.test(f.name))) {
      expect(f.floor?.p95, f.name).toBeGreaterThan(0);
      expect(f.ratio, f.name).toBeCloseTo(f.p95 / f.floor!.p95, 9);
    }
    expect(report.machine.nproc).toBeGreaterThan(0);
    for (const name of expected) expect(stdout, name).toContain(name);
    expect(stdout).toMatch(/targets met/);
    // The dataset as other systems can load it: a header and one line a row.
    expect(lines(path.join(out, 'customers.csv'))).toBe(201);
    expect(lines(path.join(out, 'sales.csv'))).toBe(1001);
    expect(lines(path.join(out, 'notes.csv'))).toBe(101);
  });
});

describe('npm run bench:growth', () => {
  it('shows each figure at every size, its growth over the last tenfold, and plots it', async () => {
    const dir = tempDir();
    const runAt = (customers: number, namePrefix: number, stats: number) => {
      const file = path.join(dir, `${customers}.json`);
      const figures = [
        { name: 'search.name_prefix', p50: namePrefix / 2, p95: namePrefix },
        { name: 'stats.get', p50: stats / 2, p95: stats },
        // Not a figure the growth shows.
        { name: 'disk.fsync_4k', p50: 0.2, p95: 0.3 },
      ];
      fs.writeFileSync(file, JSON.stringify({ options: { customers, sales: customers * 10 }, machine: { loadAverageAtStart: [1.5, 1, 1] }, figures }));
      return file;
    };
    const svg = path.join(dir, 'growth.svg');
    const tsx = path.join(repoRoot, 'node_modules', '.bin', 'tsx');
    // Given out of order: the table goes by size.
    const { stdout } = await promisify(execFile)(tsx, ['scripts/bench/growth.ts', '--svg', svg, runAt(1_000_000, 1.5, 90), runAt(100_000, 1, 10)], { cwd: repoRoot });
    expect(stdout).toContain('| p95 ms | 100k customers, 1M sales | 1M customers, 10M sales | growth 100k → 1M |');
    expect(stdout).toContain('| search, name prefix | 1.00 | 1.50 | 1.5× |');
    expect(stdout).toContain('| stats | 10.0 | 90.0 | 9.0× |');
    expect(stdout).not.toContain('fsync');
    const plot = fs.readFileSync(svg, 'utf8');
    expect(plot.match(/<polyline /g)).toHaveLength(2);
    expect(plot).toContain('>search, name prefix</text>');
  });
});
