/**
 * What the cloud half of the host remembers between calls, in one object the operations share
 * (cloudHost.ts, cloudAccounts.ts): the sandbox it runs, the credential source the user chose
 * per account, the profiles and names documents gave, the last identity checks, and the failing
 * flows of the plans it made. Secrets stay here and in the engines (design.md §2).
 */
import { loadDocumentText, type Topology } from '../../simulator/document';
import { countOf } from '../../simulator/text/count';
import type {
  AccountCredentials,
  CredentialSource,
  FailingFlowView,
  IdentityStatus,
  TargetInfo,
} from '../common/hostApi';
import { describeSource } from './cloudViews';
import type { CloudEngines, CloudHostOptions, ResolvedSource, SandboxHandle, TargetContext } from './cloudHost';
import { fail } from './errors';
import type { EventHub } from './events';

export const SANDBOX_TARGET_ID = 'sandbox';
export const ALIYUN_TARGET_ID = 'aliyun';

export interface CloudHostState {
  readonly events: EventHub;
  readonly engines: CloudEngines;
  readonly startSandbox: CloudHostOptions['startSandbox'];
  /** The sandbox seeded with the document it was started or last reseeded with (one per host). */
  sandbox: SandboxHandle | undefined;
  /** Per account: what the user chose (for the real cloud). Held in memory only. */
  readonly chosen: Map<string, CredentialSource>;
  /** Profile names from documents (`accounts[].profile`), the default source (topology-format.md §3.4). */
  readonly documentProfiles: Map<string, string>;
  readonly accountNames: Map<string, string>;
  /** The last identity check per target and account (see {@link statusKey}). */
  readonly statuses: Map<string, IdentityStatus>;
  /** The failing flows of the plans this host made, by fingerprint: what a confirmation of one accepts. */
  readonly planFlows: Map<string, readonly FailingFlowView[]>;
}

export function createCloudHostState(options: CloudHostOptions): CloudHostState {
  return {
    events: options.events,
    engines: options.engines ?? {},
    startSandbox: options.startSandbox,
    sandbox: options.sandbox,
    chosen: new Map(),
    documentProfiles: new Map(),
    accountNames: new Map(),
    statuses: new Map(),
    planFlows: new Map(),
  };
}

export const statusKey = (targetId: string, accountId: string) => `${targetId}\u0000${accountId}`;

export function targetOf(state: CloudHostState, targetId: string): TargetContext {
  const sandbox = state.sandbox;
  if (targetId === SANDBOX_TARGET_ID && sandbox) return { kind: 'sandbox', id: targetId, sandbox };
  if (targetId === ALIYUN_TARGET_ID) return { kind: 'aliyun', id: targetId };
  return fail(
    'UNKNOWN_TARGET',
    `there is no target "${targetId}"${sandbox ? '' : ' (this host runs no sandbox)'}: use one from listTargets()`,
  );
}

/** The credential source for one account on one target: the sandbox's keys, the user's choice, or the default. */
export function resolveSource(state: CloudHostState, t: TargetContext, accountId: string): ResolvedSource {
  if (t.kind === 'sandbox') {
    const account = t.sandbox.accounts.find((a) => a.accountId === accountId);
    return account
      ? { kind: 'sandbox', accessKeyId: account.accessKeyId, accessKeySecret: account.accessKeySecret }
      : { kind: 'none' };
  }
  const source = state.chosen.get(accountId);
  if (source) return { kind: 'user', source };
  const profile = state.documentProfiles.get(accountId);
  return profile ? { kind: 'default', profile } : { kind: 'default' };
}

/** An account as the Accounts panel shows it: a description of its source (never a key) and its last check. */
export function accountView(state: CloudHostState, t: TargetContext, accountId: string): AccountCredentials {
  const name = state.accountNames.get(accountId);
  return {
    accountId,
    ...(name ? { name } : {}),
    source: describeSource(resolveSource(state, t, accountId)),
    status: state.statuses.get(statusKey(t.id, accountId)) ?? { kind: 'unchecked' },
  };
}

export function notAvailable(what: string): never {
  fail('NOT_AVAILABLE', `${what} is not available in this build yet`);
}

export async function listTargets(state: CloudHostState): Promise<readonly TargetInfo[]> {
  const out: TargetInfo[] = [];
  const { sandbox, engines, chosen } = state;
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
  const hasCredentials = engines.hasAliyunCredentials ? await engines.hasAliyunCredentials().catch(() => false) : false;
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

/** The document a call carries, parsed at the boundary: DOCUMENT_INVALID with the first problem otherwise. */
export function parseDocument(text: string): Topology {
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
