/**
 * The cloud half of the host API: targets, per-account credential sources, identity checks,
 * plan, apply runs and import. Secrets stay here (design.md §2): results carry descriptions of
 * credential sources, never keys.
 *
 * The engines (cloud/credentials, cloud/import, cloud/apply, simulator/plan) are wired in through
 * `CloudEngines`; what is not wired answers NOT_AVAILABLE instead of pretending to succeed.
 */
import { failingFlows, type ResolvedSource } from '../../cloud/session';
import { loadDocumentText, type Topology } from '../../simulator/document';
import { countOf } from '../../simulator/text/count';
import type {
  AccountCredentials,
  CredentialOptions,
  CredentialSource,
  CredentialSourceView,
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
import { fail } from './errors';
import type { EventHub } from './events';

export const SANDBOX_TARGET_ID = 'sandbox';
export const ALIYUN_TARGET_ID = 'aliyun';

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

/** `LTAI…9xQ`: enough to recognise a key, useless to an attacker. */
export function maskKeyId(accessKeyId: string): string {
  return accessKeyId.length <= 8 ? '…' : `${accessKeyId.slice(0, 4)}…${accessKeyId.slice(-3)}`;
}

export function describeSource(resolved: ResolvedSource): CredentialSourceView {
  switch (resolved.kind) {
    case 'sandbox':
      return { kind: 'sandbox', description: `sandbox key ${resolved.accessKeyId}` };
    case 'none':
      return { kind: 'none', description: 'no credentials: choose a profile, the environment, a role or an AccessKey' };
    case 'default':
      return resolved.profile
        ? {
            kind: 'profile',
            description: `aliyun CLI profile "${resolved.profile}" (accounts[].profile)`,
            profile: resolved.profile,
          }
        : {
            kind: 'profile',
            description: 'default: a profile named by the account ID, else ALIBABA_CLOUD_PROFILE, else the environment',
          };
    case 'user': {
      const s = resolved.source;
      switch (s.kind) {
        case 'profile':
          return { kind: 'profile', description: `aliyun CLI profile "${s.profile}"`, profile: s.profile };
        case 'environment':
          return { kind: 'environment', description: 'environment variables (ALIBABA_CLOUD_ACCESS_KEY_ID …)' };
        case 'role':
          return {
            kind: 'role',
            description: `role ${s.roleArn} via ${s.sourceProfile ? `profile "${s.sourceProfile}"` : 'the environment'}`,
            roleArn: s.roleArn,
            ...(s.sourceProfile ? { profile: s.sourceProfile } : {}),
          };
        case 'accessKey':
          return { kind: 'accessKey', description: `AccessKey ${maskKeyId(s.accessKeyId)} (this session only)` };
        case 'keychain':
          return { kind: 'keychain', description: 'AccessKey stored in the OS keychain' };
      }
    }
  }
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

function parseDocument(text: string): Topology {
  const result = loadDocumentText(text);
  if (result.kind === 'fatal') fail('DOCUMENT_INVALID', `the document: ${result.message}`);
  if (result.kind === 'invalid') {
    const first = result.issues[0]!;
    fail(
      'DOCUMENT_INVALID',
      `the document does not match the topology schema (${countOf(result.issues.length, 'problem')}); first: ${first.path || '/'}: ${first.message}`,
    );
  }
  return result.document;
}

export function createCloudHost(options: CloudHostOptions): CloudHost {
  const { events } = options;
  /** The sandbox seeded with the document it was started or last reseeded with (one per host). */
  let sandbox = options.sandbox;
  const engines = options.engines ?? {};
  /** Per account: what the user chose (for the real cloud). Held in memory only. */
  const chosen = new Map<string, CredentialSource>();
  /** Profile names from documents (`accounts[].profile`), the default source (topology-format.md §3.4). */
  const documentProfiles = new Map<string, string>();
  const accountNames = new Map<string, string>();
  const statuses = new Map<string, IdentityStatus>();
  /** The failing flows of the plans this host made, by fingerprint: what a confirmation of one accepts. */
  const planFlows = new Map<string, readonly FailingFlowView[]>();

  const statusKey = (targetId: string, accountId: string) => `${targetId}\u0000${accountId}`;

  function target(targetId: string): TargetContext {
    if (targetId === SANDBOX_TARGET_ID && sandbox) return { kind: 'sandbox', id: targetId, sandbox };
    if (targetId === ALIYUN_TARGET_ID) return { kind: 'aliyun', id: targetId };
    return fail(
      'UNKNOWN_TARGET',
      `there is no target "${targetId}"${sandbox ? '' : ' (this host runs no sandbox)'}: use one from listTargets()`,
    );
  }

  function resolve(t: TargetContext, accountId: string): ResolvedSource {
    if (t.kind === 'sandbox') {
      const account = t.sandbox.accounts.find((a) => a.accountId === accountId);
      return account
        ? { kind: 'sandbox', accessKeyId: account.accessKeyId, accessKeySecret: account.accessKeySecret }
        : { kind: 'none' };
    }
    const source = chosen.get(accountId);
    if (source) return { kind: 'user', source };
    const profile = documentProfiles.get(accountId);
    return profile ? { kind: 'default', profile } : { kind: 'default' };
  }

  function view(t: TargetContext, accountId: string): AccountCredentials {
    const name = accountNames.get(accountId);
    return {
      accountId,
      ...(name ? { name } : {}),
      source: describeSource(resolve(t, accountId)),
      status: statuses.get(statusKey(t.id, accountId)) ?? { kind: 'unchecked' },
    };
  }

  function notAvailable(what: string): never {
    fail('NOT_AVAILABLE', `${what} is not available in this build yet`);
  }

  async function listTargets(): Promise<readonly TargetInfo[]> {
    const out: TargetInfo[] = [];
    if (sandbox) {
      out.push({
        id: SANDBOX_TARGET_ID,
        kind: 'sandbox',
        label: 'Sandbox (local)',
        description: `A local Alibaba Cloud OpenAPI emulator seeded with the opened document (${countOf(sandbox.accounts.length, 'account')}); nothing is billed.`,
        endpoint: sandbox.endpoint,
        available: true,
      });
    }
    const hasCredentials = engines.hasAliyunCredentials
      ? await engines.hasAliyunCredentials().catch(() => false)
      : false;
    out.push({
      id: ALIYUN_TARGET_ID,
      kind: 'aliyun',
      label: 'Alibaba Cloud',
      description: 'The real Alibaba Cloud, through the regional OpenAPI endpoints. Router interfaces are billed.',
      available: hasCredentials || chosen.size > 0,
      ...(hasCredentials || chosen.size > 0
        ? {}
        : {
            reason:
              'no credentials found: no aliyun CLI profile and no ALIBABA_CLOUD_ACCESS_KEY_ID in the environment; set a source per account in the Accounts panel',
          }),
    });
    return out;
  }

  return {
    defaultTargetId: () => (sandbox ? SANDBOX_TARGET_ID : ALIYUN_TARGET_ID),
    listTargets,

    async getAccountCredentials(targetId, text) {
      const t = target(targetId);
      const document = parseDocument(text);
      for (const account of document.accounts) {
        if (account.profile) documentProfiles.set(account.accountId, account.profile);
        if (account.name) accountNames.set(account.accountId, account.name);
      }
      return document.accounts.map((a) => view(t, a.accountId));
    },

    async setAccountCredentialSource(accountId, source) {
      chosen.set(accountId, source);
      // A new source invalidates the last check on the real cloud.
      statuses.delete(statusKey(ALIYUN_TARGET_ID, accountId));
      events.emit({ kind: 'targets.changed', targets: await listTargets() });
      return view({ kind: 'aliyun', id: ALIYUN_TARGET_ID }, accountId);
    },

    async getCredentialOptions() {
      if (!engines.credentialOptions) notAvailable('reading the aliyun CLI profiles');
      return engines.credentialOptions();
    },

    async storeAccessKey(request) {
      if (!engines.storeAccessKey) notAvailable('storing an AccessKey');
      const source = await engines.storeAccessKey(request);
      chosen.set(request.accountId, source);
      statuses.delete(statusKey(ALIYUN_TARGET_ID, request.accountId));
      events.emit({ kind: 'targets.changed', targets: await listTargets() });
      return view({ kind: 'aliyun', id: ALIYUN_TARGET_ID }, request.accountId);
    },

    async checkIdentity(targetId, accountId) {
      const t = target(targetId);
      if (!engines.checkIdentity) notAvailable('checking the caller identity');
      const status = await engines.checkIdentity(t, accountId, resolve(t, accountId));
      statuses.set(statusKey(t.id, accountId), status);
      return view(t, accountId);
    },

    async plan(targetId, text, operation) {
      const t = target(targetId);
      const document = parseDocument(text);
      if (!engines.plan) notAvailable('planning against a cloud');
      const view = await engines.plan(t, document, (id) => resolve(t, id), operation);
      planFlows.delete(view.fingerprint);
      planFlows.set(view.fingerprint, view.failingFlows);
      if (planFlows.size > REMEMBERED_PLANS) planFlows.delete(planFlows.keys().next().value!);
      return view;
    },

    async startApply(targetId, text, runOptions) {
      const t = target(targetId);
      const document = parseDocument(text);
      if (runOptions.mode === 'apply' && runOptions.allowFailingFlows !== true)
        refuseFailingFlows(document, planFlows.get(runOptions.planFingerprint ?? '') ?? []);
      if (!engines.startRun) notAvailable('applying from the app');
      return engines.startRun(t, document, runOptions, (id) => resolve(t, id), events);
    },

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
      const t = target(request.targetId);
      if (request.intoDocumentText !== undefined) parseDocument(request.intoDocumentText);
      if (!engines.importAccounts) notAvailable('importing from accounts');
      return engines.importAccounts(t, request, (id) => resolve(t, id));
    },

    async drift(targetId, text) {
      const t = target(targetId);
      const document = parseDocument(text);
      if (!engines.drift) notAvailable('reading drift');
      return engines.drift(t, document, (id) => resolve(t, id));
    },

    async reseedSandbox(text) {
      parseDocument(text);
      if (!sandbox || !options.startSandbox)
        fail('NOT_AVAILABLE', 'this host runs no sandbox (it was started with --no-sandbox)');
      // The old sandbox (and any run on it) ends first: a run must never carry on into another document's world.
      const old = sandbox;
      sandbox = undefined;
      await old.close();
      sandbox = await options.startSandbox(text);
      for (const key of [...statuses.keys()]) if (key.startsWith(`${SANDBOX_TARGET_ID}\u0000`)) statuses.delete(key);
      const targets = await listTargets();
      events.emit({ kind: 'targets.changed', targets });
      return targets.find((t) => t.id === SANDBOX_TARGET_ID)!;
    },

    async close() {
      await sandbox?.close();
    },
  };
}
