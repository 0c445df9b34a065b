/**
 * The kinds of link vpclink can create between two VPCs, offered when one VPC is dropped on
 * another: VPC peering (the default for new designs, aliyun-links.md §1) and the router-interface
 * pair of the seed tutorials. Each says when it is possible, creates itself, and names the next
 * hop each VPC's routes use over it — what connect-by-intent (connectProposal.ts) needs. Only
 * kinds that work are listed: no disabled placeholder in the UI.
 */
import type { Topology, Vpc, VpcPeerConnection } from '../../simulator/document/schema';
import { connectVpcs } from './edits';
import { newId } from './ids';

/** The next hop a VPC's route uses to cross the link (the route entry's NextHopType/NextHopId). */
export interface LinkHop {
  readonly nextHopType: 'RouterInterface' | 'VpcPeer';
  readonly nextHopId: string;
}

export interface LinkCreated {
  readonly doc: Topology;
  /** The resource to select afterwards (the initiator interface, the peering connection). */
  readonly selectId: string;
  /** What the preview calls the new link, e.g. "VPC peering connection pcc-…". */
  readonly description: string;
  /** The next hop of each VPC's routes over the link, by VPC ID. */
  readonly hops: Readonly<Record<string, LinkHop>>;
}

export type LinkKindName = 'vpcPeer' | 'routerInterface';

export interface LinkKind {
  readonly kind: LinkKindName;
  readonly label: string;
  readonly description: string;
  /** Why this kind cannot join the two VPCs, or null when it can. */
  readonly unavailable: (doc: Topology, fromVpcId: string, toVpcId: string) => string | null;
  readonly create: (doc: Topology, fromVpcId: string, toVpcId: string) => LinkCreated | undefined;
}

function bothVpcsProblem(doc: Topology, fromVpcId: string, toVpcId: string): string | null {
  const a = doc.vpcs.find((v) => v.vpcId === fromVpcId);
  const b = doc.vpcs.find((v) => v.vpcId === toVpcId);
  if (!a || !b) return 'both VPCs must be in the document';
  if (a.vpcId === b.vpcId || a.vRouterId === b.vRouterId) return 'a VPC cannot be connected to itself';
  return null;
}

const vpcName = (doc: Topology, id: string) => {
  const vpc = doc.vpcs.find((v) => v.vpcId === id);
  return vpc?.name ?? id;
};

/** The peering connection joining the two VPCs (either way round), if the document has one. */
export function peeringBetween(doc: Topology, a: string, b: string): VpcPeerConnection | undefined {
  return (doc.vpcPeerConnections ?? []).find(
    (p) => (p.vpcId === a && p.acceptingVpcId === b) || (p.vpcId === b && p.acceptingVpcId === a),
  );
}

/** Default bandwidth of an inter-region connection, Mbit/s (aliyun-links.md §1.5). */
export const INTER_REGION_PEERING_BANDWIDTH = 1024;

const PEERING_LINK: LinkKind = {
  kind: 'vpcPeer',
  label: 'VPC peering connection',
  description:
    'One connection both VPCs route through; activates by itself within an account, waits for the other account to accept across accounts.',
  unavailable(doc, fromVpcId, toVpcId) {
    const problem = bothVpcsProblem(doc, fromVpcId, toVpcId);
    if (problem) return problem;
    const existing = peeringBetween(doc, fromVpcId, toVpcId);
    // A second connection between the same VPCs is refused (PEERING_DUPLICATE; ResourceAlreadyExist.VpcPeer, aliyun-links.md §1.9).
    return existing ? `already peered by ${existing.name ?? existing.instanceId}` : null;
  },
  create(doc, fromVpcId, toVpcId) {
    if (PEERING_LINK.unavailable(doc, fromVpcId, toVpcId) !== null) return undefined;
    const a = doc.vpcs.find((v) => v.vpcId === fromVpcId)!;
    const b = doc.vpcs.find((v) => v.vpcId === toVpcId)!;
    const taken = new Set((doc.vpcPeerConnections ?? []).map((p) => p.instanceId));
    const instanceId = newId('pcc', doc, taken);
    // acceptingOwnerUid/acceptingRegionId stay absent: they default to the accepting VPC's
    // account and region (topology-format.md §4.1), so renaming an account cannot leave them stale.
    // Bandwidth is set only across regions, where the API takes it (aliyun-links.md §1.5).
    const connection: VpcPeerConnection = {
      instanceId,
      vpcId: a.vpcId,
      acceptingVpcId: b.vpcId,
      name: `${vpcName(doc, a.vpcId)}-to-${vpcName(doc, b.vpcId)}`,
      ...(a.regionId !== b.regionId ? { bandwidth: INTER_REGION_PEERING_BANDWIDTH } : {}),
    };
    const hop: LinkHop = { nextHopType: 'VpcPeer', nextHopId: instanceId };
    return {
      doc: { ...doc, vpcPeerConnections: [...(doc.vpcPeerConnections ?? []), connection] },
      selectId: instanceId,
      description:
        `VPC peering connection ${connection.name} ` +
        `(${a.accountId === b.accountId ? 'same account' : `accepted by account ${b.accountId}`}` +
        `${a.regionId !== b.regionId ? `, ${a.regionId} to ${b.regionId}, ${INTER_REGION_PEERING_BANDWIDTH} Mbit/s` : `, within ${a.regionId}`})`,
      hops: { [a.vpcId]: hop, [b.vpcId]: hop },
    };
  },
};

const ROUTER_INTERFACE_LINK: LinkKind = {
  kind: 'routerInterface',
  label: 'Router-interface pair (Express Connect)',
  description:
    'An initiator on the first VPC and an acceptor on the second, each pointing at the other; works across accounts and regions.',
  unavailable: bothVpcsProblem,
  create(doc, fromVpcId, toVpcId) {
    const result = connectVpcs(doc, fromVpcId, toVpcId);
    if (!result) return undefined;
    const initiator = result.doc.routerInterfaces.find((r) => r.routerInterfaceId === result.initiatorId)!;
    return {
      doc: result.doc,
      selectId: result.initiatorId,
      description: `router-interface pair ${initiator.name ?? result.initiatorId} (initiator, ${initiator.spec}) and its acceptor`,
      hops: {
        [fromVpcId]: { nextHopType: 'RouterInterface', nextHopId: result.initiatorId },
        [toVpcId]: { nextHopType: 'RouterInterface', nextHopId: result.acceptorId },
      },
    };
  },
};

export const LINK_KINDS: readonly LinkKind[] = [PEERING_LINK, ROUTER_INTERFACE_LINK];

/**
 * The kind the connect dialog starts on: peering for a new design; a document that already links
 * its VPCs with router interfaces only (the seed tutorials) keeps router interfaces.
 */
export function defaultLinkKind(doc: Topology): LinkKindName {
  return doc.routerInterfaces.length > 0 && (doc.vpcPeerConnections ?? []).length === 0 ? 'routerInterface' : 'vpcPeer';
}

// ───────────────────────────── peering connections in the app ─────────────────────────────

/** The document's VPCs by ID (callers drawing many connections pass the index's map instead). */
const vpcsById = (doc: Topology): ReadonlyMap<string, Vpc> => new Map(doc.vpcs.map((v) => [v.vpcId, v]));

/** How the diagram and the inspector show a connection's status. */
export interface PeeringStatusView {
  /** The API's word, or what a design gets when applied. */
  readonly status: string;
  /** True when the document carries no status (a design: Activated once applied, topology-format.md §4.1). */
  readonly asDesigned: boolean;
  /** `active` carries traffic; `pending` waits (Creating, Accepting, Updating); `broken` never will as it is. */
  readonly state: 'active' | 'pending' | 'broken';
  readonly word: string;
}

const PEERING_WORDS: Readonly<Record<string, string>> = {
  Activated: 'Active',
  Creating: 'Being created',
  Accepting: 'Waiting for the other account to accept',
  Updating: 'Updating',
  Rejected: 'Rejected by the other account',
  Expired: 'Expired (not accepted in time)',
  Deleting: 'Being deleted',
  Deleted: 'Deleted',
  Invalid: 'Not usable: a VPC of it is missing',
};

/** The connection's effective status, as the simulator reads it (simulator/reach/steps/routing.ts crossPeering). */
export function peeringStatus(
  doc: Topology,
  connection: VpcPeerConnection,
  vpcs: ReadonlyMap<string, Vpc> = vpcsById(doc),
): PeeringStatusView {
  const bothKnown = vpcs.has(connection.vpcId) && vpcs.has(connection.acceptingVpcId);
  const status = connection.status ?? (bothKnown ? 'Activated' : 'Invalid');
  const state =
    status === 'Activated' && bothKnown
      ? 'active'
      : ['Creating', 'Accepting', 'Updating'].includes(status)
        ? 'pending'
        : 'broken';
  return { status, asDesigned: connection.status === undefined, state, word: PEERING_WORDS[status] ?? status };
}

/** Bandwidth in words: a number of Mbit/s across regions; within one region the API sets no limit (-1, aliyun-links.md §1.5). */
export function peeringBandwidthText(
  doc: Topology,
  connection: VpcPeerConnection,
  vpcs: ReadonlyMap<string, Vpc> = vpcsById(doc),
): string {
  const a = vpcs.get(connection.vpcId);
  const b = vpcs.get(connection.acceptingVpcId);
  const crossRegion = a && b ? a.regionId !== b.regionId : connection.acceptingRegionId !== undefined;
  if (connection.bandwidth === -1 || (!crossRegion && connection.bandwidth === undefined))
    return 'no limit within a region';
  return `${connection.bandwidth ?? INTER_REGION_PEERING_BANDWIDTH} Mbit/s`;
}

/** Replaces fields of one connection (undefined removes the field). */
export function updatePeering(doc: Topology, instanceId: string, patch: Readonly<Record<string, unknown>>): Topology {
  const list = doc.vpcPeerConnections ?? [];
  if (!list.some((p) => p.instanceId === instanceId)) return doc;
  return {
    ...doc,
    vpcPeerConnections: list.map((p) => {
      if (p.instanceId !== instanceId) return p;
      const next: Record<string, unknown> = { ...p };
      for (const [k, v] of Object.entries(patch)) {
        if (v === undefined) delete next[k];
        else next[k] = v;
      }
      return next as VpcPeerConnection;
    }),
  };
}

/** The route entries that send traffic through the connection, with their table and VPC. */
export function routesThroughPeering(
  doc: Topology,
  instanceId: string,
): readonly {
  readonly routeTableId: string;
  readonly vpcId: string;
  readonly index: number;
  readonly destination: string;
}[] {
  return doc.routeTables.flatMap((t) =>
    t.routeEntries.flatMap((e, index) =>
      e.nextHopType === 'VpcPeer' && e.nextHopId === instanceId
        ? [{ routeTableId: t.routeTableId, vpcId: t.vpcId, index, destination: e.destinationCidrBlock }]
        : [],
    ),
  );
}

/**
 * Deletes the connection and the routes through it, as DeleteVpcPeerConnection with Force=true
 * does (aliyun-links.md §1.6): a route left pointing at a deleted connection would be a dangling next hop.
 */
export function removePeering(doc: Topology, instanceId: string): Topology {
  const list = doc.vpcPeerConnections ?? [];
  if (!list.some((p) => p.instanceId === instanceId)) return doc;
  return {
    ...doc,
    vpcPeerConnections: list.filter((p) => p.instanceId !== instanceId),
    routeTables: doc.routeTables.map((t) =>
      t.routeEntries.some((e) => e.nextHopType === 'VpcPeer' && e.nextHopId === instanceId)
        ? {
            ...t,
            routeEntries: t.routeEntries.filter((e) => !(e.nextHopType === 'VpcPeer' && e.nextHopId === instanceId)),
          }
        : t,
    ),
  };
}
