import { customerStatuses, type MethodName } from '../../shared/contract';
import { formatDate } from '../../shared/format/time';
import { readSettings, type CoreContext } from '../context';
import { DomainError, notFound } from '../errors';
import { one, type Query } from '../query';
import type { customers } from '../schema';
import type { SqlRowOf } from '../sql-row';
import { fullName } from './rows';

/**
 * Every state a customer record can be in. Active and archived are a customer the shop knows;
 * merged and erased are for good: a merged record is the husk left when a duplicate was folded into
 * another customer, and an erased one keeps only what its anonymised sales need.
 */
export const customerStates = [...customerStatuses, 'merged', 'erased'] as const;
export type CustomerState = (typeof customerStates)[number];

/**
 * The one table of what may be done to a customer in each state, consulted by every rule that acts
 * on one customer. A method not listed here does not change a customer's record.
 */
export const allowedStates = {
  'customers.update': ['active', 'archived'],
  'customers.archive': ['active'],
  'customers.restore': ['archived'],
  'customers.merge': ['active', 'archived'],
  'customers.erase': ['active', 'archived'],
  'notes.add': ['active', 'archived'],
  'notes.edit': ['active', 'archived'],
  'notes.clearAlert': ['active', 'archived'],
  'notes.delete': ['active', 'archived'],
  'consent.set': ['active', 'archived'],
  'preferences.update': ['active', 'archived'],
  'sales.record': ['active'],
  // Voiding a mistake corrects revenue, which an erased customer's anonymised sales still count in;
  // it changes nothing about the person.
  'sales.void': ['active', 'archived', 'erased'],
  // An import updates a customer it matched, and its undo puts back what the import changed.
  'imports.commit': ['active', 'archived'],
  'imports.undo': ['active', 'archived'],
  'loyalty.adjust': ['active', 'archived'],
  'cards.issue': ['active', 'archived'],
} as const satisfies Partial<Record<MethodName, readonly CustomerState[]>>;
export type CustomerAction = keyof typeof allowedStates;

/** The moves between states, and the method that makes each: nothing leaves merged or erased. */
export const transitions: readonly { method: CustomerAction; from: CustomerState; to: CustomerState }[] = [
  { method: 'customers.archive', from: 'active', to: 'archived' },
  { method: 'customers.restore', from: 'archived', to: 'active' },
  // The record merged away; the one kept stays as it was.
  { method: 'customers.merge', from: 'active', to: 'merged' },
  { method: 'customers.merge', from: 'archived', to: 'merged' },
  { method: 'customers.erase', from: 'active', to: 'erased' },
  { method: 'customers.erase', from: 'archived', to: 'erased' },
];

type StateRow = Pick<SqlRowOf<typeof customers>, 'id' | 'first_name' | 'last_name' | 'status' | 'merged_into' | 'erased_at'>;

export function stateOf(row: Pick<StateRow, 'status' | 'merged_into' | 'erased_at'>): CustomerState {
  if (row.erased_at) return 'erased';
  if (row.merged_into != null) return 'merged';
  return row.status;
}

const whatItDoes: Record<CustomerAction, string> = {
  'customers.update': 'edited',
  'customers.archive': 'archived',
  'customers.restore': 'restored',
  'customers.merge': 'merged',
  'customers.erase': 'erased',
  'notes.add': 'given notes',
  'notes.edit': 'given notes',
  'notes.clearAlert': 'given notes',
  'notes.delete': 'changed',
  'consent.set': 'given consent',
  'preferences.update': 'given preferences',
  'sales.record': 'given sales',
  'sales.void': 'changed',
  'imports.commit': 'updated by an import',
  'imports.undo': 'changed by undoing an import',
  'loyalty.adjust': 'given points',
  'cards.issue': 'given a card',
};

function* refusal(ctx: CoreContext, row: StateRow, state: CustomerState, action: CustomerAction): Query<DomainError> {
  const name = fullName(row.first_name, row.last_name);
  if (state === 'erased') {
    const { locale, timeZone } = (yield* readSettings());
    return new DomainError('conflict', `This customer was erased on ${formatDate(row.erased_at!, locale, timeZone)}; their record can't be changed`);
  }
  if (state === 'merged') {
    const into = yield* one<Pick<StateRow, 'first_name' | 'last_name'>>('SELECT first_name, last_name FROM customers WHERE id = ?', [row.merged_into]);
    const survivor = into ? `${fullName(into.first_name, into.last_name)} (customer ${row.merged_into})` : `customer ${row.merged_into}`;
    return new DomainError('conflict', `${name} (customer ${row.id}) was merged into ${survivor}; their record can't be changed. Use ${survivor} instead`);
  }
  if (action === 'sales.record') return new DomainError('conflict', `${name} is archived: restore them before recording a sale`);
  if (action === 'customers.archive' || action === 'customers.restore') return new DomainError('conflict', `${name} is already ${state}`);
  return new DomainError('conflict', `${name} is ${state}, so their record can't be ${whatItDoes[action]}`);
}

/** The customer a method acts on, refused with a plain `conflict` unless the table allows the method in their state. */
export function* requireState(ctx: CoreContext, id: number, action: CustomerAction): Query<StateRow & { state: CustomerState }> {
  const row = yield* one<StateRow>('SELECT id, first_name, last_name, status, merged_into, erased_at FROM customers WHERE id = ?', [id]);
  if (!row) throw notFound(`Customer ${id}`);
  const state = stateOf(row);
  if (!(allowedStates[action] as readonly CustomerState[]).includes(state)) throw yield* refusal(ctx, row, state, action);
  return { ...row, state };
}
