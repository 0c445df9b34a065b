/**
 * Route-entry steps of an apply plan. Every route write in one VPC waits for the previous one to
 * settle (aliyun-api.md §4.2: concurrent writes in one VPC fail with TaskConflict), so each write
 * here depends on the last route write planned in its VPC and becomes that VPC's last write.
 */
import type { RouteEntry, Vpc } from '../document/schema';
import { markedDescription } from './owner';
import { pushStep, type PlanState } from './planState';
import type { PlanStep, RouteRef, ValueRef } from './types';

/** A route's next hop as the plan sends it, and the step after which it can carry traffic. */
export interface NextHop {
  readonly value: ValueRef;
  readonly ready?: string;
}

/** The last route write planned in `vpcId`, as a dependency list. */
function afterLastRouteWrite(state: PlanState, vpcId: string): string[] {
  const last = state.lastRouteInVpc.get(vpcId);
  return last ? [last] : [];
}

/** Delete → wait gone for one live route, after the last route write in its VPC; the wait becomes that write. */
export function pushRouteDeletion(
  state: PlanState,
  vpc: Vpc,
  route: RouteRef & { readonly nextHopId: string },
  description: string,
): void {
  const { routeTableId, destinationCidrBlock: destination } = route;
  const del = pushStep(state, {
    ...vpcCall('deleteRouteEntry', `delete-route:${routeKeyText(route)}`, vpc, 'DeleteRouteEntry'),
    params: { ...routeParams(vpc, route), NextHopId: route.nextHopId },
    dependsOn: afterLastRouteWrite(state, vpc.vpcId),
    mutating: true,
    route,
    vpcId: vpc.vpcId,
    description,
  });
  pushRouteWait(state, vpc, route, {
    id: `wait-route-gone:${routeKeyText(route)}`,
    after: del,
    until: 'Deleted',
    description: `Wait until ${destination} is gone from ${routeTableId}`,
  });
}

/** Create → wait Available for one route of the document, after the last route write in its VPC and its next hop. */
export function pushRouteCreation(
  state: PlanState,
  vpc: Vpc,
  entry: RouteEntry,
  route: RouteRef,
  nextHop: NextHop,
): void {
  const { routeTableId, destinationCidrBlock: destination } = route;
  const createId = pushStep(state, {
    ...vpcCall('createRouteEntry', `create-route:${routeKeyText(route)}`, vpc, 'CreateRouteEntry'),
    params: {
      ...routeParams(vpc, route),
      NextHopType: entry.nextHopType,
      NextHopId: nextHop.value,
      ...(entry.routeEntryName !== undefined && entry.routeEntryName !== ''
        ? { RouteEntryName: entry.routeEntryName }
        : {}),
      Description: markedDescription(
        typeof (entry as { description?: unknown }).description === 'string'
          ? ((entry as { description?: unknown }).description as string)
          : undefined,
        state.marker,
      ),
    },
    dependsOn: [...afterLastRouteWrite(state, vpc.vpcId), ...(nextHop.ready ? [nextHop.ready] : [])],
    mutating: true,
    route,
    vpcId: vpc.vpcId,
    description:
      `Add route ${destination} → ` +
      (typeof nextHop.value === 'string'
        ? `${entry.nextHopType} ${nextHop.value}`
        : entry.nextHopType === 'VpcPeer'
          ? 'the new peering connection'
          : `the new ${state.d.routerInterfaces.get(entry.nextHopId)?.role === 'AcceptingSide' ? 'acceptor' : 'initiator'}`) +
      ` in ${routeTableId} (${vpc.vpcId}, account ${vpc.accountId}, ${vpc.regionId})`,
  });
  pushRouteWait(state, vpc, route, {
    id: `wait-route:${routeKeyText(route)}`,
    after: createId,
    until: 'Available',
    description: `Wait until ${destination} in ${routeTableId} is Available (next route write in ${vpc.vpcId} waits for it)`,
  });
}

/** DescribeRouteEntryList polled until `route` reaches `until`; the wait becomes the last route write in its VPC. */
function pushRouteWait(
  state: PlanState,
  vpc: Vpc,
  route: RouteRef,
  wait: {
    readonly id: string;
    readonly after: string;
    readonly until: 'Available' | 'Deleted';
    readonly description: string;
  },
): void {
  const waitId = pushStep(state, {
    ...vpcCall('waitRouteEntry', wait.id, vpc, 'DescribeRouteEntryList'),
    params: routeParams(vpc, route),
    dependsOn: [wait.after],
    mutating: false,
    route,
    vpcId: vpc.vpcId,
    until: wait.until,
    description: wait.description,
  });
  state.lastRouteInVpc.set(vpc.vpcId, waitId);
}

/** The fields a route step starts with, in the order plans print them. */
function vpcCall<K extends PlanStep['kind']>(kind: K, id: string, vpc: Vpc, action: string) {
  return { kind, id, accountId: vpc.accountId, regionId: vpc.regionId, product: 'vpc' as const, action };
}

/** `<route table>:<destination>`: what a route step's ID names. */
function routeKeyText(route: RouteRef): string {
  return `${route.routeTableId}:${route.destinationCidrBlock}`;
}

/** The parameters every route call starts with (the wait's Describe filter too). */
function routeParams(vpc: Vpc, route: RouteRef) {
  return { RegionId: vpc.regionId, RouteTableId: route.routeTableId, DestinationCidrBlock: route.destinationCidrBlock };
}
