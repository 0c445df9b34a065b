/** Custom route entries: CreateRouteEntry, DeleteRouteEntry (aliyun-api.md §4.2). */
import { NEXT_HOP_TYPES as DOCUMENT_NEXT_HOP_TYPES, type KnownNextHopType } from '../../../simulator/document/schema';
import { checkRouteDestination, canonicalRouteDestination } from '../../../simulator/lifecycle';
import { region, type CallContext, type Handler } from '../context';
import { ApiError, invalidParameter } from '../errors';
import { boolean, oneOf, optional, repeatObjects, required } from '../params';
import { newResourceId } from '../rng';
import type { RouteEntryRec, VpcRec } from '../world';
import { peersOf } from '../vpcpeer/state';
import { visibleTo } from '../vpcpeer/lookups';
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

/**
 * NextHopType values CreateRouteEntry documents (aliyun-dataplane.md §4.1, aliyun-api.md §4.2): the
 * document's list, less `CenBasic`, which appears on imported (CEN-learned) routes but cannot be created.
 */
const NEXT_HOP_TYPES = DOCUMENT_NEXT_HOP_TYPES.filter(
  (type): type is Exclude<KnownNextHopType, 'CenBasic'> => type !== 'CenBasic',
);

/** Finds the next hop in the route's VPC; returns the refusal, or undefined when it is fine. */
type NextHopResolver = (ctx: CallContext, nextHopId: string, vpc: VpcRec) => ApiError | undefined;

/**
 * One resolver per next-hop type the sandbox emulates; a new resource family (ENIs…) adds its row.
 * Codes: `InvalidNextHopId.NotFound` (404) is the sandbox's choice (UNCONFIRMED, links §5.2: the
 * CreateRouteEntry error table could not be retrieved); `IncorrectStatus.RouterInterface` is a
 * code terraform retries on CreateRouteEntry (links §5.2).
 */
const NEXT_HOP_RESOLVERS: Partial<Record<(typeof NEXT_HOP_TYPES)[number], NextHopResolver>> = {
  RouterInterface: (ctx, id, vpc) => {
    const ri = ctx.cloud.state.routerInterfaces.find((r) => r.routerInterfaceId === id);
    if (!ri || ri.accountId !== ctx.accountId || ri.routerId !== vpc.vRouterId)
      return new ApiError(
        'InvalidNextHopId.NotFound',
        404,
        `The next hop ${id} is not a router interface of ${vpc.vRouterId} (the vRouter of ${vpc.vpcId}).`,
      );
    if (ri.status === 'Deleting')
      return new ApiError('IncorrectStatus.RouterInterface', 400, `The router interface ${id} is being deleted.`);
    return undefined;
  },
  // The same pcc ID in both VPCs' tables (aliyun-links.md §1.6); `IncorrectStatus.VpcPeer` is a
  // code terraform retries on CreateRouteEntry (§1.6), answered until the connection is Activated.
  VpcPeer: (ctx, id, vpc) => {
    const peer = peersOf(ctx.cloud.state).find((p) => p.instanceId === id);
    if (!peer || !visibleTo(peer, ctx.accountId) || (peer.vpcId !== vpc.vpcId && peer.acceptingVpcId !== vpc.vpcId))
      return new ApiError(
        'InvalidNextHopId.NotFound',
        404,
        `The next hop ${id} is not a VPC peering connection of ${vpc.vpcId}.`,
      );
    if (peer.status !== 'Activated')
      return new ApiError(
        'IncorrectStatus.VpcPeer',
        400,
        `The status of VpcPeer [${id}] is incorrect: it is ${peer.status}, not Activated.`,
      );
    return undefined;
  },
  Instance: (ctx, id, vpc) => {
    const instance = ctx.cloud.state.instances.find((i) => i.instanceId === id);
    const vsw = instance && ctx.cloud.state.vSwitches.find((s) => s.vSwitchId === instance.vSwitchId);
    return vsw && vsw.vpcId === vpc.vpcId
      ? undefined
      : new ApiError('InvalidNextHopId.NotFound', 404, `The next hop instance ${id} is not in ${vpc.vpcId}.`);
  },
};

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
  // NextHopType from the documented set (aliyun-dataplane.md §4.1); the default is Instance.
  const nextHopType = oneOf(ctx.params, 'NextHopType', NEXT_HOP_TYPES) ?? 'Instance';
  const nextHopId = required(ctx.params, 'NextHopId');
  const vpc = vpcOfTable(ctx, table);
  // "The next hop must be in the same VPC" (aliyun-links.md §5.2): each type that the sandbox
  // emulates looks its resource up; a type it does not emulate has no resource to point at.
  const resolve = NEXT_HOP_RESOLVERS[nextHopType];
  const refusal = resolve
    ? resolve(ctx, nextHopId, vpc)
    : new ApiError(
        'InvalidNextHopId.NotFound',
        404,
        `The next hop ${nextHopId} (${nextHopType}) does not exist: the vpclink sandbox emulates no ${nextHopType} resources.`,
      );
  if (refusal) throw refusal;
  assertNoPendingRouteWrite(ctx, vpc.vpcId);
  const existing = ctx.cloud.state.routeEntries.filter((e) => e.routeTableId === table.routeTableId);
  const check = checkRouteDestination(destination, {
    vSwitchCidrs: vSwitchesOfVpc(ctx, vpc.vpcId).map((s) => s.cidrBlock),
    existingDestinations: existing.map((e) => e.destinationCidrBlock),
  });
  // A second route to the same destination answers `RouterEntryConflict.Duplicated`: one spelling of
  // the duplicate family terraform treats as "already exists" (RouterEntryConflict.Duplicated,
  // Duplicated.VpcNextHop, InvalidCIDRBlock.Duplicate; aliyun-links.md §5.2). Picked because it
  // names the route table conflict itself; the doc's own table could not be retrieved (UNCONFIRMED).
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
