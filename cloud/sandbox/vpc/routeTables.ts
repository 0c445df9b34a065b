/** Route tables and their listed routes: DescribeRouteTables, DescribeRouteTableList, DescribeRouteEntryList (aliyun-api.md §4.1, §8a). */
import { createHash } from 'node:crypto';
import { canonicalRouteDestination } from '../../../simulator/lifecycle';
import { region, type CallContext, type Handler } from '../context';
import { long } from '../json';
import { oneOf, optional, page, repeatList, required, tokenPage } from '../params';
import type { RouteTableRec } from '../world';
import { RESOURCE_GROUP, ownTable, ownVpcs, vSwitchesOfVpc, vpcOfTable } from './lookups';

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

export const describeRouteTables: Handler = (ctx) => {
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

export const describeRouteTableList: Handler = (ctx) => {
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

export const describeRouteEntryList: Handler = (ctx) => {
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
