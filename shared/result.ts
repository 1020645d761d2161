/** The few stable error codes that may cross any boundary (IPC, HTTP, CLI exit codes). */
export const errorCodes = ['validation', 'not_found', 'conflict', 'forbidden', 'internal'] as const;
export type ErrorCode = (typeof errorCodes)[number];

export interface AppError {
  code: ErrorCode;
  message: string;
  /** Field path -> message, for validation errors a form can show inline. */
  fields?: Record<string, string>;
  /** For conflicts: the record that already holds the value. */
  existing?: { id: number; name: string };
  /** The shared book could not be reached: nothing is wrong with the call, and it may be sent again later. */
  unreachable?: true;
}

export type Ok<T> = { ok: true; value: T };
export type Err = { ok: false; error: AppError };
export type Result<T> = Ok<T> | Err;

export const ok = <T>(value: T): Ok<T> => ({ ok: true, value });
export const err = (code: ErrorCode, message: string, extra: Omit<AppError, 'code' | 'message'> = {}): Err => ({
  ok: false,
  error: { code, message, ...extra },
});
