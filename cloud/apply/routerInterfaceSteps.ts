/**
 * How the router-interface steps run (aliyun-api.md §3): create found by natural key (a lost
 * answer never becomes a second, billed interface), waits that poll the status, connect and
 * activate that look first whether the connection is already under way, deactivate once a
 * connection in progress has settled, delete that treats "not found" as done.
 */
import type { CallParams } from '../client';
import type { PlanStep, RouterInterfaceKey } from '../../simulator/plan';
import { describeRouterInterface, findRouterInterfaceByKey, type LiveRouterInterface } from './lookup';
import {
  callWithRetry,
  createFoundByKey,
  deleteLookingFirst,
  MAX_NOT_FOUND_POLLS,
  poll,
  safeLookup,
  StepFailure,
  type StepResult,
  type StepRuntime,
} from './steps';

const NOT_FOUND_RI = new Set(['InvalidRouterInterfaceId.NotFound', 'InvalidInstanceId.NotFound']);
/** DeleteRouterInterface refusals terraform retries for 5 minutes (aliyun-api.md §3.6). */
const DELETE_RI_RETRY = new Set([
  'IncorrectStatus',
  'InvalidInstance.StatusError',
  'DependencyViolation.RouterInterfaceReferedByRouteEntry',
  'RouterInterfaceReferredByRouteEntry',
  'ReferredByRouteEntry.RouterInterface',
  'OperationConflict',
]);
const TRANSIENT_RI = new Set(['Connecting', 'AcceptingConnecting', 'Activating', 'Deactivating', 'Modifying']);

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

/** Runs one router-interface step. `targetId` is the interface's resolved ID (undefined for a create). */
export async function runRouterInterfaceStep(
  rt: StepRuntime,
  step: Extract<PlanStep, { readonly target: unknown }>,
  params: CallParams,
  targetId: string | undefined,
): Promise<StepResult> {
  switch (step.kind) {
    case 'createRouterInterface':
      return createRouterInterface(rt, step, params);
    case 'waitRouterInterface':
      return waitRouterInterface(rt, step, targetId);
    case 'modifyRouterInterfaceAttribute':
      // Idempotent: setting the same opposite info again is harmless, so ambiguous failures just retry.
      await callWithRetry(rt, step, step.action, params);
      return { outputs: {} };
    case 'connectRouterInterface':
    case 'activateRouterInterface':
      return connectOrActivate(rt, step, params, targetId!);
    case 'modifyRouterInterfaceSpec':
      await callWithRetry(rt, step, step.action, params);
      return { outputs: {} };
    case 'deactivateRouterInterface':
      return deactivateRouterInterface(rt, step, params, targetId);
    case 'deleteRouterInterface':
      return deleteRouterInterface(rt, step, params, targetId);
    default: {
      const never: never = step;
      throw new Error(`unknown router-interface step ${JSON.stringify(never)}`);
    }
  }
}

/** CreateRouterInterface, recorded in the journal before the call (without ID) and after (with it). */
async function createRouterInterface(
  rt: StepRuntime,
  step: Extract<PlanStep, { readonly kind: 'createRouterInterface' }>,
  params: CallParams,
): Promise<StepResult> {
  const key = step.target.key;
  return createFoundByKey(rt, step, params, {
    idField: 'RouterInterfaceId',
    lookup: async () => (await riLookup(rt, key))?.routerInterfaceId,
    created: { kind: 'routerInterface', key },
  });
}

/** Polls the interface until it reaches the step's status (or is gone, for Deleted). */
async function waitRouterInterface(
  rt: StepRuntime,
  step: Extract<PlanStep, { readonly kind: 'waitRouterInterface' }>,
  targetId: string | undefined,
): Promise<StepResult> {
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

/** Connect (initiator) or activate: skipped when the connection is already under way. */
async function connectOrActivate(
  rt: StepRuntime,
  step: Extract<PlanStep, { readonly kind: 'connectRouterInterface' | 'activateRouterInterface' }>,
  params: CallParams,
  id: string,
): Promise<StepResult> {
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

/** Deactivate an Active interface, once a connection in progress has settled (§3.5). */
async function deactivateRouterInterface(
  rt: StepRuntime,
  step: Extract<PlanStep, { readonly kind: 'deactivateRouterInterface' }>,
  params: CallParams,
  targetId: string | undefined,
): Promise<StepResult> {
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

/** Delete, retrying while routes still refer to it (§3.6); "not found" means done. */
async function deleteRouterInterface(
  rt: StepRuntime,
  step: Extract<PlanStep, { readonly kind: 'deleteRouterInterface' }>,
  params: CallParams,
  targetId: string | undefined,
): Promise<StepResult> {
  const id = await resolveRiId(rt, step, targetId);
  if (id === undefined) return { outputs: {}, skipped: 'the interface does not exist' };
  return deleteLookingFirst(rt, step, params, {
    idParam: 'RouterInterfaceId',
    id,
    live: () => riById(rt, step.regionId, id),
    retryWhile: DELETE_RI_RETRY,
    // terraform treats InvalidInstanceId.NotFound as already gone (§3.6).
    notFound: NOT_FOUND_RI,
  });
}
