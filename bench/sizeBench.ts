/**
 * The per-size measurements: document size, floor (JSON.parse of the same text), load, validate,
 * reachability (single checks, re-check after an edit, full matrices) and peak memory.
 *
 * Runs inside one child process per size (bench/child.ts) so `maxRSS` is that size's alone.
 * Every figure is emitted as soon as it is known, so a child killed on its time budget still
 * reports what it measured. Modules still being written by their owners are optional: their
 * figures read "n/a (module not available)".
 */
import { performance } from 'node:perf_hooks';
import type { Instance, RouteTable, SecurityGroup, Topology } from '../simulator/document/schema';
import { loadDocumentText } from '../simulator/document/load';
import { diffReachability } from '../simulator/diff';
import { createVerdicts, evaluateIntents } from '../simulator/intents';
import { createReachability as buildReachIndex } from '../simulator/reach';
import { type BenchSize, generateDocumentText } from './generate';
import {
  type Figure,
  NOT_AVAILABLE,
  errorText,
  gc,
  median,
  na,
  optionalImport,
  percentile,
  sample,
  seededRandom,
} from './lib/measure';

/** The rows of the per-size table, in order. */
export const SIZE_ROWS = [
  { key: 'docBytes', label: 'document size' },
  { key: 'floor', label: 'floor: JSON.parse of the document' },
  { key: 'load', label: 'load (parse + schema + defaults)' },
  { key: 'loadValidate', label: 'load + validate' },
  { key: 'reachBuild', label: 'reachability index build' },
  { key: 'checkMedian', label: 'single check, full trace (median)' },
  { key: 'checkP99', label: 'single check, full trace (p99)' },
  { key: 'checkCold', label: 'single check on a fresh index (median)' },
  { key: 'recheckAddRule', label: 're-check after edit: add a rule' },
  { key: 'recheckRemoveRoute', label: 're-check after edit: remove a route' },
  { key: 'matrixIcmp', label: 'full matrix ICMP (N×N)' },
  { key: 'matrixTcp22', label: 'full matrix TCP/22 (N×N)' },
  { key: 'matrixReachable', label: 'ICMP matrix: reachable ordered pairs' },
  { key: 'assertIntents', label: 'assert: 100 pair + 20 VPC→VPC intents' },
  { key: 'assertFromIndex', label: 'assert, from a built index: the same intents' },
  { key: 'diffEdit', label: 'diff: a route table emptied, rules removed (ICMP)' },
  { key: 'diffFromIndex', label: 'diff, from a built BEFORE index: the same edit' },
  { key: 'peakMemory', label: 'peak memory (maxRSS of the size process)' },
] as const;
export type SizeRowKey = (typeof SIZE_ROWS)[number]['key'];

export type Emit = (
  event: { readonly key: SizeRowKey; readonly figure: Figure } | { readonly phase: SizeRowKey },
) => void;

export interface SizeBenchOptions {
  readonly seed?: number;
  /** Random pairs for the single-check statistics. */
  readonly checkSamples?: number;
  /** Skip the two full matrices (reported as skipped). */
  readonly skipMatrix?: string;
}

/** What bench/run.ts expects from simulator/validate (duck-typed: the module may be mid-flight). */
interface ValidateModule {
  validateTopology(document: Topology): readonly unknown[];
}
interface Flow {
  readonly from: string;
  readonly to: string;
  readonly protocol: 'icmp' | 'tcp' | 'udp' | 'all';
  /** null for ICMP and ALL (simulator/reach FlowSpec). */
  readonly port: number | null;
}
interface Reachability {
  check(flow: Flow): unknown;
  matrix(query: { protocol: Flow['protocol']; port: number | null }): unknown;
  /** Optional incremental update; when absent a re-check rebuilds from the edited document. */
  update?(document: Topology): Reachability | void;
}
interface ReachModule {
  createReachability(document: Topology): Reachability;
}

export function timeFigure(ms: number, note?: string): Figure {
  return note === undefined ? { kind: 'time', ms } : { kind: 'time', ms, note };
}

/** What every measurement of one size shares. */
interface SizeRun {
  readonly size: BenchSize;
  readonly seed: number;
  readonly text: string;
  /** Samples per timed load figure: fewer for a document so big that each parse takes seconds. */
  readonly runs: number;
  readonly emit: Emit;
  readonly emitFigure: (key: SizeRowKey, figure: Figure) => void;
  /** Every JSON.parse time so far; the floor is re-emitted as more are taken (see measureFloor). */
  readonly floorSamples: number[];
}

/** The rows the reachability module answers; all n/a when it is missing or its build throws. */
const REACH_ROWS: readonly SizeRowKey[] = [
  'reachBuild',
  'checkMedian',
  'checkP99',
  'checkCold',
  'recheckAddRule',
  'recheckRemoveRoute',
  'matrixIcmp',
  'matrixTcp22',
  'matrixReachable',
];

/** The rows `skipMatrix` leaves out: the matrices and the intents/diff rows that compute them. */
const MATRIX_ROWS = [
  'matrixIcmp',
  'matrixTcp22',
  'matrixReachable',
  'assertIntents',
  'assertFromIndex',
  'diffEdit',
  'diffFromIndex',
] as const;

/**
 * Runs the rows in table order. The order of the seeded random draws (check pairs, then the edits)
 * is part of what makes two runs comparable, so the phases below must keep theirs.
 */
export async function runSizeBench(size: BenchSize, options: SizeBenchOptions, emit: Emit): Promise<void> {
  const seed = options.seed ?? 1;
  const text = generateDocumentText(size, seed);
  const big = text.length > 20_000_000;
  const run: SizeRun = {
    size,
    seed,
    text,
    runs: big ? 3 : 7,
    emit,
    emitFigure: (key, figure) => emit({ key, figure }),
    floorSamples: [],
  };
  run.emitFigure('docBytes', { kind: 'bytes', bytes: Buffer.byteLength(text) });

  // The floor is sampled at the start, after loading and at the end.
  emit({ phase: 'floor' });
  measureFloor(run, 1);
  const document = measureLoad(run);
  await measureLoadValidate(run);
  emitPeakMemory(run);
  measureFloor(run, 0);

  const createReachability = await importReachability(run);
  if (!createReachability) return;
  const reach = measureReachBuild(run, document, createReachability);
  if (!reach) return;
  const random = seededRandom(seed * 31 + 7);
  const pickPair = pairPicker(document.instances, random);
  measureChecks(run, reach, pickPair, options.checkSamples ?? (size === 'S' ? 200 : 1000));
  measureColdChecks(run, document, createReachability);
  measureRechecks(run, document, reach, createReachability, pickPair, random);
  emitPeakMemory(run);

  if (options.skipMatrix !== undefined) {
    for (const key of MATRIX_ROWS) run.emitFigure(key, na(options.skipMatrix));
    return;
  }
  measureMatrices(run, document, createReachability);
  measureAssert(run, document);
  measureDiff(run, document);
  emitPeakMemory(run);
  measureFloor(run, 0);
}

function emitPeakMemory(run: SizeRun): void {
  run.emitFigure('peakMemory', { kind: 'bytes', bytes: process.resourceUsage().maxRSS * 1024 });
}

/** Adds `run.runs` JSON.parse samples and re-emits the floor over all of them. */
function measureFloor(run: SizeRun, warmups: number): void {
  run.floorSamples.push(...sample(() => JSON.parse(run.text), run.runs, warmups));
  // The fastest run is the floor: JSON.parse has no variance of its own, so the fastest run is
  // the one least disturbed by other processes — a conservative denominator for every ratio.
  run.emitFigure('floor', timeFigure(Math.min(...run.floorSamples), `fastest of ${run.floorSamples.length} runs`));
}

/** Loads the document once for the later rows, then times loading it. */
function measureLoad(run: SizeRun): Topology {
  run.emit({ phase: 'load' });
  const loaded = loadDocumentText(run.text);
  if (loaded.kind !== 'ok')
    throw new Error(`generated ${run.size} document does not load: ${JSON.stringify(loaded).slice(0, 300)}`);
  run.emitFigure('load', timeFigure(median(sample(() => loadDocumentText(run.text), run.runs, 1))));
  return loaded.document;
}

async function measureLoadValidate(run: SizeRun): Promise<void> {
  run.emit({ phase: 'loadValidate' });
  const validate = await optionalImport<ValidateModule>(
    new URL('../simulator/validate/index.ts', import.meta.url).href,
  );
  if (validate.kind !== 'ok' || typeof validate.module.validateTopology !== 'function') {
    run.emitFigure('loadValidate', na(validate.kind === 'missing' ? validate.reason : NOT_AVAILABLE));
    return;
  }
  const v = validate.module.validateTopology;
  const loadAndValidate = (): void => {
    const result = loadDocumentText(run.text);
    if (result.kind === 'ok') v(result.document);
  };
  try {
    // The first run (the warm-up) is the process's first validation, as `vpclink validate` pays it
    // (the load is warm by now); the timed runs after it are still within the JIT's warm-up (V8
    // optimizes the once-per-run checks over the first several runs), so the note gives both ends.
    gc();
    const t0 = performance.now();
    loadAndValidate();
    const first = performance.now() - t0;
    const times = sample(loadAndValidate, run.runs, 0);
    run.emitFigure(
      'loadValidate',
      timeFigure(
        median(times),
        `median of ${times.length}; first validation of the process ${first.toPrecision(3)} ms, fastest ${Math.min(...times).toPrecision(3)} ms`,
      ),
    );
  } catch (error) {
    run.emitFigure('loadValidate', na(`n/a (validate threw: ${errorText(error)})`));
  }
}

type CreateReachability = ReachModule['createReachability'];

/** The reachability module's constructor, or undefined (its rows reported n/a) when it is missing. */
async function importReachability(run: SizeRun): Promise<CreateReachability | undefined> {
  const reachModule = await optionalImport<ReachModule>(new URL('../simulator/reach/index.ts', import.meta.url).href);
  if (reachModule.kind === 'ok' && typeof reachModule.module.createReachability === 'function')
    return reachModule.module.createReachability;
  const reason = reachModule.kind === 'missing' ? reachModule.reason : NOT_AVAILABLE;
  for (const key of REACH_ROWS) run.emitFigure(key, na(reason));
  emitPeakMemory(run);
  return undefined;
}

/** Times the index build; undefined (its rows reported n/a) when the build throws. */
function measureReachBuild(
  run: SizeRun,
  document: Topology,
  createReachability: CreateReachability,
): Reachability | undefined {
  run.emit({ phase: 'reachBuild' });
  try {
    gc();
    const t0 = performance.now();
    const reach = createReachability(document);
    run.emitFigure('reachBuild', timeFigure(performance.now() - t0));
    return reach;
  } catch (error) {
    for (const key of REACH_ROWS) run.emitFigure(key, na(`n/a (createReachability threw: ${errorText(error)})`));
    return undefined;
  }
}

type PickPair = () => [Instance, Instance];

/** Random ordered pairs of two different instances (the next one when the draw repeats). */
function pairPicker(instances: readonly Instance[], random: () => number): PickPair {
  return () => {
    const a = instances[Math.floor(random() * instances.length)]!;
    let b = instances[Math.floor(random() * instances.length)]!;
    if (b === a) b = instances[(instances.indexOf(a) + 1) % instances.length]!;
    return [a, b];
  };
}

/** Single checks over random ordered pairs (seeded), each with its full trace, after 50 warm-ups. */
function measureChecks(run: SizeRun, reach: Reachability, pickPair: PickPair, sampleCount: number): void {
  run.emit({ phase: 'checkMedian' });
  const pairs = Array.from({ length: sampleCount }, pickPair);
  try {
    for (let i = 0; i < Math.min(50, pairs.length); i++) reach.check(flowOf(pairs[i]!, 'icmp'));
    gc();
    const times: number[] = [];
    for (const pair of pairs) {
      const flow = flowOf(pair, 'icmp');
      const t0 = performance.now();
      reach.check(flow);
      times.push(performance.now() - t0);
    }
    run.emitFigure('checkMedian', timeFigure(median(times), `${times.length} random pairs`));
    run.emitFigure('checkP99', timeFigure(percentile(times, 99), `${times.length} random pairs`));
  } catch (error) {
    run.emitFigure('checkMedian', na(`n/a (check threw: ${errorText(error)})`));
    run.emitFigure('checkP99', na(`n/a (check threw: ${errorText(error)})`));
  }
}

/**
 * The first check of a fresh index (its build untimed): what `vpclink check` computes after the
 * index, and the share of a re-check that is not the index's `update` (rule sets, routes and
 * their fixes worked out for the first time). Its own seeded pairs, so the rows after it draw
 * what they always drew; median of 9 (3 for XL), each on its own index.
 */
function measureColdChecks(run: SizeRun, document: Topology, createReachability: CreateReachability): void {
  run.emit({ phase: 'checkCold' });
  try {
    const pickPair = pairPicker(document.instances, seededRandom(run.seed * 13 + 5));
    const times = Array.from({ length: run.size === 'XL' ? 3 : 9 }, () => {
      const fresh = createReachability(document);
      const flow = flowOf(pickPair(), 'icmp');
      gc();
      const t0 = performance.now();
      fresh.check(flow);
      return performance.now() - t0;
    });
    run.emitFigure('checkCold', timeFigure(median(times), `${times.length} random pairs, each on a fresh index`));
  } catch (error) {
    run.emitFigure('checkCold', na(`n/a (check threw: ${errorText(error)})`));
  }
}

/**
 * Re-check after one edit: the time from the edited document to the new answer for the pair the
 * edit concerns (an incremental `update` when the module offers one, else a rebuild + check).
 */
function measureRechecks(
  run: SizeRun,
  document: Topology,
  reach: Reachability,
  createReachability: CreateReachability,
  pickPair: PickPair,
  random: () => number,
): void {
  const recheck = rechecker(reach, createReachability);
  const timeEdits = (key: SizeRowKey, makeEdits: () => Array<{ edited: Topology; flow: Flow }>): void => {
    run.emit({ phase: key });
    try {
      const times = makeEdits().map(({ edited, flow }) => {
        gc();
        return recheck.time(edited, flow);
      });
      run.emitFigure(key, timeFigure(median(times), recheck.note()));
    } catch (error) {
      run.emitFigure(key, na(`n/a (threw: ${errorText(error)})`));
    }
  };
  timeEdits('recheckAddRule', () => Array.from({ length: 5 }, () => addRuleEdit(document, pickPair())));
  timeEdits('recheckRemoveRoute', () => Array.from({ length: 5 }, (_, i) => removeRouteEdit(document, i, random)));
}

/**
 * Times one re-check and counts incremental answers that differ from a fresh index's; the count
 * runs over every edit of the size, so the second row's note includes the first row's mismatches.
 */
function rechecker(
  reach: Reachability,
  createReachability: CreateReachability,
): { time(edited: Topology, flow: Flow): number; note(): string } {
  const incremental = typeof reach.update === 'function';
  let mismatches = 0;
  return {
    time(edited, flow) {
      const t0 = performance.now();
      const updated = incremental ? (reach.update!(edited) ?? reach) : createReachability(edited);
      const answer = updated.check(flow);
      const ms = performance.now() - t0;
      // An incremental answer must equal a fresh one (checked outside the timing).
      if (incremental && verdictOf(answer) !== verdictOf(createReachability(edited).check(flow))) mismatches++;
      return ms;
    },
    note: () =>
      (incremental ? 'incremental update' : 'rebuild + check') +
      (mismatches ? `; ${mismatches} verdict(s) DIFFER from a fresh index` : ''),
  };
}

/**
 * The matrix is timed on a fresh index each run (index build excluded; pool compilation, which
 * is lazy, included): what a user waits for when they open the matrix view of a loaded document.
 */
function measureMatrices(run: SizeRun, document: Topology, createReachability: CreateReachability): void {
  const n = document.instances.length;
  // A full matrix is one long computation: the best of a few runs keeps a burst of load on a
  // shared machine out of the figure, as the floor (the fastest of many JSON.parse runs) does for
  // its own: with one or two runs against a floor's twenty, a loaded machine inflated the ratio
  // (one hour of L runs on a loaded machine read 5× to 41×). Each run starts from a fresh index.
  const matrixRuns = run.size === 'XL' ? 2 : 5;
  // Warm-up runs first, as the single checks, assert and diff rows have theirs: the first matrices
  // of a process run the sweep's loops in V8's interpreter until they are optimised (on L the
  // first two took 4-8× a warm one), which the best of five was left to absorb. The first, cold
  // run is still given in the note: it is what the first matrix of an app session costs.
  const matrixWarmups = run.size === 'XL' ? 1 : 2;
  const timeMatrix = (
    protocol: Flow['protocol'],
    port: number | null,
  ): { ms: number; coldMs: number; timed: number[]; result: unknown } => {
    let best = Infinity;
    let coldMs = NaN;
    const timed: number[] = [];
    let result: unknown;
    for (let i = 0; i < matrixWarmups + matrixRuns; i++) {
      const fresh = createReachability(document);
      gc();
      const t0 = performance.now();
      result = fresh.matrix({ protocol, port });
      const ms = performance.now() - t0;
      if (i === 0) coldMs = ms;
      if (i >= matrixWarmups) {
        best = Math.min(best, ms);
        timed.push(ms);
      }
      // Only the last run's result is kept, so two matrices are never held at once.
      if (i < matrixWarmups + matrixRuns - 1) result = undefined;
    }
    return { ms: best, coldMs, timed, result };
  };
  // Every timed run is in the note: on a shared machine their spread says how far to trust the best.
  const matrixNote = (coldMs: number, timed: readonly number[]) =>
    `${n}×${n}, best of ${matrixRuns} after ${matrixWarmups} warm-up${matrixWarmups === 1 ? '' : 's'} ` +
    `(first: ${coldMs.toFixed(0)} ms; timed: ${timed.map((ms) => ms.toFixed(0)).join(', ')} ms)`;
  run.emit({ phase: 'matrixIcmp' });
  try {
    const { ms, coldMs, timed, result } = timeMatrix('icmp', null);
    run.emitFigure('matrixIcmp', timeFigure(ms, matrixNote(coldMs, timed)));
    const cells = countReachable(result);
    run.emitFigure(
      'matrixReachable',
      cells === undefined
        ? na('n/a (matrix result has no reachable[][])')
        : { kind: 'count', value: cells, unit: `of ${n * n}` },
    );
  } catch (error) {
    run.emitFigure('matrixIcmp', na(`n/a (matrix threw: ${errorText(error)})`));
    run.emitFigure('matrixReachable', na('n/a (matrix threw)'));
  }
  emitPeakMemory(run);
  run.emit({ phase: 'matrixTcp22' });
  try {
    const { ms, coldMs, timed } = timeMatrix('tcp', 22);
    run.emitFigure('matrixTcp22', timeFigure(ms, matrixNote(coldMs, timed)));
  } catch (error) {
    run.emitFigure('matrixTcp22', na(`n/a (matrix threw: ${errorText(error)})`));
  }
  emitPeakMemory(run);
}

// Intents and diff, two ways each. End to end: from a loaded document to the report, index build
// and matrices included, like `vpclink assert`/`diff`. From a built index (the target rows): the
// index of the document (of BEFORE for diff) is built before the clock starts, fresh for each run
// so nothing it computes lazily (compiled rule sets, matrices) is left over from the previous run.

function measureAssert(run: SizeRun, document: Topology): void {
  const withIntents: Topology = { ...document, intents: benchIntents(document, seededRandom(run.seed * 17 + 3)) };
  const assertOnce = (verdicts?: ReturnType<typeof createVerdicts>): number => {
    const result = evaluateIntents(withIntents, verdicts);
    if (result.kind !== 'ok') throw new Error(`intents do not resolve: ${JSON.stringify(result.problems[0])}`);
    return result.report.failed;
  };
  run.emit({ phase: 'assertIntents' });
  try {
    let failed = 0;
    const times = sample(() => (failed = assertOnce()), 3, 0);
    run.emitFigure('assertIntents', timeFigure(median(times), `${failed} of 120 fail`));
  } catch (error) {
    run.emitFigure('assertIntents', na(`n/a (assert threw: ${errorText(error)})`));
  }
  run.emit({ phase: 'assertFromIndex' });
  try {
    let failed = 0;
    const times = fromIndex(
      () => createVerdicts(withIntents),
      (verdicts) => (failed = assertOnce(verdicts)),
    );
    run.emitFigure('assertFromIndex', timeFigure(median(times), `${failed} of 120 fail; median of ${times.length}`));
  } catch (error) {
    run.emitFigure('assertFromIndex', na(`n/a (assert threw: ${errorText(error)})`));
  }
}

function measureDiff(run: SizeRun, document: Topology): void {
  const edited = diffEdit(document);
  const icmp = { protocol: 'icmp', port: null } as const;
  run.emit({ phase: 'diffEdit' });
  try {
    let lost = 0;
    const times = sample(() => (lost = diffReachability(document, edited, icmp).diff.lost.length), 3, 0);
    run.emitFigure('diffEdit', timeFigure(median(times), `${lost} pairs lost`));
  } catch (error) {
    run.emitFigure('diffEdit', na(`n/a (diff threw: ${errorText(error)})`));
  }
  run.emit({ phase: 'diffFromIndex' });
  try {
    let lost = 0;
    let path = '';
    const causes: number[] = [];
    const times = fromIndex(
      () => buildReachIndex(document),
      (before) => {
        const result = diffReachability(document, edited, icmp, { before });
        lost = result.diff.lost.length;
        path = result.path;
        return result;
      },
      // The causes (text report only; `diff --json` never reads them) are worked out on first read: timed apart.
      (result) => {
        const t0 = performance.now();
        void result.lostByCause.length;
        causes.push(performance.now() - t0);
      },
    );
    run.emitFigure(
      'diffFromIndex',
      timeFigure(
        median(times),
        `${lost} pairs lost; ${path}; median of ${times.length}; text report: +${median(causes).toFixed(1)} ms`,
      ),
    );
  } catch (error) {
    run.emitFigure('diffFromIndex', na(`n/a (diff threw: ${errorText(error)})`));
  }
}

/** Times `run` on a fresh `build()` each time (the build itself untimed): 5 runs, after one warm-up. */
/**
 * Times `run` on a freshly built index six times (the first run warms up and is not counted).
 * `after` reads each counted result outside the timed part, so no result outlives its run (the
 * results hold their indexes: keeping six of them inflated the size process's peak memory).
 */
function fromIndex<T, R>(build: () => T, run: (built: T) => R, after?: (result: R) => void): number[] {
  const times: number[] = [];
  for (let i = 0; i < 6; i++) {
    const built = build();
    gc();
    const t0 = performance.now();
    const result = run(built);
    if (i > 0) {
      times.push(performance.now() - t0);
      after?.(result);
    }
  }
  return times;
}

/** 100 random instance pairs that must ping, and 20 random VPC pairs that must not talk SSH. */
function benchIntents(document: Topology, random: () => number): NonNullable<Topology['intents']> {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const intents: NonNullable<Topology['intents']> = [];
  for (let i = 0; i < 100; i++) {
    const from = pick(document.instances).instanceId;
    const to = pick(document.instances).instanceId;
    intents.push({ from, to, expect: 'reachable', protocol: 'icmp' });
  }
  for (let i = 0; i < 20; i++) {
    intents.push({
      from: pick(document.vpcs).vpcId,
      to: pick(document.vpcs).vpcId,
      expect: 'unreachable',
      protocol: 'tcp',
      port: 22,
    });
  }
  return intents;
}

/** A change review: the first rule of every 97th group dropped, and one route table emptied (a hub's, on L: thousands of pairs lost). */
function diffEdit(document: Topology): Topology {
  return {
    ...document,
    securityGroups: document.securityGroups.map((g, i) =>
      i % 97 === 0 ? { ...g, permissions: g.permissions.slice(1) } : g,
    ),
    routeTables: document.routeTables.map((t, i) => (i === 1 ? { ...t, routeEntries: [] } : t)),
  };
}

function flowOf(
  [from, to]: readonly [Instance, Instance],
  protocol: Flow['protocol'],
  port: number | null = null,
): Flow {
  return { from: from.instanceId, to: to.instanceId, protocol, port };
}

function verdictOf(result: unknown): unknown {
  return (result as { verdict?: unknown } | null)?.verdict;
}

function countReachable(result: unknown): number | undefined {
  // The bitset rows when the matrix has them (decoding N² booleans would dwarf the matrix's own memory).
  const bits = (result as { rows?: unknown } | null)?.rows;
  if (Array.isArray(bits) && bits.every((row) => row instanceof Uint32Array)) {
    let count = 0;
    for (const row of bits as Uint32Array[])
      for (let w = 0; w < row.length; w++) for (let x = row[w]!; x !== 0; x &= x - 1) count++;
    return count;
  }
  const rows = (result as { reachable?: unknown } | null)?.reachable;
  if (!Array.isArray(rows)) return undefined;
  let count = 0;
  for (const row of rows) {
    if (!Array.isArray(row) && !ArrayBuffer.isView(row)) return undefined;
    const cells = row as ArrayLike<unknown>;
    for (let i = 0; i < cells.length; i++) if (cells[i] === true || cells[i] === 1) count++;
  }
  return count;
}

/** Adds an ingress ICMP Accept rule for the source's /32 to the destination's first group. */
export function addRuleEdit(
  document: Topology,
  [from, to]: readonly [Instance, Instance],
): { edited: Topology; flow: Flow } {
  const groupId = to.securityGroupIds[0]!;
  const securityGroups = document.securityGroups.map((group): SecurityGroup =>
    group.securityGroupId !== groupId
      ? group
      : {
          ...group,
          permissions: [
            ...group.permissions,
            {
              direction: 'ingress',
              ipProtocol: 'ICMP',
              portRange: '-1/-1',
              policy: 'Accept',
              priority: 1,
              sourceCidrIp: `${from.privateIpAddress}/32`,
              description: 'bench edit',
            },
          ],
        },
  );
  return { edited: { ...document, securityGroups }, flow: flowOf([from, to], 'icmp') };
}

/**
 * Removes one router-interface route from the `nth` table that has one, and returns a flow from
 * an instance of that VPC towards an instance inside the removed destination.
 */
export function removeRouteEdit(
  document: Topology,
  nth: number,
  random: () => number,
): { edited: Topology; flow: Flow } {
  const tables = document.routeTables.filter((t) => t.routeEntries.some((e) => e.nextHopType === 'RouterInterface'));
  if (tables.length === 0) throw new Error('no route table with a router-interface route');
  const table = tables[(nth * 7919 + Math.floor(random() * tables.length)) % tables.length]!;
  const entryIndex = table.routeEntries.findIndex((e) => e.nextHopType === 'RouterInterface');
  const removed = table.routeEntries[entryIndex]!;
  const routeTables = document.routeTables.map((t): RouteTable =>
    t !== table ? t : { ...t, routeEntries: t.routeEntries.filter((_, i) => i !== entryIndex) },
  );
  const vSwitchVpc = new Map(document.vSwitches.map((s) => [s.vSwitchId, s.vpcId]));
  const from = document.instances.find((i) => vSwitchVpc.get(i.vSwitchId) === table.vpcId);
  const [net, bits] = removed.destinationCidrBlock.split('/');
  const mask = Number(bits) === 0 ? 0 : (~0 << (32 - Number(bits))) >>> 0;
  const toUint = (ip: string) => ip.split('.').reduce((a, o) => ((a << 8) | Number(o)) >>> 0, 0);
  const netValue = (toUint(net!) & mask) >>> 0;
  const to = document.instances.find((i) => (toUint(i.privateIpAddress) & mask) >>> 0 === netValue && i !== from);
  if (!from || !to) throw new Error(`no instance pair across removed route ${removed.destinationCidrBlock}`);
  return { edited: { ...document, routeTables }, flow: flowOf([from, to], 'icmp') };
}
