import type { AuthStatus, ParsedInputOf, SignedInMember, StaffMember } from '../../shared/contract';
import { nowIso, readSettings, type CoreContext } from '../context';
import { DomainError, notFound } from '../errors';
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

const staffRow = (ctx: CoreContext, id: number) => ctx.prepare('SELECT * FROM staff WHERE id = ?').get(id) as StaffRow | undefined;

function requireStaff(ctx: CoreContext, id: number): StaffRow {
  const row = staffRow(ctx, id);
  if (!row) throw notFound(`Member of staff ${id}`);
  return row;
}

export function listStaff(ctx: CoreContext): StaffMember[] {
  return (ctx.prepare('SELECT * FROM staff ORDER BY active DESC, role, name COLLATE NOCASE').all() as StaffRow[]).map(toMember);
}

function refuseDuplicateName(ctx: CoreContext, name: string, exceptId: number | null) {
  const clash = ctx.prepare('SELECT id, name FROM staff WHERE active = 1 AND name = ? COLLATE NOCASE AND id IS NOT ?').get(name, exceptId) as
    | { id: number; name: string }
    | undefined;
  if (clash) {
    const message = `${clash.name} is already on the staff list: use another name so the sign-in screen can tell them apart`;
    throw new DomainError('conflict', message, { fields: { name: message }, existing: clash });
  }
}

export function addStaff(ctx: CoreContext, input: ParsedInputOf<'staff.add'>): StaffMember {
  refuseDuplicateName(ctx, input.name, null);
  const { lastInsertRowid } = ctx
    .prepare('INSERT INTO staff (name, role, created_at, pin_hash) VALUES (?, ?, ?, ?)')
    .run(input.name, input.role, nowIso(ctx), hashPin(input.pin));
  return toMember(requireStaff(ctx, Number(lastInsertRowid)));
}

/** Somebody must always be able to sign in as owner, or nobody could manage staff or restore a backup again. */
function refuseLosingLastOwner(ctx: CoreContext, row: StaffRow, patch: ParsedInputOf<'staff.update'>['patch']) {
  const stopsBeingOwner = row.role === 'owner' && row.active === 1 && (patch.role === 'staff' || patch.active === false);
  if (!stopsBeingOwner) return;
  const others = ctx.prepare("SELECT count(*) AS n FROM staff WHERE role = 'owner' AND active = 1 AND pin_hash IS NOT NULL AND id != ?").get(row.id) as { n: number };
  if (others.n === 0) throw new DomainError('conflict', `${row.name} is the only owner who can sign in: make someone else owner first`);
}

export function updateStaff(ctx: CoreContext, input: ParsedInputOf<'staff.update'>): StaffMember {
  const row = requireStaff(ctx, input.id);
  const { patch } = input;
  refuseLosingLastOwner(ctx, row, patch);
  if (patch.name !== undefined) refuseDuplicateName(ctx, patch.name, row.id);
  ctx
    .prepare('UPDATE staff SET name = ?, role = ?, active = ? WHERE id = ?')
    .run(patch.name ?? row.name, patch.role ?? row.role, (patch.active ?? row.active === 1) ? 1 : 0, row.id);
  return toMember(requireStaff(ctx, row.id));
}

export function setStaffPin(ctx: CoreContext, input: ParsedInputOf<'staff.setPin'>): StaffMember {
  requireStaff(ctx, input.id);
  ctx.prepare('UPDATE staff SET pin_hash = ?, failed_attempts = 0, locked_until = NULL WHERE id = ?').run(hashPin(input.pin), input.id);
  return toMember(requireStaff(ctx, input.id));
}

const signedIn = (ctx: CoreContext, row: StaffRow): SignedInMember => ({
  id: row.id,
  name: row.name,
  role: row.role,
  idleLockMinutes: readSettings(ctx).idleLockMinutes,
});

const ownerNeedsSetup = (ctx: CoreContext) =>
  !ctx.prepare("SELECT 1 FROM staff WHERE role = 'owner' AND active = 1 AND pin_hash IS NOT NULL").get();

export function authStatus(ctx: CoreContext): AuthStatus {
  const me = ctx.actorId !== null ? staffRow(ctx, ctx.actorId) : undefined;
  return {
    needsOwnerSetup: ownerNeedsSetup(ctx),
    signedIn: me && me.active === 1 ? signedIn(ctx, me) : null,
    members: (ctx.prepare('SELECT id, name, role FROM staff WHERE active = 1 AND pin_hash IS NOT NULL ORDER BY role, name COLLATE NOCASE').all() as AuthStatus['members']),
    damaged: null,
  };
}

/**
 * First run: the owner row made at first open gets its name and PIN, and the shop its settings when
 * given. Refused once any owner has a PIN, so nobody signed out can rename the shop or its currency.
 * The core runs it as one transaction: a refused setting leaves the owner unset too.
 */
export function setupOwner(ctx: CoreContext, input: ParsedInputOf<'auth.setupOwner'>): SignedInMember {
  if (!ownerNeedsSetup(ctx)) throw new DomainError('conflict', 'The owner has already chosen a PIN: sign in instead');
  if (input.shop) updateSettings(ctx, input.shop);
  const owner = ctx.prepare("SELECT * FROM staff WHERE role = 'owner' ORDER BY id LIMIT 1").get() as StaffRow;
  ctx.prepare('UPDATE staff SET name = ?, pin_hash = ?, active = 1, failed_attempts = 0, locked_until = NULL WHERE id = ?').run(input.name, hashPin(input.pin), owner.id);
  return signedIn(ctx, requireStaff(ctx, owner.id));
}

const waitText = (seconds: number) => (seconds >= 60 ? `${Math.ceil(seconds / 60)} minute${seconds > 60 ? 's' : ''}` : `${seconds} seconds`);

export function signIn(ctx: CoreContext, input: ParsedInputOf<'auth.signIn'>): SignedInMember | CommittedRefusal {
  const row = staffRow(ctx, input.staffId);
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
    ctx.prepare('UPDATE staff SET failed_attempts = ?, locked_until = ? WHERE id = ?').run(failed, lockedUntil, row.id);
    return new CommittedRefusal('forbidden', wait > 0 ? `Wrong PIN. Wait ${waitText(wait)} before trying again.` : 'Wrong PIN. Try again.');
  }
  if (row.failed_attempts > 0 || row.locked_until) ctx.prepare('UPDATE staff SET failed_attempts = 0, locked_until = NULL WHERE id = ?').run(row.id);
  return signedIn(ctx, row);
}
