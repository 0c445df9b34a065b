/**
 * Make-before-break migration of a router-interface link to VPC peering (issue 12 "Migration"):
 * a sequence of document states, each one API transition away from the previous, with a proof
 * from the simulator that every flow reachable before the migration is still reachable after
 * EVERY state:
 *
 *   1. create the peering between the two VPCs (same account: it activates by itself; across
 *      accounts it waits in `Accepting`, aliyun-links.md §1.4) and 2. have the accepter accept it;
 *   3. switch each route whose next hop is one of the two router interfaces, in both VPCs, to the
 *      peering, one route at a time (the same pcc ID in both VPCs' tables, §1.6), through bridge
 *      routes so that no moment lacks a route (migrateRoutes.ts) — a switch that would break a flow
 *      is put back and another route tried first (reordered); when no route can go next, the
 *      migration is refused naming the flow;
 *   4. remove the router-interface pair (only once no route uses it).
 *
 * Pure (design.md §1): no clock, no I/O; the same document gives the same plan.
 */
import type { RouterInterface, Topology, Vpc, VpcPeerConnection } from '../document/schema';
import { routerInterfaceCost } from './builder';
import { pairRouterInterfaces } from './routerInterfaceMatching';
import { flowKey, MigrationProver, type MigrationFlow } from './migrateProof';
import { routeMoveStates, type RouteMoveKind } from './migrateRoutes';

export type { MigrationFlow } from './migrateProof';

export type MigrationStepKind = 'createPeering' | 'acceptPeering' | RouteMoveKind | 'removeRouterInterfaces';

/** A route moved from the router interface to the peering. */
export interface SwitchedRoute {
  readonly vpcId: string;
  readonly routeTableId: string;
  readonly destinationCidrBlock: string;
  readonly fromNextHop: { readonly nextHopType: string; readonly nextHopId: string };
  readonly toNextHop: { readonly nextHopType: 'VpcPeer'; readonly nextHopId: string };
}

export interface MigrationStep {
  /** 1-based position in the plan. */
  readonly index: number;
  readonly kind: MigrationStepKind;
  /** The account whose credentials act (the accepter's for `acceptPeering`). */
  readonly accountId: string;
  readonly description: string;
  /** The route being moved (the four route steps of one route name the same one). */
  readonly route?: SwitchedRoute;
  /** The two halves of the route's destination, for the bridge steps. */
  readonly bridge?: readonly [string, string];
  /** The document once the step is done. */
  readonly document: Topology;
  /**
   * For `removeRouterInterfaces`: the document whose `vpclink destroy` removes the pair and nothing
   * else (pairDocument).
   */
  readonly teardownDocument?: Topology;
  /** The proof for this state: how many flows were checked; every one is still reachable. */
  readonly proof: { readonly flowsChecked: number; readonly flowsKept: number };
}

export interface MigrationLink {
  readonly routerInterfaceIds: readonly [string, string];
  /** The two VPCs: the initiator's first (it becomes the peering's requester). */
  readonly vpcIds: readonly [string, string];
}

export type MigrationResult =
  | {
      readonly kind: 'planned';
      readonly link: MigrationLink;
      readonly peering: VpcPeerConnection;
      /** Flows reachable before the migration: each is reachable after every step. */
      readonly flows: readonly MigrationFlow[];
      readonly steps: readonly MigrationStep[];
      /** Routes switched later than their natural order because switching them earlier broke a flow. */
      readonly reordered: readonly string[];
    }
  | {
      readonly kind: 'refused';
      readonly code: MigrationRefusalCode;
      readonly message: string;
      /** The flow that no remaining step keeps (MIGRATION_BREAKS_FLOW). */
      readonly flow?: MigrationFlow;
      /** The steps that were proven before the refusal. */
      readonly steps: readonly MigrationStep[];
    };

/** The migration's codes, one catalogue (the README table is generated from it). */
export const MIGRATION_CODES = {
  MIGRATION_LINK_NOT_FOUND: {
    summary: 'The link to migrate is not a router interface of the document (exit 2).',
    fix: 'Give the ID of either router interface of the pair (`vpclink validate FILE` lists them).',
  },
  MIGRATION_LINK_INCOMPLETE: {
    summary:
      'The router interface has no partner in the document, or one of its ends is not on a VPC of the document (a VBR): there is no VPC-to-VPC link to migrate.',
    fix: 'Import both accounts of the link (`vpclink import --account A --account B`) and plan from that document.',
  },
  MIGRATION_BREAKS_FLOW: {
    summary:
      'Every remaining step would make a flow that is reachable today unreachable; the message names the flow and the step.',
    fix: 'Run `vpclink check` on the step’s document for the flow to see its blockers; give that flow another path first, or migrate by hand.',
  },
  MIGRATION_ROUTE_OWNERSHIP_ASSUMED: {
    summary:
      'A warning on a migration that deletes routes: the listed DeleteRouteEntry calls assume vpclink made those ' +
      'routes (its ownership marker); `vpclink apply` never deletes a route made elsewhere, and would then replace it ' +
      'at the addRoute step, a delete before a create.',
    fix: 'Apply the document that made the routes first (`vpclink apply`), or delete the router-interface routes by hand at their removeRoute step.',
  },
} as const;
export type MigrationCode = keyof typeof MIGRATION_CODES;

export type MigrationRefusalCode = Exclude<MigrationCode, 'MIGRATION_ROUTE_OWNERSHIP_ASSUMED'>;

export interface MigrationOptions {
  /** The ID the planned peering carries in the document states (the real one comes from the cloud). Default `pcc-planned-<initiator RI>`. */
  readonly peeringId?: string;
}

/** Builds the migration of the link that `linkId` (either router interface of the pair) names. */
export function planMigrationToPeering(
  document: Topology,
  linkId: string,
  options: MigrationOptions = {},
): MigrationResult {
  const found = findLink(document, linkId);
  if (found.kind === 'refused') return { ...found, steps: [] };
  const { initiator, acceptor, requesterVpc, accepterVpc } = found;
  const riIds = new Set([initiator.routerInterfaceId, acceptor.routerInterfaceId]);
  const prover = new MigrationProver(document);
  const steps: MigrationStep[] = [];
  const total = prover.baseline.length;
  const accept = (step: Omit<MigrationStep, 'index' | 'proof'>): MigrationFlow[] => {
    const broken = prover.broken(step.document);
    if (broken.length) return broken;
    prover.accept(step.document);
    steps.push({ ...step, index: steps.length + 1, proof: { flowsChecked: total, flowsKept: total } });
    return [];
  };
  /** Proves every state of a group against the last accepted one; all are taken, or none. */
  const acceptAll = (
    group: ReadonlyArray<Omit<MigrationStep, 'index' | 'proof'>>,
  ): { flow: MigrationFlow; what: string } | undefined => {
    for (const step of group) {
      const broken = prover.broken(step.document);
      if (broken.length) return { flow: broken[0]!, what: `the step "${step.description}"` };
    }
    for (const step of group) accept(step);
    return undefined;
  };
  const refuse = (flow: MigrationFlow, what: string): MigrationResult => ({
    kind: 'refused',
    code: 'MIGRATION_BREAKS_FLOW',
    message: `${what} would make ${flowKey(flow)} unreachable, and no other order keeps it reachable`,
    flow,
    steps,
  });

  // 1–2. The peering: an existing one between the two VPCs is reused, else one is created.
  const { existing, planned } = migrationPeering(document, found, initiator, options);
  const sameAccount = requesterVpc.accountId === accepterVpc.accountId;
  let state = document;
  const withPeering = (status: string): Topology => ({
    ...state,
    vpcPeerConnections: [
      ...(state.vpcPeerConnections ?? []).filter((p) => p.instanceId !== planned.instanceId),
      { ...planned, status },
    ],
  });
  if (!existing || (existing.status ?? 'Activated') !== 'Activated') {
    if (!existing) {
      const next = withPeering(sameAccount ? 'Activated' : 'Accepting');
      const broken = accept({
        kind: 'createPeering',
        accountId: requesterVpc.accountId,
        description:
          `create VPC peering ${planned.instanceId} from ${requesterVpc.vpcId} to ${accepterVpc.vpcId}` +
          (sameAccount
            ? ' (same account: it activates by itself)'
            : ` (waits in Accepting for account ${accepterVpc.accountId})`),
        document: next,
      });
      if (broken.length) return refuse(broken[0]!, `creating the peering`);
      state = next;
    }
    if (!sameAccount || existing) {
      const next = withPeering('Activated');
      const broken = accept({
        kind: 'acceptPeering',
        accountId: accepterVpc.accountId,
        description: `account ${accepterVpc.accountId} accepts ${planned.instanceId}; wait until Activated`,
        document: next,
      });
      if (broken.length) return refuse(broken[0]!, `activating the peering`);
      state = next;
    }
  }

  // 3. The routes, one at a time, the initiator's VPC first (natural order), reordered when needed.
  const pending = routesThrough(state, riIds, [requesterVpc.vpcId, accepterVpc.vpcId]);
  const reordered: string[] = [];
  while (pending.length) {
    let moved = -1;
    let firstBroken: { flow: MigrationFlow; what: string } | undefined;
    for (const [i, route] of pending.entries()) {
      const toNextHop = { nextHopType: 'VpcPeer', nextHopId: planned.instanceId } as const;
      const group = routeMoveStates(state, route, planned.instanceId).map((move) => ({
        kind: move.kind,
        accountId: vpcAccount(state, route.vpcId),
        description: move.description,
        route: { ...route, toNextHop },
        ...(move.bridge ? { bridge: move.bridge } : {}),
        document: move.document,
      }));
      const broken = acceptAll(group);
      if (broken) {
        firstBroken ??= broken;
        continue;
      }
      state = group.at(-1)!.document;
      moved = i;
      break;
    }
    if (moved < 0) return refuse(firstBroken!.flow, firstBroken!.what);
    if (moved > 0)
      for (const r of pending.slice(0, moved)) if (!reordered.includes(routeName(r))) reordered.push(routeName(r));
    pending.splice(moved, 1);
  }

  // 4. The router-interface pair, once nothing routes through it.
  const without: Topology = {
    ...state,
    routerInterfaces: state.routerInterfaces.filter((ri) => !riIds.has(ri.routerInterfaceId)),
  };
  const broken = accept({
    kind: 'removeRouterInterfaces',
    accountId: initiator.accountId,
    description: `deactivate and delete the router interfaces ${initiator.routerInterfaceId} and ${acceptor.routerInterfaceId}`,
    document: without,
    teardownDocument: pairDocument(document, initiator, acceptor),
  });
  if (broken.length) return refuse(broken[0]!, 'removing the router interfaces');

  return {
    kind: 'planned',
    link: {
      routerInterfaceIds: [initiator.routerInterfaceId, acceptor.routerInterfaceId],
      vpcIds: [requesterVpc.vpcId, accepterVpc.vpcId],
    },
    peering: { ...planned, status: 'Activated' },
    flows: prover.baseline,
    steps,
    reordered,
  };
}

/**
 * The peering a migration moves the link onto: an existing one between the two VPCs (reused), or
 * the one to create. A rejected, expired or deleting one can never carry traffic again
 * (aliyun-links.md §1.4), so it is not reused.
 */
function migrationPeering(
  document: Topology,
  vpcs: { readonly requesterVpc: Vpc; readonly accepterVpc: Vpc },
  initiator: RouterInterface,
  options: MigrationOptions,
): { existing: VpcPeerConnection | undefined; planned: VpcPeerConnection } {
  const { requesterVpc, accepterVpc } = vpcs;
  const existing = (document.vpcPeerConnections ?? []).find(
    (p) =>
      (p.status === undefined || ['Creating', 'Accepting', 'Updating', 'Activated'].includes(p.status)) &&
      ((p.vpcId === requesterVpc.vpcId && p.acceptingVpcId === accepterVpc.vpcId) ||
        (p.vpcId === accepterVpc.vpcId && p.acceptingVpcId === requesterVpc.vpcId)),
  );
  const crossRegion = requesterVpc.regionId !== accepterVpc.regionId;
  const planned: VpcPeerConnection = existing ?? {
    instanceId: options.peeringId ?? `pcc-planned-${initiator.routerInterfaceId}`,
    vpcId: requesterVpc.vpcId,
    acceptingVpcId: accepterVpc.vpcId,
    name: `migrated-from-${initiator.routerInterfaceId}`,
    acceptingOwnerUid: accepterVpc.accountId,
    acceptingRegionId: accepterVpc.regionId,
    // The link's bandwidth between regions (the initiator's spec); unlimited within one (§1.5).
    ...(crossRegion ? { bandwidth: routerInterfaceCost(initiator.spec).bandwidthMbps || 1024 } : {}),
  };
  return { existing, planned };
}

/**
 * The router-interface pair alone, as a document `vpclink destroy` takes: the VPCs, tables (no
 * routes), groups (no rules) and instances around it, no peering, no data-plane arrays. Its name
 * differs from the migrated document's, so its ownership marker (owner.ts: a hash of name and
 * accounts) is on nothing: destroy removes the pair, matched by natural key, and nothing that
 * carries the original document's marker (the new peering, its routes, the rules).
 */
function pairDocument(before: Topology, initiator: RouterInterface, acceptor: RouterInterface): Topology {
  return {
    format: before.format,
    version: before.version,
    name: `${before.name ?? 'vpclink'} — router-interface pair ${initiator.routerInterfaceId} + ${acceptor.routerInterfaceId}`,
    accounts: before.accounts,
    vpcs: before.vpcs,
    vSwitches: before.vSwitches,
    routeTables: before.routeTables.map((t) => ({ ...t, routeEntries: [] })),
    routerInterfaces: [initiator, acceptor],
    securityGroups: before.securityGroups.map((g) => ({ ...g, permissions: [] })),
    instances: before.instances,
  };
}

type VpcOf = Topology['vpcs'][number];

type FoundLink =
  | {
      readonly kind: 'found';
      readonly initiator: RouterInterface;
      readonly acceptor: RouterInterface;
      readonly requesterVpc: VpcOf;
      readonly accepterVpc: VpcOf;
    }
  | { readonly kind: 'refused'; readonly code: MigrationRefusalCode; readonly message: string };

function findLink(document: Topology, linkId: string): FoundLink {
  const ri = document.routerInterfaces.find((r) => r.routerInterfaceId === linkId);
  if (!ri)
    return {
      kind: 'refused',
      code: 'MIGRATION_LINK_NOT_FOUND',
      message: `${linkId} is not a router interface of the document (give either end of the pair)`,
    };
  const pair = pairRouterInterfaces(document.routerInterfaces).pairs.find((p) => p.includes(ri));
  if (!pair)
    return {
      kind: 'refused',
      code: 'MIGRATION_LINK_INCOMPLETE',
      message: `${linkId} has no partner interface in the document pointing back at it; there is no link to migrate`,
    };
  const initiator = pair.find((r) => r.role === 'InitiatingSide') ?? pair[0];
  const acceptor = pair.find((r) => r !== initiator)!;
  const vpcOf = (r: RouterInterface) => document.vpcs.find((v) => v.vRouterId === r.routerId);
  const requesterVpc = vpcOf(initiator);
  const accepterVpc = vpcOf(acceptor);
  if (!requesterVpc || !accepterVpc)
    return {
      kind: 'refused',
      code: 'MIGRATION_LINK_INCOMPLETE',
      message: `${!requesterVpc ? initiator.routerInterfaceId : acceptor.routerInterfaceId} is not on the vRouter of a VPC of the document (a VBR?); only VPC-to-VPC links can become a peering`,
    };
  return { kind: 'found', initiator, acceptor, requesterVpc, accepterVpc };
}

type PendingRoute = Omit<SwitchedRoute, 'toNextHop'>;

function routesThrough(document: Topology, riIds: ReadonlySet<string>, vpcOrder: readonly string[]): PendingRoute[] {
  const out: PendingRoute[] = [];
  for (const vpcId of vpcOrder)
    for (const table of document.routeTables.filter((t) => t.vpcId === vpcId))
      for (const entry of table.routeEntries)
        if (entry.nextHopType === 'RouterInterface' && riIds.has(entry.nextHopId))
          out.push({
            vpcId,
            routeTableId: table.routeTableId,
            destinationCidrBlock: entry.destinationCidrBlock,
            fromNextHop: { nextHopType: entry.nextHopType, nextHopId: entry.nextHopId },
          });
  return out;
}

function vpcAccount(document: Topology, vpcId: string): string {
  return document.vpcs.find((v) => v.vpcId === vpcId)!.accountId;
}

function routeName(route: PendingRoute): string {
  return `${route.routeTableId} ${route.destinationCidrBlock}`;
}
