import type { z } from 'zod';

/**
 * Who may call a method: anyone (the sign-in screen), any signed-in member of staff, or the owner
 * only. The core checks it on every call; finer rules (a sale voided by staff must be their own and
 * from today) live in the method's own rule.
 */
export type Access = 'public' | 'staff' | 'owner';

/**
 * A method of the contract: the zod schema its input must pass, whether it only reads
 * (so a host may route it to a reader connection), who may call it and, as a phantom type, what it returns.
 */
export interface MethodDef<I extends z.ZodType = z.ZodType, O = unknown> {
  readonly input: I;
  readonly kind: 'read' | 'write';
  readonly access: Access;
  readonly __output?: O;
}

export const read =
  <O>() =>
  <I extends z.ZodType>(input: I, access: Access = 'staff'): MethodDef<I, O> => ({ input, kind: 'read', access });

export const write =
  <O>() =>
  <I extends z.ZodType>(input: I, access: Access = 'staff'): MethodDef<I, O> => ({ input, kind: 'write', access });

/** Joins domain maps into one, refusing a method name defined twice (a silent overwrite would route calls to the wrong rule). */
export function joinDomains<T extends Record<string, MethodDef>[]>(...domains: T): UnionToIntersection<T[number]> {
  const all: Record<string, MethodDef> = {};
  for (const domain of domains) {
    for (const [name, def] of Object.entries(domain)) {
      if (name in all) throw new Error(`Contract method ${name} is defined twice`);
      all[name] = def;
    }
  }
  return all as UnionToIntersection<T[number]>;
}

type UnionToIntersection<U> = (U extends unknown ? (k: U) => void : never) extends (k: infer I) => void ? I : never;
