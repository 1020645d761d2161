import type { ParsedInputOf, Suppression, SuppressionPage } from '../../shared/contract';
import type { CoreContext } from '../context';
import { DomainError } from '../errors';
import type { Query } from '../query';

// Placeholder until the suppression list lands: every call is refused.
export function* listSuppressions(_ctx: CoreContext, _input: ParsedInputOf<'suppression.list'>): Query<SuppressionPage> {
  yield* [];
  throw new DomainError('internal', 'Not built yet');
}
export function* addSuppression(_ctx: CoreContext, _input: ParsedInputOf<'suppression.add'>): Query<Suppression> {
  yield* [];
  throw new DomainError('internal', 'Not built yet');
}
export function* removeSuppression(_ctx: CoreContext, _input: ParsedInputOf<'suppression.remove'>): Query<{ removed: Suppression; customerId: number | null }> {
  yield* [];
  throw new DomainError('internal', 'Not built yet');
}
