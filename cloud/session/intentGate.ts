/**
 * Apply's intent gate (issue 15 "Apply"): the plan converges to the desired document, so an intent
 * that fails on that document would fail live after the apply. Such an apply is refused — before
 * any lock, connection or call — unless the user overrides. Decided here so the CLI and the app agree.
 */
import { checkIntentsOn, describeFailedIntent, type RunResult } from '../apply';
import type { Topology } from '../../simulator/document';

/** The refusal to return from `run('apply')`, or undefined when every intent holds. */
export function refuseViolatedIntents(document: Topology, journalPath: string): RunResult | undefined {
  const failing = checkIntentsOn(document, document).filter((i) => !i.holds);
  if (failing.length === 0) return undefined;
  return {
    operation: 'apply',
    outcome: 'refused',
    runId: '',
    journalPath,
    resumed: false,
    created: [],
    problems: failing.map((intent) => ({
      code: 'INTENT_VIOLATED',
      severity: 'error',
      message: `${describeFailedIntent(intent)}; nothing was applied (to apply anyway: --allow-intent-violations, or confirm it in the app's Apply panel)`,
    })),
  };
}

/** The intents the desired document violates, one line each (the app lists them before confirming). */
export function violatedIntents(document: Topology): string[] {
  return checkIntentsOn(document, document)
    .filter((i) => !i.holds)
    .map(describeFailedIntent);
}
