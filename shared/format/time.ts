const DAY_MS = 24 * 60 * 60 * 1000;

export const addDays = (at: Date, days: number): Date => new Date(at.getTime() + days * DAY_MS);

/**
 * `months` calendar months after `at` (before, when negative), in UTC, the day held where the month
 * has it and the month's last day where it does not (31 January + 1 month is 28 or 29 February).
 */
export function addMonths(at: Date, months: number): Date {
  const shifted = new Date(at.getTime());
  const day = at.getUTCDate();
  shifted.setUTCDate(1);
  shifted.setUTCMonth(shifted.getUTCMonth() + months);
  const lastDay = new Date(Date.UTC(shifted.getUTCFullYear(), shifted.getUTCMonth() + 1, 0)).getUTCDate();
  shifted.setUTCDate(Math.min(day, lastDay));
  return shifted;
}

/** Whole days (floored) from `from` to `to`. */
export const wholeDaysBetween = (from: Date, to: Date): number => Math.floor((to.getTime() - from.getTime()) / DAY_MS);

function zoneParts(at: Date, timeZone: string) {
  // One formatter a zone: making one took 40 µs here, several times over for each stats call; using it takes 6.
  const parts = cached(`parts|${timeZone}`, () =>
    new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    }),
  ).formatToParts(at);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return { year: get('year'), month: get('month'), day: get('day'), hour: get('hour'), minute: get('minute'), second: get('second') };
}

/** Milliseconds the zone is ahead of UTC at that instant. */
function zoneOffset(at: Date, timeZone: string): number {
  const p = zoneParts(at, timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return asUtc - Math.floor(at.getTime() / 1000) * 1000;
}

/**
 * The shop's calendar days from today, `days` of them (today first), each as month × 100 + day (1 March
 * is 301), with how many days away it is. In a year without 29 February, 29 February birthdays are
 * kept on 28 February. A birthday is a month and a day here, never a year: no age is worked out.
 */
export function upcomingMonthDays(now: Date, timeZone: string, days: number): { monthDay: number; inDays: number }[] {
  const today = zoneParts(now, timeZone);
  const leap = (year: number) => new Date(Date.UTC(year, 1, 29)).getUTCMonth() === 1;
  const found: { monthDay: number; inDays: number }[] = [];
  for (let inDays = 0; inDays < days; inDays++) {
    const day = new Date(Date.UTC(today.year, today.month - 1, today.day + inDays));
    const monthDay = (day.getUTCMonth() + 1) * 100 + day.getUTCDate();
    found.push({ monthDay, inDays });
    if (monthDay === 228 && !leap(day.getUTCFullYear())) found.push({ monthDay: 229, inDays });
  }
  return found;
}

/** True when both instants fall on the same calendar day in the shop's time zone. */
export function sameDayInZone(a: Date, b: Date, timeZone: string): boolean {
  const x = zoneParts(a, timeZone);
  const y = zoneParts(b, timeZone);
  return x.year === y.year && x.month === y.month && x.day === y.day;
}

/** The instant the current month began in the shop's time zone. */
export function startOfMonthInZone(now: Date, timeZone: string): Date {
  const { year, month } = zoneParts(now, timeZone);
  return monthStartInZone(year, month, timeZone);
}

/** The year and month (1–12) an instant falls in, in the shop's time zone. */
export function monthInZone(at: Date, timeZone: string): { year: number; month: number } {
  const { year, month } = zoneParts(at, timeZone);
  return { year, month };
}

/** The instant a month (1–12; 13 rolls into the next year) begins in the shop's time zone. */
export function monthStartInZone(year: number, month: number, timeZone: string): Date {
  const localMidnight = Date.UTC(year, month - 1, 1);
  let guess = localMidnight - zoneOffset(new Date(localMidnight), timeZone);
  // A DST change between the guess and the real instant moves the offset: settle it once more.
  guess = localMidnight - zoneOffset(new Date(guess), timeZone);
  return new Date(guess);
}

/** Intl formatters are slow to build and cheap to use: one per locale and options, kept (a screen of rows formats hundreds of dates). */
const formatters = new Map<string, Intl.RelativeTimeFormat | Intl.DateTimeFormat>();
function cached<T extends Intl.RelativeTimeFormat | Intl.DateTimeFormat>(key: string, make: () => T): T {
  let format = formatters.get(key) as T | undefined;
  if (!format) {
    format = make();
    formatters.set(key, format);
  }
  return format;
}

export function formatRelative(iso: string, now: Date, locale?: string): string {
  const diff = new Date(iso).getTime() - now.getTime();
  const rtf = cached(`relative|${locale ?? ''}`, () => new Intl.RelativeTimeFormat(locale, { numeric: 'auto' }));
  const abs = Math.abs(diff);
  if (abs < 60_000) return rtf.format(0, 'second');
  if (abs < 3_600_000) return rtf.format(Math.round(diff / 60_000), 'minute');
  if (abs < DAY_MS) return rtf.format(Math.round(diff / 3_600_000), 'hour');
  if (abs < 30 * DAY_MS) return rtf.format(Math.round(diff / DAY_MS), 'day');
  if (abs < 365 * DAY_MS) return rtf.format(Math.round(diff / (30 * DAY_MS)), 'month');
  return rtf.format(Math.round(diff / (365 * DAY_MS)), 'year');
}

export function formatDateTime(iso: string, locale?: string, timeZone?: string): string {
  return cached(`dateTime|${locale ?? ''}|${timeZone ?? ''}`, () => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone })).format(new Date(iso));
}

export function formatDate(iso: string, locale?: string, timeZone?: string): string {
  return cached(`date|${locale ?? ''}|${timeZone ?? ''}`, () => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone })).format(new Date(iso));
}
