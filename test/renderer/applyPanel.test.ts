/** The Apply panel's event folding: a run refused because the plan changed shows the new plan for a fresh confirmation. */
import { describe, expect, it } from 'vitest';
import type { PlanView, RunView } from '../../electron/common/hostApi';
import { handleRunEvent, useApply } from '../../renderer/panels/ApplyPanel';

const plan = (fingerprint: string, steps: number): PlanView => ({
  targetId: 'sandbox',
  fingerprint,
  steps: Array.from({ length: steps }, (_, i) => ({
    id: `s${i}`,
    index: i,
    accountId: '1',
    regionId: 'cn-beijing',
    action: 'CreateRouteEntry',
    title: 'step',
    params: {},
    dependsOn: [],
    billable: false,
  })),
  billable: [],
  reachability: { gained: [], lost: [], unchangedCount: 0 },
  upToDate: steps === 0,
  warnings: [],
  problems: [],
  failingFlows: [],
});

const run = (state: RunView['state'], extra: Partial<RunView> = {}): RunView => ({
  runId: 'run-1',
  targetId: 'sandbox',
  mode: 'apply',
  state,
  steps: [],
  completed: 0,
  total: 0,
  resumable: false,
  ...extra,
});

describe('handleRunEvent', () => {
  it('planChanged: the new plan replaces the confirmed one, nothing is shown as run, the user is told why', () => {
    useApply.setState({ plan: plan('aaaaaaaaaaaaaaaa', 3), phase: 'running', run: run('running'), error: null });
    const fresh = plan('bbbbbbbbbbbbbbbb', 1);
    handleRunEvent({ kind: 'run.finished', run: run('planChanged', { changedPlan: fresh }) });
    const state = useApply.getState();
    expect(state.plan?.fingerprint).toBe('bbbbbbbbbbbbbbbb');
    expect(state.phase).toBe('planned');
    expect(state.run).toBeNull();
    expect(state.error).toContain('plan changed');
  });

  it('an ordinary end keeps the run and its plan', () => {
    useApply.setState({ plan: plan('aaaaaaaaaaaaaaaa', 3), phase: 'running', run: run('running'), error: null });
    handleRunEvent({ kind: 'run.finished', run: run('succeeded') });
    expect(useApply.getState()).toMatchObject({ phase: 'finished', run: { state: 'succeeded' } });
    expect(useApply.getState().plan?.fingerprint).toBe('aaaaaaaaaaaaaaaa');
  });
});
