import { z } from 'zod';
import { consentMethodInput, consentWordingInput } from './consent';
import { id, paging, type Person } from './common';
import { read, write } from './define';

export const suppressionKinds = ['email', 'phone'] as const;
export type SuppressionKind = (typeof suppressionKinds)[number];

/**
 * Why a contact must not be mailed or texted: the customer unsubscribed here, is do-not-contact
 * (or the owner added the address by hand, with a note), was erased, or unsubscribed or was
 * cleaned in Mailchimp.
 */
export const suppressionReasons = ['unsubscribed', 'do_not_contact', 'erased', 'mailchimp'] as const;
export type SuppressionReason = (typeof suppressionReasons)[number];

export interface Suppression {
  id: number;
  kind: SuppressionKind;
  /**
   * The address as the owner sees it. An erased customer's is kept only as a fingerprint, so it
   * shows masked ("j•••@example.com"); one suppressed before the list kept addresses shows what is
   * known of it from the book, or "(kept only as a fingerprint)".
   */
  shown: string;
  reason: SuppressionReason;
  /** Why, in words: Mailchimp's answer, or the owner's note for an address added by hand. */
  note: string | null;
  /** The customer the contact belongs to today, if any. */
  customerId: number | null;
  actor: Person | null;
  at: string;
}

export interface SuppressionPage {
  rows: Suppression[];
  total: number;
}

/** A contact typed by the owner: an email address or a phone number, checked and normalised by the book. */
const contactValue = z.string().trim().min(3, 'Enter an email address or a phone number').max(254, 'At most 254 characters');

export const suppressionMethods = {
  /** The whole list, newest first; `query` finds a part of an address, or a whole one typed exactly. */
  'suppression.list': read<SuppressionPage>()(
    z
      .object({ query: z.string().trim().max(254).default(''), kind: z.enum(suppressionKinds).optional(), ...paging })
      .strict()
      .default({ query: '', offset: 0, limit: 50 }),
    'owner',
  ),
  /** An address the shop must never contact (a complaint by phone): added by hand, with the owner's note. */
  'suppression.add': write<Suppression>()(
    z
      .object({
        kind: z.enum(suppressionKinds, { error: 'Kind must be email or phone' }),
        value: contactValue,
        note: z.string().trim().min(1, 'Say why the address must not be contacted').max(500, 'At most 500 characters'),
      })
      .strict(),
    'owner',
  ),
  /**
   * Lifts a suppression: only on a new consent, recorded with how it was given and the words. When a
   * customer holds the contact, the consent is theirs (and in their history); otherwise the audit log keeps it.
   */
  'suppression.remove': write<{ removed: Suppression; customerId: number | null }>()(
    z.object({ id, method: consentMethodInput, wording: consentWordingInput }).strict(),
    'owner',
  ),
};
