import type { Suppression, SuppressionKind, SuppressionReason } from '../../../shared/contract';
import type { Formatters } from '../settings/settings';

export const kindLabels: Record<SuppressionKind, string> = { email: 'Email', phone: 'Phone' };

/** Why an address is on the list, as the owner reads it. */
export const reasonLabels: Record<SuppressionReason, string> = {
  unsubscribed: 'Unsubscribed',
  do_not_contact: 'Do not contact',
  erased: 'Erased',
  mailchimp: 'Mailchimp',
};

export const reasonHints: Record<SuppressionReason, string> = {
  unsubscribed: 'The customer said no to offers on this channel',
  do_not_contact: 'Marked do not contact, or added by hand',
  erased: "The customer's data was erased: only a masked address is kept",
  mailchimp: 'Unsubscribed or cleaned in Mailchimp',
};

/** A phone kept whole reads as the shop writes its numbers; a masked one, or an email, as it is. */
export const addressOf = (s: Pick<Suppression, 'kind' | 'shown'>, format: Formatters): string =>
  s.kind === 'phone' && /^\+\d+$/.test(s.shown) ? format.phone(s.shown) : s.shown;
