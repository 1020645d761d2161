/**
 * A deterministic customer book for scale tests and screenshots:
 *   npx tsx scripts/seed.ts --db FILE [--customers 100000] [--sales 0] [--notes 0] [--seed 1] [--force] [--through-contract]
 * The data comes from scripts/bench/dataset.ts (the benchmark's generator), ending now. It is written
 * by the benchmark's bulk loader, which writes exactly the rows the contract methods write
 * (customers.create, consent.set, preferences.update, sales.record, sales.void, notes.add; proven by
 * tests/unit/bench/bulk.test.ts) without an audit entry per row; --through-contract makes every call
 * through the contract instead (slow for big books). Prints one JSON summary line.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { openDatabase } from '../db/open';
import { Dataset } from './bench/dataset';
import { loadBulk, loadThroughContract } from './bench/load';

const flags = z.object({
  db: z.string().min(1, '--db FILE is required'),
  customers: z.coerce.number().int().min(1).max(2_000_000).default(100_000),
  sales: z.coerce.number().int().min(0).max(20_000_000).default(0),
  notes: z.coerce.number().int().min(0).max(5_000_000).default(0),
  seed: z.coerce.number().int().default(1),
  force: z.boolean().default(false),
  'through-contract': z.boolean().default(false),
});

export interface SeedSummary {
  db: string;
  customers: number;
  sales: number;
  notes: number;
  seconds: number;
}

export function seed(options: z.input<typeof flags>): SeedSummary {
  const opts = flags.parse(options);
  const started = Date.now();
  if (fs.existsSync(opts.db)) {
    if (!opts.force) throw new Error(`${opts.db} exists: pass --force to replace it`);
    for (const suffix of ['', '-wal', '-shm']) fs.rmSync(opts.db + suffix, { force: true });
  }
  // The history ends now (to the second), so that "new this week" and "days since" look like a shop's.
  const end = new Date(Math.floor(Date.now() / 1000) * 1000);
  const dataset = new Dataset({ customers: opts.customers, sales: opts.sales, notes: opts.notes, seed: opts.seed, end });
  const database = openDatabase({ file: opts.db, defaults: { currency: 'GHS', phoneCountry: 'GH', locale: 'en-GH', timeZone: 'Africa/Accra', shopName: 'Osu Corner Shop' } });
  try {
    (opts['through-contract'] ? loadThroughContract : loadBulk)(database, dataset);
  } finally {
    database.close();
  }
  return { db: path.resolve(opts.db), customers: opts.customers, sales: opts.sales, notes: opts.notes, seconds: (Date.now() - started) / 1000 };
}

if (require.main === module) {
  const { values } = parseArgs({
    options: {
      db: { type: 'string' },
      customers: { type: 'string' },
      sales: { type: 'string' },
      notes: { type: 'string' },
      seed: { type: 'string' },
      force: { type: 'boolean' },
      'through-contract': { type: 'boolean' },
    },
    strict: true,
  });
  try {
    console.log(JSON.stringify(seed(values as z.input<typeof flags>)));
  } catch (error) {
    console.error(error instanceof z.ZodError ? error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('\n') : (error as Error).message);
    process.exit(2);
  }
}
