import { sql } from 'drizzle-orm';
import { bigint, check, index, integer, pgTable, text, uniqueIndex, type AnyPgColumn } from 'drizzle-orm/pg-core';
import { consentStatuses } from '../../../../shared/contract/consent';
import { customerStatuses, customerTypes } from '../../../../shared/contract/customers';
import { contactChannels } from '../../../../shared/contract/preferences';
import { paymentMethods } from '../../../../shared/contract/sales';
import { flag, flagCheck, no, oneOf, serialId } from './columns';
import { staff } from './staff';

export const customers = pgTable(
  'customers',
  {
    id: serialId(),
    firstName: text('first_name').notNull(),
    lastName: text('last_name'),
    phone: text('phone'),
    phoneE164: text('phone_e164'),
    phoneSearch: text('phone_search'),
    email: text('email'),
    address: text('address'),
    birthdayMonth: integer('birthday_month'),
    birthdayDay: integer('birthday_day'),
    birthdayYear: integer('birthday_year'),
    type: text('type', { enum: customerTypes }).notNull().default('walk_in'),
    tags: text('tags').notNull().default('[]'),
    source: text('source'),
    status: text('status', { enum: customerStatuses }).notNull().default('active'),
    createdAt: text('created_at').notNull(),
    createdBy: integer('created_by').references(() => staff.id),
    createdByLabel: text('created_by_label'),
    updatedAt: text('updated_at').notNull(),
    // bigint: money and counts summed over years of sales must not overflow a 32-bit integer.
    purchaseCount: bigint('purchase_count', { mode: 'number' }).notNull().default(0),
    totalSpent: bigint('total_spent', { mode: 'number' }).notNull().default(0),
    itemsBought: bigint('items_bought', { mode: 'number' }).notNull().default(0),
    firstPurchaseAt: text('first_purchase_at'),
    lastPurchaseAt: text('last_purchase_at'),
    importedPurchases: bigint('imported_purchases', { mode: 'number' }).notNull().default(0),
    importedSpent: bigint('imported_spent', { mode: 'number' }).notNull().default(0),
    emailConsent: text('email_consent', { enum: consentStatuses }).notNull().default('not_asked'),
    smsConsent: text('sms_consent', { enum: consentStatuses }).notNull().default('not_asked'),
    erasedAt: text('erased_at'),
    mergedInto: integer('merged_into').references((): AnyPgColumn => customers.id),
    loyaltyPoints: bigint('loyalty_points', { mode: 'number' }).notNull().default(0),
    cardCode: text('card_code'),
  },
  (t) => [
    uniqueIndex('customers_phone_e164_unique').on(t.phoneE164),
    uniqueIndex('customers_email_unique').on(t.email),
    uniqueIndex('customers_card_code_unique').on(t.cardCode),
    // SQLite's NOCASE indexes, as lower(): the directory's name order served from an index. The
    // search's own indexes (pg_trgm and prefixes) are in the custom migration that loads pg_trgm.
    index('customers_status_name_nocase').on(t.status, sql`lower(${t.firstName})`, sql`lower(${t.lastName})`),
    index('customers_status_last_name_nocase').on(t.status, sql`lower(${t.lastName})`, sql`lower(${t.firstName})`),
    index('customers_status_spent').on(t.status, t.totalSpent),
    index('customers_status_last_purchase').on(t.status, t.lastPurchaseAt),
    index('customers_status_created').on(t.status, t.createdAt),
    // The directory's pages by spend and by last visit, filtered by type, in their own order to the
    // last key: SQLite's index ends on the rowid by itself, PostgreSQL's must name the id, and "last
    // visit, newest first, never-bought last" is an order of its own (a backward walk puts NULLs first).
    index('customers_directory_type_spent').on(t.status, t.type, t.totalSpent, t.id).where(sql`${t.erasedAt} IS NULL`),
    index('customers_directory_type_last_purchase').on(t.status, t.type, t.lastPurchaseAt.desc().nullsLast(), t.id.desc().nullsFirst()).where(sql`${t.erasedAt} IS NULL`),
    index('customers_status_purchases').on(t.status, t.purchaseCount, t.totalSpent),
    index('customers_status_email_consent').on(t.status, t.emailConsent),
    // The email opt-in rate of the stats counts the active customers with an email, and those of them
    // subscribed, from this index alone (each count was a pass over every active customer's row).
    index('customers_status_email_consent_with_email').on(t.status, t.emailConsent).where(sql`${t.email} IS NOT NULL`),
    // The day too, so that a week's birthdays are counted from the index alone.
    index('customers_status_birthday_day').on(t.status, t.birthdayMonth, t.birthdayDay),
    // "Customer for a year this week" asks for the month and day of the first purchase: found here, not by reading every customer.
    index('customers_status_anniversary').on(t.status, sql`substr(${t.firstPurchaseAt}, 6, 5)`, t.firstPurchaseAt),
    oneOf('customers_type_check', t.type, customerTypes),
    oneOf('customers_status_check', t.status, customerStatuses),
    oneOf('customers_email_consent_check', t.emailConsent, consentStatuses),
    oneOf('customers_sms_consent_check', t.smsConsent, consentStatuses),
    check('customers_aggregates_check', sql`${t.purchaseCount} >= 0 AND ${t.totalSpent} >= 0 AND ${t.itemsBought} >= 0`),
  ],
);

export const preferences = pgTable(
  'customer_preferences',
  {
    customerId: integer('customer_id')
      .primaryKey()
      .references(() => customers.id),
    channel: text('channel', { enum: contactChannels }),
    bestTime: text('best_time'),
    doNotContact: flag('do_not_contact').notNull().default(no),
    favoriteProducts: text('favorite_products').notNull().default('[]'),
    paymentMethod: text('payment_method', { enum: paymentMethods }),
    offersOptIn: flag('offers_opt_in').notNull().default(no),
    loyaltyOptIn: flag('loyalty_opt_in').notNull().default(no),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [
    oneOf('customer_preferences_channel_check', t.channel, contactChannels),
    oneOf('customer_preferences_payment_method_check', t.paymentMethod, paymentMethods),
    flagCheck('customer_preferences_do_not_contact_check', t.doNotContact),
    flagCheck('customer_preferences_offers_opt_in_check', t.offersOptIn),
    flagCheck('customer_preferences_loyalty_opt_in_check', t.loyaltyOptIn),
  ],
);

export const timelineEvents = pgTable(
  'timeline_events',
  {
    id: serialId(),
    customerId: integer('customer_id')
      .notNull()
      .references(() => customers.id),
    kind: text('kind').notNull(),
    at: text('at').notNull(),
    actorId: integer('actor_id').references(() => staff.id),
    actorLabel: text('actor_label'),
    data: text('data').notNull().default('{}'),
  },
  (t) => [index('timeline_customer_at').on(t.customerId, t.at)],
);
