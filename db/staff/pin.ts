import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';

/**
 * scrypt with a salt per member. A PIN has at most 10^8 values, so the hash alone cannot stop an
 * offline guesser; what protects a PIN is the back-off below at the counter, and the cost here
 * keeps a stolen file from being read in a blink.
 */
const KEY_LENGTH = 32;
const COST = { N: 16384, r: 8, p: 1 } as const;

export function hashPin(pin: string): string {
  const salt = randomBytes(16);
  const key = scryptSync(pin, salt, KEY_LENGTH, COST);
  return `scrypt$${salt.toString('hex')}$${key.toString('hex')}`;
}

export function verifyPin(pin: string, stored: string): boolean {
  const [scheme, saltHex, keyHex] = stored.split('$');
  if (scheme !== 'scrypt' || !saltHex || !keyHex) return false;
  const expected = Buffer.from(keyHex, 'hex');
  const actual = scryptSync(pin, Buffer.from(saltHex, 'hex'), expected.length, COST);
  return timingSafeEqual(actual, expected);
}

/** Wrong tries allowed before the first wait. */
export const FREE_ATTEMPTS = 3;
/** The longest wait: after this, each further wrong PIN locks the member out for this long again. */
export const MAX_LOCKOUT_SECONDS = 300;

/** Seconds to wait after the nth wrong PIN in a row: none for the first few, then 5 s doubling up to 5 minutes. */
export function lockoutSeconds(failedAttempts: number): number {
  if (failedAttempts < FREE_ATTEMPTS) return 0;
  return Math.min(5 * 2 ** (failedAttempts - FREE_ATTEMPTS), MAX_LOCKOUT_SECONDS);
}
