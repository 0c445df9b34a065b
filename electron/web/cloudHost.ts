/**
 * The cloud half of the host API: targets, per-account credential sources, identity checks,
 * plan, apply runs and import. Secrets stay here (design.md §2): results carry descriptions of
 * credential sources, never keys.
 *
 * The engines (cloud/credentials, cloud/import, cloud/apply, simulator/plan) are wired in through
 * `CloudEngines`; what is not wired answers NOT_AVAILABLE instead of pretending to succeed.
 */
import { failingFlows, type ResolvedSource } from '../../cloud/session';
import type { Topology } from '../../simulator/document';
import { countOf } from '../../simulator/text/count';
import type {
  CredentialOptions,
  CredentialSource,
  DriftView,
  FailingFlowView,
  HostApi,
  IdentityStatus,
  ImportRequest,
  ImportResult,
  PlanView,
  RunView,
  StartRunOptions,
  StoreAccessKeyRequest,
  TargetInfo,
} from '../common/hostApi';
import { checkIdentity, chooseCredentialSource, getAccountCredentials, storeAccessKey } from './cloudAccounts';
import {
  ALIYUN_TARGET_ID,
  createCloudHostState,
  listTargets,
  notAvailable,
  parseDocument,
  resolveSource,
  SANDBOX_TARGET_ID,
  statusKey,
  targetOf,
  type CloudHostState,
} from './cloudHostState';
import { fail } from './errors';
import type { EventHub } from './events';

/** The in-process sandbox the host started (sandbox keys are not secrets: topology-format.md §3.4). */
export interface SandboxHandle {
  readonly endpoint: string;
  readonly accounts: readonly {
    readonly accountId: string;
    readonly accessKeyId: string;
    readonly accessKeySecret: string;
    readonly regionId?: string;
  }[];
  close(): Promise<void>;
}

export type CloudHost = Pick<
  HostApi,
  | 'listTargets'
  | 'getAccountCredentials'
  | 'setAccountCredentialSource'
  | 'getCredentialOptions'
  | 'storeAccessKey'
  | 'checkIdentity'
  | 'plan'
  | 'startApply'
  | 'cancelRun'
  | 'resumeRun'
  | 'getRun'
  | 'importAccounts'
  | 'reseedSandbox'
  | 'drift'
> & {
  defaultTargetId(): string;
  close(): Promise<void>;
};

/** A resolved credential source for one account on one target (cloud/session; may hold a secret). */
export type { ResolvedSource };

/** What the real engines provide; each is optional until its module exists. */
export interface CloudEngines {
  checkIdentity?(target: TargetContext, accountId: string, source: ResolvedSource): Promise<IdentityStatus>;
  plan?(
    target: TargetContext,
    document: Topology,
    sources: SourceLookup,
    operation?: 'apply' | 'destroy',
  ): Promise<PlanView>;
  startRun?(
    target: TargetContext,
    document: Topology,
    options: StartRunOptions,
    sources: SourceLookup,
    events: EventHub,
  ): Promise<RunView>;
  cancelRun?(runId: string): Promise<RunView>;
  resumeRun?(runId: string): Promise<RunView>;
  getRun?(runId: string): Promise<RunView>;
  importAccounts?(target: TargetContext, request: ImportRequest, sources: SourceLookup): Promise<ImportResult>;
  /** Whether any credentials for the real cloud exist (aliyun CLI config or environment). */
  hasAliyunCredentials?(): Promise<boolean>;
  drift?(target: TargetContext, document: Topology, sources: SourceLookup): Promise<DriftView>;
  /** The aliyun CLI's profiles (no keys), the environment, the keychain. */
  credentialOptions?(): Promise<CredentialOptions>;
  /** Stores a typed AccessKey; answers the source that now finds it. */
  storeAccessKey?(request: StoreAccessKeyRequest): Promise<CredentialSource>;
}

export type TargetContext =
  | { readonly kind: 'sandbox'; readonly id: string; readonly sandbox: SandboxHandle }
  | { readonly kind: 'aliyun'; readonly id: string };

export type SourceLookup = (accountId: string) => ResolvedSource;

export interface CloudHostOptions {
  readonly events: EventHub;
  readonly sandbox?: SandboxHandle;
  /** Starts a sandbox seeded with a document: how `reseedSandbox` replaces the running one. */
  readonly startSandbox?: (seedText: string) => Promise<SandboxHandle>;
  readonly engines?: CloudEngines;
}

/** How many plans' failing flows the host remembers (one per fingerprint) for the apply gate. */
const REMEMBERED_PLANS = 64;

/** `InstanceID_A → InstanceID_B (icmp): not reachable`: a failing flow as the Apply panel words it. */
function flowLine(document: Topology, flow: FailingFlowView): string {
  const name = (id: string) => document.instances.find((i) => i.instanceId === id)?.name ?? id;
  return (
    `${name(flow.from)} → ${name(flow.to)} (${flow.protocol}): ` +
    `${flow.verdict === 'unknown' ? 'undetermined' : 'not reachable'}${flow.reason === 'lost' ? ' (reachable today, lost by this plan)' : ''}`
  );
}

/**
 * The apply gate on the host's side: the renderer shows the plan's failing flows and asks a second
 * time, but a renderer bug or a scripted call must not get past it. The flows across the document's
 * links follow from the document alone (cloud/session/flowGate.ts); the flows the plan loses come
 * from the plan the user confirmed (its fingerprint).
 */
function refuseFailingFlows(document: Topology, confirmedPlanFlows: readonly FailingFlowView[]): void {
  const flows = [...failingFlows(document, [])];
  for (const f of confirmedPlanFlows) if (!flows.some((g) => g.from === f.from && g.to === f.to)) flows.push(f);
  if (flows.length === 0) return;
  const shown = flows.slice(0, 5).map((f) => flowLine(document, f));
  fail(
    'FLOWS_FAILING',
    `nothing ran: after this plan the simulation says ${countOf(flows.length, 'ping')} across the document's links ${flows.length === 1 ? 'still fails' : 'still fail'}: ` +
      `${shown.join('; ')}${flows.length > shown.length ? `; and ${flows.length - shown.length} more` : ''}. Fix ${flows.length === 1 ? 'it' : 'them'} (the app's "Would this ping work?" ` +
      `shows where each stops), or confirm the apply anyway (allowFailingFlows).`,
  );
}

export function createCloudHost(options: CloudHostOptions): CloudHost {
  const state = createCloudHostState(options);
  const { engines } = state;
  /** The account's source on a target, for the engines (they hold the secrets, never the renderer). */
  const sourcesOn = (t: TargetContext) => (accountId: string) => resolveSource(state, t, accountId);
  return {
    defaultTargetId: () => (state.sandbox ? SANDBOX_TARGET_ID : ALIYUN_TARGET_ID),
    listTargets: () => listTargets(state),
    getAccountCredentials: (targetId, text) => getAccountCredentials(state, targetId, text),
    setAccountCredentialSource: (accountId, source) => chooseCredentialSource(state, accountId, source),
    async getCredentialOptions() {
      if (!engines.credentialOptions) notAvailable('reading the aliyun CLI profiles');
      return engines.credentialOptions();
    },
    storeAccessKey: (request) => storeAccessKey(state, request),
    checkIdentity: (targetId, accountId) => checkIdentity(state, targetId, accountId),
    plan: (targetId, text, operation) => plan(state, targetId, text, operation),
    startApply: (targetId, text, runOptions) => startApply(state, targetId, text, runOptions),
    async cancelRun(runId) {
      if (!engines.cancelRun) notAvailable('cancelling a run');
      return engines.cancelRun(runId);
    },
    async resumeRun(runId) {
      if (!engines.resumeRun) notAvailable('resuming a run');
      return engines.resumeRun(runId);
    },
    async getRun(runId) {
      if (!engines.getRun) fail('NOT_FOUND', `there is no run "${runId}"`);
      return engines.getRun(runId);
    },
    async importAccounts(request) {
      const t = targetOf(state, request.targetId);
      if (request.intoDocumentText !== undefined) parseDocument(request.intoDocumentText);
      if (!engines.importAccounts) notAvailable('importing from accounts');
      return engines.importAccounts(t, request, sourcesOn(t));
    },
    async drift(targetId, text) {
      const t = targetOf(state, targetId);
      const document = parseDocument(text);
      if (!engines.drift) notAvailable('reading drift');
      return engines.drift(t, document, sourcesOn(t));
    },
    reseedSandbox: (text) => reseedSandbox(state, text),
    async close() {
      await state.sandbox?.close();
    },
  };
}

/** The plan preview (engine); its failing flows are remembered by fingerprint for the apply gate. */
async function plan(
  state: CloudHostState,
  targetId: string,
  text: string,
  operation?: 'apply' | 'destroy',
): Promise<PlanView> {
  const t = targetOf(state, targetId);
  const document = parseDocument(text);
  if (!state.engines.plan) notAvailable('planning against a cloud');
  const view = await state.engines.plan(t, document, (id) => resolveSource(state, t, id), operation);
  const { planFlows } = state;
  // Newest last: a plan made again moves to the end, and the oldest goes first when the map is full.
  planFlows.delete(view.fingerprint);
  planFlows.set(view.fingerprint, view.failingFlows);
  if (planFlows.size > REMEMBERED_PLANS) planFlows.delete(planFlows.keys().next().value!);
  return view;
}

/** A run of the confirmed plan (engine), behind the host's own apply gate (refuseFailingFlows). */
async function startApply(
  state: CloudHostState,
  targetId: string,
  text: string,
  runOptions: StartRunOptions,
): Promise<RunView> {
  const t = targetOf(state, targetId);
  const document = parseDocument(text);
  if (runOptions.mode === 'apply' && runOptions.allowFailingFlows !== true)
    refuseFailingFlows(document, state.planFlows.get(runOptions.planFingerprint ?? '') ?? []);
  if (!state.engines.startRun) notAvailable('applying from the app');
  return state.engines.startRun(t, document, runOptions, (id) => resolveSource(state, t, id), state.events);
}

/** Replaces the running sandbox with one seeded with `text`; its identity checks are forgotten. */
async function reseedSandbox(state: CloudHostState, text: string): Promise<TargetInfo> {
  parseDocument(text);
  const old = state.sandbox;
  if (!old || !state.startSandbox)
    fail('NOT_AVAILABLE', 'this host runs no sandbox (it was started with --no-sandbox)');
  // The old sandbox (and any run on it) ends first: a run must never carry on into another document's world.
  state.sandbox = undefined;
  await old.close();
  state.sandbox = await state.startSandbox(text);
  for (const key of [...state.statuses.keys()])
    if (key.startsWith(statusKey(SANDBOX_TARGET_ID, ''))) state.statuses.delete(key);
  const targets = await listTargets(state);
  state.events.emit({ kind: 'targets.changed', targets });
  return targets.find((t) => t.id === SANDBOX_TARGET_ID)!;
}
