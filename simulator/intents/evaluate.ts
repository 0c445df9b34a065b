/**
 * Evaluating the document's intents (topology-format.md §4.3, `vpclink assert`).
 *
 * An intent holds when every ordered pair of its ends has the expected verdict. `undetermined`
 * (the path leaves what vpclink models) satisfies neither expectation: a "must not reach" that
 * vpclink cannot prove is reported, never passed.
 *
 * Speed: a group end can mean thousands of pairs. When the intents of one protocol and port cover
 * more pairs than they have instances (group ends), their verdicts come from one matrix among
 * just those instances (`Verdicts.among`: the route tables and security-group sets they use,
 * computed once for all of them) and only the violating pairs are traced, for their blockers.
 * Intents between single ends are one `check` each: a traced pair costs less than its share of a
 * matrix, and a violated pair needs its trace anyway. Before either, a pair whose source's route
 * table has no route at all for the destination is known `unreachable` from one lookup
 * (`surelyUnreachable`): a "must not reach" between VPCs that are not connected holds without a
 * matrix or a trace, and only the other pairs' instances enter the matrix. A flow several intents
 * share (a VPC and one of its vSwitches, a repeated intent) is traced once.
 */
import type { Intent, Topology } from '../document/schema';
import { IntentEnds, type ResolvedEnd } from './resolve';
import {
  createVerdicts,
  protocolInputError,
  type Blocker,
  type PairVerdict,
  type Protocol,
  type Verdict,
  type VerdictMatrix,
  type Verdicts,
} from './verdicts';

export interface IntentViolation {
  readonly from: string;
  readonly to: string;
  readonly verdict: Verdict;
  readonly blockers: readonly Blocker[];
}

/** One intent's result (`assert --json` `results[]`). */
export interface IntentResult {
  /** Index in the document's `intents`. */
  readonly index: number;
  readonly name: string;
  readonly holds: boolean;
  readonly violations: readonly IntentViolation[];
}

/** `assert --json` exactly. */
export interface AssertReport {
  readonly passed: number;
  readonly failed: number;
  readonly results: readonly IntentResult[];
}

/** An intent that cannot be evaluated (CLI exit 2): the JSON Pointer names the field. */
export interface IntentInputProblem {
  readonly path: string;
  readonly message: string;
}

/** Below this many pairs (of one protocol and port) tracing each is cheaper than any matrix. */
const MATRIX_MIN_PAIRS = 64;

/** Every problem that stops the intents from being evaluated, in document order. */
export function intentInputProblems(document: Topology, ends = new IntentEnds(document)): IntentInputProblem[] {
  const problems: IntentInputProblem[] = [];
  (document.intents ?? []).forEach((intent, i) => {
    for (const side of ['from', 'to'] as const) {
      const resolved = ends.resolve(intent[side], side);
      if (resolved.kind === 'unknown') problems.push({ path: `/intents/${i}/${side}`, message: resolved.message });
    }
    const bad = protocolInputError(intent.protocol, intent.port ?? null);
    if (bad) problems.push({ path: `/intents/${i}/${bad.field}`, message: bad.message });
  });
  return problems;
}

/** A readable default name: `i-a must reach i-b (tcp/3306)`. */
export function intentLabel(intent: Intent): string {
  const what =
    intent.protocol === 'tcp' || intent.protocol === 'udp' ? `${intent.protocol}/${intent.port}` : intent.protocol;
  return `${intent.from} ${intent.expect === 'reachable' ? 'must reach' : 'must not reach'} ${intent.to} (${what})`;
}

/**
 * Evaluates every intent of the document. Returns the input problems instead when any intent
 * cannot be evaluated (an end that names nothing, a port that does not fit the protocol).
 */
export function evaluateIntents(
  document: Topology,
  verdicts: Verdicts = createVerdicts(document),
):
  | { readonly kind: 'ok'; readonly report: AssertReport }
  | { readonly kind: 'bad-input'; readonly problems: readonly IntentInputProblem[] } {
  const ends = new IntentEnds(document);
  const problems = intentInputProblems(document, ends);
  if (problems.length > 0) return { kind: 'bad-input', problems };
  const intents = document.intents ?? [];
  const resolvedEnds = intents.map(
    (intent) => [resolved(ends, intent.from, 'from'), resolved(ends, intent.to, 'to')] as const,
  );
  // The pairs whose source has no route at all toward the destination are surely unreachable:
  // known without a matrix or a trace (a "must not reach" between unconnected VPCs holds at once).
  const noRoute = resolvedEnds.map(([from, to]) => noRoutePairs(verdicts, from, to));
  // Pairs and instance ends per protocol and port (the pairs still to decide), to decide where a matrix pays off.
  const flows = new Map<string, { pairs: number; instances: Set<string> }>();
  intents.forEach((intent, i) => {
    const [from, to] = resolvedEnds[i]!;
    const key = flowKey(intent);
    let flow = flows.get(key);
    if (flow === undefined) flows.set(key, (flow = { pairs: 0, instances: new Set() }));
    const decided = noRoute[i];
    if (decided === null) {
      flow.pairs += from.endpoints.length * to.endpoints.length;
      // Every end: one that is no instance (an ENI, an address) has no row and is traced pair by pair.
      for (const id of [...from.endpoints, ...to.endpoints]) flow.instances.add(id);
      return;
    }
    const width = to.endpoints.length;
    from.endpoints.forEach((source, f) => {
      to.endpoints.forEach((destination, t) => {
        if (source !== destination && decided[f * width + t] === 0) {
          flow.pairs++;
          flow.instances.add(source).add(destination);
        }
      });
    });
  });
  const matrices = new Map<string, VerdictMatrix | undefined>();
  const matrixFor = (intent: Intent): VerdictMatrix | undefined => {
    const key = flowKey(intent);
    const flow = flows.get(key)!;
    // A group intent covers ~n²/4 pairs of its n instances; intents between single ends fewer than n.
    if (flow.pairs < MATRIX_MIN_PAIRS || flow.pairs < flow.instances.size) return undefined;
    if (!matrices.has(key))
      matrices.set(key, verdicts.among(flow.instances, intent.protocol as Protocol, intent.port ?? null));
    return matrices.get(key);
  };
  // Intents often share pairs (a tier to a VPC and to one of its vSwitches, on one port): each
  // flow is traced once.
  const traced = new Map<string, PairVerdict>();
  const pairOnce = (source: string, destination: string, protocol: Protocol, port: number | null): PairVerdict => {
    const key = `${source}\u0000${destination}\u0000${protocol}/${port ?? ''}`;
    let pair = traced.get(key);
    if (pair === undefined) traced.set(key, (pair = verdicts.pair(source, destination, protocol, port)));
    return pair;
  };
  const results = intents.map((intent, index) => {
    const [from, to] = resolvedEnds[index]!;
    const violations = evaluateOne(pairOnce, intent, from, to, matrixFor(intent), noRoute[index]);
    return { index, name: intent.name ?? intentLabel(intent), holds: violations.length === 0, violations };
  });
  const passed = results.filter((r) => r.holds).length;
  return { kind: 'ok', report: { passed, failed: results.length - passed, results } };
}

function resolved(ends: IntentEnds, text: string, side: 'from' | 'to'): ResolvedEnd {
  const r = ends.resolve(text, side);
  if (r.kind !== 'ok') throw new Error(`intent end ${text} resolved before but not now`);
  return r.end;
}

function flowKey(intent: Intent): string {
  return `${intent.protocol}/${intent.port ?? ''}`;
}

/** Above this many pairs an intent goes to its matrix without a look at each pair first. */
const NO_ROUTE_MAX_PAIRS = 10_000;

/**
 * The pairs of an intent whose source has no route toward the destination, as a grid: cell
 * `f * to.endpoints.length + t` is 1 for the pair (from.endpoints[f], to.endpoints[t]) (null: not
 * looked at, too many). Indexes, not a set of joined IDs: a group intent has thousands of pairs.
 */
function noRoutePairs(verdicts: Verdicts, from: ResolvedEnd, to: ResolvedEnd): Uint8Array | null {
  const width = to.endpoints.length;
  if (from.endpoints.length * width > NO_ROUTE_MAX_PAIRS) return null;
  const noRoute = new Uint8Array(from.endpoints.length * width);
  from.endpoints.forEach((source, f) => {
    to.endpoints.forEach((destination, t) => {
      if (source !== destination && verdicts.surelyUnreachable(source, destination)) noRoute[f * width + t] = 1;
    });
  });
  return noRoute;
}

function evaluateOne(
  pairOf: (source: string, destination: string, protocol: Protocol, port: number | null) => PairVerdict,
  intent: Intent,
  from: ResolvedEnd,
  to: ResolvedEnd,
  matrix: VerdictMatrix | undefined,
  noRoute: Uint8Array | null,
): IntentViolation[] {
  const protocol = intent.protocol as Protocol;
  const port = intent.port ?? null;
  const violations: IntentViolation[] = [];
  const violated = (verdict: Verdict) => verdict !== intent.expect;
  const width = to.endpoints.length;
  for (let f = 0; f < from.endpoints.length; f++) {
    const source = from.endpoints[f]!;
    const s = matrix?.position(source);
    for (let t = 0; t < width; t++) {
      const destination = to.endpoints[t]!;
      // An instance and itself is no flow (a group intent means every ordered pair of two instances).
      if (source === destination) continue;
      // Surely unreachable: holds for "must not reach"; otherwise its trace gives the blockers.
      if (intent.expect === 'unreachable' && noRoute !== null && noRoute[f * width + t] === 1) continue;
      const d = matrix?.position(destination);
      if (s !== undefined && d !== undefined) {
        const verdict = matrix!.verdictAt(s, d);
        if (!violated(verdict)) continue;
        // A reachable pair has no blockers; the others are traced for theirs.
        if (verdict === 'reachable') {
          violations.push({ from: source, to: destination, verdict, blockers: [] });
          continue;
        }
      }
      const pair = pairOf(source, destination, protocol, port);
      if (violated(pair.verdict)) violations.push({ from: source, to: destination, ...pair });
    }
  }
  return violations;
}

/** One intent evaluated on its own: its result, or why it cannot be evaluated on this document. */
export type IntentOutcome =
  | ({ readonly kind: 'evaluated' } & IntentResult)
  | {
      readonly kind: 'unevaluable';
      readonly index: number;
      readonly name: string;
      /** At least one; the JSON Pointers name the intent's fields (`/intents/0/to`). */
      readonly problems: readonly IntentInputProblem[];
    };

/**
 * Every intent of the document, each on its own. `evaluateIntents` refuses the whole document when
 * one intent cannot be evaluated (the CLI's exit 2); here that intent is `unevaluable` with its
 * problems and the others are still evaluated — what the app's checklist shows on every edit and
 * what apply's verification reports on the live state (where an end may be gone).
 */
export function evaluateEachIntent(document: Topology): IntentOutcome[] {
  const intents = document.intents ?? [];
  if (intents.length === 0) return [];
  const problemsOf = new Map<number, IntentInputProblem[]>();
  for (const p of intentInputProblems(document)) {
    const index = Number(p.path.split('/')[2]);
    problemsOf.set(index, [...(problemsOf.get(index) ?? []), p]);
  }
  const evaluable = intents.map((_, i) => i).filter((i) => !problemsOf.has(i));
  const results = new Map<number, IntentResult>();
  if (evaluable.length > 0) {
    const outcome = evaluateIntents({ ...document, intents: evaluable.map((i) => intents[i]!) });
    if (outcome.kind !== 'ok') throw new Error('an intent without input problems could not be evaluated');
    for (const r of outcome.report.results) results.set(evaluable[r.index]!, { ...r, index: evaluable[r.index]! });
  }
  return intents.map((intent, index): IntentOutcome => {
    const problems = problemsOf.get(index);
    if (problems) return { kind: 'unevaluable', index, name: intent.name ?? intentLabel(intent), problems };
    return { kind: 'evaluated', ...results.get(index)! };
  });
}
