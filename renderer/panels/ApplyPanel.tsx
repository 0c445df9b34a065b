/**
 * Apply from the app: target (the local sandbox or Alibaba Cloud), per-account credential
 * sources checked with the caller identity, the plan preview (steps, billable resources,
 * reachability delta), a confirmation, live progress with cancel/resume/rollback, and the
 * verification afterwards.
 */
import { useEffect, useState } from 'react';
import { create } from 'zustand';
import type { AccountCredentials, HostEvent, PlanView, RunView, TargetInfo } from '../../electron/common/hostApi';
import { serializeDocument } from '../../simulator/document/serialize';
import { api, errorText, onHostEvent } from '../api';
import { runStateWord } from '../words';
import { CredentialForm, IdentityBadge } from './AccountsPanel';
import { plural } from './inspector/common';
import { documentStore, useDoc, useUi } from '../state';
import { PlanPreview } from './apply/PlanPreview';
import { useNameOf } from './apply/useNameOf';

type Phase = 'idle' | 'planning' | 'planned' | 'starting' | 'running' | 'finished';

interface ApplyState {
  readonly targets: readonly TargetInfo[];
  readonly targetId: string;
  readonly accounts: readonly AccountCredentials[];
  readonly phase: Phase;
  readonly plan: PlanView | null;
  /** The document text the plan was made for: applying a different one needs a new plan. */
  readonly plannedText: string | null;
  readonly run: RunView | null;
  readonly log: readonly string[];
  readonly error: string | null;
  /** Said once the sandbox was seeded from this document on the way to a plan (why its world changed). */
  readonly seededNote: string | null;
}

/** What belongs to one document: empty when the app starts and when another document is opened. */
const DOCUMENT_SESSION = {
  accounts: [],
  phase: 'idle',
  plan: null,
  plannedText: null,
  run: null,
  log: [],
  error: null,
  seededNote: null,
} as const satisfies Partial<ApplyState>;

export const useApply = create<ApplyState>()(() => ({ targets: [], targetId: '', ...DOCUMENT_SESSION }));

/** Folds host run events into the panel's state (installed once by the app). */
export function handleRunEvent(event: HostEvent): void {
  const state = useApply.getState();
  switch (event.kind) {
    case 'run.started':
      // Only a run this document's panel started (or the one it shows): never a run of a document left behind.
      if (state.phase !== 'starting' && state.run?.runId !== event.run.runId) return;
      useApply.setState({ run: event.run, phase: 'running' });
      return;
    case 'run.step': {
      const run = state.run;
      if (!run || run.runId !== event.runId) return;
      useApply.setState({
        run: {
          ...run,
          completed: event.completed,
          total: event.total,
          steps: run.steps.map((s) =>
            s.id === event.stepId ? { ...s, status: event.status, message: event.message } : s,
          ),
        },
      });
      return;
    }
    case 'run.log':
      if (state.run?.runId !== event.runId && state.phase !== 'starting') return;
      useApply.setState({
        log: [
          ...state.log.slice(-200),
          `${event.level === 'info' ? '' : event.level.toUpperCase() + ': '}${event.message}`,
        ],
      });
      return;
    case 'run.finished':
      if (state.run?.runId !== event.run.runId && state.phase !== 'starting') return;
      if (event.run.state === 'planChanged' && event.run.changedPlan) {
        // Nothing ran: the live state moved since the user reviewed the plan. Show the new plan
        // for a fresh confirmation (its fingerprint is what the next Apply carries).
        useApply.setState({
          run: null,
          plan: event.run.changedPlan,
          phase: 'planned',
          error: 'The plan changed since you reviewed it, so nothing ran. Review the new plan below and apply again.',
        });
        return;
      }
      useApply.setState({ run: event.run, phase: 'finished' });
      return;
    case 'targets.changed':
      useApply.setState({ targets: event.targets });
      return;
    default:
      return;
  }
}

/**
 * Another document was opened: its plan, run, log and account checks start empty, so nothing
 * shown (and no Roll back) belongs to the document left behind. The host keeps that run's journal.
 */
export function resetApplyForDocument(): void {
  useApply.setState(DOCUMENT_SESSION);
  const { targetId } = useApply.getState();
  if (targetId) void refreshAccounts(targetId);
}

/** Replaces the sandbox with one seeded from the open document (the world before its plan). */
export async function reseedSandbox(): Promise<boolean> {
  const { doc, meta } = documentStore.getState();
  try {
    await api.reseedSandbox(serializeDocument(doc));
    resetApplyForDocument();
    useUi.getState().notify('info', `The sandbox now holds the world before "${meta.title}" is applied`);
    return true;
  } catch (error) {
    useUi.getState().notify('error', `Reseed the sandbox: ${errorText(error)}`);
    return false;
  }
}

export function installApplyEvents(): () => void {
  return onHostEvent(handleRunEvent);
}

function docText(): string {
  return serializeDocument(documentStore.getState().doc);
}

async function refreshAccounts(targetId: string): Promise<void> {
  if (!targetId) return;
  try {
    const accounts = await api.getAccountCredentials(targetId, docText());
    useApply.setState({ accounts });
    // The sandbox answers instantly and costs nothing: check every identity right away.
    if (useApply.getState().targets.find((t) => t.id === targetId)?.kind === 'sandbox') {
      const checked = await Promise.all(
        accounts.map((a) =>
          a.status.kind === 'unchecked' ? api.checkIdentity(targetId, a.accountId).catch(() => a) : a,
        ),
      );
      if (useApply.getState().targetId === targetId) useApply.setState({ accounts: checked });
    }
  } catch (error) {
    useApply.setState({ error: `Accounts: ${errorText(error)}` });
  }
}

/**
 * Plan problems that say the sandbox lacks what the document builds on: vpclink creates links,
 * routes and rules, never VPCs, vSwitches, groups or instances (PLAN_PROBLEM_CODES).
 */
const NOT_IN_SANDBOX: ReadonlySet<string> = new Set([
  'VPC_NOT_LIVE',
  'ROUTE_TABLE_NOT_LIVE',
  'SECURITY_GROUP_NOT_LIVE',
  'NETWORK_ACL_VSWITCH_NOT_LIVE',
]);

/**
 * The sandbox stands in for the document's accounts, so it must hold what the document builds on.
 * A sketch made after the sandbox was seeded (New, then accounts and VPCs) is not in it: seed it
 * from the document — the world before its plan — instead of sending the user on a separate trip.
 * Only ever for the sandbox; the real cloud is never touched here.
 */
async function seedSandboxFor(text: string, why: string): Promise<void> {
  await api.reseedSandbox(text);
  useApply.setState({
    seededNote: `The sandbox did not hold ${why}, so it was seeded from this document: its accounts, VPCs and instances as they are before the plan.`,
  });
}

async function makePlan(): Promise<void> {
  const { targetId, targets } = useApply.getState();
  const text = docText();
  const sandbox = targets.find((t) => t.id === targetId)?.kind === 'sandbox';
  useApply.setState({ phase: 'planning', error: null, plan: null, run: null, log: [], seededNote: null });
  try {
    if (sandbox) {
      const accounts = await api.getAccountCredentials(targetId, text);
      const unknown = accounts.filter((a) => a.source.kind === 'none');
      if (unknown.length > 0)
        await seedSandboxFor(
          text,
          `${unknown.length === 1 ? 'account' : 'accounts'} ${unknown.map((a) => a.accountId).join(', ')}`,
        );
    }
    let plan = await api.plan(targetId, text);
    if (sandbox && plan.problems.some((p) => NOT_IN_SANDBOX.has(p.code))) {
      await seedSandboxFor(text, "this document's VPCs");
      plan = await api.plan(targetId, text);
    }
    useApply.setState({ plan, plannedText: text, phase: 'planned' });
    if (useApply.getState().seededNote) void refreshAccounts(targetId);
  } catch (error) {
    useApply.setState({ phase: 'idle', error: `Plan: ${errorText(error)}` });
  }
}

/**
 * The toolbar's Apply: the Apply tab with a plan of the open document for the chosen target, so
 * what is left is reading it and confirming (Apply, then Confirm: two clicks).
 */
export async function openApplyAndPlan(): Promise<void> {
  useUi.getState().setTab('apply');
  await targetsLoaded();
  const { phase, targetId } = useApply.getState();
  if (!targetId || phase === 'planning' || phase === 'running' || phase === 'starting') return;
  await makePlan();
}

async function startRun(
  mode: 'apply' | 'rollback',
  overrides: { readonly allowIntentViolations?: boolean; readonly allowFailingFlows?: boolean } = {},
): Promise<void> {
  const { targetId, plannedText, run, plan } = useApply.getState();
  if (mode === 'apply' && !plan) return;
  useApply.setState({ phase: 'starting', error: null, log: [] });
  try {
    // The confirmation carries the fingerprint of the plan on screen: the host runs it or nothing.
    const view = await api.startApply(
      targetId,
      mode === 'apply' ? (plannedText ?? docText()) : docText(),
      mode === 'rollback'
        ? run
          ? { mode, runId: run.runId }
          : { mode }
        : {
            mode,
            planFingerprint: plan!.fingerprint,
            ...(overrides.allowIntentViolations ? { allowIntentViolations: true } : {}),
            ...(overrides.allowFailingFlows ? { allowFailingFlows: true } : {}),
          },
    );
    if (view.state === 'planChanged' && view.changedPlan) {
      useApply.setState({
        run: null,
        plan: view.changedPlan,
        phase: 'planned',
        error: 'The plan changed since you reviewed it, so nothing ran. Review the new plan below and apply again.',
      });
      return;
    }
    // Events may have arrived before the answer; keep the newer of the two views.
    const current = useApply.getState().run;
    useApply.setState({
      run: current && current.runId === view.runId && current.completed >= view.completed ? current : view,
      phase: view.state === 'running' || view.state === 'cancelling' ? 'running' : 'finished',
    });
    if (view.state !== 'running' && view.state !== 'cancelling') useApply.setState({ phase: 'finished' });
  } catch (error) {
    useApply.setState({ phase: 'planned', error: `${mode === 'apply' ? 'Apply' : 'Rollback'}: ${errorText(error)}` });
  }
}

async function runAction(action: 'cancel' | 'resume'): Promise<void> {
  const run = useApply.getState().run;
  if (!run) return;
  try {
    const view = action === 'cancel' ? await api.cancelRun(run.runId) : await api.resumeRun(run.runId);
    useApply.setState({
      run: view,
      phase: view.state === 'running' || view.state === 'cancelling' ? 'running' : 'finished',
    });
  } catch (error) {
    useApply.setState({ error: `${action}: ${errorText(error)}` });
  }
}

let targetsLoading: Promise<void> | null = null;

/** The host's targets, once; the default one chosen (the sandbox when the host runs one). Shared by Apply and Drift. */
export function loadTargets(): void {
  void targetsLoaded();
}

function targetsLoaded(): Promise<void> {
  // A `targets.changed` event (a reseed) can fill the list before any target was chosen.
  if (useApply.getState().targetId) return Promise.resolve();
  targetsLoading ??= api
    .listTargets()
    .then((list) => {
      const preferred = useUi.getState().startup?.defaultTargetId;
      const chosen = list.find((t) => t.id === preferred && t.available) ?? list.find((t) => t.available) ?? list[0];
      useApply.setState({ targets: list, targetId: chosen?.id ?? '' });
      if (chosen) void refreshAccounts(chosen.id);
    })
    .catch((e: unknown) => useApply.setState({ error: `Targets: ${errorText(e)}` }))
    .finally(() => {
      targetsLoading = null;
    });
  return targetsLoading;
}

export function ApplyPanel() {
  const { targets, targetId, accounts, phase, plan, run, error, log, seededNote } = useApply();
  const doc = useDoc((s) => s.doc);
  const planStale = useApply((s) => s.plannedText !== null && s.plannedText !== serializeDocument(doc));

  useEffect(loadTargets, []);

  useEffect(() => {
    if (targetId) void refreshAccounts(targetId);
  }, [targetId, doc.accounts]);

  const target = targets.find((t) => t.id === targetId);
  return (
    <div className="apply-panel" data-testid="apply-panel">
      <div className="apply-left">
        <div className="apply-row">
          <label className="picker">
            <span className="picker-label">Target</span>
            <select
              value={targetId}
              data-testid="apply-target"
              onChange={(e) =>
                useApply.setState({
                  targetId: e.target.value,
                  plan: null,
                  plannedText: null,
                  phase: phase === 'running' ? phase : 'idle',
                })
              }
            >
              {targets.map((t) => (
                <option key={t.id} value={t.id} disabled={!t.available}>
                  {t.label}
                  {t.available ? '' : ` — ${t.reason ?? 'not available'}`}
                </option>
              ))}
            </select>
          </label>
          <button
            className="primary-button"
            data-testid="apply-plan"
            disabled={!targetId || phase === 'planning' || phase === 'running' || phase === 'starting'}
            onClick={() => void makePlan()}
          >
            {phase === 'planning' ? 'Planning…' : 'Plan'}
          </button>
        </div>
        {target && (
          <div className="dim small">
            {target.description}
            {target.endpoint ? ` · ${target.endpoint}` : ''}
          </div>
        )}
        {target?.kind === 'sandbox' && (
          <div className="button-row">
            <button
              className="small-button"
              data-testid="sandbox-reseed"
              disabled={phase === 'running' || phase === 'starting'}
              title="Start the sandbox afresh with this document's accounts, VPCs and instances (before its plan)"
              onClick={() => void reseedSandbox()}
            >
              Reseed the sandbox from this document
            </button>
          </div>
        )}
        {seededNote && target?.kind === 'sandbox' && (
          <div className="dim small" data-testid="sandbox-seeded">
            {seededNote}
          </div>
        )}
        <AccountsTable accounts={accounts} targetId={targetId} />
        {error && (
          <div className="error-box" data-testid="apply-error">
            {error}
          </div>
        )}
      </div>
      <div className="apply-right">
        {run ? (
          <RunProgress run={run} log={log} />
        ) : plan ? (
          <PlanPreview
            plan={plan}
            stale={planStale}
            starting={phase === 'starting'}
            sandbox={targets.find((t) => t.id === plan.targetId)?.kind === 'sandbox'}
            onConfirm={(overrides) => void startRun('apply', overrides)}
          />
        ) : (
          <ApplyIntro />
        )}
      </div>
    </div>
  );
}

function ApplyIntro() {
  return (
    <div className="apply-intro dim">
      <p>
        <strong>Apply</strong> creates what the document describes in the target's accounts: the router-interface pair,
        its connection, the routes and security-group rules.
      </p>
      <p>
        Pick a target (the <em>Local sandbox</em> needs nothing set up, and is seeded from this document when it lacks
        its accounts or VPCs), check the accounts' credentials, then press <strong>Plan</strong> (or{' '}
        <strong>Apply…</strong> in the toolbar) to preview every step before anything is changed.
      </p>
    </div>
  );
}

function AccountsTable({
  accounts,
  targetId,
}: {
  readonly accounts: readonly AccountCredentials[];
  readonly targetId: string;
}) {
  const [editing, setEditing] = useState<string | null>(null);
  if (accounts.length === 0) return <div className="dim small pad">No accounts in the document.</div>;
  return (
    <table className="grid-table accounts" data-testid="apply-accounts">
      <thead>
        <tr>
          <th>Account</th>
          <th>Credentials</th>
          <th>Caller identity</th>
        </tr>
      </thead>
      <tbody>
        {accounts.map((a) => (
          <tr key={a.accountId}>
            <td>
              <div>{a.name ?? a.accountId}</div>
              <div className="mono dim small">{a.accountId}</div>
            </td>
            <td>
              {editing === a.accountId ? (
                <CredentialForm
                  accountId={a.accountId}
                  onDone={() => {
                    setEditing(null);
                    void refreshAccounts(targetId);
                  }}
                />
              ) : (
                <button
                  className="link cred-link"
                  onClick={() => setEditing(a.accountId)}
                  disabled={a.source.kind === 'sandbox'}
                  title={
                    a.source.kind === 'sandbox' ? 'the sandbox issues its own keys' : 'change the credential source'
                  }
                >
                  {a.source.description}
                </button>
              )}
            </td>
            <td>
              <IdentityBadge status={a.status} />
              <button
                className="link check-link"
                onClick={() =>
                  api
                    .checkIdentity(targetId, a.accountId)
                    .then((updated) =>
                      useApply.setState({
                        accounts: useApply
                          .getState()
                          .accounts.map((x) => (x.accountId === updated.accountId ? updated : x)),
                      }),
                    )
                    .catch((e: unknown) => useApply.setState({ error: `Check ${a.accountId}: ${errorText(e)}` }))
                }
              >
                check
              </button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const STEP_ICON: Record<string, string> = {
  pending: '○',
  running: '◌',
  retrying: '↻',
  done: '✔',
  failed: '✖',
  skipped: '–',
  undone: '↶',
};

function RunProgress({ run, log }: { readonly run: RunView; readonly log: readonly string[] }) {
  const nameOf = useNameOf();
  const percent = run.total ? Math.round((run.completed / run.total) * 100) : 100;
  const active = run.state === 'running' || run.state === 'cancelling';
  return (
    <div className="run-progress" data-testid="run-progress" data-state={run.state}>
      <div className="plan-head">
        <strong>
          {run.mode === 'rollback' ? 'Rollback' : run.mode === 'destroy' ? 'Destroy' : 'Apply'}:{' '}
          {runStateWord(run.state)}
        </strong>
        <span className="dim">
          {run.completed} of {plural(run.total, 'step')}
        </span>
        <span className="spacer" />
        {active && (
          <button
            className="small-button"
            data-testid="run-cancel"
            disabled={run.state === 'cancelling'}
            onClick={() => void runAction('cancel')}
          >
            Cancel
          </button>
        )}
        {!active && run.resumable && (
          <button className="small-button" data-testid="run-resume" onClick={() => void runAction('resume')}>
            Resume
          </button>
        )}
        {!active && run.mode === 'apply' && run.completed > 0 && (
          <button
            className="small-button"
            data-testid="run-rollback"
            onClick={() =>
              window.confirm('Undo the steps of this run (delete what it created)?') && void startRun('rollback')
            }
          >
            Roll back
          </button>
        )}
        {!active && (
          <button
            className="small-button"
            onClick={() => useApply.setState({ run: null, plan: null, plannedText: null, phase: 'idle' })}
          >
            Done
          </button>
        )}
      </div>
      <div className="progress" role="progressbar" aria-valuenow={percent} aria-valuemin={0} aria-valuemax={100}>
        <div className={`progress-bar state-${run.state}`} style={{ width: `${percent}%` }} />
      </div>
      {run.error && (
        <div className="error-box">
          {run.error.code}: {run.error.message}
        </div>
      )}
      {run.verification && (
        <div className={`verification ${run.verification.ok ? 'ok' : 'bad'}`} data-testid="verification">
          <strong>{run.verification.ok ? '✔ Verified' : '✖ Verification failed'}</strong> — {run.verification.summary}
          <ul>
            {(run.verification.intentFailures ?? []).map((line, n) => (
              <li key={`intent-${n}`} className="bad-text" data-testid="verification-intent">
                ✖ {line}
              </li>
            ))}
            {run.verification.checks.map((c, n) => (
              <li key={n} className={c.ok ? 'ok-text' : 'bad-text'}>
                {c.ok ? '✔' : '✖'} {nameOf(c.from)} → {nameOf(c.to)} ({c.protocol}): {c.verdict}
                {c.message ? ` — ${c.message}` : ''}
              </li>
            ))}
          </ul>
        </div>
      )}
      <div className="plan-grid">
        <ol className="step-list">
          {run.steps.map((s) => (
            <li key={s.id} className={`step step-${s.status}`} data-status={s.status}>
              <span className="step-icon">{STEP_ICON[s.status] ?? '·'}</span>
              <span className="step-title">
                {s.title}
                {s.message && s.message !== s.title && <span className="step-message dim small">{s.message}</span>}
              </span>
            </li>
          ))}
        </ol>
        {log.length > 0 && <pre className="run-log">{log.slice(-30).join('\n')}</pre>}
      </div>
    </div>
  );
}
