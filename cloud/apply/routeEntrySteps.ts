/**
 * How the route-entry steps run (aliyun-api.md §4): create recorded in the journal first, and a
 * "duplicate" after a lost answer resolved by looking the route up (ours if it goes to our next
 * hop); waits through the run's batcher when there is one; delete that looks first.
 */
import type { CallParams } from '../client';
import type { PlanStep } from '../../simulator/plan';
import { findRouteEntry } from './lookup';
import { callWithRetry, poll, safeLookup, type StepResult, type StepRuntime } from './steps';

const NOT_FOUND_ROUTE = new Set(['InvalidRouteEntry.NotFound', 'InvalidRouteEntryId.NotFound']);
/** CreateRouteEntry codes that mean "a route with this destination exists" (aliyun-api.md §4.2). */
const ROUTE_DUPLICATE = new Set([
  'InvalidCIDRBlock.Duplicate',
  'RouterEntryConflict.Duplicated',
  'Duplicated.VpcNextHop',
]);
/** Runs one route-entry step. `params` have every `$ref` resolved. */
export async function runRouteEntryStep(
  rt: StepRuntime,
  step: Extract<PlanStep, { readonly route: unknown }>,
  params: CallParams,
): Promise<StepResult> {
  switch (step.kind) {
    case 'createRouteEntry':
      return createRouteEntry(rt, step, params);
    case 'waitRouteEntry':
      return waitRouteEntry(rt, step);
    case 'deleteRouteEntry':
      return deleteRouteEntry(rt, step, params);
    default: {
      const never: never = step;
      throw new Error(`unknown route step ${JSON.stringify(never)}`);
    }
  }
}

/** CreateRouteEntry: recorded first; a resumed step or a "duplicate" finds our own route by looking it up. */
async function createRouteEntry(
  rt: StepRuntime,
  step: Extract<PlanStep, { readonly kind: 'createRouteEntry' }>,
  params: CallParams,
): Promise<StepResult> {
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

/** Polls the route until it is Available (or gone, for Deleted). */
async function waitRouteEntry(
  rt: StepRuntime,
  step: Extract<PlanStep, { readonly kind: 'waitRouteEntry' }>,
): Promise<StepResult> {
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

/** DeleteRouteEntry, only when the route is still there and still goes to the next hop the plan names. */
async function deleteRouteEntry(
  rt: StepRuntime,
  step: Extract<PlanStep, { readonly kind: 'deleteRouteEntry' }>,
  params: CallParams,
): Promise<StepResult> {
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
