import { z } from 'zod';
import { id } from './common';
import { read, write } from './define';
import { settingsPatch } from './settings';
import { pin, staffName, type StaffRole } from './staff';

/** Who is signed in at this window. */
export interface SignedInMember {
  id: number;
  name: string;
  role: StaffRole;
  /** The counter locks itself after this many idle minutes; 0 never locks. */
  idleLockMinutes: number;
}

/** What the sign-in screen needs before anyone has signed in. */
export interface AuthStatus {
  /** First run: the owner has not chosen a PIN yet, so the app asks for one instead of signing in. */
  needsOwnerSetup: boolean;
  signedIn: SignedInMember | null;
  /** Everyone who can sign in, for the "who are you?" picker: names only. */
  members: { id: number; name: string; role: StaffRole }[];
  /** Set when the customer book failed its integrity check at opening: nothing is written until it is restored. */
  damaged: { message: string; newestBackup: { file: string; at: string } | null } | null;
}

/** What a shop needs before its first sale: the same fields, with the same rules, as Settings. */
export const shopSetup = settingsPatch.pick({ shopName: true, currency: true, phoneCountry: true, locale: true, timeZone: true }).required();

export const authMethods = {
  'auth.status': read<AuthStatus>()(z.object({}).strict().default({}), 'public'),
  /**
   * First run only (refused once an owner has a PIN): the owner names themselves and chooses a PIN,
   * and is signed in. With `shop`, the shop's name, country and formats are saved in the same step.
   */
  'auth.setupOwner': write<SignedInMember>()(z.object({ name: staffName, pin, shop: shopSetup.optional() }).strict(), 'public'),
  'auth.signIn': write<SignedInMember>()(z.object({ staffId: id, pin: z.string().max(64) }).strict(), 'public'),
  /** Signing out and locking are the same to the core: the window keeps who was last here. */
  'auth.signOut': write<null>()(z.object({}).strict().default({}), 'public'),
};
