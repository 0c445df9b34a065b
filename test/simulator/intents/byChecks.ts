/** The reference evaluation of an intent for the tests: a `check` of every ordered pair of its ends. */
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
      const pair = verdicts.pair(s, d, intent.protocol, intent.port ?? null);
      if (pair.verdict !== intent.expect) violations.push({ from: s, to: d, ...pair });
    }
  return { pairs: from.end.endpoints.length * to.end.endpoints.length, violations };
}
