/**
 * A deterministic shop's history: customers, their sales and notes, the same on every machine for a
 * given seed and end date. Shared by scripts/seed.ts (which writes it through the contract) and the
 * benchmark (which writes it through the bulk loader in load.ts, proven identical by
 * tests/unit/bench/bulk.test.ts).
 *
 * What makes it look like a real shop:
 * - names from several West African and European traditions, with accents, common names commoner;
 * - phones typed the many ways staff type them ("024 412 3456", "+233 24 412 3456", "0244123456",
 *   "(024) 412-3456", "00233 …"), a few Nigerian and British numbers, every number unique;
 * - emails in several shapes on reserved example domains, a few role addresses (info@, sales@) for
 *   wholesale buyers, about a third of those with an email subscribed to offers;
 * - ids in the order customers came in, over the years, with more customers recently;
 * - skewed buying: most customers buy once, a few buy every week, wholesale buyers spend more;
 *   sales ids follow time, a few sales are voided minutes after they were rung up.
 */

import { customerTypes, type StaffConsentMethod, type Customer, type CustomerType, type NoteType, type PaymentMethod } from '../../shared/contract';

/** mulberry32: small, fast and the same on every machine, so a seed always gives the same data. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A separate stream per kind of data, so asking for more sales never changes the customers. */
const stream = (seed: number, kind: number) => random(Math.imul(seed ^ 0x5bd1e995, 0x9e3779b1) ^ Math.imul(kind, 0x85ebca6b));

const pickFrom = <T>(next: () => number, list: readonly T[]): T => list[Math.floor(next() * list.length)];
/** Earlier entries are commoner, as with real names (roughly Zipf). */
const pickSkewed = <T>(next: () => number, list: readonly T[], skew = 1.8): T => list[Math.floor(next() ** skew * list.length)];

const firstNames = [
  'Ama', 'Kofi', 'Akosua', 'Kwame', 'Abena', 'Yaw', 'Efua', 'Kojo', 'Esi', 'Kwabena', 'Adwoa', 'Kwaku', 'Afua', 'Yaa', 'Kwesi',
  'Akua', 'Kwadwo', 'Ekua', 'Nana', 'Mawuli', 'Selorm', 'Dzifa', 'Elikem', 'Edem', 'Enyonam', 'Fiifi', 'Ebo', 'Araba', 'Naa',
  'Nii', 'Mary', 'John', 'Grace', 'Samuel', 'Joyce', 'Daniel', 'Emmanuel', 'Comfort', 'Gifty', 'Prince', 'Mercy', 'Isaac',
  'Felicia', 'Richard', 'Patience', 'Ibrahim', 'Fatima', 'Aïcha', 'Mariama', 'Abdul', 'Zainab', 'Musa', 'Hawa', 'Chidi',
  'Ngozi', 'Emeka', 'Chiamaka', 'Oluwaseun', 'Adébáyọ̀', 'Funmilayo', 'Tóbi', 'Ifeoma', 'Chloé', 'Zoë', 'José', 'Renée',
  'Søren', 'Björn', 'Małgorzata', 'Łukasz', 'François', 'Hélène', 'Jürgen', 'Inès', 'Noémie', 'Ángel', 'Lucía', 'Joël',
  'Anaïs', 'Sinéad', 'Ciarán', 'Siobhán', 'Dmitri', 'Priya', 'Wei', 'Mei-Ling', 'Anne-Marie', 'Jean-Paul', "D'Andre",
] as const;

const lastNames = [
  'Mensah', 'Boateng', 'Asante', 'Owusu', 'Osei', 'Appiah', 'Adjei', 'Ofori', 'Darko', 'Agyeman', 'Amoah', 'Ansah', 'Quaye',
  'Tetteh', 'Nkrumah', 'Bonsu', 'Lartey', 'Sarpong', 'Frimpong', 'Acheampong', 'Gyamfi', 'Opoku', 'Addo', 'Badu', 'Kyei',
  'Amponsah', 'Annan', 'Quartey', 'Aryee', 'Kpodo', 'Agbeko', 'Dzokoto', 'Ahiable', 'Tsikata', 'Nyarko', 'Quansah',
  'Essien', 'Kuffour', 'Danquah', 'Yeboah', 'Oduro', 'Baah', 'Amankwah', 'Wiredu', 'Asamoah', 'Antwi', 'Fosu', 'Ampofo',
  'Okafor', 'Adeyemi', 'Okonkwo', 'Adébáyọ̀', 'Nwosu', 'Eze', 'Ọlátúnjí', 'Abubakar', 'Ndiaye', 'Diallo', 'Traoré',
  'Touré', 'Koné', 'Ouédraogo', 'Pérez', 'García', 'Müller', 'Schröder', 'Kowalski', 'Wiśniewski', 'Dubois', 'Lefèvre',
  'Smith', 'Johnson', 'Brown', 'Williams', "O'Brien", 'MacDonald', 'Nørgaard', 'Åkesson', 'Núñez', 'Çelik', 'Öztürk',
  'Quansah-Nyarko', 'Ankrah-Badu', 'Boakye', 'Owusu-Ansah', 'Kumi', 'Amofa', 'Twum', 'Sackey', 'Laryea', 'Tagoe',
] as const;

const streets = ['Oxford St', 'Cantonments Rd', 'Ring Rd Central', 'Liberation Rd', 'Spintex Rd', 'Kojo Thompson Rd', 'Adum High St', 'Market Circle', 'Lagos Ave', 'Boundary Rd'];
const towns = ['Osu, Accra', 'East Legon, Accra', 'Adabraka, Accra', 'Tema', 'Kumasi', 'Takoradi', 'Cape Coast', 'Madina, Accra', 'Dansoman, Accra', 'Kasoa'];
const emailDomains = ['example.com', 'example.org', 'example.net', 'mail.example', 'post.example', 'inbox.example'];
const sources = ['walk-in', 'walk-in', 'walk-in', 'referral', 'instagram', 'facebook', 'whatsapp', 'market day', null, null] as const;
const tagPool = ['fabric', 'shoes', 'wedding', 'school uniforms', 'wholesale-list', 'kente', 'bridal', 'church', 'corporate', 'kids'];
const ghPrefixes = ['24', '54', '55', '20', '50', '27', '26', '57', '59', '53', '23', '28', '25', '56'];
const ngPrefixes = ['803', '806', '813', '703', '805', '807', '816', '902'];
const consentWordings = ['Offers by email, about once a month. Stop any time.', 'New stock and sales by email; unsubscribe in any email.', 'Yes to emails about offers (signed paper form).'];
/**
 * How often each of the contract's values turns up, keyed by the contract's type so that a value added
 * there must be weighed here (the type-check says so); `weighted` lists each value that many times.
 */
export const customerTypeShares: Record<CustomerType, number> = { walk_in: 0.55, regular: 0.3, vip: 0.08, wholesale: 0.07 };
export const paymentWeights: Record<PaymentMethod, number> = { mobile_money: 4, cash: 3, card: 2, other: 1 };
export const noteTypeWeights: Record<NoteType, number> = { preference: 2, personal: 2, issue: 1, feedback: 1 };
/** Consent taken when a customer is added: at the counter or on a form, never by import or request. */
export const counterConsentWeights: Partial<Record<StaffConsentMethod, number>> = { counter_verbal: 2, paper_form: 1, web_form: 1 };
const weighted = <K extends string>(weights: Partial<Record<K, number>>): K[] =>
  (Object.entries(weights) as [K, number][]).flatMap(([value, weight]) => Array<K>(weight).fill(value));
const payments = weighted(paymentWeights);
const noteTypeDraw = weighted(noteTypeWeights);
const counterConsentDraw = weighted(counterConsentWeights);
const wholesaleIndex = customerTypes.indexOf('wholesale');

/** The index in the contract's customerTypes of the type that `t` in [0, 1) falls on, by customerTypeShares. */
function drawCustomerType(t: number): number {
  let upTo = 0;
  for (let k = 0; k < customerTypes.length - 1; k++) {
    upTo += customerTypeShares[customerTypes[k]];
    if (t < upTo) return k;
  }
  return customerTypes.length - 1;
}
const saleNotes = ['paid half, rest on Friday', 'gift wrapped', 'exchange for a bigger size', 'bought for her sister', 'discount for bulk', 'layaway'];
const voidReasons = ['rang up twice', 'wrong customer', 'wrong amount', 'customer changed their mind'];
const sizes = ['XS', 'S', 'M', 'L', 'XL', 'XXL', '38', '40', '42', '44'];
const colours = ['navy', 'wine', 'emerald', 'gold', 'black', 'white', 'pastel pink', 'royal blue'];
const products = ['kente cloth', 'ankara print', 'sandals', 'school shoes', 'lace', 'shirts', 'wax print', 'handbags', 'bead necklaces'];

// The contract's own types, re-exported for the scripts that read the dataset.
export type { CustomerType, NoteType, PaymentMethod };

export interface DatasetOptions {
  customers: number;
  sales: number;
  notes: number;
  seed: number;
  /** The end of the history: nothing in it happens later. */
  end: Date;
  /** Years of history before `end`. */
  years?: number;
  /** Share of customers archived at the end (0 by default). */
  archivedShare?: number;
  /** Numbers phones and emails from here, so a second dataset never clashes with a first (imports). */
  numberOffset?: number;
}

/** A customer as the contract holds them (the fields a shop types in), plus what the dataset decides about them. */
export interface DatasetCustomer
  extends Pick<Customer, 'firstName' | 'lastName' | 'phone' | 'email' | 'address' | 'birthday' | 'type' | 'tags' | 'source' | 'createdAt'> {
  /** 0-based; a fresh book gives this customer id `index + 1`. */
  index: number;
  /** Consent to offers by email, recorded at the counter when the customer was added. */
  emailConsent: { status: 'subscribed' | 'unsubscribed'; method: StaffConsentMethod; wording: string } | null;
  doNotContact: boolean;
  archived: boolean;
}

export interface DatasetSale {
  /** 0-based, in time order: a fresh book gives this sale id `index + 1`. */
  index: number;
  customerIndex: number;
  occurredAt: string;
  /** When it was rung up (a few minutes after it happened at most). */
  createdAt: string;
  amount: number;
  items: number;
  paymentMethod: PaymentMethod;
  note: string | null;
  /** Voided a few minutes after it was rung up, or null. */
  voidedAt: string | null;
  voidReason: string | null;
}

export interface DatasetNote {
  index: number;
  customerIndex: number;
  type: NoteType;
  text: string;
  at: string;
}

const DAY = 24 * 3600 * 1000;
/** Nothing is rung up later than this before the end, so a sale's delay and void stay inside the history. */
const MARGIN = 20 * 60 * 1000;

/** A permutation of 0..9,999,999 (a·i + b mod 10⁷ with a coprime to 10): unique, random-looking subscriber numbers. */
const subscriber = (n: number) => String((n * 3_987_653 + 1_234_567) % 10_000_000).padStart(7, '0');

const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/[^a-z0-9]/g, '');

/** The customers, their profiles (what the sales and notes are drawn from) and the history's start. */
export class Dataset {
  readonly options: Required<DatasetOptions>;
  readonly start: number;
  readonly endMs: number;
  /** Per customer: when they came in (ms), and how many sales they make over the history. */
  readonly createdMs: Float64Array;
  readonly saleCounts: Int32Array;
  /** Per customer: an index into the contract's customerTypes. */
  readonly typeIndexes: Uint8Array;
  private salesOrder: { customer: Int32Array; time: Float64Array } | null = null;

  constructor(options: DatasetOptions) {
    this.options = { years: 5, archivedShare: 0, numberOffset: 0, ...options };
    if (this.options.customers < 1) throw new Error('A dataset needs at least one customer');
    if (this.options.customers + this.options.numberOffset > 9_000_000) throw new Error('At most 9,000,000 numbered customers');
    this.endMs = this.options.end.getTime();
    this.start = this.endMs - this.options.years * 365 * DAY;
    const n = this.options.customers;
    this.createdMs = new Float64Array(n);
    this.typeIndexes = new Uint8Array(n);
    const next = stream(this.options.seed, 1);
    const span = this.endMs - MARGIN - this.start;
    for (let i = 0; i < n; i++) {
      // More customers recently (a growing shop), in id order.
      this.createdMs[i] = Math.floor(this.start + span * Math.sqrt((i + next()) / n));
      this.typeIndexes[i] = drawCustomerType(next());
    }
    this.saleCounts = this.allocateSales();
  }

  /**
   * Most customers buy once; some come back a few times; a few buy every week (the longer they have
   * been customers, the more). Raw counts by tier, then scaled so that they add up to the total asked for.
   */
  private allocateSales(): Int32Array {
    const { customers: n, sales: total, seed } = this.options;
    const next = stream(seed, 2);
    const raw = new Float64Array(n);
    let once = 0;
    let repeat = 0;
    for (let i = 0; i < n; i++) {
      const years = (this.endMs - this.createdMs[i]) / (365 * DAY);
      const t = next();
      let count: number;
      if (t < 0.12) count = 0;
      else if (t < 0.6) count = 1;
      else if (t < 0.8) count = 2 + next() * 2;
      else if (t < 0.92) count = 4 + next() * 12;
      else if (t < 0.98) count = 16 + next() * 45 * Math.min(1, years);
      else count = Math.max(2, 52 * years * (0.6 + 0.4 * next()));
      if (this.typeIndexes[i] === wholesaleIndex && count > 0) count *= 1.5; // wholesale buyers restock often
      raw[i] = count;
      if (count === 1) once++;
      else repeat += count;
    }
    const counts = new Int32Array(n);
    // Once-buyers stay once-buyers when there are sales enough; everyone else is scaled.
    const keepOnce = total >= once + 2 * (n - once);
    const scale = keepOnce ? (total - once) / Math.max(1, repeat) : total / Math.max(1, once + repeat);
    let carry = 0;
    let given = 0;
    for (let i = 0; i < n; i++) {
      if (raw[i] === 0) continue;
      if (keepOnce && raw[i] === 1) {
        counts[i] = 1;
      } else {
        const want = raw[i] * scale + carry;
        counts[i] = Math.max(0, Math.floor(want));
        carry = want - counts[i];
      }
      given += counts[i];
    }
    // Rounding leaves a few over or under: settle them on the heaviest buyers, deterministically.
    for (let i = n - 1, guard = 0; given !== total && guard < 10 * n + total; guard++) {
      if (given < total && raw[i] > 0) (counts[i]++, given++);
      else if (given > total && counts[i] > 1) (counts[i]--, given--);
      i = i === 0 ? n - 1 : i - 1;
    }
    if (given !== total) {
      // Only when nobody buys at all in the raw draw: spread evenly.
      counts.fill(0);
      for (let k = 0; k < total; k++) counts[k % n]++;
    }
    return counts;
  }

  *customers(): Generator<DatasetCustomer> {
    const { customers: n, seed, archivedShare, numberOffset } = this.options;
    const next = stream(seed, 3);
    for (let i = 0; i < n; i++) {
      const number = i + numberOffset;
      const type = customerTypes[this.typeIndexes[i]];
      const firstName = pickSkewed(next, firstNames);
      const lastName = next() < 0.96 ? pickSkewed(next, lastNames) : null;
      const sub = subscriber(number);
      let phone: string | null = null;
      if (next() < 0.93) {
        const country = next();
        const style = Math.floor(next() * 8);
        if (country < 0.95) {
          const p = ghPrefixes[number % ghPrefixes.length];
          const a = sub.slice(0, 3);
          const b = sub.slice(3);
          phone = [`0${p} ${a} ${b}`, `+233 ${p} ${a} ${b}`, `0${p}${sub}`, `(0${p}) ${a}-${b}`, `0${p}-${a}-${b}`, `+233${p}${sub}`, `00233 ${p} ${a} ${b}`, `0${p} ${sub}`][style];
        } else if (country < 0.98) {
          const p = ngPrefixes[number % ngPrefixes.length];
          phone = style % 2 === 0 ? `+234 ${p} ${sub.slice(0, 3)} ${sub.slice(3)}` : `+234${p}${sub}`;
        } else {
          // 07 90x and 079 2x–9x (libphonenumber knows gaps in 0791).
          const p = `79${'023456789'[number % 9]}`;
          phone = style % 2 === 0 ? `+44 ${p}${sub[0]} ${sub.slice(1)}` : `+44${p}${sub}`;
        }
      }
      let email: string | null = null;
      if (next() < 0.62) {
        const domain = pickFrom(next, emailDomains);
        const f = fold(firstName) || 'customer';
        const l = lastName ? fold(lastName) : '';
        const tag = number.toString(36);
        if (type === 'wholesale' && next() < 0.3) {
          email = `${next() < 0.5 ? 'info' : 'sales'}@${l || f}-trading-${tag}.${domain}`;
        } else {
          // The number ends every local part after a dot, so two customers never share an address.
          const shape = Math.floor(next() * 4);
          email = [`${f}.${l || 'x'}.${tag}`, `${f[0]}${l}.${tag}`, `${l || f}_${f}.${tag}`, `${f}.${tag}`][shape] + `@${domain}`;
        }
      }
      const address = next() < 0.45 ? `House ${1 + Math.floor(next() * 200)}, ${pickFrom(next, streets)}, ${pickFrom(next, towns)}` : null;
      let birthday: string | null = null;
      if (next() < 0.35) {
        const month = 1 + Math.floor(next() * 12);
        const day = 1 + Math.floor(next() * 28);
        const md = `${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
        birthday = next() < 0.3 ? `${1950 + Math.floor(next() * 57)}-${md}` : md;
      }
      const tags = next() < 0.2 ? [...new Set([pickFrom(next, tagPool), ...(next() < 0.3 ? [pickFrom(next, tagPool)] : [])])] : [];
      const source = pickFrom(next, sources);
      const c = next();
      const emailConsent =
        email && c < 0.4
          ? {
              status: c < 0.36 ? ('subscribed' as const) : ('unsubscribed' as const),
              method: pickFrom(next, counterConsentDraw),
              wording: pickFrom(next, consentWordings),
            }
          : null;
      const doNotContact = next() < 0.01;
      const archived = next() < archivedShare;
      yield {
        index: i,
        firstName,
        lastName,
        phone,
        email,
        address,
        birthday,
        type,
        tags,
        source,
        createdAt: new Date(this.createdMs[i]).toISOString(),
        emailConsent,
        doNotContact,
        archived,
      };
    }
  }

  /** Every sale's customer and time, sorted by time (ids follow time, as in a real book). */
  private order(): { customer: Int32Array; time: Float64Array } {
    if (this.salesOrder) return this.salesOrder;
    const total = this.options.sales;
    const next = stream(this.options.seed, 4);
    const customer = new Int32Array(total);
    const time = new Float64Array(total);
    const last = this.endMs - MARGIN;
    let k = 0;
    for (let i = 0; i < this.saleCounts.length; i++) {
      const from = this.createdMs[i];
      for (let j = 0; j < this.saleCounts[i]; j++) {
        // Most first purchases happen the day the customer was added; the rest spread over their years.
        const t = j === 0 && next() < 0.7 ? from + next() * 2 * 3600 * 1000 : from + next() * (last - from);
        customer[k] = i;
        time[k] = Math.min(last, Math.floor(t / 1000) * 1000);
        k++;
      }
    }
    // Sort by time (then by generation order) on one typed array of packed keys: fast and small.
    const keys = new Float64Array(total);
    const spanSeconds = Math.ceil((this.endMs - this.start) / 1000) + 1;
    if (total >= 2 ** 25 || spanSeconds >= 2 ** 28) throw new Error('Too many sales or years to order');
    for (let s = 0; s < total; s++) keys[s] = ((time[s] - this.start) / 1000) * 2 ** 25 + s;
    keys.sort();
    const sortedCustomer = new Int32Array(total);
    const sortedTime = new Float64Array(total);
    for (let s = 0; s < total; s++) {
      const from = keys[s] % 2 ** 25;
      sortedCustomer[s] = customer[from];
      sortedTime[s] = time[from];
    }
    this.salesOrder = { customer: sortedCustomer, time: sortedTime };
    return this.salesOrder;
  }

  *sales(): Generator<DatasetSale> {
    const { customer, time } = this.order();
    const next = stream(this.options.seed, 5);
    for (let s = 0; s < customer.length; s++) {
      const ci = customer[s];
      const wholesale = this.typeIndexes[ci] === wholesaleIndex;
      const u = next();
      const amount = wholesale ? 5_000 + Math.floor(u * u * 800_000) : 100 + Math.floor(u * u * u * 60_000) + Math.floor(next() * 100) * 10;
      const items = wholesale ? 5 + Math.floor(next() ** 2 * 200) : 1 + Math.floor(next() ** 2 * 5);
      const created = time[s] + Math.floor(next() * 5 * 60) * 1000;
      const voided = next() < 0.004;
      yield {
        index: s,
        customerIndex: ci,
        occurredAt: new Date(time[s]).toISOString(),
        createdAt: new Date(created).toISOString(),
        amount,
        items,
        paymentMethod: pickFrom(next, payments),
        note: next() < 0.03 ? pickFrom(next, saleNotes) : null,
        voidedAt: voided ? new Date(created + (1 + Math.floor(next() * 10)) * 60 * 1000).toISOString() : null,
        voidReason: voided ? pickFrom(next, voidReasons) : null,
      };
    }
  }

  /** Notes, in time order: half about anyone, half about customers who come in (drawn through their sales). */
  *notes(): Generator<DatasetNote> {
    const total = this.options.notes;
    const n = this.options.customers;
    const next = stream(this.options.seed, 6);
    const sales = this.options.sales > 0 ? this.order() : null;
    const customer = new Int32Array(total);
    const keys = new Float64Array(total);
    const last = this.endMs - MARGIN;
    for (let k = 0; k < total; k++) {
      const ci = sales && next() < 0.5 ? sales.customer[Math.floor(next() * sales.customer.length)] : Math.floor(next() * n);
      const from = this.createdMs[ci];
      const t = Math.floor((from + next() * (last - from)) / 1000) * 1000;
      customer[k] = ci;
      keys[k] = ((t - this.start) / 1000) * 2 ** 25 + k;
    }
    keys.sort();
    for (let k = 0; k < total; k++) {
      const from = keys[k] % 2 ** 25;
      const at = this.start + Math.floor(keys[k] / 2 ** 25) * 1000;
      const type = pickFrom(next, noteTypeDraw);
      const text = noteText(next, type);
      yield { index: k, customerIndex: customer[from], type, text, at: new Date(at).toISOString() };
    }
  }
}

function noteText(next: () => number, type: NoteType): string {
  const size = pickFrom(next, sizes);
  const colour = pickFrom(next, colours);
  const product = pickFrom(next, products);
  switch (type) {
    case 'preference':
      return pickFrom(next, [`prefers size ${size}`, `likes ${colour} ${product}`, `only buys ${product}`, `size ${size} in ${product}, ${colour} if we have it`, 'pays by MoMo', 'wants a call before new stock is put out']);
    case 'personal':
      return pickFrom(next, ['birthday gift for her mother', `daughter starts school in September, needs ${product}`, 'getting married in December', 'sister of a regular', `works at the bank on ${pickFrom(next, streets)}`, 'moved to Kumasi, visits monthly']);
    case 'issue':
      return pickFrom(next, ['complained about late delivery', `${product} faded after one wash`, 'was charged twice, refunded', `${product} came in the wrong size (${size})`]);
    case 'feedback':
      return pickFrom(next, ['likes the new fabric line', `asked for more ${colour} ${product}`, 'happy with the tailoring', 'says the shop is too hot in the afternoon']);
  }
}
