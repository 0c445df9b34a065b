/** The identity check before any change (issue "One-click apply"; aliyun-api.md §7.4). */
import { CloudError, normaliseLong, type CloudClient } from '../client';
import type { CallOptions } from '../client';

export interface CallerIdentity {
  /** The main-account UID the credentials act in (as decimal text). */
  readonly accountId: string;
  /** The caller's ARN, e.g. `acs:ram::1231579085529123:user/ops` (not a secret). */
  readonly arn: string;
  readonly identityType?: string;
}

/**
 * Asks STS GetCallerIdentity who the client's credentials are and compares the account with
 * `expectedAccountId`. On a mismatch rejects with CloudError `IDENTITY_MISMATCH` naming both IDs
 * and the credential source (`source`, default the client's credentialsDescription).
 */
export async function verifyCallerIdentity(
  client: CloudClient,
  expectedAccountId: string,
  source?: string,
  options?: CallOptions,
): Promise<CallerIdentity> {
  const response = await client.call('sts', '', 'GetCallerIdentity', {}, options);
  const accountId = normaliseLong(response.AccountId);
  const arn = typeof response.Arn === 'string' ? response.Arn : '';
  const from = source ?? client.credentialsDescription ?? 'the credentials';
  if (accountId === '') {
    throw new CloudError({
      code: 'UNEXPECTED_RESPONSE',
      action: 'GetCallerIdentity',
      message: `GetCallerIdentity for ${from} returned no AccountId`,
    });
  }
  if (accountId !== expectedAccountId) {
    throw new CloudError({
      code: 'IDENTITY_MISMATCH',
      action: 'GetCallerIdentity',
      message:
        `${from} belongs to account ${accountId}${arn ? ` (${arn})` : ''}, but the document says account ${expectedAccountId}; nothing was changed. ` +
        `Use the profile of account ${expectedAccountId} (accounts[].profile) or correct accounts[].accountId.`,
      ...(typeof response.RequestId === 'string' ? { requestId: response.RequestId } : {}),
    });
  }
  return {
    accountId,
    arn,
    ...(typeof response.IdentityType === 'string' ? { identityType: response.IdentityType } : {}),
  };
}
