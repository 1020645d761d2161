import { z } from 'zod';
import { consentStatuses, customerTypes, frequencyTiers, type ConsentStatus, type SegmentConditions } from '../../../shared/contract';
import { parseMoney } from '../../../shared/format/money';
import { tierLabels, typeLabels } from '../customers/labels';

export const consentLabels: Record<ConsentStatus, string> = {
  subscribed: 'Subscribed',
  unsubscribed: 'Unsubscribed',
  not_asked: 'Not asked',
};

const DAY = 86_400_000;

/** The instant a calendar day ("2026-03-01") begins in the shop's time zone, as ISO. */
export function dayStartInZone(day: string, timeZone: string): string {
  const [y, m, d] = day.split('-').map(Number);
  const midnightUtc = Date.UTC(y, m - 1, d);
  const offsetAt = (at: number) => {
    const parts = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' }).formatToParts(new Date(at));
    const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
    return Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second')) - Math.floor(at / 1000) * 1000;
  };
  let guess = midnightUtc - offsetAt(midnightUtc);
  guess = midnightUtc - offsetAt(guess);
  return new Date(guess).toISOString();
}

/** A day picked in a date field back out of an ISO instant (for showing saved conditions). */
export const dayOf = (iso: string, timeZone: string) =>
  new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(iso));

const day = z.union([z.literal(''), z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Pick a date')]);
const whole = (label: string) =>
  z.union([z.literal(''), z.number().int(`${label} is a whole number`).min(0, `${label} cannot be negative`)]);

/** What the builder's fields hold: strings as typed, '' for "any". */
export function segmentFormSchema(currency: string) {
  const money = z.string().superRefine((text, ctx) => {
    if (text.trim() === '') return;
    const parsed = parseMoney(text, currency);
    if (!parsed.ok) ctx.addIssue({ code: 'custom', message: parsed.message });
  });
  return z
    .object({
      name: z.string().trim().max(100, 'At most 100 characters'),
      spentMin: money,
      spentMax: money,
      purchasesMin: whole('Purchases'),
      purchasesMax: whole('Purchases'),
      lastPurchaseWithinDays: z.union([z.literal(''), z.number().int('Whole days').min(1, 'At least 1 day').max(36_500)]),
      birthdayWithinDays: z.union([z.literal(''), z.number().int('Whole days').min(1, 'At least 1 day').max(366, 'At most 366 days')]),
      lastPurchaseAfter: day,
      lastPurchaseBefore: day,
      createdAfter: day,
      createdBefore: day,
      types: z.array(z.enum(customerTypes)),
      tags: z.array(z.string().trim().min(1).max(50, 'A tag is at most 50 characters')).max(30),
      source: z.string().trim().max(60, 'At most 60 characters'),
      tier: z.union([z.literal(''), z.enum(frequencyTiers)]),
      emailConsent: z.union([z.literal(''), z.enum(consentStatuses)]),
      smsConsent: z.union([z.literal(''), z.enum(consentStatuses)]),
      doNotContact: z.enum(['', 'yes', 'no']),
      rewardReady: z.enum(['', 'yes', 'no']),
    })
    .superRefine((v, ctx) => {
      const a = v.spentMin.trim() ? parseMoney(v.spentMin, currency) : null;
      const b = v.spentMax.trim() ? parseMoney(v.spentMax, currency) : null;
      if (a?.ok && b?.ok && a.minor > b.minor) ctx.addIssue({ code: 'custom', path: ['spentMax'], message: 'Lower than the "from" amount' });
      if (v.purchasesMin !== '' && v.purchasesMax !== '' && v.purchasesMin > v.purchasesMax) {
        ctx.addIssue({ code: 'custom', path: ['purchasesMax'], message: 'Lower than the "from" number' });
      }
      if (v.lastPurchaseAfter && v.lastPurchaseBefore && v.lastPurchaseAfter >= v.lastPurchaseBefore) {
        ctx.addIssue({ code: 'custom', path: ['lastPurchaseBefore'], message: 'Must be after the "from" date' });
      }
      if (v.createdAfter && v.createdBefore && v.createdAfter >= v.createdBefore) {
        ctx.addIssue({ code: 'custom', path: ['createdBefore'], message: 'Must be after the "from" date' });
      }
    });
}

export type SegmentFormValues = z.input<ReturnType<typeof segmentFormSchema>>;

export const emptySegmentForm: SegmentFormValues = {
  name: '',
  spentMin: '',
  spentMax: '',
  purchasesMin: '',
  purchasesMax: '',
  lastPurchaseWithinDays: '',
  birthdayWithinDays: '',
  lastPurchaseAfter: '',
  lastPurchaseBefore: '',
  createdAfter: '',
  createdBefore: '',
  types: [],
  tags: [],
  source: '',
  tier: '',
  emailConsent: '',
  smsConsent: '',
  doNotContact: '',
  rewardReady: '',
};

/** The contract's conditions from the builder's fields (which must already be valid). */
export function toConditions(v: SegmentFormValues, currency: string, timeZone: string): SegmentConditions {
  const c: SegmentConditions = {};
  const minor = (text: string) => {
    const parsed = text.trim() ? parseMoney(text, currency) : null;
    return parsed?.ok ? parsed.minor : undefined;
  };
  const range = (min: number | undefined, max: number | undefined) =>
    min === undefined && max === undefined ? undefined : { ...(min !== undefined ? { min } : {}), ...(max !== undefined ? { max } : {}) };
  c.totalSpent = range(minor(v.spentMin), minor(v.spentMax));
  c.purchases = range(v.purchasesMin === '' ? undefined : v.purchasesMin, v.purchasesMax === '' ? undefined : v.purchasesMax);
  if (v.lastPurchaseWithinDays !== '') c.lastPurchaseWithinDays = v.lastPurchaseWithinDays;
  if (v.birthdayWithinDays !== '') c.birthdayWithinDays = v.birthdayWithinDays;
  if (v.lastPurchaseAfter) c.lastPurchaseAfter = dayStartInZone(v.lastPurchaseAfter, timeZone);
  if (v.lastPurchaseBefore) c.lastPurchaseBefore = dayStartInZone(v.lastPurchaseBefore, timeZone);
  if (v.createdAfter) c.createdAfter = dayStartInZone(v.createdAfter, timeZone);
  if (v.createdBefore) c.createdBefore = dayStartInZone(v.createdBefore, timeZone);
  if (v.types.length > 0) c.types = [...v.types];
  const tags = v.tags.map((t) => t.trim()).filter(Boolean);
  if (tags.length > 0) c.tags = tags;
  if (v.source.trim()) c.source = v.source.trim();
  if (v.tier) c.tier = v.tier;
  if (v.emailConsent) c.emailConsent = v.emailConsent;
  if (v.smsConsent) c.smsConsent = v.smsConsent;
  if (v.doNotContact) c.doNotContact = v.doNotContact === 'yes';
  if (v.rewardReady) c.rewardReady = v.rewardReady === 'yes';
  for (const key of Object.keys(c) as (keyof SegmentConditions)[]) if (c[key] === undefined) delete c[key];
  return c;
}

/** A saved segment's conditions in words, for the list. */
export function describeConditions(c: SegmentConditions, money: (minor: number) => string, timeZone: string): string {
  const parts: string[] = [];
  const between = (r: { min?: number; max?: number }, show: (n: number) => string) =>
    r.min !== undefined && r.max !== undefined ? `${show(r.min)}–${show(r.max)}` : r.min !== undefined ? `at least ${show(r.min)}` : `at most ${show(r.max!)}`;
  if (c.totalSpent) parts.push(`spent ${between(c.totalSpent, money)}`);
  if (c.purchases) parts.push(`${between(c.purchases, String)} purchases`);
  if (c.lastPurchaseWithinDays) parts.push(`bought in the last ${c.lastPurchaseWithinDays} days`);
  if (c.birthdayWithinDays) parts.push(`birthday within ${c.birthdayWithinDays} days`);
  if (c.lastPurchaseAfter) parts.push(`last bought from ${dayOf(c.lastPurchaseAfter, timeZone)}`);
  if (c.lastPurchaseBefore) parts.push(`last bought before ${dayOf(c.lastPurchaseBefore, timeZone)}`);
  if (c.createdAfter) parts.push(`added from ${dayOf(c.createdAfter, timeZone)}`);
  if (c.createdBefore) parts.push(`added before ${dayOf(c.createdBefore, timeZone)}`);
  if (c.types) parts.push(c.types.map((t) => typeLabels[t]).join(' or '));
  if (c.tags) parts.push(`tagged ${c.tags.join(' or ')}`);
  if (c.source) parts.push(`source ${c.source}`);
  if (c.tier) parts.push(tierLabels[c.tier]);
  if (c.emailConsent) parts.push(`email ${consentLabels[c.emailConsent].toLowerCase()}`);
  if (c.smsConsent) parts.push(`SMS ${consentLabels[c.smsConsent].toLowerCase()}`);
  if (c.doNotContact !== undefined) parts.push(c.doNotContact ? 'do not contact' : 'may be contacted');
  if (c.rewardReady !== undefined) parts.push(c.rewardReady ? 'has a reward ready' : 'no reward ready');
  if (parts.length === 0) return 'Everyone';
  const text = parts.join(', ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export const builtInDescriptions: Record<string, string> = {
  high_value: '3 or more purchases and at least the high-value spend set in Settings',
  new: 'Added in the last 7 days',
  no_visit_30: 'Bought before, but not in the last 30 days',
  repeat: 'Bought twice or more',
  never_purchased: 'No purchase yet',
  vip: 'Customer type VIP',
  wholesale: 'Customer type Wholesale',
  birthdays_this_month: 'Birthday falls in this month',
  birthdays_next_7: 'Birthday from today to 6 days on',
  anniversary_this_week: 'A year or more since their first purchase, to the day, in the next 7 days',
  email_subscribers: 'Agreed to email offers',
};

export const dayMs = DAY;
