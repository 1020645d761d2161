import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import {
  consentChannels,
  consentMethods,
  contactChannels,
  customerSorts,
  customerStatuses,
  customerTypes,
  dateOrderLabels,
  dateOrders,
  frequencyTiers,
  importEncodings,
  importFormats,
  mergeableFields,
  noteTypes,
  paymentMethods,
  settableConsentStatuses,
  settingsMoneyFields,
  settingsPatch,
  staffRoles,
  type Customer,
  type InputOf,
  type MethodName,
  type OutputOf,
  type Settings,
} from '../../shared/contract';
import { countryDefaults } from '../../shared/format/country';
import { isCountryCode } from '../../shared/format/locale';
import { isCurrencyCode } from '../../shared/format/locale';
import { parseMoney } from '../../shared/format/money';
import type { AppError } from '../../shared/result';
import { backupFolderOf, listBackups, restoreBackup, type BackupInfo } from '../../db/backups';
import { bookFactsOfFile, runtimeVersions, writeDiagnostics } from '../../db/diagnostics';
import { errorFacts, logFolderOf, type EventLog } from '../../db/log';
import { DatabaseOpenError } from '../../db/open';
import { version as appVersion } from '../../package.json';
import { computerSetup } from '../../db/settings/defaults';
import * as render from './render';

/** A refusal on its way to an exit code: from the core's Result, or from the CLI's own flag checks. */
export class CliFailure extends Error {
  constructor(readonly error: AppError) {
    super(error.message);
    this.name = 'CliFailure';
  }
}

export const invalidFlag = (flag: string, message: string): CliFailure =>
  new CliFailure({ code: 'validation', message: `${flag}: ${message}`, fields: { [flag]: message } });

/** What a command gets: contract calls that throw CliFailure on `{ ok: false }`, so commands read straight through. */
export interface RunContext {
  call<K extends MethodName>(method: K, input: InputOf<K>): OutputOf<K>;
  settings(): Settings;
  /** `<customer>` as typed: an id, a phone in any format, or an email. */
  resolve(ref: string): Customer;
  /** Runs reads in one transaction, so several pages come from one consistent state of the book. */
  snapshot<T>(read: () => T): T;
  /** A consistent copy of the open book, made while it stays usable. */
  backup(destination: string): Promise<BackupInfo>;
  file: string;
}

export interface Command {
  name: string;
  summary: string;
  /** Positional arguments, in order. */
  args: string[];
  usage: string;
  /** Flags take a string for parseArgs, and zod turns it into what the contract wants; switches take none. */
  flagNames: string[];
  switches: string[];
  /** Contract field -> flag, for naming the flag in the core's validation errors. */
  fieldFlags: Record<string, string>;
  parse(raw: Record<string, unknown>): z.ZodSafeParseResult<unknown>;
  run(ctx: RunContext, flags: unknown): unknown;
  /** Commands that must not open the book first (restore: the book may be damaged). */
  offline?(file: string, flags: unknown, log: EventLog): unknown;
  text(value: unknown, ctx: RunContext): string;
  json(value: unknown): unknown;
}

interface CommandSpec<S extends z.ZodObject, V> {
  name: string;
  summary: string;
  args?: string[];
  usage?: string;
  flags: S;
  fieldFlags?: Record<string, string>;
  run(ctx: RunContext, flags: z.output<S>): V | Promise<V>;
  offline?(file: string, flags: z.output<S>, log: EventLog): V;
  text(value: V, ctx: RunContext): string;
  json?(value: V): unknown;
}

const isSwitch = (schema: unknown): boolean =>
  schema instanceof z.ZodBoolean || (schema instanceof z.ZodOptional && schema.unwrap() instanceof z.ZodBoolean);

function command<S extends z.ZodObject, V>(spec: CommandSpec<S, V>): Command {
  const args = spec.args ?? [];
  return {
    name: spec.name,
    summary: spec.summary,
    args,
    usage: spec.usage ?? '',
    flagNames: Object.keys(spec.flags.shape).filter((key) => !args.includes(key) && !isSwitch(spec.flags.shape[key])),
    switches: Object.keys(spec.flags.shape).filter((key) => isSwitch(spec.flags.shape[key])),
    fieldFlags: spec.fieldFlags ?? {},
    parse: (raw) => spec.flags.safeParse(raw),
    run: (ctx, flags) => spec.run(ctx, flags as z.output<S>),
    offline: spec.offline ? (file, flags, log) => spec.offline!(file, flags as z.output<S>, log) : undefined,
    text: (value, ctx) => spec.text(value as V, ctx),
    json: (value) => (spec.json ? spec.json(value as V) : value),
  };
}

/** Written beside the target and renamed over it, so a reader never sees half a file. */
function writeFileAtomically(file: string, contents: string): void {
  const temp = `${file}.${process.pid}.tmp`;
  try {
    fs.writeFileSync(temp, contents, 'utf8');
    fs.renameSync(temp, file);
  } catch (error) {
    fs.rmSync(temp, { force: true });
    throw new CliFailure({ code: 'internal', message: `Could not write ${file}: ${(error as Error).message}` });
  }
}

// ---- flag value types: shapes only; the domain rules (lengths, formats, uniqueness) stay in the core ----

const required = (flag: string) => z.string({ error: `${flag} is required` });
const text = z.string();
const positional = (name: string) => z.string({ error: `Missing <${name}>` }).trim().min(1, `Missing <${name}>`);
const list = z.string().transform((s) => s.split(',').map((part) => part.trim()).filter((part) => part !== ''));
const yesNo = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.enum(['yes', 'no'], { error: 'Use yes or no' }))
  .transform((v) => v === 'yes');
const wholeNumber = z.string().trim().regex(/^\d+$/, 'Expected a whole number').transform(Number);
const choice = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.string().trim().pipe(z.enum(values, { error: `Use one of ${values.join(', ')}` }));
/** A flag's values for its usage text, from the same array its choice() checks. */
const oneOf = (values: readonly string[]) => values.join('|');
/** An enum that may be cleared with "" or "none". */
const clearableChoice = <const T extends readonly [string, ...string[]]>(values: T) =>
  z
    .string()
    .trim()
    .transform((v) => (v === '' || v.toLowerCase() === 'none' ? null : v))
    .pipe(z.enum(values, { error: `Use one of ${values.join(', ')}, or none` }).nullable());

const customerFlags = {
  'first-name': text.optional(),
  'last-name': text.optional(),
  phone: text.optional(),
  email: text.optional(),
  type: choice(customerTypes).optional(),
  source: text.optional(),
  birthday: text.optional(),
  tags: list.optional(),
  address: text.optional(),
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

const customerUsage = `[--last-name L] [--phone P] [--email E] [--type ${oneOf(customerTypes)}] [--source S] [--birthday MM-DD|YYYY-MM-DD] [--tags a,b] [--address A]`;

const showCustomer = (c: Customer, ctx: RunContext) => render.customerText(c, ctx.settings());

// ---- settings set: one flag per field of the contract's settings patch, so a new setting gets its flag too ----

type SettingKey = keyof typeof settingsPatch.shape;
const settingKeys = Object.keys(settingsPatch.shape) as SettingKey[];
const kebabCase = (key: string) => key.replace(/[A-Z]/g, (m) => `-${m.toLowerCase()}`);
const isMoneySetting = (key: SettingKey) => (settingsMoneyFields as readonly SettingKey[]).includes(key);
const isWholeNumberSetting = (key: SettingKey) => !isMoneySetting(key) && settingsPatch.shape[key].unwrap() instanceof z.ZodNumber;
const settingPlaceholder = (key: SettingKey) => (isMoneySetting(key) ? 'AMOUNT' : isWholeNumberSetting(key) ? 'N' : kebabCase(key).replace(/-/g, '_').toUpperCase());

export const commands: Command[] = [
  command({
    name: 'init',
    summary: "Create the customer book if needed and set the shop settings (--country sets the currency, locale and time zone that aren't given)",
    usage: '[--country GH] [--shop-name NAME] [--currency GHS] [--locale en-GH] [--time-zone Africa/Accra]',
    flags: z.object({
      currency: text.optional(),
      country: text.optional(),
      'shop-name': text.optional(),
      locale: text.optional(),
      'time-zone': text.optional(),
    }),
    fieldFlags: { phoneCountry: '--country', shopName: '--shop-name', timeZone: '--time-zone' },
    run: (ctx, f) => {
      const patch: InputOf<'settings.update'> = {};
      // The country brings the rest, as on the first-run screen: the OS's own locale and zone only where they fit it.
      if (f.country !== undefined && isCountryCode(f.country.trim().toUpperCase())) Object.assign(patch, countryDefaults(f.country, computerSetup()));
      if (f.currency !== undefined) patch.currency = f.currency;
      if (f.country !== undefined) patch.phoneCountry = f.country;
      if (f['shop-name'] !== undefined) patch.shopName = f['shop-name'];
      if (f.locale !== undefined) patch.locale = f.locale;
      if (f['time-zone'] !== undefined) patch.timeZone = f['time-zone'];
      return Object.keys(patch).length > 0 ? ctx.call('settings.update', patch) : ctx.call('settings.get', {});
    },
    text: (s, ctx) => render.settingsText(s, ctx.file),
  }),

  command({
    name: 'settings show',
    summary: "The shop's settings",
    flags: z.object({}),
    run: (ctx) => ctx.call('settings.get', {}),
    text: (s, ctx) => render.settingsText(s, ctx.file),
  }),

  command({
    name: 'settings set',
    summary:
      'Change shop settings: give only those to change. An AMOUNT is in major units of the shop\'s currency (or of --currency given with it), as people write it: 500 or 500.50. --backup-folder "" goes back to the folder beside the book.',
    usage: settingKeys.map((key) => `[--${kebabCase(key)} ${settingPlaceholder(key)}]`).join(' '),
    flags: z.object(Object.fromEntries(settingKeys.map((key) => [kebabCase(key), isWholeNumberSetting(key) ? wholeNumber.optional() : text.optional()]))),
    run: (ctx, f) => {
      const typedCurrency = f.currency === undefined ? undefined : String(f.currency).trim().toUpperCase();
      // An amount typed with a new currency is in that currency; a bad currency is refused by the core below.
      const currency = typedCurrency && isCurrencyCode(typedCurrency) ? typedCurrency : ctx.settings().currency;
      const patch: Record<string, unknown> = {};
      for (const key of settingKeys) {
        const value = f[kebabCase(key)];
        if (value === undefined) continue;
        if (isMoneySetting(key)) {
          const amount = parseMoney(String(value), currency);
          if (!amount.ok) throw invalidFlag(`--${kebabCase(key)}`, amount.message);
          patch[key] = amount.minor;
        } else {
          patch[key] = value;
        }
      }
      if (Object.keys(patch).length === 0) throw new CliFailure({ code: 'validation', message: 'Nothing to change: give at least one flag, e.g. --shop-name' });
      return ctx.call('settings.update', patch as InputOf<'settings.update'>);
    },
    text: (s, ctx) => render.settingsText(s, ctx.file),
  }),

  command({
    name: 'customers add',
    summary: 'Add a customer',
    usage: `--first-name F ${customerUsage} [--created-at ISO]`,
    flags: z.object({ ...customerFlags, 'first-name': required('--first-name'), 'created-at': text.optional() }),
    fieldFlags: customerFieldFlags,
    run: (ctx, f) => {
      const input: InputOf<'customers.create'> = { ...customerFields(f), firstName: f['first-name'] };
      if (f['created-at'] !== undefined) input.createdAt = f['created-at'];
      return ctx.call('customers.create', input);
    },
    text: (c, ctx) => `Added ${showCustomer(c, ctx)}`,
  }),

  command({
    name: 'customers list',
    summary: 'List customers (all of them unless --limit is given); --with-total makes --json print { items, total, totalExact }',
    usage: `[--search Q] [--segment NAME] [--type T] [--status ${oneOf(customerStatuses)}] [--tier T] [--sort ${oneOf(customerSorts)}] [--direction asc|desc] [--limit N] [--with-total]`,
    flags: z.object({
      search: text.optional(),
      segment: text.optional(),
      type: choice(customerTypes).optional(),
      status: choice(customerStatuses).optional(),
      tier: choice(frequencyTiers).optional(),
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
      return ctx.snapshot(() => {
        for (;;) {
          const limit = Math.min(500, wanted - rows.length);
          const page = ctx.call('customers.list', {
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
    text: (list, ctx) => {
      const settings = ctx.settings();
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
    run: (ctx, f) => {
      const { id } = ctx.resolve(f.customer);
      const { history, ...customer } = ctx.call('customers.get', { id });
      const preferences = ctx.call('preferences.get', { customerId: id });
      const notes = ctx.call('notes.list', { customerId: id });
      const sales = ctx.call('sales.list', { customerId: id });
      return { customer, history, preferences, notes, sales };
    },
    text: (v, ctx) => {
      const s = ctx.settings();
      const recent = v.sales.slice(0, 5);
      return [
        render.customerText(v.customer, s),
        render.historyText(v.history, s),
        render.preferencesText(v.preferences),
        `Notes\n${v.notes.length === 0 ? '  none' : v.notes.map((n) => render.noteText(n, s).replace(/^/gm, '  ')).join('\n')}`,
        `Sales${v.sales.length > recent.length ? ` (latest ${recent.length} of ${v.sales.length})` : ''}\n${
          recent.length === 0 ? '  none' : render.salesTable(recent, s).replace(/^/gm, '  ')
        }`,
      ].join('\n\n');
    },
    json: (v) => ({ ...v.customer, preferences: v.preferences, history: v.history }),
  }),

  command({
    name: 'customers update',
    summary: 'Change a customer; give only the fields to change ("" clears one)',
    args: ['customer'],
    usage: `[--first-name F] ${customerUsage}`,
    flags: z.object({ customer: positional('customer'), ...customerFlags }),
    fieldFlags: customerFieldFlags,
    run: (ctx, f) => {
      const patch = customerFields(f);
      if (Object.keys(patch).length === 0) throw new CliFailure({ code: 'validation', message: 'Nothing to change: give at least one flag, e.g. --phone' });
      const { id } = ctx.resolve(f.customer);
      return ctx.call('customers.update', { id, patch });
    },
    text: (c, ctx) => `Updated ${showCustomer(c, ctx)}`,
  }),

  command({
    name: 'customers archive',
    summary: 'Archive a customer (kept, but hidden from the everyday list)',
    args: ['customer'],
    flags: z.object({ customer: positional('customer') }),
    run: (ctx, f) => ctx.call('customers.archive', { id: ctx.resolve(f.customer).id }),
    text: (c) => `Archived ${c.name} (customer ${c.id})`,
  }),

  command({
    name: 'customers restore',
    summary: 'Bring an archived customer back',
    args: ['customer'],
    flags: z.object({ customer: positional('customer') }),
    run: (ctx, f) => ctx.call('customers.restore', { id: ctx.resolve(f.customer).id }),
    text: (c) => `Restored ${c.name} (customer ${c.id})`,
  }),

  command({
    name: 'customers merge',
    summary: 'Merge <other> into <keep>: sales, notes and history move; <other> is archived for good',
    args: ['keep', 'other'],
    usage: `[--take-other ${mergeableFields.join(',')}]`,
    flags: z.object({
      keep: positional('keep'),
      other: positional('other'),
      'take-other': list.pipe(z.array(z.enum(mergeableFields, { error: `Use fields from ${mergeableFields.join(', ')}` }))).optional(),
    }),
    fieldFlags: { take: '--take-other' },
    run: (ctx, f) => {
      const keepId = ctx.resolve(f.keep).id;
      const otherId = ctx.resolve(f.other).id;
      const take = Object.fromEntries((f['take-other'] ?? []).map((field) => [field, 'other' as const]));
      return ctx.call('customers.merge', { keepId, otherId, take });
    },
    text: (c, ctx) => `Merged into ${showCustomer(c, ctx)}\n${render.historyText(c.history, ctx.settings())}`,
  }),

  command({
    name: 'customers erase',
    summary: "Erase a customer's personal data for good; their sales stay, anonymised",
    args: ['customer'],
    usage: '--yes',
    flags: z.object({ customer: positional('customer'), yes: z.boolean().optional() }),
    run: (ctx, f) => {
      if (!f.yes) throw new CliFailure({ code: 'validation', message: 'Erasure cannot be undone: add --yes to confirm' });
      return ctx.call('customers.erase', { id: ctx.resolve(f.customer).id, confirm: true });
    },
    text: (c) => `Erased customer ${c.id}: personal details removed, sales kept anonymised`,
  }),

  command({
    name: 'customers duplicates',
    summary: 'List pairs of customers that are probably one person',
    usage: '[--limit N]',
    flags: z.object({ limit: wholeNumber.pipe(z.number().min(1, 'At least 1').max(500, 'At most 500')).optional() }),
    run: (ctx, f) => ({ pairs: ctx.call('customers.duplicates', { limit: f.limit ?? 100 }), limit: f.limit ?? 100 }),
    text: ({ pairs, limit }) => {
      if (pairs.length === 0) return 'No possible duplicates';
      // The core gives no total: a full page only means there may be more.
      const count =
        pairs.length < limit ? `${pairs.length} ${pairs.length === 1 ? 'pair' : 'pairs'}` : `${pairs.length === 1 ? 'The first pair found' : `The first ${pairs.length} pairs found`}; there may be more (raise --limit)`;
      return [...pairs.map((p) => `${p.a.name} (customer ${p.a.id})  ~  ${p.b.name} (customer ${p.b.id})  [${p.reasons.join(', ')}]`), count].join('\n');
    },
    json: ({ pairs }) => pairs,
  }),

  command({
    name: 'notes add',
    summary: 'Add a note about a customer',
    args: ['customer'],
    usage: `--type ${oneOf(noteTypes)} --text TEXT`,
    flags: z.object({
      customer: positional('customer'),
      type: required('--type').pipe(choice(noteTypes)),
      text: required('--text'),
    }),
    run: (ctx, f) => ctx.call('notes.add', { customerId: ctx.resolve(f.customer).id, type: f.type, text: f.text }),
    text: (n, ctx) => `Added ${render.noteText(n, ctx.settings())}`,
  }),

  command({
    name: 'notes list',
    summary: "List a customer's notes",
    args: ['customer'],
    flags: z.object({ customer: positional('customer') }),
    run: (ctx, f) => ctx.call('notes.list', { customerId: ctx.resolve(f.customer).id }),
    text: (notes, ctx) => render.notesText(notes, ctx.settings()),
  }),

  command({
    name: 'prefs set',
    summary: "Set a customer's contact and buying preferences",
    args: ['customer'],
    usage: `[--channel ${oneOf(contactChannels)}|none] [--do-not-contact yes|no] [--best-time T] [--favorite-products a,b] [--payment ${oneOf(paymentMethods)}|none] [--offers yes|no] [--loyalty yes|no]`,
    flags: z.object({
      customer: positional('customer'),
      channel: clearableChoice(contactChannels).optional(),
      'do-not-contact': yesNo.optional(),
      'best-time': text.optional(),
      'favorite-products': list.optional(),
      payment: clearableChoice(paymentMethods).optional(),
      offers: yesNo.optional(),
      loyalty: yesNo.optional(),
    }),
    fieldFlags: { paymentMethod: '--payment', offersOptIn: '--offers', loyaltyOptIn: '--loyalty' },
    run: (ctx, f) => {
      const { id } = ctx.resolve(f.customer);
      const patch: InputOf<'preferences.update'>['patch'] = {};
      if (f.channel !== undefined) patch.channel = f.channel;
      if (f['do-not-contact'] !== undefined) patch.doNotContact = f['do-not-contact'];
      if (f['best-time'] !== undefined) patch.bestTime = f['best-time'];
      if (f['favorite-products'] !== undefined) patch.favoriteProducts = f['favorite-products'];
      if (f.payment !== undefined) patch.paymentMethod = f.payment;
      if (f.offers !== undefined) patch.offersOptIn = f.offers;
      if (f.loyalty !== undefined) patch.loyaltyOptIn = f.loyalty;
      if (Object.keys(patch).length === 0) return ctx.call('preferences.get', { customerId: id });
      return ctx.call('preferences.update', { customerId: id, patch });
    },
    text: (p) => render.preferencesText(p),
  }),

  command({
    name: 'sales add',
    summary: 'Record a sale to a customer (amount in major units, e.g. 12.50)',
    args: ['customer'],
    usage: `--amount 12.50 [--items N] [--payment ${oneOf(paymentMethods)}] [--at ISO] [--note T]`,
    flags: z.object({
      customer: positional('customer'),
      amount: required('--amount'),
      items: wholeNumber.optional(),
      payment: choice(paymentMethods).optional(),
      at: text.optional(),
      note: text.optional(),
    }),
    fieldFlags: { paymentMethod: '--payment', occurredAt: '--at' },
    run: (ctx, f) => {
      const { currency } = ctx.settings();
      const amount = parseMoney(f.amount, currency);
      if (!amount.ok) throw invalidFlag('--amount', amount.message);
      const { id } = ctx.resolve(f.customer);
      return ctx.call('sales.record', {
        customerId: id,
        amount: amount.minor,
        items: f.items,
        paymentMethod: f.payment,
        occurredAt: f.at,
        note: f.note,
      });
    },
    text: (sale, ctx) => `Recorded ${render.saleText(sale, ctx.settings(), sale.customer.name)}`,
  }),

  command({
    name: 'sales void',
    summary: 'Void a sale recorded by mistake (it stays on record, marked void)',
    args: ['saleId'],
    usage: '--reason TEXT',
    flags: z.object({
      saleId: positional('saleId').pipe(z.string().regex(/^\d+$/, 'A sale id is a whole number')).transform(Number),
      reason: required('--reason'),
    }),
    fieldFlags: { id: '<saleId>' },
    run: (ctx, f) => ctx.call('sales.void', { id: f.saleId, reason: f.reason }),
    text: (sale, ctx) => `Voided ${render.saleText(sale, ctx.settings())}`,
  }),

  command({
    name: 'sales list',
    summary: "List a customer's sales, newest first (voided ones included, marked)",
    args: ['customer'],
    flags: z.object({ customer: positional('customer') }),
    run: (ctx, f) => ctx.call('sales.list', { customerId: ctx.resolve(f.customer).id }),
    text: (sales, ctx) => render.salesTable(sales, ctx.settings()),
  }),

  command({
    name: 'consent set',
    summary: 'Record email or SMS consent, with how it was given and the words shown',
    args: ['customer'],
    usage: `--channel ${oneOf(consentChannels)} --status ${oneOf(settableConsentStatuses)} --method ${oneOf(consentMethods)} --wording TEXT`,
    flags: z.object({
      customer: positional('customer'),
      channel: required('--channel').pipe(choice(consentChannels)),
      status: required('--status').pipe(choice(settableConsentStatuses)),
      method: required('--method').pipe(choice(consentMethods)),
      wording: required('--wording'),
    }),
    run: (ctx, f) =>
      ctx.call('consent.set', { customerId: ctx.resolve(f.customer).id, channel: f.channel, status: f.status, method: f.method, wording: f.wording }),
    text: (c, ctx) => render.consentText(c, ctx.settings()),
  }),

  command({
    name: 'consent show',
    summary: "A customer's consent on each channel, with its history",
    args: ['customer'],
    flags: z.object({ customer: positional('customer') }),
    run: (ctx, f) => ctx.call('consent.get', { customerId: ctx.resolve(f.customer).id }),
    text: (c, ctx) => render.consentText(c, ctx.settings()),
  }),

  command({
    name: 'export customers',
    summary: 'Write every customer with their history metrics, as CSV or JSON',
    usage: '--out FILE [--format csv|json]',
    flags: z.object({ out: required('--out').trim().min(1, '--out needs a file name'), format: choice(['csv', 'json']).optional() }),
    run: (ctx, f) => {
      const file = ctx.call('exports.customers', { format: f.format ?? 'csv' });
      writeFileAtomically(f.out, file.content);
      return { file: path.resolve(f.out), format: file.format, rows: file.rows };
    },
    text: (r) => `Wrote ${r.rows} ${r.rows === 1 ? 'customer' : 'customers'} to ${r.file}`,
  }),

  command({
    name: 'export sales',
    summary: 'Write every sale as CSV, voided ones marked',
    usage: '--out FILE',
    flags: z.object({ out: required('--out').trim().min(1, '--out needs a file name') }),
    run: (ctx, f) => {
      const file = ctx.call('exports.sales', {});
      writeFileAtomically(f.out, file.content);
      return { file: path.resolve(f.out), format: file.format, rows: file.rows };
    },
    text: (r) => `Wrote ${r.rows} ${r.rows === 1 ? 'sale' : 'sales'} to ${r.file}`,
  }),

  command({
    name: 'export customer',
    summary: "Write everything held about one customer as JSON (an access request)",
    args: ['customer'],
    usage: '--out FILE',
    flags: z.object({ customer: positional('customer'), out: required('--out').trim().min(1, '--out needs a file name') }),
    run: (ctx, f) => {
      const data = ctx.call('exports.customer', { id: ctx.resolve(f.customer).id });
      writeFileAtomically(f.out, JSON.stringify(data, null, 2));
      return { file: path.resolve(f.out), customerId: data.customer.id };
    },
    text: (r) => `Wrote customer ${r.customerId}'s data to ${r.file}`,
  }),

  command({
    name: 'segments list',
    summary: "Every segment with how many active customers are in it now",
    flags: z.object({}),
    run: (ctx) => ctx.call('segments.list', {}),
    text: (segments) => render.table(['Segment', 'Customers'], segments.map((s) => [s.name, String(s.count)]), [1]),
  }),

  command({
    name: 'export mailchimp',
    summary: 'Write a Mailchimp import file of consented customers, and a report of who was left out and why',
    usage: '--out FILE [--segment NAME]',
    flags: z.object({ out: required('--out').trim().min(1, '--out needs a file name'), segment: text.optional() }),
    run: (ctx, f) => {
      const result = ctx.call('exports.mailchimp', { segment: f.segment });
      const reportFile = `${f.out.replace(/\.csv$/i, '')}-left-out.csv`;
      writeFileAtomically(f.out, result.csv);
      writeFileAtomically(reportFile, result.leftOutCsv);
      return { ...result, file: path.resolve(f.out), reportFile: path.resolve(reportFile) };
    },
    text: (r) =>
      [`Exported ${r.exported} ${r.exported === 1 ? 'customer' : 'customers'} to ${r.file}`, `Left out ${r.leftOut.length} (report: ${r.reportFile})`, ...r.leftOut.map((l) => `  ${l.email}  ${l.reason}`)].join('\n'),
    json: (r) => ({ exported: r.exported, leftOut: r.leftOut }),
  }),

  command({
    name: 'import',
    summary: 'Import customers from a spreadsheet CSV, Shopify, Square or a Mailchimp audience export',
    args: ['file'],
    usage: '[--dry-run] [--format auto|generic|shopify|square|mailchimp] [--on-duplicate update|skip] [--encoding auto|utf8|utf16le|windows1252] [--date-order dmy|mdy|ymd] [--skip-invalid]',
    flags: z.object({
      file: positional('file'),
      'dry-run': z.boolean().optional(),
      'skip-invalid': z.boolean().optional(),
      format: choice(['auto', ...importFormats]).optional(),
      'on-duplicate': choice(['update', 'skip']).optional(),
      encoding: choice(['auto', ...importEncodings]).optional(),
      'date-order': choice(['auto', ...dateOrders]).optional(),
    }),
    fieldFlags: { onDuplicate: '--on-duplicate', skipInvalid: '--skip-invalid', dateOrder: '--date-order' },
    run: (ctx, f) => {
      let bytes: Buffer;
      try {
        bytes = fs.readFileSync(f.file);
      } catch (error) {
        throw new CliFailure({ code: 'not_found', message: `Could not read ${f.file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}` });
      }
      const input = {
        fileName: path.basename(f.file),
        contentBase64: bytes.toString('base64'),
        format: f.format ?? 'auto',
        encoding: f.encoding ?? 'auto',
        onDuplicate: f['on-duplicate'] ?? 'skip',
        skipInvalid: f['skip-invalid'] ?? false,
        dateOrder: f['date-order'] ?? 'auto',
      };
      if (!f['dry-run']) return { dryRun: false, ...ctx.call('imports.commit', input) };
      const preview = ctx.call('imports.preview', input);
      return {
        dryRun: true,
        batchId: null,
        format: preview.format,
        dateOrder: preview.dateOrder,
        created: preview.counts.create,
        updated: preview.counts.update,
        skipped: preview.counts.skip + preview.counts.invalid,
        errors: preview.rows.filter((r) => r.errors.length > 0).map((r) => ({ row: r.row, message: r.errors.join('; ') })),
      };
    },
    text: (r) =>
      [
        `${r.dryRun ? 'Dry run (nothing written): would create' : `Import ${r.batchId}: created`} ${r.created}, ${r.dryRun ? 'update' : 'updated'} ${r.updated}, skipped ${r.skipped} (${r.format}, dates read ${dateOrderLabels[r.dateOrder]})`,
        ...r.errors.map((e) => `  row ${e.row}: ${e.message}`),
      ].join('\n'),
    json: ({ dryRun: _dryRun, ...r }) => r,
  }),

  command({
    name: 'import undo',
    summary: 'Undo a whole import: its new customers go, updated ones get their earlier values back',
    args: ['batchId'],
    flags: z.object({ batchId: positional('batchId').pipe(wholeNumber) }),
    run: (ctx, f) => ctx.call('imports.undo', { batchId: f.batchId }),
    text: (r) => `Undid import ${r.batchId}: removed ${r.removed}, restored ${r.restored}`,
  }),

  command({
    name: 'backup',
    summary: 'Write a consistent, checked copy of the customer book',
    usage: '--out FILE',
    flags: z.object({ out: required('--out').trim().min(1, '--out needs a file name') }),
    run: (ctx, f) => ctx.backup(f.out),
    text: (b) => `Backed up to ${b.file} (${b.bytes.toLocaleString('en')} bytes)`,
  }),

  command({
    name: 'backups list',
    summary: "List the backups in the shop's backup folder (or --dir), newest first; works on a damaged book",
    usage: '[--dir DIR]',
    flags: z.object({ dir: text.optional() }),
    run: (ctx, f) => listBackups(f.dir ?? backupFolderOf(ctx.file)),
    offline: (file, f) => listBackups(f.dir ?? backupFolderOf(file)),
    text: (list) => (list.length === 0 ? 'No backups yet' : render.table(['Backup', 'Taken', 'Bytes'], list.map((b) => [b.file, b.at, b.bytes.toLocaleString('en')]), [2])),
  }),

  command({
    name: 'restore',
    summary: 'Replace the customer book with a checked backup (the current book is kept as a pre-restore copy)',
    args: ['backup'],
    usage: '--yes',
    flags: z.object({ backup: positional('backup'), yes: z.boolean().optional() }),
    run: () => {
      throw new CliFailure({ code: 'internal', message: 'restore runs without opening the book' });
    },
    offline: (file, f, log) => {
      if (!f.yes) throw new CliFailure({ code: 'validation', message: 'Restoring replaces the customer book: add --yes to confirm' });
      const backupFile = path.resolve(f.backup);
      try {
        const report = restoreBackup({ databaseFile: file, backupFile, backupDir: backupFolderOf(file) });
        log.info('restore.done', { backup: backupFile, preRestore: report.preRestore, via: 'command line' });
        return report;
      } catch (error) {
        log.error('restore.failed', { backup: backupFile, via: 'command line', ...(error instanceof DatabaseOpenError ? { message: error.message } : errorFacts(error)) });
        throw error;
      }
    },
    text: (r) => `Restored ${r.restored}${r.preRestore ? `; the book as it was is kept at ${r.preRestore}` : ''}`,
  }),

  command({
    name: 'diagnostics',
    summary: "Write a zip for support: the support log, versions, settings and SQLite's check of the book (no customer data, no PINs); works on a damaged book",
    usage: '--out FILE',
    flags: z.object({ out: required('--out').trim().min(1, '--out needs a file name') }),
    run: () => {
      throw new CliFailure({ code: 'internal', message: 'diagnostics runs without opening the book for writing' });
    },
    offline: (file, f, log) => {
      const report = writeDiagnostics({
        out: f.out,
        facts: bookFactsOfFile(file),
        versions: runtimeVersions({ app: appVersion, host: 'command line' }),
        logFolder: logFolderOf(file),
        backupFolder: backupFolderOf(file),
        databaseFile: path.resolve(file),
        now: new Date(),
      });
      log.info('diagnostics.written', { file: report.file, bytes: report.bytes, via: 'command line' });
      return report;
    },
    text: (r) => `Wrote ${r.file} (${r.bytes.toLocaleString('en')} bytes): ${r.entries.join(', ')}. Send it to support; it holds no customer data.`,
  }),

  command({
    name: 'staff list',
    summary: 'Everyone who can sign in at the counter, with their role',
    flags: z.object({}),
    run: (ctx) => ctx.call('staff.list', {}),
    text: (staff) =>
      render.table(
        ['Id', 'Name', 'Role', 'PIN', 'Active', 'Locked until'],
        staff.map((m) => [String(m.id), m.name, m.role, m.hasPin ? 'set' : 'not set', m.active ? 'yes' : 'no', m.lockedUntil ?? '']),
        [0],
      ),
  }),

  command({
    name: 'staff add',
    summary: 'Add a member of staff (or another owner) with their PIN',
    args: ['name'],
    usage: `--role ${oneOf(staffRoles)} --pin PIN`,
    flags: z.object({ name: positional('name'), role: choice(staffRoles), pin: required('--pin') }),
    run: (ctx, f) => ctx.call('staff.add', { name: f.name, role: f.role, pin: f.pin }),
    text: (m) => `Added ${m.name} (${m.role}, staff id ${m.id})`,
  }),

  command({
    name: 'staff pin',
    summary: 'Set a new PIN for a member of staff (a forgotten owner PIN too); lifts a lockout',
    args: ['id'],
    usage: '--pin PIN',
    flags: z.object({ id: wholeNumber, pin: required('--pin') }),
    run: (ctx, f) => ctx.call('staff.setPin', { id: f.id, pin: f.pin }),
    text: (m) => `New PIN set for ${m.name}`,
  }),

  command({
    name: 'audit',
    summary: 'The audit log, newest first: who changed what, and when',
    usage: '[--customer <customer>] [--limit N]',
    flags: z.object({ customer: text.optional(), limit: wholeNumber.optional() }),
    run: (ctx, f) =>
      ctx.call('audit.list', {
        limit: f.limit ?? 50,
        ...(f.customer !== undefined && { entityType: 'customer' as const, entityId: ctx.resolve(f.customer).id }),
      }),
    text: ({ entries, nextBeforeId }) => {
      if (entries.length === 0) return 'No entries';
      // The core counts no total here; it says only whether older entries exist.
      const count =
        nextBeforeId === null
          ? `${entries.length} ${entries.length === 1 ? 'entry' : 'entries'}`
          : `${entries.length === 1 ? 'The latest entry' : `The latest ${entries.length} entries`}; older ones were left out (raise --limit to see them)`;
      const table = render.table(
        ['When', 'Who', 'What', 'Entity', 'Changes'],
        entries.map((e) => [
          e.at,
          e.actor.name,
          e.method,
          e.entityType ? `${e.entityType} ${e.entityId ?? ''}`.trim() : '',
          e.changes.map((c) => `${c.field}: ${JSON.stringify(c.before)} -> ${JSON.stringify(c.after)}`).join('; '),
        ]),
      );
      return `${table}\n${count}`;
    },
    json: (page) => page.entries,
  }),

  command({
    name: 'stats',
    summary: "The shop's headline numbers",
    flags: z.object({}),
    run: (ctx) => ctx.call('stats.get', {}),
    text: (st, ctx) => render.statsText(st, ctx.settings()),
  }),
];

export const commandGroups = [...new Set(commands.filter((c) => c.name.includes(' ')).map((c) => c.name.split(' ')[0]))];

export function findCommand(words: string[]): { command: Command; consumed: number } | undefined {
  const two = commands.find((c) => c.name === `${words[0]} ${words[1]}`);
  if (two) return { command: two, consumed: 2 };
  const one = commands.find((c) => c.name === words[0]);
  return one ? { command: one, consumed: 1 } : undefined;
}

export function commandUsage(c: Command): string {
  const args = c.args.map((a) => `<${a}>`).join(' ');
  return ['regulars', c.name, args, c.usage].filter(Boolean).join(' ');
}

export function usage(group?: string): string {
  const shown = group ? commands.filter((c) => c.name.startsWith(`${group} `)) : commands;
  const lines = group
    ? [`Usage: regulars [--db FILE] [--json] ${group} <command> [args]`, '']
    : [
        'Usage: regulars [--db FILE] [--json] <command> [args]',
        '',
        'The customer book for one shop, from the command line.',
        '',
        'Global flags:',
        '  --db FILE   the database file (else $REGULARS_DB, else the desktop app\'s database)',
        '  --json      print one JSON value on stdout: camelCase keys, money in integer minor units, times in ISO 8601 UTC;',
        '              a failure is { "error": { "code", "message", "fields"? } } on stdout, with the same exit code',
        '  --help      show this help',
        '',
        '<customer> is a customer id, a phone number in any format, or an email address.',
        '',
      ];
  lines.push('Commands:');
  for (const c of shown) lines.push(`  ${commandUsage(c)}`, `      ${c.summary}`);
  if (!group) {
    lines.push(
      '',
      'Exit codes: 0 ok, 2 invalid input, 3 not found, 4 conflict (e.g. duplicate phone or email), 1 anything else.',
    );
  }
  return lines.join('\n');
}
