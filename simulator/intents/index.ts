/**
 * Intents: "this must (not) reach that", kept in the document and checked on every commit
 * (topology-format.md §4.1, §4.3; `vpclink assert`).
 *
 *   const result = evaluateIntents(document);
 *   if (result.kind === 'ok') result.report.failed; // 0 when every intent holds
 */
export { IntentEnds } from './resolve';
export {
  evaluateIntents,
  intentInputProblems,
  intentLabel,
  type AssertReport,
  type IntentResult,
  type IntentViolation,
} from './evaluate';
