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
import type { Journal, JournalWriter } from './journal';
import { RouteEntryBatcher, RouterInterfaceBatcher } from './batch';
import { CancelledError, type ApplyTiming } from './policy';
import { firstPollAt } from './pollSchedule';
import { errorInfo, runStep, StepFailure, type StepResult, type StepRuntime } from './steps';

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

/** What one run shares between its steps: the plan, the limited clients, the batchers, the tally. */
interface Run {
  readonly options: ExecuteOptions;
  readonly steps: readonly PlanStep[];
  readonly stepsById: ReadonlyMap<string, PlanStep>;
  readonly clients: ReadonlyMap<string, CloudClient>;
  readonly riBatcher: RouterInterfaceBatcher;
  readonly routeBatcher: RouteEntryBatcher;
  /** Steps an earlier run started (or that failed, possibly after an effect): look before acting. */
  readonly resumed: ReadonlySet<string>;
  readonly running: Map<string, Promise<void>>;
  /** The first failure wins: it is the one the run reports, and no new step starts after it. */
  failure: { stepId: string; error: StepErrorInfo } | undefined;
  /** Counted as steps' end events are emitted, so progress never runs ahead of the step list. */
  done: number;
}

export async function executePlan(options: ExecuteOptions): Promise<ExecuteResult> {
  const run = startRun(options);
  emitProgress(run);
  for (;;) {
    if (!run.failure && !options.signal?.aborted) launchReadySteps(run);
    if (run.running.size === 0) break;
    await Promise.race(run.running.values());
  }
  await options.journal.flush();
  return outcomeOf(run);
}

function startRun(options: ExecuteOptions): Run {
  const steps = options.journal.value.plan.steps;
  const callsPerEndpoint = options.concurrency ?? DEFAULT_CALLS_PER_ENDPOINT;
  const stateOf = (id: string) => stepState(options.journal, id);
  return {
    options,
    steps,
    stepsById: new Map(steps.map((s) => [s.id, s])),
    clients: new Map(
      [...options.clients].map(([accountId, client]) => [accountId, limitCallsPerRegion(client, callsPerEndpoint)]),
    ),
    // Shared by all wait steps of the run: one status call per scope per round (batch.ts).
    riBatcher: new RouterInterfaceBatcher({ timeoutMs: options.timing.callTimeoutMs }),
    routeBatcher: new RouteEntryBatcher({ timeoutMs: options.timing.callTimeoutMs }),
    resumed: new Set(steps.filter((s) => stateOf(s.id) === 'started' || stateOf(s.id) === 'failed').map((s) => s.id)),
    running: new Map(),
    failure: undefined,
    done: steps.filter((s) => DONE.has(stateOf(s.id))).length,
  };
}

function stepState(journal: JournalWriter, id: string) {
  return journal.value.steps[id]?.state ?? 'pending';
}

function emitProgress(run: Run): void {
  run.options.emit({ kind: 'progress', done: run.done, total: run.steps.length });
}

/** Starts every step not yet done or running whose dependencies are all done. */
function launchReadySteps(run: Run): void {
  const { journal } = run.options;
  for (const step of run.steps) {
    if (run.running.has(step.id) || DONE.has(stepState(journal, step.id))) continue;
    if (step.dependsOn.every((dep) => DONE.has(stepState(journal, dep)))) launch(run, step);
  }
}

function launch(run: Run, step: PlanStep): void {
  const promise = runOne(run, step).finally(() => run.running.delete(step.id));
  run.running.set(step.id, promise);
}

async function runOne(run: Run, step: PlanStep): Promise<void> {
  const client = run.clients.get(step.accountId);
  if (!client) {
    run.failure ??= {
      stepId: step.id,
      error: {
        code: 'NO_CLIENT_FOR_ACCOUNT',
        message: `no credentials for account ${step.accountId} (needed by ${step.id})`,
      },
    };
    return;
  }
  // Calls this run made for the step; added to the journal's count whatever the ending.
  let attempts = 0;
  const countAttempt = () => {
    attempts++;
  };
  try {
    const { journal } = run.options;
    const params = resolveParams(step, journal) as CallParams;
    const targetId = 'target' in step ? resolveValue(step.target.routerInterfaceId, journal) : undefined;
    await markStarted(run, step);
    const runtime = stepRuntime(run, step, client, countAttempt);
    const result = await runStep(runtime, step, params, typeof targetId === 'string' ? targetId : undefined);
    await recordSuccess(run, step, result, attempts);
    emitSuccess(run, step, result);
    run.done++;
    emitProgress(run);
  } catch (error) {
    await recordFailure(run, step, error, attempts);
  }
}

/** The journal says `started` (awaited before any call of the step), then the event goes out. */
async function markStarted(run: Run, step: PlanStep): Promise<void> {
  const { journal, emit } = run.options;
  await journal.updateStep(step.id, (s) => ({ ...s, state: 'started', startedAt: new Date().toISOString() }));
  emit({
    kind: 'step-started',
    stepId: step.id,
    description: step.description,
    attempt: (journal.value.steps[step.id]?.attempts ?? 0) + 1,
    resumed: run.resumed.has(step.id),
  });
}

function stepRuntime(run: Run, step: PlanStep, client: CloudClient, countAttempt: () => void): StepRuntime {
  const { journal, timing, signal, random, emit } = run.options;
  return {
    client,
    timing,
    signal,
    random,
    resumed: run.resumed.has(step.id),
    emit,
    countAttempt,
    firstPollAt: firstPollAt(step, run.stepsById, journal.value.steps, timing.expected),
    pollRouterInterface: (regionId, id) => run.riBatcher.describe(step.accountId, client, regionId, id),
    pollRouteEntry: (regionId, tableId, destination) =>
      run.routeBatcher.describe(step.accountId, client, regionId, tableId, destination),
    recordCreated: (resource: CreatedResource) =>
      journal.update((j) => ({
        ...j,
        created: [...j.created.filter((c) => c.stepId !== resource.stepId), resource],
      })),
  };
}

/** One journal write: the step's ending and outputs, plus the document ids it gave a cloud id. */
async function recordSuccess(run: Run, step: PlanStep, result: StepResult, attempts: number): Promise<void> {
  await run.options.journal.update((j) => {
    const previous = j.steps[step.id] ?? { state: 'pending' as const, attempts: 0 };
    return {
      ...j,
      routerInterfaceIds: routerInterfaceIdsAfter(j, step, result),
      ...vpcPeerConnectionIdsAfter(j, step, result),
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
}

/** A created router interface's id, keyed by the document's interface id (later steps and verify read it). */
function routerInterfaceIdsAfter(j: Journal, step: PlanStep, result: StepResult): Journal['routerInterfaceIds'] {
  return step.kind === 'createRouterInterface' &&
    step.target.documentId !== undefined &&
    result.outputs.RouterInterfaceId
    ? { ...j.routerInterfaceIds, [step.target.documentId]: result.outputs.RouterInterfaceId }
    : j.routerInterfaceIds;
}

/** Likewise for a created peering connection; absent (not empty) when the step made none. */
function vpcPeerConnectionIdsAfter(
  j: Journal,
  step: PlanStep,
  result: StepResult,
): Pick<Journal, 'vpcPeerConnectionIds'> | Record<string, never> {
  return step.kind === 'createVpcPeerConnection' && step.peering.documentId !== undefined && result.outputs.InstanceId
    ? { vpcPeerConnectionIds: { ...j.vpcPeerConnectionIds, [step.peering.documentId]: result.outputs.InstanceId } }
    : {};
}

function emitSuccess(run: Run, step: PlanStep, result: StepResult): void {
  const { emit } = run.options;
  if (result.skipped) emit({ kind: 'step-skipped', stepId: step.id, reason: result.skipped });
  else
    emit({
      kind: 'step-succeeded',
      stepId: step.id,
      outputs: result.outputs,
      ...(result.note ? { note: result.note } : {}),
    });
}

async function recordFailure(run: Run, step: PlanStep, error: unknown, attempts: number): Promise<void> {
  const { journal, emit } = run.options;
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
  emit({ kind: 'step-failed', stepId: step.id, error: info });
  run.failure ??= { stepId: step.id, error: info };
}

function outcomeOf(run: Run): ExecuteResult {
  const { failure } = run;
  if (failure) return { outcome: 'failed', failedStep: failure.stepId, error: failure.error };
  const unfinished = run.steps.filter((s) => !DONE.has(stepState(run.options.journal, s.id)));
  if (unfinished.length === 0) return { outcome: 'succeeded' };
  if (run.options.signal?.aborted) return { outcome: 'cancelled' };
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
