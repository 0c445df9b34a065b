/** Custom route entries: CreateRouteEntry, DeleteRouteEntry (aliyun-api.md §4.2). */
import { checkRouteDestination, canonicalRouteDestination } from '../../../simulator/lifecycle';
import { region, type CallContext, type Handler } from '../context';
import { ApiError, invalidParameter } from '../errors';
import { boolean, optional, repeatObjects, required } from '../params';
import { newResourceId } from '../rng';
import type { RouteEntryRec } from '../world';
import { ownTable, tablesOfVpc, vSwitchesOfVpc, vpcOfTable } from './lookups';

/** aliyun-api.md §4.2: route writes are asynchronous and not allowed concurrently within a VPC. */
function assertNoPendingRouteWrite(ctx: CallContext, vpcId: string): void {
  const tableIds = new Set(tablesOfVpc(ctx, vpcId).map((t) => t.routeTableId));
  const pending = ctx.cloud.state.routeEntries.find(
    (e) =>
      tableIds.has(e.routeTableId) && (e.status === 'Pending' || e.status === 'Deleting' || e.status === 'Modifying'),
  );
  if (pending) {
    // HTTP status UNCONFIRMED (400 like the other route errors).
    throw new ApiError(
      'TaskConflict',
      400,
      `The operation conflicts with a running task in VPC ${vpcId}: route entry ${pending.routeEntryId} is ${pending.status}. Retry when it is finished.`,
    );
  }
}

function dryRun(ctx: CallContext): void {
  if (boolean(ctx.params, 'DryRun') === true)
    throw new ApiError('DryRunOperation', 400, 'Request validation has been passed with DryRun flag set.');
}

export const createRouteEntry: Handler = (ctx) => {
  const regionId = region(ctx);
  const table = ownTable(ctx, regionId, required(ctx.params, 'RouteTableId'));
  const destination = required(ctx.params, 'DestinationCidrBlock');
  if (repeatObjects(ctx.params, 'NextHopList').length) {
    // ECMP routes are outside what vpclink uses (aliyun-api.md §4.2); refused clearly.
    throw invalidParameter(
      'NextHopList',
      'ECMP routes are not emulated by the vpclink sandbox; use NextHopType and NextHopId.',
    );
  }
  const nextHopType = optional(ctx.params, 'NextHopType') ?? 'Instance';
  const nextHopId = required(ctx.params, 'NextHopId');
  const vpc = vpcOfTable(ctx, table);
  if (nextHopType === 'RouterInterface') {
    const ri = ctx.cloud.state.routerInterfaces.find((r) => r.routerInterfaceId === nextHopId);
    // The next hop must be an interface of this VPC's vRouter (aliyun-api.md §4.2). Code UNCONFIRMED.
    if (!ri || ri.accountId !== ctx.accountId || ri.routerId !== vpc.vRouterId) {
      throw new ApiError(
        'InvalidNextHopId.NotFound',
        404,
        `The next hop ${nextHopId} is not a router interface of ${vpc.vRouterId} (the vRouter of ${vpc.vpcId}).`,
      );
    }
    if (ri.status === 'Deleting')
      throw new ApiError('IncorrectStatus.RouterInterface', 400, `The router interface ${nextHopId} is being deleted.`);
  } else if (nextHopType === 'Instance') {
    const instance = ctx.cloud.state.instances.find((i) => i.instanceId === nextHopId);
    const vsw = instance && ctx.cloud.state.vSwitches.find((s) => s.vSwitchId === instance.vSwitchId);
    if (!vsw || vsw.vpcId !== vpc.vpcId)
      throw new ApiError(
        'InvalidNextHopId.NotFound',
        404,
        `The next hop instance ${nextHopId} is not in ${vpc.vpcId}.`,
      );
  }
  assertNoPendingRouteWrite(ctx, vpc.vpcId);
  const existing = ctx.cloud.state.routeEntries.filter((e) => e.routeTableId === table.routeTableId);
  const check = checkRouteDestination(destination, {
    vSwitchCidrs: vSwitchesOfVpc(ctx, vpc.vpcId).map((s) => s.cidrBlock),
    existingDestinations: existing.map((e) => e.destinationCidrBlock),
  });
  if (check.kind === 'refused') throw ApiError.from(check.error);
  const routeEntryName = optional(ctx.params, 'RouteEntryName') ?? '';
  if (routeEntryName.length > 128 || /^https?:\/\//.test(routeEntryName))
    throw new ApiError(
      'InvalidRouteEntryName.Malformed',
      400,
      'RouteEntryName must be 1-128 characters and must not start with http:// or https://.',
    );
  dryRun(ctx);
  const entry: RouteEntryRec = {
    // `rte-` prefix UNCONFIRMED (aliyun-api.md §8a).
    routeEntryId: newResourceId(ctx.cloud.rng, 'rte', regionId),
    routeTableId: table.routeTableId,
    destinationCidrBlock: canonicalRouteDestination(destination),
    nextHopType,
    nextHopId,
    status: 'Pending',
    routeEntryName,
    description: optional(ctx.params, 'Description') ?? '',
    creationTime: ctx.cloud.nowIso(),
  };
  ctx.cloud.state.routeEntries.push(entry);
  ctx.cloud.scheduleRoute(entry, 'Available');
  return { RouteEntryId: entry.routeEntryId };
};

export const deleteRouteEntry: Handler = (ctx) => {
  const regionId = region(ctx);
  const id = optional(ctx.params, 'RouteEntryId');
  let entry: RouteEntryRec | undefined;
  if (id !== undefined) {
    entry = ctx.cloud.state.routeEntries.find((e) => e.routeEntryId === id);
    if (entry) ownTable(ctx, regionId, entry.routeTableId);
  } else {
    const table = ownTable(ctx, regionId, required(ctx.params, 'RouteTableId'));
    const dest = canonicalRouteDestination(required(ctx.params, 'DestinationCidrBlock'));
    const nextHopId = optional(ctx.params, 'NextHopId');
    entry = ctx.cloud.state.routeEntries.find(
      (e) =>
        e.routeTableId === table.routeTableId &&
        e.destinationCidrBlock === dest &&
        (nextHopId === undefined || e.nextHopId === nextHopId),
    );
  }
  // Terraform treats InvalidRouteEntry.NotFound as "already gone" (aliyun-api.md §4.3).
  if (!entry || entry.status === 'Deleting')
    throw new ApiError(
      'InvalidRouteEntry.NotFound',
      404,
      `The specified route entry ${id ?? ''} is not found.`.replace('  ', ' '),
    );
  const table = ctx.cloud.state.routeTables.find((t) => t.routeTableId === entry.routeTableId)!;
  assertNoPendingRouteWrite(ctx, table.vpcId);
  dryRun(ctx);
  entry.status = 'Deleting';
  ctx.cloud.scheduleRoute(entry, 'Deleted');
  return {};
};
