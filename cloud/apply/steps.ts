/**
 * How each kind of plan step runs against the cloud: the call, which refusals are worth retrying,
 * how an ambiguous failure (timeout, lost response) is resolved by looking the resource up before
 * retrying, and when a step is already done (resume) so it is not repeated.
 *
 * This file holds what every kind shares (the call with its retries, polls, look-ups, a create
 * found by natural key) and the dispatch; each family of steps runs in its own file:
 * routerInterfaceSteps.ts, routeEntrySteps.ts, peeringSteps.ts, networkAclSteps.ts.
 */
import { CloudError, type CallParams, type CloudClient } from '../client';
import { isNetworkAclStep, type CreatedResource, type PlanStep } from '../../simulator/plan';
import type { ApplyEvent, StepErrorInfo } from './events';
import type { LiveRouteEntry, LiveRouterInterface } from './lookup';
import { alignedDelay } from './batch';
import { runNetworkAclStep } from './networkAclSteps';
import { runPeeringStep } from './peeringSteps';
import { runRouteEntryStep } from './routeEntrySteps';
import { runRouterInterfaceStep } from './routerInterfaceSteps';
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

/** Consecutive "not found" polls before a wait for an interface's status gives up. */
export const MAX_NOT_FOUND_POLLS = 15;

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

/** The resources a create finds by natural key: their journal records carry the `key` (CreatedResource). */
type KeyedCreated = Extract<CreatedResource, { readonly key: unknown }>;
type KeyedKind = KeyedCreated['kind'];
type CreatedOf<K extends KeyedKind> = Extract<KeyedCreated, { readonly kind: K }>;

/** Which keyed resource a create makes, and its natural key. */
interface KeyedIdentity<K extends KeyedKind> {
  readonly kind: K;
  readonly key: CreatedOf<K>['key'];
}

/** A keyed resource's journal record before its live ID is known: the identity and the step's place. */
interface KeyedRecordBase<K extends KeyedKind> extends KeyedIdentity<K> {
  readonly stepId: string;
  readonly accountId: string;
  readonly regionId: string;
}

/**
 * Each keyed kind's record with its live ID, under the field the kind names it by (CreatedResource:
 * routerInterfaceId, instanceId). One line per kind in a table typed by the kind, not a computed
 * property `{ [idField]: id }`: TypeScript widens a computed key of a generic or union type to an
 * index signature, so such a record only type-checks through a cast, and a misspelt field would
 * pass. Each entry writes its return type out: the compiler checks a returned literal's field names
 * against a declared return type, not against the one the table's type implies for the entry.
 */
const WITH_LIVE_ID: {
  readonly [K in KeyedKind]: (base: KeyedRecordBase<K>, id: string | undefined) => CreatedOf<K>;
} = {
  routerInterface: (base, id): CreatedOf<'routerInterface'> =>
    id === undefined ? base : { ...base, routerInterfaceId: id },
  vpcPeerConnection: (base, id): CreatedOf<'vpcPeerConnection'> =>
    id === undefined ? base : { ...base, instanceId: id },
};

function keyedRecord<K extends KeyedKind>(
  step: PlanStep,
  created: KeyedIdentity<K>,
  id: string | undefined,
): CreatedResource {
  const base: KeyedRecordBase<K> = {
    kind: created.kind,
    stepId: step.id,
    accountId: step.accountId,
    regionId: step.regionId,
    key: created.key,
  };
  return WITH_LIVE_ID[created.kind](base, id);
}

/**
 * A create whose lost answer must never become a second, billed resource: a resumed step looks the
 * resource up by natural key first; the journal records it (without ID) before the call and with
 * its ID after; an ambiguous failure (or the API's "already exists") is resolved by the same look-up.
 */
export async function createFoundByKey<K extends KeyedKind>(
  rt: StepRuntime,
  step: PlanStep,
  params: CallParams,
  how: {
    readonly idField: string;
    readonly lookup: () => Promise<string | undefined>;
    /** What the journal records the resource as (its record adds the step's account, region and the ID). */
    readonly created: KeyedIdentity<K>;
    readonly alreadyExists?: string;
  },
): Promise<StepResult> {
  const record = (id: string | undefined) => rt.recordCreated(keyedRecord(step, how.created, id));
  if (rt.resumed) {
    const existing = await how.lookup();
    if (existing) {
      await record(existing);
      return { outputs: { [how.idField]: existing }, note: 'found by natural key (created by the interrupted run)' };
    }
  }
  await record(undefined);
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
  await record(id);
  return { outputs: { [how.idField]: id } };
}

/**
 * A delete that looks first: skipped when the resource is gone or being deleted; refusals in
 * `retryWhile` are retried for the delete budget; an ambiguous failure is resolved by looking
 * again, and a "not found" refusal (a lost success) means done.
 */
export async function deleteLookingFirst(
  rt: StepRuntime,
  step: PlanStep,
  params: CallParams,
  how: {
    /** The parameter that names the resource (its ID goes in `outputs` under the same name). */
    readonly idParam: string;
    readonly id: string;
    readonly live: () => Promise<{ readonly status: string } | undefined>;
    readonly retryWhile: ReadonlySet<string>;
    readonly notFound: ReadonlySet<string>;
  },
): Promise<StepResult> {
  const goneOrGoing = async () => {
    const live = await how.live();
    return !live || live.status === 'Deleting' ? { RequestId: 'looked-up' } : undefined;
  };
  const outputs = { [how.idParam]: how.id };
  if (await goneOrGoing()) return { outputs, skipped: 'already deleted' };
  await callWithRetry(
    rt,
    step,
    step.action,
    { ...params, [how.idParam]: how.id },
    {
      extraRetryable: { codes: how.retryWhile, budgetMs: rt.timing.deleteRetryBudgetMs },
      resolveAmbiguous: goneOrGoing,
      resolveRefusal: async (e) => (how.notFound.has(e.code) ? { RequestId: 'gone' } : undefined),
    },
  );
  return { outputs };
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
    case 'createRouterInterface':
    case 'waitRouterInterface':
    case 'modifyRouterInterfaceAttribute':
    case 'connectRouterInterface':
    case 'activateRouterInterface':
    case 'modifyRouterInterfaceSpec':
    case 'deactivateRouterInterface':
    case 'deleteRouterInterface':
      return runRouterInterfaceStep(rt, step, params, targetId);

    case 'createRouteEntry':
    case 'waitRouteEntry':
    case 'deleteRouteEntry':
      return runRouteEntryStep(rt, step, params);

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

    case 'createVpcPeerConnection':
    case 'acceptVpcPeerConnection':
    case 'modifyVpcPeerConnection':
    case 'waitVpcPeerConnection':
    case 'deleteVpcPeerConnection':
      return runPeeringStep(rt, step, params);

    default: {
      const never: never = step;
      throw new Error(`unknown step kind ${JSON.stringify(never)}`);
    }
  }
}
