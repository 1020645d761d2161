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
  /** A write a till keeps in its outbox while the shared book is out of reach (`keptWrite`): what the counter calls one. */
  readonly keptAs?: OutboxKind;
  readonly __output?: O;
}

/** What a till's outbox holds (db/outbox.ts): sales and notes, the things typed at the counter that must not be lost. */
export const outboxKinds = ['sale', 'note'] as const;
export type OutboxKind = (typeof outboxKinds)[number];

/** How many of each kind wait in a till's outbox to be sent. */
export type OutboxWaiting = Record<`${OutboxKind}s`, number>;

/**
 * The answer to a kept write that could not reach the shared book: it is safe on this PC, under the
 * id the till gave it (`ref`), and will be sent, once, when the book answers again. Not yet in the
 * book, so it has no id there, and nothing read from the book shows it.
 */
export interface QueuedWrite<Kind extends OutboxKind = OutboxKind> {
  queued: true;
  kind: Kind;
  ref: string;
  queuedAt: string;
  /** Everything waiting at this till now, this one included. */
  waiting: OutboxWaiting;
}

export const read =
  <O>() =>
  <I extends z.ZodType>(input: I, access: Access = 'staff'): MethodDef<I, O> => ({ input, kind: 'read', access });

export const write =
  <O>() =>
  <I extends z.ZodType>(input: I, access: Access = 'staff'): MethodDef<I, O> => ({ input, kind: 'write', access });

/**
 * A write a till may keep in its outbox while the shared book is out of reach (`kind`: what it
 * keeps): its input carries the till's `ref`, which the book takes once, and its answer may be the
 * queued one instead of the book's.
 */
export const keptWrite =
  <O>() =>
  <Kind extends OutboxKind, I extends z.ZodType>(keptAs: Kind, input: I, access: Access = 'staff'): MethodDef<I, O | QueuedWrite<Kind>> => ({ input, kind: 'write', access, keptAs });

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
