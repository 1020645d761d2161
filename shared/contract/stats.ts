import { z } from 'zod';
import { read } from './define';

export interface Stats {
  totalCustomers: number;
  activeCustomers: number;
  newLast7Days: number;
  newThisMonth: number;
  purchasingCustomers: number;
  repeatCustomers: number;
  /** 0 to 1. */
  repeatRate: number;
  customerRevenue: number;
  revenueThisMonth: number;
  averageLifetimeValue: number;
}

export const statsMethods = {
  'stats.get': read<Stats>()(z.object({}).strict().default({})),
};
