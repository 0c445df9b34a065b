/**
 * The document's intents, evaluated on another document: before apply on the desired document
 * itself (what the plan converges to), after apply on the freshly imported live state
 * (topology-format.md §4.3; issue 15 "Apply"). The imported state carries no intents, so the
 * desired document's are grafted onto it. An end the live state does not have (an instance not
 * there any more) makes that intent fail: vpclink cannot show it holds.
 */
import type { Topology } from '../../simulator/document';
import { evaluateIntents, type IntentViolation } from '../../simulator/intents';

export interface CheckedIntent {
  /** Index in the desired document's `intents`. */
  readonly index: number;
  readonly name: string;
  readonly holds: boolean;
  readonly violations: readonly IntentViolation[];
  /** Why it could not be evaluated on this state (an end it does not have). */
  readonly problem?: string;
}

export function checkIntentsOn(intentsFrom: Topology, state: Topology): CheckedIntent[] {
  const intents = intentsFrom.intents ?? [];
  if (intents.length === 0) return [];
  const outcome = evaluateIntents({ ...state, intents });
  if (outcome.kind === 'ok')
    return outcome.report.results.map((r) => ({
      index: r.index,
      name: r.name,
      holds: r.holds,
      violations: r.violations,
    }));
  // Some ends do not resolve here: those intents fail with the reason; the others are evaluated.
  const problemOf = new Map<number, string>();
  for (const p of outcome.problems) {
    const index = Number(p.path.split('/')[2]);
    if (!problemOf.has(index)) problemOf.set(index, `${p.path}: ${p.message}`);
  }
  const evaluable = intents.map((_, i) => i).filter((i) => !problemOf.has(i));
  const rest = evaluable.length > 0 ? evaluateIntents({ ...state, intents: evaluable.map((i) => intents[i]!) }) : null;
  const byIndex = new Map<number, CheckedIntent>();
  if (rest?.kind === 'ok')
    for (const r of rest.report.results) {
      const index = evaluable[r.index]!;
      byIndex.set(index, { index, name: r.name, holds: r.holds, violations: r.violations });
    }
  return intents.map(
    (intent, index) =>
      byIndex.get(index) ?? {
        index,
        name: intent.name ?? `${intent.from} → ${intent.to}`,
        holds: false,
        violations: [],
        problem: problemOf.get(index) ?? 'could not be evaluated',
      },
  );
}

/** One line per failing intent: its name and first violating pair, or why it cannot be evaluated. */
export function describeFailedIntent(intent: CheckedIntent): string {
  if (intent.problem !== undefined) return `intent "${intent.name}" cannot be evaluated: ${intent.problem}`;
  const first = intent.violations[0];
  const more = intent.violations.length > 1 ? ` (and ${intent.violations.length - 1} more pair(s))` : '';
  return first
    ? `intent "${intent.name}" is violated: ${first.from} → ${first.to} is ${first.verdict}${more}`
    : `intent "${intent.name}" is violated`;
}
