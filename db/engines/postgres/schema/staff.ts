import { sql } from 'drizzle-orm';
import { bigint, check, integer, pgTable, text } from 'drizzle-orm/pg-core';
import { staffRoles } from '../../../../shared/contract/staff';
import { flag, flagCheck, oneOf, serialId, yes } from './columns';

export const staff = pgTable(
  'staff',
  {
    id: serialId(),
    name: text('name').notNull(),
    role: text('role', { enum: staffRoles }).notNull(),
    createdAt: text('created_at').notNull(),
    pinHash: text('pin_hash'),
    failedAttempts: integer('failed_attempts').notNull().default(0),
    lockedUntil: text('locked_until'),
    active: flag('active').notNull().default(yes),
  },
  (t) => [oneOf('staff_role_check', t.role, staffRoles), flagCheck('staff_active_check', t.active)],
);

export const settings = pgTable(
  'settings',
  {
    id: integer('id').primaryKey(),
    shopName: text('shop_name').notNull(),
    currency: text('currency').notNull(),
    phoneCountry: text('phone_country').notNull(),
    locale: text('locale').notNull(),
    timeZone: text('time_zone').notNull(),
    saleCeiling: bigint('sale_ceiling', { mode: 'number' }).notNull().default(10_000_000),
    highValueThreshold: bigint('high_value_threshold', { mode: 'number' }),
    idleLockMinutes: integer('idle_lock_minutes').notNull().default(5),
    backupFolder: text('backup_folder'),
    updatedAt: text('updated_at').notNull(),
    loyaltySpendPerPoint: bigint('loyalty_spend_per_point', { mode: 'number' }),
    loyaltyRewardPoints: bigint('loyalty_reward_points', { mode: 'number' }),
    loyaltyRewardValue: bigint('loyalty_reward_value', { mode: 'number' }),
    loyaltyExpireMonths: integer('loyalty_expire_months'),
    mailchimpAudienceId: text('mailchimp_audience_id'),
    mailchimpAudienceName: text('mailchimp_audience_name'),
    mailchimpApiBase: text('mailchimp_api_base'),
    mailchimpKeySealed: text('mailchimp_key_sealed'),
    mailchimpPermissionId: text('mailchimp_permission_id'),
    mailchimpConnectedAt: text('mailchimp_connected_at'),
    mailchimpPulledUntil: text('mailchimp_pulled_until'),
  },
  (t) => [check('settings_single_row', sql`${t.id} = 1`)],
);
