/**
 * accounts → credentials → identity → clients, the one way (CLI plan/apply/destroy/import and
 * the app alike). The shell only says where credentials come from (`credentialsFor`).
 */
import { createCloudClient, type CloudClient, type CloudTarget, type CredentialProvider } from '../client';
import { verifyCallerIdentity } from '../credentials';
import { seededRandom, withReadRetries, type ApplyTiming } from '../apply';
import type { Account } from '../../simulator/document';

export interface ConnectOptions {
  readonly target: CloudTarget;
  /** The shell's credential source per account. May throw CloudError (CREDENTIALS_NOT_FOUND …). */
  readonly credentialsFor: (account: Account) => Promise<CredentialProvider>;
  readonly timing: ApplyTiming;
  readonly userAgent?: string;
  /** Timeout of each identity check (default: the timing's call timeout). */
  readonly identityTimeoutMs?: number;
  readonly signal?: AbortSignal;
}

/**
 * A client per account, each checked with STS GetCallerIdentity first (aliyun-api.md §7.4): keys
 * of the wrong account fail here (IDENTITY_MISMATCH), before any Describe or Create call. On a
 * failure every client made so far is closed.
 */
export async function connectAccounts(
  accounts: readonly Account[],
  options: ConnectOptions,
): Promise<Map<string, CloudClient>> {
  const clients = new Map<string, CloudClient>();
  try {
    for (const account of accounts) {
      const provider = await options.credentialsFor(account);
      const client = createCloudClient({
        target: options.target,
        credentials: provider,
        userAgent: options.userAgent ?? 'vpclink/0.1.0',
        timeoutMs: options.timing.callTimeoutMs,
      });
      clients.set(account.accountId, client);
      await verifyCallerIdentity(
        withReadRetries(client, options.timing, seededRandom(1), options.signal),
        account.accountId,
        provider.description,
        {
          timeoutMs: options.identityTimeoutMs ?? options.timing.callTimeoutMs,
          ...(options.signal ? { signal: options.signal } : {}),
        },
      );
    }
  } catch (error) {
    for (const c of clients.values()) c.close?.();
    throw error;
  }
  return clients;
}

/** The clients for reads (import, verify): throttling and temporary errors are ridden out (cloud/apply policy). */
export function readersOf(
  clients: ReadonlyMap<string, CloudClient>,
  timing: ApplyTiming,
  signal?: AbortSignal,
): Array<{ accountId: string; client: CloudClient }> {
  const random = seededRandom(1);
  return [...clients].map(([accountId, client]) => ({
    accountId,
    client: withReadRetries(client, timing, random, signal),
  }));
}
