/**
 * VPC 2016-04-28 actions: VPCs, vSwitches, vRouters, route tables and entries, router interfaces
 * (aliyun-api.md §3, §4, §5.1, response shapes §8a). An account sees and changes only its own
 * resources; the opposite end of an interface is looked up across accounts, as the cloud does.
 */
import { createHash } from 'node:crypto';
import { RI_SPEC_BANDWIDTH_MBPS, RI_SPECS } from '../../simulator/document';
import {
  checkRouteDestination,
  canonicalRouteDestination,
  decideRouterInterface,
  type LifecycleRouterInterface,
} from '../../simulator/lifecycle';
import { cidrSize, parseCidr } from '../../simulator/net';
import { checkRegion, region, type CallContext, type Handler } from './context';
import { ApiError, invalidParameter, missingParameter } from './errors';
import { long, Long } from './json';
import { boolean, filters, oneOf, optional, page, repeatList, repeatObjects, required, tokenPage } from './params';
import { newResourceId } from './rng';
import type { RouteEntryRec, RouteTableRec, RouterInterfaceRec, VpcRec, VSwitchRec } from './world';

const RESOURCE_GROUP = 'rg-acfmsandbox000000';

// ---- lookups restricted to the caller ---------------------------------------------------------

function ownVpcs(ctx: CallContext, regionId: string): VpcRec[] {
  return ctx.cloud.state.vpcs.filter((v) => v.accountId === ctx.accountId && v.regionId === regionId);
}

function vpcOfTable(ctx: CallContext, table: RouteTableRec): VpcRec {
  return ctx.cloud.state.vpcs.find((v) => v.vpcId === table.vpcId)!;
}

function ownTable(ctx: CallContext, regionId: string, routeTableId: string): RouteTableRec {
  const table = ctx.cloud.state.routeTables.find((t) => t.routeTableId === routeTableId);
  const vpc = table && vpcOfTable(ctx, table);
  if (!table || !vpc || vpc.accountId !== ctx.accountId || vpc.regionId !== regionId) {
    throw new ApiError(
      'InvalidRouteTableId.NotFound',
      404,
      `The specified RouteTableId "${routeTableId}" is not found.`,
    );
  }
  return table;
}

function ownRouterInterface(ctx: CallContext, regionId: string, id: string): RouterInterfaceRec {
  const ri = ctx.cloud.state.routerInterfaces.find((r) => r.routerInterfaceId === id);
  if (!ri || ri.accountId !== ctx.accountId || ri.regionId !== regionId) {
    // Name from an old doc copy (aliyun-api.md §3.4), UNCONFIRMED.
    throw new ApiError(
      'InvalidRouterInterfaceId.NotFound',
      404,
      `The specified RouterInterfaceId "${id}" is not found.`,
    );
  }
  return ri;
}

function vSwitchesOfVpc(ctx: CallContext, vpcId: string): VSwitchRec[] {
  return ctx.cloud.state.vSwitches.filter((s) => s.vpcId === vpcId);
}

function tablesOfVpc(ctx: CallContext, vpcId: string): RouteTableRec[] {
  return ctx.cloud.state.routeTables.filter((t) => t.vpcId === vpcId);
}

function systemTable(ctx: CallContext, vpcId: string): RouteTableRec {
  return ctx.cloud.state.routeTables.find((t) => t.vpcId === vpcId && t.routeTableType === 'System')!;
}

function commaList(ctx: CallContext, name: string, max: number): string[] | undefined {
  const value = optional(ctx.params, name);
  if (value === undefined) return undefined;
  const items = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (items.length > max) throw invalidParameter(name, `at most ${max} IDs.`);
  return items;
}

// ---- VPCs, vSwitches, vRouters ----------------------------------------------------------------

function vpcItem(ctx: CallContext, vpc: VpcRec): Record<string, unknown> {
  return {
    VpcId: vpc.vpcId,
    VpcName: vpc.name,
    RegionId: vpc.regionId,
    CidrBlock: vpc.cidrBlock,
    SecondaryCidrBlocks: { SecondaryCidrBlock: [...vpc.secondaryCidrBlocks] },
    UserCidrs: { UserCidr: [] },
    VRouterId: vpc.vRouterId,
    VSwitchIds: { VSwitchId: vSwitchesOfVpc(ctx, vpc.vpcId).map((s) => s.vSwitchId) },
    RouterTableIds: { RouterTableIds: tablesOfVpc(ctx, vpc.vpcId).map((t) => t.routeTableId) },
    Status: 'Available',
    OwnerId: long(vpc.accountId),
    IsDefault: false,
    CreationTime: vpc.creationTime,
    Description: vpc.description,
    Ipv6CidrBlock: '',
    ResourceGroupId: RESOURCE_GROUP,
    Tags: { Tag: [] },
    CenStatus: 'Detached',
    NatGatewayIds: { NatGatewayIds: [] },
  };
}

const describeVpcs: Handler = (ctx) => {
  const regionId = region(ctx);
  let vpcs = ownVpcs(ctx, regionId);
  const ids = commaList(ctx, 'VpcId', 20);
  if (ids) vpcs = vpcs.filter((v) => ids.includes(v.vpcId));
  const name = optional(ctx.params, 'VpcName');
  if (name !== undefined) vpcs = vpcs.filter((v) => v.name === name);
  if (boolean(ctx.params, 'IsDefault') === true) vpcs = [];
  const owner = optional(ctx.params, 'VpcOwnerId');
  if (owner !== undefined && owner !== ctx.accountId) vpcs = [];
  const p = page(ctx.params, vpcs);
  return {
    PageNumber: p.pageNumber,
    PageSize: p.pageSize,
    TotalCount: p.totalCount,
    Vpcs: { Vpc: p.items.map((v) => vpcItem(ctx, v)) },
  };
};

function vSwitchItem(ctx: CallContext, vsw: VSwitchRec, vpc: VpcRec): Record<string, unknown> {
  const table = vsw.routeTableId
    ? ctx.cloud.state.routeTables.find((t) => t.routeTableId === vsw.routeTableId)!
    : systemTable(ctx, vpc.vpcId);
  const cidr = parseCidr(vsw.cidrBlock);
  const used = ctx.cloud.state.instances.filter((i) => i.vSwitchId === vsw.vSwitchId).length;
  return {
    VSwitchId: vsw.vSwitchId,
    VSwitchName: vsw.name,
    VpcId: vsw.vpcId,
    ZoneId: vsw.zoneId,
    CidrBlock: vsw.cidrBlock,
    Ipv6CidrBlock: '',
    Status: 'Available',
    // Four reserved addresses per vSwitch (aliyun-api.md §6).
    AvailableIpAddressCount: cidr.ok ? Math.max(0, cidrSize(cidr.value) - 4 - used) : 0,
    OwnerId: long(vpc.accountId),
    IsDefault: false,
    CreationTime: vsw.creationTime,
    Description: '',
    NetworkAclId: '',
    ResourceGroupId: RESOURCE_GROUP,
    ShareType: 'Sharing',
    RouteTable: { RouteTableId: table.routeTableId, RouteTableType: table.routeTableType },
    Tags: { Tag: [] },
  };
}

const describeVSwitches: Handler = (ctx) => {
  // aliyun-api.md §5.1: RegionId or VpcId, one of them required.
  const vpcId = optional(ctx.params, 'VpcId');
  const regionParam = optional(ctx.params, 'RegionId');
  if (regionParam === undefined && vpcId === undefined) throw missingParameter('RegionId');
  if (regionParam !== undefined) checkRegion(ctx, regionParam, 'RegionId');
  let vpcs = ctx.cloud.state.vpcs.filter(
    (v) => v.accountId === ctx.accountId && (regionParam === undefined || v.regionId === regionParam),
  );
  if (vpcId !== undefined) vpcs = vpcs.filter((v) => v.vpcId === vpcId);
  const vpcById = new Map(vpcs.map((v) => [v.vpcId, v]));
  let switches = ctx.cloud.state.vSwitches.filter((s) => vpcById.has(s.vpcId));
  const ids = commaList(ctx, 'VSwitchId', 20);
  if (ids) switches = switches.filter((s) => ids.includes(s.vSwitchId));
  const zone = optional(ctx.params, 'ZoneId');
  if (zone !== undefined) switches = switches.filter((s) => s.zoneId === zone);
  const name = optional(ctx.params, 'VSwitchName');
  if (name !== undefined) switches = switches.filter((s) => s.name === name);
  const tableId = optional(ctx.params, 'RouteTableId');
  if (tableId !== undefined)
    switches = switches.filter((s) => (s.routeTableId ?? systemTable(ctx, s.vpcId).routeTableId) === tableId);
  if (boolean(ctx.params, 'IsDefault') === true) switches = [];
  const p = page(ctx.params, switches);
  return {
    PageNumber: p.pageNumber,
    PageSize: p.pageSize,
    TotalCount: p.totalCount,
    VSwitches: { VSwitch: p.items.map((s) => vSwitchItem(ctx, s, vpcById.get(s.vpcId)!)) },
  };
};

const describeVRouters: Handler = (ctx) => {
  const regionId = region(ctx);
  let vpcs = ownVpcs(ctx, regionId);
  const id = optional(ctx.params, 'VRouterId');
  if (id !== undefined) vpcs = vpcs.filter((v) => v.vRouterId === id);
  const p = page(ctx.params, vpcs);
  return {
    PageNumber: p.pageNumber,
    PageSize: p.pageSize,
    TotalCount: p.totalCount,
    VRouters: {
      VRouter: p.items.map((v) => ({
        VRouterId: v.vRouterId,
        VpcId: v.vpcId,
        RegionId: v.regionId,
        VRouterName: '',
        Description: '',
        CreationTime: v.creationTime,
        RouteTableIds: { RouteTableId: tablesOfVpc(ctx, v.vpcId).map((t) => t.routeTableId) },
      })),
    },
  };
};

// ---- route tables -----------------------------------------------------------------------------

/** A stable ID for a system route (they are not stored). */
function systemRouteId(tableId: string, cidr: string): string {
  return 'rte-sys' + createHash('sha1').update(`${tableId}|${cidr}`).digest('hex').slice(0, 17);
}

interface ListedRoute {
  readonly id: string;
  readonly tableId: string;
  readonly destination: string;
  readonly type: 'System' | 'Custom';
  readonly status: string;
  readonly nextHopType: string;
  readonly nextHopId: string;
  readonly name: string;
  readonly description: string;
  readonly creationTime: string;
}

/**
 * Every route of a table: the system routes for each vSwitch CIDR of the VPC and for
 * 100.64.0.0/10 (NextHopType `local` / `service`: UNCONFIRMED spellings, aliyun-api.md §4.1), then
 * the custom entries.
 */
function routesOfTable(ctx: CallContext, table: RouteTableRec): ListedRoute[] {
  const system: ListedRoute[] = [
    ...vSwitchesOfVpc(ctx, table.vpcId).map((s) => ({
      id: systemRouteId(table.routeTableId, s.cidrBlock),
      tableId: table.routeTableId,
      destination: s.cidrBlock,
      type: 'System' as const,
      status: 'Available',
      nextHopType: 'local',
      nextHopId: '',
      name: '',
      description: '',
      creationTime: s.creationTime,
    })),
    {
      id: systemRouteId(table.routeTableId, '100.64.0.0/10'),
      tableId: table.routeTableId,
      destination: '100.64.0.0/10',
      type: 'System' as const,
      status: 'Available',
      nextHopType: 'service',
      nextHopId: '',
      name: '',
      description: '',
      creationTime: table.creationTime,
    },
  ];
  const custom = ctx.cloud.state.routeEntries
    .filter((e) => e.routeTableId === table.routeTableId)
    .map((e) => ({
      id: e.routeEntryId,
      tableId: e.routeTableId,
      destination: e.destinationCidrBlock,
      type: 'Custom' as const,
      status: e.status,
      nextHopType: e.nextHopType,
      nextHopId: e.nextHopId,
      name: e.routeEntryName,
      description: e.description,
      creationTime: e.creationTime,
    }));
  return [...system, ...custom];
}

function routeTablesMatching(ctx: CallContext, regionId: string): RouteTableRec[] {
  const vpcs = ownVpcs(ctx, regionId);
  const vpcIds = new Set(vpcs.map((v) => v.vpcId));
  let tables = ctx.cloud.state.routeTables.filter((t) => vpcIds.has(t.vpcId));
  const routerType = oneOf(ctx.params, 'RouterType', ['VRouter', 'VBR'] as const);
  if (routerType === 'VBR') return [];
  for (const name of ['VRouterId', 'RouterId']) {
    const router = optional(ctx.params, name);
    if (router !== undefined) tables = tables.filter((t) => vpcOfTable(ctx, t).vRouterId === router);
  }
  const vpcId = optional(ctx.params, 'VpcId');
  if (vpcId !== undefined) tables = tables.filter((t) => t.vpcId === vpcId);
  const id = optional(ctx.params, 'RouteTableId');
  if (id !== undefined) tables = tables.filter((t) => t.routeTableId === id);
  const name = optional(ctx.params, 'RouteTableName');
  if (name !== undefined) tables = tables.filter((t) => t.name === name);
  return tables;
}

function tableVSwitchIds(ctx: CallContext, table: RouteTableRec): string[] {
  return vSwitchesOfVpc(ctx, table.vpcId)
    .filter((s) => (s.routeTableId ? s.routeTableId === table.routeTableId : table.routeTableType === 'System'))
    .map((s) => s.vSwitchId);
}

function routeEntryItem(route: ListedRoute): Record<string, unknown> {
  return {
    RouteEntryId: route.id,
    RouteEntryName: route.name,
    RouteTableId: route.tableId,
    DestinationCidrBlock: route.destination,
    Type: route.type,
    Status: route.status,
    NextHopType: route.nextHopType,
    InstanceId: route.nextHopId,
    NextHops: {
      NextHop:
        route.type === 'Custom'
          ? [
              {
                NextHopId: route.nextHopId,
                NextHopType: route.nextHopType,
                Weight: 0,
                Enabled: 1,
                NextHopRegionId: '',
                NextHopOppsiteType: '',
                NextHopOppsiteInstanceId: '',
                NextHopOppsiteRegionId: '',
              },
            ]
          : [],
    },
    NextHopRegionId: '',
    NextHopOppsiteType: '',
    NextHopOppsiteInstanceId: '',
    NextHopOppsiteRegionId: '',
    IpVersion: 'IPv4',
    Description: route.description,
    PrivateIpAddress: '',
    Origin: '',
    ServiceType: '',
    GmtModified: route.creationTime,
  };
}

const describeRouteTables: Handler = (ctx) => {
  const regionId = region(ctx);
  let tables = routeTablesMatching(ctx, regionId);
  const type = oneOf(ctx.params, 'Type', ['Custom', 'System', 'BGP', 'CEN'] as const);
  if (type !== undefined) tables = tables.filter((t) => t.routeTableType === type);
  const p = page(ctx.params, tables);
  return {
    PageNumber: p.pageNumber,
    PageSize: p.pageSize,
    TotalCount: p.totalCount,
    RouteTables: {
      RouteTable: p.items.map((t) => ({
        RouteTableId: t.routeTableId,
        RouteTableType: t.routeTableType,
        VRouterId: vpcOfTable(ctx, t).vRouterId,
        Status: 'Available',
        CreationTime: t.creationTime,
        ResourceGroupId: RESOURCE_GROUP,
        VSwitchIds: { VSwitchId: tableVSwitchIds(ctx, t) },
        RouteEntrys: { RouteEntry: routesOfTable(ctx, t).map(routeEntryItem) },
      })),
    },
  };
};

const describeRouteTableList: Handler = (ctx) => {
  const regionId = region(ctx);
  let tables = routeTablesMatching(ctx, regionId);
  const type = oneOf(ctx.params, 'RouteTableType', ['System', 'Custom'] as const);
  if (type !== undefined) tables = tables.filter((t) => t.routeTableType === type);
  const p = page(ctx.params, tables);
  // The real response carries its own Code/Message/Success (aliyun-api.md §1.7); "200" is one of
  // pop-core's success codes (§1.8). The exact success value is UNCONFIRMED.
  return {
    Code: '200',
    Message: 'successful',
    Success: true,
    PageNumber: p.pageNumber,
    PageSize: p.pageSize,
    TotalCount: p.totalCount,
    RouterTableList: {
      RouterTableListType: p.items.map((t) => {
        const vpc = vpcOfTable(ctx, t);
        return {
          RouteTableId: t.routeTableId,
          RouteTableName: t.name,
          RouteTableType: t.routeTableType,
          RouterId: vpc.vRouterId,
          RouterType: 'VRouter',
          VpcId: vpc.vpcId,
          Status: 'Available',
          OwnerId: long(vpc.accountId),
          AssociateType: 'VSwitch',
          CreationTime: t.creationTime,
          Description: '',
          ResourceGroupId: RESOURCE_GROUP,
          RoutePropagationEnable: true,
          VSwitchIds: { VSwitchId: tableVSwitchIds(ctx, t) },
          GatewayIds: { GatewayIds: [] },
          Tags: { Tag: [] },
        };
      }),
    },
  };
};

const describeRouteEntryList: Handler = (ctx) => {
  const regionId = region(ctx);
  const table = ownTable(ctx, regionId, required(ctx.params, 'RouteTableId'));
  let routes = routesOfTable(ctx, table);
  const id = optional(ctx.params, 'RouteEntryId');
  if (id !== undefined) routes = routes.filter((r) => r.id === id);
  const name = optional(ctx.params, 'RouteEntryName');
  if (name !== undefined) routes = routes.filter((r) => r.name === name);
  const type = oneOf(ctx.params, 'RouteEntryType', ['Custom', 'System', 'BGP', 'CEN', 'ECR'] as const);
  if (type !== undefined) routes = routes.filter((r) => r.type === type);
  const dest = optional(ctx.params, 'DestinationCidrBlock');
  if (dest !== undefined) routes = routes.filter((r) => r.destination === canonicalRouteDestination(dest));
  const destList = repeatList(ctx.params, 'DestCidrBlockList').map(canonicalRouteDestination);
  if (destList.length) routes = routes.filter((r) => destList.includes(r.destination));
  const ipVersion = oneOf(ctx.params, 'IpVersion', ['IPv4', 'IPv6'] as const, { caseInsensitive: true });
  if (ipVersion === 'IPv6') routes = [];
  const nextHopId = optional(ctx.params, 'NextHopId');
  if (nextHopId !== undefined) routes = routes.filter((r) => r.nextHopId === nextHopId);
  const nextHopType = optional(ctx.params, 'NextHopType');
  if (nextHopType !== undefined) routes = routes.filter((r) => r.nextHopType === nextHopType);
  const p = tokenPage(ctx.params, routes, 'MaxResult', { min: 1, max: 100, fallback: 10 });
  return {
    NextToken: p.nextToken,
    RouteEntrys: {
      RouteEntry: p.items.map((r) => ({
        RouteEntryId: r.id,
        RouteEntryName: r.name,
        RouteTableId: r.tableId,
        DestinationCidrBlock: r.destination,
        Type: r.type,
        Status: r.status,
        IpVersion: 'IPv4',
        Description: r.description,
        Origin: '',
        ServiceType: '',
        CreateTime: r.creationTime,
        NextHops: {
          NextHop:
            r.type === 'Custom'
              ? [
                  {
                    NextHopId: r.nextHopId,
                    NextHopType: r.nextHopType,
                    Weight: 0,
                    Enabled: 1,
                    NextHopRegionId: '',
                    NextHopRelatedInfo: { InstanceId: '', InstanceType: '', RegionId: '' },
                  },
                ]
              : [{ NextHopId: '', NextHopType: r.nextHopType, Weight: 0, Enabled: 1, NextHopRegionId: '' }],
        },
      })),
    },
  };
};

// ---- route entries ----------------------------------------------------------------------------

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

const createRouteEntry: Handler = (ctx) => {
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

const deleteRouteEntry: Handler = (ctx) => {
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

// ---- router interfaces ------------------------------------------------------------------------

function vpcOfRouter(ctx: CallContext, routerId: string | undefined): VpcRec | undefined {
  return routerId === undefined ? undefined : ctx.cloud.state.vpcs.find((v) => v.vRouterId === routerId);
}

function bandwidthOf(spec: string): number {
  return (RI_SPEC_BANDWIDTH_MBPS as Record<string, number>)[spec] ?? 0;
}

function routerInterfaceItem(ctx: CallContext, ri: RouterInterfaceRec): Record<string, unknown> {
  const peer = ri.oppositeInterfaceId
    ? ctx.cloud.state.routerInterfaces.find((r) => r.routerInterfaceId === ri.oppositeInterfaceId)
    : undefined;
  return {
    RouterInterfaceId: ri.routerInterfaceId,
    Name: ri.name,
    Description: ri.description,
    RegionId: ri.regionId,
    RouterId: ri.routerId,
    RouterType: ri.routerType,
    Role: ri.role,
    Spec: ri.spec,
    Bandwidth: bandwidthOf(ri.spec),
    Status: ri.status,
    // BusinessStatus "Normal", ChargeType "AfterPay" and empty strings for unset fields are
    // UNCONFIRMED conventions (aliyun-api.md §8a).
    BusinessStatus: 'Normal',
    ChargeType: 'AfterPay',
    CreationTime: ri.creationTime,
    ConnectedTime: ri.connectedTime,
    EndTime: '',
    VpcInstanceId: vpcOfRouter(ctx, ri.routerId)?.vpcId ?? '',
    AccessPointId: '',
    OppositeRegionId: ri.oppositeRegionId,
    OppositeInterfaceId: ri.oppositeInterfaceId ?? '',
    OppositeRouterId: ri.oppositeRouterId ?? '',
    OppositeRouterType: ri.oppositeRouterType ?? '',
    // A string in the current SDK, unlike OwnerId (aliyun-api.md §3.8, §9).
    OppositeInterfaceOwnerId: ri.oppositeInterfaceOwnerId ?? '',
    OppositeVpcInstanceId: vpcOfRouter(ctx, ri.oppositeRouterId)?.vpcId ?? '',
    OppositeAccessPointId: '',
    OppositeInterfaceSpec: peer?.spec ?? '',
    OppositeInterfaceStatus: peer?.status ?? '',
    OppositeInterfaceBusinessStatus: peer ? 'Normal' : '',
    OppositeBandwidth: peer ? bandwidthOf(peer.spec) : 0,
    HealthCheckSourceIp: ri.healthCheckSourceIp,
    HealthCheckTargetIp: ri.healthCheckTargetIp,
    HcRate: 0,
    HcThreshold: 0,
    CrossBorder: false,
    FastLinkMode: false,
    HasReservationData: 'false',
    ReservationActiveTime: '',
    ReservationBandwidth: '',
    ReservationInternetChargeType: '',
    ReservationOrderType: '',
    Ipv6Status: '',
    ResourceGroupId: RESOURCE_GROUP,
    Tags: { Tags: [] },
  };
}

const RI_FILTER_KEYS = [
  'RouterInterfaceId',
  'RouterId',
  'RouterType',
  'RouterInterfaceOwnerId',
  'OppositeInterfaceId',
  'OppositeRouterType',
  'OppositeRouterId',
  'OppositeInterfaceOwnerId',
  'Status',
  'Name',
] as const;

const describeRouterInterfaces: Handler = (ctx) => {
  const regionId = region(ctx);
  const wanted = filters(ctx.params, RI_FILTER_KEYS);
  const field = (ri: RouterInterfaceRec, key: string): string => {
    switch (key) {
      case 'RouterInterfaceId':
        return ri.routerInterfaceId;
      case 'RouterId':
        return ri.routerId;
      case 'RouterType':
        return ri.routerType;
      case 'RouterInterfaceOwnerId':
        return ri.accountId;
      case 'OppositeInterfaceId':
        return ri.oppositeInterfaceId ?? '';
      case 'OppositeRouterType':
        return ri.oppositeRouterType ?? '';
      case 'OppositeRouterId':
        return ri.oppositeRouterId ?? '';
      case 'OppositeInterfaceOwnerId':
        return ri.oppositeInterfaceOwnerId ?? '';
      case 'Status':
        return ri.status;
      default:
        return ri.name;
    }
  };
  // Values of one key are OR-ed, different keys AND-ed (aliyun-api.md §3.8).
  const items = ctx.cloud.state.routerInterfaces.filter(
    (ri) =>
      ri.accountId === ctx.accountId &&
      ri.regionId === regionId &&
      [...wanted].every(([key, values]) => values.has(field(ri, key))),
  );
  const p = page(ctx.params, items);
  return {
    PageNumber: p.pageNumber,
    PageSize: p.pageSize,
    TotalCount: p.totalCount,
    RouterInterfaceSet: { RouterInterfaceType: p.items.map((ri) => routerInterfaceItem(ctx, ri)) },
  };
};

function checkName(value: string | undefined, field: string): void {
  // Name 2-128 chars (aliyun-api.md §3.2); the code's typo is the API's (§3.3).
  if (value !== undefined && (value.length < 2 || value.length > 128 || /^https?:\/\//.test(value))) {
    throw new ApiError(
      field === 'Name' ? 'InvalidName.Malformd' : 'InvalidDescription.Malformed',
      400,
      `${field} must be 2-${field === 'Name' ? 128 : 256} characters and must not start with http:// or https://.`,
    );
  }
}

const ROUTER_TYPES = ['VRouter', 'VBR'] as const;

const createRouterInterface: Handler = (ctx) => {
  const regionId = region(ctx);
  const role = oneOf(ctx.params, 'Role', ['InitiatingSide', 'AcceptingSide'] as const, { required: true })!;
  const routerType = oneOf(ctx.params, 'RouterType', ROUTER_TYPES, { required: true })!;
  const routerId = required(ctx.params, 'RouterId');
  const spec = oneOf(ctx.params, 'Spec', RI_SPECS, { required: true })!;
  const oppositeRegionId = required(ctx.params, 'OppositeRegionId');
  checkRegion(ctx, oppositeRegionId, 'OppositeRegionId');
  const oppositeRouterType = oneOf(ctx.params, 'OppositeRouterType', ROUTER_TYPES);
  const name = optional(ctx.params, 'Name');
  checkName(name, 'Name');
  const description = optional(ctx.params, 'Description');
  checkName(description, 'Description');
  if (boolean(ctx.params, 'FastLinkMode') === true)
    throw invalidParameter('FastLinkMode', 'FastLinkMode needs a VBR, which the vpclink sandbox does not emulate.');
  const vpc = ctx.cloud.state.vpcs.find((v) => v.vRouterId === routerId);
  if (routerType === 'VBR' || !vpc || vpc.accountId !== ctx.accountId || vpc.regionId !== regionId) {
    // Code UNCONFIRMED.
    throw new ApiError(
      'InvalidRouterId.NotFound',
      404,
      `The specified RouterId "${routerId}" is not a ${routerType} of this account in ${regionId}.`,
    );
  }
  const candidate: LifecycleRouterInterface = {
    routerInterfaceId: '(new)',
    accountId: ctx.accountId,
    regionId,
    routerType: 'VRouter',
    routerId,
    role,
    spec,
    status: 'Idle',
    oppositeRegionId,
    ...optionalField('oppositeInterfaceId', optional(ctx.params, 'OppositeInterfaceId')),
    ...optionalField('oppositeRouterId', optional(ctx.params, 'OppositeRouterId')),
    ...optionalField('oppositeRouterType', oppositeRouterType),
    ...optionalField('oppositeInterfaceOwnerId', optional(ctx.params, 'OppositeInterfaceOwnerId')),
  };
  const decision = decideRouterInterface(ctx.cloud.riWorld(), { kind: 'create', candidate });
  if (decision.kind === 'refused') throw ApiError.from(decision.error);
  const ri: RouterInterfaceRec = {
    ...candidate,
    routerInterfaceId: newResourceId(ctx.cloud.rng, 'ri', regionId),
    name: name ?? '',
    description: description ?? '',
    creationTime: ctx.cloud.nowIso(),
    connectedTime: '',
    healthCheckSourceIp: optional(ctx.params, 'HealthCheckSourceIp') ?? '',
    healthCheckTargetIp: optional(ctx.params, 'HealthCheckTargetIp') ?? '',
  };
  ctx.cloud.state.routerInterfaces.push(ri);
  ctx.cloud.dirty = true;
  // Creation lands in Idle at once; terraform polls for Idle, which it then sees (aliyun-api.md §3.2).
  // OrderId is a Long (16 digits, beyond 2^53): written literally into the JSON (§8a).
  const orderId = new Long(String(1 + ctx.cloud.rng.int(9)) + ctx.cloud.rng.chars('0123456789', 15));
  return { RouterInterfaceId: ri.routerInterfaceId, OrderId: orderId };
};

function optionalField<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

const modifyRouterInterfaceAttribute: Handler = (ctx) => {
  const regionId = region(ctx);
  const ri = ownRouterInterface(ctx, regionId, required(ctx.params, 'RouterInterfaceId'));
  const oppositeInterfaceId = optional(ctx.params, 'OppositeInterfaceId');
  const oppositeRouterId = optional(ctx.params, 'OppositeRouterId');
  let oppositeRouterType = oneOf(ctx.params, 'OppositeRouterType', ROUTER_TYPES);
  const ownerText = optional(ctx.params, 'OppositeInterfaceOwnerId');
  const changesOpposite =
    oppositeInterfaceId !== undefined ||
    oppositeRouterId !== undefined ||
    oppositeRouterType !== undefined ||
    ownerText !== undefined;
  // The API meta gives OppositeRouterType the DEFAULT `VBR` (aliyun-api.md §3.3): a caller who sets
  // the opposite without it gets VBR, and the connect then fails. Emulated on purpose (UNCONFIRMED
  // whether the real service applies the default on modify).
  if (changesOpposite && oppositeRouterType === undefined) oppositeRouterType = 'VBR';
  const name = optional(ctx.params, 'Name');
  checkName(name, 'Name');
  const description = optional(ctx.params, 'Description');
  checkName(description, 'Description');
  const decision = decideRouterInterface(ctx.cloud.riWorld(), {
    kind: 'modifyAttribute',
    routerInterfaceId: ri.routerInterfaceId,
    changesOpposite,
  });
  if (decision.kind === 'refused') throw ApiError.from(decision.error);
  if (changesOpposite && oppositeRouterId !== undefined && oppositeRouterId === ri.routerId) {
    throw new ApiError(
      'IncorrectOppositeInterfaceInfo',
      400,
      'Cannot connect on the same router: the opposite router is the local router.',
    );
  }
  if (oppositeInterfaceId !== undefined) ri.oppositeInterfaceId = oppositeInterfaceId;
  if (oppositeRouterId !== undefined) ri.oppositeRouterId = oppositeRouterId;
  if (oppositeRouterType !== undefined) ri.oppositeRouterType = oppositeRouterType;
  if (ownerText !== undefined) ri.oppositeInterfaceOwnerId = ownerText;
  if (name !== undefined) ri.name = name;
  if (description !== undefined) ri.description = description;
  if (boolean(ctx.params, 'DeleteHealthCheckIp') === true) {
    ri.healthCheckSourceIp = '';
    ri.healthCheckTargetIp = '';
  }
  const hcSource = optional(ctx.params, 'HealthCheckSourceIp');
  if (hcSource !== undefined) ri.healthCheckSourceIp = hcSource;
  const hcTarget = optional(ctx.params, 'HealthCheckTargetIp');
  if (hcTarget !== undefined) ri.healthCheckTargetIp = hcTarget;
  ctx.cloud.dirty = true;
  return {};
};

function lifecycleCall(kind: 'connect' | 'activate' | 'deactivate'): Handler {
  return (ctx) => {
    const regionId = region(ctx);
    const ri = ownRouterInterface(ctx, regionId, required(ctx.params, 'RouterInterfaceId'));
    const decision = decideRouterInterface(ctx.cloud.riWorld(), { kind, routerInterfaceId: ri.routerInterfaceId });
    if (decision.kind === 'refused') throw ApiError.from(decision.error);
    ctx.cloud.applyRiEffects(decision.effects);
    return {};
  };
}

const deleteRouterInterface: Handler = (ctx) => {
  const regionId = region(ctx);
  const ri = ownRouterInterface(ctx, regionId, required(ctx.params, 'RouterInterfaceId'));
  const referencingRoutes = ctx.cloud.state.routeEntries.filter(
    (e) => e.nextHopType === 'RouterInterface' && e.nextHopId === ri.routerInterfaceId,
  ).length;
  const decision = decideRouterInterface(ctx.cloud.riWorld(), {
    kind: 'delete',
    routerInterfaceId: ri.routerInterfaceId,
    referencingRoutes,
  });
  if (decision.kind === 'refused') throw ApiError.from(decision.error);
  ctx.cloud.applyRiEffects(decision.effects);
  return {};
};

const modifyRouterInterfaceSpec: Handler = (ctx) => {
  const regionId = region(ctx);
  const ri = ownRouterInterface(ctx, regionId, required(ctx.params, 'RouterInterfaceId'));
  const spec = oneOf(ctx.params, 'Spec', RI_SPECS, { required: true })!;
  const decision = decideRouterInterface(ctx.cloud.riWorld(), {
    kind: 'modifySpec',
    routerInterfaceId: ri.routerInterfaceId,
    spec,
  });
  if (decision.kind === 'refused') throw ApiError.from(decision.error);
  ri.spec = spec;
  ctx.cloud.applyRiEffects(decision.effects);
  // Response: RequestId (other fields UNCONFIRMED, aliyun-api.md §3.7); the new spec and bandwidth
  // are added for convenience.
  return { Spec: spec, Bandwidth: bandwidthOf(spec) };
};

export const VPC_ACTIONS: Readonly<Record<string, { readonly handler: Handler; readonly mutates: boolean }>> = {
  DescribeVpcs: { handler: describeVpcs, mutates: false },
  DescribeVSwitches: { handler: describeVSwitches, mutates: false },
  DescribeVRouters: { handler: describeVRouters, mutates: false },
  DescribeRouteTables: { handler: describeRouteTables, mutates: false },
  DescribeRouteTableList: { handler: describeRouteTableList, mutates: false },
  DescribeRouteEntryList: { handler: describeRouteEntryList, mutates: false },
  DescribeRouterInterfaces: { handler: describeRouterInterfaces, mutates: false },
  CreateRouteEntry: { handler: createRouteEntry, mutates: true },
  DeleteRouteEntry: { handler: deleteRouteEntry, mutates: true },
  CreateRouterInterface: { handler: createRouterInterface, mutates: true },
  ModifyRouterInterfaceAttribute: { handler: modifyRouterInterfaceAttribute, mutates: true },
  ConnectRouterInterface: { handler: lifecycleCall('connect'), mutates: true },
  ActivateRouterInterface: { handler: lifecycleCall('activate'), mutates: true },
  DeactivateRouterInterface: { handler: lifecycleCall('deactivate'), mutates: true },
  DeleteRouterInterface: { handler: deleteRouterInterface, mutates: true },
  ModifyRouterInterfaceSpec: { handler: modifyRouterInterfaceSpec, mutates: true },
};
