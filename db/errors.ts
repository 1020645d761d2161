import type { AppError, ErrorCode } from '../shared/result';

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
