import { z } from 'zod';
import { id, isoDateTime } from './common';
import { read } from './define';

export const auditEntityTypes = ['customer', 'sale', 'note', 'staff', 'settings', 'import', 'segment', 'backup', 'export'] as const;
export type AuditEntityType = (typeof auditEntityTypes)[number];

export interface AuditChange {
  field: string;
  /** JSON values as they were and became; null after the customer they belong to was erased. */
  before: unknown;
  after: unknown;
}

export interface AuditEntry {
  id: number;
  at: string;
  /** A member of staff, or a label such as "command line (ama)". */
  actor: { id: number | null; name: string };
  method: string;
  entityType: AuditEntityType | null;
  entityId: number | null;
  details: Record<string, unknown>;
  changes: AuditChange[];
}

export interface AuditPage {
  entries: AuditEntry[];
  /** Pass as `beforeId` for the next (older) page; null at the oldest entry. */
  nextBeforeId: number | null;
}

export const auditListInput = z
  .object({
    actorId: id.optional(),
    entityType: z.enum(auditEntityTypes).optional(),
    entityId: id.optional(),
    /** Inclusive ISO bounds. */
    from: isoDateTime.optional(),
    to: isoDateTime.optional(),
    beforeId: id.optional(),
    limit: z.number().int().min(1).max(500).default(100),
  })
  .strict()
  .default({ limit: 100 });

export const auditMethods = {
  'audit.list': read<AuditPage>()(auditListInput, 'owner'),
};
