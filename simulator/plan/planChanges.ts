/**
 * `planChanges(desired, current)`: the ordered DAG of API calls that makes the live state match the
 * document, touching nothing that already matches. Pure and deterministic: the same two documents
 * always give the same plan (same step IDs, same fingerprint, same ClientTokens).
 *
 * Order, per aliyun-api.md §3.10 and terraform's router-interface resources:
 *   create initiator (with spec) and acceptor (`Negative`) → wait `Idle` → set the ACCEPTOR's
 *   opposite info first → then the initiator's → connect from the initiator → wait both `Active`
 *   → routes, serialised per VPC (each waits `Available` before the next write in that VPC,
 *   §4.2: concurrent writes in one VPC fail with TaskConflict) → security-group rules (≤100 per
 *   call per group and direction, §5.4) → network ACLs (networkAclChanges.ts: create, entries,
 *   bindings, each waited for); ENIs and secondary IPs are read-only (problems, never steps).
 * Steps of independent pairs, VPCs and groups do not depend on each other, so the executor runs
 * them in parallel.
 *
 * One module per resource family, each working on one shared PlanState (planState.ts):
 * routerInterfaceChanges.ts, peeringChanges.ts, routeChanges.ts, peeringRemovals.ts,
 * securityGroupChanges.ts, networkAclChanges.ts. The order below is the order their steps need.
 */
import type { Topology } from '../document/schema';
import { finishPlan } from './builder';
import { cenNotApplied } from './cenNotApplied';
import { networkInterfaceProblems, planNetworkAcls, rulePrefixListProblems } from './networkAclChanges';
import { planPeeringConnections } from './peeringChanges';
import { planPeeringRemovals } from './peeringRemovals';
import { newPlanState, pushStep, type PlanState } from './planState';
import { planRouteChanges } from './routeChanges';
import { planRouterInterfaces } from './routerInterfaceChanges';
import { planSecurityGroups } from './securityGroupChanges';
import type { Plan } from './types';

export interface PlanOptions {
  /** Compute the reachability delta (default true; it runs the simulator on both documents). */
  readonly reachabilityDelta?: boolean;
  /**
   * Mixed into every ClientToken with the plan fingerprint. apply passes its run ID, so retries
   * and resumes of one run reuse tokens while a new run with an identical plan (apply → destroy →
   * apply) does not reuse the tokens of the first, whose resources are gone. Absent: tokens come
   * from the fingerprint alone (what `vpclink plan` shows).
   */
  readonly tokenSalt?: string;
}

export function planChanges(desired: Topology, current: Topology, options: PlanOptions = {}): Plan {
  const state = newPlanState(desired, current);
  planRouterInterfaces(state);
  planPeerings(state);
  planRouteChanges(state);
  planPeeringRemovals(state);
  planSecurityGroups(state);
  planDataplane(state);
  state.problems.push(...cenNotApplied(desired, current));
  return finishPlan({
    operation: 'apply',
    steps: state.steps,
    problems: state.problems,
    routerInterfaceIds: Object.fromEntries(state.liveIds),
    vpcPeerConnectionIds: Object.fromEntries(state.peerings.liveIds),
    ...(options.tokenSalt !== undefined ? { tokenSalt: options.tokenSalt } : {}),
    ...(options.reachabilityDelta === false
      ? {}
      : { delta: { before: current, after: desired, touchedVpcIds: state.touchedVpcs } }),
  });
}

/** The document's peering connections (peeringChanges.ts); what it learns is what the routes point at. */
function planPeerings(state: PlanState): void {
  state.peerings = planPeeringConnections({
    desired: state.desired,
    current: state.current,
    d: state.d,
    c: state.c,
    marker: state.marker,
    push: (step) => pushStep(state, step),
    problem: (p) => state.problems.push(p),
    touch: (vpcId) => state.touchedVpcs.add(vpcId),
  });
}

/** Network ACLs (networkAclChanges.ts); ENIs and secondary IPs vpclink does not manage are problems. */
function planDataplane(state: PlanState): void {
  const acls = planNetworkAcls(state.desired, state.current, state.marker);
  state.steps.push(...acls.steps);
  state.problems.push(
    ...acls.problems,
    ...networkInterfaceProblems(state.desired, state.current),
    ...rulePrefixListProblems(state.steps, state.current),
  );
  for (const vpcId of acls.touchedVpcIds) state.touchedVpcs.add(vpcId);
}
