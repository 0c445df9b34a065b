/**
 * cloud/apply — the plan executor (design.md §1): runs plans from simulator/plan against the
 * cloud or the sandbox with a journal, retries, polling, resume, rollback, progress events and
 * verification. Shells do not call it directly: cloud/session (design.md §5) connects the
 * accounts, takes the journal lock, checks the confirmed plan and calls these runs.
 *
 * - `runApply(options)`: resume an unfinished run of the document, or import → plan → confirm → run → verify.
 * - `runDestroy(options)`: import → planTeardown → confirm → run.
 * - `rollbackRun(options)`: undo what the journal's apply run created.
 * - `verifyApply(options)`: re-import and compare the simulator's verdicts, live vs document.
 * Events (`onEvent`): plan-ready, step-started, step-retrying, step-polling, step-succeeded,
 * step-skipped, step-failed, progress, run-finished, verify-result.
 */
export {
  runApply,
  runDestroy,
  rollbackRun,
  verifyApply,
  documentFingerprint,
  regionsOf,
  ApplyError,
  APPLY_ERROR_CODES,
  type ApplyErrorCode,
  type RunOptions,
  type RunResult,
} from './run';
export type { ApplyEvent, ApplyEventListener, RunOutcome, StepErrorInfo, VerifiedFlow, VerifyResult } from './events';
export {
  readJournal,
  JournalWriter,
  newJournal,
  JOURNAL_FORMAT,
  JOURNAL_VERSION,
  type Journal,
  type JournalStep,
  type JournalState,
  type JournalStepState,
  type ReadJournalResult,
} from './journal';
export {
  CLOUD_TIMING,
  SANDBOX_TIMING,
  backoffDelay,
  pollDelay,
  seededRandom,
  withReadRetries,
  type ApplyTiming,
} from './policy';
export {
  executePlan,
  resolveParams,
  limitCallsPerRegion,
  DEFAULT_CALLS_PER_ENDPOINT,
  type ExecuteOptions,
  type ExecuteResult,
} from './executor';
export {
  RouterInterfaceBatcher,
  RouteEntryBatcher,
  RI_IDS_PER_CALL,
  ROUTE_DESTINATIONS_PER_CALL,
  alignedDelay,
} from './batch';
export { StepFailure } from './steps';
export {
  describeRouterInterface,
  findRouterInterfaceByKey,
  findRouteEntry,
  mapRouterInterfaces,
  routeEntryIn,
  type LiveRouteEntry,
  type LiveRouterInterface,
} from './lookup';
export { checkIntentsOn, describeFailedIntent, type CheckedIntent } from './verifyIntents';
export { formatPlanText, formatParams, formatEventLine, formatVerify, progressBar, accountLabel } from './render';
