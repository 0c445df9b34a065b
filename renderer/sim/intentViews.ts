/**
 * The intents checklist's rows, computed in the simulator worker (worker.ts) on every document
 * change, from the one per-intent evaluator (simulator/intents `evaluateEachIntent`): an intent
 * that cannot be evaluated is undetermined with its problem, and the others are still evaluated,
 * so one half-typed intent never hides the state of the rest.
 */
import type { Topology } from '../../simulator/document/schema';
import { evaluateEachIntent } from '../../simulator/intents';
import type { IntentView } from './types';

export function intentViews(doc: Topology): IntentView[] {
  return evaluateEachIntent(doc).map((outcome): IntentView => {
    const { index, name } = outcome;
    if (outcome.kind === 'unevaluable') {
      const first = outcome.problems[0]!;
      return {
        index,
        name,
        state: 'undetermined',
        note: `${first.path.split('/')[3] ?? 'intent'}: ${first.message}`,
        violations: 0,
      };
    }
    if (outcome.holds) return { index, name, state: 'holds', violations: 0 };
    // A pair with the opposite definite verdict proves the intent violated; only undetermined pairs
    // leave it undetermined (aliyun: never a guessed verdict).
    const definite = outcome.violations.find((v) => v.verdict !== 'undetermined');
    const first = definite ?? outcome.violations[0]!;
    const firstViolation = { from: first.from, to: first.to };
    if (definite) return { index, name, state: 'violated', firstViolation, violations: outcome.violations.length };
    return {
      index,
      name,
      state: 'undetermined',
      note: `${first.from} → ${first.to}: ${first.blockers[0]?.message ?? 'vpclink cannot know this path'}`,
      firstViolation,
      violations: outcome.violations.length,
    };
  });
}
