import type { LoyaltyAccount, LoyaltyEntry, LoyaltyEntryKind, LoyaltyScheme, ParsedInputOf, Settings } from '../../shared/contract';
import { formatMoney } from '../../shared/format/money';
import { addDays, addMonths } from '../../shared/format/time';
import { nowIso, personOf, readSettings, type CoreContext } from '../context';
import { invalid } from '../errors';
import { getCustomer } from '../customers/service';
import { requireState } from '../customers/lifecycle';
import { all, one, run, value, type Query } from '../query';
import type { loyaltyEntries } from '../schema';
import type { SqlRowOf } from '../sql-row';

/**
 * Loyalty points. A customer's balance (customers.loyalty_points) is the sum of their history
 * (loyalty_entries), written together in one transaction, and never goes below zero: every change
 * that takes points is a conditional update that takes no more than there is.
 */

export const rewardsOf = (points: number, scheme: LoyaltyScheme | null): number => (scheme ? Math.floor(points / scheme.rewardPoints) : 0);

/** The points a sale earns: one for every whole `spendPerPoint` paid; the rest earns nothing. */
export const pointsEarned = (paid: number, scheme: LoyaltyScheme): number => Math.floor(paid / scheme.spendPerPoint);

/** When points held since `since` (the last purchase) lapse under the scheme; null when they never do. */
export const lapsesAt = (since: string, scheme: LoyaltyScheme | null): Date | null =>
  scheme?.expireMonths ? addMonths(new Date(since), scheme.expireMonths) : null;

interface EntryToWrite {
  kind: LoyaltyEntryKind;
  points: number;
  saleId?: number | null;
  reason?: string | null;
}

/** Writes entries whose points the caller has already added to (or taken from) the balance, in one statement. */
function* writeEntries(ctx: CoreContext, customerId: number, entries: EntryToWrite[]): Query<void> {
  const written = entries.filter((entry) => entry.points !== 0);
  if (!written.length) return;
  const params: Record<string, unknown> = { customerId, authorId: ctx.actorId, authorLabel: ctx.actorLabel, createdAt: nowIso(ctx) };
  const rows = written.map((entry, i) => {
    Object.assign(params, { [`kind${i}`]: entry.kind, [`points${i}`]: entry.points, [`sale${i}`]: entry.saleId ?? null, [`reason${i}`]: entry.reason ?? null });
    return `(@customerId, @kind${i}, @points${i}, @sale${i}, @reason${i}, @authorId, @authorLabel, @createdAt)`;
  });
  yield* run(`INSERT INTO loyalty_entries (customer_id, kind, points, sale_id, reason, author_id, author_label, created_at) VALUES ${rows.join(', ')}`, params);
}

/**
 * Adds `points` (taking them when negative) unless the balance would go below zero: false then, and
 * nothing is written. One conditional update, so two tills changing one balance at once never both
 * take what only one of them could.
 */
function* change(ctx: CoreContext, customerId: number, entry: EntryToWrite): Query<boolean> {
  const { changes } = yield* run('UPDATE customers SET loyalty_points = loyalty_points + @points WHERE id = @id AND loyalty_points + @points >= 0', {
    id: customerId,
    points: entry.points,
  });
  if (changes === 0) return false;
  yield* writeEntries(ctx, customerId, [entry]);
  return true;
}

/**
 * Takes up to `points` from the balance, as many as there are (a voided sale whose points were spent
 * since, points that lapse): what was taken. The update holds only if the balance is still what was
 * read: each write is serialised already (SQLite's write lock; on PostgreSQL a serialisation
 * failure runs the whole call again), so this only guards the rule should that ever change.
 */
function* takeUpTo(ctx: CoreContext, customerId: number, points: number, entry: Omit<EntryToWrite, 'points'>): Query<number> {
  for (;;) {
    const balance = (yield* value<number>('SELECT loyalty_points FROM customers WHERE id = ?', [customerId])) ?? 0;
    const taken = Math.min(points, Number(balance));
    if (taken <= 0) return 0;
    const { changes } = yield* run('UPDATE customers SET loyalty_points = loyalty_points - @taken WHERE id = @id AND loyalty_points = @balance', {
      id: customerId,
      taken,
      balance,
    });
    if (changes === 1) {
      yield* writeEntries(ctx, customerId, [{ ...entry, points: -taken }]);
      return taken;
    }
  }
}

interface LapseRow {
  loyalty_points: number;
  last_purchase_at: string | null;
  last_given_at: string | null;
}

/** The newest time the owner gave `c` points: their age counts from then too, so points just given never lapse at once. */
const lastGivenSql = "(SELECT max(e.created_at) FROM loyalty_entries e WHERE e.customer_id = c.id AND e.kind = 'adjusted' AND e.points > 0)";
const lapseSql = `SELECT c.loyalty_points, c.last_purchase_at, ${lastGivenSql} AS last_given_at FROM customers c WHERE c.id = ?`;
/** What the points' age is counted from: the last purchase, or the owner's last gift of points, whichever is later (stored times sort as text). */
const heldSince = (row: LapseRow): string | null =>
  row.last_purchase_at && row.last_given_at ? (row.last_purchase_at > row.last_given_at ? row.last_purchase_at : row.last_given_at) : (row.last_purchase_at ?? row.last_given_at);

/** Lapses a customer's points if their months without a purchase have run out: the points lapsed. */
export function* expireIfDue(ctx: CoreContext, customerId: number, scheme: LoyaltyScheme | null): Query<number> {
  if (!scheme?.expireMonths) return 0;
  const row = yield* one<LapseRow>(lapseSql, [customerId]);
  const since = row && Number(row.loyalty_points) > 0 ? heldSince(row) : null;
  const lapses = since ? lapsesAt(since, scheme) : null;
  if (!lapses || lapses.getTime() > ctx.now().getTime()) return 0;
  return yield* takeUpTo(ctx, customerId, Number(row!.loyalty_points), { kind: 'expired' });
}

export function* expireAll(ctx: CoreContext): Query<{ customers: number; points: number }> {
  const { loyalty: scheme } = yield* readSettings();
  if (!scheme?.expireMonths) return { customers: 0, points: 0 };
  // A few days' margin, as months differ in length: expireIfDue decides each one by the one rule.
  const cutoff = addDays(addMonths(ctx.now(), -scheme.expireMonths), 4).toISOString();
  // Both ages past the cutoff (a missing one counts as past): expireIfDue then decides each by the one rule.
  const candidates = yield* all<{ id: number }>(
    `SELECT c.id FROM customers c WHERE c.loyalty_points > 0
       AND coalesce(c.last_purchase_at, '') <= @cutoff AND coalesce(${lastGivenSql}, '') <= @cutoff ORDER BY c.id`,
    { cutoff },
  );
  let customers = 0;
  let points = 0;
  for (const { id } of candidates) {
    const lapsed = yield* expireIfDue(ctx, id, scheme);
    if (lapsed > 0) (customers += 1), (points += lapsed);
  }
  return { customers, points };
}

/** What a sale asks of the points, worked out before it is written: the reward's value comes off the price. */
export interface SaleLoyalty {
  scheme: LoyaltyScheme | null;
  /** Minor units the reward takes off; 0 without one. */
  discount: number;
}

/**
 * Checks a sale's use of a reward against the scheme and the price, before anything is written, and
 * lapses the customer's points first if their time is up (a customer back after a long time cannot
 * spend points that had lapsed).
 */
export function* prepareSaleLoyalty(
  ctx: CoreContext,
  customerId: number,
  input: { amount: number; redeem?: boolean },
  settings: Pick<Settings, 'loyalty' | 'currency' | 'locale'>,
): Query<SaleLoyalty> {
  const scheme = settings.loyalty;
  if (!scheme) {
    if (input.redeem) throw invalid('redeem', 'Loyalty is off: the owner turns it on in Settings → Loyalty before rewards can be used');
    return { scheme, discount: 0 };
  }
  yield* expireIfDue(ctx, customerId, scheme);
  if (!input.redeem) return { scheme, discount: 0 };
  if (scheme.rewardValue >= input.amount) {
    const money = (minor: number) => formatMoney(minor, settings.currency, settings.locale);
    throw invalid('amount', `A reward takes ${money(scheme.rewardValue)} off: the sale must come to more than that (it is ${money(input.amount)})`);
  }
  return { scheme, discount: scheme.rewardValue };
}

/**
 * A recorded sale's points, in the sale's transaction: one reward used (refused if the points are
 * not there, which undoes the sale), and the points the amount paid earns.
 */
export function* saleEarnsAndUses(ctx: CoreContext, customerId: number, saleId: number, paid: number, loyalty: SaleLoyalty): Query<{ earned: number; used: number }> {
  const { scheme } = loyalty;
  if (!scheme) return { earned: 0, used: 0 };
  const used = loyalty.discount > 0 ? scheme.rewardPoints : 0;
  const earned = pointsEarned(paid, scheme);
  if (used > 0) {
    const { changes } = yield* run('UPDATE customers SET loyalty_points = loyalty_points - @used + @earned WHERE id = @id AND loyalty_points >= @used', { id: customerId, used, earned });
    if (changes === 0) {
      const held = Number((yield* value<number>('SELECT loyalty_points FROM customers WHERE id = ?', [customerId])) ?? 0);
      throw invalid('redeem', `A reward needs ${scheme.rewardPoints} points; this customer has ${held}`);
    }
  } else if (earned > 0) {
    yield* run('UPDATE customers SET loyalty_points = loyalty_points + @earned WHERE id = @id', { id: customerId, earned });
  }
  yield* writeEntries(ctx, customerId, [
    { kind: 'used', points: -used, saleId },
    { kind: 'earned', points: earned, saleId },
  ]);
  return { earned, used };
}

/**
 * Undoes a voided sale's points: those it earned are taken back (as many as are left, if some were
 * spent since; none, if they lapsed since, as lapsing took them already), and a reward it used is
 * given back. Whatever the scheme is now: the history says what the sale did.
 */
export function* voidSalePoints(ctx: CoreContext, customerId: number, saleId: number): Query<void> {
  const sale = (yield* one<{ net: number; last_entry: number | null; lapsed_after: number | null }>(
    `SELECT coalesce(sum(points), 0) AS net, max(id) AS last_entry,
       (SELECT max(x.id) FROM loyalty_entries x WHERE x.customer_id = @customerId AND x.kind = 'expired') AS lapsed_after
     FROM loyalty_entries WHERE sale_id = @saleId`,
    { customerId, saleId },
  ))!;
  const net = Number(sale.net);
  const lapsedSince = sale.last_entry !== null && sale.lapsed_after !== null && sale.lapsed_after > sale.last_entry;
  if (net > 0 && !lapsedSince) yield* takeUpTo(ctx, customerId, net, { kind: 'voided', saleId });
  else if (net < 0) yield* change(ctx, customerId, { kind: 'voided', points: -net, saleId });
}

export function* getScheme(): Query<LoyaltyScheme | null> {
  return (yield* readSettings()).loyalty;
}

export function* setScheme(ctx: CoreContext, input: ParsedInputOf<'loyalty.setScheme'>): Query<LoyaltyScheme | null> {
  const scheme = input.scheme;
  yield* run(
    `UPDATE settings SET loyalty_spend_per_point = @spendPerPoint, loyalty_reward_points = @rewardPoints, loyalty_reward_value = @rewardValue,
       loyalty_expire_months = @expireMonths, updated_at = @now WHERE id = 1`,
    {
      spendPerPoint: scheme?.spendPerPoint ?? null,
      rewardPoints: scheme?.rewardPoints ?? null,
      rewardValue: scheme?.rewardValue ?? null,
      expireMonths: scheme?.expireMonths ?? null,
      now: nowIso(ctx),
    },
  );
  return (yield* readSettings()).loyalty;
}

type EntryRow = SqlRowOf<typeof loyaltyEntries> & { author_name: string | null };

const toEntry = (row: EntryRow): LoyaltyEntry => ({
  id: row.id,
  customerId: row.customer_id,
  kind: row.kind,
  points: Number(row.points),
  saleId: row.sale_id,
  reason: row.reason,
  author: personOf(row.author_id, row.author_name, row.author_label),
  createdAt: row.created_at,
});

export function* getAccount(ctx: CoreContext, customerId: number): Query<LoyaltyAccount> {
  yield* getCustomer(ctx, customerId);
  const { loyalty: scheme } = yield* readSettings();
  const row = (yield* one<LapseRow>(lapseSql, [customerId]))!;
  const points = Number(row.loyalty_points);
  const since = points > 0 ? heldSince(row) : null;
  const history = yield* all<EntryRow>(
    `SELECT e.*, s.name AS author_name FROM loyalty_entries e LEFT JOIN staff s ON s.id = e.author_id WHERE e.customer_id = ? ORDER BY e.id DESC`,
    [customerId],
  );
  return {
    customerId,
    scheme,
    points,
    rewards: rewardsOf(points, scheme),
    expiresAt: since ? (lapsesAt(since, scheme)?.toISOString() ?? null) : null,
    history: history.map(toEntry),
  };
}

export function* adjustPoints(ctx: CoreContext, input: ParsedInputOf<'loyalty.adjust'>): Query<LoyaltyAccount> {
  yield* requireState(ctx, input.customerId, 'loyalty.adjust');
  if (!(yield* change(ctx, input.customerId, { kind: 'adjusted', points: input.points, reason: input.reason }))) {
    const held = Number((yield* value<number>('SELECT loyalty_points FROM customers WHERE id = ?', [input.customerId])) ?? 0);
    throw invalid('points', `This customer has ${held} points: taking ${-input.points} would leave fewer than none`);
  }
  return yield* getAccount(ctx, input.customerId);
}
