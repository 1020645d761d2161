import type { AuditEntityType, AuditEntry, ConsentMethod, MethodName } from '../../../shared/contract';
import { methodLabels as consentMethodLabels } from '../consent/labels';
import type { Formatters } from '../settings/settings';

/** What each write reads as in the log, in the owner's words rather than the method's name. */
export const methodLabels: Partial<Record<MethodName, string>> = {
  'auth.setupOwner': 'Set up the shop, the owner and PIN',
  'auth.signIn': 'Signed in',
  'auth.signOut': 'Signed out',
  'backups.create': 'Made a backup',
  'backups.restore': 'Restored a backup',
  'consent.set': 'Recorded consent',
  'customers.create': 'Added a customer',
  'customers.update': 'Edited a customer',
  'customers.archive': 'Archived a customer',
  'customers.restore': 'Brought back an archived customer',
  'customers.bulkCreate': 'Added customers in bulk',
  'customers.merge': 'Merged two customers',
  'customers.erase': "Erased a customer's personal data",
  'exports.customers': 'Exported customers',
  'exports.sales': 'Exported sales',
  'exports.customer': "Exported a customer's data",
  'exports.mailchimp': 'Exported to Mailchimp',
  'imports.commit': 'Imported customers',
  'imports.undo': 'Undid an import',
  'notes.add': 'Added a note',
  'notes.edit': 'Edited a note',
  'notes.delete': 'Deleted a note',
  'preferences.update': 'Changed preferences',
  'sales.record': 'Recorded a sale',
  'sales.void': 'Voided a sale',
  'segments.save': 'Saved a segment',
  'segments.delete': 'Deleted a segment',
  'settings.update': 'Changed settings',
  'staff.add': 'Added a member of staff',
  'staff.update': 'Edited a member of staff',
  'staff.setPin': 'Set a PIN',
  'suppression.add': 'Added an address to the suppression list',
  'suppression.remove': 'Removed an address from the suppression list',
};

export const methodLabel = (method: string) => methodLabels[method as MethodName] ?? method;

export const entityTypeLabels: Record<AuditEntityType, string> = {
  customer: 'Customer',
  sale: 'Sale',
  note: 'Note',
  staff: 'Member of staff',
  settings: 'Settings',
  import: 'Import',
  segment: 'Segment',
  backup: 'Backup',
  export: 'Export',
};

/**
 * The customer an entry is about, when its entity id is one. The core files a new sale or note
 * under the customer it was recorded for (its own id does not exist until the write), so those
 * two methods point at a customer although their entity type is sale or note.
 */
export function customerIdOf(entry: AuditEntry): number | null {
  if (entry.entityId === null) return null;
  if (entry.entityType === 'customer' || entry.method === 'sales.record' || entry.method === 'notes.add') return entry.entityId;
  // A deleted note is filed under the note, which is gone; its entry says whose it was.
  if (entry.method === 'notes.delete' && typeof entry.details.customerId === 'number') return entry.details.customerId;
  return null;
}

/** Column names the log stores (snake_case) and input keys (camelCase), read aloud. */
const fieldLabelOverrides: Record<string, string> = {
  phone_e164: 'Phone (international)',
  phoneE164: 'Phone (international)',
  sms_consent: 'SMS consent',
  pin_hash: 'PIN',
  pin: 'PIN',
  active: 'Can sign in',
  idle_lock_minutes: 'Lock after (minutes)',
  idleLockMinutes: 'Lock after (minutes)',
  customer_id: 'Customer',
  customerId: 'Customer',
  author_id: 'Recorded by',
  voided_by: 'Voided by',
  created_by: 'Added by',
  merged_into: 'Merged into',
};

export function fieldLabel(field: string): string {
  const override = fieldLabelOverrides[field];
  if (override) return override;
  const words = field
    .replace(/_/g, ' ')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

const moneyFields = new Set(['amount', 'total_spent', 'sale_ceiling', 'high_value_threshold']);
const yesNoFields = new Set(['active', 'do_not_contact', 'offers_opt_in', 'loyalty_opt_in']);
const isoInstant = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

/** A before or after value as the owner would say it: money in the shop's currency, times in its zone, lists joined. */
export function formatChangeValue(field: string, value: unknown, format: Formatters): string {
  if (value === null || value === undefined || value === '') return '(empty)';
  if (yesNoFields.has(field) && (typeof value === 'number' || typeof value === 'boolean')) return value ? 'Yes' : 'No';
  if (moneyFields.has(field) && typeof value === 'number') return format.money(value);
  if (typeof value === 'string') {
    if (isoInstant.test(value) && !Number.isNaN(Date.parse(value))) return format.dateTime(value);
    if (value.startsWith('[')) {
      try {
        const list: unknown = JSON.parse(value);
        if (Array.isArray(list)) return list.length === 0 ? '(none)' : list.join(', ');
      } catch {
        // Not a JSON list after all: shown as typed.
      }
    }
    return value;
  }
  if (typeof value === 'number') return format.count(value);
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  return JSON.stringify(value);
}

/** One line under the label: which fields a write named, or how many rows an export wrote. */
export function describeDetails(entry: AuditEntry, format: Formatters): string {
  const d = entry.details;
  const parts: string[] = [];
  if (typeof d.rows === 'number') parts.push(`${format.count(d.rows)} ${d.rows === 1 ? 'row' : 'rows'}`);
  if (typeof d.segment === 'string' && d.segment) parts.push(`segment ${d.segment}`);
  if (typeof d.format === 'string' && d.format) parts.push(d.format.toUpperCase());
  // The log keeps no address of the suppression list's; a removal keeps its proof, how consent was given again and the words.
  if (entry.method === 'suppression.add' && (d.kind === 'email' || d.kind === 'phone')) parts.push(d.kind === 'email' ? 'Email' : 'Phone');
  if (entry.method === 'suppression.remove' && typeof d.method === 'string') {
    parts.push(`${consentMethodLabels[d.method as ConsentMethod] ?? d.method}: “${typeof d.wording === 'string' ? d.wording : ''}”`);
  }
  // The fields are worth listing only where the changes themselves do not already say them.
  const creates = /\.(add|create|record|setupOwner)$/.test(entry.method);
  if (entry.changes.length === 0 && Array.isArray(d.fields) && d.fields.length > 0 && !creates) {
    parts.push(d.fields.map((f) => fieldLabel(String(f)).toLowerCase()).join(', '));
  }
  return parts.join(' · ');
}
