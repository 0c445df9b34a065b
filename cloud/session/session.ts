/**
 * cloud/session — one transport-neutral core per open document (design.md §5). The CLI and the
 * app are shells around it: they parse input, say where credentials come from, call it and
 * render its events. Everything a user could observe — which accounts are connected, the plan,
 * whether a run may start, what a run does, what destroy left behind — is decided here, once.
 *
 *   accounts (accountsOf) → credentials (the shell's `credentialsFor`) → identity (STS) → clients
 *   → plan (fingerprint) → run under the journal lock (confirmed fingerprint or confirm callback)
 *   → events → verify; destroy re-lists and reports leftovers; rollback undoes the recorded run.
 */
import { mkdir } from 'node:fs/promises';
import type { CloudClient, CloudTarget, CredentialProvider } from '../client';
import { importTopology } from '../import';
import {
  CLOUD_TIMING,
  readJournal,
  regionsOf,
  rollbackRun,
  runApply,
  runDestroy,
  SANDBOX_TIMING,
  verifyApply,
  type ApplyEventListener,
  type ApplyTiming,
  type RunResult,
  type VerifyResult,
} from '../apply';
import type { Account, Topology } from '../../simulator/document';
import { planChanges, planTeardown, type Plan, type PlanOperation } from '../../simulator/plan';
import { accountsOf } from './accounts';
import { refuseViolatedIntents } from './intentGate';
import { connectAccounts, readersOf } from './connect';
import { findLeftovers, type Leftover } from './leftovers';
import { acquireJournalLock, type JournalLock } from './lock';
import { targetLockBase } from './targetLock';

export interface SessionOptions {
  /** The desired document (loaded and valid). */
  readonly document: Topology;
  /** Where calls go: the regional endpoints, or one endpoint (a sandbox). */
  readonly target: CloudTarget;
  /** The shell's credential source per account (CLI: profiles/env; app: what the user chose). May throw CloudError. */
  readonly credentialsFor: (account: Account) => Promise<CredentialProvider>;
  /** The journal of this document's runs. Its folder must exist. */
  readonly journalPath: string;
  /** The document as the user named it (messages). */
  readonly documentPath?: string;
  /** A stable identity of the document (its absolute path): a journal of another document is refused. */
  readonly documentId?: string;
  /** Default: SANDBOX_TIMING for an endpoint target, CLOUD_TIMING for the cloud. */
  readonly timing?: Partial<ApplyTiming>;
  readonly userAgent?: string;
  /** Timeout of the identity check per account (default: the timing's call timeout). */
  readonly identityTimeoutMs?: number;
  /**
   * Folder of the per-(target, accounts) locks shared by every shell on this machine
   * (targetLock.ts; `userLockDir(env)`). Absent: only the journal lock is taken.
   */
  readonly lockDir?: string;
}

/** The plan a shell shows, with what the import said on the way. */
export interface SessionPlan {
  readonly plan: Plan;
  readonly warnings: readonly string[];
}

export interface RunRequest {
  readonly onEvent?: ApplyEventListener;
  readonly signal?: AbortSignal;
  /**
   * The fingerprint of the plan the user confirmed (the app). The run starts only if the plan it
   * is about to execute has this fingerprint; otherwise nothing runs and `planChanged` holds the
   * new plan to show. Takes precedence over `confirm`.
   */
  readonly confirmedFingerprint?: string;
  /** Asked with the plan the run is about to execute (the CLI's prompt, or `--yes`). */
  readonly confirm?: (
    plan: Plan,
    info: { readonly resumed: boolean; readonly operation: PlanOperation },
  ) => Promise<boolean>;
  /**
   * Apply even though the desired document violates some of its intents (the CLI's
   * `--allow-intent-violations`, the app's second confirmation). Default: such an apply is refused.
   */
  readonly allowIntentViolations?: boolean;
  /** Verify after a successful apply (default true). */
  readonly verify?: boolean;
  /** Called once the journal is locked and every account connected, before anything is planned or run. */
  readonly onStarted?: () => void;
}

export interface SessionRunResult extends RunResult {
  /** The plan differs from the confirmed fingerprint: nothing ran; show this one. */
  readonly planChanged?: Plan;
  /** After destroy: what is still live (re-listed after the run). Empty = nothing billable left. */
  readonly leftovers?: readonly Leftover[];
}

export interface CloudSession {
  readonly document: Topology;
  /** The accounts this document connects (accounts[] plus every account its resources name). */
  readonly accounts: readonly Account[];
  readonly journalPath: string;
  /** Credentials + identity of every account; done once, lazily. */
  connect(signal?: AbortSignal): Promise<ReadonlyMap<string, CloudClient>>;
  /** What `operation` would do now against the live accounts. Changes nothing. */
  plan(operation: 'apply' | 'destroy', signal?: AbortSignal): Promise<SessionPlan>;
  /** Runs apply / destroy / rollback under the journal lock (refuses at once if another run holds it). */
  run(operation: PlanOperation, request: RunRequest): Promise<SessionRunResult>;
  verify(signal?: AbortSignal): Promise<VerifyResult>;
  close(): void;
}

export function timingForTarget(target: CloudTarget): ApplyTiming {
  return target.kind === 'endpoint' ? SANDBOX_TIMING : CLOUD_TIMING;
}

export function openSession(options: SessionOptions): CloudSession {
  const document = options.document;
  const accounts = accountsOf(document);
  const timing: ApplyTiming = { ...timingForTarget(options.target), ...options.timing };
  let connecting: Promise<Map<string, CloudClient>> | undefined;
  const all: CloudClient[] = [];

  async function connectAll(signal?: AbortSignal): Promise<Map<string, CloudClient>> {
    const clients = await connectAccounts(accounts, {
      target: options.target,
      credentialsFor: options.credentialsFor,
      timing,
      ...(options.userAgent ? { userAgent: options.userAgent } : {}),
      ...(options.identityTimeoutMs !== undefined ? { identityTimeoutMs: options.identityTimeoutMs } : {}),
      ...(signal ? { signal } : {}),
    });
    all.push(...clients.values());
    return clients;
  }

  function connect(signal?: AbortSignal): Promise<Map<string, CloudClient>> {
    connecting ??= connectAll(signal);
    // A failed connection may be retried (other credentials, the network back).
    connecting.catch(() => (connecting = undefined));
    return connecting;
  }

  async function importLive(signal?: AbortSignal) {
    const clients = await connect(signal);
    return importTopology({
      accounts: readersOf(clients, timing, signal),
      regions: regionsOf(document),
      ...(signal ? { signal } : {}),
    });
  }

  /** The journal's lock, then the lock of (target, accounts) shared with the other shell. */
  async function takeLocks(operation: PlanOperation): Promise<JournalLock[]> {
    const locks = [await acquireJournalLock(options.journalPath, operation)];
    if (options.lockDir === undefined) return locks;
    try {
      await mkdir(options.lockDir, { recursive: true });
      locks.push(
        await acquireJournalLock(
          targetLockBase(
            options.lockDir,
            options.target,
            accounts.map((a) => a.accountId),
          ),
          operation,
        ),
      );
    } catch (error) {
      await locks[0]!.release();
      throw error;
    }
    return locks;
  }

  /** Live interfaces and peering connections the journal records as made by vpclink (destroy removes them even off-key). */
  async function ownedInterfaceIds(): Promise<string[]> {
    const read = await readJournal(options.journalPath);
    if (read.kind !== 'ok') return [];
    return [
      ...new Set([
        ...read.journal.created.flatMap((c) =>
          c.kind === 'routerInterface' && c.routerInterfaceId
            ? [c.routerInterfaceId]
            : c.kind === 'vpcPeerConnection' && c.instanceId
              ? [c.instanceId]
              : [],
        ),
        ...Object.values(read.journal.routerInterfaceIds),
        ...Object.values(read.journal.vpcPeerConnectionIds ?? {}),
      ]),
    ];
  }

  return {
    document,
    accounts,
    journalPath: options.journalPath,
    connect,

    async plan(operation, signal) {
      const live = await importLive(signal);
      const plan =
        operation === 'destroy'
          ? planTeardown(document, live.document, { owned: await ownedInterfaceIds() })
          : planChanges(document, live.document);
      return { plan, warnings: live.warnings };
    },

    async run(operation, request) {
      if (operation === 'apply' && request.allowIntentViolations !== true) {
        // The plan converges to the desired document: its intents are what apply would make true.
        const refused = refuseViolatedIntents(document, options.journalPath);
        if (refused) return refused;
      }
      const locks = await takeLocks(operation);
      try {
        const clients = await connect(request.signal);
        request.onStarted?.();
        let planChanged: Plan | undefined;
        const confirm =
          request.confirmedFingerprint !== undefined
            ? async (plan: Plan) => {
                if (plan.fingerprint === request.confirmedFingerprint) return true;
                planChanged = plan;
                return false;
              }
            : request.confirm;
        const runOptions = {
          desired: document,
          clients,
          journalPath: options.journalPath,
          ...(options.documentPath !== undefined ? { documentPath: options.documentPath } : {}),
          ...(options.documentId !== undefined ? { documentId: options.documentId } : {}),
          timing,
          ...(request.signal ? { signal: request.signal } : {}),
          ...(request.onEvent ? { onEvent: request.onEvent } : {}),
          ...(confirm ? { confirm } : {}),
          ...(request.verify !== undefined ? { verify: request.verify } : {}),
        };
        if (operation === 'destroy') {
          const owned = await ownedInterfaceIds();
          const result = await runDestroy({ ...runOptions, ownedRouterInterfaceIds: owned });
          if (planChanged) return { ...result, planChanged };
          if (result.outcome !== 'succeeded' && result.outcome !== 'no-op') return result;
          // Re-list: exit 0 only when nothing of the document's interconnection is live any more.
          const live = await importLive(request.signal);
          return { ...result, leftovers: findLeftovers(document, live.document, owned) };
        }
        const result = operation === 'apply' ? await runApply(runOptions) : await rollbackRun(runOptions);
        return planChanged ? { ...result, planChanged } : result;
      } finally {
        for (const lock of locks.reverse()) await lock.release();
      }
    },

    async verify(signal) {
      return verifyApply({ desired: document, clients: await connect(signal), timing, ...(signal ? { signal } : {}) });
    },

    close() {
      for (const c of all) c.close?.();
    },
  };
}
