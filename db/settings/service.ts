import type { ParsedInputOf, Settings } from '../../shared/contract';
import { currencyDigits } from '../../shared/format/money';
import { nowIso, readSettings, type CoreContext } from '../context';
import { DomainError } from '../errors';
import { one, run, type Query } from '../query';

const columns = {
  shopName: 'shop_name',
  currency: 'currency',
  phoneCountry: 'phone_country',
  locale: 'locale',
  timeZone: 'time_zone',
  saleCeiling: 'sale_ceiling',
  highValueThreshold: 'high_value_threshold',
  idleLockMinutes: 'idle_lock_minutes',
  backupFolder: 'backup_folder',
} as const;

export const getSettings = (): Query<Settings> => readSettings();

export function* updateSettings(ctx: CoreContext, patch: ParsedInputOf<'settings.update'>): Query<Settings> {
  const before = yield* readSettings();
  if (patch.currency && patch.currency !== before.currency && currencyDigits(patch.currency) !== before.currencyDigits) {
    const hasSales = yield* one('SELECT 1 FROM sales LIMIT 1');
    if (hasSales) {
      // Amounts are stored in minor units: a currency with other decimals would silently rescale every sale.
      const message = `Sales are already recorded in ${before.currency} (${before.currencyDigits} decimals); ${patch.currency} has ${currencyDigits(patch.currency)}, which would change every recorded amount`;
      throw new DomainError('conflict', message, { fields: { currency: message } });
    }
  }
  const digitsNow = patch.currency ? currencyDigits(patch.currency) : before.currencyDigits;
  if (digitsNow !== before.currencyDigits) {
    // The amounts Settings holds are minor units: they keep their value in the shop's own terms (a
    // 1,000.00 ceiling stays 1,000), unless the same change sets them.
    const rescale = (minor: number) => Math.max(1, Math.round(minor * 10 ** (digitsNow - before.currencyDigits)));
    const stored = (yield* one<{ sale_ceiling: number; high_value_threshold: number | null }>('SELECT sale_ceiling, high_value_threshold FROM settings WHERE id = 1'))!;
    patch = {
      ...patch,
      saleCeiling: patch.saleCeiling ?? rescale(stored.sale_ceiling),
      // Never set means the default, which follows the currency by itself.
      highValueThreshold: patch.highValueThreshold ?? (stored.high_value_threshold === null ? undefined : rescale(stored.high_value_threshold)),
    };
  }
  const entries = Object.entries(patch).filter(([, value]) => value !== undefined) as [keyof typeof columns, string | number | null][];
  if (entries.length > 0) {
    const set = entries.map(([key]) => `${columns[key]} = @${key}`).join(', ');
    yield* run(`UPDATE settings SET ${set}, updated_at = @updatedAt WHERE id = 1`, { ...Object.fromEntries(entries), updatedAt: nowIso(ctx) });
  }
  return yield* readSettings();
}
