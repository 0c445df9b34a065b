/**
 * Apply bench: the apply engine (cloud/apply `runApply`) against the sandbox (cloud/sandbox) with
 * 100 ms latency per call and the realistic asynchronous delays (connect 20 s, route 3 s …), through
 * the real pop-core client over HTTP. Two documents: the cross-account example, and 20 VPC pairs
 * applied at once.
 *
 * Wall time is the execution of the plan (from `plan-ready` to `run-finished`; import and planning
 * before it are reported in the note). It is compared with the plan's critical path: the longest
 * chain of unavoidable sequential waits in the plan's DAG, where
 *   - a call costs one round trip (the sandbox latency),
 *   - a wait costs the sandbox's transition time plus one poll that sees the new state,
 *   - route writes of one VPC are serialised (the sandbox, like the cloud, refuses a route write
 *     while another route of the VPC is Pending: aliyun-api.md §4.2), so they chain.
 * Minimum calls = the plan's mutating steps + one poll per wait step.
 * The engine runs with the sandbox's poll intervals and the cloud's expected transition durations
 * (benchTiming), which the `realistic` preset plays.
 *
 * Then the import of the L estate from the sandbox (importBench.ts): wall time and calls vs the
 * API minimum.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import type { Topology } from '../simulator/document/schema';
import { loadDocumentText } from '../simulator/document/load';
import { generatePairsTopology } from './generate';
import { importOnce, type ImportModule } from './importBench';
import { type Figure, errorText, optionalImport } from './lib/measure';
import { APPLY_ROWS, type ApplyRowKey } from './rows';

type Emit = (event: { key: ApplyRowKey; figure: Figure } | { phase: ApplyRowKey }) => void;

const LATENCY_MS = 100;
const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** The subset of a plan step the critical-path computation reads (simulator/plan PlanStep). */
export interface PlanStepLike {
  readonly id: string;
  readonly kind: string;
  readonly dependsOn: readonly string[];
  readonly mutating: boolean;
  readonly until?: string;
  readonly vpcId?: string;
}

export interface TransitionTimes {
  readonly connectMs: number;
  readonly activateMs: number;
  readonly deactivateMs: number;
  readonly deleteMs: number;
  readonly routeMs: number;
}

/** The unavoidable time of one step on its own, in ms. */
export function stepCost(step: PlanStepLike, latencyMs: number, t: TransitionTimes): number {
  if (step.kind === 'waitRouterInterface') {
    const transition =
      step.until === 'Active'
        ? t.connectMs
        : step.until === 'Inactive'
          ? t.deactivateMs
          : step.until === 'Deleted'
            ? t.deleteMs
            : 0;
    return transition + latencyMs;
  }
  if (step.kind === 'waitRouteEntry') return (step.until === 'Deleted' ? t.deleteMs : t.routeMs) + latencyMs;
  return latencyMs;
}

/**
 * Longest path through the plan DAG with per-VPC route serialisation added: each route write of a
 * VPC (in plan order) also waits for the previous route write's wait step of that VPC.
 */
export function criticalPathMs(steps: readonly PlanStepLike[], latencyMs: number, t: TransitionTimes): number {
  const byId = new Map(steps.map((s) => [s.id, s]));
  const extraDeps = new Map<string, string[]>();
  const lastRouteWaitOfVpc = new Map<string, string>();
  // The wait step that follows each route write (the write's Available/Deleted wait).
  const waitOfWrite = new Map<string, string>();
  for (const s of steps) {
    if (s.kind === 'waitRouteEntry')
      for (const dep of s.dependsOn)
        if (byId.get(dep)?.kind === 'createRouteEntry' || byId.get(dep)?.kind === 'deleteRouteEntry')
          waitOfWrite.set(dep, s.id);
  }
  for (const s of steps) {
    if ((s.kind === 'createRouteEntry' || s.kind === 'deleteRouteEntry') && s.vpcId !== undefined) {
      const previous = lastRouteWaitOfVpc.get(s.vpcId);
      if (previous !== undefined) extraDeps.set(s.id, [previous]);
      lastRouteWaitOfVpc.set(s.vpcId, waitOfWrite.get(s.id) ?? s.id);
    }
  }
  const finish = new Map<string, number>();
  const visiting = new Set<string>();
  const finishOf = (id: string): number => {
    const known = finish.get(id);
    if (known !== undefined) return known;
    const step = byId.get(id);
    if (!step) return 0;
    if (visiting.has(id)) throw new Error(`plan has a cycle through ${id}`);
    visiting.add(id);
    const start = Math.max(0, ...[...step.dependsOn, ...(extraDeps.get(id) ?? [])].map(finishOf));
    visiting.delete(id);
    const end = start + stepCost(step, latencyMs, t);
    finish.set(id, end);
    return end;
  };
  return Math.max(0, ...steps.map((s) => finishOf(s.id)));
}

export function minimumCalls(steps: readonly PlanStepLike[]): number {
  return steps.filter((s) => s.mutating || s.kind.startsWith('wait')).length;
}

export interface SandboxModule {
  startSandbox(options: Record<string, unknown>): Promise<{
    endpoint: string;
    accounts: ReadonlyArray<{ accountId: string; accessKeyId: string; accessKeySecret: string }>;
    callCount(): number;
    close(): Promise<void>;
  }>;
  TIMING_PRESETS?: { realistic?: TransitionTimes };
}
interface ApplyModule {
  runApply(
    options: Record<string, unknown>,
  ): Promise<{ outcome: string; error?: { code?: string; message?: string }; failedStep?: string }>;
  SANDBOX_TIMING?: Record<string, unknown>;
  CLOUD_TIMING?: { readonly expected?: unknown };
}
export interface ClientModule {
  createCloudClient(options: Record<string, unknown>): { callCount(): number; close?(): void };
}
export interface CredentialsModule {
  staticProvider(credentials: { accessKeyId: string; accessKeySecret: string }, description: string): unknown;
}

export async function runApplyBench(_options: Record<string, unknown>, emit: Emit): Promise<void> {
  const mods = {
    sandbox: await optionalImport<SandboxModule>(new URL('../cloud/sandbox/index.ts', import.meta.url).href),
    apply: await optionalImport<ApplyModule>(new URL('../cloud/apply/index.ts', import.meta.url).href),
    client: await optionalImport<ClientModule>(new URL('../cloud/client/index.ts', import.meta.url).href),
    credentials: await optionalImport<CredentialsModule>(
      new URL('../cloud/credentials/index.ts', import.meta.url).href,
    ),
    import: await optionalImport<ImportModule>(new URL('../cloud/import/index.ts', import.meta.url).href),
  };
  const missing = Object.values(mods).find((m) => m.kind === 'missing');
  if (missing && missing.kind === 'missing') {
    for (const row of APPLY_ROWS) emit({ key: row.key, figure: { kind: 'na', reason: missing.reason } });
    return;
  }
  const get = <T>(m: { kind: 'ok'; module: T } | { kind: 'missing'; reason: string }): T => (m as { module: T }).module;
  const sandboxModule = get(mods.sandbox);
  const applyModule = get(mods.apply);
  const timing = sandboxModule.TIMING_PRESETS?.realistic;
  if (!timing || typeof sandboxModule.startSandbox !== 'function' || typeof applyModule.runApply !== 'function') {
    for (const row of APPLY_ROWS)
      emit({ key: row.key, figure: { kind: 'na', reason: 'n/a (sandbox or apply API not as expected)' } });
    return;
  }

  const cross = loadDocumentText(readFileSync(join(ROOT, 'examples/cross-account.vpclink.json'), 'utf8'));
  const cases: Array<{ prefix: 'cross' | 'pairs'; document: Topology | undefined }> = [
    { prefix: 'cross', document: cross.kind === 'ok' ? cross.document : undefined },
    { prefix: 'pairs', document: generatePairsTopology(20) },
  ];
  for (const { prefix, document } of cases) {
    const key = (suffix: 'Wall' | 'Critical' | 'Ratio' | 'Calls') => `${prefix}${suffix}` as ApplyRowKey;
    emit({ phase: key('Wall') });
    if (!document) {
      for (const s of ['Wall', 'Critical', 'Ratio', 'Calls'] as const)
        emit({ key: key(s), figure: { kind: 'na', reason: 'n/a (example does not load)' } });
      continue;
    }
    try {
      const r = await applyOnce(document, sandboxModule, applyModule, get(mods.client), get(mods.credentials), timing);
      emit({
        key: key('Wall'),
        figure: {
          kind: 'time',
          ms: r.wallMs,
          note: `plan execution; import + plan before it: ${Math.round(r.beforeMs)} ms; outcome ${r.outcome}`,
        },
      });
      emit({ key: key('Critical'), figure: { kind: 'time', ms: r.criticalMs, note: `${r.steps} plan steps` } });
      emit({
        key: key('Ratio'),
        figure:
          r.outcome === 'succeeded'
            ? { kind: 'ratio', value: r.wallMs / r.criticalMs }
            : { kind: 'na', reason: `n/a (apply ${r.outcome}: ${r.error ?? ''})`.slice(0, 120) },
      });
      emit({
        key: key('Calls'),
        figure: {
          kind: 'count',
          value: r.executionCalls,
          unit: `calls (minimum ${r.minimumCalls}; + ${r.importCalls} import calls)`,
        },
      });
    } catch (error) {
      for (const s of ['Wall', 'Critical', 'Ratio', 'Calls'] as const)
        emit({ key: key(s), figure: { kind: 'na', reason: `n/a (apply threw: ${errorText(error)})` } });
    }
  }
  emit({ phase: 'importWall' });
  try {
    const figures = await importOnce(
      {
        startSandbox: sandboxModule.startSandbox,
        createCloudClient: get(mods.client).createCloudClient,
        staticProvider: get(mods.credentials).staticProvider,
        importTopology: get(mods.import).importTopology,
      },
      LATENCY_MS,
    );
    emit({ key: 'importWall', figure: figures.wall });
    emit({ key: 'importCalls', figure: figures.calls });
  } catch (error) {
    for (const key of ['importWall', 'importCalls'] as const)
      emit({ key, figure: { kind: 'na', reason: `n/a (import threw: ${errorText(error)})` } });
  }
}

/**
 * The sandbox's poll and retry intervals, with the transition durations the engine expects from the
 * cloud: the `realistic` preset this bench runs is the model of the cloud those expectations come
 * from (cloud/apply/policy.ts), so the wait schedule is the one a real apply would follow.
 */
function benchTiming(applyModule: ApplyModule): Record<string, unknown> {
  const expected = applyModule.CLOUD_TIMING?.expected;
  return { ...applyModule.SANDBOX_TIMING, ...(expected !== undefined ? { expected } : {}) };
}

async function applyOnce(
  document: Topology,
  sandboxModule: SandboxModule,
  applyModule: ApplyModule,
  clientModule: ClientModule,
  credentialsModule: CredentialsModule,
  timing: TransitionTimes,
) {
  const dir = mkdtempSync(join(tmpdir(), 'vpclink-apply-bench-'));
  const sandbox = await sandboxModule.startSandbox({
    seed: document,
    seedMode: 'base',
    port: 0,
    faults: { latencyMs: LATENCY_MS },
    timing,
    clock: 'real',
  });
  const clients = new Map(
    sandbox.accounts.map((a) => [
      a.accountId,
      clientModule.createCloudClient({
        target: { kind: 'endpoint', endpoint: sandbox.endpoint },
        credentials: credentialsModule.staticProvider(
          { accessKeyId: a.accessKeyId, accessKeySecret: a.accessKeySecret },
          `sandbox ${a.accountId}`,
        ),
      }),
    ]),
  );
  try {
    const started = performance.now();
    let planReadyAt = 0;
    let callsAtPlan = 0;
    let steps: readonly PlanStepLike[] = [];
    let finishedAt = 0;
    const result = await applyModule.runApply({
      desired: document,
      clients,
      journalPath: join(dir, 'bench.journal.json'),
      verify: false,
      confirm: async () => true,
      ...(applyModule.SANDBOX_TIMING ? { timing: benchTiming(applyModule) } : {}),
      onEvent: (event: { kind: string; plan?: { steps: readonly PlanStepLike[] } }) => {
        if (event.kind === 'plan-ready' && event.plan) {
          planReadyAt = performance.now();
          callsAtPlan = sandbox.callCount();
          steps = event.plan.steps;
        } else if (event.kind === 'run-finished') finishedAt = performance.now();
      },
    });
    if (finishedAt === 0) finishedAt = performance.now();
    return {
      outcome: result.outcome,
      error: result.error
        ? `${result.failedStep ?? ''} ${result.error.code ?? ''} ${result.error.message ?? ''}`.trim()
        : undefined,
      wallMs: finishedAt - planReadyAt,
      beforeMs: planReadyAt - started,
      criticalMs: criticalPathMs(steps, LATENCY_MS, timing),
      steps: steps.length,
      minimumCalls: minimumCalls(steps),
      executionCalls: sandbox.callCount() - callsAtPlan,
      importCalls: callsAtPlan,
    };
  } finally {
    for (const client of clients.values()) client.close?.();
    await sandbox.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
