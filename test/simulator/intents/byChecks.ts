/**
 * The reference evaluation of an intent for the tests: a full `check` of every ordered pair of its
 * ends (with its hops; `assert` itself traces without writing them down, `Reachability.verdict`).
 */
import type { Intent, Topology } from '../../../simulator/document';
import { createVerdicts, IntentEnds, type IntentViolation } from '../../../simulator/intents';

/** The pairs of the intent and, in order, those whose verdict is not the expected one. */
export function violationsByChecks(
  doc: Topology,
  intent: Intent,
  verdicts = createVerdicts(doc),
): { readonly pairs: number; readonly violations: IntentViolation[] } {
  const ends = new IntentEnds(doc);
  const from = ends.resolve(intent.from, 'from');
  const to = ends.resolve(intent.to, 'to');
  if (from.kind !== 'ok' || to.kind !== 'ok') throw new Error(`unresolved end in ${JSON.stringify(intent)}`);
  const violations: IntentViolation[] = [];
  for (const s of from.end.endpoints)
    for (const d of to.end.endpoints) {
      if (s === d) continue;
      const checked = verdicts.check(s, d, intent.protocol, intent.port ?? null);
      // An end the simulator cannot take as a flow end: the adapter's `undetermined` (no trace to compare).
      const pair =
        'kind' in checked
          ? verdicts.pair(s, d, intent.protocol, intent.port ?? null)
          : { verdict: checked.verdict, blockers: checked.blockers };
      if (pair.verdict !== intent.expect) violations.push({ from: s, to: d, ...pair });
    }
  return { pairs: from.end.endpoints.length * to.end.endpoints.length, violations };
}
