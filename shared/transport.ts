import { z } from 'zod';
import { isMethodName, methods, type InputOf, type MethodName, type OutputOf, type ParsedInputOf, type Transport } from './contract';
import { err, type Result } from './result';

export type { Transport };

/**
 * A call that has passed its edge: the method is the contract's and the input its schema's. `input`
 * is what the caller sent, to be relayed onwards; `parsed` is what the schema made of it (defaults
 * filled in, text trimmed), for the rule that serves it.
 */
export interface Call<K extends MethodName = MethodName> {
  method: K;
  input: InputOf<K>;
  parsed: ParsedInputOf<K>;
}

/** A result as it crosses a channel that forgets types (IPC, HTTP, a worker's port). */
export type Reply = Result<OutputOf<MethodName>>;

/** Every zod failure in every host reads the same: the first problem as the message, each field's first problem in `fields`. */
export function validationError(error: z.ZodError) {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.join('.') || '_';
    fields[key] ??= issue.message;
  }
  const [first] = error.issues;
  const where = first.path.length > 0 ? `${first.path.join('.')}: ` : '';
  return err('validation', `${where}${first.message}`, { fields });
}

export const unknownMethod = (method: unknown) =>
  err('validation', `Unknown method: ${typeof method === 'string' ? method : typeof method}`);

/**
 * The one place where a call from outside (IPC, HTTP, a worker's port, a test's raw input) is read:
 * the method name against the contract, then, once `allow` has let the caller through (access before
 * input, so a refused caller learns nothing about what a valid call looks like), the input against
 * the method's schema. Every edge calls it, so every host answers a bad call alike.
 */
export function parseCall<K extends MethodName>(method: K, input: unknown, allow?: (method: K) => Result<null>): Result<Call<K>>;
export function parseCall(method: unknown, input: unknown, allow?: (method: MethodName) => Result<null>): Result<Call>;
export function parseCall(method: unknown, input: unknown, allow?: (method: MethodName) => Result<null>): Result<Call> {
  if (!isMethodName(method)) return unknownMethod(method);
  const allowed = allow?.(method);
  if (allowed && !allowed.ok) return allowed;
  const parsed = methods[method].input.safeParse(input ?? {});
  if (!parsed.success) return validationError(parsed.error);
  // The schema has just accepted `input`, so it is its method's input; zod's union of every
  // method's output is narrowed to this method's by the same check.
  return { ok: true, value: { method, input: input as InputOf<MethodName>, parsed: parsed.data as ParsedInputOf<MethodName> } };
}

const callBody = z.object({ method: z.string(), input: z.unknown().optional() }).strict();

/**
 * An HTTP request's body, `{ method, input }` as JSON, read as a call; null when it is not even
 * that shape (the dev host answers 400 then, and the checked call's own result otherwise).
 */
export function parseCallBody(text: string): Result<Call> | null {
  let body: z.infer<typeof callBody>;
  try {
    body = callBody.parse(JSON.parse(text));
  } catch {
    return null;
  }
  return parseCall(body.method, body.input);
}

/**
 * A reply restored to its method's output type after a channel that forgets types. The contract has
 * no output schemas: outputs are made by the core on the far side, from typed handlers, so the type
 * is given back here, in one place, rather than cast at every carrier.
 */
export const replyFor = <K extends MethodName>(_method: K, reply: Reply): Result<OutputOf<K>> => reply as Result<OutputOf<K>>;

/**
 * The part of `window.regulars` that is the same in Electron's preload and in the dev host's browser
 * bridge: an unknown method is answered here without a round trip, and a carrier that fails (IPC
 * torn down, the dev host gone) becomes an `internal` result, never a rejection.
 */
export function createBridge(
  send: <K extends MethodName>(method: K, input: InputOf<K>) => Promise<Reply>,
  unreachable: (error: Error) => string,
): Transport {
  return {
    call: async (method, input) => {
      if (!isMethodName(method)) return unknownMethod(method);
      try {
        return replyFor(method, await send(method, input));
      } catch (error) {
        return err('internal', unreachable(error instanceof Error ? error : new Error(String(error))));
      }
    },
  };
}
