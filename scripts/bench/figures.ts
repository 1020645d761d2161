/**
 * What both engines' benchmarks share: the clock and the shop, figures against their targets, the
 * customers sampled and the inputs drawn from them (searches as staff type them, directory pages), so
 * that `npm run bench` on SQLite and on PostgreSQL time the same calls on the same book.
 */
import { customerTypes } from '../../shared/contract';
import { customerTypeShares } from './dataset';

/** The history ends here, and the benchmark's clock stands here: the same figures whenever it runs. */
export const BENCH_END = new Date('2026-06-01T12:00:00.000Z');
export const shop = { currency: 'GHS', phoneCountry: 'GH', locale: 'en-GH', timeZone: 'Africa/Accra', shopName: 'Osu Corner Shop' };

export interface Target {
  /** The p50 must be at most this many ms. */
  p50?: number;
  /** The p95 must be at most this many ms. */
  p95?: number;
  /** For one-off operations: the slowest run must be at most this. */
  max?: number;
  /** Our p95 over the floor's p95 must be at most this. */
  ratio?: number;
  /** A size, in MB, at most. */
  mb?: number;
}

export interface Figure {
  name: string;
  what: string;
  iterations: number;
  p50: number;
  p95: number;
  max: number;
  floor?: { p50: number; p95: number; max: number };
  /** Our p95 over the floor's p95. */
  ratio?: number;
  target: Target;
  met: boolean | null;
  /** Anything else worth keeping (rows returned, bytes written…). */
  extra?: Record<string, unknown>;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
}

export const summary = (times: number[]) => {
  const sorted = [...times].sort((a, b) => a - b);
  return { p50: percentile(sorted, 0.5), p95: percentile(sorted, 0.95), max: sorted[sorted.length - 1] };
};

export function figure(name: string, what: string, times: number[], target: Target, floorTimes?: number[], extra?: Record<string, unknown>): Figure {
  const s = summary(times);
  const floor = floorTimes ? summary(floorTimes) : undefined;
  const ratio = floor ? s.p95 / floor.p95 : undefined;
  const checks: boolean[] = [];
  if (target.p50 !== undefined) checks.push(s.p50 <= target.p50);
  if (target.p95 !== undefined) checks.push(s.p95 <= target.p95);
  if (target.max !== undefined) checks.push(s.max <= target.max);
  if (target.ratio !== undefined && ratio !== undefined) checks.push(ratio <= target.ratio);
  return { name, what, iterations: times.length, ...s, floor, ratio, target, met: checks.length ? checks.every(Boolean) : null, extra };
}

export interface Sampled {
  id: number;
  first_name: string;
  last_name: string | null;
  phone_e164: string | null;
  email: string | null;
  status: string;
}

/** A deterministic stream for choosing queries, separate from the dataset's. */
export function chooser(seed: number) {
  let a = (seed ^ 0xbe7c4) >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (n: number) => Math.floor(next() * n), pick: <T>(list: readonly T[]) => list[Math.floor(next() * list.length)] };
}
export type Chooser = ReturnType<typeof chooser>;

/** Search inputs as staff type them, drawn from customers in the book. */
export function searchQueries(sample: Sampled[], seed: number, count: number) {
  const r = chooser(seed);
  const named = sample.filter((c) => c.first_name.length >= 2);
  const withPhone = sample.filter((c) => c.phone_e164);
  const withEmail = sample.filter((c) => c.email);
  const word = (c: Sampled) => (c.last_name && r.next() < 0.5 ? c.last_name.split(/[\s-]/)[0] : c.first_name);
  const national = (e164: string) => (e164.startsWith('+233') ? `0${e164.slice(4)}` : e164.slice(1));
  const make = (fn: () => string) => Array.from({ length: count }, fn);
  return {
    namePrefix: make(() => {
      const w = [...word(r.pick(named))];
      return w.slice(0, Math.min(w.length, 2 + r.int(3))).join('');
    }),
    nameFragment: make(() => {
      const w = [...word(r.pick(named))];
      if (w.length <= 4) return w.join('');
      const length = 3 + r.int(Math.min(3, w.length - 3));
      const from = 1 + r.int(w.length - length);
      return w.slice(from, from + length).join('');
    }),
    phone4: make(() => {
      const digits = national(r.pick(withPhone).phone_e164!);
      const from = r.int(digits.length - 3);
      return digits.slice(from, from + 4);
    }),
    phone7: make(() => {
      const digits = national(r.pick(withPhone).phone_e164!);
      const from = r.int(digits.length - 6);
      const seven = digits.slice(from, from + 7);
      return r.next() < 0.3 ? `${seven.slice(0, 3)} ${seven.slice(3)}` : seven;
    }),
    emailFragment: make(() => {
      const email = r.pick(withEmail).email!;
      const local = email.split('@')[0];
      if (r.next() < 0.2) return email.slice(0, Math.min(email.length, local.length + 4)); // "ama.mensah.1x@exa"
      const length = Math.min(local.length, 4 + r.int(5));
      const from = r.int(local.length - length + 1);
      return local.slice(from, from + length);
    }),
  };
}

/** Directory pages' inputs: a sort, a type filter, 50 rows at an offset, drawn from `pick`. */
export function pageInputs(pick: Chooser, customers: number, iterations: number, sort: 'spent' | 'last-purchase') {
  return Array.from({ length: iterations }, () => {
    const type = pick.pick(customerTypes);
    // Each type's share as the dataset draws them, so that offsets land inside the filtered list.
    const share = customerTypeShares[type];
    const pages = Math.max(1, Math.floor((customers * share * 0.95) / 50));
    // Most people look at the first pages; some scroll far.
    const page = pick.next() < 0.5 ? pick.int(Math.min(pages, 5)) : pick.int(pages);
    return { sort, type, limit: 50, offset: page * 50 };
  });
}
