import type { AuthStatus, ParsedInputOf, SignedInMember, StaffMember } from '../../shared/contract';
import { nowIso, readSettings, type CoreContext } from '../context';
import { DomainError, notFound } from '../errors';
import { all, insert, one, run, value, type Query } from '../query';
import type { staff } from '../schema';
import type { SqlRowOf } from '../sql-row';
import { updateSettings } from '../settings/service';
import { hashPin, lockoutSeconds, verifyPin } from './pin';

/** `active` is a boolean in drizzle's mode, stored as 0 or 1, and `SELECT *` reads it raw. */
type StaffRow = Omit<SqlRowOf<typeof staff>, 'active'> & { active: number };

/**
 * A refusal whose side effects must still be kept: a wrong PIN is refused, and the count of wrong
 * PINs (and the lockout it leads to) must be saved all the same. The core commits, then refuses.
 */
export class CommittedRefusal {
  constructor(
    readonly code: 'forbidden' | 'not_found',
    readonly message: string,
  ) {}
}

const toMember = (r: StaffRow): StaffMember => ({
  id: r.id,
  name: r.name,
  role: r.role,
  createdAt: r.created_at,
  hasPin: r.pin_hash !== null,
  active: r.active === 1,
  lockedUntil: r.locked_until,
});

const staffRow = (id: number) => one<StaffRow>('SELECT * FROM staff WHERE id = ?', [id]);

function* requireStaff(id: number): Query<StaffRow> {
  const row = yield* staffRow(id);
  if (!row) throw notFound(`Member of staff ${id}`);
  return row;
}

export function* listStaff(ctx: CoreContext): Query<StaffMember[]> {
  return (yield* all<StaffRow>(`SELECT * FROM staff ORDER BY active DESC, role, ${ctx.dialect.nocase('name')}`)).map(toMember);
}

function* refuseDuplicateName(ctx: CoreContext, name: string, exceptId: number | null): Query<void> {
  const d = ctx.dialect;
  const clash = yield* one<{ id: number; name: string }>(
    `SELECT id, name FROM staff WHERE active = 1 AND ${d.nocase('name')} = ${d.nocase('?')} AND id IS DISTINCT FROM ?`,
    [name, exceptId],
  );
  if (clash) {
    const message = `${clash.name} is already on the staff list: use another name so the sign-in screen can tell them apart`;
    throw new DomainError('conflict', message, { fields: { name: message }, existing: clash });
  }
}

export function* addStaff(ctx: CoreContext, input: ParsedInputOf<'staff.add'>): Query<StaffMember> {
  yield* refuseDuplicateName(ctx, input.name, null);
  const id = yield* insert('INSERT INTO staff (name, role, created_at, pin_hash) VALUES (?, ?, ?, ?)', [
    input.name,
    input.role,
    nowIso(ctx),
    hashPin(input.pin),
  ]);
  return toMember(yield* requireStaff(id));
}

/** Somebody must always be able to sign in as owner, or nobody could manage staff or restore a backup again. */
function* refuseLosingLastOwner(row: StaffRow, patch: ParsedInputOf<'staff.update'>['patch']): Query<void> {
  const stopsBeingOwner = row.role === 'owner' && row.active === 1 && (patch.role === 'staff' || patch.active === false);
  if (!stopsBeingOwner) return;
  const others = yield* value<number>("SELECT count(*) AS n FROM staff WHERE role = 'owner' AND active = 1 AND pin_hash IS NOT NULL AND id != ?", [row.id]);
  if (others === 0) throw new DomainError('conflict', `${row.name} is the only owner who can sign in: make someone else owner first`);
}

export function* updateStaff(ctx: CoreContext, input: ParsedInputOf<'staff.update'>): Query<StaffMember> {
  const row = yield* requireStaff(input.id);
  const { patch } = input;
  yield* refuseLosingLastOwner(row, patch);
  if (patch.name !== undefined) yield* refuseDuplicateName(ctx, patch.name, row.id);
  yield* run('UPDATE staff SET name = ?, role = ?, active = ? WHERE id = ?', [
    patch.name ?? row.name,
    patch.role ?? row.role,
    (patch.active ?? row.active === 1) ? 1 : 0,
    row.id,
  ]);
  return toMember(yield* requireStaff(row.id));
}

export function* setStaffPin(_ctx: CoreContext, input: ParsedInputOf<'staff.setPin'>): Query<StaffMember> {
  yield* requireStaff(input.id);
  yield* run('UPDATE staff SET pin_hash = ?, failed_attempts = 0, locked_until = NULL WHERE id = ?', [hashPin(input.pin), input.id]);
  return toMember(yield* requireStaff(input.id));
}

function* signedIn(row: StaffRow): Query<SignedInMember> {
  return {
    id: row.id,
    name: row.name,
    role: row.role,
    idleLockMinutes: (yield* readSettings()).idleLockMinutes,
  };
}

function* ownerNeedsSetup(): Query<boolean> {
  return !(yield* one("SELECT 1 FROM staff WHERE role = 'owner' AND active = 1 AND pin_hash IS NOT NULL"));
}

export function* authStatus(ctx: CoreContext): Query<AuthStatus> {
  const me = ctx.actorId !== null ? yield* staffRow(ctx.actorId) : undefined;
  return {
    needsOwnerSetup: yield* ownerNeedsSetup(),
    signedIn: me && me.active === 1 ? yield* signedIn(me) : null,
    members: yield* all<AuthStatus['members'][number]>(
      `SELECT id, name, role FROM staff WHERE active = 1 AND pin_hash IS NOT NULL ORDER BY role, ${ctx.dialect.nocase('name')}`,
    ),
    damaged: null,
  };
}

/**
 * First run: the owner row made at first open gets its name and PIN, and the shop its settings when
 * given. Refused once any owner has a PIN, so nobody signed out can rename the shop or its currency.
 * The core runs it as one transaction: a refused setting leaves the owner unset too.
 */
export function* setupOwner(ctx: CoreContext, input: ParsedInputOf<'auth.setupOwner'>): Query<SignedInMember> {
  if (!(yield* ownerNeedsSetup())) throw new DomainError('conflict', 'The owner has already chosen a PIN: sign in instead');
  if (input.shop) yield* updateSettings(ctx, input.shop);
  const owner = (yield* one<StaffRow>("SELECT * FROM staff WHERE role = 'owner' ORDER BY id LIMIT 1"))!;
  yield* run('UPDATE staff SET name = ?, pin_hash = ?, active = 1, failed_attempts = 0, locked_until = NULL WHERE id = ?', [input.name, hashPin(input.pin), owner.id]);
  return yield* signedIn(yield* requireStaff(owner.id));
}

const waitText = (seconds: number) => (seconds >= 60 ? `${Math.ceil(seconds / 60)} minute${seconds > 60 ? 's' : ''}` : `${seconds} seconds`);

export function* signIn(ctx: CoreContext, input: ParsedInputOf<'auth.signIn'>): Query<SignedInMember | CommittedRefusal> {
  const row = yield* staffRow(input.staffId);
  if (!row || row.active !== 1 || row.pin_hash === null) return new CommittedRefusal('not_found', 'Pick your name from the list');
  const now = ctx.now();
  if (row.locked_until && new Date(row.locked_until) > now) {
    const seconds = Math.ceil((new Date(row.locked_until).getTime() - now.getTime()) / 1000);
    return new CommittedRefusal('forbidden', `Too many wrong PINs. Try again in ${waitText(seconds)}, or ask the owner to reset your PIN.`);
  }
  if (!verifyPin(input.pin, row.pin_hash)) {
    const failed = row.failed_attempts + 1;
    const wait = lockoutSeconds(failed);
    const lockedUntil = wait > 0 ? new Date(now.getTime() + wait * 1000).toISOString() : null;
    yield* run('UPDATE staff SET failed_attempts = ?, locked_until = ? WHERE id = ?', [failed, lockedUntil, row.id]);
    return new CommittedRefusal('forbidden', wait > 0 ? `Wrong PIN. Wait ${waitText(wait)} before trying again.` : 'Wrong PIN. Try again.');
  }
  if (row.failed_attempts > 0 || row.locked_until) yield* run('UPDATE staff SET failed_attempts = 0, locked_until = NULL WHERE id = ?', [row.id]);
  return yield* signedIn(row);
}
