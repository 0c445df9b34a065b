/**
 * When a wait step polls first. A poll before the transition it waits for can be over only costs a
 * call (terraform polls every 5 s from the start: aliyun-api.md §3.9), so a wait sleeps until the
 * call that started the transition is `expected` ms old, then polls, then backs off (policy.ts
 * pollDelay). The start is when that call's step finished (journal `finishedAt`): a wait resumed
 * long after its trigger, or one whose trigger was skipped (the transition was already under way),
 * polls at once. The wait still ends only on the status it waits for — the schedule saves calls,
 * never a check.
 */
import type { PlanStep } from '../../simulator/plan';
import type { JournalStep } from './journal';
import type { ExpectedTransitions } from './policy';

/** The calls whose effect a wait step waits for, and which expected duration each starts. */
const TRIGGERS: Partial<Record<PlanStep['kind'], keyof ExpectedTransitions>> = {
  connectRouterInterface: 'connectMs',
  activateRouterInterface: 'activateMs',
  deactivateRouterInterface: 'deactivateMs',
  deleteRouterInterface: 'deleteMs',
  modifyRouterInterfaceSpec: 'modifyMs',
  createRouteEntry: 'routeMs',
  deleteRouteEntry: 'routeMs',
  createVpcPeerConnection: 'peeringCreateMs',
  acceptVpcPeerConnection: 'peeringAcceptMs',
  modifyVpcPeerConnection: 'peeringAcceptMs',
  deleteVpcPeerConnection: 'peeringDeleteMs',
};

/**
 * Epoch ms before which `step`'s first poll would be wasted, or undefined (poll at once): not a
 * wait, or no dependency of it started a transition in this run that the wait is known to follow
 * (a create → Idle is immediate enough: §3.9 "async-ish").
 */
export function firstPollAt(
  step: PlanStep,
  stepsById: ReadonlyMap<string, PlanStep>,
  journalSteps: Readonly<Record<string, JournalStep | undefined>>,
  expected: ExpectedTransitions,
): number | undefined {
  if (!step.kind.startsWith('wait')) return undefined;
  let at: number | undefined;
  for (const dependencyId of step.dependsOn) {
    const kind = stepsById.get(dependencyId)?.kind;
    const trigger = kind !== undefined ? TRIGGERS[kind] : undefined;
    const done = journalSteps[dependencyId];
    // Only a call this journal saw succeed started the transition then; a skipped one found it under way.
    if (trigger === undefined || done?.state !== 'succeeded' || done.finishedAt === undefined) continue;
    const finished = Date.parse(done.finishedAt);
    if (Number.isNaN(finished)) continue;
    at = Math.max(at ?? 0, finished + expected[trigger]);
  }
  return at;
}
