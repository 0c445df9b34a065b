/**
 * Route entries in an apply plan: the document's routes missing from (or different in) their live
 * tables, each pointing at a live next hop or at the step creating it, and the routes vpclink
 * wrote for this document that it no longer has. Writes are serialised per VPC (routeSteps.ts).
 */
import type { RouteEntry, Vpc } from '../document/schema';
import { countOf } from '../text/count';
import { routeNeedsMissingAttachment } from './cenNotApplied';
import { normaliseCidr, routeKey } from './identity';
import { hasMarker } from './owner';
import type { PlanState } from './planState';
import { pushRouteCreation, pushRouteDeletion, type NextHop } from './routeSteps';
import type { RouteRef } from './types';

/** The document's routes in their live tables, then the removal of the stale routes vpclink wrote. */
export function planRouteChanges(state: PlanState): void {
  for (const table of state.desired.routeTables) {
    const vpc = state.d.vpcs.get(table.vpcId);
    if (!vpc) continue; // validate reports the dangling reference
    const liveTable = state.c.routeTables.get(table.routeTableId);
    if (table.routeEntries.length === 0) continue;
    if (!liveTable || liveTable.implied) {
      state.problems.push({
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
    for (const entry of table.routeEntries) planRoute(state, vpc, table.routeTableId, entry, liveEntries);
  }
  planRouteRemovals(state);
}

/**
 * Routes vpclink wrote for this document (Description marker, owner.ts) that the document no
 * longer has: deleted, serialised per VPC like every route write (aliyun-api.md §4.2). A route
 * without the marker is never deleted here, whoever made it.
 */
function planRouteRemovals(state: PlanState): void {
  const wanted = new Set(
    state.desired.routeTables.flatMap((t) =>
      t.routeEntries.map((e) => routeKey(t.routeTableId, e.destinationCidrBlock)),
    ),
  );
  for (const table of state.current.routeTables) {
    const vpc = state.c.vpcs.get(table.vpcId);
    if (!vpc) continue;
    for (const entry of table.routeEntries) {
      const description = (entry as { readonly description?: unknown }).description;
      if (!hasMarker(description, state.marker) || wanted.has(routeKey(table.routeTableId, entry.destinationCidrBlock)))
        continue;
      const destination = normaliseCidr(entry.destinationCidrBlock);
      const route = {
        routeTableId: table.routeTableId,
        destinationCidrBlock: destination,
        nextHopType: entry.nextHopType,
        nextHopId: entry.nextHopId,
      };
      state.touchedVpcs.add(vpc.vpcId);
      pushRouteDeletion(
        state,
        vpc,
        route,
        `Delete route ${destination} → ${entry.nextHopId} in ${table.routeTableId} (vpclink made it for this document, which no longer has it)`,
      );
    }
  }
}

/** The live or planned value of a route's next hop; 'blocked' when a problem already says why it cannot be used. */
function nextHopValue(state: PlanState, entry: RouteEntry): NextHop | 'blocked' | undefined {
  if (entry.nextHopType === 'VpcPeer') {
    // The same pcc ID in both VPCs' tables (aliyun-links.md §1.6): the live one, or the create step's.
    if (state.peerings.blocked.has(entry.nextHopId)) return 'blocked';
    const value = state.peerings.values.get(entry.nextHopId);
    if (value !== undefined) {
      const ready = state.peerings.ready.get(entry.nextHopId);
      return ready ? { value, ready } : { value };
    }
    const live = state.c.vpcPeerConnections.get(entry.nextHopId);
    if (live && !state.d.vpcPeerConnections.has(entry.nextHopId)) return { value: entry.nextHopId };
    return undefined;
  }
  if (entry.nextHopType !== 'RouterInterface') return { value: entry.nextHopId };
  const value = state.riValue.get(entry.nextHopId);
  if (value !== undefined) {
    const ready = state.riReadyStep.get(entry.nextHopId);
    return ready ? { value, ready } : { value };
  }
  // A route that names a live interface by its live ID (an imported document) is fine as it is.
  if (state.c.routerInterfaces.has(entry.nextHopId) && !state.d.routerInterfaces.has(entry.nextHopId))
    return { value: entry.nextHopId };
  return undefined;
}

/** The next hop a route can be written with, or undefined (a problem says why when one is due). */
function resolveNextHop(
  state: PlanState,
  routeTableId: string,
  destination: string,
  entry: RouteEntry,
): NextHop | undefined {
  const nextHop = nextHopValue(state, entry);
  if (nextHop === 'blocked') return undefined; // a problem already says why the connection cannot be used
  if (!nextHop && entry.nextHopType === 'VpcPeer') {
    state.problems.push({
      code: 'PEERING_NEXT_HOP_UNKNOWN',
      severity: 'warning',
      resourceId: routeTableId,
      message: `route ${destination} in ${routeTableId} points at peering connection ${entry.nextHopId}, which neither the document nor the live state has; the route is left out`,
    });
    return undefined;
  }
  if (!nextHop) {
    state.problems.push({
      code: 'ROUTE_NEXT_HOP_UNKNOWN',
      severity: 'warning',
      resourceId: routeTableId,
      message: `route ${destination} in ${routeTableId} points at ${entry.nextHopId}, which the plan cannot resolve to a live or planned router interface; the route is left out`,
    });
    return undefined;
  }
  return nextHop;
}

/** One route of the document: nothing when live as wanted, else (delete the live one →) create → wait. */
function planRoute(
  state: PlanState,
  vpc: Vpc,
  routeTableId: string,
  entry: RouteEntry,
  liveEntries: Map<string, RouteEntry>,
): void {
  // A route to a transit-router attachment that is not live is left out (CEN_NOT_APPLIED names it).
  if (routeNeedsMissingAttachment(entry, state.current)) return;
  const destination = normaliseCidr(entry.destinationCidrBlock);
  const nextHop = resolveNextHop(state, routeTableId, destination, entry);
  if (!nextHop) return;
  const live = liveEntries.get(routeKey(routeTableId, destination));
  if (live && live.nextHopType === entry.nextHopType && live.nextHopId === nextHop.value) return;
  state.touchedVpcs.add(vpc.vpcId);
  const route: RouteRef = {
    routeTableId,
    destinationCidrBlock: destination,
    nextHopType: entry.nextHopType,
    nextHopId: nextHop.value,
  };
  if (live) replaceLiveRoute(state, vpc, route, entry, live);
  pushRouteCreation(state, vpc, entry, route, nextHop);
}

/** A live route with the document's destination but another next hop: a ROUTE_REPLACED warning, then its deletion. */
function replaceLiveRoute(state: PlanState, vpc: Vpc, route: RouteRef, entry: RouteEntry, live: RouteEntry): void {
  const { routeTableId, destinationCidrBlock: destination } = route;
  state.problems.push({
    code: 'ROUTE_REPLACED',
    severity: 'warning',
    resourceId: routeTableId,
    message:
      `route ${destination} in ${routeTableId} goes to ${live.nextHopType} ${live.nextHopId} live; ` +
      `the plan replaces it with ${entry.nextHopType} ` +
      (typeof route.nextHopId === 'string'
        ? route.nextHopId
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
  pushRouteDeletion(
    state,
    vpc,
    liveRoute,
    `Delete the live route ${destination} → ${live.nextHopId} in ${routeTableId} (replaced)`,
  );
}
