/**
 * The host's runs: single-flight per target + document accounts (20 clicks at once start one
 * run), start, cancel, resume from the journal, and the views the renderer polls. The state is
 * one {@link RunBook} passed to named operations; what happens inside a run is cloudRuns.ts's.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import type { ApplyEvent } from '../../cloud/apply';
import type { CloudSession } from '../../cloud/session';
import type { Topology } from '../../simulator/document';
import type { RunMode, RunView, StartRunOptions } from '../common/hostApi';
import { cloudHostError } from './cloudErrors';
import type { SourceLookup, TargetContext } from './cloudHost';
import { applyEventToRun, recordRunResult, viewOf, type RunRecord } from './cloudRuns';
import { fail, HostFailure } from './errors';
import type { EventHub } from './events';

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

/** Every run of this host, and the one active per single-flight key. */
interface RunBook {
  readonly deps: RunManagerDeps;
  readonly runs: Map<string, RunRecord>;
  /** Single-flight: the run (starting or running) per target + document accounts. */
  readonly active: Map<string, ActiveRun>;
  /** Numbers run IDs in the order they started (the random tail keeps them unique across hosts). */
  counter: number;
}

export function createRunManager(deps: RunManagerDeps) {
  const book: RunBook = { deps, runs: new Map(), active: new Map(), counter: 0 };
  return {
    start: (
      target: TargetContext,
      desired: Topology,
      runOptions: StartRunOptions,
      sources: SourceLookup,
      events: EventHub,
    ): Promise<RunView> => startRun(book, target, desired, runOptions, sources, events),
    cancel: async (runId: string): Promise<RunView> => cancelRun(book, runId),
    resume: async (runId: string): Promise<RunView> => resumeRun(book, runId),
    get: (runId: string): RunView => viewOf(recordOf(book, runId)),
    /** Aborts the runs `which` selects (a sandbox closing ends the runs on it). */
    abortWhere(which: (run: RunRecord) => boolean, reason: string): void {
      for (const r of book.runs.values()) if (which(r)) r.controller.abort(new Error(reason));
    },
  };
}

function recordOf(book: RunBook, runId: string): RunRecord {
  const r = book.runs.get(runId);
  if (!r) return fail('NOT_FOUND', `there is no run "${runId}"`);
  return r;
}

async function startRun(
  book: RunBook,
  target: TargetContext,
  desired: Topology,
  runOptions: StartRunOptions,
  sources: SourceLookup,
  events: EventHub,
): Promise<RunView> {
  // Single-flight: decided before any await, so 20 clicks at once see one entry.
  const key = `${target.id}|${book.deps.accountsKey(desired)}`;
  const current = book.active.get(key);
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
  return track(book, key, {
    mode: runOptions.mode,
    planFingerprint: runOptions.planFingerprint,
    ids,
    started: openRun(book, { key, target, desired, runOptions, sources, events, ids }),
  });
}

/** Opens the document's session, makes the run's record and launches it; the first view once it runs. */
async function openRun(
  book: RunBook,
  run: {
    readonly key: string;
    readonly target: TargetContext;
    readonly desired: Topology;
    readonly runOptions: StartRunOptions;
    readonly sources: SourceLookup;
    readonly events: EventHub;
    readonly ids: { runId?: string };
  },
): Promise<RunView> {
  const { target, desired, runOptions, events } = run;
  const session = await book.deps.sessionFor(target, desired, run.sources);
  if (runOptions.mode === 'rollback' && !existsSync(session.journalPath)) {
    session.close();
    fail('RUN_STATE_CONFLICT', 'there is no recorded run of this document on this target to roll back');
  }
  const runId = `run-${++book.counter}-${randomBytes(3).toString('hex')}`;
  run.ids.runId = runId;
  const r: RunRecord = {
    runId,
    targetId: target.id,
    mode: runOptions.mode,
    desired,
    session,
    planFingerprint: runOptions.planFingerprint,
    allowIntentViolations: runOptions.allowIntentViolations === true,
    key: run.key,
    events,
    state: 'running',
    steps: [],
    completed: 0,
    total: 0,
    controller: new AbortController(),
  };
  book.runs.set(runId, r);
  try {
    return await launch(book, r, events);
  } catch (error) {
    book.runs.delete(runId);
    session.close();
    throw error;
  }
}

/** Makes `entry` the active run of `key` until it fails to start (a started run leaves in `launch`). */
function track(book: RunBook, key: string, entry: ActiveRun): Promise<RunView> {
  book.active.set(key, entry);
  entry.started.catch(() => {
    if (book.active.get(key) === entry) book.active.delete(key);
  });
  return entry.started;
}

/**
 * Runs the record's operation through its session (journal lock, confirmed fingerprint, events);
 * resolves with the first view once the run holds the lock and its accounts are connected, and
 * rejects if it cannot get that far (another process holds the journal, credentials fail).
 */
function launch(book: RunBook, record: RunRecord, events: EventHub): Promise<RunView> {
  record.controller = new AbortController();
  record.state = 'running';
  delete record.error;
  delete record.changedPlan;
  let started = false;
  return new Promise<RunView>((resolveStart, rejectStart) => {
    const settle = () => {
      if (book.active.get(record.key)?.ids.runId === record.runId) book.active.delete(record.key);
    };
    const finish = () => {
      settle();
      if (!started) resolveStart(viewOf(record));
      events.emit({ kind: 'run.finished', run: viewOf(record) });
    };
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
        recordRunResult(record, result, events);
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
  });
}

function cancelRun(book: RunBook, runId: string): RunView {
  const r = recordOf(book, runId);
  if (r.state !== 'running') fail('RUN_STATE_CONFLICT', `run ${runId} is not running (it is ${r.state})`);
  r.state = 'cancelling';
  // cloud/apply stops starting steps, finishes the call in flight and records it.
  r.controller.abort(new Error('cancelled from the app'));
  return viewOf(r);
}

function resumeRun(book: RunBook, runId: string): Promise<RunView> {
  const r = recordOf(book, runId);
  if (r.state === 'running' || r.state === 'cancelling') fail('RUN_STATE_CONFLICT', `run ${runId} is still running`);
  if (!viewOf(r).resumable) fail('RUN_STATE_CONFLICT', `run ${runId} ended ${r.state}: there is nothing to resume`);
  const current = book.active.get(r.key);
  if (current) fail('RUN_IN_PROGRESS', `run ${current.ids.runId ?? '(starting)'} is in progress on this target`);
  // The session resumes from the journal (same path, same document, same confirmed plan).
  return track(book, r.key, {
    mode: r.mode,
    planFingerprint: r.planFingerprint,
    started: launch(book, r, r.events),
    ids: { runId },
  });
}
