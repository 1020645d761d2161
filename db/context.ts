import type Database from 'better-sqlite3';
import type { Person, Settings } from '../shared/contract';
import { currencyDigits } from '../shared/format/money';
import type { Actor } from './access';
import type { SearchEngine } from './customers/search';
import type { CustomerTallies } from './customers/tallies';
import type { Dialect } from './dialect';
import { one, type Query } from './query';

/**
 * What every rule gets: who is acting, the clock (a parameter, so day-based rules can be tested), and
 * what differs between the engines. Never the database itself: a rule yields its statements (db/query.ts).
 */
export interface CoreContext {
  /** Who is acting on this call; null when nobody is signed in (only public methods get this far). */
  actor: Actor | null;
  /** The acting member's staff id, recorded as author; null for the command line or when signed out. */
  actorId: number | null;
  /** Who acts when no member of staff does ("command line (ama)"): recorded beside actorId wherever it is, as the audit log names them. */
  actorLabel: string | null;
  now: () => Date;
  /** The SQL that differs between the engines (db/dialect.ts). */
  dialect: Dialect;
  /** How the engine searches customers and keeps its search index in step. */
  search: SearchEngine;
  /** How the engine counts the customers for the directory's totals and the stats cards. */
  tallies: CustomerTallies;
  /** How far a long write is (an import's rows), for a host that shows it; most calls have no one listening. */
  progress?: (done: number, total: number) => void;
}

/** A prepared statement, compiled once per connection: preparing is most of a small query's cost. */
export function statementCache(sqlite: Database.Database): (sql: string) => Database.Statement {
  const cache = new Map<string, Database.Statement>();
  return (sql) => {
    let statement = cache.get(sql);
    if (!statement) {
      statement = sqlite.prepare(sql);
      cache.set(sql, statement);
    }
    return statement;
  };
}

export const nowIso = (ctx: CoreContext): string => ctx.now().toISOString();

/** Every stored time is `Date#toISOString()` UTC, so that text order is time order in SQL. */
export const toStoredTime = (iso: string): string => new Date(iso).toISOString();

interface SettingsRow {
  shop_name: string;
  currency: string;
  phone_country: string;
  locale: string;
  time_zone: string;
  sale_ceiling: number;
  high_value_threshold: number | null;
  idle_lock_minutes: number;
  backup_folder: string | null;
  updated_at: string;
  loyalty_spend_per_point: number | null;
  loyalty_reward_points: number | null;
  loyalty_reward_value: number | null;
  loyalty_expire_months: number | null;
}

export function* readSettings(): Query<Settings> {
  // The one settings row is made when the book is first opened (db/open.ts) and never deleted.
  const row = (yield* one<SettingsRow>('SELECT * FROM settings WHERE id = 1'))!;
  return {
    shopName: row.shop_name,
    currency: row.currency,
    currencyDigits: currencyDigits(row.currency),
    phoneCountry: row.phone_country,
    locale: row.locale,
    timeZone: row.time_zone,
    saleCeiling: row.sale_ceiling,
    highValueThreshold: row.high_value_threshold ?? 1000 * 10 ** currencyDigits(row.currency),
    idleLockMinutes: row.idle_lock_minutes,
    backupFolder: row.backup_folder,
    // loyalty.setScheme writes the three figures together, or clears them together.
    loyalty:
      row.loyalty_spend_per_point !== null && row.loyalty_reward_points !== null && row.loyalty_reward_value !== null
        ? { spendPerPoint: row.loyalty_spend_per_point, rewardPoints: row.loyalty_reward_points, rewardValue: row.loyalty_reward_value, expireMonths: row.loyalty_expire_months }
        : null,
    updatedAt: row.updated_at,
  };
}

/** JSON kept in a text column, read defensively: a hand-edited file must not crash a screen. */
export function parseJsonArray(text: string | null): string[] {
  if (!text) return [];
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  } catch {
    return [];
  }
}

/** A member of staff as a joined row gives them (id and name columns), else who acted without one (the command line), or null when neither is recorded. */
export const personOf = (id: number | null, name: string | null, label: string | null = null): Person | null =>
  id != null ? { id, name: name ?? '' } : label ? { id: null, name: label } : null;

/** The label recorded beside a null staff id: only an actor who is no member of staff has one. */
export const actorLabelOf = (actor: Actor | null): string | null => (actor && actor.id == null ? actor.label ?? null : null);
