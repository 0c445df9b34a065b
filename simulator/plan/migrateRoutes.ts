/**
 * How one route moves from the router interface to the peering without a moment with no route:
 * a destination is unique in a route table (aliyun-api.md §4.2), so the peering's route cannot be
 * added beside the old one. Instead the two halves of the destination are added through the
 * peering first — forwarding takes the longest prefix (aliyun-dataplane.md §4, "Forwarding uses
 * longest-prefix match") so they carry the traffic at once — then the old route is deleted, the
 * whole destination is added through the peering, and the halves are deleted. Each of the four is
 * one API write, so every moment has an Available route for every address.
 *
 * When the halves cannot be routes (a /32, a half equal to or inside a vSwitch block of the VPC,
 * an existing destination, the 200-route quota), the route is deleted and re-created: the state
 * between them has no route, and the proof says whether a flow needs it.
 */
import type { RouteEntry, Topology } from '../document/schema';
import { checkRouteDestination, parseRouteDestination } from '../lifecycle';
import { formatCidr } from '../net/ipv4';

/** Custom routes per table (aliyun-links.md §1.6: peering routes count against the 200). */
const ROUTES_PER_TABLE = 200;

export interface RouteToMove {
  readonly vpcId: string;
  readonly routeTableId: string;
  readonly destinationCidrBlock: string;
  readonly fromNextHop: { readonly nextHopType: string; readonly nextHopId: string };
}

export type RouteMoveKind = 'addBridgeRoutes' | 'removeRoute' | 'addRoute' | 'removeBridgeRoutes';

export interface RouteMoveState {
  readonly kind: RouteMoveKind;
  readonly description: string;
  readonly document: Topology;
  /** The two halves, for the bridge steps. */
  readonly bridge?: readonly [string, string];
}

/** The two halves of `destination` when both can be routes of the table, else undefined. */
export function bridgeHalves(document: Topology, route: RouteToMove): readonly [string, string] | undefined {
  const parsed = parseRouteDestination(route.destinationCidrBlock);
  if (!parsed.ok || parsed.cidr.prefix >= 32) return undefined;
  const prefix = parsed.cidr.prefix + 1;
  const halves = [
    formatCidr({ base: parsed.cidr.base, prefix }),
    formatCidr({ base: (parsed.cidr.base + 2 ** (32 - prefix)) >>> 0, prefix }),
  ] as const;
  const table = document.routeTables.find((t) => t.routeTableId === route.routeTableId);
  if (!table || table.routeEntries.length + 2 > ROUTES_PER_TABLE) return undefined;
  const vSwitchCidrs = document.vSwitches.filter((s) => s.vpcId === route.vpcId).map((s) => s.cidrBlock);
  const existing = table.routeEntries.map((e) => e.destinationCidrBlock);
  const ok = halves.every(
    (half, i) =>
      checkRouteDestination(half, {
        vSwitchCidrs,
        existingDestinations: [...existing, ...halves.slice(0, i)],
      }).kind !== 'refused',
  );
  return ok ? halves : undefined;
}

function editTable(document: Topology, routeTableId: string, edit: (entries: RouteEntry[]) => RouteEntry[]): Topology {
  return {
    ...document,
    routeTables: document.routeTables.map((t) =>
      t.routeTableId === routeTableId ? { ...t, routeEntries: edit([...t.routeEntries]) } : t,
    ),
  };
}

/** The states that move `route` to the peering `peeringId`, in order (each one API write away from the last). */
export function routeMoveStates(document: Topology, route: RouteToMove, peeringId: string): RouteMoveState[] {
  const where = `${route.routeTableId} (${route.vpcId})`;
  const viaPeer = (destinationCidrBlock: string, routeEntryName: string): RouteEntry =>
    ({
      destinationCidrBlock,
      nextHopType: 'VpcPeer',
      nextHopId: peeringId,
      status: 'Available',
      routeEntryName,
    }) as RouteEntry;
  const isOld = (e: RouteEntry) =>
    e.destinationCidrBlock === route.destinationCidrBlock && e.nextHopId === route.fromNextHop.nextHopId;
  const old = document.routeTables.find((t) => t.routeTableId === route.routeTableId)?.routeEntries.find(isOld);
  const name = old?.routeEntryName ?? `via-${peeringId}`;
  const halves = bridgeHalves(document, route);
  const states: RouteMoveState[] = [];
  let state = document;
  if (halves) {
    state = editTable(state, route.routeTableId, (entries) => [
      ...entries,
      ...halves.map((h) => viaPeer(h, `bridge-${name}`)),
    ]);
    states.push({
      kind: 'addBridgeRoutes',
      description: `${where}: add ${halves.join(' and ')} → VpcPeer ${peeringId} (the halves of ${route.destinationCidrBlock}: the longer prefixes take its traffic at once)`,
      document: state,
      bridge: halves,
    });
  }
  state = editTable(state, route.routeTableId, (entries) => entries.filter((e) => !isOld(e)));
  states.push({
    kind: 'removeRoute',
    description:
      `${where}: delete ${route.destinationCidrBlock} → ${route.fromNextHop.nextHopId}` +
      (halves
        ? ' (its halves carry the traffic)'
        : ' (no bridge is possible for this destination: the destination has no route until the next step)'),
    document: state,
  });
  state = editTable(state, route.routeTableId, (entries) => [...entries, viaPeer(route.destinationCidrBlock, name)]);
  states.push({
    kind: 'addRoute',
    description: `${where}: add ${route.destinationCidrBlock} → VpcPeer ${peeringId}`,
    document: state,
  });
  if (halves) {
    state = editTable(state, route.routeTableId, (entries) =>
      entries.filter((e) => !(e.nextHopId === peeringId && halves.includes(e.destinationCidrBlock))),
    );
    states.push({
      kind: 'removeBridgeRoutes',
      description: `${where}: delete the bridge routes ${halves.join(' and ')}`,
      document: state,
      bridge: halves,
    });
  }
  return states;
}
