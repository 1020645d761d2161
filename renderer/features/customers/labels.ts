import { frequencyTierPurchases, frequencyTiers, type FrequencyTier, type NoteType, type PaymentMethod } from '../../../shared/contract';

export { tierLabels, typeLabels } from '../../../shared/format/labels';

/** What each tier means, for tooltips: the core counts purchases in the last 365 days. */
const purchasesIn = ({ fewest, most }: { fewest: number; most: number | null }) =>
  most === null ? `${fewest} or more purchases` : most === 0 ? 'No purchase' : fewest === most ? (most === 1 ? 'One purchase' : `${most} purchases`) : `${fewest}–${most} purchases`;
export const tierHints = Object.fromEntries(
  frequencyTiers.map((tier) => [tier, `${purchasesIn(frequencyTierPurchases[tier])} in the last 12 months`]),
) as Record<FrequencyTier, string>;

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
