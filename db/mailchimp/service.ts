import type { MailchimpPlan, MailchimpRun, MailchimpStatus, ParsedInputOf } from '../../shared/contract';
import type { CoreContext } from '../context';
import { DomainError } from '../errors';
import type { Query } from '../query';

const notYet = () => new DomainError('internal', 'Not built yet');
export function* mailchimpStatus(_ctx: CoreContext): Query<MailchimpStatus> {
  yield* [];
  throw notYet();
}
export function* saveConnection(_ctx: CoreContext, _input: ParsedInputOf<'mailchimp.saveConnection'>): Query<MailchimpStatus> {
  yield* [];
  throw notYet();
}
export function* planSync(_ctx: CoreContext): Query<MailchimpPlan> {
  yield* [];
  throw notYet();
}
export function* startRun(_ctx: CoreContext, _input: ParsedInputOf<'mailchimp.startRun'>): Query<MailchimpRun> {
  yield* [];
  throw notYet();
}
export function* recordPush(_ctx: CoreContext, _input: ParsedInputOf<'mailchimp.recordPush'>): Query<{ unsubscribed: number }> {
  yield* [];
  throw notYet();
}
export function* recordPull(_ctx: CoreContext, _input: ParsedInputOf<'mailchimp.recordPull'>): Query<{ unsubscribed: number }> {
  yield* [];
  throw notYet();
}
export function* recordDeleted(_ctx: CoreContext, _input: ParsedInputOf<'mailchimp.recordDeleted'>): Query<{ deleted: number }> {
  yield* [];
  throw notYet();
}
export function* finishRun(_ctx: CoreContext, _input: ParsedInputOf<'mailchimp.finishRun'>): Query<MailchimpRun> {
  yield* [];
  throw notYet();
}
