import type { CustomerType, FrequencyTier, NoteType, PaymentMethod } from '../../../shared/contract';

export const typeLabels: Record<CustomerType, string> = {
  walk_in: 'Walk-in',
  regular: 'Regular',
  vip: 'VIP',
  wholesale: 'Wholesale',
};

export const tierLabels: Record<FrequencyTier, string> = {
  inactive: 'Inactive',
  one_time: 'One-time',
  occasional: 'Occasional',
  regular: 'Regular buyer',
  frequent: 'Frequent',
};

/** What each tier means, for tooltips: the core counts purchases in the last 365 days. */
export const tierHints: Record<FrequencyTier, string> = {
  inactive: 'No purchase in the last 12 months',
  one_time: 'One purchase in the last 12 months',
  occasional: '2–3 purchases in the last 12 months',
  regular: '4–11 purchases in the last 12 months',
  frequent: '12 or more purchases in the last 12 months',
};

export const paymentLabels: Record<PaymentMethod, string> = {
  cash: 'Cash',
  card: 'Card',
  mobile_money: 'Mobile money',
  other: 'Other',
};

export const noteTypeLabels: Record<NoteType, string> = {
  personal: 'Personal',
  preference: 'Preference',
  issue: 'Issue',
  feedback: 'Feedback',
};
