/** Lookups restricted to the calling account, shared by the VPC resource families. */
import { type CallContext } from '../context';
import { ApiError, invalidParameter } from '../errors';
import { optional } from '../params';
import type { RouteTableRec, RouterInterfaceRec, VpcRec, VSwitchRec } from '../world';

export const RESOURCE_GROUP = 'rg-acfmsandbox000000';

export function ownVpcs(ctx: CallContext, regionId: string): VpcRec[] {
  return ctx.cloud.state.vpcs.filter((v) => v.accountId === ctx.accountId && v.regionId === regionId);
}

export function vpcOfTable(ctx: CallContext, table: RouteTableRec): VpcRec {
  return ctx.cloud.state.vpcs.find((v) => v.vpcId === table.vpcId)!;
}

export function ownTable(ctx: CallContext, regionId: string, routeTableId: string): RouteTableRec {
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

export function ownRouterInterface(ctx: CallContext, regionId: string, id: string): RouterInterfaceRec {
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

export function vSwitchesOfVpc(ctx: CallContext, vpcId: string): VSwitchRec[] {
  return ctx.cloud.state.vSwitches.filter((s) => s.vpcId === vpcId);
}

export function tablesOfVpc(ctx: CallContext, vpcId: string): RouteTableRec[] {
  return ctx.cloud.state.routeTables.filter((t) => t.vpcId === vpcId);
}

export function systemTable(ctx: CallContext, vpcId: string): RouteTableRec {
  return ctx.cloud.state.routeTables.find((t) => t.vpcId === vpcId && t.routeTableType === 'System')!;
}

export function commaList(ctx: CallContext, name: string, max: number): string[] | undefined {
  const value = optional(ctx.params, name);
  if (value === undefined) return undefined;
  const items = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (items.length > max) throw invalidParameter(name, `at most ${max} IDs.`);
  return items;
}
