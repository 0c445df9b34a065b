/**
 * The route part of the sweep: for one route table, the set of instances (by position) whose
 * address the table delivers to them, and the subset it delivers only through a next hop
 * vpclink does not simulate (`undetermined`). A pair needs the source's table to deliver the
 * destination (request) and the destination's table to deliver the source (reply).
 */
import { isPairingConsistent } from '../../model/pairing';
import type { Compiled, TableInfo, VSwitchInfo, VpcInfo } from '../compile';
import type { Painter } from './positions';

export interface RouteBits {
  /** No definite blocker on the way: delivered. */
  readonly delivers: Uint32Array;
  /** Delivered only through a next hop that is not simulated (a subset of `delivers`). */
  readonly unsimulated: Uint32Array;
  readonly anyUnsimulated: boolean;
  /** The words of `delivers` that are not zero (a table delivers to a few VPCs of many). */
  readonly support: Int32Array;
}

/**
 * What the route parts of one sweep read about the instances, by position: `ok` (placed,
 * addressed, running, every group known), the ok members of each vSwitch, and the ok members
 * of each VPC whose own VPC delivers their address into their vSwitch (where a packet arriving
 * from a peer VPC goes: the peer delivers by its vSwitch blocks only).
 */
export interface Endpoints {
  readonly ok: Uint32Array;
  readonly bySwitch: ReadonlyMap<VSwitchInfo, Uint32Array>;
  readonly arrivingByVpc: ReadonlyMap<VpcInfo, Uint32Array>;
  /** All zero. */
  readonly none: Uint32Array;
}

/** The ok members of a vSwitch. */
export function membersOf(endpoints: Endpoints, vSwitch: VSwitchInfo): Uint32Array {
  return endpoints.bySwitch.get(vSwitch) ?? endpoints.none;
}

export function routeBitsOf(
  c: Compiled,
  table: TableInfo,
  painter: Painter,
  endpoints: Endpoints,
  peers: PeerCache,
): RouteBits {
  const words = painter.positions.words;
  const delivers = painter.fresh();
  const unsimulated = painter.fresh();
  painter.setWindow(null);
  // Longest prefix first: the first route to paint a cell is its longest match.
  const routes = table.routes;
  for (let r = 0; r < routes.length; r++) {
    const route = routes[r]!;
    switch (route.kind) {
      case 'local':
        painter.paintBlock(route.cidr, delivers, membersOf(endpoints, route.vSwitch));
        break;
      case 'unsupported':
        painter.paintBlock(route.cidr, unsimulated, endpoints.ok);
        break;
      case 'routerInterface':
      case 'vpcPeer': {
        const viaInterface = route.kind === 'routerInterface';
        const hop = viaInterface ? route.routerInterfaceId : route.connectionId;
        const known = viaInterface ? peers.viaInterface : peers.viaPeering;
        // Keyed by the hop alone: an interface belongs to one VPC's router and a connection joins
        // two VPCs, so a hop is asked about from one VPC (rarely two: then it is worked out again).
        const seen = known.get(hop);
        let peer: VpcInfo | null;
        if (seen !== undefined && seen.from === table.vpc) peer = seen.peer;
        else {
          peer = viaInterface ? usablePeer(c, table.vpc, hop) : usablePeering(c, table.vpc, hop);
          if (seen === undefined) known.set(hop, { from: table.vpc, peer });
        }
        painter.paintBlock(
          route.cidr,
          peer === null ? null : delivers,
          peer === null ? null : (endpoints.arrivingByVpc.get(peer) ?? endpoints.none),
        );
        break;
      }
      default:
        // A kind the sweep does not model never gets here (sweepIsExact); it delivers nothing.
        painter.paintBlock(route.cidr, null, null);
    }
  }
  let anyUnsimulated = false;
  const support: number[] = [];
  for (let w = 0; w < words; w++) {
    if (unsimulated[w] !== 0) anyUnsimulated = true;
    delivers[w] = delivers[w]! | unsimulated[w]!;
    if (delivers[w] !== 0) support.push(w);
  }
  return { delivers, unsimulated, anyUnsimulated, support: new Int32Array(support) };
}

/** The peer VPC a next hop leads to from the VPC it was first asked from (null: none), shared by the tables of a sweep. */
export interface PeerCache {
  readonly viaInterface: Map<string, HopPeer>;
  readonly viaPeering: Map<string, HopPeer>;
}

interface HopPeer {
  readonly from: VpcInfo;
  readonly peer: VpcInfo | null;
}

/** The peer VPC an interface leads to when nothing about the pair blocks traffic, else null. */
function usablePeer(c: Compiled, from: VpcInfo, routerInterfaceId: string): VpcInfo | null {
  const index = c.index;
  const ri = index.routerInterfaces.get(routerInterfaceId);
  if (ri === undefined || ri.routerId !== from.vpc.vRouterId) return null;
  // pairProblems(ri) is empty exactly when both ends are consistently paired (checked without
  // building its messages: model/pairing.ts isPairingConsistent).
  if (!isPairingConsistent(ri, index)) return null;
  const partner = index.routerInterfaces.get(ri.oppositeInterfaceId ?? '');
  if (partner === undefined || !isPairingConsistent(partner, index)) return null;
  // Both ends consistent: an end without a live status is Active (model/pairing.ts
  // effectiveRouterInterfaceStatus), so only a live status can still stop the pair.
  if ((ri.status ?? 'Active') !== 'Active' || (partner.status ?? 'Active') !== 'Active') return null;
  const vpc = index.vpcByRouterId.get(partner.routerId);
  const peer = vpc ? c.vpcs.get(vpc.vpcId) : undefined;
  return peer === undefined || peer === from ? null : peer;
}

/**
 * The peer VPC a peering connection leads to when nothing about it blocks traffic, else null:
 * the connection is in the document, joins this VPC, its other VPC is known, and it is
 * Activated (a design's connection without a status is, topology-format.md §4.1).
 */
function usablePeering(c: Compiled, from: VpcInfo, connectionId: string): VpcInfo | null {
  const connection = c.peerConnections.get(connectionId)?.connection;
  if (connection === undefined) return null;
  const otherId =
    connection.vpcId === from.id
      ? connection.acceptingVpcId
      : connection.acceptingVpcId === from.id
        ? connection.vpcId
        : undefined;
  const peer = otherId === undefined ? undefined : c.vpcs.get(otherId);
  if (peer === undefined || peer === from) return null;
  return (connection.status ?? 'Activated') === 'Activated' ? peer : null;
}
