/** Credential providers: fixed keys, and STS AssumeRole through cloud/client (aliyun-api.md §7.4). */
import { CloudError, createCloudClient, type CloudTarget, type CredentialProvider, type Credentials } from '../client';

/** A provider for keys known up front (AK and StsToken profiles, environment variables). */
export function staticProvider(credentials: Credentials, description: string): CredentialProvider {
  const frozen = Object.freeze({ ...credentials });
  return { description, getCredentials: async () => frozen };
}

export interface AssumeRoleOptions {
  /** The identity that assumes the role. */
  readonly base: CredentialProvider;
  /** `acs:ram::<accountId>:role/<name>`. */
  readonly roleArn: string;
  /** RoleSessionName; default `vpclink-<epoch ms>`. */
  readonly sessionName?: string;
  readonly externalId?: string;
  /** DurationSeconds: 900 … the role's maximum; default 3600 (§7.4). */
  readonly durationSeconds?: number;
  /** `sts_region` of a profile: use `sts.<region>.aliyuncs.com`; default the central endpoint. */
  readonly stsRegion?: string;
  /** Where the STS call goes: the same target as the work (so a sandbox endpoint works). */
  readonly target: CloudTarget;
  readonly timeoutMs?: number;
  /** What to call this source in messages, e.g. `aliyun CLI profile 'b' (RamRoleArn)`. */
  readonly description: string;
}

/** Refresh this long before the temporary keys expire. */
const REFRESH_MARGIN_MS = 5 * 60_000;

/**
 * Temporary keys from STS AssumeRole, fetched on first use and again shortly before they expire.
 * AssumeRole goes through cloud/client (Signature V3 by default) against `target`:
 * @alicloud/credentials 2.4.7's RAM-role provider hard-codes `https` (providers/ram_role_arn.js)
 * and signs with V2 itself, so it cannot reach a loopback sandbox (§7.2; README "Why not
 * @alicloud/credentials").
 */
export function assumeRoleProvider(options: AssumeRoleOptions): CredentialProvider {
  const durationSeconds = options.durationSeconds ?? 3600;
  let cached: { credentials: Credentials; refreshAt: number } | undefined;
  let inFlight: Promise<Credentials> | undefined;

  async function fetchCredentials(): Promise<Credentials> {
    const client = createCloudClient({
      target: options.target,
      credentials: options.base,
      ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    });
    const startedAt = Date.now();
    let response: Record<string, unknown>;
    try {
      response = await client.call('sts', options.stsRegion ?? '', 'AssumeRole', {
        RoleArn: options.roleArn,
        RoleSessionName: options.sessionName ?? `vpclink-${startedAt}`,
        DurationSeconds: durationSeconds,
        ExternalId: options.externalId,
      });
    } catch (error) {
      const cause = error as CloudError;
      throw new CloudError({
        code: cause.code,
        action: 'AssumeRole',
        message: `${options.description}: AssumeRole into ${options.roleArn} with ${options.base.description} failed: ${cause.message}`,
        retryable: cause.retryable,
        ambiguous: false, // AssumeRole changes nothing in the account
        ...(cause.requestId !== undefined ? { requestId: cause.requestId } : {}),
        ...(cause.httpStatus !== undefined ? { httpStatus: cause.httpStatus } : {}),
      });
    } finally {
      client.close?.();
    }
    const creds = response.Credentials as Record<string, unknown> | undefined;
    const accessKeyId = creds?.AccessKeyId;
    const accessKeySecret = creds?.AccessKeySecret;
    const securityToken = creds?.SecurityToken;
    if (
      typeof accessKeyId !== 'string' ||
      typeof accessKeySecret !== 'string' ||
      typeof securityToken !== 'string' ||
      !accessKeyId ||
      !accessKeySecret ||
      !securityToken
    ) {
      throw new CloudError({
        code: 'UNEXPECTED_RESPONSE',
        action: 'AssumeRole',
        message: `${options.description}: AssumeRole into ${options.roleArn} returned no Credentials {AccessKeyId, AccessKeySecret, SecurityToken}`,
      });
    }
    // Refresh by the local clock (a sandbox's clock may run ahead), or earlier if STS says the keys
    // expire sooner; very short sessions are still reused for half their life.
    let end = startedAt + durationSeconds * 1000;
    const expiration = typeof creds?.Expiration === 'string' ? Date.parse(creds.Expiration) : NaN;
    if (Number.isFinite(expiration) && expiration > startedAt && expiration < end) end = expiration;
    const life = end - startedAt;
    const refreshAt = startedAt + Math.max(life - REFRESH_MARGIN_MS, life / 2);
    const result = Object.freeze({ accessKeyId, accessKeySecret, securityToken });
    cached = { credentials: result, refreshAt };
    return result;
  }

  return {
    description: options.description,
    async getCredentials() {
      if (cached && Date.now() < cached.refreshAt) return cached.credentials;
      inFlight ??= fetchCredentials().finally(() => {
        inFlight = undefined;
      });
      return inFlight;
    },
  };
}
