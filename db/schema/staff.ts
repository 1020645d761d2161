import { sql } from 'drizzle-orm';
import { check, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { staffRoles } from '../../shared/contract/staff';

export const staff = sqliteTable('staff', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  name: text('name').notNull(),
  role: text('role', { enum: staffRoles }).notNull(),
  createdAt: text('created_at').notNull(),
  /** `scrypt$<salt hex>$<key hex>`; null until the member has chosen a PIN (the first owner at first run). */
  pinHash: text('pin_hash'),
  /** Wrong PINs since the last right one: the back-off grows with it. */
  failedAttempts: integer('failed_attempts').notNull().default(0),
  /** ISO UTC; sign-in is refused until then. */
  lockedUntil: text('locked_until'),
  /** A member who left keeps their name on past records but can no longer sign in. */
  active: integer('active', { mode: 'boolean' }).notNull().default(true),
});

/** One row: the shop's own settings. */
export const settings = sqliteTable(
  'settings',
  {
    id: integer('id').primaryKey(),
    shopName: text('shop_name').notNull(),
    currency: text('currency').notNull(),
    phoneCountry: text('phone_country').notNull(),
    locale: text('locale').notNull(),
    timeZone: text('time_zone').notNull(),
    /** A sale above this many minor units is refused as a typing mistake. */
    saleCeiling: integer('sale_ceiling').notNull().default(10_000_000),
    /** Minor units a "high value" customer has spent; null means 1,000 in the shop's currency. */
    highValueThreshold: integer('high_value_threshold'),
    /** The counter locks itself after this many idle minutes; 0 never locks. */
    idleLockMinutes: integer('idle_lock_minutes').notNull().default(5),
    /** Where backups go; null means a `backups` folder beside the database file. */
    backupFolder: text('backup_folder'),
    updatedAt: text('updated_at').notNull(),
    /** The loyalty scheme (shared/contract/loyalty.ts): minor units spent for a point; null while loyalty is off. */
    loyaltySpendPerPoint: integer('loyalty_spend_per_point'),
    /** Points that make a reward. */
    loyaltyRewardPoints: integer('loyalty_reward_points'),
    /** Minor units a reward takes off a sale. */
    loyaltyRewardValue: integer('loyalty_reward_value'),
    /** Months without a purchase after which points lapse; null, never. */
    loyaltyExpireMonths: integer('loyalty_expire_months'),
    /** The Mailchimp audience a sync fills (shared/contract/mailchimp.ts); null while not connected. */
    mailchimpAudienceId: text('mailchimp_audience_id'),
    mailchimpAudienceName: text('mailchimp_audience_name'),
    mailchimpApiBase: text('mailchimp_api_base'),
    /** The API key, sealed by the host (safeStorage on the desktop, a key file outside the book elsewhere): never in the clear. */
    mailchimpKeySealed: text('mailchimp_key_sealed'),
    /** The GDPR marketing permission email consent maps to, for an audience that has them. */
    mailchimpPermissionId: text('mailchimp_permission_id'),
    mailchimpConnectedAt: text('mailchimp_connected_at'),
    /** Changes in Mailchimp up to this time have been brought home; the next pull asks for later ones. */
    mailchimpPulledUntil: text('mailchimp_pulled_until'),
  },
  (t) => [check('settings_single_row', sql`${t.id} = 1`)],
);
