import { z } from 'zod';
import { id, type Person } from './common';
import { read, write } from './define';

export const consentChannels = ['email', 'sms'] as const;
/** What a customer can say; not_asked is only where everyone starts. */
export const settableConsentStatuses = ['subscribed', 'unsubscribed'] as const;
export const consentStatuses = [...settableConsentStatuses, 'not_asked'] as const;
/** How staff record a customer's consent (`consent.set`, an import). */
export const staffConsentMethods = ['counter_verbal', 'paper_form', 'web_form', 'import', 'customer_request'] as const;
/** How consent came to be recorded: by staff, or brought home from Mailchimp by a sync (never set by hand). */
export const consentMethods = [...staffConsentMethods, 'mailchimp'] as const;

export type ConsentChannel = (typeof consentChannels)[number];
export type ConsentStatus = (typeof consentStatuses)[number];
export type SettableConsentStatus = (typeof settableConsentStatuses)[number];
export type ConsentMethod = (typeof consentMethods)[number];
export type StaffConsentMethod = (typeof staffConsentMethods)[number];

export interface ConsentEvent {
  id: number;
  customerId: number;
  channel: ConsentChannel;
  status: SettableConsentStatus;
  method: ConsentMethod;
  wording: string;
  actor: Person | null;
  at: string;
}

export interface ConsentState {
  customerId: number;
  email: ConsentStatus;
  sms: ConsentStatus;
  /** Newest first. */
  history: ConsentEvent[];
}

/** The proof every consent recorded by staff carries: how it was given, and the words. */
export const consentMethodInput = z.enum(staffConsentMethods, { error: `Method must be one of ${staffConsentMethods.join(', ')}` });
export const consentWordingInput = z.string().trim().min(1, 'Record the words the customer was shown or told').max(1000, 'At most 1,000 characters');

export const setConsentInput = z
  .object({
    customerId: id,
    channel: z.enum(consentChannels, { error: 'Channel must be email or sms' }),
    status: z.enum(settableConsentStatuses, { error: `Status must be ${settableConsentStatuses.join(' or ')}` }),
    method: consentMethodInput,
    wording: consentWordingInput,
  })
  .strict();

export const consentContractMethods = {
  'consent.set': write<ConsentState>()(setConsentInput),
  'consent.get': read<ConsentState>()(z.object({ customerId: id }).strict()),
};
