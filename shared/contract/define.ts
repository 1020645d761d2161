import type { z } from 'zod';

/**
 * A method of the contract: the zod schema its input must pass, whether it only reads
 * (so a host may route it to a reader connection) and, as a phantom type, what it returns.
 */
export interface MethodDef<I extends z.ZodType = z.ZodType, O = unknown> {
  readonly input: I;
  readonly kind: 'read' | 'write';
  readonly __output?: O;
}

export const read =
  <O>() =>
  <I extends z.ZodType>(input: I): MethodDef<I, O> => ({ input, kind: 'read' });

export const write =
  <O>() =>
  <I extends z.ZodType>(input: I): MethodDef<I, O> => ({ input, kind: 'write' });

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
