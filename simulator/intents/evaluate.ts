/**
 * Evaluating the document's intents (topology-format.md §4.3, `vpclink assert`).
 *
 * An intent holds when every ordered pair of its ends has the expected verdict. `undetermined`
 * (the path leaves what vpclink models) satisfies neither expectation: a "must not reach" that
 * vpclink cannot prove is reported, never passed.
 *
 * Speed: a group end can mean hundreds of instances, so an intent with many pairs reads its
 * verdicts from the matrix of its protocol and port (equivalence classes of route tables and
 * security-group sets, computed once for all intents that share protocol and port) and traces only
 * the pairs that violate it, for their blockers. A single pair is one `check`.
 */
import type { Intent, Topology } from '../document/schema';
import { IntentEnds, type ResolvedEnd } from './resolve';
import {
  createVerdicts,
  protocolInputError,
  type Blocker,
  type Protocol,
  type Verdict,
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

/** Pairs from which an intent reads the matrix instead of tracing pair by pair. */
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
  const results = (document.intents ?? []).map((intent, index) => {
    const from = resolved(ends, intent.from, 'from');
    const to = resolved(ends, intent.to, 'to');
    const violations = evaluateOne(verdicts, intent, from, to);
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

function evaluateOne(verdicts: Verdicts, intent: Intent, from: ResolvedEnd, to: ResolvedEnd): IntentViolation[] {
  const protocol = intent.protocol as Protocol;
  const port = intent.port ?? null;
  const violations: IntentViolation[] = [];
  const violated = (verdict: Verdict) => verdict !== intent.expect;
  const pairs = from.endpoints.length * to.endpoints.length;
  const matrix = pairs >= MATRIX_MIN_PAIRS ? verdicts.matrix(protocol, port) : undefined;
  for (const source of from.endpoints) {
    const s = matrix?.position(source);
    for (const destination of to.endpoints) {
      // An instance and itself is no flow (a group intent means every ordered pair of two instances).
      if (source === destination) continue;
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
      const pair = verdicts.pair(source, destination, protocol, port);
      if (violated(pair.verdict)) violations.push({ from: source, to: destination, ...pair });
    }
  }
  return violations;
}
