import { z } from 'zod';
import { emptyInput, id, type Person } from './common';
import { read, write } from './define';

/**
 * What a customer's points history holds: points earned by a sale, used for a reward, adjusted by the
 * owner, lapsed after months without a purchase, and given or taken back when a sale is voided.
 */
export const loyaltyEntryKinds = ['earned', 'used', 'adjusted', 'expired', 'voided'] as const;
export type LoyaltyEntryKind = (typeof loyaltyEntryKinds)[number];

/** The largest number a scheme's figures or an adjustment may hold: far beyond any shop's, well inside an integer. */
const LOYALTY_MAX = 1_000_000_000;

/**
 * The shop's loyalty scheme (Settings → Loyalty, `regulars loyalty set`). Off when there is none. A
 * sale earns points by the scheme in force when it is recorded; changing the scheme never rewrites
 * the points already earned.
 */
export const loyaltySchemeInput = z
  .object({
    /** Minor units spent for one point: 100 is "1 point per 1.00"; what is left over earns nothing. */
    spendPerPoint: z.number().int('Whole minor units').positive('A point must cost more than nothing').max(LOYALTY_MAX),
    /** The points that make one reward. */
    rewardPoints: z.number().int('Whole points').positive('A reward needs at least 1 point').max(LOYALTY_MAX),
    /** What one reward takes off a sale, in minor units. */
    rewardValue: z.number().int('Whole minor units').positive('A reward must be worth something').max(LOYALTY_MAX),
    /** Points lapse after this many months without a purchase; null, never. */
    expireMonths: z.number().int('Whole months').min(1, 'At least 1 month').max(120, 'At most 120 months').nullable().default(null),
  })
  .strict();
export type LoyaltyScheme = z.output<typeof loyaltySchemeInput>;

/**
 * The scheme's amounts, typed in major units by people (`--points-per 1.00`, the Settings screen) and
 * stored in minor units, as Settings' own amounts are.
 */
export const loyaltyMoneyFields = ['spendPerPoint', 'rewardValue'] as const satisfies readonly (keyof LoyaltyScheme)[];

/** A customer's points as they stand. */
export interface LoyaltyBalance {
  points: number;
  /** Whole rewards the points make under the scheme in force; 0 when loyalty is off. */
  rewards: number;
  /** When the points lapse unless the customer buys before; null when they never do, or there are none. */
  expiresAt: string | null;
}

export interface LoyaltyEntry {
  id: number;
  customerId: number;
  kind: LoyaltyEntryKind;
  /** Signed: what the entry added to the balance, or took from it. */
  points: number;
  /** The sale that earned, used or gave back the points. */
  saleId: number | null;
  /** Why the owner adjusted the points. */
  reason: string | null;
  author: Person | null;
  createdAt: string;
}

/** A customer's points, the scheme they are counted by, and their history, newest first. */
export interface LoyaltyAccount extends LoyaltyBalance {
  customerId: number;
  scheme: LoyaltyScheme | null;
  history: LoyaltyEntry[];
}

export const loyaltyAdjustInput = z
  .object({
    customerId: id,
    points: z
      .number({ error: 'Points must be a whole number' })
      .int('Points must be a whole number')
      .refine((points) => points !== 0, 'Give or take at least 1 point')
      .refine((points) => Math.abs(points) <= LOYALTY_MAX, 'That is more points than any scheme gives'),
    reason: z.string().trim().min(1, 'Say why the points change').max(500, 'At most 500 characters'),
  })
  .strict();

export const loyaltyMethods = {
  'loyalty.scheme': read<LoyaltyScheme | null>()(emptyInput),
  /** `scheme: null` turns loyalty off; the points customers hold stay, and count again if it is turned back on. */
  'loyalty.setScheme': write<LoyaltyScheme | null>()(z.object({ scheme: loyaltySchemeInput.nullable() }).strict(), 'owner'),
  'loyalty.account': read<LoyaltyAccount>()(z.object({ customerId: id }).strict()),
  'loyalty.adjust': write<LoyaltyAccount>()(loyaltyAdjustInput, 'owner'),
  /** Lapses the points of every customer whose months without a purchase have run out (the app runs it as it opens the book). */
  'loyalty.expire': write<{ customers: number; points: number }>()(emptyInput),
};
