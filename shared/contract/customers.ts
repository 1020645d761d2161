import { z } from 'zod';
import { id, isoDateTime, optionalText, paging, type Person } from './common';
import type { ConsentStatus } from './consent';
import { read, write } from './define';

export const customerTypes = ['walk_in', 'regular', 'vip', 'wholesale'] as const;
/** Active first: a search with no status asks for each in this order, so active customers rank first. */
export const customerStatuses = ['active', 'archived'] as const;
export const frequencyTiers = ['inactive', 'one_time', 'occasional', 'regular', 'frequent'] as const;
export const customerSorts = ['name', 'spent', 'last-purchase', 'created'] as const;

export type CustomerType = (typeof customerTypes)[number];
export type CustomerStatus = (typeof customerStatuses)[number];
export type FrequencyTier = (typeof frequencyTiers)[number];
export type CustomerSort = (typeof customerSorts)[number];

/**
 * The one table of the tiers' bounds: purchases in the last 365 days from `fewest` to `most` (none: no
 * upper bound). The core's tier, its filters in SQL and the screen's hints are all read from here.
 */
export const frequencyTierPurchases: Record<FrequencyTier, { fewest: number; most: number | null }> = {
  inactive: { fewest: 0, most: 0 },
  one_time: { fewest: 1, most: 1 },
  occasional: { fewest: 2, most: 3 },
  regular: { fewest: 4, most: 11 },
  frequent: { fewest: 12, most: null },
};

const daysInMonth = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** `MM-DD` or `YYYY-MM-DD`: many customers give the day but not the year. */
export const birthday = z
  .string()
  .trim()
  .regex(/^(\d{4}-)?\d{2}-\d{2}$/, 'Birthday must be MM-DD or YYYY-MM-DD')
  .refine((value) => {
    const parts = value.split('-').map(Number);
    const [year, month, day] = parts.length === 3 ? parts : [undefined, parts[0], parts[1]];
    if (month < 1 || month > 12 || day < 1 || day > daysInMonth[month - 1]) return false;
    if (year !== undefined) {
      const date = new Date(Date.UTC(year, month - 1, day));
      return date.getUTCDate() === day && year >= 1900;
    }
    return true;
  }, 'Birthday is not a real date');

export const tag = z
  .string()
  .trim()
  .min(1, 'A tag cannot be empty')
  .max(50, 'A tag is at most 50 characters');

const email = z
  .string()
  .trim()
  .toLowerCase()
  .transform((s) => (s === '' ? null : s))
  .pipe(z.email('Enter a valid email address, e.g. ama@example.com').max(254).nullable())
  .nullable()
  .optional();

/** The fields staff type about a customer; the phone is normalised by the core, which knows the shop's country. */
export const customerFields = z.object({
  firstName: z.string().trim().min(1, 'First name is required').max(100, 'At most 100 characters'),
  lastName: optionalText(100),
  phone: optionalText(40),
  email,
  address: optionalText(500),
  birthday: birthday
    .or(z.literal('').transform(() => null))
    .nullable()
    .optional(),
  type: z.enum(customerTypes, { error: `Type must be one of ${customerTypes.join(', ')}` }),
  tags: z
    .array(tag)
    .max(30, 'At most 30 tags')
    .transform((tags) => [...new Set(tags)]),
  source: optionalText(60),
});

export const createCustomerInput = customerFields
  .extend({
    type: customerFields.shape.type.default('walk_in'),
    tags: customerFields.shape.tags.default([]),
    /** For records brought over from an older system. */
    createdAt: isoDateTime.optional(),
  })
  .strict();

export const updateCustomerInput = z
  .object({
    id,
    patch: customerFields.partial().strict(),
    /**
     * The customer's `updatedAt` as the editor saw it: when someone else saved their details since,
     * the change is refused as a conflict instead of silently writing over theirs. Left out by
     * callers that edit without a form open (the command line, imports).
     */
    expectedUpdatedAt: isoDateTime.optional(),
  })
  .strict();

export const customerListInput = z
  .object({
    search: z.string().trim().max(200).optional(),
    type: z.enum(customerTypes).optional(),
    tag: tag.optional(),
    /** A segment key (`high_value`, `saved:3`) or a saved segment's name. */
    segment: z.string().trim().min(1).max(100).optional(),
    status: z.enum(customerStatuses).default('active'),
    tier: z.enum(frequencyTiers).optional(),
    sort: z.enum(customerSorts).default('name'),
    direction: z.enum(['asc', 'desc']).optional(),
    ...paging,
  })
  .strict();

export const customerSearchInput = z
  .object({
    query: z.string().max(200),
    status: z.enum(customerStatuses).optional(),
    limit: z.number().int().min(1).max(100).default(20),
  })
  .strict();

export const byId = z.object({ id }).strict();
export const customerRefInput = z.object({ ref: z.string().trim().min(1, 'Name a customer by id, phone or email').max(254) }).strict();

export const bulkCreateInput = z
  .object({ customers: z.array(createCustomerInput).min(1).max(100_000, 'At most 100,000 customers at once') })
  .strict();

export interface Customer {
  id: number;
  firstName: string;
  lastName: string | null;
  name: string;
  /** As typed by staff. */
  phone: string | null;
  phoneE164: string | null;
  email: string | null;
  address: string | null;
  birthday: string | null;
  type: CustomerType;
  tags: string[];
  source: string | null;
  status: CustomerStatus;
  emailConsent: ConsentStatus;
  smsConsent: ConsentStatus;
  /** Set when their personal data was erased on request. */
  erasedAt: string | null;
  /** Set when this customer was merged into another (who holds their sales and notes now). */
  mergedInto: number | null;
  createdAt: string;
  createdBy: Person | null;
  updatedAt: string;
  purchases: number;
  totalSpent: number;
  lastPurchaseAt: string | null;
  /** Loyalty points held (shared/contract/loyalty.ts); kept when the scheme is off. */
  loyaltyPoints: number;
  /** The code on their card (shared/contract/cards.ts), or null: a scan of it finds them. */
  cardCode: string | null;
  /** As of the moment the row was read. */
  frequency: FrequencyTier;
}

export interface History {
  purchases: number;
  totalSpent: number;
  itemsBought: number;
  averageSale: number;
  firstPurchaseAt: string | null;
  lastPurchaseAt: string | null;
  daysSinceLastPurchase: number | null;
  isRepeat: boolean;
  frequency: FrequencyTier;
  lifetimeValue: number;
  /** The part of purchases and totalSpent brought in by an import (undated, so in no first/last purchase). */
  importedPurchases: number;
  importedSpent: number;
}

export interface CustomerPage {
  rows: Customer[];
  /** How many customers match; when `totalExact` is false, at least this many (a search counts only so far). */
  total: number;
  totalExact: boolean;
  offset: number;
}

export const timelineKinds = ['created', 'updated', 'note_added', 'sale_recorded', 'sale_voided', 'archived', 'restored', 'merged', 'erased'] as const;
export type TimelineKind = (typeof timelineKinds)[number];

export interface TimelineEvent {
  id: number;
  customerId: number;
  kind: TimelineKind;
  at: string;
  actor: Person | null;
  /** What changed: field names for updates, the sale or note involved otherwise. */
  data: Record<string, unknown>;
}

/** The fields a merge chooses between; anything not chosen keeps the survivor's value, or fills its gap. */
export const mergeableFields = ['firstName', 'lastName', 'phone', 'email', 'address', 'birthday', 'type', 'source', 'tags'] as const;
export type MergeableField = (typeof mergeableFields)[number];

export const mergeCustomersInput = z
  .object({
    keepId: id,
    otherId: id,
    take: z.partialRecord(z.enum(mergeableFields), z.enum(['keep', 'other'])).default({}),
  })
  .strict()
  .refine((v) => v.keepId !== v.otherId, { message: 'Choose two different customers', path: ['otherId'] });

export const duplicateReasons = ['same_email', 'same_phone', 'same_name_similar_phone'] as const;
export type DuplicateReason = (typeof duplicateReasons)[number];

export interface DuplicatePair {
  a: Customer;
  b: Customer;
  reasons: DuplicateReason[];
}

export const customerMethods = {
  'customers.create': write<Customer>()(createCustomerInput),
  'customers.update': write<Customer>()(updateCustomerInput),
  'customers.get': read<Customer & { history: History }>()(byId),
  'customers.resolve': read<Customer>()(customerRefInput),
  'customers.archive': write<Customer>()(byId, 'owner'),
  'customers.restore': write<Customer>()(byId, 'owner'),
  'customers.search': read<Customer[]>()(customerSearchInput),
  'customers.list': read<CustomerPage>()(customerListInput),
  'customers.repeat': read<CustomerPage>()(z.object({ ...paging }).strict()),
  'customers.timeline': read<TimelineEvent[]>()(byId),
  'customers.bulkCreate': write<{ created: number }>()(bulkCreateInput, 'owner'),
  'customers.merge': write<Customer & { history: History }>()(mergeCustomersInput, 'owner'),
  'customers.erase': write<Customer>()(
    z.object({ id, confirm: z.literal(true, { error: 'Erasure cannot be undone: confirm it' }) }).strict(),
    'owner',
  ),
  'customers.duplicates': read<DuplicatePair[]>()(z.object({ limit: z.number().int().min(1).max(500).default(100) }).strict().default({ limit: 100 }), 'owner'),
};
