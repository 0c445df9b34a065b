/** VPCs, vSwitches and vRouters: DescribeVpcs, DescribeVSwitches, DescribeVRouters (aliyun-api.md §5.1, §8a). */
import { cidrSize, parseCidr } from '../../../simulator/net';
import { checkRegion, region, type CallContext, type Handler } from '../context';
import { missingParameter } from '../errors';
import { long } from '../json';
import { boolean, optional, page } from '../params';
import type { VpcRec, VSwitchRec } from '../world';
import { RESOURCE_GROUP, commaList, ownVpcs, systemTable, tablesOfVpc, vSwitchesOfVpc } from './lookups';

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

export const describeVpcs: Handler = (ctx) => {
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

export const describeVSwitches: Handler = (ctx) => {
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

export const describeVRouters: Handler = (ctx) => {
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
