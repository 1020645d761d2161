import type { ParsedInputOf, Settings } from '../../shared/contract';
import { nowIso, readSettings, type CoreContext } from '../context';

const columns = {
  shopName: 'shop_name',
  currency: 'currency',
  phoneCountry: 'phone_country',
  locale: 'locale',
  timeZone: 'time_zone',
  saleCeiling: 'sale_ceiling',
} as const;

export const getSettings = (ctx: CoreContext): Settings => readSettings(ctx);

export function updateSettings(ctx: CoreContext, patch: ParsedInputOf<'settings.update'>): Settings {
  const entries = Object.entries(patch).filter(([, value]) => value !== undefined) as [keyof typeof columns, string | number][];
  if (entries.length > 0) {
    const set = entries.map(([key]) => `${columns[key]} = @${key}`).join(', ');
    ctx.prepare(`UPDATE settings SET ${set}, updated_at = @updatedAt WHERE id = 1`).run({ ...Object.fromEntries(entries), updatedAt: nowIso(ctx) });
  }
  return readSettings(ctx);
}
