/**
 * Expected failures of host handlers: thrown as HostFailure inside the host, turned into a
 * HostError value at the transport (dispatch.ts). Anything else thrown is a bug → INTERNAL.
 */
import type { HostError, HostErrorCode } from '../common/hostApi';

export class HostFailure extends Error {
  override readonly name = 'HostFailure';
  readonly error: HostError;
  constructor(code: HostErrorCode, message: string, extra: Omit<HostError, 'code' | 'message'> = {}) {
    super(message);
    this.error = { code, message, ...extra };
  }
}

export function fail(code: HostErrorCode, message: string, extra: Omit<HostError, 'code' | 'message'> = {}): never {
  throw new HostFailure(code, message, extra);
}

/** A caught value as a HostError. Bugs keep their message (never a secret: handlers never put one there). */
export function toHostError(error: unknown): HostError {
  if (error instanceof HostFailure) return error.error;
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'INTERNAL', message: `internal error in the host: ${message}` };
}
