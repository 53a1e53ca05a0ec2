/** Errors cross every boundary (IPC, HTTP, command line) as data, never as thrown exceptions. */
export type ErrorCode =
  | 'invalid_input'
  | 'unknown_channel'
  | 'not_found'
  | 'conflict'
  | 'forbidden'
  | 'storage_failed'
  | 'journal_damaged'
  | 'internal';

export interface ApiErrorBody {
  code: ErrorCode;
  message: string;
  /** Field-level problems for invalid input: where, and what is wrong. */
  issues?: { path: string; message: string }[];
}

export type ApiResult<T> = { ok: true; value: T } | { ok: false; error: ApiErrorBody };

/** Thrown by handlers for an expected failure; dispatch turns it into a typed result. */
export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly issues?: ApiErrorBody['issues'],
  ) {
    super(message);
  }

  toBody(): ApiErrorBody {
    return this.issues ? { code: this.code, message: this.message, issues: this.issues } : { code: this.code, message: this.message };
  }
}

export function notFound(what: string, id: string): ApiError {
  return new ApiError('not_found', `No ${what} with id ${id} exists (it may have been deleted).`);
}
