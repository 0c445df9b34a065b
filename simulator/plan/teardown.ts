/**
 * The reverse plans: `planTeardown` (vpclink destroy: remove what the document's interconnection
 * consists of) and `planRollback` (undo exactly what one apply run created, from its journal).
 *
 * Order, aliyun-api.md §3.10 teardown and §3.6: delete the routes that point at the interfaces
 * (an RI referenced by a route cannot be deleted) → deactivate Active interfaces → wait Inactive →
 * delete both ends → wait until Describe no longer returns them. Security-group rules are revoked
 * independently. Routes stay serialised per VPC (§4.2). VPC peering connections (aliyun-links.md
 * §1.6) go the same way: the routes pointing at them first, then delete, then wait until gone.
 */
import type { Permission, RouteEntry, RouterInterface, Topology } from '../document/schema';
import { buildTopologyIndex, effectiveRouterInterfaceStatus, type TopologyIndex } from '../model';
import { finishPlan } from './builder';
import { matchScore, permissionIdentity, routerInterfaceKey, routerInterfaceKeyText } from './identity';
import { pushPermissionSteps } from './permissionSteps';
import { matchRouterInterfaces, pairRouterInterfaces } from './routerInterfaceMatching';
import { hasMarker, ownerMarker } from './owner';
import {
  markedVpcPeerConnections,
  matchVpcPeerConnections,
  pushPeeringTeardown,
  vpcPeerKey,
  vpcPeerKeyText,
  type PeeringTeardownItem,
} from './peeringChanges';
import { planNetworkAclTeardown, pushNetworkAclDeletion, taggedAclId } from './networkAclChanges';
import type { Plan, PlanStep, RouteRef, RouterInterfaceKey, RouterInterfaceTarget, VpcPeerKey } from './types';

/**
 * A resource one apply run created, as its journal records it (cloud/apply). Written when the
 * create step STARTS (IDs may still be unknown), completed when it ends, so a run killed between
 * the call and the journal write still knows to look the resource up and remove it on rollback.
 */
export type CreatedResource =
  | {
      readonly kind: 'routerInterface';
      readonly stepId: string;
      readonly accountId: string;
      readonly regionId: string;
      readonly key: RouterInterfaceKey;
      /** Unknown until the create call answered (or a look-up found it). */
      readonly routerInterfaceId?: string;
    }
  | {
      readonly kind: 'routeEntry';
      readonly stepId: string;
      readonly accountId: string;
      readonly regionId: string;
      readonly vpcId: string;
      readonly routeTableId: string;
      readonly destinationCidrBlock: string;
      readonly nextHopType: string;
      readonly nextHopId: string;
    }
  | {
      readonly kind: 'securityGroupRules';
      readonly stepId: string;
      readonly accountId: string;
      readonly regionId: string;
      readonly securityGroupId: string;
      readonly direction: 'ingress' | 'egress';
      readonly permissions: readonly Permission[];
    }
  | {
      /** A VPC peering connection (aliyun-links.md §1), created in the requester's account. */
      readonly kind: 'vpcPeerConnection';
      readonly stepId: string;
      readonly accountId: string;
      readonly regionId: string;
      readonly key: VpcPeerKey;
      /** Unknown until the create call answered (or a look-up found it). */
      readonly instanceId?: string;
    }
  | {
      readonly kind: 'networkAcl';
      readonly stepId: string;
      readonly accountId: string;
      readonly regionId: string;
      readonly vpcId: string;
      /** `vpclink:<document id> <document ACL id>` in its Description: how it is found without its ID. */
      readonly ownerTag: string;
      /** Unknown until the create call answered (or a look-up found it). */
      readonly networkAclId?: string;
    };

/** The statuses from which an interface must be deactivated before it can be deleted (aliyun-api.md §3.6, §3.9). */
const NEEDS_DEACTIVATION = new Set(['Active', 'Connecting', 'AcceptingConnecting', 'Activating', 'Modifying']);

interface RiTeardownItem {
  readonly accountId: string;
  readonly regionId: string;
  readonly role: 'InitiatingSide' | 'AcceptingSide';
  readonly target: RouterInterfaceTarget;
  /** What the step IDs are keyed on: the natural key, plus the live ID for a duplicate of that key. */
  readonly idKey: string;
  readonly label: string;
  /** Known live status; undefined = decide at run time (rollback). */
  readonly status: string | undefined;
}

/**
 * Deactivate (initiators first, then acceptors) → wait Inactive → delete → wait gone, for a set of
 * interfaces. Every step after the route deletions `afterRoutes`. When `status` is unknown a
 * deactivate step is planned anyway: the executor skips its call if the interface is not Active.
 */
function pushRouterInterfaceTeardown(
  steps: PlanStep[],
  items: readonly RiTeardownItem[],
  afterRoutes: readonly string[],
): void {
  const inactiveWaits: string[] = [];
  for (const role of ['InitiatingSide', 'AcceptingSide'] as const) {
    const previousRoleWaits = [...inactiveWaits];
    for (const item of items.filter((i) => i.role === role)) {
      if (item.status !== undefined && !NEEDS_DEACTIVATION.has(item.status)) continue;
      const keyText = item.idKey;
      const id = `deactivate-ri:${keyText}`;
      steps.push({
        kind: 'deactivateRouterInterface',
        id,
        accountId: item.accountId,
        regionId: item.regionId,
        product: 'vpc',
        action: 'DeactivateRouterInterface',
        params: { RegionId: item.regionId, RouterInterfaceId: item.target.routerInterfaceId ?? '(looked up)' },
        dependsOn: [...afterRoutes, ...previousRoleWaits],
        mutating: true,
        target: item.target,
        description: `Deactivate ${item.label} (skipped if it is no longer Active)`,
      });
      const waitId = `wait-ri-inactive:${keyText}`;
      steps.push({
        kind: 'waitRouterInterface',
        id: waitId,
        accountId: item.accountId,
        regionId: item.regionId,
        product: 'vpc',
        action: 'DescribeRouterInterfaces',
        params: {
          RegionId: item.regionId,
          Filter: [{ Key: 'RouterInterfaceId', Value: [item.target.routerInterfaceId ?? '(looked up)'] }],
        },
        dependsOn: [id],
        mutating: false,
        until: 'Inactive',
        target: item.target,
        description: `Wait until ${item.label} is Inactive`,
      });
      inactiveWaits.push(waitId);
    }
  }
  for (const item of items) {
    if (item.status === 'Deleting') {
      // Already on its way out: only wait.
    } else {
      steps.push({
        kind: 'deleteRouterInterface',
        id: `delete-ri:${item.idKey}`,
        accountId: item.accountId,
        regionId: item.regionId,
        product: 'vpc',
        action: 'DeleteRouterInterface',
        params: { RegionId: item.regionId, RouterInterfaceId: item.target.routerInterfaceId ?? '(looked up)' },
        dependsOn: [...afterRoutes, ...inactiveWaits],
        mutating: true,
        target: item.target,
        description: `Delete ${item.label}`,
      });
    }
    const deleteId = `delete-ri:${item.idKey}`;
    steps.push({
      kind: 'waitRouterInterface',
      id: `wait-ri-gone:${item.idKey}`,
      accountId: item.accountId,
      regionId: item.regionId,
      product: 'vpc',
      action: 'DescribeRouterInterfaces',
      params: {
        RegionId: item.regionId,
        Filter: [{ Key: 'RouterInterfaceId', Value: [item.target.routerInterfaceId ?? '(looked up)'] }],
      },
      dependsOn: item.status === 'Deleting' ? [...afterRoutes, ...inactiveWaits] : [deleteId],
      mutating: false,
      until: 'Deleted',
      target: item.target,
      description: `Wait until ${item.label} is gone`,
    });
  }
}

interface RouteTeardownItem {
  readonly accountId: string;
  readonly regionId: string;
  readonly vpcId: string;
  readonly route: RouteRef & { readonly nextHopId: string };
  readonly note?: string;
}

function routeItem(
  vpc: { readonly accountId: string; readonly regionId: string; readonly vpcId: string },
  routeTableId: string,
  entry: RouteEntry,
  note: string | undefined,
): RouteTeardownItem {
  return {
    accountId: vpc.accountId,
    regionId: vpc.regionId,
    vpcId: vpc.vpcId,
    route: {
      routeTableId,
      destinationCidrBlock: entry.destinationCidrBlock,
      nextHopType: entry.nextHopType,
      nextHopId: entry.nextHopId,
    },
    ...(note !== undefined ? { note } : {}),
  };
}

/** Delete → wait gone, serialised per VPC. Returns the IDs of the final waits. */
function pushRouteTeardown(steps: PlanStep[], items: readonly RouteTeardownItem[]): string[] {
  const lastInVpc = new Map<string, string>();
  for (const item of items) {
    const { route } = item;
    const keyText = `${route.routeTableId}:${route.destinationCidrBlock}`;
    const last = lastInVpc.get(item.vpcId);
    const del = `delete-route:${keyText}`;
    steps.push({
      kind: 'deleteRouteEntry',
      id: del,
      accountId: item.accountId,
      regionId: item.regionId,
      product: 'vpc',
      action: 'DeleteRouteEntry',
      params: {
        RegionId: item.regionId,
        RouteTableId: route.routeTableId,
        DestinationCidrBlock: route.destinationCidrBlock,
        NextHopId: route.nextHopId,
      },
      dependsOn: last ? [last] : [],
      mutating: true,
      route,
      vpcId: item.vpcId,
      description:
        `Delete route ${route.destinationCidrBlock} → ${route.nextHopId} in ${route.routeTableId} ` +
        `(${item.vpcId}, account ${item.accountId}, ${item.regionId})${item.note ? ` ${item.note}` : ''}`,
    });
    const wait = `wait-route-gone:${keyText}`;
    steps.push({
      kind: 'waitRouteEntry',
      id: wait,
      accountId: item.accountId,
      regionId: item.regionId,
      product: 'vpc',
      action: 'DescribeRouteEntryList',
      params: {
        RegionId: item.regionId,
        RouteTableId: route.routeTableId,
        DestinationCidrBlock: route.destinationCidrBlock,
      },
      dependsOn: [del],
      mutating: false,
      route,
      vpcId: item.vpcId,
      until: 'Deleted',
      description: `Wait until ${route.destinationCidrBlock} is gone from ${route.routeTableId}`,
    });
    lastInVpc.set(item.vpcId, wait);
  }
  return [...lastInVpc.values()];
}

/**
 * What `vpclink destroy FILE` does: remove the document's router-interface pairs that exist live
 * (matched by natural key, like apply), every live route pointing at them (they would block the
 * delete, §3.6), and the document's security-group rules that are present live. VPCs, vSwitches,
 * groups and instances are never touched.
 */
export function planTeardown(
  desired: Topology,
  current: Topology,
  options: {
    readonly reachabilityDelta?: boolean;
    readonly tokenSalt?: string;
    /** Live interface and peering-connection IDs that journals record as made by vpclink for this document (removed even when off-key). */
    readonly owned?: readonly string[];
  } = {},
): Plan {
  const c = buildTopologyIndex(current);
  const marker = ownerMarker(desired);
  const matches = matchRouterInterfaces(desired.routerInterfaces, current.routerInterfaces);
  const { doomed, riItems } = doomedRouterInterfaces(desired, current, c, matches, options.owned ?? []);
  const touched = new Set<string>();
  for (const live of doomed.values()) {
    const vpc = c.vpcByRouterId.get(live.routerId);
    if (vpc) touched.add(vpc.vpcId);
  }
  const peerItems = doomedPeerings(desired, current, marker, options.owned ?? []);
  const doomedPeers = new Set(peerItems.map((item) => item.peering.instanceId as string));
  for (const item of peerItems) {
    touched.add(item.peering.key.vpcId);
    touched.add(item.peering.key.acceptingVpcId);
  }
  const { routeItems, removedRoutes } = doomedRoutes(desired, current, c, marker, { doomed, doomedPeers });

  // Routes first (they would block the deletes), then the interfaces and peerings they point at.
  const steps: PlanStep[] = [];
  const routeWaits = pushRouteTeardown(steps, routeItems);
  pushRouterInterfaceTeardown(steps, riItems, routeWaits);
  pushPeeringTeardown((step) => steps.push(step), peerItems, routeWaits);
  const revoked = pushRuleRevokes(steps, desired, current, c, marker, touched);

  // Network ACLs vpclink made for this document (tagged); never an ACL without the tag.
  const acls = planNetworkAclTeardown(current, marker);
  steps.push(...acls.steps);
  for (const vpcId of acls.touchedVpcIds) touched.add(vpcId);

  const after = stateAfterTeardown(current, marker, { doomed, doomedPeers, removedRoutes, revoked });
  return finishPlan({
    operation: 'destroy',
    steps,
    problems: [],
    routerInterfaceIds: Object.fromEntries([...matches].map(([docId, live]) => [docId, live.routerInterfaceId])),
    vpcPeerConnectionIds: Object.fromEntries(
      [...matchVpcPeerConnections(desired, current, c)].map(([docId, live]) => [docId, live.instanceId]),
    ),
    ...(options.tokenSalt !== undefined ? { tokenSalt: options.tokenSalt } : {}),
    ...(options.reachabilityDelta === false ? {} : { delta: { before: current, after, touchedVpcIds: touched } }),
  });
}

/**
 * The live interfaces destroy removes (live ID → interface) and how their steps name them: the
 * document's pairs matched by natural key, every other live interface with the same key (a
 * duplicate), and those a journal records as made for this document.
 */
function doomedRouterInterfaces(
  desired: Topology,
  current: Topology,
  c: TopologyIndex,
  matches: ReadonlyMap<string, RouterInterface>,
  owned: readonly string[],
): { doomed: Map<string, RouterInterface>; riItems: RiTeardownItem[] } {
  const { pairs } = pairRouterInterfaces(desired.routerInterfaces);
  const doomed = new Map<string, RouterInterface>(); // live ID → live RI
  const riItems: RiTeardownItem[] = [];
  const doom = (live: RouterInterface, key: RouterInterfaceKey, idKey: string, documentId?: string): void => {
    doomed.set(live.routerInterfaceId, live);
    const side = live.role === 'InitiatingSide' ? 'initiator' : 'acceptor';
    riItems.push({
      accountId: live.accountId,
      regionId: live.regionId,
      role: live.role,
      idKey,
      target: {
        routerInterfaceId: live.routerInterfaceId,
        key,
        ...(documentId !== undefined ? { documentId } : {}),
      },
      label: `${live.routerInterfaceId} (${side}, account ${live.accountId}, ${live.regionId})`,
      status: effectiveRouterInterfaceStatus(live, c),
    });
  };
  for (const pair of pairs) {
    for (const doc of pair) {
      const key = routerInterfaceKey(doc);
      const keyText = routerInterfaceKeyText(key);
      const live = matches.get(doc.routerInterfaceId);
      if (live) doom(live, key, keyText, doc.routerInterfaceId);
      // Every OTHER live interface with the same natural key is a duplicate (a concurrent or
      // interrupted run's, a retried create): billed like the first, so it goes too. When the
      // document knows the peer router, only exact matches (same peer) count (vpclink always
      // creates with the peer set, planChanges), so a hand-made interface facing elsewhere stays.
      for (const other of current.routerInterfaces) {
        if (doomed.has(other.routerInterfaceId)) continue;
        const score = matchScore(key, other);
        if (score === 2 || (score === 1 && key.oppositeRouterId === undefined))
          doom(other, key, `${keyText}:${other.routerInterfaceId}`);
      }
    }
  }
  // Interfaces a journal records as created for this document, wherever they are now.
  for (const id of owned) {
    const live = current.routerInterfaces.find((ri) => ri.routerInterfaceId === id);
    if (!live || doomed.has(id)) continue;
    const key = routerInterfaceKey(live);
    doom(live, key, `${routerInterfaceKeyText(key)}:${id}`);
  }
  return { doomed, riItems };
}

/**
 * The live routes destroy removes: every route through an interface or peering being deleted
 * (it would block the delete, §3.6), then every route vpclink marked as made for this document,
 * wherever it points.
 */
function doomedRoutes(
  desired: Topology,
  current: Topology,
  c: TopologyIndex,
  marker: string,
  gone: { readonly doomed: ReadonlyMap<string, RouterInterface>; readonly doomedPeers: ReadonlySet<string> },
): { routeItems: RouteTeardownItem[]; removedRoutes: Set<RouteEntry> } {
  const desiredRouteKeys = new Set(
    desired.routeTables.flatMap((t) => t.routeEntries.map((e) => `${t.routeTableId}|${e.destinationCidrBlock}`)),
  );
  const routeItems: RouteTeardownItem[] = [];
  const removedRoutes = new Set<RouteEntry>();
  for (const table of current.routeTables) {
    const vpc = c.vpcs.get(table.vpcId);
    if (!vpc) continue;
    for (const entry of table.routeEntries) {
      const viaDoomed =
        (entry.nextHopType === 'RouterInterface' && gone.doomed.has(entry.nextHopId)) ||
        (entry.nextHopType === 'VpcPeer' && gone.doomedPeers.has(entry.nextHopId));
      if (!viaDoomed) continue;
      removedRoutes.add(entry);
      const target = entry.nextHopType === 'VpcPeer' ? 'a peering connection' : 'an interface';
      routeItems.push(
        routeItem(
          vpc,
          table.routeTableId,
          entry,
          desiredRouteKeys.has(`${table.routeTableId}|${entry.destinationCidrBlock}`)
            ? undefined
            : `(not in the document: it points at ${target} being deleted)`,
        ),
      );
    }
  }
  for (const table of current.routeTables) {
    const vpc = c.vpcs.get(table.vpcId);
    if (!vpc) continue;
    for (const entry of table.routeEntries) {
      if (removedRoutes.has(entry) || !hasMarker((entry as { description?: unknown }).description, marker)) continue;
      removedRoutes.add(entry);
      routeItems.push(routeItem(vpc, table.routeTableId, entry, '(made by vpclink for this document)'));
    }
  }
  return { routeItems, removedRoutes };
}

/**
 * Rules: the document's rules that are live, and every live rule vpclink marked as made for this
 * document (owner.ts), also in groups the document no longer lists. Returns group → identities revoked.
 */
function pushRuleRevokes(
  steps: PlanStep[],
  desired: Topology,
  current: Topology,
  c: TopologyIndex,
  marker: string,
  touched: Set<string>,
): Map<string, Set<string>> {
  const revoked = new Map<string, Set<string>>();
  for (const live of current.securityGroups) {
    const group = desired.securityGroups.find((g) => g.securityGroupId === live.securityGroupId);
    const vpc = c.vpcs.get(live.vpcId) ?? (group ? c.vpcs.get(group.vpcId) : undefined);
    if (!vpc) continue;
    const present = new Set(live.permissions.map(permissionIdentity));
    const marked = live.permissions.filter((p) => hasMarker(p.description, marker));
    const done = new Set<string>();
    for (const direction of ['ingress', 'egress'] as const) {
      const remove = [...(group?.permissions ?? []), ...marked].filter((p) => {
        const identity = permissionIdentity(p);
        if (p.direction !== direction || !present.has(identity) || done.has(identity)) return false;
        done.add(identity);
        return true;
      });
      if (remove.length === 0) continue;
      touched.add(vpc.vpcId);
      pushPermissionSteps(steps, 'revoke', vpc, live, direction, remove);
    }
    if (done.size) revoked.set(live.securityGroupId, done);
  }
  return revoked;
}

/** The live state once destroy has run: what the reachability delta compares with the state before. */
function stateAfterTeardown(
  current: Topology,
  marker: string,
  gone: {
    readonly doomed: ReadonlyMap<string, RouterInterface>;
    readonly doomedPeers: ReadonlySet<string>;
    readonly removedRoutes: ReadonlySet<RouteEntry>;
    readonly revoked: ReadonlyMap<string, ReadonlySet<string>>;
  },
): Topology {
  return {
    ...current,
    routerInterfaces: current.routerInterfaces.filter((ri) => !gone.doomed.has(ri.routerInterfaceId)),
    ...(current.vpcPeerConnections
      ? { vpcPeerConnections: current.vpcPeerConnections.filter((p) => !gone.doomedPeers.has(p.instanceId)) }
      : {}),
    routeTables: current.routeTables.map((t) => ({
      ...t,
      routeEntries: t.routeEntries.filter((e) => !gone.removedRoutes.has(e)),
    })),
    securityGroups: current.securityGroups.map((g) => {
      const revoked = gone.revoked.get(g.securityGroupId);
      return revoked ? { ...g, permissions: g.permissions.filter((p) => !revoked.has(permissionIdentity(p))) } : g;
    }),
    ...(current.networkAcls
      ? { networkAcls: current.networkAcls.filter((a) => taggedAclId(a.description, marker) === undefined) }
      : {}),
  };
}

/**
 * Undo one run: delete the routes it created, deactivate and delete the interfaces it created,
 * revoke the rules it added — never anything it did not create. Resources whose ID the run never
 * learnt are looked up by natural key at run time. Pure: no current state needed (each step checks
 * the live status when it runs).
 */
export function planRollback(created: readonly CreatedResource[], options: { readonly tokenSalt?: string } = {}): Plan {
  const steps: PlanStep[] = [];
  const routes: RouteTeardownItem[] = [];
  const ris: RiTeardownItem[] = [];
  const peers: PeeringTeardownItem[] = [];
  const aclSteps: PlanStep[] = [];
  const seen = new Set<string>();
  // Newest first: the reverse of creation.
  for (const item of [...created].reverse()) {
    if (seen.has(item.stepId)) continue;
    seen.add(item.stepId);
    switch (item.kind) {
      case 'routeEntry':
        routes.push({
          accountId: item.accountId,
          regionId: item.regionId,
          vpcId: item.vpcId,
          route: {
            routeTableId: item.routeTableId,
            destinationCidrBlock: item.destinationCidrBlock,
            nextHopType: item.nextHopType,
            nextHopId: item.nextHopId,
          },
        });
        break;
      case 'routerInterface':
        ris.push({
          accountId: item.accountId,
          regionId: item.regionId,
          role: item.key.role,
          target: { routerInterfaceId: item.routerInterfaceId, key: item.key },
          // Two records of one key (runs inherited by a re-plan) must not share step IDs.
          idKey: ris.some((r) => r.idKey === routerInterfaceKeyText(item.key))
            ? `${routerInterfaceKeyText(item.key)}:${item.routerInterfaceId ?? item.stepId}`
            : routerInterfaceKeyText(item.key),
          label:
            `${item.routerInterfaceId ?? `the ${item.key.role === 'InitiatingSide' ? 'initiator' : 'acceptor'} this run created on ${item.key.routerId}`} ` +
            `(account ${item.accountId}, ${item.regionId})`,
          status: undefined,
        });
        break;
      case 'securityGroupRules':
        break;
      case 'vpcPeerConnection': {
        const keyText = vpcPeerKeyText(item.key);
        peers.push({
          peering: { instanceId: item.instanceId, key: item.key },
          // Two records of one key (runs inherited by a re-plan) must not share step IDs.
          idKey: peers.some((p) => p.idKey === keyText) ? `${keyText}:${item.instanceId ?? item.stepId}` : keyText,
          status: undefined,
        });
        break;
      }
      case 'networkAcl':
        // Delete (its vSwitches unbound first) what the run created; found by its tag when the ID was never learnt.
        pushNetworkAclDeletion(
          aclSteps,
          { accountId: item.accountId, regionId: item.regionId },
          { networkAclId: item.networkAclId, vpcId: item.vpcId, ownerTag: item.ownerTag },
          item.networkAclId ?? item.stepId,
          [],
          'created by the run being rolled back',
        );
        break;
      default: {
        const never: never = item;
        throw new Error(`unexpected created resource ${JSON.stringify(never)}`);
      }
    }
  }
  const routeWaits = pushRouteTeardown(steps, routes);
  pushRouterInterfaceTeardown(steps, ris, routeWaits);
  pushPeeringTeardown((step) => steps.push(step), peers, routeWaits);
  const revokedGroups = new Set<string>();
  for (const item of created) {
    if (item.kind !== 'securityGroupRules' || item.permissions.length === 0) continue;
    if (revokedGroups.has(`${item.securityGroupId}|${item.direction}`)) continue;
    revokedGroups.add(`${item.securityGroupId}|${item.direction}`);
    const all = created
      .filter(
        (c): c is Extract<CreatedResource, { kind: 'securityGroupRules' }> =>
          c.kind === 'securityGroupRules' &&
          c.securityGroupId === item.securityGroupId &&
          c.direction === item.direction,
      )
      .flatMap((c) => c.permissions);
    pushPermissionSteps(steps, 'revoke', item, item, item.direction, all);
  }
  steps.push(...aclSteps);
  return finishPlan({
    operation: 'rollback',
    steps,
    problems: [],
    routerInterfaceIds: {},
    ...(options.tokenSalt !== undefined ? { tokenSalt: options.tokenSalt } : {}),
  });
}

/**
 * The live peering connections a destroy removes: those matching the document's connections (by
 * the VPCs they join, either direction — the API allows one per pair, aliyun-links.md §1.9), every
 * other live one joining the same VPCs, those a journal records as created for this document
 * (`owned`), and those whose Description carries this document's marker. One already
 * `Deleting` is only waited for (pushPeeringTeardown).
 */
function doomedPeerings(
  desired: Topology,
  current: Topology,
  marker: string,
  owned: readonly string[],
): PeeringTeardownItem[] {
  const c = buildTopologyIndex(current);
  const d = buildTopologyIndex(desired);
  const pairs = new Set(
    (desired.vpcPeerConnections ?? []).flatMap((p) => [
      `${p.vpcId}|${p.acceptingVpcId}`,
      `${p.acceptingVpcId}|${p.vpcId}`,
    ]),
  );
  const byDocument = new Map(
    [...matchVpcPeerConnections(desired, current, c)].map(([docId, live]) => [live.instanceId, docId]),
  );
  const marked = new Set(markedVpcPeerConnections(current, marker).map((p) => p.instanceId));
  const items: PeeringTeardownItem[] = [];
  const keys = new Set<string>();
  for (const live of current.vpcPeerConnections ?? []) {
    if (live.status === 'Deleted') continue;
    const mine =
      pairs.has(`${live.vpcId}|${live.acceptingVpcId}`) ||
      owned.includes(live.instanceId) ||
      marked.has(live.instanceId);
    if (!mine) continue;
    const key = vpcPeerKey(live, c) ?? vpcPeerKey(live, d);
    if (!key) continue;
    const keyText = vpcPeerKeyText(key);
    const documentId = byDocument.get(live.instanceId);
    items.push({
      peering: { instanceId: live.instanceId, key, ...(documentId !== undefined ? { documentId } : {}) },
      idKey: keys.has(keyText) ? `${keyText}:${live.instanceId}` : keyText,
      status: live.status,
    });
    keys.add(keyText);
  }
  return items;
}
