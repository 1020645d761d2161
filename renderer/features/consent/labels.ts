import type { ConsentChannel, ConsentMethod, ConsentStatus, StaffConsentMethod } from '../../../shared/contract';

export const channelLabels: Record<ConsentChannel, string> = { email: 'Email', sms: 'SMS' };

export const statusLabels: Record<ConsentStatus, string> = {
  subscribed: 'Subscribed',
  unsubscribed: 'Unsubscribed',
  not_asked: 'Not asked',
};

export const statusColors: Record<ConsentStatus, 'teal' | 'red' | 'gray'> = { subscribed: 'teal', unsubscribed: 'red', not_asked: 'gray' };

export const methodLabels: Record<ConsentMethod, string> = {
  counter_verbal: 'Spoken at the counter',
  paper_form: 'Paper form',
  web_form: 'Web form',
  customer_request: 'Customer request',
  import: 'Imported from a file',
  mailchimp: 'Mailchimp',
};

/** The methods staff can record by hand; imports record themselves. */
export const staffMethods = ['counter_verbal', 'paper_form', 'web_form', 'customer_request'] as const satisfies readonly StaffConsentMethod[];

/** Sensible words to start from; staff edit them to what was really said or shown. */
export function defaultWording(channel: ConsentChannel, status: 'subscribed' | 'unsubscribed' | null): string {
  if (status === 'unsubscribed') {
    return channel === 'email' ? 'Asked us to stop sending offers by email.' : 'Asked us to stop sending offers by text message.';
  }
  return channel === 'email'
    ? 'May we send you offers by email? You can stop any time.'
    : 'May we send you offers by text message (SMS)? You can stop any time.';
}
