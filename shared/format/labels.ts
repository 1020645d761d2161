import type { CustomerType, FrequencyTier } from '../contract';

/**
 * The words the shop sees for the contract's customer types and frequency tiers. They are shared
 * because the same words travel out of the app: the Mailchimp export tags each contact with them,
 * and a tag must read exactly as the directory's badge does for the owner to find it.
 */
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
