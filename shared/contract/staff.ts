import { z } from 'zod';
import { id } from './common';
import { read, write } from './define';

export const staffRoles = ['owner', 'staff'] as const;
export type StaffRole = (typeof staffRoles)[number];

export interface StaffMember {
  id: number;
  name: string;
  role: StaffRole;
  createdAt: string;
  /** False until the member has chosen a PIN: they cannot sign in yet. */
  hasPin: boolean;
  /** False for someone who left: their name stays on past records, but they cannot sign in. */
  active: boolean;
  /** ISO UTC while too many wrong PINs keep the member out. */
  lockedUntil: string | null;
}

/** 4 to 8 digits: short enough for a busy counter, hashed with scrypt and slowed down after wrong tries. */
export const pin = z
  .string({ error: 'The PIN must be 4 to 8 digits' })
  .regex(/^\d{4,8}$/, 'The PIN must be 4 to 8 digits');

export const staffName = z.string().trim().min(1, 'Give the member of staff a name').max(60, 'At most 60 characters');

export const staffMethods = {
  'staff.list': read<StaffMember[]>()(z.object({}).strict().default({}), 'owner'),
  'staff.add': write<StaffMember>()(z.object({ name: staffName, role: z.enum(staffRoles), pin }).strict(), 'owner'),
  'staff.update': write<StaffMember>()(
    z
      .object({
        id,
        patch: z.object({ name: staffName, role: z.enum(staffRoles), active: z.boolean() }).partial().strict(),
      })
      .strict(),
    'owner',
  ),
  /** The owner sets anyone's PIN (a forgotten PIN, a new starter); it also lifts a lockout. */
  'staff.setPin': write<StaffMember>()(z.object({ id, pin }).strict(), 'owner'),
};
