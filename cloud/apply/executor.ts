/**
 * Runs a plan as a graph: every step whose dependencies are done starts at once, so independent
 * accounts, regions and pairs proceed in parallel while dependent steps keep their order. What is
 * limited is the number of HTTP calls in flight per (account, region) endpoint (`concurrency`):
 * a step that is only waiting (a poll's sleep, a retry's backoff) holds nothing, so 20 pairs'
 * 20-second connections overlap instead of queuing in batches. The journal is written before each
 * step starts (awaited before any call of the step) and after it ends (coalesced: JournalWriter). On a failure no
 * new step starts and the run ends `failed` once the steps in flight finish; on cancellation
 * (AbortSignal) likewise, ending `cancelled` — a call in flight is never cut, only waits are.
 */
import type { CallParams, CloudClient } from '../client';
import { isStepRef, parseStepRef, type CreatedResource, type ParamValue, type PlanStep } from '../../simulator/plan';
import type { ApplyEvent, StepErrorInfo } from './events';
import type { JournalWriter } from './journal';
import { RouteEntryBatcher, RouterInterfaceBatcher } from './batch';
import { CancelledError, type ApplyTiming } from './policy';
import { firstPollAt } from './pollSchedule';
import { errorInfo, runStep, StepFailure, type StepRuntime } from './steps';

export interface ExecuteOptions {
  readonly journal: JournalWriter;
  readonly clients: ReadonlyMap<string, CloudClient>;
  readonly timing: ApplyTiming;
  readonly signal?: AbortSignal;
  readonly emit: (event: ApplyEvent) => void;
  readonly random: () => number;
  /** HTTP calls in flight at once per (account, region). Default {@link DEFAULT_CALLS_PER_ENDPOINT}. */
  readonly concurrency?: number;
}

export interface ExecuteResult {
  readonly outcome: 'succeeded' | 'failed' | 'cancelled';
  readonly failedStep?: string;
  readonly error?: StepErrorInfo;
}

const DONE = new Set(['succeeded', 'skipped']);

/**
 * Calls in flight per (account, region). Small, so one run does not hammer an endpoint (the API's
 * per-account rate limits are UNCONFIRMED: aliyun-api.md §1.7 only names Throttling codes, which
 * are retried with backoff anyway), yet enough to keep the 100 ms round trips overlapped.
 */
export const DEFAULT_CALLS_PER_ENDPOINT = 8;

/** A FIFO counting semaphore. */
class Pool {
  private active = 0;
  private readonly queue: (() => void)[] = [];
  constructor(private readonly size: number) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active >= this.size) await new Promise<void>((resolve) => this.queue.push(resolve));
    else this.active++;
    try {
      return await task();
    } finally {
      // Hand the slot straight to the next caller (active stays the same), or free it.
      const next = this.queue.shift();
      if (next) next();
      else this.active--;
    }
  }
}

/** `client` with at most `size` calls in flight per region (its own pools: one client = one account). */
export function limitCallsPerRegion(client: CloudClient, size: number): CloudClient {
  const pools = new Map<string, Pool>();
  const poolOf = (regionId: string) => {
    let pool = pools.get(regionId);
    if (!pool) pools.set(regionId, (pool = new Pool(Math.max(1, size))));
    return pool;
  };
  return {
    ...client,
    call: (product, regionId, action, params, options) =>
      poolOf(regionId).run(() => client.call(product, regionId, action, params, options)),
    callCount: () => client.callCount(),
  };
}

export async function executePlan(options: ExecuteOptions): Promise<ExecuteResult> {
  const { journal, signal } = options;
  const steps = journal.value.plan.steps;
  const callsPerEndpoint = options.concurrency ?? DEFAULT_CALLS_PER_ENDPOINT;
  // Shared by all wait steps of the run: one status call per scope per round (batch.ts).
  const riBatcher = new RouterInterfaceBatcher({ timeoutMs: options.timing.callTimeoutMs });
  const routeBatcher = new RouteEntryBatcher({ timeoutMs: options.timing.callTimeoutMs });
  const limited = new Map(
    [...options.clients].map(([accountId, client]) => [accountId, limitCallsPerRegion(client, callsPerEndpoint)]),
  );
  const stepsById = new Map(steps.map((s) => [s.id, s]));
  const stateOf = (id: string) => journal.value.steps[id]?.state ?? 'pending';
  // Steps an earlier run started (or that failed, possibly after an effect): look before acting.
  const resumed = new Set(
    steps.filter((s) => stateOf(s.id) === 'started' || stateOf(s.id) === 'failed').map((s) => s.id),
  );
  const running = new Map<string, Promise<void>>();
  let failure: { stepId: string; error: StepErrorInfo } | undefined;
  const total = steps.length;
  // Counted as steps' end events are emitted, so progress never runs ahead of the step list.
  let done = steps.filter((s) => DONE.has(stateOf(s.id))).length;
  const progress = () => options.emit({ kind: 'progress', done, total });

  const launch = (step: PlanStep) => {
    const promise = runOne(step).finally(() => running.delete(step.id));
    running.set(step.id, promise);
  };

  const runOne = async (step: PlanStep): Promise<void> => {
    const client = limited.get(step.accountId);
    if (!client) {
      failure ??= {
        stepId: step.id,
        error: {
          code: 'NO_CLIENT_FOR_ACCOUNT',
          message: `no credentials for account ${step.accountId} (needed by ${step.id})`,
        },
      };
      return;
    }
    let attempts = 0;
    try {
      const params = resolveParams(step, journal) as CallParams;
      const targetId = 'target' in step ? resolveValue(step.target.routerInterfaceId, journal) : undefined;
      const wasStarted = resumed.has(step.id);
      await journal.updateStep(step.id, (s) => ({ ...s, state: 'started', startedAt: new Date().toISOString() }));
      options.emit({
        kind: 'step-started',
        stepId: step.id,
        description: step.description,
        attempt: (journal.value.steps[step.id]?.attempts ?? 0) + 1,
        resumed: wasStarted,
      });
      const runtime: StepRuntime = {
        client,
        timing: options.timing,
        signal,
        random: options.random,
        resumed: wasStarted,
        emit: options.emit,
        countAttempt: () => {
          attempts++;
        },
        firstPollAt: firstPollAt(step, stepsById, journal.value.steps, options.timing.expected),
        pollRouterInterface: (regionId, id) => riBatcher.describe(step.accountId, client, regionId, id),
        pollRouteEntry: (regionId, tableId, destination) =>
          routeBatcher.describe(step.accountId, client, regionId, tableId, destination),
        recordCreated: (resource: CreatedResource) =>
          journal.update((j) => ({
            ...j,
            created: [...j.created.filter((c) => c.stepId !== resource.stepId), resource],
          })),
      };
      const result = await runStep(runtime, step, params, typeof targetId === 'string' ? targetId : undefined);
      await journal.update((j) => {
        const previous = j.steps[step.id] ?? { state: 'pending' as const, attempts: 0 };
        const riIds =
          step.kind === 'createRouterInterface' &&
          step.target.documentId !== undefined &&
          result.outputs.RouterInterfaceId
            ? { ...j.routerInterfaceIds, [step.target.documentId]: result.outputs.RouterInterfaceId }
            : j.routerInterfaceIds;
        const pccIds =
          step.kind === 'createVpcPeerConnection' && step.peering.documentId !== undefined && result.outputs.InstanceId
            ? {
                vpcPeerConnectionIds: {
                  ...j.vpcPeerConnectionIds,
                  [step.peering.documentId]: result.outputs.InstanceId,
                },
              }
            : {};
        return {
          ...j,
          routerInterfaceIds: riIds,
          ...pccIds,
          steps: {
            ...j.steps,
            [step.id]: {
              ...previous,
              state: result.skipped ? 'skipped' : 'succeeded',
              attempts: previous.attempts + attempts,
              finishedAt: new Date().toISOString(),
              outputs: result.outputs,
              ...(result.skipped || result.note ? { note: result.skipped ?? result.note } : {}),
            },
          },
        };
      });
      if (result.skipped) options.emit({ kind: 'step-skipped', stepId: step.id, reason: result.skipped });
      else
        options.emit({
          kind: 'step-succeeded',
          stepId: step.id,
          outputs: result.outputs,
          ...(result.note ? { note: result.note } : {}),
        });
      done++;
      progress();
    } catch (error) {
      if (error instanceof CancelledError) {
        // Interrupted while waiting: the step stays `started`; a resumed run looks before acting.
        await journal.updateStep(step.id, (s) => ({ ...s, attempts: s.attempts + attempts }));
        return;
      }
      const info = errorInfo(error);
      await journal.updateStep(step.id, (s) => ({
        ...s,
        state: 'failed',
        attempts: s.attempts + attempts,
        finishedAt: new Date().toISOString(),
        error: info,
      }));
      options.emit({ kind: 'step-failed', stepId: step.id, error: info });
      failure ??= { stepId: step.id, error: info };
    }
  };

  progress();
  for (;;) {
    if (!failure && !signal?.aborted) {
      for (const step of steps) {
        if (running.has(step.id) || DONE.has(stateOf(step.id))) continue;
        if (step.dependsOn.every((dep) => DONE.has(stateOf(dep)))) launch(step);
      }
    }
    if (running.size === 0) break;
    await Promise.race(running.values());
  }
  await journal.flush();
  if (failure) return { outcome: 'failed', failedStep: failure.stepId, error: failure.error };
  const unfinished = steps.filter((s) => !DONE.has(stateOf(s.id)));
  if (unfinished.length === 0) return { outcome: 'succeeded' };
  if (signal?.aborted) return { outcome: 'cancelled' };
  // Nothing runnable but not done: a dependency cycle or a missing step — a bug in the plan.
  return {
    outcome: 'failed',
    failedStep: unfinished[0]!.id,
    error: {
      code: 'PLAN_STUCK',
      message: `step ${unfinished[0]!.id} can never run: its dependencies are not in the plan`,
    },
  };
}

function resolveValue(value: ParamValue | undefined, journal: JournalWriter): ParamValue | undefined {
  if (value === undefined) return undefined;
  if (isStepRef(value)) {
    const { stepId, field } = parseStepRef(value);
    const output = journal.value.steps[stepId]?.outputs?.[field];
    if (output === undefined || output === '') {
      throw new StepFailure({
        code: 'UNRESOLVED_REFERENCE',
        message: `${field} of step ${stepId} is not known (the step has not produced it)`,
      });
    }
    return output;
  }
  if (Array.isArray(value)) return value.map((v) => resolveValue(v, journal)!);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveValue(v as ParamValue, journal)!]));
  }
  return value;
}

/** The step's API parameters with every `$ref` replaced by the output it names. */
export function resolveParams(step: PlanStep, journal: JournalWriter): Record<string, unknown> {
  return resolveValue(step.params as ParamValue, journal) as Record<string, unknown>;
}
