import { builtInSegments, segmentConditions, type ParsedInputOf, type Segment, type SegmentConditions } from '../../shared/contract';
import { addDays, addMonths, upcomingMonthDays } from '../../shared/format/time';
import { nowIso, readSettings, toStoredTime, type CoreContext } from '../context';
import { birthdayAmongSql, cutoff365, recentPurchasesSql, tierRange } from '../customers/rows';
import { DomainError, notFound } from '../errors';
import { all, insert, one, run, value, type Query } from '../query';

/** A WHERE fragment over `customers c` (active customers only) and its named parameters. */
export interface SegmentFilter {
  clause: string;
  params: Record<string, unknown>;
}

const doNotContact = '(SELECT do_not_contact FROM customer_preferences p WHERE p.customer_id = c.id)';


/**
 * Customers whose first purchase has an anniversary, a year or more on, in the `days` from today: its
 * month and day among those days, and made at least a year before the last of them. The day is the
 * stored UTC time's (a shop far from UTC may see one a day early or late around midnight).
 */
function anniversaryFilter(ctx: CoreContext, timeZone: string, days: number): SegmentFilter {
  const pad = (n: number) => String(n).padStart(2, '0');
  const monthDays = upcomingMonthDays(ctx.now(), timeZone, days).map(({ monthDay }) => `${pad(Math.floor(monthDay / 100))}-${pad(monthDay % 100)}`);
  return {
    clause: `c.first_purchase_at < @seg_year_before AND substr(c.first_purchase_at, 6, 5) IN (SELECT ad.value FROM ${ctx.dialect.jsonTexts('@seg_anniversaries', 'ad')})`,
    params: { seg_year_before: addMonths(addDays(ctx.now(), days), -12).toISOString(), seg_anniversaries: JSON.stringify(monthDays) },
  };
}

/**
 * Whether `c`'s points make a reward under the scheme in force: false while loyalty is off (no
 * reward size to reach), so "has a reward ready" is then nobody. The Mailchimp export tags by it too.
 */
export const rewardReadySql = 'coalesce(c.loyalty_points >= (SELECT s.loyalty_reward_points FROM settings s WHERE s.id = 1), false)';

/** Custom conditions to SQL: every condition is ANDed, and counting never loads customers into JavaScript. */
export function conditionsFilter(ctx: CoreContext, conditions: SegmentConditions, timeZone: string): SegmentFilter {
  const d = ctx.dialect;
  const where: string[] = [];
  const params: Record<string, unknown> = {};
  const range = (column: string, key: string, value: { min?: number; max?: number } | undefined) => {
    if (value?.min !== undefined) (where.push(`${column} >= @${key}_min`), (params[`${key}_min`] = value.min));
    if (value?.max !== undefined) (where.push(`${column} <= @${key}_max`), (params[`${key}_max`] = value.max));
  };
  range('c.total_spent', 'seg_spent', conditions.totalSpent);
  range('c.purchase_count', 'seg_purchases', conditions.purchases);
  if (conditions.lastPurchaseBefore) (where.push('c.last_purchase_at < @seg_lp_before'), (params.seg_lp_before = toStoredTime(conditions.lastPurchaseBefore)));
  if (conditions.lastPurchaseAfter) (where.push('c.last_purchase_at >= @seg_lp_after'), (params.seg_lp_after = toStoredTime(conditions.lastPurchaseAfter)));
  if (conditions.lastPurchaseWithinDays) {
    where.push('c.last_purchase_at >= @seg_lp_within');
    params.seg_lp_within = addDays(ctx.now(), -conditions.lastPurchaseWithinDays).toISOString();
  }
  if (conditions.createdBefore) (where.push('c.created_at < @seg_created_before'), (params.seg_created_before = toStoredTime(conditions.createdBefore)));
  if (conditions.createdAfter) (where.push('c.created_at >= @seg_created_after'), (params.seg_created_after = toStoredTime(conditions.createdAfter)));
  if (conditions.types) (where.push(`c.type IN (SELECT st.value FROM ${d.jsonTexts('@seg_types', 'st')})`), (params.seg_types = JSON.stringify(conditions.types)));
  if (conditions.tags) {
    where.push(`EXISTS (SELECT 1 FROM ${d.jsonTexts('c.tags', 't')} WHERE lower(t.value) IN (SELECT lower(sg.value) FROM ${d.jsonTexts('@seg_tags', 'sg')}))`);
    params.seg_tags = JSON.stringify(conditions.tags);
  }
  if (conditions.source) (where.push(`${d.nocase('c.source')} = ${d.nocase('@seg_source')}`), (params.seg_source = conditions.source));
  if (conditions.tier) {
    where.push(`${recentPurchasesSql('seg_cutoff365')} BETWEEN @seg_tier_min AND @seg_tier_max`);
    [params.seg_tier_min, params.seg_tier_max] = tierRange[conditions.tier];
    params.seg_cutoff365 = cutoff365(ctx.now());
  }
  if (conditions.emailConsent) (where.push('c.email_consent = @seg_email_consent'), (params.seg_email_consent = conditions.emailConsent));
  if (conditions.smsConsent) (where.push('c.sms_consent = @seg_sms_consent'), (params.seg_sms_consent = conditions.smsConsent));
  if (conditions.doNotContact !== undefined) (where.push(`${doNotContact} = @seg_dnc`), (params.seg_dnc = conditions.doNotContact ? 1 : 0));
  if (conditions.rewardReady !== undefined) where.push(conditions.rewardReady ? rewardReadySql : `NOT ${rewardReadySql}`);
  if (conditions.birthdayWithinDays) {
    const days = upcomingMonthDays(ctx.now(), timeZone, conditions.birthdayWithinDays);
    where.push(birthdayAmongSql(ctx.dialect, '@seg_birthdays'));
    params.seg_birthdays = JSON.stringify(days.map((d) => d.monthDay));
  }
  return { clause: where.length > 0 ? where.join(' AND ') : '1 = 1', params };
}

function* builtInFilter(ctx: CoreContext, key: (typeof builtInSegments)[number]['key']): Query<SegmentFilter> {
  const settings = yield* readSettings();
  const now = ctx.now();
  switch (key) {
    case 'high_value':
      return { clause: 'c.purchase_count >= 3 AND c.total_spent >= @seg_threshold', params: { seg_threshold: settings.highValueThreshold } };
    case 'new':
      return { clause: 'c.created_at >= @seg_since', params: { seg_since: addDays(now, -7).toISOString() } };
    case 'no_visit_30':
      return { clause: 'c.last_purchase_at < @seg_since', params: { seg_since: addDays(now, -30).toISOString() } };
    case 'repeat':
      return { clause: 'c.purchase_count >= 2', params: {} };
    case 'never_purchased':
      return { clause: 'c.purchase_count = 0', params: {} };
    case 'vip':
      return { clause: "c.type = 'vip'", params: {} };
    case 'wholesale':
      return { clause: "c.type = 'wholesale'", params: {} };
    case 'birthdays_this_month': {
      const month = Number(new Intl.DateTimeFormat('en-US', { timeZone: settings.timeZone, month: 'numeric' }).format(now));
      return { clause: 'c.birthday_month = @seg_month', params: { seg_month: month } };
    }
    case 'email_subscribers':
      return { clause: "c.email_consent = 'subscribed'", params: {} };
    case 'birthdays_next_7':
      return conditionsFilter(ctx, { birthdayWithinDays: 7 }, settings.timeZone);
    case 'anniversary_this_week':
      return anniversaryFilter(ctx, settings.timeZone, 7);
  }
}

interface SavedRow {
  id: number;
  name: string;
  conditions: string;
}

function parseSaved(row: SavedRow): SegmentConditions {
  const parsed = segmentConditions.safeParse(JSON.parse(row.conditions));
  if (!parsed.success) throw new DomainError('internal', `Saved segment "${row.name}" could not be read`);
  return parsed.data;
}

/** A segment by key (`high_value`, `saved:3`) or by name, case-insensitive. */
export function* resolveSegment(
  ctx: CoreContext,
  ref: string,
): Query<{ key: string; name: string; filter: SegmentFilter; conditions: SegmentConditions | null }> {
  const text = ref.trim();
  const builtIn = builtInSegments.find((s) => s.key === text || s.name.toLowerCase() === text.toLowerCase());
  if (builtIn) return { key: builtIn.key, name: builtIn.name, filter: yield* builtInFilter(ctx, builtIn.key), conditions: null };
  const savedId = /^saved:(\d+)$/.exec(text)?.[1];
  const row = savedId
    ? yield* one<SavedRow>('SELECT id, name, conditions FROM saved_segments WHERE id = ?', [Number(savedId)])
    : yield* one<SavedRow>(`SELECT id, name, conditions FROM saved_segments WHERE ${ctx.dialect.nocase('name')} = ${ctx.dialect.nocase('?')}`, [text]);
  if (!row) throw new DomainError('not_found', `No segment called "${text}"`);
  const conditions = parseSaved(row);
  return { key: `saved:${row.id}`, name: row.name, filter: conditionsFilter(ctx, conditions, (yield* readSettings()).timeZone), conditions };
}

function* countActive(filter: SegmentFilter): Query<number> {
  return (yield* value<number>(`SELECT count(*) AS n FROM customers c WHERE c.status = 'active' AND (${filter.clause})`, filter.params))!;
}

export function* listSegments(ctx: CoreContext): Query<Segment[]> {
  const builtIn: Segment[] = [];
  for (const s of builtInSegments) {
    builtIn.push({ key: s.key, name: s.name, builtIn: true, count: yield* countActive(yield* builtInFilter(ctx, s.key)), conditions: null });
  }
  const saved: Segment[] = [];
  const { timeZone } = yield* readSettings();
  for (const row of yield* all<SavedRow>(`SELECT id, name, conditions FROM saved_segments ORDER BY ${ctx.dialect.nocase('name')}`)) {
    const conditions = parseSaved(row);
    saved.push({ key: `saved:${row.id}`, name: row.name, builtIn: false, count: yield* countActive(conditionsFilter(ctx, conditions, timeZone)), conditions });
  }
  return [...builtIn, ...saved];
}

export function* countSegment(ctx: CoreContext, conditions: SegmentConditions): Query<number> {
  return yield* countActive(conditionsFilter(ctx, conditions, (yield* readSettings()).timeZone));
}

/** One segment's count by key or name, as segments.list counts it (the benchmark times each built-in). */
export function* countSegmentRef(ctx: CoreContext, ref: string): Query<number> {
  return yield* countActive((yield* resolveSegment(ctx, ref)).filter);
}

export function* saveSegment(ctx: CoreContext, input: ParsedInputOf<'segments.save'>): Query<Segment> {
  if (builtInSegments.some((s) => s.name.toLowerCase() === input.name.toLowerCase() || s.key === input.name)) {
    throw new DomainError('conflict', `"${input.name}" is a built-in segment: choose another name`, { fields: { name: 'A built-in segment has this name' } });
  }
  const taken = yield* one(`SELECT id FROM saved_segments WHERE ${ctx.dialect.nocase('name')} = ${ctx.dialect.nocase('?')}`, [input.name]);
  if (taken) throw new DomainError('conflict', `A segment called "${input.name}" already exists`, { fields: { name: 'This name is taken' } });
  const id = yield* insert('INSERT INTO saved_segments (name, conditions, created_at) VALUES (?, ?, ?)', [
    input.name,
    JSON.stringify(input.conditions),
    nowIso(ctx),
  ]);
  return { key: `saved:${id}`, name: input.name, builtIn: false, count: yield* countSegment(ctx, input.conditions), conditions: input.conditions };
}

export function* deleteSegment(ctx: CoreContext, id: number): Query<{ deleted: number }> {
  const { changes } = yield* run('DELETE FROM saved_segments WHERE id = ?', [id]);
  if (changes === 0) throw notFound(`Segment ${id}`);
  return { deleted: id };
}
