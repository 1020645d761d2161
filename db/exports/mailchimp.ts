import Papa from 'papaparse';
import { z } from 'zod';
import { mailchimpHeaders, rewardReadyTag, type CustomerType, type LeftOut, type MailchimpExport, type ParsedInputOf } from '../../shared/contract';
import { tierLabels, typeLabels } from '../../shared/format/labels';
import { formatPhone } from '../../shared/format/phone';
import { parseJsonArray, readSettings, type CoreContext } from '../context';
import { cutoff365, formatBirthday, frequencyFor, recentPurchasesSql } from '../customers/rows';
import { contactHash } from '../consent/service';
import { all, values, type Query } from '../query';
import { resolveSegment, rewardReadySql } from '../segments/service';
import { neutraliseCell } from './csv';

/** Mailchimp blocks role addresses at import; these are the common ones (its own list is longer). */
const roleLocalParts = new Set([
  'abuse', 'admin', 'administrator', 'billing', 'compliance', 'contact', 'devnull', 'dns', 'ftp', 'hostmaster', 'info',
  'inoc', 'ispfeedback', 'ispsupport', 'list', 'list-request', 'mailer-daemon', 'maildaemon', 'marketing', 'no-reply',
  'noc', 'noreply', 'null', 'office', 'phish', 'phishing', 'postmaster', 'privacy', 'registrar', 'root', 'sales',
  'security', 'spam', 'support', 'sysadmin', 'tech', 'undisclosed-recipients', 'unsubscribe', 'usenet', 'uucp', 'webmaster', 'www',
]);

const validEmail = z.email();

/** Mailchimp cuts text at 255 bytes; cut on a character boundary instead of mid-character. */
function cutBytes(text: string, max = 255): string {
  // A UTF-16 unit is at most 3 UTF-8 bytes: most names and addresses need no counting at all.
  if (text.length * 3 <= max) return text;
  let out = '';
  for (const char of text) {
    if (Buffer.byteLength(out + char) > max) break;
    out += char;
  }
  return out;
}

/** A tag is at most 100 characters, with no emoji, and may not itself contain the list's comma. */
const cleanTag = (tag: string) => tag.replace(/\p{Extended_Pictographic}/gu, '').replace(/,/g, ' ').trim().slice(0, 100);

/** A customer as the audience gets them: the CSV export's row, and a live sync's member. */
export interface AudienceMember {
  customerId: number;
  email: string;
  firstName: string;
  lastName: string;
  address: string;
  phone: string;
  /** MM/DD, as Mailchimp's birthday field takes it; '' when unknown. */
  birthday: string;
  tags: string[];
}

/** A part of the audience by customer id: at most `limit` of its customers after the customer `after`. */
export interface AudienceSlice {
  after: number;
  limit: number;
}

/**
 * Only active, email-subscribed customers who are not do-not-contact and whose address is not
 * suppressed, with a valid, non-role address, once each: who the CSV export and the live sync send.
 * With a slice, only that part, and `next` is the last customer it covered when more may follow.
 * An address is kept once within a slice; across slices none can repeat, as every address is stored
 * trimmed and lower-cased (the contract and the import see to it) and unique.
 */
export function* audienceMembers(
  ctx: CoreContext,
  { segmentName, slice }: { segmentName?: string; slice?: AudienceSlice } = {},
): Query<{ members: AudienceMember[]; leftOut: LeftOut[]; next: number | null }> {
  const { phoneCountry } = yield* readSettings();
  const segment = segmentName ? yield* resolveSegment(ctx, segmentName) : null;
  // The suppression list read once (it is short next to the customers), as isSuppressed reads it.
  const suppressed = new Set(yield* values<string>("SELECT value_hash FROM suppressions WHERE kind = 'email'"));
  // Read whole, as a statement's answer is on every engine (no longer streamed): 100,000 subscribers are some tens of MB at once.
  const rows = yield* all<{
    id: number;
    first_name: string;
    last_name: string | null;
    email: string;
    address: string | null;
    phone_e164: string | null;
    birthday_month: number | null;
    birthday_day: number | null;
    birthday_year: number | null;
    type: CustomerType;
    tags: string;
    do_not_contact: number;
    recent_purchases: number;
    reward_ready: number;
  }>(
    `SELECT c.id, c.first_name, c.last_name, c.email, c.address, c.phone_e164, c.birthday_month, c.birthday_day, c.birthday_year,
       c.type, c.tags, p.do_not_contact,
       ${recentPurchasesSql()} AS recent_purchases, CASE WHEN ${rewardReadySql} THEN 1 ELSE 0 END AS reward_ready
     FROM customers c JOIN customer_preferences p ON p.customer_id = c.id
     WHERE c.status = 'active' AND c.email_consent = 'subscribed' AND c.email IS NOT NULL AND (${segment?.filter.clause ?? '1 = 1'})
       ${slice ? 'AND c.id > @after' : ''}
     ORDER BY c.id ${slice ? 'LIMIT @limit' : ''}`,
    { cutoff365: cutoff365(ctx.now()), ...segment?.filter.params, ...slice },
  );
  const leftOut: LeftOut[] = [];
  const seen = new Set<string>();
  const members: AudienceMember[] = [];
  for (const row of rows) {
    const email = row.email.trim().toLowerCase();
    const out = (reason: LeftOut['reason']) => leftOut.push({ customerId: row.id, email, reason });
    if (row.do_not_contact) out('do_not_contact');
    else if (suppressed.has(contactHash(email))) out('suppressed');
    else if (!validEmail.safeParse(email).success) out('invalid_email');
    else if (roleLocalParts.has(email.split('@')[0])) out('role_address');
    else if (seen.has(email)) out('duplicate_email');
    else {
      seen.add(email);
      const birthday = formatBirthday(row);
      const tags = [
        typeLabels[row.type],
        tierLabels[frequencyFor(row.recent_purchases)],
        ...parseJsonArray(row.tags),
        ...(segment ? [segment.name] : []),
        ...(row.reward_ready === 1 ? [rewardReadyTag] : []),
      ]
        .map(cleanTag)
        .filter(Boolean);
      members.push({
        customerId: row.id,
        email,
        firstName: cutBytes(row.first_name),
        lastName: cutBytes(row.last_name ?? ''),
        address: cutBytes(row.address ?? ''),
        phone: formatPhone(row.phone_e164, phoneCountry),
        birthday: birthday ? birthday.slice(-5).replace('-', '/') : '',
        tags,
      });
    }
  }
  return { members, leftOut, next: slice && rows.length === slice.limit ? rows[rows.length - 1].id : null };
}

export function* mailchimpExport(ctx: CoreContext, input: ParsedInputOf<'exports.mailchimp'>): Query<MailchimpExport> {
  const { members, leftOut } = yield* audienceMembers(ctx, { segmentName: input.segment });
  const lines = members.map((m) => [m.email, m.firstName, m.lastName, m.address, m.phone, m.birthday, m.tags.join(',')].map(neutraliseCell));
  const csv = Papa.unparse({ fields: [...mailchimpHeaders], data: lines }, { newline: '\r\n' });
  const leftOutCsv = Papa.unparse(
    { fields: ['Customer ID', 'Email Address', 'Reason'], data: leftOut.map((l) => [String(l.customerId), neutraliseCell(l.email), l.reason]) },
    { newline: '\r\n' },
  );
  return { csv, leftOutCsv, exported: lines.length, leftOut };
}
