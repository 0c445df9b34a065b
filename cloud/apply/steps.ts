/**
 * How each kind of plan step runs against the cloud: the call, which refusals are worth retrying,
 * how an ambiguous failure (timeout, lost response) is resolved by looking the resource up before
 * retrying, and when a step is already done (resume) so it is not repeated.
 */
import { CloudError, type CallParams, type CloudClient } from '../client';
import {
  isNetworkAclStep,
  type CreatedResource,
  type PlanStep,
  type RouterInterfaceKey,
  type VpcPeerKey,
} from '../../simulator/plan';
import type { ApplyEvent, StepErrorInfo } from './events';
import {
  describeRouterInterface,
  describeVpcPeerConnection,
  findRouteEntry,
  findRouterInterfaceByKey,
  findVpcPeerConnectionByKey,
  type LiveRouteEntry,
  type LiveRouterInterface,
  type LiveVpcPeerConnection,
} from './lookup';
import { alignedDelay } from './batch';
import { runNetworkAclStep } from './networkAclSteps';
import { backoffDelay, pollDelay, sleep, type ApplyTiming } from './policy';

/** Everything a step needs while it runs. */
export interface StepRuntime {
  readonly client: CloudClient;
  readonly timing: ApplyTiming;
  readonly signal: AbortSignal | undefined;
  readonly random: () => number;
  /** True when an earlier run of this journal started the step: look before acting. */
  readonly resumed: boolean;
  emit(event: ApplyEvent): void;
  /** Records (or completes) a resource this run creates; persisted before the call is made. */
  recordCreated(resource: CreatedResource): Promise<void>;
  /** Counts one API call made for the step (journal `attempts`). */
  countAttempt(): void;
  /** A wait step's first poll is not sent before this epoch ms (pollSchedule.ts). Absent: at once. */
  readonly firstPollAt?: number;
  /**
   * A poll of an interface's status, batched with the other waits of the run for the same
   * (account, region) (batch.ts). Absent: one DescribeRouterInterfaces per poll.
   */
  readonly pollRouterInterface?: (regionId: string, id: string) => Promise<LiveRouterInterface | undefined>;
  /** A poll of a route's status, batched per route table (batch.ts). Absent: one call per poll. */
  readonly pollRouteEntry?: (
    regionId: string,
    routeTableId: string,
    destinationCidrBlock: string,
  ) => Promise<LiveRouteEntry | undefined>;
}

export interface StepResult {
  readonly outputs: Readonly<Record<string, string>>;
  /** Set when nothing had to be done; the reason. */
  readonly skipped?: string;
  readonly note?: string;
}

/** A step that failed for good. */
export class StepFailure extends Error {
  override readonly name = 'StepFailure';
  constructor(readonly info: StepErrorInfo) {
    super(info.message);
  }
}

export function errorInfo(error: unknown): StepErrorInfo {
  if (error instanceof StepFailure) return error.info;
  if (error instanceof CloudError)
    return {
      code: error.code,
      message: error.message,
      action: error.action,
      ...(error.requestId !== undefined ? { requestId: error.requestId } : {}),
    };
  return { code: 'INTERNAL_ERROR', message: error instanceof Error ? error.message : String(error) };
}

const NOT_FOUND_RI = new Set(['InvalidRouterInterfaceId.NotFound', 'InvalidInstanceId.NotFound']);
const NOT_FOUND_ROUTE = new Set(['InvalidRouteEntry.NotFound', 'InvalidRouteEntryId.NotFound']);
/** CreateRouteEntry codes that mean "a route with this destination exists" (aliyun-api.md §4.2). */
const ROUTE_DUPLICATE = new Set([
  'InvalidCIDRBlock.Duplicate',
  'RouterEntryConflict.Duplicated',
  'Duplicated.VpcNextHop',
]);
/** DeleteRouterInterface refusals terraform retries for 5 minutes (aliyun-api.md §3.6). */
const DELETE_RI_RETRY = new Set([
  'IncorrectStatus',
  'InvalidInstance.StatusError',
  'DependencyViolation.RouterInterfaceReferedByRouteEntry',
  'RouterInterfaceReferredByRouteEntry',
  'ReferredByRouteEntry.RouterInterface',
  'OperationConflict',
]);
/** VpcPeer refusals worth retrying while the connection settles (aliyun-links.md §1.10: terraform's accepter retries them). */
const PCC_STATUS_RETRY = new Set(['IncorrectStatus.VpcPeer', 'IncorrectStatus']);
/** DeleteVpcPeerConnection refusals terraform's accepter retries (§1.10); a route still being deleted gives the second (§1.6). */
const DELETE_PCC_RETRY = new Set(['IncorrectStatus.VpcPeer', 'IncorrectStatus', 'OperationDenied.RouteEntryExist']);
/** A connection the accepter refused or let lapse (§1.4): no wait for Activated can end well. */
const PCC_REFUSED = new Set(['Rejected', 'Expired']);
/** Statuses that satisfy a wait for each target (a connection past `Accepting` has been accepted already, §1.4). */
const PCC_REACHED: Readonly<Record<'Accepting' | 'Activated', ReadonlySet<string>>> = {
  Accepting: new Set(['Accepting', 'Updating', 'Activated']),
  Activated: new Set(['Activated']),
};
const PCC_GONE_STATUS = new Set(['Deleting', 'Deleted']);
/** Consecutive "not found" polls before a wait for an interface's status gives up. */
const MAX_NOT_FOUND_POLLS = 15;
const TRANSIENT_RI = new Set(['Connecting', 'AcceptingConnecting', 'Activating', 'Deactivating', 'Modifying']);

interface CallPolicy {
  /** Extra codes worth retrying for this call, with the budget (ms since the first attempt) they get. */
  readonly extraRetryable?: { readonly codes: ReadonlySet<string>; readonly budgetMs: number };
  /** After an ambiguous failure: did the call take effect? Return the result to use, or undefined to retry. */
  readonly resolveAmbiguous?: () => Promise<Record<string, unknown> | undefined>;
  /** A refusal that may mean "already done": return a result to accept it, undefined to handle normally. */
  readonly resolveRefusal?: (error: CloudError) => Promise<Record<string, unknown> | undefined>;
  /**
   * Codes the client classes as retryable that may nevertheless mean "already done" for this call
   * (`IncorrectStatus.VpcPeer` after an accept by an earlier or concurrent run): `resolveRefusal`
   * is asked before they are retried.
   */
  readonly refusalsToCheck?: ReadonlySet<string>;
}

/**
 * One API call with the engine's retry policy: retryable errors (cloud/client's classification,
 * aliyun-api.md §1.7) and the step's extra codes are retried with backoff, same parameters and
 * ClientToken; an ambiguous failure is looked up first (`resolveAmbiguous`) and only retried if the
 * effect is not visible.
 */
export async function callWithRetry(
  rt: StepRuntime,
  step: PlanStep,
  action: string,
  params: CallParams,
  policy: CallPolicy = {},
): Promise<Record<string, unknown>> {
  const started = Date.now();
  for (let attempt = 1; ; attempt++) {
    let error: CloudError;
    try {
      rt.countAttempt();
      // No AbortSignal here: a call in flight is finished and recorded, never cut (Ctrl-C waits for it).
      return await rt.client.call(step.product, callRegion(step.product, action, step.regionId), action, params, {
        timeoutMs: rt.timing.callTimeoutMs,
      });
    } catch (caught) {
      if (!(caught instanceof CloudError)) throw caught;
      error = caught;
    }
    if (error.ambiguous && policy.resolveAmbiguous) {
      const resolved = await policy.resolveAmbiguous();
      rt.emit({
        kind: 'step-ambiguous',
        stepId: step.id,
        code: error.code,
        outcome: resolved ? 'took-effect' : 'retrying',
      });
      if (resolved) return resolved;
    }
    if (
      !error.ambiguous &&
      policy.resolveRefusal &&
      (!error.retryable || policy.refusalsToCheck?.has(error.code) === true)
    ) {
      const accepted = await policy.resolveRefusal(error);
      if (accepted) return accepted;
    }
    const extra = policy.extraRetryable;
    const retryable =
      error.retryable ||
      error.ambiguous ||
      (extra !== undefined && extra.codes.has(error.code) && Date.now() - started < extra.budgetMs);
    const limit = extra !== undefined && extra.codes.has(error.code) ? Number.POSITIVE_INFINITY : rt.timing.maxAttempts;
    if (!retryable || attempt >= limit) throw error;
    const delayMs = backoffDelay(rt.timing, attempt, rt.random);
    rt.emit({ kind: 'step-retrying', stepId: step.id, code: error.code, attempt, delayMs, message: error.message });
    await sleep(delayMs, rt.signal);
  }
}

/**
 * The region a call is sent with. VpcPeer has one central endpoint and takes `RegionId` on Create
 * and List only (aliyun-links.md §1.1, §1.2); cloud/client sends none for region `''`.
 */
function callRegion(product: PlanStep['product'], action: string, regionId: string): string {
  return product === 'vpcpeer' && action !== 'CreateVpcPeerConnection' && action !== 'ListVpcPeerConnections'
    ? ''
    : regionId;
}

/** A look-up that itself fails (throttled …) is retried a few times; if it keeps failing, "unknown" (undefined): the caller then retries the call with the same ClientToken. */
export async function safeLookup<T>(rt: StepRuntime, lookup: () => Promise<T>): Promise<T | undefined> {
  for (let attempt = 1; attempt <= rt.timing.maxAttempts; attempt++) {
    try {
      return await lookup();
    } catch (error) {
      if (!(error instanceof CloudError) || !(error.retryable || error.ambiguous)) throw error;
      await sleep(backoffDelay(rt.timing, attempt, rt.random), rt.signal);
    }
  }
  return undefined;
}

function riLookup(rt: StepRuntime, key: RouterInterfaceKey): Promise<LiveRouterInterface | undefined> {
  return safeLookup(rt, () => findRouterInterfaceByKey(rt.client, key, { timeoutMs: rt.timing.callTimeoutMs })).then(
    (x) => x ?? undefined,
  );
}

function riById(rt: StepRuntime, regionId: string, id: string): Promise<LiveRouterInterface | undefined> {
  return safeLookup(rt, () => describeRouterInterface(rt.client, regionId, id, { timeoutMs: rt.timing.callTimeoutMs }));
}

/** Like riById, for polls: through the run's batcher when there is one. */
function riPoll(rt: StepRuntime, regionId: string, id: string): Promise<LiveRouterInterface | undefined> {
  const batched = rt.pollRouterInterface;
  return batched ? safeLookup(rt, () => batched(regionId, id)) : riById(rt, regionId, id);
}

function pccLookup(rt: StepRuntime, key: VpcPeerKey): Promise<LiveVpcPeerConnection | undefined> {
  return safeLookup(rt, () => findVpcPeerConnectionByKey(rt.client, key, { timeoutMs: rt.timing.callTimeoutMs }));
}

function pccById(rt: StepRuntime, id: string): Promise<LiveVpcPeerConnection | undefined> {
  return safeLookup(rt, () => describeVpcPeerConnection(rt.client, id, { timeoutMs: rt.timing.callTimeoutMs }));
}

/** The live ID of the connection a step acts on: resolved from the plan, or looked up by natural key (rollback of a create whose answer was lost). */
async function resolvePccId(
  rt: StepRuntime,
  step: Extract<PlanStep, { peering: unknown }>,
  id: unknown,
): Promise<string | undefined> {
  if (typeof id === 'string' && id !== '' && id !== '(looked up)') return id;
  // Looked up in the requester's account, where the connection was created.
  if (step.accountId !== step.peering.key.accountId) return undefined;
  return (await pccLookup(rt, step.peering.key))?.instanceId;
}

/** Polls `probe` until it returns a value (done) or the wait budget runs out. */
export async function poll<T>(
  rt: StepRuntime,
  step: PlanStep,
  waitingFor: string,
  probe: () => Promise<{ done: true; value: T } | { done: false; status: string }>,
): Promise<T> {
  const started = Date.now();
  const grid = rt.timing.pollInitialMs / 2;
  // Until the transition can be over, a poll would only cost a call (pollSchedule.ts).
  const early = rt.firstPollAt !== undefined ? rt.firstPollAt - started : 0;
  if (early > 0) await sleep(alignedDelay(early, grid), rt.signal);
  let lastStatus = '';
  for (let n = 0; ; n++) {
    const result = await probe();
    if (result.done) return result.value;
    if (result.status !== lastStatus) {
      rt.emit({ kind: 'step-polling', stepId: step.id, status: result.status, waitingFor });
      lastStatus = result.status;
    }
    if (Date.now() - started > rt.timing.waitTimeoutMs) {
      throw new StepFailure({
        code: 'WAIT_TIMEOUT',
        message: `${step.description}: still ${result.status || 'not there'} after ${Math.round((Date.now() - started) / 1000)} s (waiting for ${waitingFor})`,
        action: step.action,
      });
    }
    // Aligned on a grid of half the first interval: waits started together poll together (one batched round).
    await sleep(alignedDelay(pollDelay(rt.timing, n), grid), rt.signal);
  }
}

/** The live ID of the interface a step acts on: given, or looked up by natural key (rollback of a create whose answer was lost). */
async function resolveRiId(
  rt: StepRuntime,
  step: Extract<PlanStep, { target: unknown }>,
  id: string | undefined,
): Promise<string | undefined> {
  if (id !== undefined && id !== '(looked up)') return id;
  const found = await riLookup(rt, step.target.key);
  return found?.routerInterfaceId;
}

/**
 * A create whose lost answer must never become a second, billed resource: a resumed step looks the
 * resource up by natural key first; the journal records it (without ID) before the call and with
 * its ID after; an ambiguous failure (or the API's "already exists") is resolved by the same look-up.
 */
async function createFoundByKey(
  rt: StepRuntime,
  step: PlanStep,
  params: CallParams,
  how: {
    readonly idField: string;
    readonly lookup: () => Promise<string | undefined>;
    readonly record: (id: string | undefined) => Promise<void>;
    readonly alreadyExists?: string;
  },
): Promise<StepResult> {
  if (rt.resumed) {
    const existing = await how.lookup();
    if (existing) {
      await how.record(existing);
      return { outputs: { [how.idField]: existing }, note: 'found by natural key (created by the interrupted run)' };
    }
  }
  await how.record(undefined);
  const found = async () => {
    const id = await how.lookup();
    return id ? { [how.idField]: id } : undefined;
  };
  const response = await callWithRetry(rt, step, step.action, params, {
    resolveAmbiguous: found,
    ...(how.alreadyExists !== undefined
      ? { resolveRefusal: async (e: CloudError) => (e.code === how.alreadyExists ? found() : undefined) }
      : {}),
  });
  const id = String(response[how.idField] ?? '');
  if (!id)
    throw new StepFailure({
      code: 'UNEXPECTED_RESPONSE',
      message: `${step.action} returned no ${how.idField}`,
      action: step.action,
    });
  await how.record(id);
  return { outputs: { [how.idField]: id } };
}

/** Runs one step. `params` have every `$ref` resolved; `targetId` is the resolved interface ID for RI steps. */
export async function runStep(
  rt: StepRuntime,
  step: PlanStep,
  params: CallParams,
  targetId: string | undefined,
): Promise<StepResult> {
  if (isNetworkAclStep(step)) return runNetworkAclStep(rt, step, params);
  switch (step.kind) {
    case 'createRouterInterface': {
      const key = step.target.key;
      return createFoundByKey(rt, step, params, {
        idField: 'RouterInterfaceId',
        lookup: async () => (await riLookup(rt, key))?.routerInterfaceId,
        record: (routerInterfaceId) =>
          rt.recordCreated({
            kind: 'routerInterface',
            stepId: step.id,
            accountId: step.accountId,
            regionId: step.regionId,
            key,
            ...(routerInterfaceId !== undefined ? { routerInterfaceId } : {}),
          }),
      });
    }

    case 'waitRouterInterface': {
      const until = step.until;
      let missing = 0;
      const value = await poll(rt, step, until, async () => {
        const id = await resolveRiId(rt, step, targetId);
        const live = id !== undefined ? await riPoll(rt, step.regionId, id) : undefined;
        if (until === 'Deleted') return live ? { done: false, status: live.status } : { done: true, value: '' };
        if (!live) {
          // A moment of "not found" right after a create is normal (eventual consistency); for long, the interface is gone.
          if (++missing >= MAX_NOT_FOUND_POLLS)
            throw new StepFailure({
              code: 'RESOURCE_NOT_FOUND',
              message: `${step.description}: ${id ?? 'the interface'} is not found in ${step.regionId} (deleted meanwhile?)`,
              action: step.action,
            });
          return { done: false, status: 'not found' };
        }
        missing = 0;
        // Inactive: the peer of a deactivated or deleted interface may end Idle (sandbox lifecycle, UNCONFIRMED).
        const ok = live.status === until || (until === 'Inactive' && live.status === 'Idle');
        return ok ? { done: true, value: live.routerInterfaceId } : { done: false, status: live.status };
      });
      return { outputs: value ? { RouterInterfaceId: value } : {} };
    }

    case 'modifyRouterInterfaceAttribute':
      // Idempotent: setting the same opposite info again is harmless, so ambiguous failures just retry.
      await callWithRetry(rt, step, step.action, params);
      return { outputs: {} };

    case 'connectRouterInterface':
    case 'activateRouterInterface': {
      const id = targetId!;
      const underWay = async () => {
        const live = await riById(rt, step.regionId, id);
        return live && (TRANSIENT_RI.has(live.status) || live.status === 'Active') && live.status !== 'Deactivating'
          ? { RequestId: 'looked-up' }
          : undefined;
      };
      if (rt.resumed && (await underWay())) return { outputs: {}, skipped: 'the connection is already under way' };
      await callWithRetry(rt, step, step.action, params, {
        // aliyun-api.md §3.4: peer info from the other account may lag; terraform retries 2 min.
        ...(step.kind === 'connectRouterInterface'
          ? {
              extraRetryable: {
                codes: new Set(['IncorrectOppositeInterfaceInfo.NotSet']),
                budgetMs: rt.timing.connectNotSetBudgetMs,
              },
            }
          : {}),
        resolveAmbiguous: underWay,
        // A refusal for status after a lost success: the connection is already under way.
        resolveRefusal: async (error) =>
          error.code === 'IncorrectRIStatus' || error.code === 'IncorrectStatus' ? underWay() : undefined,
      });
      return { outputs: {} };
    }

    case 'modifyRouterInterfaceSpec':
      await callWithRetry(rt, step, step.action, params);
      return { outputs: {} };

    case 'deactivateRouterInterface': {
      const id = await resolveRiId(rt, step, targetId);
      if (id === undefined) return { outputs: {}, skipped: 'the interface does not exist' };
      // Let a connection in progress settle first: only an Active interface can be deactivated (§3.5).
      const status = await poll(rt, step, 'a settled status', async () => {
        const live = await riPoll(rt, step.regionId, id);
        if (!live) return { done: true, value: 'gone' };
        return TRANSIENT_RI.has(live.status) && live.status !== 'Deactivating'
          ? { done: false, status: live.status }
          : { done: true, value: live.status };
      });
      if (status !== 'Active') return { outputs: { RouterInterfaceId: id }, skipped: `already ${status}` };
      const gone = async () => {
        const live = await riById(rt, step.regionId, id);
        return !live || live.status === 'Deactivating' || live.status === 'Inactive' || live.status === 'Idle'
          ? { RequestId: 'looked-up' }
          : undefined;
      };
      await callWithRetry(
        rt,
        step,
        step.action,
        { ...params, RouterInterfaceId: id },
        {
          resolveAmbiguous: gone,
          resolveRefusal: async (e) =>
            e.code === 'IncorrectRIStatus' || e.code === 'IncorrectStatus' ? gone() : undefined,
        },
      );
      return { outputs: { RouterInterfaceId: id } };
    }

    case 'deleteRouterInterface': {
      const id = await resolveRiId(rt, step, targetId);
      if (id === undefined) return { outputs: {}, skipped: 'the interface does not exist' };
      const goneOrGoing = async () => {
        const live = await riById(rt, step.regionId, id);
        return !live || live.status === 'Deleting' ? { RequestId: 'looked-up' } : undefined;
      };
      if (await goneOrGoing()) return { outputs: { RouterInterfaceId: id }, skipped: 'already deleted' };
      await callWithRetry(
        rt,
        step,
        step.action,
        { ...params, RouterInterfaceId: id },
        {
          extraRetryable: { codes: DELETE_RI_RETRY, budgetMs: rt.timing.deleteRetryBudgetMs },
          resolveAmbiguous: goneOrGoing,
          // terraform treats InvalidInstanceId.NotFound as already gone (§3.6).
          resolveRefusal: async (e) => (NOT_FOUND_RI.has(e.code) ? { RequestId: 'gone' } : undefined),
        },
      );
      return { outputs: { RouterInterfaceId: id } };
    }

    case 'createRouteEntry': {
      const nextHopId = String(params.NextHopId ?? '');
      const { route } = step;
      await rt.recordCreated({
        kind: 'routeEntry',
        stepId: step.id,
        accountId: step.accountId,
        regionId: step.regionId,
        vpcId: step.vpcId,
        routeTableId: route.routeTableId,
        destinationCidrBlock: route.destinationCidrBlock,
        nextHopType: route.nextHopType,
        nextHopId,
      });
      const ours = async () => {
        const live = await safeLookup(rt, () =>
          findRouteEntry(rt.client, step.regionId, route.routeTableId, route.destinationCidrBlock, {
            timeoutMs: rt.timing.callTimeoutMs,
          }),
        );
        return live && live.nextHopId === nextHopId && live.nextHopType === route.nextHopType
          ? { RouteEntryId: live.routeEntryId }
          : undefined;
      };
      if (rt.resumed) {
        const existing = await ours();
        if (existing)
          return {
            outputs: { RouteEntryId: String(existing.RouteEntryId) },
            note: 'found (created by the interrupted run)',
          };
      }
      const response = await callWithRetry(rt, step, step.action, params, {
        resolveAmbiguous: ours,
        // "Duplicate" after a lost success is our own route; a route to elsewhere is a real conflict.
        resolveRefusal: async (e) => (ROUTE_DUPLICATE.has(e.code) ? ours() : undefined),
      });
      return { outputs: { RouteEntryId: String(response.RouteEntryId ?? '') } };
    }

    case 'waitRouteEntry': {
      const { route } = step;
      const batched = rt.pollRouteEntry;
      await poll(rt, step, step.until, async () => {
        const live = await safeLookup(rt, () =>
          batched
            ? batched(step.regionId, route.routeTableId, route.destinationCidrBlock)
            : findRouteEntry(rt.client, step.regionId, route.routeTableId, route.destinationCidrBlock, {
                timeoutMs: rt.timing.callTimeoutMs,
              }),
        );
        if (step.until === 'Deleted') return live ? { done: false, status: live.status } : { done: true, value: true };
        return live && live.status === 'Available'
          ? { done: true, value: true }
          : { done: false, status: live?.status ?? 'not found' };
      });
      return { outputs: {} };
    }

    case 'deleteRouteEntry': {
      const { route } = step;
      const gone = async () => {
        const live = await safeLookup(rt, () =>
          findRouteEntry(rt.client, step.regionId, route.routeTableId, route.destinationCidrBlock, {
            timeoutMs: rt.timing.callTimeoutMs,
          }),
        );
        return !live || live.nextHopId !== params.NextHopId || live.status === 'Deleting'
          ? { RequestId: 'looked-up' }
          : undefined;
      };
      // Always look first: a resumed run, a rollback or a concurrent change may have removed it.
      if (await gone()) return { outputs: {}, skipped: 'the route is not there' };
      await callWithRetry(rt, step, step.action, params, {
        resolveAmbiguous: gone,
        // terraform treats InvalidRouteEntry.NotFound as success (§4.3).
        resolveRefusal: async (e) => (NOT_FOUND_ROUTE.has(e.code) ? { RequestId: 'gone' } : undefined),
      });
      return { outputs: {} };
    }

    case 'authorizeSecurityGroup':
      await rt.recordCreated({
        kind: 'securityGroupRules',
        stepId: step.id,
        accountId: step.accountId,
        regionId: step.regionId,
        securityGroupId: step.securityGroupId,
        direction: step.direction,
        permissions: step.permissions,
      });
      // Re-adding an existing rule is a silent no-op (aliyun-api.md §5.4): ambiguous failures just retry.
      await callWithRetry(rt, step, step.action, params);
      return { outputs: {} };

    case 'revokeSecurityGroup':
      await callWithRetry(rt, step, step.action, params);
      return { outputs: {} };

    case 'createVpcPeerConnection': {
      // The natural key, not the ClientToken alone, decides "already made": a lost answer must
      // never become a second, billed connection (§1.5).
      const key = step.peering.key;
      const lookup = async () => (await pccLookup(rt, key))?.instanceId;
      return createFoundByKey(rt, step, params, {
        idField: 'InstanceId',
        lookup,
        // "Already exists" after a lost success is our own connection (the API allows one per pair of VPCs, §1.9).
        alreadyExists: 'ResourceAlreadyExist.VpcPeer',
        record: (instanceId) =>
          rt.recordCreated({
            kind: 'vpcPeerConnection',
            stepId: step.id,
            accountId: step.accountId,
            regionId: step.regionId,
            key,
            ...(instanceId !== undefined ? { instanceId } : {}),
          }),
      });
    }

    case 'acceptVpcPeerConnection': {
      const id = String(params.InstanceId ?? '');
      // Runs with the ACCEPTER's credentials (the plan puts the step in its account, §1.4).
      const accepted = async () => {
        const live = await pccById(rt, id);
        if (live && (PCC_REFUSED.has(live.status) || PCC_GONE_STATUS.has(live.status)))
          // Refused or withdrawn meanwhile: no retry can accept it (§1.4); say so now, not after the budget.
          throw new StepFailure({
            code: 'PEERING_REFUSED',
            message: `${step.description}: ${id} is ${live.status}; it can no longer be accepted`,
            action: step.action,
          });
        return live && (live.status === 'Updating' || live.status === 'Activated')
          ? { RequestId: 'looked-up' }
          : undefined;
      };
      if (rt.resumed && (await accepted())) return { outputs: { InstanceId: id }, skipped: 'already accepted' };
      await callWithRetry(rt, step, step.action, params, {
        // The request may not have reached the accepter's side yet, or still be Creating: retry a while.
        extraRetryable: {
          codes: new Set([...PCC_STATUS_RETRY, 'ResourceNotFound.InstanceId']),
          budgetMs: rt.timing.connectNotSetBudgetMs,
        },
        resolveAmbiguous: accepted,
        // terraform's accepter ignores IncorrectStatus.VpcPeer (already accepted, §1.10); we look first.
        refusalsToCheck: PCC_STATUS_RETRY,
        resolveRefusal: async (e) => (PCC_STATUS_RETRY.has(e.code) ? accepted() : undefined),
      });
      return { outputs: { InstanceId: id } };
    }

    case 'modifyVpcPeerConnection':
      // Idempotent (setting the same bandwidth again is harmless): ambiguous failures just retry.
      await callWithRetry(rt, step, step.action, params, {
        extraRetryable: { codes: PCC_STATUS_RETRY, budgetMs: rt.timing.connectNotSetBudgetMs },
      });
      return { outputs: { InstanceId: String(params.InstanceId ?? '') } };

    case 'waitVpcPeerConnection': {
      const until = step.until;
      let missing = 0;
      const value = await poll(rt, step, until, async () => {
        const id = await resolvePccId(rt, step, params.InstanceId);
        const live = id !== undefined ? await pccById(rt, id) : undefined;
        if (until === 'Deleted') return live ? { done: false, status: live.status } : { done: true, value: '' };
        if (!live) {
          // Eventual consistency right after a create; for long, it is gone.
          if (++missing >= MAX_NOT_FOUND_POLLS)
            throw new StepFailure({
              code: 'RESOURCE_NOT_FOUND',
              message: `${step.description}: ${id ?? 'the peering connection'} is not found (deleted meanwhile?)`,
              action: step.action,
            });
          return { done: false, status: 'not found' };
        }
        missing = 0;
        if (PCC_REFUSED.has(live.status) || PCC_GONE_STATUS.has(live.status))
          throw new StepFailure({
            code: 'PEERING_REFUSED',
            message:
              `${step.description}: ${live.instanceId} is ${live.status}` +
              (PCC_REFUSED.has(live.status)
                ? ` (the accepter, account ${step.peering.key.acceptingAccountId}, did not accept it)`
                : '') +
              `; it will not become ${until}`,
            action: step.action,
          });
        return PCC_REACHED[until].has(live.status)
          ? { done: true, value: live.instanceId }
          : { done: false, status: live.status };
      });
      return { outputs: value ? { InstanceId: value } : {} };
    }

    case 'deleteVpcPeerConnection': {
      const id = await resolvePccId(rt, step, params.InstanceId);
      if (id === undefined) return { outputs: {}, skipped: 'the peering connection does not exist' };
      const goneOrGoing = async () => {
        const live = await pccById(rt, id);
        return !live || live.status === 'Deleting' ? { RequestId: 'looked-up' } : undefined;
      };
      if (await goneOrGoing()) return { outputs: { InstanceId: id }, skipped: 'already deleted' };
      // Never Force: it would delete routes vpclink was not asked to delete (§1.6); the plan removes them first.
      await callWithRetry(
        rt,
        step,
        step.action,
        { ...params, InstanceId: id },
        {
          extraRetryable: { codes: DELETE_PCC_RETRY, budgetMs: rt.timing.deleteRetryBudgetMs },
          resolveAmbiguous: goneOrGoing,
          // terraform treats ResourceNotFound.InstanceId as already gone (§1.10).
          resolveRefusal: async (e) => (e.code === 'ResourceNotFound.InstanceId' ? { RequestId: 'gone' } : undefined),
        },
      );
      return { outputs: { InstanceId: id } };
    }

    default: {
      const never: never = step;
      throw new Error(`unknown step kind ${JSON.stringify(never)}`);
    }
  }
}
