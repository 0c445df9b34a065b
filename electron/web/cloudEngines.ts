/**
 * Wires the cloud engines into the host: cloud/sandbox (the in-process default target),
 * cloud/credentials + cloud/client (a client per account, identity checks), cloud/import,
 * simulator/plan (the preview) and cloud/apply (runs with journal, resume, rollback, verify).
 * Results are mapped to the host API's views; secrets never leave this module.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLOUD_TIMING, regionsOf, SANDBOX_TIMING } from '../../cloud/apply';
import {
  createCloudClient,
  normaliseLong,
  type CloudClient,
  type CloudTarget,
  type CredentialProvider,
} from '../../cloud/client';
import { envCredentials } from '../../cloud/credentials';
import { importTopology } from '../../cloud/import';
import { startSandbox } from '../../cloud/sandbox';
import {
  accountsOf,
  connectAccounts,
  credentialOptionsOf,
  openSession,
  profilesFileOf,
  readLiveDrift,
  providerForSource,
  readersOf,
  storeAccessKey,
  userLockDir,
  type CloudSession,
  type ResolvedSource,
  type SecretVault,
} from '../../cloud/session';
import { loadDocumentText, RESOURCE_ARRAYS, serializeDocument, type Topology } from '../../simulator/document';
import type { CredentialOptions, CredentialSource, DriftView, IdentityStatus } from '../common/hostApi';
import { planView } from './cloudViews';
import type { CloudEngines, SandboxHandle, SourceLookup, TargetContext } from './cloudHost';
import { SANDBOX_TARGET_ID } from './cloudHostState';
import { cloudHostError } from './cloudErrors';
import { createRunManager } from './runManager';
import { fail, HostFailure } from './errors';
import { defaultConfigDir } from './documents';

export interface CloudWiring {
  readonly engines: CloudEngines;
  readonly startSandbox?: (seedText: string) => Promise<SandboxHandle>;
}

export interface CloudWiringOptions {
  /** Where run journals for the real cloud are kept (`<config>/journals`). */
  readonly journalDir?: string;
  /** aliyun CLI config file; default `~/.aliyun/config.json`. */
  readonly profilesFile?: string;
  readonly homeDir?: string;
  /** The OS keychain (desktop app: Electron safeStorage); absent in the browser mode. */
  readonly vault?: SecretVault;
}

const USER_AGENT = 'vpclink-app/0.1.0';
const IDENTITY_TIMEOUT_MS = 10_000;

/** A cloud failure as a HostError: code, retryable and request ID kept; the message is already redacted by cloud/client. */
function rethrow(error: unknown): never {
  const { code, message, ...extra } = cloudHostError(error);
  throw new HostFailure(code, message, extra);
}

// ─────────────────────────────── the wiring ───────────────────────────────

export function defaultCloudWiring(
  env: Readonly<Record<string, string | undefined>> = process.env,
  options: CloudWiringOptions = {},
): CloudWiring {
  let sandboxJournalDir: Promise<string> | undefined;

  function cloudTarget(target: TargetContext): CloudTarget {
    return target.kind === 'sandbox' ? { kind: 'endpoint', endpoint: target.sandbox.endpoint } : { kind: 'aliyun' };
  }

  /** The shared resolution (cloud/session): the CLI's order, the user's choice, the sandbox's keys, the keychain. */
  function providerFor(
    target: TargetContext,
    accountId: string,
    source: ResolvedSource,
    document?: Topology,
  ): Promise<CredentialProvider> {
    return providerForSource(accountId, source, {
      env,
      target: cloudTarget(target),
      ...(options.profilesFile ? { profilesFile: options.profilesFile } : {}),
      ...(options.homeDir ? { homeDir: options.homeDir } : {}),
      ...(document ? { document } : {}),
      ...(options.vault ? { vault: options.vault } : {}),
    });
  }

  function timingOf(target: TargetContext) {
    return target.kind === 'sandbox' ? SANDBOX_TIMING : CLOUD_TIMING;
  }

  /** Clients for an import (no document run): accounts → credentials → identity, as cloud/session does it. */
  async function clientsFor(
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
          credentialsFor: (account) => providerFor(target, account.accountId, sources(account.accountId), document),
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
  function accountsKey(desired: Topology): string {
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

  async function journalPathFor(target: TargetContext, desired: Topology): Promise<string> {
    const key = accountsKey(desired);
    if (target.kind === 'sandbox') {
      // A fresh sandbox per host run: its journals must not outlive it. One folder even when runs start at once.
      sandboxJournalDir ??= mkdtemp(join(tmpdir(), 'vpclink-sandbox-runs-'));
      return join(await sandboxJournalDir, `sandbox-${key}.journal.json`);
    }
    const dir = options.journalDir ?? join(defaultConfigDir(env), 'journals');
    await mkdir(dir, { recursive: true });
    return join(dir, `aliyun-${key}.journal.json`);
  }

  /** The document's session on a target: the app's credential sources feed cloud/session. */
  async function sessionFor(target: TargetContext, desired: Topology, sources: SourceLookup): Promise<CloudSession> {
    return openSession({
      document: desired,
      target: cloudTarget(target),
      credentialsFor: (account) => providerFor(target, account.accountId, sources(account.accountId), desired),
      journalPath: await journalPathFor(target, desired),
      timing: timingOf(target),
      userAgent: USER_AGENT,
      identityTimeoutMs: IDENTITY_TIMEOUT_MS,
      lockDir: userLockDir(env),
    });
  }

  const runManager = createRunManager({ sessionFor, accountsKey });

  const engines: CloudEngines = {
    async checkIdentity(target, accountId, source): Promise<IdentityStatus> {
      let client: CloudClient | undefined;
      try {
        client = createCloudClient({
          target: cloudTarget(target),
          credentials: await providerFor(target, accountId, source),
          userAgent: USER_AGENT,
        });
        // aliyun-api.md §7.4: STS GetCallerIdentity names the account the keys act in.
        const response = await client.call('sts', '', 'GetCallerIdentity', {}, { timeoutMs: IDENTITY_TIMEOUT_MS });
        const actual = normaliseLong(response.AccountId);
        const arn = typeof response.Arn === 'string' ? response.Arn : '';
        if (actual !== accountId)
          return { kind: 'mismatch', expectedAccountId: accountId, actualAccountId: actual, arn };
        return {
          kind: 'verified',
          accountId: actual,
          arn,
          identityType: typeof response.IdentityType === 'string' ? response.IdentityType : '',
          checkedAt: new Date().toISOString(),
        };
      } catch (error) {
        return { kind: 'failed', error: cloudHostError(error) };
      } finally {
        client?.close?.();
      }
    },

    async drift(target, desired, sources): Promise<DriftView> {
      const session = await sessionFor(target, desired, sources);
      try {
        const { report, intentsBroken, warnings } = await readLiveDrift(session, { timing: timingOf(target) });
        return {
          targetId: target.id,
          inSync: report.inSync && intentsBroken.length === 0,
          resources: report.resources.map(({ resourceId, kind, state, detail }) => ({
            resourceId,
            kind,
            state,
            detail,
          })),
          reachability: {
            gained: report.reachability.gained.map(({ from, to }) => ({ from, to })),
            lost: report.reachability.lost.map(({ from, to, blockers }) => ({
              from,
              to,
              blockers: blockers.map(({ code, resourceId, message }) => ({ code, resourceId, message })),
            })),
          },
          intentsBroken: intentsBroken.map(({ index, name, violations }) => ({ index, name, pairs: violations })),
          warnings,
        };
      } catch (error) {
        rethrow(error);
      } finally {
        session.close();
      }
    },

    async plan(target, desired, sources, operation) {
      const session = await sessionFor(target, desired, sources);
      try {
        const { plan } = await session.plan(operation ?? 'apply');
        return planView(target.id, plan, desired);
      } catch (error) {
        rethrow(error);
      } finally {
        session.close();
      }
    },

    startRun: (target, desired, runOptions, sources, events) =>
      runManager.start(target, desired, runOptions, sources, events),
    cancelRun: async (runId) => runManager.cancel(runId),
    resumeRun: async (runId) => runManager.resume(runId),
    getRun: async (runId) => runManager.get(runId),

    async importAccounts(target, request, sources) {
      const existing = request.intoDocumentText !== undefined ? loadedDocument(request.intoDocumentText) : undefined;
      const clients = await clientsFor(target, request.accountIds, sources, existing);
      try {
        const regions =
          request.regions ??
          (existing
            ? regionsOf(existing)
            : target.kind === 'sandbox'
              ? [
                  ...new Set(
                    target.sandbox.accounts
                      .filter((a) => request.accountIds.includes(a.accountId) && a.regionId)
                      .map((a) => a.regionId!),
                  ),
                ]
              : undefined);
        const result = await importTopology({
          accounts: readersOf(clients, timingOf(target)),
          ...(regions && regions.length ? { regions } : {}),
          ...(existing ? { existing } : {}),
        });
        const counts: Record<string, number> = {};
        for (const key of Object.keys(RESOURCE_ARRAYS)) {
          const list = (result.document as unknown as Record<string, unknown>)[key];
          if (Array.isArray(list) && list.length) counts[key] = list.length;
        }
        return { text: serializeDocument(result.document), counts, warnings: result.warnings };
      } catch (error) {
        rethrow(error);
      } finally {
        for (const c of clients.values()) c.close?.();
      }
    },

    async hasAliyunCredentials() {
      return envCredentials(env).kind === 'found' || existsSync(profilesFileOf(options));
    },

    async credentialOptions(): Promise<CredentialOptions> {
      return credentialOptionsOf({ env, ...options });
    },

    async storeAccessKey(request): Promise<CredentialSource> {
      if (request.store === 'keychain' && !options.vault?.available())
        fail('NOT_AVAILABLE', 'the OS keychain is not available here: store the key as an aliyun CLI profile');
      try {
        return await storeAccessKey({ env, ...options }, request);
      } catch (error) {
        rethrow(error);
      }
    },
  };

  return {
    engines,
    async startSandbox(seedText) {
      const loaded = loadDocumentText(seedText);
      if (loaded.kind !== 'ok') throw new Error('the sandbox cannot be seeded: the document does not load');
      // seedMode 'base': the world before the plan, so "apply" has something to do (cloud/sandbox).
      const sandbox = await startSandbox({ seed: loaded.document, seedMode: 'base' });
      return {
        endpoint: sandbox.endpoint,
        accounts: sandbox.accounts,
        async close() {
          // Only the runs on this sandbox end with it (a reseed keeps runs on Alibaba Cloud going).
          runManager.abortWhere((r) => r.targetId === SANDBOX_TARGET_ID, 'the sandbox is closing');
          await sandbox.close();
          const journals = sandboxJournalDir;
          // The next sandbox gets fresh journals: a rollback never reaches into another document's world.
          sandboxJournalDir = undefined;
          // Retries: a run aborted just above may still be writing its journal (ENOTEMPTY).
          if (journals) await rm(await journals, { recursive: true, force: true, maxRetries: 5 });
        },
      };
    },
  };
}

function loadedDocument(text: string): Topology {
  const loaded = loadDocumentText(text);
  if (loaded.kind !== 'ok')
    fail('DOCUMENT_INVALID', 'the current document does not load; fix it before importing into it');
  return loaded.document;
}
