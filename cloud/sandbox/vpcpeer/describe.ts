/**
 * GetVpcPeerConnectionAttribute and ListVpcPeerConnections (aliyun-links.md §1.2–§1.3): the same
 * flat item in both, CIDR lists as plain JSON arrays (not the Vpc API's `{X:{X:[…]}}` wrapping).
 */
import { checkRegion, type CallContext, type Handler } from '../context';
import { invalidParameter } from '../errors';
import { long } from '../json';
import { optional, tokenPage } from '../params';
import { commaList } from '../vpc/lookups';
import { peerFor, visibleTo } from './lookups';
import { peersOf, type VpcPeerRec } from './state';

function vpcSide(ctx: CallContext, vpcId: string): Record<string, unknown> {
  const vpc = ctx.cloud.state.vpcs.find((v) => v.vpcId === vpcId);
  return { VpcId: vpcId, Ipv4Cidrs: vpc ? [vpc.cidrBlock, ...vpc.secondaryCidrBlocks] : [], Ipv6Cidrs: [] };
}

function peerItem(ctx: CallContext, p: VpcPeerRec): Record<string, unknown> {
  return {
    InstanceId: p.instanceId,
    Name: p.name,
    Description: p.description,
    GmtCreate: p.gmtCreate,
    GmtModified: p.gmtModified,
    // "returned only when Status is Accepting or Expired, else null" (§1.3).
    GmtExpired: (p.status === 'Accepting' || p.status === 'Expired') && p.gmtExpired ? p.gmtExpired : null,
    OwnerId: long(p.accountId),
    AcceptingOwnerUid: long(p.acceptingOwnerUid),
    RegionId: p.regionId,
    AcceptingRegionId: p.acceptingRegionId,
    Bandwidth: p.bandwidth,
    Status: p.status,
    BizStatus: 'Normal',
    LinkType: p.linkType,
    ManagedService: false,
    ResourceGroupId: p.resourceGroupId,
    Tags: [],
    Vpc: vpcSide(ctx, p.vpcId),
    AcceptingVpc: vpcSide(ctx, p.acceptingVpcId),
  };
}

export const getVpcPeerConnectionAttribute: Handler = (ctx) => peerItem(ctx, peerFor(ctx, 'either'));

/**
 * Filters: `RegionId` (the requester sees its connections in its region, the accepter in the
 * accepting region — a choice, §1.4 leaves what the accepter sees UNCONFIRMED), `InstanceId`,
 * `VpcId` (≤ 2, comma-joined; either end, both when two are given, §1.1), `Name`; paging
 * `MaxResults` 1–100 (default 20) with `NextToken` (§1.2).
 */
export const listVpcPeerConnections: Handler = (ctx) => {
  const regionId = optional(ctx.params, 'RegionId');
  if (regionId !== undefined) checkRegion(ctx, regionId, 'RegionId');
  const instanceId = optional(ctx.params, 'InstanceId');
  const vpcIds = commaList(ctx, 'VpcId', 2);
  const name = optional(ctx.params, 'Name');
  if (vpcIds && vpcIds.length === 0) throw invalidParameter('VpcId', 'give one or two VPC IDs.');
  const matches = peersOf(ctx.cloud.state).filter(
    (p) =>
      visibleTo(p, ctx.accountId) &&
      (regionId === undefined ||
        (p.accountId === ctx.accountId && p.regionId === regionId) ||
        (p.acceptingOwnerUid === ctx.accountId && p.acceptingRegionId === regionId)) &&
      (instanceId === undefined || p.instanceId === instanceId) &&
      (vpcIds === undefined || vpcIds.every((v) => v === p.vpcId || v === p.acceptingVpcId)) &&
      (name === undefined || p.name === name),
  );
  const page = tokenPage(ctx.params, matches, 'MaxResults', { min: 1, max: 100, fallback: 20 });
  return {
    TotalCount: matches.length,
    MaxResults: page.size,
    NextToken: page.nextToken,
    VpcPeerConnects: page.items.map((p) => peerItem(ctx, p)),
  };
};
