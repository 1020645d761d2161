import { err, type AppError, type ErrorCode, type Result } from '../shared/result';

/** A rule the core refuses: becomes an `{ ok: false }` result at the contract's edge, never a thrown error across a boundary. */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly extra: Omit<AppError, 'code' | 'message'> = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const notFound = (what: string) => new DomainError('not_found', `${what} was not found`);
export const invalid = (field: string, message: string) => new DomainError('validation', message, { fields: { [field]: message } });

/**
 * What a failed call says. A rule's refusal says what it says; a clash with a constraint of the
 * book's (each engine knows its own: `clashesWithConstraint`) is a conflict; anything else is
 * reported and answered with a stable `internal`.
 */
export function failureOf(error: unknown, clashesWithConstraint: (error: unknown) => boolean, report: (error: Error) => void): Result<never> {
  if (error instanceof DomainError) return err(error.code, error.message, error.extra);
  if (clashesWithConstraint(error)) return err('conflict', `That change clashes with data already saved (${error instanceof Error ? error.message : ''})`);
  report(error instanceof Error ? error : new Error(String(error)));
  return err('internal', 'Something went wrong inside Regulars; nothing was saved. Please try again.');
}
