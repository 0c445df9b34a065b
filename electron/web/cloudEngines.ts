/**
 * Wires the cloud engines into the host: cloud/sandbox (the in-process default target),
 * cloud/credentials + cloud/client (a client per account, identity checks), cloud/import,
 * simulator/plan (the preview) and cloud/apply (runs with journal, resume, rollback, verify).
 * Results are mapped to the host API's views; secrets never leave this module and
 * cloudConnections.ts (how a target, an account and a document's session are reached).
 */
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { regionsOf } from '../../cloud/apply';
import { createCloudClient, normaliseLong, type CloudClient } from '../../cloud/client';
import { envCredentials } from '../../cloud/credentials';
import { importTopology } from '../../cloud/import';
import { startSandbox } from '../../cloud/sandbox';
import { credentialOptionsOf, profilesFileOf, readersOf, readLiveDrift, storeAccessKey } from '../../cloud/session';
import type { ResolvedSource } from '../../cloud/session';
import { loadDocumentText, RESOURCE_ARRAYS, serializeDocument, type Topology } from '../../simulator/document';
import type { DriftView, IdentityStatus, ImportRequest, ImportResult, PlanView } from '../common/hostApi';
import { cloudHostError } from './cloudErrors';
import {
  accountsKey,
  clientsFor,
  cloudTarget,
  IDENTITY_TIMEOUT_MS,
  providerFor,
  rethrow,
  sessionFor,
  timingOf,
  USER_AGENT,
  type CloudWiringOptions,
  type WiringContext,
} from './cloudConnections';
import type { CloudEngines, SandboxHandle, SourceLookup, TargetContext } from './cloudHost';
import { SANDBOX_TARGET_ID } from './cloudHostState';
import { planView } from './cloudViews';
import { fail } from './errors';
import { createRunManager } from './runManager';

export interface CloudWiring {
  readonly engines: CloudEngines;
  readonly startSandbox?: (seedText: string) => Promise<SandboxHandle>;
}

type RunManager = ReturnType<typeof createRunManager>;

export function defaultCloudWiring(
  env: Readonly<Record<string, string | undefined>> = process.env,
  options: CloudWiringOptions = {},
): CloudWiring {
  const ctx: WiringContext = { env, options, sandboxJournalDir: undefined };
  const runManager = createRunManager({
    sessionFor: (target, desired, sources) => sessionFor(ctx, target, desired, sources),
    accountsKey,
  });
  const engines: CloudEngines = {
    checkIdentity: (target, accountId, source) => checkIdentity(ctx, target, accountId, source),
    drift: (target, desired, sources) => readDrift(ctx, target, desired, sources),
    plan: (target, desired, sources, operation) => planOn(ctx, target, desired, sources, operation),
    startRun: (target, desired, runOptions, sources, events) =>
      runManager.start(target, desired, runOptions, sources, events),
    cancelRun: async (runId) => runManager.cancel(runId),
    resumeRun: async (runId) => runManager.resume(runId),
    getRun: async (runId) => runManager.get(runId),
    importAccounts: (target, request, sources) => importAccounts(ctx, target, request, sources),
    hasAliyunCredentials: async () => envCredentials(env).kind === 'found' || existsSync(profilesFileOf(options)),
    credentialOptions: async () => credentialOptionsOf({ env, ...options }),
    async storeAccessKey(request) {
      if (request.store === 'keychain' && !options.vault?.available())
        fail('NOT_AVAILABLE', 'the OS keychain is not available here: store the key as an aliyun CLI profile');
      try {
        return await storeAccessKey({ env, ...options }, request);
      } catch (error) {
        rethrow(error);
      }
    },
  };
  return { engines, startSandbox: (seedText) => startSeededSandbox(ctx, runManager, seedText) };
}

/** Whose account the keys act in (a failure is a status to show, not an error). */
async function checkIdentity(
  ctx: WiringContext,
  target: TargetContext,
  accountId: string,
  source: ResolvedSource,
): Promise<IdentityStatus> {
  let client: CloudClient | undefined;
  try {
    client = createCloudClient({
      target: cloudTarget(target),
      credentials: await providerFor(ctx, target, accountId, source),
      userAgent: USER_AGENT,
    });
    // aliyun-api.md §7.4: STS GetCallerIdentity names the account the keys act in.
    const response = await client.call('sts', '', 'GetCallerIdentity', {}, { timeoutMs: IDENTITY_TIMEOUT_MS });
    const actual = normaliseLong(response.AccountId);
    const arn = typeof response.Arn === 'string' ? response.Arn : '';
    if (actual !== accountId) return { kind: 'mismatch', expectedAccountId: accountId, actualAccountId: actual, arn };
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
}

/** The live estate against the document (cloud/session readLiveDrift), as the Drift panel shows it. */
async function readDrift(
  ctx: WiringContext,
  target: TargetContext,
  desired: Topology,
  sources: SourceLookup,
): Promise<DriftView> {
  const session = await sessionFor(ctx, target, desired, sources);
  try {
    const { report, intentsBroken, warnings } = await readLiveDrift(session, { timing: timingOf(target) });
    return {
      targetId: target.id,
      inSync: report.inSync && intentsBroken.length === 0,
      resources: report.resources.map(({ resourceId, kind, state, detail }) => ({ resourceId, kind, state, detail })),
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
}

async function planOn(
  ctx: WiringContext,
  target: TargetContext,
  desired: Topology,
  sources: SourceLookup,
  operation: 'apply' | 'destroy' | undefined,
): Promise<PlanView> {
  const session = await sessionFor(ctx, target, desired, sources);
  try {
    const { plan } = await session.plan(operation ?? 'apply');
    return planView(target.id, plan, desired);
  } catch (error) {
    rethrow(error);
  } finally {
    session.close();
  }
}

/** Reads the accounts (cloud/import) into a new document, or into the open one (its regions by default). */
async function importAccounts(
  ctx: WiringContext,
  target: TargetContext,
  request: ImportRequest,
  sources: SourceLookup,
): Promise<ImportResult> {
  const existing = request.intoDocumentText !== undefined ? loadedDocument(request.intoDocumentText) : undefined;
  const clients = await clientsFor(ctx, target, request.accountIds, sources, existing);
  try {
    const regions = request.regions ?? (existing ? regionsOf(existing) : sandboxRegions(target, request.accountIds));
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
    // `return`: TypeScript does not see the never-returning call end the path when `finally` holds a loop.
    return rethrow(error);
  } finally {
    for (const c of clients.values()) c.close?.();
  }
}

/** On the sandbox, the regions its accounts were seeded in; elsewhere undefined (cloud/import's default). */
function sandboxRegions(target: TargetContext, accountIds: readonly string[]): string[] | undefined {
  if (target.kind !== 'sandbox') return undefined;
  return [
    ...new Set(
      target.sandbox.accounts.filter((a) => accountIds.includes(a.accountId) && a.regionId).map((a) => a.regionId!),
    ),
  ];
}

/** The in-process sandbox seeded with a document; closing it ends its runs and removes their journals. */
async function startSeededSandbox(
  ctx: WiringContext,
  runManager: RunManager,
  seedText: string,
): Promise<SandboxHandle> {
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
      const journals = ctx.sandboxJournalDir;
      // The next sandbox gets fresh journals: a rollback never reaches into another document's world.
      ctx.sandboxJournalDir = undefined;
      // Retries: a run aborted just above may still be writing its journal (ENOTEMPTY).
      if (journals) await rm(await journals, { recursive: true, force: true, maxRetries: 5 });
    },
  };
}

function loadedDocument(text: string): Topology {
  const loaded = loadDocumentText(text);
  if (loaded.kind !== 'ok')
    fail('DOCUMENT_INVALID', 'the current document does not load; fix it before importing into it');
  return loaded.document;
}
