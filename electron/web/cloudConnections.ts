/**
 * How the app reaches a cloud (cloudEngines.ts wires these in): the target's endpoint and timing,
 * the credential provider per account (cloud/session's shared resolution), clients for an
 * import, and the document's session with its journal. One {@link WiringContext} carries the
 * environment, the options and the sandbox's journal folder.
 */
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLOUD_TIMING, SANDBOX_TIMING } from '../../cloud/apply';
import type { CloudClient, CloudTarget, CredentialProvider } from '../../cloud/client';
import {
  accountsOf,
  connectAccounts,
  openSession,
  providerForSource,
  userLockDir,
  type CloudSession,
  type ResolvedSource,
  type SecretVault,
} from '../../cloud/session';
import type { Topology } from '../../simulator/document';
import { cloudHostError } from './cloudErrors';
import type { SourceLookup, TargetContext } from './cloudHost';
import { defaultConfigDir } from './documents';
import { HostFailure } from './errors';

export interface CloudWiringOptions {
  /** Where run journals for the real cloud are kept (`<config>/journals`). */
  readonly journalDir?: string;
  /** aliyun CLI config file; default `~/.aliyun/config.json`. */
  readonly profilesFile?: string;
  readonly homeDir?: string;
  /** The OS keychain (desktop app: Electron safeStorage); absent in the browser mode. */
  readonly vault?: SecretVault;
}

/** What every connection of one wiring shares. */
export interface WiringContext {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly options: CloudWiringOptions;
  /**
   * The running sandbox's journal folder, made on its first run: a fresh sandbox per host run,
   * so its journals must not outlive it (the sandbox's close removes the folder and clears this).
   */
  sandboxJournalDir: Promise<string> | undefined;
}

export const USER_AGENT = 'vpclink-app/0.1.0';
export const IDENTITY_TIMEOUT_MS = 10_000;

/** A cloud failure as a HostError: code, retryable and request ID kept; the message is already redacted by cloud/client. */
export function rethrow(error: unknown): never {
  const { code, message, ...extra } = cloudHostError(error);
  throw new HostFailure(code, message, extra);
}

export function cloudTarget(target: TargetContext): CloudTarget {
  return target.kind === 'sandbox' ? { kind: 'endpoint', endpoint: target.sandbox.endpoint } : { kind: 'aliyun' };
}

export function timingOf(target: TargetContext) {
  return target.kind === 'sandbox' ? SANDBOX_TIMING : CLOUD_TIMING;
}

/** The shared resolution (cloud/session): the CLI's order, the user's choice, the sandbox's keys, the keychain. */
export function providerFor(
  ctx: WiringContext,
  target: TargetContext,
  accountId: string,
  source: ResolvedSource,
  document?: Topology,
): Promise<CredentialProvider> {
  const { options } = ctx;
  return providerForSource(accountId, source, {
    env: ctx.env,
    target: cloudTarget(target),
    ...(options.profilesFile ? { profilesFile: options.profilesFile } : {}),
    ...(options.homeDir ? { homeDir: options.homeDir } : {}),
    ...(document ? { document } : {}),
    ...(options.vault ? { vault: options.vault } : {}),
  });
}

/** Clients for an import (no document run): accounts → credentials → identity, as cloud/session does it. */
export async function clientsFor(
  ctx: WiringContext,
  target: TargetContext,
  accountIds: readonly string[],
  sources: SourceLookup,
  document?: Topology,
): Promise<Map<string, CloudClient>> {
  try {
    return await connectAccounts(
      accountIds.map((accountId) => ({ accountId })),
      {
        target: cloudTarget(target),
        credentialsFor: (account) => providerFor(ctx, target, account.accountId, sources(account.accountId), document),
        timing: timingOf(target),
        userAgent: USER_AGENT,
        identityTimeoutMs: IDENTITY_TIMEOUT_MS,
      },
    );
  } catch (error) {
    rethrow(error);
  }
}

/** One journal per set of accounts (cloud/session accountsOf): resume and rollback find the run whatever the file is called. */
export function accountsKey(desired: Topology): string {
  return createHash('sha256')
    .update(
      accountsOf(desired)
        .map((a) => a.accountId)
        .sort()
        .join(','),
    )
    .digest('hex')
    .slice(0, 16);
}

async function journalPathFor(ctx: WiringContext, target: TargetContext, desired: Topology): Promise<string> {
  const key = accountsKey(desired);
  if (target.kind === 'sandbox') {
    // One folder even when runs start at once (the promise is shared, see WiringContext).
    ctx.sandboxJournalDir ??= mkdtemp(join(tmpdir(), 'vpclink-sandbox-runs-'));
    return join(await ctx.sandboxJournalDir, `sandbox-${key}.journal.json`);
  }
  const dir = ctx.options.journalDir ?? join(defaultConfigDir(ctx.env), 'journals');
  await mkdir(dir, { recursive: true });
  return join(dir, `aliyun-${key}.journal.json`);
}

/** The document's session on a target: the app's credential sources feed cloud/session. */
export async function sessionFor(
  ctx: WiringContext,
  target: TargetContext,
  desired: Topology,
  sources: SourceLookup,
): Promise<CloudSession> {
  return openSession({
    document: desired,
    target: cloudTarget(target),
    credentialsFor: (account) => providerFor(ctx, target, account.accountId, sources(account.accountId), desired),
    journalPath: await journalPathFor(ctx, target, desired),
    timing: timingOf(target),
    userAgent: USER_AGENT,
    identityTimeoutMs: IDENTITY_TIMEOUT_MS,
    lockDir: userLockDir(ctx.env),
  });
}
