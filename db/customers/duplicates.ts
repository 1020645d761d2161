import type { DuplicatePair, DuplicateReason } from '../../shared/contract';
import type { CoreContext } from '../context';
import { all, type Query } from '../query';
import { getCustomer } from './service';

const foldName = (first: string, last: string | null) =>
  `${first} ${last ?? ''}`
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();

/** Mail providers ignore dots and "+tags" in the local part often enough that a clerk should look twice. */
function emailKey(email: string): string {
  const [local, domain] = email.split('@');
  return `${local.split('+')[0].replace(/\./g, '')}@${domain}`;
}

const digits = (text: string | null) => (text ?? '').replace(/\D/g, '');

/**
 * Pairs of active customers that are probably one person: the same email once dots and +tags are
 * set aside, the same subscriber number under different country codes, or the same name with
 * phones whose last seven digits agree.
 */
export function* findDuplicates(ctx: CoreContext, limit: number): Query<DuplicatePair[]> {
  const groups = new Map<string, number[]>();
  const add = (key: string, id: number) => {
    const ids = groups.get(key);
    if (ids) ids.push(id);
    else groups.set(key, [id]);
  };
  const rows = yield* all<{ id: number; first_name: string; last_name: string | null; phone: string | null; phone_e164: string | null; email: string | null }>(
    "SELECT id, first_name, last_name, phone, phone_e164, email FROM customers WHERE status = 'active' AND merged_into IS NULL",
  );
  for (const row of rows) {
    if (row.email) add(`same_email|${emailKey(row.email)}`, row.id);
    const phone = digits(row.phone_e164 ?? row.phone);
    if (phone.length >= 9) add(`same_phone|${phone.slice(-9)}`, row.id);
    if (phone.length >= 7) add(`same_name_similar_phone|${foldName(row.first_name, row.last_name)}|${phone.slice(-7)}`, row.id);
  }
  const pairs = new Map<string, Set<DuplicateReason>>();
  for (const [key, ids] of groups) {
    if (ids.length < 2) continue;
    const reason = key.split('|')[0] as DuplicateReason;
    for (let i = 0; i < ids.length; i++) {
      for (let j = i + 1; j < ids.length; j++) {
        const pairKey = `${ids[i]}-${ids[j]}`;
        const reasons = pairs.get(pairKey) ?? new Set();
        reasons.add(reason);
        pairs.set(pairKey, reasons);
      }
    }
  }
  const found: DuplicatePair[] = [];
  for (const [pairKey, reasons] of [...pairs].slice(0, limit)) {
    const [a, b] = pairKey.split('-').map(Number);
    found.push({ a: yield* getCustomer(ctx, a), b: yield* getCustomer(ctx, b), reasons: [...reasons] });
  }
  return found;
}
