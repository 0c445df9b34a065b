/**
 * The intents checklist's rows, computed in the simulator worker (worker.ts) on every document
 * change. `evaluateIntents` refuses the whole document when one intent cannot be evaluated (the
 * CLI's exit 2); the checklist instead marks that intent undetermined with the problem and still
 * evaluates the others, so one half-typed intent never hides the state of the rest.
 */
import type { Topology } from '../../simulator/document/schema';
import { evaluateIntents, intentInputProblems, intentLabel, type IntentResult } from '../../simulator/intents';
import type { IntentView } from './types';

export function intentViews(doc: Topology): IntentView[] {
  const intents = doc.intents ?? [];
  if (intents.length === 0) return [];
  const problems = new Map<number, string>();
  for (const p of intentInputProblems(doc)) {
    const index = Number(p.path.split('/')[2]);
    if (!problems.has(index)) problems.set(index, `${p.path.split('/')[3] ?? 'intent'}: ${p.message}`);
  }
  // Evaluate only the intents that can be; map their results back to the document's indices.
  const evaluable = intents.map((_, i) => i).filter((i) => !problems.has(i));
  const results = new Map<number, IntentResult>();
  if (evaluable.length > 0) {
    const outcome = evaluateIntents({ ...doc, intents: evaluable.map((i) => intents[i]!) });
    if (outcome.kind !== 'ok') throw new Error('an intent without input problems could not be evaluated');
    outcome.report.results.forEach((r) => results.set(evaluable[r.index]!, r));
  }
  return intents.map((intent, index): IntentView => {
    const name = intent.name ?? intentLabel(intent);
    const problem = problems.get(index);
    if (problem !== undefined) return { index, name, state: 'undetermined', note: problem, violations: 0 };
    const result = results.get(index)!;
    if (result.holds) return { index, name, state: 'holds', violations: 0 };
    // A pair with the opposite definite verdict proves the intent violated; only undetermined pairs
    // leave it undetermined (aliyun: never a guessed verdict).
    const definite = result.violations.find((v) => v.verdict !== 'undetermined');
    const first = definite ?? result.violations[0]!;
    const firstViolation = { from: first.from, to: first.to };
    if (definite) return { index, name, state: 'violated', firstViolation, violations: result.violations.length };
    return {
      index,
      name,
      state: 'undetermined',
      note: `${first.from} → ${first.to}: ${first.blockers[0]?.message ?? 'vpclink cannot know this path'}`,
      firstViolation,
      violations: result.violations.length,
    };
  });
}
