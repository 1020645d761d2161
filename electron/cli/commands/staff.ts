import { z } from 'zod';
import { staffRoles } from '../../../shared/contract';
import * as render from '../render';
import { command } from './command';
import { choice, positional, required, shown, wholeNumber } from './flags';

const pin = shown(required('--pin'), 'PIN');

export const staffCommands = [
  command({
    name: 'staff list',
    summary: 'Everyone who can sign in at the counter, with their role',
    flags: z.object({}),
    run: (ctx) => ctx.call('staff.list', {}),
    text: (staff) =>
      render.table(
        ['Id', 'Name', 'Role', 'PIN', 'Active', 'Locked until'],
        staff.map((m) => [String(m.id), m.name, m.role, m.hasPin ? 'set' : 'not set', m.active ? 'yes' : 'no', m.lockedUntil ?? '']),
        [0],
      ),
  }),

  command({
    name: 'staff add',
    summary: 'Add a member of staff (or another owner) with their PIN',
    args: ['name'],
    flags: z.object({ name: positional('name'), role: choice(staffRoles), pin }),
    run: (ctx, f) => ctx.call('staff.add', { name: f.name, role: f.role, pin: f.pin }),
    text: (m) => `Added ${m.name} (${m.role}, staff id ${m.id})`,
  }),

  command({
    name: 'staff pin',
    summary: 'Set a new PIN for a member of staff (a forgotten owner PIN too); lifts a lockout',
    args: ['id'],
    flags: z.object({ id: wholeNumber, pin }),
    run: (ctx, f) => ctx.call('staff.setPin', { id: f.id, pin: f.pin }),
    text: (m) => `New PIN set for ${m.name}`,
  }),
];
