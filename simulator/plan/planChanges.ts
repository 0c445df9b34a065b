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
 */
import type { Permission, RouteEntry, RouterInterface, SecurityGroup, Topology, Vpc } from '../document/schema';
import { buildTopologyIndex, effectiveRouterInterfaceStatus, pairProblems, type TopologyIndex } from '../model';
import { finishPlan, routerInterfaceCost } from './builder';
import { cenNotApplied, routeNeedsMissingAttachment } from './cenNotApplied';
import { hasMarker, markedDescription, ownerMarker } from './owner';
import { networkInterfaceProblems, planNetworkAcls, rulePrefixListProblems } from './networkAclChanges';
import {
  markedVpcPeerConnections,
  planPeeringConnections,
  pushPeeringTeardown,
  vpcPeerKey,
  vpcPeerKeyText,
  type PlannedPeerings,
} from './peeringChanges';
import {
  matchScore,
  normaliseCidr,
  permissionIdentity,
  permissionToApi,
  routeKey,
  routerInterfaceKey,
  routerInterfaceKeyText,
} from './identity';
import {
  CONNECTED_OR_CONNECTING,
  stepRef,
  type Plan,
  type PlanProblem,
  type PlanStep,
  type RouteRef,
  type RouterInterfaceTarget,
  type ValueRef,
} from './types';
import { countOf } from '../text/count';

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

/** Authorize/Revoke take 1-100 rules per call (aliyun-api.md §5.4, §6). */
export const MAX_PERMISSIONS_PER_CALL = 100;

/** RI names: 2-128 chars of letters, digits, `.`, `_`, `-` (aliyun-api.md §3.2); others are not sent. */
const RI_NAME = /^[A-Za-z0-9._-]{2,128}$/;

export function planChanges(desired: Topology, current: Topology, options: PlanOptions = {}): Plan {
  const planner = new ChangePlanner(desired, current);
  planner.planRouterInterfaces();
  planner.planPeerings();
  planner.planRoutes();
  planner.planPeeringRemovals();
  planner.planSecurityGroups();
  planner.planDataplane();
  planner.problems.push(...cenNotApplied(desired, current));
  return finishPlan({
    operation: 'apply',
    steps: planner.steps,
    problems: planner.problems,
    routerInterfaceIds: Object.fromEntries(planner.liveIds),
    vpcPeerConnectionIds: Object.fromEntries(planner.peerings.liveIds),
    ...(options.tokenSalt !== undefined ? { tokenSalt: options.tokenSalt } : {}),
    ...(options.reachabilityDelta === false
      ? {}
      : { delta: { before: current, after: desired, touchedVpcIds: planner.touchedVpcIds() } }),
  });
}

/**
 * Matches the document's router interfaces to live ones by natural key: exact matches (same
 * opposite router and owner) first, then live interfaces that do not know their peer yet. Each
 * live interface is used once. Returns document ID → live interface.
 */
export function matchRouterInterfaces(
  desired: readonly RouterInterface[],
  live: readonly RouterInterface[],
): Map<string, RouterInterface> {
  const result = new Map<string, RouterInterface>();
  const used = new Set<string>();
  for (const wanted of [2, 1]) {
    for (const ri of desired) {
      if (result.has(ri.routerInterfaceId)) continue;
      const key = routerInterfaceKey(ri);
      const found = live.find(
        (candidate) => !used.has(candidate.routerInterfaceId) && matchScore(key, candidate) === wanted,
      );
      if (found) {
        result.set(ri.routerInterfaceId, found);
        used.add(found.routerInterfaceId);
      }
    }
  }
  return result;
}

/** Pairs of the document's interfaces: each interface with the one it points at (or that points at it). */
export function pairRouterInterfaces(routerInterfaces: readonly RouterInterface[]): {
  pairs: [RouterInterface, RouterInterface][];
  lone: RouterInterface[];
} {
  const byId = new Map(routerInterfaces.map((ri) => [ri.routerInterfaceId, ri]));
  const paired = new Set<string>();
  const pairs: [RouterInterface, RouterInterface][] = [];
  const lone: RouterInterface[] = [];
  for (const ri of routerInterfaces) {
    if (paired.has(ri.routerInterfaceId)) continue;
    let partner = ri.oppositeInterfaceId !== undefined ? byId.get(ri.oppositeInterfaceId) : undefined;
    if (
      partner &&
      (paired.has(partner.routerInterfaceId) ||
        partner === ri ||
        (partner.oppositeInterfaceId !== undefined && partner.oppositeInterfaceId !== ri.routerInterfaceId))
    )
      partner = undefined;
    partner ??= routerInterfaces.find(
      (other) =>
        other !== ri && !paired.has(other.routerInterfaceId) && other.oppositeInterfaceId === ri.routerInterfaceId,
    );
    if (!partner) {
      lone.push(ri);
      continue;
    }
    paired.add(ri.routerInterfaceId);
    paired.add(partner.routerInterfaceId);
    // The initiator first: it is the side that connects (aliyun-api.md §3.4).
    pairs.push(ri.role === 'AcceptingSide' && partner.role === 'InitiatingSide' ? [partner, ri] : [ri, partner]);
  }
  return { pairs, lone };
}

class ChangePlanner {
  readonly steps: PlanStep[] = [];
  readonly problems: PlanProblem[] = [];
  /** Document RI ID → live RI ID for interfaces that exist. */
  readonly liveIds = new Map<string, string>();
  /** Document RI ID → its live ID or a reference to the step creating it. */
  private readonly riValue = new Map<string, ValueRef>();
  /** Document RI ID → the step after which the interface is Active (absent: already Active or never). */
  private readonly riReadyStep = new Map<string, string>();
  private readonly d: TopologyIndex;
  private readonly c: TopologyIndex;
  private readonly touchedVpcs = new Set<string>();
  /** `vpclink:<document id>` on every rule and route this plan writes (owner.ts). */
  private readonly marker: string;
  /** The document's peering connections as routes see them (peeringChanges.ts). */
  peerings: PlannedPeerings = { values: new Map(), ready: new Map(), liveIds: new Map(), blocked: new Set() };
  /** VPC → the last route write planned in it (route writes are serialised per VPC, aliyun-api.md §4.2). */
  private readonly lastRouteInVpc = new Map<string, string>();

  constructor(
    readonly desired: Topology,
    readonly current: Topology,
  ) {
    this.d = buildTopologyIndex(desired);
    this.c = buildTopologyIndex(current);
    this.marker = ownerMarker(desired);
  }

  touchedVpcIds(): ReadonlySet<string> {
    return this.touchedVpcs;
  }

  private push(step: PlanStep): string {
    this.steps.push(step);
    return step.id;
  }

  private problem(p: PlanProblem): void {
    this.problems.push(p);
  }

  private vpcOfRouter(routerId: string): Vpc | undefined {
    return this.d.vpcByRouterId.get(routerId);
  }

  // ---------------------------------------------------------------- network ACLs, ENIs (read-only)

  /** Network ACLs (networkAclChanges.ts); ENIs and secondary IPs vpclink does not manage are problems. */
  planDataplane(): void {
    const acls = planNetworkAcls(this.desired, this.current, this.marker);
    this.steps.push(...acls.steps);
    this.problems.push(
      ...acls.problems,
      ...networkInterfaceProblems(this.desired, this.current),
      ...rulePrefixListProblems(this.steps, this.current),
    );
    for (const vpcId of acls.touchedVpcIds) this.touchedVpcs.add(vpcId);
  }

  // ---------------------------------------------------------------- router interfaces

  planRouterInterfaces(): void {
    const matches = matchRouterInterfaces(this.desired.routerInterfaces, this.current.routerInterfaces);
    for (const [docId, live] of matches) {
      this.liveIds.set(docId, live.routerInterfaceId);
      this.riValue.set(docId, live.routerInterfaceId);
    }
    const { pairs, lone } = pairRouterInterfaces(this.desired.routerInterfaces);
    for (const ri of lone) {
      this.problem({
        code: 'RI_PAIR_INCOMPLETE',
        severity: 'warning',
        resourceId: ri.routerInterfaceId,
        message: `${ri.routerInterfaceId} has no partner interface in the document; the plan leaves it out (an interface alone is billed but carries no traffic)`,
      });
    }
    for (const [a, b] of pairs) this.planPair(a, b, matches);
  }

  private ensureVpcLive(ri: RouterInterface): boolean {
    const vpc = this.vpcOfRouter(ri.routerId);
    const live = vpc ? this.c.vpcs.get(vpc.vpcId) : this.c.vpcByRouterId.get(ri.routerId);
    if (!live || live.vRouterId !== ri.routerId) {
      this.problem({
        code: 'VPC_NOT_LIVE',
        severity: 'error',
        resourceId: vpc?.vpcId ?? ri.routerId,
        message:
          `${ri.routerInterfaceId} sits on router ${ri.routerId}${vpc ? ` of ${vpc.vpcId}` : ''}, which the current state (account ` +
          `${ri.accountId}, ${ri.regionId}) does not have; vpclink does not create VPCs`,
      });
      return false;
    }
    this.touchedVpcs.add(live.vpcId);
    return true;
  }

  /**
   * One router-interface pair of the document: left as it is when it is live and connected to
   * each other (a spec change aside), resumed when a connection is under way or an end was
   * deactivated, otherwise built: create what is missing, point both ends at each other, connect.
   */
  private planPair(initiator: RouterInterface, acceptor: RouterInterface, matches: Map<string, RouterInterface>): void {
    if (!this.ensureVpcLive(initiator) || !this.ensureVpcLive(acceptor)) return;
    const consistent = pairProblems(initiator, this.d).length === 0;
    const liveI = matches.get(initiator.routerInterfaceId);
    const liveA = matches.get(acceptor.routerInterfaceId);
    if (
      consistent &&
      liveI &&
      liveA &&
      liveI.oppositeInterfaceId === liveA.routerInterfaceId &&
      liveA.oppositeInterfaceId === liveI.routerInterfaceId &&
      this.planLinkedPair(initiator, acceptor, liveI, liveA)
    )
      return;
    if (!this.bothEndsIdle([initiator, liveI], [acceptor, liveA])) return;
    const ready: string[] = [];
    for (const [doc, live] of [
      [initiator, liveI],
      [acceptor, liveA],
    ] as const) {
      if (!live)
        ready.push(...this.createInterface(doc, consistent ? (doc === initiator ? acceptor : initiator) : undefined));
    }
    const modifies = this.pushOppositeInfo(initiator, acceptor, liveI, liveA, consistent, ready);
    if (!consistent) {
      const problems = pairProblems(initiator, this.d);
      this.problem({
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
    this.connectPair(initiator, acceptor, liveI, [...ready, ...modifies]);
  }

  /**
   * A pair live and pointing at each other: true when handled — both Active (only a spec change),
   * a connection under way (wait for it), or an end deactivated earlier (activate it, §3.5).
   * False when the statuses call for building the pair again.
   */
  private planLinkedPair(
    initiator: RouterInterface,
    acceptor: RouterInterface,
    liveI: RouterInterface,
    liveA: RouterInterface,
  ): boolean {
    const statusOf = (ri: RouterInterface) => effectiveRouterInterfaceStatus(ri, this.c);
    const sI = statusOf(liveI);
    const sA = statusOf(liveA);
    if (sI === 'Active' && sA === 'Active') {
      this.planSpecChange(initiator, liveI, undefined);
      return true;
    }
    if (CONNECTED_OR_CONNECTING.includes(sI) && CONNECTED_OR_CONNECTING.includes(sA)) {
      // A connection is under way (a resumed or concurrent run): only wait for it.
      const waits = this.waitActiveBoth(initiator, acceptor, []);
      this.planSpecChange(initiator, liveI, waits[0]);
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
        activations.push(
          this.push({
            kind: 'activateRouterInterface',
            id: `activate-ri:${routerInterfaceKeyText(routerInterfaceKey(doc))}`,
            accountId: doc.accountId,
            regionId: doc.regionId,
            product: 'vpc',
            action: 'ActivateRouterInterface',
            params: { RegionId: doc.regionId, RouterInterfaceId: live.routerInterfaceId },
            dependsOn: [],
            mutating: true,
            description: `Activate ${live.routerInterfaceId} (${doc.role}, Inactive) in ${doc.regionId}`,
            target: this.target(doc, live.routerInterfaceId),
          }),
        );
      }
      const waits = this.waitActiveBoth(initiator, acceptor, activations);
      this.planSpecChange(initiator, liveI, waits[0]);
      return true;
    }
    return false;
  }

  /** Building a pair reuses only Idle live ends: one connected elsewhere cannot change its peer (§3.1), a problem. */
  private bothEndsIdle(...ends: [RouterInterface, RouterInterface | undefined][]): boolean {
    for (const [doc, live] of ends) {
      const status = live ? effectiveRouterInterfaceStatus(live, this.c) : 'Idle';
      if (live && status !== 'Idle') {
        this.problem({
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

  /**
   * Opposite info: the acceptor's side first (aliyun-api.md §3.4/§3.10, terraform: "connection
   * from the AcceptingSide to the InitiatingSide must be done first"). Returns the modify steps.
   */
  private pushOppositeInfo(
    initiator: RouterInterface,
    acceptor: RouterInterface,
    liveI: RouterInterface | undefined,
    liveA: RouterInterface | undefined,
    consistent: boolean,
    ready: readonly string[],
  ): string[] {
    const modifies: string[] = [];
    let previous: string[] = [...ready];
    for (const [doc, other, live, otherLive] of [
      [acceptor, initiator, liveA, liveI],
      [initiator, acceptor, liveI, liveA],
    ] as const) {
      if (!consistent && doc.oppositeInterfaceId !== other.routerInterfaceId) continue;
      const otherValue = this.riValue.get(other.routerInterfaceId)!;
      const upToDate =
        live !== undefined &&
        otherLive !== undefined &&
        live.oppositeInterfaceId === otherLive.routerInterfaceId &&
        live.oppositeRouterId === other.routerId &&
        (live.oppositeInterfaceOwnerId ?? live.accountId) === other.accountId &&
        (live.oppositeRouterType ?? 'VRouter') === 'VRouter';
      if (upToDate) continue;
      const id = this.push({
        kind: 'modifyRouterInterfaceAttribute',
        id: `modify-ri:${routerInterfaceKeyText(routerInterfaceKey(doc))}`,
        accountId: doc.accountId,
        regionId: doc.regionId,
        product: 'vpc',
        action: 'ModifyRouterInterfaceAttribute',
        params: {
          RegionId: doc.regionId,
          RouterInterfaceId: this.riValue.get(doc.routerInterfaceId)!,
          OppositeInterfaceId: otherValue,
          OppositeRouterId: other.routerId,
          // The API's default is VBR (aliyun-api.md §3.3): always say VRouter.
          OppositeRouterType: 'VRouter',
          OppositeInterfaceOwnerId: other.accountId,
        },
        dependsOn: previous,
        mutating: true,
        description:
          `Set the opposite of the ${doc.role === 'AcceptingSide' ? 'acceptor' : 'initiator'} (account ${doc.accountId}, ${doc.regionId}) to ` +
          (typeof otherValue === 'string'
            ? otherValue
            : 'the new ' + (other.role === 'AcceptingSide' ? 'acceptor' : 'initiator')) +
          ` on ${other.routerId} (account ${other.accountId}, ${other.regionId})`,
        target: this.target(doc, this.riValue.get(doc.routerInterfaceId)),
      });
      modifies.push(id);
      previous = [...ready, id];
    }

    return modifies;
  }

  /** Connect from the initiator once both ends exist and point at each other, then wait Active on both. */
  private connectPair(
    initiator: RouterInterface,
    acceptor: RouterInterface,
    liveI: RouterInterface | undefined,
    after: readonly string[],
  ): void {
    const connectId = `connect-ri:${routerInterfaceKeyText(routerInterfaceKey(initiator))}`;
    this.push({
      kind: 'connectRouterInterface',
      id: connectId,
      accountId: initiator.accountId,
      regionId: initiator.regionId,
      product: 'vpc',
      action: 'ConnectRouterInterface',
      params: { RegionId: initiator.regionId, RouterInterfaceId: this.riValue.get(initiator.routerInterfaceId)! },
      dependsOn: [...after],
      mutating: true,
      description:
        `Connect from the initiator (account ${initiator.accountId}, ${initiator.regionId}) to the acceptor ` +
        `in ${acceptor.regionId} (retries IncorrectOppositeInterfaceInfo.NotSet ` +
        `while the peer's info propagates)`,
      target: this.target(initiator, this.riValue.get(initiator.routerInterfaceId)),
    });
    const waits = this.waitActiveBoth(initiator, acceptor, [connectId]);
    if (liveI) this.planSpecChange(initiator, liveI, waits[0]);
  }

  private target(doc: RouterInterface, value: ValueRef | undefined): RouterInterfaceTarget {
    return { routerInterfaceId: value, key: routerInterfaceKey(doc), documentId: doc.routerInterfaceId };
  }

  /** Create + wait Idle for one end. Returns the wait step ID. */
  private createInterface(doc: RouterInterface, partner: RouterInterface | undefined): string[] {
    const keyText = routerInterfaceKeyText(routerInterfaceKey(doc));
    const createId = `create-ri:${keyText}`;
    const spec = doc.role === 'AcceptingSide' ? 'Negative' : doc.spec === 'Negative' ? 'Mini.2' : doc.spec;
    const oppositeRouterId = partner?.routerId ?? doc.oppositeRouterId;
    const oppositeOwner = partner?.accountId ?? doc.oppositeInterfaceOwnerId;
    this.push({
      kind: 'createRouterInterface',
      id: createId,
      accountId: doc.accountId,
      regionId: doc.regionId,
      product: 'vpc',
      action: 'CreateRouterInterface',
      params: {
        RegionId: doc.regionId,
        Role: doc.role,
        RouterType: 'VRouter',
        RouterId: doc.routerId,
        // Acceptors must pass Negative (aliyun-api.md §3.2; terraform forces it).
        Spec: spec,
        OppositeRegionId: partner?.regionId ?? doc.oppositeRegionId,
        // Known peer router and owner go in at creation so the interface is findable by its natural
        // key from the first moment (resume and ambiguous-failure look-ups rely on it).
        ...(oppositeRouterId !== undefined
          ? { OppositeRouterType: 'VRouter', OppositeRouterId: oppositeRouterId }
          : {}),
        ...(oppositeOwner !== undefined
          ? { OppositeInterfaceOwnerId: oppositeOwner }
          : oppositeRouterId !== undefined
            ? { OppositeInterfaceOwnerId: doc.accountId }
            : {}),
        InstanceChargeType: 'PostPaid',
        ...(doc.name !== undefined && RI_NAME.test(doc.name) ? { Name: doc.name } : {}),
      },
      dependsOn: [],
      mutating: true,
      description:
        `Create the ${doc.role === 'InitiatingSide' ? `initiator (spec ${spec})` : 'acceptor (spec Negative)'} on ${doc.routerId} ` +
        `in account ${doc.accountId}, ${doc.regionId}, facing ${oppositeRouterId ?? '?'} in ${partner?.regionId ?? doc.oppositeRegionId}`,
      cost: routerInterfaceCost(spec),
      target: { routerInterfaceId: undefined, key: routerInterfaceKey(doc), documentId: doc.routerInterfaceId },
    });
    const ref = stepRef(createId, 'RouterInterfaceId');
    this.riValue.set(doc.routerInterfaceId, ref);
    const waitId = `wait-ri-idle:${keyText}`;
    this.push({
      kind: 'waitRouterInterface',
      id: waitId,
      accountId: doc.accountId,
      regionId: doc.regionId,
      product: 'vpc',
      action: 'DescribeRouterInterfaces',
      params: { RegionId: doc.regionId, Filter: [{ Key: 'RouterInterfaceId', Value: [ref] }] },
      dependsOn: [createId],
      mutating: false,
      until: 'Idle',
      description: `Wait until the new ${doc.role === 'InitiatingSide' ? 'initiator' : 'acceptor'} in ${doc.regionId} is Idle`,
      target: this.target(doc, ref),
    });
    return [waitId];
  }

  private waitActiveBoth(
    initiator: RouterInterface,
    acceptor: RouterInterface,
    dependsOn: readonly string[],
  ): string[] {
    const ids: string[] = [];
    for (const doc of [initiator, acceptor]) {
      const value = this.riValue.get(doc.routerInterfaceId)!;
      const id = this.push({
        kind: 'waitRouterInterface',
        id: `wait-ri-active:${routerInterfaceKeyText(routerInterfaceKey(doc))}`,
        accountId: doc.accountId,
        regionId: doc.regionId,
        product: 'vpc',
        action: 'DescribeRouterInterfaces',
        params: { RegionId: doc.regionId, Filter: [{ Key: 'RouterInterfaceId', Value: [value] }] },
        dependsOn,
        mutating: false,
        until: 'Active',
        description: `Wait until the ${doc.role === 'InitiatingSide' ? 'initiator' : 'acceptor'} in ${doc.regionId} is Active`,
        target: this.target(doc, value),
      });
      this.riReadyStep.set(doc.routerInterfaceId, id);
      ids.push(id);
    }
    return ids;
  }

  /** A live initiator with another spec than the document's: ModifyRouterInterfaceSpec, then wait Active again (aliyun-api.md §3.7). */
  private planSpecChange(doc: RouterInterface, live: RouterInterface, after: string | undefined): void {
    if (doc.role !== 'InitiatingSide' || doc.spec === 'Negative' || live.spec === doc.spec) return;
    const keyText = routerInterfaceKeyText(routerInterfaceKey(doc));
    const id = this.push({
      kind: 'modifyRouterInterfaceSpec',
      id: `modify-ri-spec:${keyText}`,
      accountId: doc.accountId,
      regionId: doc.regionId,
      product: 'vpc',
      action: 'ModifyRouterInterfaceSpec',
      params: { RegionId: doc.regionId, RouterInterfaceId: live.routerInterfaceId, Spec: doc.spec },
      dependsOn: after ? [after] : [],
      mutating: true,
      description: `Change the spec of ${live.routerInterfaceId} from ${live.spec} to ${doc.spec}`,
      cost: routerInterfaceCost(doc.spec),
      target: this.target(doc, live.routerInterfaceId),
    });
    const waitId = this.push({
      kind: 'waitRouterInterface',
      id: `wait-ri-active-spec:${keyText}`,
      accountId: doc.accountId,
      regionId: doc.regionId,
      product: 'vpc',
      action: 'DescribeRouterInterfaces',
      params: { RegionId: doc.regionId, Filter: [{ Key: 'RouterInterfaceId', Value: [live.routerInterfaceId] }] },
      dependsOn: [id],
      mutating: false,
      until: 'Active',
      description: `Wait until ${live.routerInterfaceId} is Active with spec ${doc.spec}`,
      target: this.target(doc, live.routerInterfaceId),
    });
    this.riReadyStep.set(doc.routerInterfaceId, waitId);
  }

  // ---------------------------------------------------------------- routes

  // ---------------------------------------------------------------- VPC peering

  planPeerings(): void {
    this.peerings = planPeeringConnections({
      desired: this.desired,
      current: this.current,
      d: this.d,
      c: this.c,
      marker: this.marker,
      push: (step) => this.push(step),
      problem: (p) => this.problem(p),
      touch: (vpcId) => this.touchedVpcs.add(vpcId),
    });
  }

  /**
   * Connections vpclink made for this document (Description marker) that the document no longer
   * has, and that no route the document keeps points at: the routes that still point at them
   * (serialised per VPC) → delete → wait gone (aliyun-links.md §1.6). Runs after planRoutes, so
   * the marked routes it already removes are waited for, not deleted twice.
   */
  planPeeringRemovals(): void {
    const kept = new Set(
      [...this.peerings.liveIds.values()].concat(
        this.desired.routeTables.flatMap((t) =>
          t.routeEntries.filter((e) => e.nextHopType === 'VpcPeer').map((e) => e.nextHopId),
        ),
      ),
    );
    const wantedPairs = new Set(
      (this.desired.vpcPeerConnections ?? []).flatMap((p) => [
        `${p.vpcId}|${p.acceptingVpcId}`,
        `${p.acceptingVpcId}|${p.vpcId}`,
      ]),
    );
    for (const live of markedVpcPeerConnections(this.current, this.marker)) {
      if (kept.has(live.instanceId) || wantedPairs.has(`${live.vpcId}|${live.acceptingVpcId}`)) continue;
      const key = vpcPeerKey(live, this.c);
      if (!key) continue;
      const afterRoutes: string[] = [];
      for (const table of this.current.routeTables) {
        const vpc = this.c.vpcs.get(table.vpcId);
        if (!vpc) continue;
        for (const entry of table.routeEntries) {
          if (entry.nextHopType !== 'VpcPeer' || entry.nextHopId !== live.instanceId) continue;
          const destination = normaliseCidr(entry.destinationCidrBlock);
          const waitId = `wait-route-gone:${table.routeTableId}:${destination}`;
          if (!this.steps.some((s) => s.id === waitId)) {
            const last = this.lastRouteInVpc.get(vpc.vpcId);
            this.touchedVpcs.add(vpc.vpcId);
            this.lastRouteInVpc.set(
              vpc.vpcId,
              this.pushRouteDeletion(
                vpc,
                {
                  routeTableId: table.routeTableId,
                  destinationCidrBlock: destination,
                  nextHopType: 'VpcPeer',
                  nextHopId: live.instanceId,
                },
                last ? [last] : [],
                `Delete route ${destination} → ${live.instanceId} in ${table.routeTableId} (it points at a peering connection being deleted)`,
              ),
            );
          }
          afterRoutes.push(waitId);
        }
      }
      this.touchedVpcs.add(live.vpcId);
      this.touchedVpcs.add(live.acceptingVpcId);
      pushPeeringTeardown(
        (step) => this.push(step),
        [{ peering: { instanceId: live.instanceId, key }, idKey: vpcPeerKeyText(key), status: live.status }],
        [...new Set(afterRoutes)],
      );
    }
  }

  // ---------------------------------------------------------------- routes

  planRoutes(): void {
    const lastInVpc = this.lastRouteInVpc;
    for (const table of this.desired.routeTables) {
      const vpc = this.d.vpcs.get(table.vpcId);
      if (!vpc) continue; // validate reports the dangling reference
      const liveTable = this.c.routeTables.get(table.routeTableId);
      if (table.routeEntries.length === 0) continue;
      if (!liveTable || liveTable.implied) {
        this.problem({
          code: 'ROUTE_TABLE_NOT_LIVE',
          severity: 'error',
          resourceId: table.routeTableId,
          message:
            `route table ${table.routeTableId} (${vpc.vpcId}) is not in the current state of account ` +
            `${vpc.accountId}, ${vpc.regionId}; its ${countOf(table.routeEntries.length, 'route')} cannot be created`,
        });
        continue;
      }
      const liveEntries = new Map(
        liveTable.table.routeEntries.map((e) => [routeKey(table.routeTableId, e.destinationCidrBlock), e]),
      );
      for (const entry of table.routeEntries) this.planRoute(vpc, table.routeTableId, entry, liveEntries, lastInVpc);
    }
    this.planRouteRemovals(lastInVpc);
  }

  /**
   * Routes vpclink wrote for this document (Description marker, owner.ts) that the document no
   * longer has: deleted, serialised per VPC like every route write (aliyun-api.md §4.2). A route
   * without the marker is never deleted here, whoever made it.
   */
  private planRouteRemovals(lastInVpc: Map<string, string>): void {
    const wanted = new Set(
      this.desired.routeTables.flatMap((t) =>
        t.routeEntries.map((e) => routeKey(t.routeTableId, e.destinationCidrBlock)),
      ),
    );
    for (const table of this.current.routeTables) {
      const vpc = this.c.vpcs.get(table.vpcId);
      if (!vpc) continue;
      for (const entry of table.routeEntries) {
        const description = (entry as { readonly description?: unknown }).description;
        if (
          !hasMarker(description, this.marker) ||
          wanted.has(routeKey(table.routeTableId, entry.destinationCidrBlock))
        )
          continue;
        const destination = normaliseCidr(entry.destinationCidrBlock);
        const route = {
          routeTableId: table.routeTableId,
          destinationCidrBlock: destination,
          nextHopType: entry.nextHopType,
          nextHopId: entry.nextHopId,
        };
        this.touchedVpcs.add(vpc.vpcId);
        const last = lastInVpc.get(vpc.vpcId);
        lastInVpc.set(
          vpc.vpcId,
          this.pushRouteDeletion(
            vpc,
            route,
            last ? [last] : [],
            `Delete route ${destination} → ${entry.nextHopId} in ${table.routeTableId} (vpclink made it for this document, which no longer has it)`,
          ),
        );
      }
    }
  }

  /** Delete → wait gone for one live route; returns the wait (the next route write in the VPC follows it, §4.2). */
  private pushRouteDeletion(
    vpc: Vpc,
    route: RouteRef & { readonly nextHopId: string },
    dependsOn: readonly string[],
    description: string,
  ): string {
    const { routeTableId, destinationCidrBlock: destination } = route;
    const keyText = `${routeTableId}:${destination}`;
    const del = this.push({
      kind: 'deleteRouteEntry',
      id: `delete-route:${keyText}`,
      accountId: vpc.accountId,
      regionId: vpc.regionId,
      product: 'vpc',
      action: 'DeleteRouteEntry',
      params: {
        RegionId: vpc.regionId,
        RouteTableId: routeTableId,
        DestinationCidrBlock: destination,
        NextHopId: route.nextHopId,
      },
      dependsOn,
      mutating: true,
      route,
      vpcId: vpc.vpcId,
      description,
    });
    return this.push({
      kind: 'waitRouteEntry',
      id: `wait-route-gone:${keyText}`,
      accountId: vpc.accountId,
      regionId: vpc.regionId,
      product: 'vpc',
      action: 'DescribeRouteEntryList',
      params: { RegionId: vpc.regionId, RouteTableId: routeTableId, DestinationCidrBlock: destination },
      dependsOn: [del],
      mutating: false,
      route,
      vpcId: vpc.vpcId,
      until: 'Deleted',
      description: `Wait until ${destination} is gone from ${routeTableId}`,
    });
  }

  private nextHopValue(entry: RouteEntry): { value: ValueRef; ready?: string } | 'blocked' | undefined {
    if (entry.nextHopType === 'VpcPeer') {
      // The same pcc ID in both VPCs' tables (aliyun-links.md §1.6): the live one, or the create step's.
      if (this.peerings.blocked.has(entry.nextHopId)) return 'blocked';
      const value = this.peerings.values.get(entry.nextHopId);
      if (value !== undefined) {
        const ready = this.peerings.ready.get(entry.nextHopId);
        return ready ? { value, ready } : { value };
      }
      const live = this.c.vpcPeerConnections.get(entry.nextHopId);
      if (live && !this.d.vpcPeerConnections.has(entry.nextHopId)) return { value: entry.nextHopId };
      return undefined;
    }
    if (entry.nextHopType !== 'RouterInterface') return { value: entry.nextHopId };
    const value = this.riValue.get(entry.nextHopId);
    if (value !== undefined) {
      const ready = this.riReadyStep.get(entry.nextHopId);
      return ready ? { value, ready } : { value };
    }
    // A route that names a live interface by its live ID (an imported document) is fine as it is.
    if (this.c.routerInterfaces.has(entry.nextHopId) && !this.d.routerInterfaces.has(entry.nextHopId))
      return { value: entry.nextHopId };
    return undefined;
  }

  private planRoute(
    vpc: Vpc,
    routeTableId: string,
    entry: RouteEntry,
    liveEntries: Map<string, RouteEntry>,
    lastInVpc: Map<string, string>,
  ): void {
    // A route to a transit-router attachment that is not live is left out (CEN_NOT_APPLIED names it).
    if (routeNeedsMissingAttachment(entry, this.current)) return;
    const destination = normaliseCidr(entry.destinationCidrBlock);
    const nextHop = this.nextHopValue(entry);
    if (nextHop === 'blocked') return; // a problem already says why the connection cannot be used
    if (!nextHop && entry.nextHopType === 'VpcPeer') {
      this.problem({
        code: 'PEERING_NEXT_HOP_UNKNOWN',
        severity: 'warning',
        resourceId: routeTableId,
        message: `route ${destination} in ${routeTableId} points at peering connection ${entry.nextHopId}, which neither the document nor the live state has; the route is left out`,
      });
      return;
    }
    if (!nextHop) {
      this.problem({
        code: 'ROUTE_NEXT_HOP_UNKNOWN',
        severity: 'warning',
        resourceId: routeTableId,
        message: `route ${destination} in ${routeTableId} points at ${entry.nextHopId}, which the plan cannot resolve to a live or planned router interface; the route is left out`,
      });
      return;
    }
    const live = liveEntries.get(routeKey(routeTableId, destination));
    if (live && live.nextHopType === entry.nextHopType && live.nextHopId === nextHop.value) return;
    this.touchedVpcs.add(vpc.vpcId);
    const route: RouteRef = {
      routeTableId,
      destinationCidrBlock: destination,
      nextHopType: entry.nextHopType,
      nextHopId: nextHop.value,
    };
    const keyText = `${routeTableId}:${destination}`;
    const chain = (): string[] => {
      const last = lastInVpc.get(vpc.vpcId);
      return last ? [last] : [];
    };
    if (live) {
      this.problem({
        code: 'ROUTE_REPLACED',
        severity: 'warning',
        resourceId: routeTableId,
        message:
          `route ${destination} in ${routeTableId} goes to ${live.nextHopType} ${live.nextHopId} live; ` +
          `the plan replaces it with ${entry.nextHopType} ` +
          (typeof nextHop.value === 'string'
            ? nextHop.value
            : entry.nextHopType === 'VpcPeer'
              ? 'the new peering connection'
              : 'the new interface'),
      });
      const liveRoute = {
        routeTableId,
        destinationCidrBlock: destination,
        nextHopType: live.nextHopType,
        nextHopId: live.nextHopId,
      };
      lastInVpc.set(
        vpc.vpcId,
        this.pushRouteDeletion(
          vpc,
          liveRoute,
          chain(),
          `Delete the live route ${destination} → ${live.nextHopId} in ${routeTableId} (replaced)`,
        ),
      );
    }
    const createId = this.push({
      kind: 'createRouteEntry',
      id: `create-route:${keyText}`,
      accountId: vpc.accountId,
      regionId: vpc.regionId,
      product: 'vpc',
      action: 'CreateRouteEntry',
      params: {
        RegionId: vpc.regionId,
        RouteTableId: routeTableId,
        DestinationCidrBlock: destination,
        NextHopType: entry.nextHopType,
        NextHopId: nextHop.value,
        ...(entry.routeEntryName !== undefined && entry.routeEntryName !== ''
          ? { RouteEntryName: entry.routeEntryName }
          : {}),
        Description: markedDescription(
          typeof (entry as { description?: unknown }).description === 'string'
            ? ((entry as { description?: unknown }).description as string)
            : undefined,
          this.marker,
        ),
      },
      dependsOn: [...chain(), ...(nextHop.ready ? [nextHop.ready] : [])],
      mutating: true,
      route,
      vpcId: vpc.vpcId,
      description:
        `Add route ${destination} → ` +
        (typeof nextHop.value === 'string'
          ? `${entry.nextHopType} ${nextHop.value}`
          : entry.nextHopType === 'VpcPeer'
            ? 'the new peering connection'
            : `the new ${this.d.routerInterfaces.get(entry.nextHopId)?.role === 'AcceptingSide' ? 'acceptor' : 'initiator'}`) +
        ` in ${routeTableId} (${vpc.vpcId}, account ${vpc.accountId}, ${vpc.regionId})`,
    });
    lastInVpc.set(
      vpc.vpcId,
      this.push({
        kind: 'waitRouteEntry',
        id: `wait-route:${keyText}`,
        accountId: vpc.accountId,
        regionId: vpc.regionId,
        product: 'vpc',
        action: 'DescribeRouteEntryList',
        params: { RegionId: vpc.regionId, RouteTableId: routeTableId, DestinationCidrBlock: destination },
        dependsOn: [createId],
        mutating: false,
        route,
        vpcId: vpc.vpcId,
        until: 'Available',
        description: `Wait until ${destination} in ${routeTableId} is Available (next route write in ${vpc.vpcId} waits for it)`,
      }),
    );
  }

  // ---------------------------------------------------------------- security groups

  planSecurityGroups(): void {
    for (const group of this.desired.securityGroups) {
      if (group.permissions.length === 0) continue;
      const vpc = this.d.vpcs.get(group.vpcId);
      if (!vpc) continue;
      const live = this.c.securityGroups.get(group.securityGroupId);
      if (!live) {
        this.problem({
          code: 'SECURITY_GROUP_NOT_LIVE',
          severity: 'error',
          resourceId: group.securityGroupId,
          message: `security group ${group.securityGroupId} (${vpc.vpcId}) is not in the current state of account ${vpc.accountId}, ${vpc.regionId}; its rules cannot be added`,
        });
        continue;
      }
      const present = new Set(live.permissions.map(permissionIdentity));
      for (const direction of ['ingress', 'egress'] as const) {
        const missing: Permission[] = [];
        for (const p of group.permissions) {
          if (p.direction !== direction) continue;
          const identity = permissionIdentity(p);
          if (present.has(identity)) continue;
          present.add(identity); // a duplicate in the document is sent once
          missing.push({ ...p, description: markedDescription(p.description, this.marker) });
        }
        if (missing.length === 0) continue;
        this.touchedVpcs.add(vpc.vpcId);
        pushPermissionSteps(this.steps, 'authorize', vpc, group, direction, missing);
      }
    }
    this.planRuleRemovals();
  }

  /**
   * Rules vpclink added for this document (Description marker, owner.ts) that the document no
   * longer has — in any live group of its accounts, also a group it no longer lists — are revoked.
   * Identity is the cloud's (permissionIdentity): a rule the document still wants stays even if
   * its description changed; a rule without the marker is never revoked here.
   */
  private planRuleRemovals(): void {
    for (const live of this.current.securityGroups) {
      const vpc = this.c.vpcs.get(live.vpcId);
      if (!vpc) continue;
      const wanted = new Set(
        (this.desired.securityGroups.find((g) => g.securityGroupId === live.securityGroupId)?.permissions ?? []).map(
          permissionIdentity,
        ),
      );
      for (const direction of ['ingress', 'egress'] as const) {
        const seen = new Set<string>();
        const stale = live.permissions.filter((p) => {
          const identity = permissionIdentity(p);
          if (p.direction !== direction || !hasMarker(p.description, this.marker) || wanted.has(identity)) return false;
          if (seen.has(identity)) return false;
          seen.add(identity);
          return true;
        });
        if (stale.length === 0) continue;
        this.touchedVpcs.add(vpc.vpcId);
        pushPermissionSteps(this.steps, 'revoke', vpc, live, direction, stale);
      }
    }
  }
}

/** Authorize or revoke steps for one group and direction, ≤100 rules each (aliyun-api.md §5.4). */
export function pushPermissionSteps(
  steps: PlanStep[],
  verb: 'authorize' | 'revoke',
  vpc: Pick<Vpc, 'accountId' | 'regionId'>,
  group: Pick<SecurityGroup, 'securityGroupId'>,
  direction: 'ingress' | 'egress',
  permissions: readonly Permission[],
  dependsOn: readonly string[] = [],
): string[] {
  const ids: string[] = [];
  const chunks = Math.ceil(permissions.length / MAX_PERMISSIONS_PER_CALL);
  for (let n = 0; n < chunks; n++) {
    const chunk = permissions.slice(n * MAX_PERMISSIONS_PER_CALL, (n + 1) * MAX_PERMISSIONS_PER_CALL);
    const id = `${verb}-sg:${group.securityGroupId}:${direction}${chunks > 1 ? `:${n + 1}` : ''}`;
    const action = `${verb === 'authorize' ? 'Authorize' : 'Revoke'}SecurityGroup${direction === 'egress' ? 'Egress' : ''}`;
    const summary = chunk
      .map(
        (p) =>
          `${p.ipProtocol} ${p.portRange} ${direction === 'ingress' ? 'from' : 'to'} ${
            direction === 'ingress'
              ? (p.sourceCidrIp ?? p.ipv6SourceCidrIp ?? p.sourcePrefixListId ?? p.sourceGroupId ?? '?')
              : (p.destCidrIp ?? p.ipv6DestCidrIp ?? p.destPrefixListId ?? p.destGroupId ?? '?')
          }`,
      )
      .slice(0, 3)
      .join(', ');
    const common = {
      id,
      accountId: vpc.accountId,
      regionId: vpc.regionId,
      product: 'ecs' as const,
      action,
      params: {
        RegionId: vpc.regionId,
        SecurityGroupId: group.securityGroupId,
        Permissions: chunk.map(permissionToApi),
      },
      dependsOn,
      mutating: true,
      securityGroupId: group.securityGroupId,
      direction,
      permissions: chunk,
      description:
        `${verb === 'authorize' ? 'Allow' : 'Remove'} ${countOf(chunk.length, `${direction} rule`)} ${verb === 'authorize' ? 'in' : 'from'} ` +
        `${group.securityGroupId}: ${summary}${chunk.length > 3 ? ', …' : ''}`,
    };
    steps.push(
      verb === 'authorize' ? { ...common, kind: 'authorizeSecurityGroup' } : { ...common, kind: 'revokeSecurityGroup' },
    );
    ids.push(id);
  }
  return ids;
}
