import type { ErrorCode, ErrorInfo } from '../../../src-preload/contract';

/** A failure with a stable code and a plain-language cause and fix (see explain.ts). */
export class AppError extends Error {
  constructor(readonly info: ErrorInfo) {
    super(`${info.code}: ${info.cause}`);
    this.name = 'AppError';
  }
}

export function appError(code: ErrorCode, cause: string, fix: string, detail?: string): AppError {
  return new AppError(detail === undefined ? { code, cause, fix } : { code, cause, fix, detail });
}
