/**
 * The host's runs of apply, destroy and rollback: each run's record, the view the renderer gets,
 * how each apply event moves it on, and the run manager (single-flight start, cancel, resume).
 * The wiring in `cloudEngines.ts` supplies sessions; this module owns what happens to a run.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import type { ApplyEvent } from '../../cloud/apply';
import type { CloudSession, SessionRunResult } from '../../cloud/session';
import type { Topology } from '../../simulator/document';
import type {
  HostError,
  PlanStepView,
  PlanView,
  RunMode,
  RunView,
  StartRunOptions,
  StepStatus,
  VerificationResult,
} from '../common/hostApi';
import { cloudHostError } from './cloudErrors';
import { agreeing, countOf } from '../../simulator/text/count';
import type { SourceLookup, TargetContext } from './cloudHost';
import { planView, stepView, verificationView } from './cloudViews';
import { fail, HostFailure } from './errors';
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
  const step = (id: string) => record.steps.find((s) => s.id === id);
  const stepEvent = (stepId: string, status: StepStatus, message?: string, attempt?: number) => {
    const s = step(stepId);
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
  };
  switch (event.kind) {
    case 'plan-ready': {
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
      return;
    }
    case 'step-started':
      return stepEvent(event.stepId, 'running', event.description, event.attempt);
    case 'step-retrying':
      return stepEvent(
        event.stepId,
        'retrying',
        `${event.code}: ${event.message} (retry in ${Math.round(event.delayMs)} ms)`,
        event.attempt,
      );
    case 'step-ambiguous':
      events.emit({
        kind: 'run.log',
        runId: record.runId,
        level: 'warn',
        message: `step ${event.stepId}: ${event.code} without a clear answer; ${event.outcome === 'took-effect' ? 'it took effect' : 'retrying with the same ClientToken'}`,
      });
      return;
    case 'step-polling':
      events.emit({
        kind: 'run.log',
        runId: record.runId,
        level: 'info',
        message: `step ${event.stepId}: waiting for ${event.waitingFor} (now ${event.status})`,
      });
      return;
    case 'step-succeeded':
      return stepEvent(event.stepId, 'done', event.note);
    case 'step-skipped':
      return stepEvent(event.stepId, 'skipped', event.reason);
    case 'step-failed':
      return stepEvent(event.stepId, 'failed', event.error.message);
    case 'progress':
      record.completed = event.done;
      record.total = event.total;
      return;
    case 'run-finished':
      events.emit({
        kind: 'run.log',
        runId: record.runId,
        level: event.outcome === 'failed' || event.outcome === 'refused' ? 'error' : 'info',
        message: event.message,
      });
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

/** A run starting or going on one target + document: later starts of the same mode and plan join it. */
interface ActiveRun {
  readonly mode: RunMode;
  readonly planFingerprint: string | undefined;
  /** The first view (shared by every caller that joins). */
  readonly started: Promise<RunView>;
  /** The run's ID, set once the run exists. */
  readonly ids: { runId?: string };
}

/** What the run manager needs from the wiring: the document's session on a target, and its single-flight key. */
export interface RunManagerDeps {
  readonly sessionFor: (target: TargetContext, desired: Topology, sources: SourceLookup) => Promise<CloudSession>;
  readonly accountsKey: (desired: Topology) => string;
}

/**
 * The host's runs: single-flight per target + document accounts (20 clicks at once start one
 * run), start, cancel, resume from the journal, and the views the renderer polls.
 */
export function createRunManager(deps: RunManagerDeps) {
  const runs = new Map<string, RunRecord>();
  /** Single-flight: the run (starting or running) per target + document accounts. */
  const active = new Map<string, ActiveRun>();
  let runCounter = 0;

  /**
   * Runs the record's operation through its session (journal lock, confirmed fingerprint, events);
   * resolves with the first view once the run holds the lock and its accounts are connected, and
   * rejects if it cannot get that far (another process holds the journal, credentials fail).
   */
  function launch(record: RunRecord, events: EventHub): Promise<RunView> {
    record.controller = new AbortController();
    record.state = 'running';
    delete record.error;
    delete record.changedPlan;
    let started = false;
    return new Promise<RunView>((resolveStart, rejectStart) => {
      const running = record.session.run(record.mode, {
        signal: record.controller.signal,
        onEvent: (event: ApplyEvent) => applyEventToRun(record, event, events),
        ...(record.planFingerprint !== undefined ? { confirmedFingerprint: record.planFingerprint } : {}),
        allowIntentViolations: record.allowIntentViolations,
        onStarted: () => {
          started = true;
          resolveStart(viewOf(record));
        },
      });
      running.then(
        (result) => {
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
          finish();
        },
        (error: unknown) => {
          record.state = 'failed';
          record.error = cloudHostError(error);
          if (!started) {
            rejectStart(new HostFailure(record.error.code, record.error.message, record.error));
            settle();
            return;
          }
          finish();
        },
      );
      const settle = () => {
        if (active.get(record.key)?.ids.runId === record.runId) active.delete(record.key);
      };
      const finish = () => {
        settle();
        if (!started) resolveStart(viewOf(record));
        events.emit({ kind: 'run.finished', run: viewOf(record) });
      };
    });
  }

  /** Makes `entry` the active run of `key` until it fails to start (a started run leaves in `launch`). */
  function track(key: string, entry: ActiveRun): Promise<RunView> {
    active.set(key, entry);
    entry.started.catch(() => {
      if (active.get(key) === entry) active.delete(key);
    });
    return entry.started;
  }

  function record(runId: string): RunRecord {
    const r = runs.get(runId);
    if (!r) return fail('NOT_FOUND', `there is no run "${runId}"`);
    return r;
  }

  return {
    async start(
      target: TargetContext,
      desired: Topology,
      runOptions: StartRunOptions,
      sources: SourceLookup,
      events: EventHub,
    ): Promise<RunView> {
      // Single-flight: decided before any await, so 20 clicks at once see one entry.
      const key = `${target.id}|${deps.accountsKey(desired)}`;
      const current = active.get(key);
      if (current) {
        if (current.mode === runOptions.mode && current.planFingerprint === runOptions.planFingerprint)
          return current.started;
        fail(
          'RUN_IN_PROGRESS',
          `a ${current.mode} of this document is in progress on this target${current.ids.runId ? ` (run ${current.ids.runId})` : ''}: cancel it or wait for it`,
        );
      }
      if (runOptions.mode !== 'rollback' && runOptions.planFingerprint === undefined)
        fail(
          'BAD_REQUEST',
          `a ${runOptions.mode} runs only the plan the user confirmed: pass planFingerprint (PlanView.fingerprint)`,
          { field: 'args[2].planFingerprint' },
        );
      const ids: { runId?: string } = {};
      const entry: ActiveRun = {
        mode: runOptions.mode,
        planFingerprint: runOptions.planFingerprint,
        ids,
        started: (async () => {
          const session = await deps.sessionFor(target, desired, sources);
          if (runOptions.mode === 'rollback' && !existsSync(session.journalPath)) {
            session.close();
            fail('RUN_STATE_CONFLICT', 'there is no recorded run of this document on this target to roll back');
          }
          const runId = `run-${++runCounter}-${randomBytes(3).toString('hex')}`;
          ids.runId = runId;
          const r: RunRecord = {
            runId,
            targetId: target.id,
            mode: runOptions.mode,
            desired,
            session,
            planFingerprint: runOptions.planFingerprint,
            allowIntentViolations: runOptions.allowIntentViolations === true,
            key,
            events,
            state: 'running',
            steps: [],
            completed: 0,
            total: 0,
            controller: new AbortController(),
          };
          runs.set(runId, r);
          try {
            return await launch(r, events);
          } catch (error) {
            runs.delete(runId);
            session.close();
            throw error;
          }
        })(),
      };
      return track(key, entry);
    },

    async cancel(runId: string): Promise<RunView> {
      const r = record(runId);
      if (r.state !== 'running') fail('RUN_STATE_CONFLICT', `run ${runId} is not running (it is ${r.state})`);
      r.state = 'cancelling';
      // cloud/apply stops starting steps, finishes the call in flight and records it.
      r.controller.abort(new Error('cancelled from the app'));
      return viewOf(r);
    },

    async resume(runId: string): Promise<RunView> {
      const r = record(runId);
      if (r.state === 'running' || r.state === 'cancelling')
        fail('RUN_STATE_CONFLICT', `run ${runId} is still running`);
      if (!viewOf(r).resumable) fail('RUN_STATE_CONFLICT', `run ${runId} ended ${r.state}: there is nothing to resume`);
      const current = active.get(r.key);
      if (current) fail('RUN_IN_PROGRESS', `run ${current.ids.runId ?? '(starting)'} is in progress on this target`);
      // The session resumes from the journal (same path, same document, same confirmed plan).
      const entry: ActiveRun = {
        mode: r.mode,
        planFingerprint: r.planFingerprint,
        started: launch(r, r.events),
        ids: { runId },
      };
      return track(r.key, entry);
    },

    get(runId: string): RunView {
      return viewOf(record(runId));
    },

    /** Aborts the runs `which` selects (a sandbox closing ends the runs on it). */
    abortWhere(which: (run: RunRecord) => boolean, reason: string): void {
      for (const r of runs.values()) if (which(r)) r.controller.abort(new Error(reason));
    },
  };
}
