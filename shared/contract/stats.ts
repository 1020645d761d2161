import { z } from 'zod';
import type { FrequencyTier } from './customers';
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
  /** Email-subscribed ÷ active customers with an email; 0 to 1. */
  emailOptInRate: number;
}

export const statsMethods = {
  'stats.get': read<Stats>()(z.object({}).strict().default({})),
};

export interface MonthPoint {
  /** `YYYY-MM` in the shop's time zone. */
  month: string;
  value: number;
}

export interface SourceRow {
  /** null: not recorded. */
  source: string | null;
  customers: number;
  revenue: number;
  repeatRate: number;
}

export interface Dashboard {
  stats: Stats;
  newCustomersByMonth: MonthPoint[];
  revenueByMonth: MonthPoint[];
  customersByTier: Record<FrequencyTier, number>;
  bySource: SourceRow[];
  /** Active customers whose birthday is in the next 7 days (today first), soonest first: at most UPCOMING_BIRTHDAYS_SHOWN. */
  upcomingBirthdays: UpcomingBirthday[];
}

export interface UpcomingBirthday {
  customerId: number;
  name: string;
  /** `MM-DD`: a birthday is shown without the year, and no age is worked out. */
  birthday: string;
  /** 0 today, 1 tomorrow… */
  inDays: number;
}

/** The dashboard lists this many of the week's birthdays; the "Birthdays in the next 7 days" segment holds them all. */
export const UPCOMING_BIRTHDAYS_SHOWN = 50;

export const dashboardMethods = {
  'stats.dashboard': read<Dashboard>()(z.object({ months: z.number().int().min(1).max(60).default(12) }).strict().default({ months: 12 })),
};
