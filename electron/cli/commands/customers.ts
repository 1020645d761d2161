import { z } from 'zod';
import { customerSorts, customerStatuses, customerTypes, frequencyTiers, mergeableFields, type Customer, type InputOf } from '../../../shared/contract';
import * as render from '../render';
import { CliFailure, command, type RunContext } from './command';
import { choice, confirmation, list, positional, required, shown, text, wholeNumber } from './flags';

const customerFlags = {
  'first-name': shown(text, 'F').optional(),
  'last-name': shown(text, 'L').optional(),
  phone: shown(text, 'P').optional(),
  email: shown(text, 'E').optional(),
  type: choice(customerTypes).optional(),
  source: shown(text, 'S').optional(),
  birthday: shown(text, 'MM-DD|YYYY-MM-DD').optional(),
  tags: list.optional(),
  address: shown(text, 'A').optional(),
};

const customerFieldFlags = { firstName: '--first-name', lastName: '--last-name', createdAt: '--created-at' };

type CustomerFlagValues = z.output<z.ZodObject<typeof customerFlags>>;

function customerFields(f: CustomerFlagValues): InputOf<'customers.update'>['patch'] {
  const patch: InputOf<'customers.update'>['patch'] = {};
  if (f['first-name'] !== undefined) patch.firstName = f['first-name'];
  if (f['last-name'] !== undefined) patch.lastName = f['last-name'];
  if (f.phone !== undefined) patch.phone = f.phone;
  if (f.email !== undefined) patch.email = f.email;
  if (f.type !== undefined) patch.type = f.type;
  if (f.source !== undefined) patch.source = f.source;
  if (f.birthday !== undefined) patch.birthday = f.birthday;
  if (f.tags !== undefined) patch.tags = f.tags;
  if (f.address !== undefined) patch.address = f.address;
  return patch;
}

const showCustomer = async (c: Customer, ctx: RunContext) => render.customerText(c, await ctx.settings());

export const customerCommands = [
  command({
    name: 'customers add',
    summary: 'Add a customer',
    flags: z.object({ ...customerFlags, 'first-name': shown(required('--first-name'), 'F'), 'created-at': shown(text, 'ISO').optional() }),
    fieldFlags: customerFieldFlags,
    run: (ctx, f) => {
      const input: InputOf<'customers.create'> = { ...customerFields(f), firstName: f['first-name'] };
      if (f['created-at'] !== undefined) input.createdAt = f['created-at'];
      return ctx.call('customers.create', input);
    },
    text: async (c, ctx) => `Added ${await showCustomer(c, ctx)}`,
  }),

  command({
    name: 'customers list',
    summary: 'List customers (all of them unless --limit is given); --with-total makes --json print { items, total, totalExact }',
    flags: z.object({
      search: shown(text, 'Q').optional(),
      segment: shown(text, 'NAME').optional(),
      type: shown(choice(customerTypes), 'T').optional(),
      status: choice(customerStatuses).optional(),
      tier: shown(choice(frequencyTiers), 'T').optional(),
      sort: choice(customerSorts).optional(),
      direction: choice(['asc', 'desc']).optional(),
      limit: wholeNumber.pipe(z.number().min(1, 'At least 1')).optional(),
      'with-total': z.boolean().optional(),
    }),
    run: (ctx, f) => {
      // The contract pages at most 500 rows; the CLI walks the pages so a script gets everything it asked for.
      const rows: Customer[] = [];
      const wanted = f.limit ?? Number.POSITIVE_INFINITY;
      const counted = (total: number, totalExact: boolean) => ({ items: rows, total, totalExact, withTotal: f['with-total'] ?? false });
      return ctx.snapshot(async () => {
        for (;;) {
          const limit = Math.min(500, wanted - rows.length);
          const page = await ctx.call('customers.list', {
            search: f.search,
            segment: f.segment,
            type: f.type,
            status: f.status ?? 'active',
            tier: f.tier,
            sort: f.sort ?? 'name',
            direction: f.direction,
            offset: rows.length,
            limit,
          });
          rows.push(...page.rows);
          // A short page means the end was reached: then the rows themselves are the exact count.
          if (page.rows.length < limit) return counted(rows.length, true);
          if (rows.length >= wanted || (page.totalExact && rows.length >= page.total)) return counted(Math.max(page.total, rows.length), page.totalExact);
        }
      });
    },
    text: async (list, ctx) => {
      const settings = await ctx.settings();
      const table = render.customersTable(list.items, settings);
      return list.items.length === 0 ? table : `${table}\n${render.countOf(list.items.length, list.total, list.totalExact, 'customer', settings)}`;
    },
    // Scripts read the bare array; the total comes only when asked for.
    json: ({ withTotal, ...list }) => (withTotal ? list : list.items),
  }),

  command({
    name: 'customers show',
    summary: 'Show a customer with their history and preferences',
    args: ['customer'],
    flags: z.object({ customer: positional('customer') }),
    run: async (ctx, f) => {
      const { id } = await ctx.resolve(f.customer);
      const { history, ...customer } = await ctx.call('customers.get', { id });
      const preferences = await ctx.call('preferences.get', { customerId: id });
      const notes = await ctx.call('notes.list', { customerId: id });
      const sales = await ctx.call('sales.list', { customerId: id });
      const { points, rewards } = await ctx.call('loyalty.account', { customerId: id });
      const alerts = notes.filter((note) => note.alert && !note.alertClearedAt);
      return { customer, history, preferences, notes, sales, loyalty: { points, rewards }, alerts };
    },
    text: async (v, ctx) => {
      const s = await ctx.settings();
      const recent = v.sales.slice(0, 5);
      return [
        ...(v.alerts.length ? [`ALERT${v.alerts.length > 1 ? 'S' : ''}\n${v.alerts.map((n) => `  ! ${n.text}`).join('\n')}`] : []),
        render.customerText(v.customer, s),
        render.historyText(v.history, s),
        render.preferencesText(v.preferences),
        `Notes\n${v.notes.length === 0 ? '  none' : v.notes.map((n) => render.noteText(n, s).replace(/^/gm, '  ')).join('\n')}`,
        `Sales${v.sales.length > recent.length ? ` (latest ${recent.length} of ${v.sales.length})` : ''}\n${
          recent.length === 0 ? '  none' : render.salesTable(recent, s).replace(/^/gm, '  ')
        }`,
      ].join('\n\n');
    },
    json: (v) => ({ ...v.customer, preferences: v.preferences, history: v.history, loyalty: v.loyalty, alerts: v.alerts }),
  }),

  command({
    name: 'customers update',
    summary: 'Change a customer; give only the fields to change ("" clears one)',
    args: ['customer'],
    flags: z.object({ customer: positional('customer'), ...customerFlags }),
    fieldFlags: customerFieldFlags,
    run: async (ctx, f) => {
      const patch = customerFields(f);
      if (Object.keys(patch).length === 0) throw new CliFailure({ code: 'validation', message: 'Nothing to change: give at least one flag, e.g. --phone' });
      const { id } = await ctx.resolve(f.customer);
      return ctx.call('customers.update', { id, patch });
    },
    text: async (c, ctx) => `Updated ${await showCustomer(c, ctx)}`,
  }),

  command({
    name: 'customers archive',
    summary: 'Archive a customer (kept, but hidden from the everyday list)',
    args: ['customer'],
    flags: z.object({ customer: positional('customer') }),
    run: async (ctx, f) => ctx.call('customers.archive', { id: (await ctx.resolve(f.customer)).id }),
    text: (c) => `Archived ${c.name} (customer ${c.id})`,
  }),

  command({
    name: 'customers restore',
    summary: 'Bring an archived customer back',
    args: ['customer'],
    flags: z.object({ customer: positional('customer') }),
    run: async (ctx, f) => ctx.call('customers.restore', { id: (await ctx.resolve(f.customer)).id }),
    text: (c) => `Restored ${c.name} (customer ${c.id})`,
  }),

  command({
    name: 'customers merge',
    summary: 'Merge <other> into <keep>: sales, notes and history move; <other> is archived for good',
    args: ['keep', 'other'],
    flags: z.object({
      keep: positional('keep'),
      other: positional('other'),
      'take-other': shown(
        list.pipe(z.array(z.enum(mergeableFields, { error: `Use fields from ${mergeableFields.join(', ')}` }))),
        mergeableFields.join(','),
      ).optional(),
    }),
    fieldFlags: { take: '--take-other' },
    run: async (ctx, f) => {
      const keepId = (await ctx.resolve(f.keep)).id;
      const otherId = (await ctx.resolve(f.other)).id;
      const take = Object.fromEntries((f['take-other'] ?? []).map((field) => [field, 'other' as const]));
      return ctx.call('customers.merge', { keepId, otherId, take });
    },
    text: async (c, ctx) => `Merged into ${await showCustomer(c, ctx)}\n${render.historyText(c.history, await ctx.settings())}`,
  }),

  command({
    name: 'customers erase',
    summary: "Erase a customer's personal data for good; their sales stay, anonymised",
    args: ['customer'],
    flags: z.object({ customer: positional('customer'), yes: confirmation }),
    run: async (ctx, f) => {
      if (!f.yes) throw new CliFailure({ code: 'validation', message: 'Erasure cannot be undone: add --yes to confirm' });
      return ctx.call('customers.erase', { id: (await ctx.resolve(f.customer)).id, confirm: true });
    },
    text: (c) => `Erased customer ${c.id}: personal details removed, sales kept anonymised`,
  }),

  command({
    name: 'customers duplicates',
    summary: 'List pairs of customers that are probably one person',
    flags: z.object({ limit: wholeNumber.pipe(z.number().min(1, 'At least 1').max(500, 'At most 500')).optional() }),
    run: async (ctx, f) => ({ pairs: await ctx.call('customers.duplicates', { limit: f.limit ?? 100 }), limit: f.limit ?? 100 }),
    text: ({ pairs, limit }) => {
      if (pairs.length === 0) return 'No possible duplicates';
      // The core gives no total: a full page only means there may be more.
      const count =
        pairs.length < limit ? `${pairs.length} ${pairs.length === 1 ? 'pair' : 'pairs'}` : `${pairs.length === 1 ? 'The first pair found' : `The first ${pairs.length} pairs found`}; there may be more (raise --limit)`;
      return [...pairs.map((p) => `${p.a.name} (customer ${p.a.id})  ~  ${p.b.name} (customer ${p.b.id})  [${p.reasons.join(', ')}]`), count].join('\n');
    },
    json: ({ pairs }) => pairs,
  }),
];
