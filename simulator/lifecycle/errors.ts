/**
 * The Alibaba Cloud error codes the router-interface, route-entry and security-group rules refuse
 * with, with the HTTP status the API answers them with (aliyun-api.md §1.7, §3.4–§3.6, §4.2, §5.4).
 * One catalogue for the sandbox, which sends them on the wire, and for anything that judges a call
 * before it is made. Codes are the API's own spelling, typos included.
 */

export interface CloudError {
  /** The API's error code, e.g. `IncorrectRIStatus`. */
  readonly code: string;
  /** HTTP status the API answers with. */
  readonly httpStatus: number;
  readonly message: string;
}

export function cloudError(code: string, httpStatus: number, message: string): CloudError {
  return { code, httpStatus, message };
}

/** Result of a rule check: nothing wrong, or the error the cloud would answer. */
export type RuleCheck = { readonly kind: 'ok' } | { readonly kind: 'refused'; readonly error: CloudError };

export const OK: RuleCheck = { kind: 'ok' };

export function refused(code: string, httpStatus: number, message: string): RuleCheck {
  return { kind: 'refused', error: cloudError(code, httpStatus, message) };
}
