/**
 * Wires the cloud engines into the host: cloud/sandbox (the in-process default target),
 * cloud/credentials + cloud/client (a client per account, identity checks), cloud/import,
 * simulator/plan (the preview) and cloud/apply (runs with journal, resume, rollback, verify).
 * Results are mapped to the host API's views; secrets never leave this module.
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApplyError, CLOUD_TIMING, regionsOf, SANDBOX_TIMING, type ApplyEvent } from '../../cloud/apply';
import {
  CloudError,
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
  type SessionRunResult,
} from '../../cloud/session';
import { loadDocumentText, RESOURCE_ARRAYS, serializeDocument, type Topology } from '../../simulator/document';
import type {
  CredentialOptions,
  CredentialSource,
  DriftView,
  HostError,
  IdentityStatus,
  PlanStepView,
  PlanView,
  RunMode,
  RunView,
  StepStatus,
  VerificationResult,
} from '../common/hostApi';
import { planView, stepView, verificationView } from './cloudViews';
import { countOf } from '../../simulator/text/count';
import {
  SANDBOX_TARGET_ID,
  type CloudEngines,
  type SandboxHandle,
  type SourceLookup,
  type TargetContext,
} from './cloudHost';
import { fail, HostFailure } from './errors';
import { defaultConfigDir } from './documents';
import type { EventHub } from './events';

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

function rethrow(error: unknown): never {
  const { code, message, ...extra } = cloudHostError(error);
  throw new HostFailure(code, message, extra);
}

// ─────────────────────────────── runs ───────────────────────────────

interface RunRecord {
  readonly runId: string;
  readonly targetId: string;
  readonly mode: RunMode;
  readonly desired: Topology;
  /** The document's session (cloud/session): accounts, credentials, journal lock, runs. */
  readonly session: CloudSession;
  /** The fingerprint the user confirmed (apply, destroy). */
  readonly planFingerprint: string | undefined;
  /** The user confirmed a second time to apply despite violated intents (cloud/session refuses otherwise). */
  readonly allowIntentViolations: boolean;
  /** Single-flight key: target + the document's accounts (the journal it runs under). */
  readonly key: string;
  readonly events: EventHub;
  changedPlan?: PlanView;
  leftovers?: RunView['leftovers'];
  state: RunView['state'];
  steps: (PlanStepView & { status: StepStatus; message?: string })[];
  completed: number;
  total: number;
  error?: HostError;
  verification?: VerificationResult;
  controller: AbortController;
}

function viewOf(record: RunRecord): RunView {
  return {
    runId: record.runId,
    targetId: record.targetId,
    mode: record.mode,
    state: record.state,
    steps: record.steps.map((s) => ({ ...s })),
    completed: record.completed,
    total: record.total,
    ...(record.error ? { error: record.error } : {}),
    ...(record.verification ? { verification: record.verification } : {}),
    ...(record.changedPlan ? { changedPlan: record.changedPlan } : {}),
    ...(record.leftovers ? { leftovers: record.leftovers } : {}),
    resumable:
      (record.state === 'failed' || record.state === 'cancelled') &&
      record.steps.some((s) => s.status !== 'done' && s.status !== 'skipped'),
  };
}

// ─────────────────────────────── the wiring ───────────────────────────────

/** A run starting or going on one target + document: later starts of the same mode and plan join it. */
interface ActiveRun {
  readonly mode: RunMode;
  readonly planFingerprint: string | undefined;
  /** The first view (shared by every caller that joins). */
  readonly started: Promise<RunView>;
  /** The run's ID, set once the run exists. */
  readonly ids: { runId?: string };
}

export function defaultCloudWiring(
  env: Readonly<Record<string, string | undefined>> = process.env,
  options: CloudWiringOptions = {},
): CloudWiring {
  const runs = new Map<string, RunRecord>();
  let sandboxJournalDir: Promise<string> | undefined;
  /** Single-flight: the run (starting or running) per target + document accounts. */
  const active = new Map<string, ActiveRun>();
  let runCounter = 0;

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

  function onApplyEvent(record: RunRecord, event: ApplyEvent, events: EventHub): void {
    const step = (id: string) => record.steps.find((s) => s.id === id);
    const stepEvent = (stepId: string, status: StepStatus, message?: string, attempt?: number) => {
      const s = step(stepId);
      if (s) {
        s.status = status;
        if (message !== undefined) s.message = message;
      }
      // The bar moves with each finished step (the executor's own `progress` event comes after).
      record.completed = Math.max(
        record.completed,
        record.steps.filter((x) => x.status === 'done' || x.status === 'skipped').length,
      );
      events.emit({
        kind: 'run.step',
        runId: record.runId,
        stepId,
        status,
        ...(message !== undefined ? { message } : {}),
        ...(attempt !== undefined ? { attempt } : {}),
        completed: record.completed,
        total: record.total,
      });
    };
    switch (event.kind) {
      case 'plan-ready': {
        const previous = new Map(record.steps.map((s) => [s.id, s]));
        record.steps = event.plan.steps.map((s, i) => {
          const before = previous.get(s.id);
          return {
            ...stepView(s, i),
            status: before?.status ?? 'pending',
            ...(before?.message ? { message: before.message } : {}),
          };
        });
        record.total = record.steps.length;
        events.emit({ kind: 'run.started', run: viewOf(record) });
        if (event.resumed)
          events.emit({
            kind: 'run.log',
            runId: record.runId,
            level: 'info',
            message: 'resuming the recorded run from where it stopped',
          });
        return;
      }
      case 'step-started':
        return stepEvent(event.stepId, 'running', event.description, event.attempt);
      case 'step-retrying':
        return stepEvent(
          event.stepId,
          'retrying',
          `${event.code}: ${event.message} (retry in ${Math.round(event.delayMs)} ms)`,
          event.attempt,
        );
      case 'step-ambiguous':
        events.emit({
          kind: 'run.log',
          runId: record.runId,
          level: 'warn',
          message: `step ${event.stepId}: ${event.code} without a clear answer; ${event.outcome === 'took-effect' ? 'it took effect' : 'retrying with the same ClientToken'}`,
        });
        return;
      case 'step-polling':
        events.emit({
          kind: 'run.log',
          runId: record.runId,
          level: 'info',
          message: `step ${event.stepId}: waiting for ${event.waitingFor} (now ${event.status})`,
        });
        return;
      case 'step-succeeded':
        return stepEvent(event.stepId, 'done', event.note);
      case 'step-skipped':
        return stepEvent(event.stepId, 'skipped', event.reason);
      case 'step-failed':
        return stepEvent(event.stepId, 'failed', event.error.message);
      case 'progress':
        record.completed = event.done;
        record.total = event.total;
        return;
      case 'run-finished':
        events.emit({
          kind: 'run.log',
          runId: record.runId,
          level: event.outcome === 'failed' || event.outcome === 'refused' ? 'error' : 'info',
          message: event.message,
        });
        if (event.error)
          record.error = {
            code: 'CLOUD_ERROR',
            message: event.error.message,
            cloudCode: event.error.code,
            ...(event.error.requestId ? { requestId: event.error.requestId } : {}),
          };
        return;
      case 'verify-result':
        record.verification = verificationView(event.result);
        return;
    }
  }

  function finalState(record: RunRecord, result: SessionRunResult): RunView['state'] {
    if (result.planChanged) return 'planChanged';
    if (result.leftovers && result.leftovers.length > 0) return 'failed';
    switch (result.outcome) {
      case 'succeeded':
        return record.mode === 'rollback' ? 'rolledBack' : 'succeeded';
      case 'no-op':
        return 'noChange';
      case 'refused':
        return 'refused';
      case 'cancelled':
      case 'declined':
        return 'cancelled';
      case 'failed':
        return 'failed';
    }
  }

  /**
   * Runs the record's operation through its session (journal lock, confirmed fingerprint, events);
   * resolves with the first view once the run holds the lock and its accounts are connected, and
   * rejects if it cannot get that far (another process holds the journal, credentials fail).
   */
  function launch(record: RunRecord, events: EventHub): Promise<RunView> {
    record.controller = new AbortController();
    record.state = 'running';
    delete record.error;
    delete record.changedPlan;
    let started = false;
    return new Promise<RunView>((resolveStart, rejectStart) => {
      const running = record.session.run(record.mode, {
        signal: record.controller.signal,
        onEvent: (event: ApplyEvent) => onApplyEvent(record, event, events),
        ...(record.planFingerprint !== undefined ? { confirmedFingerprint: record.planFingerprint } : {}),
        allowIntentViolations: record.allowIntentViolations,
        onStarted: () => {
          started = true;
          resolveStart(viewOf(record));
        },
      });
      running.then(
        (result) => {
          record.state = finalState(record, result);
          if (result.planChanged) {
            record.changedPlan = planView(record.targetId, result.planChanged, record.desired);
            events.emit({
              kind: 'run.log',
              runId: record.runId,
              level: 'warn',
              message: 'the plan changed since it was confirmed: nothing ran; review the new plan and confirm it',
            });
          }
          if (result.leftovers)
            record.leftovers = result.leftovers.map(({ kind, id, accountId, regionId, billable }) => ({
              kind,
              id,
              accountId,
              regionId,
              billable,
            }));
          if (result.leftovers && result.leftovers.length > 0) {
            record.error = {
              code: 'CLOUD_ERROR',
              message: `${countOf(result.leftovers.length, 'resource')} ${result.leftovers.length === 1 ? 'is' : 'are'} still live after the destroy: ${result.leftovers.map((l) => `${l.id} (account ${l.accountId}, ${l.regionId})`).join(', ')}; run destroy again`,
            };
          }
          if (result.problems?.some((p) => p.severity === 'error') && !record.error) {
            record.error = {
              code: 'CLOUD_ERROR',
              message: result.problems
                .filter((p) => p.severity === 'error')
                .map((p) => p.message)
                .join('; '),
            };
          }
          finish();
        },
        (error: unknown) => {
          record.state = 'failed';
          record.error = cloudHostError(error);
          if (!started) {
            rejectStart(new HostFailure(record.error.code, record.error.message, record.error));
            settle();
            return;
          }
          finish();
        },
      );
      const settle = () => {
        if (active.get(record.key)?.ids.runId === record.runId) active.delete(record.key);
      };
      const finish = () => {
        settle();
        if (!started) resolveStart(viewOf(record));
        events.emit({ kind: 'run.finished', run: viewOf(record) });
      };
    });
  }

  function record(runId: string): RunRecord {
    const r = runs.get(runId);
    if (!r) return fail('NOT_FOUND', `there is no run "${runId}"`);
    return r;
  }

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

    async startRun(target, desired, runOptions, sources, events) {
      // Single-flight: decided before any await, so 20 clicks at once see one entry.
      const key = `${target.id}|${accountsKey(desired)}`;
      const current = active.get(key);
      if (current) {
        if (current.mode === runOptions.mode && current.planFingerprint === runOptions.planFingerprint)
          return current.started;
        fail(
          'RUN_IN_PROGRESS',
          `a ${current.mode} of this document is in progress on this target${current.ids.runId ? ` (run ${current.ids.runId})` : ''}: cancel it or wait for it`,
        );
      }
      if (runOptions.mode !== 'rollback' && runOptions.planFingerprint === undefined)
        fail(
          'BAD_REQUEST',
          `a ${runOptions.mode} runs only the plan the user confirmed: pass planFingerprint (PlanView.fingerprint)`,
          { field: 'args[2].planFingerprint' },
        );
      const ids: { runId?: string } = {};
      const entry: ActiveRun = {
        mode: runOptions.mode,
        planFingerprint: runOptions.planFingerprint,
        ids,
        started: (async () => {
          const session = await sessionFor(target, desired, sources);
          if (runOptions.mode === 'rollback' && !existsSync(session.journalPath)) {
            session.close();
            fail('RUN_STATE_CONFLICT', 'there is no recorded run of this document on this target to roll back');
          }
          const runId = `run-${++runCounter}-${randomBytes(3).toString('hex')}`;
          ids.runId = runId;
          const r: RunRecord = {
            runId,
            targetId: target.id,
            mode: runOptions.mode,
            desired,
            session,
            planFingerprint: runOptions.planFingerprint,
            allowIntentViolations: runOptions.allowIntentViolations === true,
            key,
            events,
            state: 'running',
            steps: [],
            completed: 0,
            total: 0,
            controller: new AbortController(),
          };
          runs.set(runId, r);
          try {
            return await launch(r, events);
          } catch (error) {
            runs.delete(runId);
            session.close();
            throw error;
          }
        })(),
      };
      active.set(key, entry);
      entry.started.catch(() => {
        if (active.get(key) === entry) active.delete(key);
      });
      return entry.started;
    },

    async cancelRun(runId) {
      const r = record(runId);
      if (r.state !== 'running') fail('RUN_STATE_CONFLICT', `run ${runId} is not running (it is ${r.state})`);
      r.state = 'cancelling';
      // cloud/apply stops starting steps, finishes the call in flight and records it.
      r.controller.abort(new Error('cancelled from the app'));
      return viewOf(r);
    },

    async resumeRun(runId) {
      const r = record(runId);
      if (r.state === 'running' || r.state === 'cancelling')
        fail('RUN_STATE_CONFLICT', `run ${runId} is still running`);
      if (!viewOf(r).resumable) fail('RUN_STATE_CONFLICT', `run ${runId} ended ${r.state}: there is nothing to resume`);
      const current = active.get(r.key);
      if (current) fail('RUN_IN_PROGRESS', `run ${current.ids.runId ?? '(starting)'} is in progress on this target`);
      // The session resumes from the journal (same path, same document, same confirmed plan).
      const entry: ActiveRun = {
        mode: r.mode,
        planFingerprint: r.planFingerprint,
        started: launch(r, r.events),
        ids: { runId },
      };
      active.set(r.key, entry);
      entry.started.catch(() => {
        if (active.get(r.key) === entry) active.delete(r.key);
      });
      return entry.started;
    },

    async getRun(runId) {
      return viewOf(record(runId));
    },

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
          for (const r of runs.values())
            if (r.targetId === SANDBOX_TARGET_ID) r.controller.abort(new Error('the sandbox is closing'));
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
