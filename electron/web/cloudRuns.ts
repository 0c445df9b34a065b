/**
 * The host's runs of apply, destroy and rollback: each run's record, the view the renderer gets,
 * how each apply event moves it on, and the state a finished run shows. The run manager
 * (runManager.ts: single-flight start, cancel, resume) keeps the records.
 */
import type { ApplyEvent } from '../../cloud/apply';
import type { CloudSession, SessionRunResult } from '../../cloud/session';
import type { Topology } from '../../simulator/document';
import type {
  HostError,
  PlanStepView,
  PlanView,
  RunMode,
  RunView,
  StepStatus,
  VerificationResult,
} from '../common/hostApi';
import { agreeing, countOf } from '../../simulator/text/count';
import { planView, stepView, verificationView } from './cloudViews';
import type { EventHub } from './events';

export interface RunRecord {
  readonly runId: string;
  readonly targetId: string;
  readonly mode: RunMode;
  readonly desired: Topology;
  /** The document's session (cloud/session): accounts, credentials, journal lock, runs. */
  readonly session: CloudSession;
  /** The fingerprint the user confirmed (apply, destroy). */
  readonly planFingerprint: string | undefined;
  /** The user confirmed a second time to apply despite violated intents (cloud/session refuses otherwise). */
  readonly allowIntentViolations: boolean;
  /** Single-flight key: target + the document's accounts (the journal it runs under). */
  readonly key: string;
  readonly events: EventHub;
  changedPlan?: PlanView;
  leftovers?: RunView['leftovers'];
  state: RunView['state'];
  steps: (PlanStepView & { status: StepStatus; message?: string })[];
  completed: number;
  total: number;
  error?: HostError;
  verification?: VerificationResult;
  controller: AbortController;
}

export function viewOf(record: RunRecord): RunView {
  return {
    runId: record.runId,
    targetId: record.targetId,
    mode: record.mode,
    state: record.state,
    steps: record.steps.map((s) => ({ ...s })),
    completed: record.completed,
    total: record.total,
    ...(record.error ? { error: record.error } : {}),
    ...(record.verification ? { verification: record.verification } : {}),
    ...(record.changedPlan ? { changedPlan: record.changedPlan } : {}),
    ...(record.leftovers ? { leftovers: record.leftovers } : {}),
    resumable:
      (record.state === 'failed' || record.state === 'cancelled') &&
      record.steps.some((s) => s.status !== 'done' && s.status !== 'skipped'),
  };
}

/** Folds one apply event into the run's record and tells the renderer (run.step, run.log, run.started). */
export function applyEventToRun(record: RunRecord, event: ApplyEvent, events: EventHub): void {
  const log = (level: 'info' | 'warn' | 'error', message: string) =>
    events.emit({ kind: 'run.log', runId: record.runId, level, message });
  switch (event.kind) {
    case 'plan-ready':
      return adoptPlan(record, event, events);
    case 'step-started':
      return moveStep(record, events, event.stepId, 'running', event.description, event.attempt);
    case 'step-retrying':
      return moveStep(
        record,
        events,
        event.stepId,
        'retrying',
        `${event.code}: ${event.message} (retry in ${Math.round(event.delayMs)} ms)`,
        event.attempt,
      );
    case 'step-ambiguous':
      return log(
        'warn',
        `step ${event.stepId}: ${event.code} without a clear answer; ${event.outcome === 'took-effect' ? 'it took effect' : 'retrying with the same ClientToken'}`,
      );
    case 'step-polling':
      return log('info', `step ${event.stepId}: waiting for ${event.waitingFor} (now ${event.status})`);
    case 'step-succeeded':
      return moveStep(record, events, event.stepId, 'done', event.note);
    case 'step-skipped':
      return moveStep(record, events, event.stepId, 'skipped', event.reason);
    case 'step-failed':
      return moveStep(record, events, event.stepId, 'failed', event.error.message);
    case 'progress':
      record.completed = event.done;
      record.total = event.total;
      return;
    case 'run-finished':
      log(event.outcome === 'failed' || event.outcome === 'refused' ? 'error' : 'info', event.message);
      if (event.error)
        record.error = {
          code: 'CLOUD_ERROR',
          message: event.error.message,
          cloudCode: event.error.code,
          ...(event.error.requestId ? { requestId: event.error.requestId } : {}),
        };
      return;
    case 'verify-result':
      record.verification = verificationView(event.result);
      return;
  }
}

/** The plan the run executes: its steps, keeping the status of those a resumed run already passed. */
function adoptPlan(record: RunRecord, event: Extract<ApplyEvent, { kind: 'plan-ready' }>, events: EventHub): void {
  const previous = new Map(record.steps.map((s) => [s.id, s]));
  record.steps = event.plan.steps.map((s, i) => {
    const before = previous.get(s.id);
    return {
      ...stepView(s, i),
      status: before?.status ?? 'pending',
      ...(before?.message ? { message: before.message } : {}),
    };
  });
  record.total = record.steps.length;
  events.emit({ kind: 'run.started', run: viewOf(record) });
  if (event.resumed)
    events.emit({
      kind: 'run.log',
      runId: record.runId,
      level: 'info',
      message: 'resuming the recorded run from where it stopped',
    });
}

/** One step's new status (run.step), with the bar's count of finished steps. */
function moveStep(
  record: RunRecord,
  events: EventHub,
  stepId: string,
  status: StepStatus,
  message?: string,
  attempt?: number,
): void {
  const s = record.steps.find((x) => x.id === stepId);
  if (s) {
    s.status = status;
    if (message !== undefined) s.message = message;
  }
  // The bar moves with each finished step (the executor's own `progress` event comes after).
  record.completed = Math.max(
    record.completed,
    record.steps.filter((x) => x.status === 'done' || x.status === 'skipped').length,
  );
  events.emit({
    kind: 'run.step',
    runId: record.runId,
    stepId,
    status,
    ...(message !== undefined ? { message } : {}),
    ...(attempt !== undefined ? { attempt } : {}),
    completed: record.completed,
    total: record.total,
  });
}

/** The state a finished run shows, from the session's result. */
export function finalRunState(record: RunRecord, result: SessionRunResult): RunView['state'] {
  if (result.planChanged) return 'planChanged';
  if (result.leftovers && result.leftovers.length > 0) return 'failed';
  switch (result.outcome) {
    case 'succeeded':
      return record.mode === 'rollback' ? 'rolledBack' : 'succeeded';
    case 'no-op':
      return 'noChange';
    case 'refused':
      return 'refused';
    case 'cancelled':
    case 'declined':
      return 'cancelled';
    case 'failed':
      return 'failed';
  }
}

/**
 * Records how a run ended (state, changed plan, leftovers, errors) from the session's result; a
 * changed plan is also said in the log, because nothing ran and the user must confirm again.
 */
export function recordRunResult(record: RunRecord, result: SessionRunResult, events: EventHub): void {
  record.state = finalRunState(record, result);
  if (result.planChanged) {
    record.changedPlan = planView(record.targetId, result.planChanged, record.desired);
    events.emit({
      kind: 'run.log',
      runId: record.runId,
      level: 'warn',
      message: 'the plan changed since it was confirmed: nothing ran; review the new plan and confirm it',
    });
  }
  if (result.leftovers)
    record.leftovers = result.leftovers.map(({ kind, id, accountId, regionId, billable }) => ({
      kind,
      id,
      accountId,
      regionId,
      billable,
    }));
  if (result.leftovers && result.leftovers.length > 0) {
    record.error = {
      code: 'CLOUD_ERROR',
      message:
        `${countOf(result.leftovers.length, 'resource')} ${agreeing(result.leftovers.length)} still live after the destroy: ` +
        `${result.leftovers.map((l) => `${l.id} (account ${l.accountId}, ${l.regionId})`).join(', ')}; run destroy again`,
    };
  }
  if (result.problems?.some((p) => p.severity === 'error') && !record.error) {
    record.error = {
      code: 'CLOUD_ERROR',
      message: result.problems
        .filter((p) => p.severity === 'error')
        .map((p) => p.message)
        .join('; '),
    };
  }
}
