import { z } from 'zod';
import { consentStatuses } from './consent';
import { customerTypes, frequencyTiers, tag } from './customers';
import { id, isoDateTime } from './common';
import { read, write } from './define';

export const builtInSegments = [
  { key: 'high_value', name: 'High value' },
  { key: 'new', name: 'New' },
  { key: 'no_visit_30', name: 'No visit in 30+ days' },
  { key: 'repeat', name: 'Repeat customers' },
  { key: 'never_purchased', name: 'Never purchased' },
  { key: 'vip', name: 'VIP' },
  { key: 'wholesale', name: 'Wholesale' },
  { key: 'birthdays_this_month', name: 'Birthdays this month' },
  { key: 'birthdays_next_7', name: 'Birthdays in the next 7 days' },
  { key: 'anniversary_this_week', name: 'Customer for a year this week' },
  { key: 'email_subscribers', name: 'Email subscribers' },
] as const;

const minorRange = z
  .object({ min: z.number().int().min(0).optional(), max: z.number().int().min(0).optional() })
  .strict()
  .refine((r) => r.min === undefined || r.max === undefined || r.min <= r.max, 'The lower bound is above the upper bound');

/** Conditions of a custom segment, all combined with AND. Money in minor units. */
export const segmentConditions = z
  .object({
    totalSpent: minorRange.optional(),
    purchases: minorRange.optional(),
    lastPurchaseBefore: isoDateTime.optional(),
    lastPurchaseAfter: isoDateTime.optional(),
    lastPurchaseWithinDays: z.number().int().min(1).max(36_500).optional(),
    createdBefore: isoDateTime.optional(),
    createdAfter: isoDateTime.optional(),
    types: z.array(z.enum(customerTypes)).min(1).optional(),
    tags: z.array(tag).min(1).max(30).optional(),
    source: z.string().trim().min(1).max(60).optional(),
    tier: z.enum(frequencyTiers).optional(),
    emailConsent: z.enum(consentStatuses).optional(),
    smsConsent: z.enum(consentStatuses).optional(),
    doNotContact: z.boolean().optional(),
    /** A birthday (day and month; the year is never needed) from today to this many days on, in the shop's time zone. */
    birthdayWithinDays: z.number().int().min(1, 'At least 1 day').max(366, 'At most 366 days').optional(),
    /** Whether the customer's loyalty points make at least one reward now (never, while loyalty is off). */
    rewardReady: z.boolean().optional(),
  })
  .strict();

/** The tag the Mailchimp export gives a customer whose points make a reward, so an offer can say so. */
export const rewardReadyTag = 'Reward ready';
export type SegmentConditions = z.output<typeof segmentConditions>;

export interface Segment {
  /** A built-in key such as `high_value`, or `saved:<id>`. */
  key: string;
  name: string;
  builtIn: boolean;
  /** Active customers in it now. */
  count: number;
  conditions: SegmentConditions | null;
}

/** A segment named by key or by name (as people type it in the CLI). */
export const segmentRef = z.string().trim().min(1, 'Name a segment').max(100);

export const segmentMethods = {
  'segments.list': read<Segment[]>()(z.object({}).strict().default({})),
  'segments.count': read<number>()(z.object({ conditions: segmentConditions }).strict()),
  'segments.save': write<Segment>()(z.object({ name: z.string().trim().min(1, 'Give the segment a name').max(100), conditions: segmentConditions }).strict(), 'owner'),
  'segments.delete': write<{ deleted: number }>()(z.object({ id }).strict(), 'owner'),
};
