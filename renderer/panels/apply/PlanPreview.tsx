/**
 * The plan on screen before anything changes (ApplyPanel.tsx): a head with what the plan does and
 * the one Confirm button, the gates that must be passed knowingly (pings that still fail after the
 * plan, intents the document violates), the warnings, the steps, and beside them the billable
 * resources and the reachability delta.
 */
import { useState, type ReactNode } from 'react';
import type { PlanView } from '../../../electron/common/hostApi';
import { useSim } from '../../sim/simStore';
import type { IntentView } from '../../sim/types';
import { plural } from '../inspector/common';
import { useNameOf } from './useNameOf';

/** What the host needs to hear before it runs a plan the gates warn about (it refuses otherwise). */
export interface ApplyOverrides {
  readonly allowIntentViolations: boolean;
  readonly allowFailingFlows: boolean;
}

export function PlanPreview({
  plan,
  stale,
  starting,
  sandbox,
  onConfirm,
}: {
  readonly plan: PlanView;
  readonly stale: boolean;
  readonly starting: boolean;
  /** The local sandbox bills nothing: this button is the confirmation, no second dialog. */
  readonly sandbox: boolean;
  readonly onConfirm: (overrides: ApplyOverrides) => void;
}) {
  const nameOf = useNameOf();
  const gates = useApplyGates(plan);
  const { failingFlows, failingIntents } = gates;
  const confirm = () => {
    if (sandbox || window.confirm(confirmQuestion(plan, failingFlows.length, failingIntents.length)))
      onConfirm(gates.overrides);
  };
  return (
    <div className="plan-preview" data-testid="plan-preview">
      <PlanHead
        plan={plan}
        stale={stale}
        starting={starting}
        blockedByFlows={gates.blockedByFlows}
        blockedByIntents={gates.blockedByIntents}
        onConfirm={confirm}
      />
      {failingFlows.length > 0 && !plan.upToDate && (
        <OverrideGate
          gate={FLOWS_GATE}
          heading={
            <>
              After this plan, the simulation says {plural(failingFlows.length, 'ping')}{' '}
              {failingFlows.length === 1 ? 'still fails' : 'still fail'} — the links would be created (and billed)
              without carrying them:
            </>
          }
          checked={gates.flowsOverride}
          onChange={gates.setFlowsOverride}
        >
          <FailingFlows flows={failingFlows} nameOf={nameOf} />
          <div className="small">Check one in “Would this ping work?” to see where it stops and the fix.</div>
        </OverrideGate>
      )}
      {failingIntents.length > 0 && (
        <OverrideGate
          gate={INTENTS_GATE}
          heading={
            <>
              The document violates {plural(failingIntents.length, 'intent')} of its own; apply refuses it unless you
              confirm:
            </>
          }
          checked={gates.intentsOverride}
          onChange={gates.setIntentsOverride}
        >
          <ViolatedIntents intents={failingIntents} nameOf={nameOf} />
        </OverrideGate>
      )}
      {plan.warnings.map((w, n) => (
        <div key={n} className="warn-box">
          {w}
        </div>
      ))}
      <div className="plan-grid">
        <PlanSteps plan={plan} />
        <PlanSide plan={plan} nameOf={nameOf} />
      </div>
    </div>
  );
}

/**
 * The two gates of an apply and the user's overrides of them. The intents are the simulator
 * worker's checklist of the current document (the plan's, unless stale); the failing flows are the
 * plan's own simulation: pings across the document's links that still fail after it. The host
 * refuses either unless the confirmation carries the override, so the button waits for it too.
 */
function useApplyGates(plan: PlanView) {
  const intents = useSim((s) => s.intents);
  const failingIntents = (intents ?? []).filter((i) => i.state !== 'holds');
  const [intentsOverride, setIntentsOverride] = useState(false);
  const failingFlows = plan.failingFlows;
  const [flowsOverride, setFlowsOverride] = useState(false);
  return {
    failingIntents,
    intentsOverride,
    setIntentsOverride,
    failingFlows,
    flowsOverride,
    setFlowsOverride,
    blockedByIntents: failingIntents.length > 0 && !intentsOverride,
    blockedByFlows: failingFlows.length > 0 && !flowsOverride && !plan.upToDate,
    overrides: {
      allowIntentViolations: failingIntents.length > 0 && intentsOverride,
      allowFailingFlows: failingFlows.length > 0 && flowsOverride,
    },
  };
}

/** The question asked before a real apply: how much, where, what it bills, and what will still be wrong. */
function confirmQuestion(plan: PlanView, failingFlows: number, failingIntents: number): string {
  const billable = plan.billable.length
    ? `\n\n${plural(plan.billable.length, 'billable resource')} will be created.`
    : '';
  const flows = failingFlows ? `\n\n${plural(failingFlows, 'ping')} across your links will still fail.` : '';
  const intents = failingIntents
    ? `\n\nThe document violates ${plural(failingIntents, 'intent')}; they will not hold after the apply.`
    : '';
  return `Apply ${plural(plan.steps.length, 'step')} to ${plan.targetId}?${billable}${flows}${intents}`;
}

function PlanHead({
  plan,
  stale,
  starting,
  blockedByFlows,
  blockedByIntents,
  onConfirm,
}: {
  readonly plan: PlanView;
  readonly stale: boolean;
  readonly starting: boolean;
  readonly blockedByFlows: boolean;
  readonly blockedByIntents: boolean;
  readonly onConfirm: () => void;
}) {
  return (
    <div className="plan-head">
      <strong>
        {plan.upToDate ? 'Nothing to do: the target already matches the document.' : plural(plan.steps.length, 'step')}
      </strong>
      {plan.billable.length > 0 && <span className="pill pill-warn">{plan.billable.length} billable</span>}
      <span className="pill pill-ok">+{plan.reachability.gained.length} reachable</span>
      {plan.reachability.lost.length > 0 && (
        <span className="pill pill-bad">−{plan.reachability.lost.length} reachable</span>
      )}
      <span className="spacer" />
      {stale && <span className="dim small">the document changed since this plan — plan again</span>}
      <button
        className="primary-button danger"
        data-testid="apply-confirm"
        disabled={plan.upToDate || stale || starting || blockedByIntents || blockedByFlows}
        title={
          blockedByFlows
            ? 'After this plan some pings across your links still fail: read them below and confirm to apply anyway'
            : blockedByIntents
              ? 'The document violates some of its intents: confirm below to apply anyway'
              : undefined
        }
        onClick={onConfirm}
      >
        {starting ? 'Starting…' : 'Confirm and apply'}
      </button>
    </div>
  );
}

/** What names a gate on screen: its box, its tick, and what the tick says the user knows. */
interface GateWords {
  readonly testId: string;
  readonly overrideTestId: string;
  readonly overrideLabel: string;
}

const FLOWS_GATE: GateWords = {
  testId: 'apply-failing-flows',
  overrideTestId: 'apply-flows-override',
  overrideLabel: 'Apply anyway: I know these pings will fail',
};

const INTENTS_GATE: GateWords = {
  testId: 'apply-intents',
  overrideTestId: 'apply-intents-override',
  overrideLabel: 'Apply anyway: I know these intents will not hold',
};

/** A warning that holds the apply back until the user ticks that they know: what is wrong, then the tick. */
function OverrideGate({
  gate: { testId, overrideTestId, overrideLabel },
  heading,
  checked,
  onChange,
  children,
}: {
  readonly gate: GateWords;
  readonly heading: ReactNode;
  readonly checked: boolean;
  readonly onChange: (checked: boolean) => void;
  readonly children: ReactNode;
}) {
  return (
    <div className="error-box" data-testid={testId}>
      <strong>{heading}</strong>
      {children}
      <label>
        <input
          type="checkbox"
          data-testid={overrideTestId}
          checked={checked}
          onChange={(e) => onChange(e.target.checked)}
        />{' '}
        {overrideLabel}
      </label>
    </div>
  );
}

/** The first dozen pings that still fail, each with why: undetermined, or reachable today and lost by the plan. */
function FailingFlows({
  flows,
  nameOf,
}: {
  readonly flows: PlanView['failingFlows'];
  readonly nameOf: (id: string) => string;
}) {
  return (
    <ul>
      {flows.slice(0, 12).map((f) => (
        <li key={`${f.from}>${f.to}`}>
          {f.verdict === 'unknown' ? '?' : '✗'} {nameOf(f.from)} → {nameOf(f.to)} ({f.protocol}):{' '}
          {f.verdict === 'unknown' ? 'undetermined' : 'not reachable'}
          {f.reason === 'lost' ? ' — reachable today, lost by this plan' : ''}
        </li>
      ))}
      {flows.length > 12 && <li className="dim">and {flows.length - 12} more</li>}
    </ul>
  );
}

function ViolatedIntents({
  intents,
  nameOf,
}: {
  readonly intents: readonly IntentView[];
  readonly nameOf: (id: string) => string;
}) {
  return (
    <ul>
      {intents.map((i) => (
        <li key={i.index}>
          {i.state === 'violated' ? '✗' : '?'} {i.name}
          {i.firstViolation ? ` — ${nameOf(i.firstViolation.from)} → ${nameOf(i.firstViolation.to)}` : ''}
          {i.note ? ` (${i.note})` : ''}
        </li>
      ))}
    </ul>
  );
}

function PlanSteps({ plan }: { readonly plan: PlanView }) {
  return (
    <ol className="step-list">
      {plan.steps.map((s) => (
        <li key={s.id} className="step">
          <span className="step-index">{s.index + 1}</span>
          <span className="step-title">
            {s.title}
            <span className="step-message mono dim small">{s.action}</span>
          </span>
          {s.billable && (
            <span className="pill pill-warn" title={s.cost}>
              billable
            </span>
          )}
        </li>
      ))}
    </ol>
  );
}

/** Beside the steps: what will be billed, and which instance pairs gain or lose reachability. */
function PlanSide({ plan, nameOf }: { readonly plan: PlanView; readonly nameOf: (id: string) => string }) {
  return (
    <div className="plan-side">
      {plan.billable.length > 0 && (
        <>
          <h4>Billable resources</h4>
          <ul>
            {plan.billable.map((b) => (
              <li key={b.resourceId}>
                {b.description} <span className="dim small">{b.regionId}</span>
                {b.note && <div className="dim small">{b.note}</div>}
              </li>
            ))}
          </ul>
        </>
      )}
      <h4>Reachability after apply</h4>
      <ul>
        {plan.reachability.gained.map((p, n) => (
          <li key={n} className="ok-text">
            + {nameOf(p.from)} → {nameOf(p.to)} ({p.protocol})
          </li>
        ))}
        {plan.reachability.lost.map((p, n) => (
          <li key={n} className="bad-text">
            − {nameOf(p.from)} → {nameOf(p.to)} ({p.protocol})
          </li>
        ))}
        <li className="dim">{plural(plan.reachability.unchangedCount, 'pair')} unchanged</li>
      </ul>
    </div>
  );
}
