import type { StaffMember } from '../../shared/contract';
import type { CoreContext } from '../context';

export function listStaff(ctx: CoreContext): StaffMember[] {
  return (ctx.prepare('SELECT id, name, role, created_at FROM staff ORDER BY id').all() as {
    id: number;
    name: string;
    role: StaffMember['role'];
    created_at: string;
  }[]).map((r) => ({ id: r.id, name: r.name, role: r.role, createdAt: r.created_at }));
}
