/**
 * How a failure reaches the renderer: a HostError with a code the UI knows (CREDENTIALS_MISSING,
 * CLOUD_ERROR with the cloud's own code and request ID, RUN_IN_PROGRESS …), never a stack.
 */
import { ApplyError } from '../../cloud/apply';
import { CloudError } from '../../cloud/client';
import type { HostError } from '../common/hostApi';
import { HostFailure } from './errors';

export function cloudHostError(error: unknown): HostError {
  if (error instanceof HostFailure) return error.error;
  if (error instanceof CloudError) {
    const missing = [
      'CREDENTIALS_NOT_FOUND',
      'PROFILE_NOT_FOUND',
      'PROFILE_INCOMPLETE',
      'PROFILE_MODE_UNSUPPORTED',
      'PROFILES_FILE_UNREADABLE',
      'PROFILES_FILE_INVALID',
    ];
    return {
      code: missing.includes(error.code) ? 'CREDENTIALS_MISSING' : 'CLOUD_ERROR',
      message: error.message,
      cloudCode: error.code,
      retryable: error.retryable,
      ...(error.requestId ? { requestId: error.requestId } : {}),
    };
  }
  if (error instanceof ApplyError)
    return {
      // Another run (the CLI, another window) holds the journal lock: the same answer as a run in this host.
      code: error.code === 'JOURNAL_LOCKED' ? 'RUN_IN_PROGRESS' : 'RUN_STATE_CONFLICT',
      message: error.message,
      cloudCode: error.code,
    };
  return { code: 'INTERNAL', message: `internal error: ${error instanceof Error ? error.message : String(error)}` };
}
