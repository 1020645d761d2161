import { methods, type MethodName, type StaffRole } from '../shared/contract';
import { err, type Result } from '../shared/result';

/**
 * Who a call acts as. A member signed in at a window has their staff id; the command line acts as
 * the owner (whoever runs it holds the database file) with a label such as "command line (ama)".
 */
export interface Actor {
  id: number | null;
  role: StaffRole;
  /** Shown in the audit log when there is no staff id. */
  label?: string;
}

/** The one rule every host goes through, before any input is read: the method's access level against the actor's role. */
export function authorize(method: MethodName, actor: Actor | null): Result<null> {
  const access = methods[method].access;
  if (access === 'public') return { ok: true, value: null };
  if (!actor) return err('forbidden', 'Sign in first.');
  if (access === 'owner' && actor.role !== 'owner') return err('forbidden', 'Only the owner can do that. Ask the owner to sign in.');
  return { ok: true, value: null };
}

export const commandLineActor = (osUser: string): Actor => ({ id: null, role: 'owner', label: `command line (${osUser})` });
