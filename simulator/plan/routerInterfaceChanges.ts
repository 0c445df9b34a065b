/**
 * Router interfaces in an apply plan (aliyun-api.md §3.10, terraform's router-interface
 * resources): for each pair of the document, nothing when it is live and connected to each other
 * (a spec change aside), a wait or an activation when a connection is under way or an end was
 * deactivated, otherwise the pair is built (routerInterfaceSteps.ts): create initiator (with spec)
 * and acceptor (`Negative`) → wait `Idle` → the acceptor's opposite info first → the initiator's
 * → connect from the initiator → wait both `Active`.
 */
import type { RouterInterface } from '../document/schema';
import { effectiveRouterInterfaceStatus, pairProblems } from '../model';
import type { PlanState } from './planState';
import { matchRouterInterfaces, pairRouterInterfaces } from './routerInterfaceMatching';
import {
  activateInterface,
  connectPair,
  createInterface,
  planSpecChange,
  pushOppositeInfo,
  waitActiveBoth,
} from './routerInterfaceSteps';
import { CONNECTED_OR_CONNECTING } from './types';

/** Matches the document's interfaces to live ones (recording their values for the routes), then plans each pair. */
export function planRouterInterfaces(state: PlanState): void {
  const matches = matchRouterInterfaces(state.desired.routerInterfaces, state.current.routerInterfaces);
  for (const [docId, live] of matches) {
    state.liveIds.set(docId, live.routerInterfaceId);
    state.riValue.set(docId, live.routerInterfaceId);
  }
  const { pairs, lone } = pairRouterInterfaces(state.desired.routerInterfaces);
  for (const ri of lone) {
    state.problems.push({
      code: 'RI_PAIR_INCOMPLETE',
      severity: 'warning',
      resourceId: ri.routerInterfaceId,
      message: `${ri.routerInterfaceId} has no partner interface in the document; the plan leaves it out (an interface alone is billed but carries no traffic)`,
    });
  }
  for (const [a, b] of pairs) planPair(state, a, b, matches);
}

/**
 * One router-interface pair of the document: left as it is when it is live and connected to
 * each other (a spec change aside), resumed when a connection is under way or an end was
 * deactivated, otherwise built: create what is missing, point both ends at each other, connect.
 */
function planPair(
  state: PlanState,
  initiator: RouterInterface,
  acceptor: RouterInterface,
  matches: Map<string, RouterInterface>,
): void {
  if (!ensureVpcLive(state, initiator) || !ensureVpcLive(state, acceptor)) return;
  const consistent = pairProblems(initiator, state.d).length === 0;
  const liveI = matches.get(initiator.routerInterfaceId);
  const liveA = matches.get(acceptor.routerInterfaceId);
  if (
    consistent &&
    liveI &&
    liveA &&
    liveI.oppositeInterfaceId === liveA.routerInterfaceId &&
    liveA.oppositeInterfaceId === liveI.routerInterfaceId &&
    planLinkedPair(state, initiator, acceptor, liveI, liveA)
  )
    return;
  if (!bothEndsIdle(state, [initiator, liveI], [acceptor, liveA])) return;
  // Each missing end is created facing its partner (only when the pair is consistent); initiator first.
  const ready = [
    ...(liveI ? [] : createInterface(state, initiator, consistent ? acceptor : undefined)),
    ...(liveA ? [] : createInterface(state, acceptor, consistent ? initiator : undefined)),
  ];
  const modifies = pushOppositeInfo(state, initiator, acceptor, liveI, liveA, consistent, ready);
  if (!consistent) {
    const problems = pairProblems(initiator, state.d);
    state.problems.push({
      code: 'RI_PAIR_INCONSISTENT',
      severity: 'warning',
      resourceId: initiator.routerInterfaceId,
      message:
        `${initiator.routerInterfaceId} ↔ ${acceptor.routerInterfaceId} do not point at each other consistently (${problems.map((p) => p.message).join('; ')}); the ` +
        `plan creates them as written but does not connect them ` +
        `(run vpclink validate)`,
    });
    return;
  }
  connectPair(state, initiator, acceptor, liveI, [...ready, ...modifies]);
}

/**
 * A pair live and pointing at each other: true when handled — both Active (only a spec change),
 * a connection under way (wait for it), or an end deactivated earlier (activate it, §3.5).
 * False when the statuses call for building the pair again.
 */
function planLinkedPair(
  state: PlanState,
  initiator: RouterInterface,
  acceptor: RouterInterface,
  liveI: RouterInterface,
  liveA: RouterInterface,
): boolean {
  const statusOf = (ri: RouterInterface) => effectiveRouterInterfaceStatus(ri, state.c);
  const sI = statusOf(liveI);
  const sA = statusOf(liveA);
  if (sI === 'Active' && sA === 'Active') {
    planSpecChange(state, initiator, liveI, undefined);
    return true;
  }
  if (CONNECTED_OR_CONNECTING.includes(sI) && CONNECTED_OR_CONNECTING.includes(sA)) {
    // A connection is under way (a resumed or concurrent run): only wait for it.
    const waits = waitActiveBoth(state, initiator, acceptor, []);
    planSpecChange(state, initiator, liveI, waits[0]);
    return true;
  }
  if ((sI === 'Inactive' || sI === 'Active') && (sA === 'Inactive' || sA === 'Active')) {
    // Deactivated earlier: activate the inactive end(s) (aliyun-api.md §3.5) instead of reconnecting.
    const activations: string[] = [];
    for (const [doc, live] of [
      [initiator, liveI],
      [acceptor, liveA],
    ] as const) {
      if (statusOf(live) !== 'Inactive') continue;
      activations.push(activateInterface(state, doc, live));
    }
    const waits = waitActiveBoth(state, initiator, acceptor, activations);
    planSpecChange(state, initiator, liveI, waits[0]);
    return true;
  }
  return false;
}

/** Building a pair reuses only Idle live ends: one connected elsewhere cannot change its peer (§3.1), a problem. */
function bothEndsIdle(state: PlanState, ...ends: [RouterInterface, RouterInterface | undefined][]): boolean {
  for (const [doc, live] of ends) {
    const status = live ? effectiveRouterInterfaceStatus(live, state.c) : 'Idle';
    if (live && status !== 'Idle') {
      state.problems.push({
        code: 'RI_LIVE_CONNECTED_ELSEWHERE',
        severity: 'error',
        resourceId: live.routerInterfaceId,
        message:
          `live ${live.routerInterfaceId} (${doc.role} on ${doc.routerId}, status ${status}) matches ${doc.routerInterfaceId} of the document but is not Idle and does ` +
          `not point at its partner; its peer cannot be changed once connected (docs/aliyun-api.md ` +
          `§3.1): delete it or fix the document`,
      });
      return false;
    }
  }
  return true;
}

/** A pair is planned only on routers of live VPCs: vpclink does not create VPCs. */
function ensureVpcLive(state: PlanState, ri: RouterInterface): boolean {
  const vpc = state.d.vpcByRouterId.get(ri.routerId);
  const live = vpc ? state.c.vpcs.get(vpc.vpcId) : state.c.vpcByRouterId.get(ri.routerId);
  if (!live || live.vRouterId !== ri.routerId) {
    state.problems.push({
      code: 'VPC_NOT_LIVE',
      severity: 'error',
      resourceId: vpc?.vpcId ?? ri.routerId,
      message:
        `${ri.routerInterfaceId} sits on router ${ri.routerId}${vpc ? ` of ${vpc.vpcId}` : ''}, which the current state (account ` +
        `${ri.accountId}, ${ri.regionId}) does not have; vpclink does not create VPCs`,
    });
    return false;
  }
  state.touchedVpcs.add(live.vpcId);
  return true;
}
