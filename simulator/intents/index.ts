/**
 * Intents: "this must (not) reach that", kept in the document and checked on every commit
 * (topology-format.md §4.1, §4.3; `vpclink assert`).
 *
 *   const result = evaluateIntents(document);
 *   if (result.kind === 'ok') result.report.failed; // 0 when every intent holds
 */
export { IntentEnds } from './resolve';
export { evaluateEachIntent, evaluateIntents, type AssertReport, type IntentViolation } from './evaluate';
export { createVerdicts } from './verdicts';
