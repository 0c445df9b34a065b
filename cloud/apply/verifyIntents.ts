/**
 * The document's intents, evaluated on another document: before apply on the desired document
 * itself (what the plan converges to), after apply on the freshly imported live state
 * (topology-format.md §4.3; issue 15 "Apply"). The imported state carries no intents, so the
 * desired document's are grafted onto it. An end the live state does not have (an instance not
 * there any more) makes that intent fail: vpclink cannot show it holds.
 */
import type { Topology } from '../../simulator/document';
import { evaluateEachIntent, type IntentViolation } from '../../simulator/intents';
import { countOf } from '../../simulator/text/count';

export interface CheckedIntent {
  /** Index in the desired document's `intents`. */
  readonly index: number;
  readonly name: string;
  readonly holds: boolean;
  readonly violations: readonly IntentViolation[];
  /** Why it could not be evaluated on this state (an end it does not have). */
  readonly problem?: string;
}

/** The intents of `intentsFrom`, each evaluated on `state` (simulator/intents `evaluateEachIntent`). */
export function checkIntentsOn(intentsFrom: Topology, state: Topology): CheckedIntent[] {
  const intents = intentsFrom.intents ?? [];
  if (intents.length === 0) return [];
  return evaluateEachIntent({ ...state, intents }).map((outcome) =>
    outcome.kind === 'evaluated'
      ? { index: outcome.index, name: outcome.name, holds: outcome.holds, violations: outcome.violations }
      : {
          index: outcome.index,
          name: outcome.name,
          holds: false,
          violations: [],
          problem: `${outcome.problems[0]!.path}: ${outcome.problems[0]!.message}`,
        },
  );
}

/** One line per failing intent: its name and first violating pair, or why it cannot be evaluated. */
export function describeFailedIntent(intent: CheckedIntent): string {
  if (intent.problem !== undefined) return `intent "${intent.name}" cannot be evaluated: ${intent.problem}`;
  const first = intent.violations[0];
  const more =
    intent.violations.length > 1 ? ` (and ${countOf(intent.violations.length - 1, 'more pair', 'more pairs')})` : '';
  return first
    ? `intent "${intent.name}" is violated: ${first.from} → ${first.to} is ${first.verdict}${more}`
    : `intent "${intent.name}" is violated`;
}
