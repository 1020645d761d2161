import type { ParsedInputOf, RecordedSale, Sale } from '../../shared/contract';
import { formatMoney } from '../../shared/format/money';
import { sameDayInZone } from '../../shared/format/time';
import { nowIso, personOf, readSettings, toStoredTime, type CoreContext } from '../context';
import { DomainError, invalid, notFound } from '../errors';
import { createCustomer, getCustomer, recordEvent } from '../customers/service';
import { requireState } from '../customers/lifecycle';
import { prepareSaleLoyalty, saleEarnsAndUses, voidSalePoints } from '../loyalty/service';
import type { sales } from '../schema';
import { all, insert, one, run, value, type Query } from '../query';
import type { SqlRowOf } from '../sql-row';

type SaleRow = SqlRowOf<typeof sales> & { author_name: string | null; voided_by_name: string | null };

const saleSelect = `SELECT s.*, a.name AS author_name, v.name AS voided_by_name
  FROM sales s LEFT JOIN staff a ON a.id = s.author_id LEFT JOIN staff v ON v.id = s.voided_by`;


const toSale = (r: SaleRow): Sale => ({
  id: r.id,
  customerId: r.customer_id,
  occurredAt: r.occurred_at,
  amount: r.amount,
  discount: r.discount,
  items: r.items,
  paymentMethod: r.payment_method,
  note: r.note,
  author: personOf(r.author_id, r.author_name, r.author_label),
  createdAt: r.created_at,
  voidedAt: r.voided_at,
  voidedBy: personOf(r.voided_by, r.voided_by_name, r.voided_by_label),
  voidReason: r.void_reason,
});

function* getSale(id: number): Query<Sale> {
  const row = yield* one<SaleRow>(`${saleSelect} WHERE s.id = ?`, [id]);
  if (!row) throw notFound(`Sale ${id}`);
  return toSale(row);
}

/** Clocks drift between a till and this PC; anything later than this is a typing mistake. */
const FUTURE_TOLERANCE_MS = 5 * 60 * 1000;

/** What the book says to a sale whose till reference it already holds: the till's outbox takes it as delivered. */
export const alreadyRecorded = (saleId: number) => `This sale was already recorded (sale ${saleId})`;

export function* recordSale(ctx: CoreContext, input: ParsedInputOf<'sales.record'>): Query<RecordedSale> {
  if (input.ref !== undefined) {
    const known = yield* value<number>('SELECT id FROM sales WHERE ref = ?', [input.ref]);
    if (known !== undefined) throw new DomainError('conflict', alreadyRecorded(known), { fields: { ref: alreadyRecorded(known) } });
  }
  // The customer's state is all a sale needs of them before it is written; their whole record, new
  // totals and all, is read once, at the end.
  const customerId = 'customerId' in input ? (yield* requireState(ctx, input.customerId, 'sales.record')).id : (yield* createCustomer(ctx, input.newCustomer)).id;
  const settings = yield* readSettings();
  const { saleCeiling, currency, locale } = settings;
  if (input.amount > saleCeiling) {
    throw invalid('amount', `${formatMoney(input.amount, currency, locale)} is above the ceiling of ${formatMoney(saleCeiling, currency, locale)} set in Settings: check the amount`);
  }
  const now = ctx.now();
  const occurredAt = input.occurredAt ? toStoredTime(input.occurredAt) : now.toISOString();
  if (new Date(occurredAt).getTime() > now.getTime() + FUTURE_TOLERANCE_MS) {
    throw invalid('occurredAt', 'A sale cannot be in the future');
  }
  const loyalty = yield* prepareSaleLoyalty(ctx, customerId, input, settings);
  // What the customer paid: the price, less a reward's value.
  const paid = input.amount - loyalty.discount;
  const id = yield* insert(
    `INSERT INTO sales (customer_id, occurred_at, amount, discount, items, payment_method, note, author_id, author_label, created_at, ref)
     VALUES (@customerId, @occurredAt, @amount, @discount, @items, @paymentMethod, @note, @authorId, @authorLabel, @createdAt, @ref)`,
    {
      customerId,
      occurredAt,
      amount: paid,
      discount: loyalty.discount,
      items: input.items,
      paymentMethod: input.paymentMethod,
      note: input.note ?? null,
      authorId: ctx.actorId,
      authorLabel: ctx.actorLabel,
      createdAt: now.toISOString(),
      ref: input.ref ?? null,
    },
  );
  // One statement adds to the totals, so that two tills selling to one customer at once both count.
  yield* run(
    `UPDATE customers SET
       purchase_count = purchase_count + 1,
       total_spent = total_spent + @amount,
       items_bought = items_bought + @items,
       first_purchase_at = CASE WHEN first_purchase_at IS NULL OR @at < first_purchase_at THEN @at ELSE first_purchase_at END,
       last_purchase_at = CASE WHEN last_purchase_at IS NULL OR @at > last_purchase_at THEN @at ELSE last_purchase_at END
     WHERE id = @id`,
    { id: customerId, amount: paid, items: input.items, at: occurredAt },
  );
  const points = yield* saleEarnsAndUses(ctx, customerId, id, paid, loyalty);
  yield* recordEvent(ctx, customerId, 'sale_recorded', { saleId: id, amount: paid, ...(loyalty.discount ? { discount: loyalty.discount } : {}) });
  return { ...(yield* getSale(id)), customer: yield* getCustomer(ctx, customerId), points };
}

export function* voidSale(ctx: CoreContext, input: ParsedInputOf<'sales.void'>): Query<Sale> {
  const sale = yield* getSale(input.id);
  yield* requireState(ctx, sale.customerId, 'sales.void');
  if (ctx.actor?.role !== 'owner') {
    // Staff may correct their own mistakes from today; anything older is the owner's call.
    if (sale.author?.id !== ctx.actorId) throw new DomainError('forbidden', 'Only the owner can void a sale recorded by someone else');
    if (!sameDayInZone(new Date(sale.createdAt), ctx.now(), (yield* readSettings()).timeZone)) {
      throw new DomainError('forbidden', 'Only the owner can void a sale from an earlier day');
    }
  }
  if (sale.voidedAt) throw new DomainError('conflict', `Sale ${sale.id} was already voided`);
  yield* run('UPDATE sales SET voided_at = ?, voided_by = ?, voided_by_label = ?, void_reason = ? WHERE id = ?', [
    nowIso(ctx),
    ctx.actorId,
    ctx.actorLabel,
    input.reason,
    sale.id,
  ]);
  // First and last purchase may have been this sale: take them again from what remains.
  yield* run(
    `UPDATE customers SET
       purchase_count = purchase_count - 1,
       total_spent = total_spent - @amount,
       items_bought = items_bought - @items,
       first_purchase_at = (SELECT min(occurred_at) FROM sales WHERE customer_id = @id AND voided_at IS NULL),
       last_purchase_at = (SELECT max(occurred_at) FROM sales WHERE customer_id = @id AND voided_at IS NULL)
     WHERE id = @id`,
    { id: sale.customerId, amount: sale.amount, items: sale.items },
  );
  yield* voidSalePoints(ctx, sale.customerId, sale.id);
  yield* recordEvent(ctx, sale.customerId, 'sale_voided', { saleId: sale.id, amount: sale.amount, reason: input.reason });
  return yield* getSale(sale.id);
}

export function* listSales(ctx: CoreContext, customerId: number): Query<Sale[]> {
  yield* getCustomer(ctx, customerId);
  const rows = yield* all<SaleRow>(`${saleSelect} WHERE s.customer_id = ? ORDER BY s.occurred_at DESC, s.id DESC`, [customerId]);
  return rows.map(toSale);
}
