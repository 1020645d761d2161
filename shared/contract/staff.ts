import { z } from 'zod';
import { read } from './define';

export const staffRoles = ['owner', 'staff'] as const;
export type StaffRole = (typeof staffRoles)[number];

export interface StaffMember {
  id: number;
  name: string;
  role: StaffRole;
  createdAt: string;
}

export const staffMethods = {
  'staff.list': read<StaffMember[]>()(z.object({}).strict().default({})),
};
