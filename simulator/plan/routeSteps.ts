/**
 * Route-entry steps of an apply plan. Every route write in one VPC waits for the previous one to
 * settle (aliyun-api.md §4.2: concurrent writes in one VPC fail with TaskConflict), so each write
 * here depends on the last route write planned in its VPC and becomes that VPC's last write.
 */
import type { RouteEntry, Vpc } from '../document/schema';
import { markedDescription } from './owner';
import { pushStep, type PlanState } from './planState';
import type { RouteRef, ValueRef } from './types';

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
  const keyText = `${routeTableId}:${destination}`;
  const del = pushStep(state, {
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
    dependsOn: afterLastRouteWrite(state, vpc.vpcId),
    mutating: true,
    route,
    vpcId: vpc.vpcId,
    description,
  });
  const waitId = pushStep(state, {
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
  state.lastRouteInVpc.set(vpc.vpcId, waitId);
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
  const keyText = `${routeTableId}:${destination}`;
  const createId = pushStep(state, {
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
  const waitId = pushStep(state, {
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
  });
  state.lastRouteInVpc.set(vpc.vpcId, waitId);
}
