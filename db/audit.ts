import type { MethodName } from '../shared/contract';
import { nowIso, type CoreContext } from './context';

type Loose = Record<string, unknown> | null | undefined;

const asRecord = (value: unknown): Loose => (value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null);

/** Which customer (or sale, note…) a write was about, from its input or its result. */
function entityOf(input: Loose, output: Loose): number | null {
  for (const candidate of [input?.id, input?.customerId, input?.keepId, asRecord(output?.customer)?.id, output?.id, output?.customerId, output?.batchId]) {
    if (typeof candidate === 'number') return candidate;
  }
  return null;
}

/** What to keep about a write: field names and counts, never the personal values themselves. */
function detailsOf(method: MethodName, input: Loose, output: Loose): Record<string, unknown> {
  if (method.startsWith('exports.')) {
    return { segment: input?.segment ?? null, format: input?.format ?? null, rows: output?.exported ?? output?.rows ?? (output?.customer ? 1 : null) };
  }
  const patch = asRecord(input?.patch) ?? asRecord(input?.newCustomer);
  return { fields: Object.keys(patch ?? input ?? {}).filter((key) => key !== 'contentBase64') };
}

/** Appends one entry, in the write's own transaction: the entry and the change land together or not at all. */
export function recordAudit(ctx: CoreContext, method: MethodName, input: unknown, output: unknown): void {
  const inputRecord = asRecord(input);
  const outputRecord = asRecord(output);
  ctx
    .prepare('INSERT INTO audit_log (at, actor_id, method, entity_id, details) VALUES (?, ?, ?, ?, ?)')
    .run(nowIso(ctx), ctx.actorId, method, entityOf(inputRecord, outputRecord), JSON.stringify(detailsOf(method, inputRecord, outputRecord)));
}
