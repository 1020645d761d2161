/**
 * A deterministic customer book for scale tests and the benchmark:
 *   npx tsx scripts/seed.ts --db FILE [--customers 100000] [--sales 0] [--notes 0] [--seed 1]
 * Everything goes through the real contract methods (customers.bulkCreate, sales.record,
 * notes.add) inside one outer transaction, so rows and aggregates are exactly what the app writes.
 * Prints one JSON summary line.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { createCore } from '../db/core';
import { openDatabase } from '../db/open';

const flags = z.object({
  db: z.string().min(1, '--db FILE is required'),
  customers: z.coerce.number().int().min(1).max(2_000_000).default(100_000),
  sales: z.coerce.number().int().min(0).max(20_000_000).default(0),
  notes: z.coerce.number().int().min(0).max(5_000_000).default(0),
  seed: z.coerce.number().int().default(1),
  force: z.boolean().default(false),
});

/** mulberry32: small, fast and the same on every machine, so a seed always gives the same book. */
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const firstNames = ['Ama', 'Kofi', 'Esi', 'Kwame', 'Abena', 'Yaw', 'Efua', 'Kojo', 'Akosua', 'Kwabena', 'Adwoa', 'Kwaku', 'Afua', 'Zoë', 'José', 'Chloé', 'Renée', 'Ibrahim', 'Fatima', 'Chidi', 'Ngozi', 'Emeka', 'Aïcha', 'Søren', 'Mary', 'John', 'Grace', 'Samuel', 'Joyce', 'Daniel'];
const lastNames = ['Mensah', 'Boateng', 'Asante', 'Owusu', 'Osei', 'Appiah', 'Adjei', 'Ofori', 'Darko', 'Agyeman', 'Amoah', 'Ansah', 'Quaye', 'Tetteh', 'Nkrumah', 'Bonsu', 'Pérez', 'Müller', 'Ndiaye', 'Okafor', 'Adébáyọ̀', 'Kowalski', 'Smith', 'Johnson', 'Brown', 'Lartey', 'Sarpong', 'Frimpong', 'Acheampong', 'Gyamfi'];
const prefixes = ['24', '54', '55', '20', '50', '27', '26', '57'];
const sources = ['walk-in', 'referral', 'instagram', 'facebook', 'whatsapp', null];
const types = ['walk_in', 'walk_in', 'walk_in', 'regular', 'regular', 'vip', 'wholesale'] as const;
const payments = ['cash', 'card', 'mobile_money', 'mobile_money', 'other'] as const;
const noteTypes = ['personal', 'preference', 'issue', 'feedback'] as const;
const noteTexts = ['prefers size M', 'complained about late delivery', 'likes the new fabric line', 'pays by MoMo', 'birthday gift for her mother', 'asked for a call when shoes arrive'];

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
  const next = random(opts.seed);
  const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)];
  const now = Date.now();
  const fiveYears = 5 * 365 * 24 * 3600 * 1000;
  const database = openDatabase({ file: opts.db, defaults: { currency: 'GHS', phoneCountry: 'GH', locale: 'en-GH', timeZone: 'Africa/Accra', shopName: 'Osu Corner Shop' } });
  const core = createCore(database);
  const must = <T>(result: { ok: true; value: T } | { ok: false; error: { message: string } }): T => {
    if (!result.ok) throw new Error(result.error.message);
    return result.value;
  };

  database.sqlite.transaction(() => {
    const batch = 10_000;
    for (let start = 0; start < opts.customers; start += batch) {
      const customers = [];
      for (let i = start; i < Math.min(opts.customers, start + batch); i++) {
        const first = pick(firstNames);
        const last = pick(lastNames);
        // Every customer's number is unique: the index spread over the subscriber digits.
        const subscriber = String(1_000_000 + i).slice(-7);
        const prefix = prefixes[i % prefixes.length];
        const formats = [`0${prefix} ${subscriber.slice(0, 3)} ${subscriber.slice(3)}`, `+233 ${prefix} ${subscriber}`, `0${prefix}-${subscriber}`, `0${prefix}${subscriber}`];
        const hasEmail = next() < 0.6;
        customers.push({
          firstName: first,
          lastName: last,
          phone: next() < 0.9 ? formats[i % formats.length] : undefined,
          email: hasEmail ? `${first}.${last}.${i}@example.com`.normalize('NFD').toLowerCase().replace(/[^a-z0-9.@]/g, '') : undefined,
          type: pick(types),
          source: pick(sources),
          tags: next() < 0.2 ? [pick(['fabric', 'shoes', 'wedding', 'school uniforms', 'wholesale-list'])] : [],
          createdAt: new Date(now - Math.floor(next() * fiveYears)).toISOString(),
        });
      }
      must(core.call('customers.bulkCreate', { customers }));
    }
    // Skewed buying: most customers buy once or never, a few buy every week.
    for (let i = 0; i < opts.sales; i++) {
      const skew = next() ** 3;
      const customerId = 1 + Math.floor(skew * opts.customers);
      must(core.call('sales.record', {
        customerId,
        amount: 100 + Math.floor(next() ** 2 * 50_000),
        items: 1 + Math.floor(next() * 4),
        paymentMethod: pick(payments),
        occurredAt: new Date(now - Math.floor(next() * fiveYears)).toISOString(),
      }));
    }
    for (let i = 0; i < opts.notes; i++) {
      must(core.call('notes.add', { customerId: 1 + Math.floor(next() * opts.customers), type: pick(noteTypes), text: pick(noteTexts) }));
    }
  })();
  database.close();
  return { db: path.resolve(opts.db), customers: opts.customers, sales: opts.sales, notes: opts.notes, seconds: (Date.now() - started) / 1000 };
}

if (require.main === module) {
  const { values } = parseArgs({
    options: { db: { type: 'string' }, customers: { type: 'string' }, sales: { type: 'string' }, notes: { type: 'string' }, seed: { type: 'string' }, force: { type: 'boolean' } },
    strict: true,
  });
  try {
    console.log(JSON.stringify(seed(values as z.input<typeof flags>)));
  } catch (error) {
    console.error(error instanceof z.ZodError ? error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('\n') : (error as Error).message);
    process.exit(2);
  }
}
