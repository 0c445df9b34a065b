/**
 * vpclink's own cloud-side error codes (UPPER_SNAKE_CASE; design.md §4.6). API codes such as
 * `Throttling.User` are Alibaba's and documented by Alibaba; these are ours. One catalogue for
 * cloud/client, cloud/credentials and cloud/import (the README table is generated from it).
 */
import { CloudError } from '../client';

export const CLOUD_ERROR_CODES = {
  // credentials and identity
  CREDENTIALS_NOT_FOUND: {
    summary:
      'No credentials were found for an account: no profile named in the document or after the account ID, and no access key in the environment.',
    fix: 'Add a profile named after the account ID to the profiles file (or set accounts[].profile), or export ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET.',
  },
  PROFILE_NOT_FOUND: {
    summary:
      'The document (accounts[].profile) or ALIBABA_CLOUD_PROFILE names a profile that the profiles file does not contain.',
    fix: 'Fix the profile name, pass the right file with --profiles, or create the profile with `aliyun configure --profile NAME`.',
  },
  PROFILE_EXISTS: {
    summary: 'Storing an AccessKey as an aliyun CLI profile was refused: a profile of that name already exists.',
    fix: 'Choose another profile name; vpclink never overwrites an existing profile unasked.',
  },
  PROFILE_MODE_UNSUPPORTED: {
    summary:
      'The profile uses a credential mode vpclink does not support (supported: AK, StsToken, RamRoleArn, ChainableRamRoleArn).',
    fix: 'Use an AK, StsToken, RamRoleArn or ChainableRamRoleArn profile for this account.',
  },
  PROFILE_INCOMPLETE: {
    summary:
      'The profile lacks a field its mode needs (e.g. access_key_secret, sts_token, ram_role_arn, source_profile).',
    fix: 'Complete the profile with `aliyun configure --profile NAME --mode MODE`, or set the named field in the profiles file.',
  },
  PROFILE_CHAIN_LOOP: {
    summary: 'ChainableRamRoleArn profiles refer to each other in a loop through source_profile.',
    fix: 'Make the chain end in an AK, StsToken or RamRoleArn profile.',
  },
  PROFILES_FILE_UNREADABLE: {
    summary: 'The aliyun CLI profiles file could not be read (missing, a directory, or no permission).',
    fix: 'Check the path given with --profiles (default ~/.aliyun/config.json) and its permissions.',
  },
  PROFILES_FILE_INVALID: {
    summary: 'The profiles file is not valid JSON or not in the aliyun CLI format ({ "profiles": [ … ] }).',
    fix: 'Repair the file (the message gives the line and column), or recreate it with `aliyun configure`.',
  },
  CREDENTIALS_UNAVAILABLE: {
    summary: 'The credential source failed while producing keys (for example an AssumeRole call was refused).',
    fix: "Read the cause in the message; check the base keys and the role's trust policy.",
  },
  IDENTITY_MISMATCH: {
    summary:
      'The credentials belong to a different Alibaba Cloud account than the document says (STS GetCallerIdentity). Nothing was changed.',
    fix: 'Use the profile of the account named in the document (accounts[].profile), or correct accounts[].accountId.',
  },
  // transport and protocol (cloud/client)
  INVALID_ENDPOINT: {
    summary: 'The --endpoint value is not an http:// or https:// URL.',
    fix: 'Pass e.g. --endpoint http://127.0.0.1:8080.',
  },
  INVALID_SIGNATURE_OPTION: {
    summary: 'VPCLINK_SIGNATURE names a signature version vpclink does not know.',
    fix: 'Unset VPCLINK_SIGNATURE (Signature V3, the default) or set it to v2 for the legacy HMAC-SHA1 signature.',
  },
  INVALID_CALL: {
    summary: 'A call was built with parameters the client cannot send (a bug in vpclink, or a malformed region ID).',
    fix: 'Check the region IDs; otherwise report the bug with the message.',
  },
  CLIENT_CLOSED: { summary: 'A call was made on a closed client (a bug in vpclink).', fix: 'Report the bug.' },
  ABORTED: {
    summary: 'The call was cancelled (Ctrl-C or a closed window).',
    fix: 'Run the command again; check the cloud state first if the call may have taken effect.',
  },
  REQUEST_TIMEOUT: {
    summary: 'No response in time; the call may or may not have taken effect.',
    fix: 'Retry (with the same ClientToken); raise the timeout on a slow network.',
  },
  CONNECTION_REFUSED: {
    summary: 'Nothing listens at the endpoint.',
    fix: 'Check --endpoint (is the sandbox running?) or the network.',
  },
  CONNECTION_LOST: {
    summary: 'The connection broke before the response arrived; the call may or may not have taken effect.',
    fix: 'Retry (with the same ClientToken).',
  },
  ENDPOINT_NOT_FOUND: {
    summary: 'The endpoint host name does not resolve (often a wrong region ID).',
    fix: 'Check the region IDs in the document and --endpoint.',
  },
  DNS_TEMPORARY_FAILURE: { summary: 'Temporary DNS failure.', fix: 'Retry; check the network.' },
  NETWORK_UNREACHABLE: {
    summary: 'The network to the endpoint is unreachable.',
    fix: 'Check the network and proxy settings.',
  },
  NON_JSON_RESPONSE: {
    summary: 'The endpoint answered with something that is not JSON (usually a gateway error page).',
    fix: 'Retry later; check --endpoint points at an Alibaba Cloud OpenAPI endpoint.',
  },
  HTTP_ERROR: {
    summary: 'An HTTP error status without an API error code.',
    fix: 'Retry later for 5xx; check --endpoint for 4xx.',
  },
  UNEXPECTED_RESPONSE: {
    summary: 'A response did not have the documented shape.',
    fix: 'Report it with the action name; the API may have changed.',
  },
  UNEXPECTED_ERROR: {
    summary: 'An error vpclink does not recognise came from the HTTP stack.',
    fix: 'Report it with the message.',
  },
  PAGINATION_LOOP: {
    summary: 'A Describe* listing did not end (the same NextToken twice, or too many pages).',
    fix: 'Report it with the action name.',
  },
} as const satisfies Record<string, { readonly summary: string; readonly fix: string }>;

export type CloudErrorCode = keyof typeof CLOUD_ERROR_CODES;

/**
 * Codes that mean the user's input is wrong (a profile, a file, the account/credential pairing, an
 * endpoint URL), not that the cloud refused: CLI commands exit 2 on them rather than 1.
 */
export const INPUT_ERROR_CODES: ReadonlySet<CloudErrorCode> = new Set<CloudErrorCode>([
  'CREDENTIALS_NOT_FOUND',
  'PROFILE_NOT_FOUND',
  'PROFILE_MODE_UNSUPPORTED',
  'PROFILE_INCOMPLETE',
  'PROFILE_CHAIN_LOOP',
  'PROFILES_FILE_UNREADABLE',
  'PROFILES_FILE_INVALID',
  'IDENTITY_MISMATCH',
  'INVALID_ENDPOINT',
]);

/** True for a CloudError whose code is in INPUT_ERROR_CODES (exit 2 in the CLI). */
export function isInputError(error: unknown): boolean {
  return error instanceof CloudError && (INPUT_ERROR_CODES as ReadonlySet<string>).has(error.code);
}

/** A non-retryable CloudError with one of our codes, for problems found before or outside a call. */
export function credentialsError(code: CloudErrorCode, message: string, action = ''): CloudError {
  return new CloudError({ code, message, action, retryable: false, ambiguous: false });
}
