/**
 * Look-ups the engine makes before retrying an ambiguous call and while polling: "did my create
 * happen?" (by natural key, since the ID is what was lost) and "what state is it in now?".
 */
import { CloudError, normaliseLong, type CallOptions, type CloudClient } from '../client';
import { hasMarker, normaliseCidr, type RouterInterfaceKey, type VpcPeerKey } from '../../simulator/plan';

export interface LiveRouterInterface {
  readonly routerInterfaceId: string;
  readonly status: string;
  readonly role: string;
  readonly routerId: string;
  readonly oppositeInterfaceId: string;
  readonly oppositeRouterId: string;
  readonly oppositeRegionId: string;
  readonly oppositeInterfaceOwnerId: string;
}

function str(value: unknown): string {
  return typeof value === 'string' ? value : value === undefined || value === null ? '' : normaliseLong(value);
}

function mapRi(raw: Record<string, unknown>): LiveRouterInterface {
  return {
    routerInterfaceId: str(raw.RouterInterfaceId),
    status: str(raw.Status),
    role: str(raw.Role),
    routerId: str(raw.RouterId),
    oppositeInterfaceId: str(raw.OppositeInterfaceId),
    oppositeRouterId: str(raw.OppositeRouterId),
    oppositeRegionId: str(raw.OppositeRegionId),
    oppositeInterfaceOwnerId: str(raw.OppositeInterfaceOwnerId),
  };
}

function riList(response: Record<string, unknown>): Record<string, unknown>[] {
  const set = response.RouterInterfaceSet as { RouterInterfaceType?: unknown } | undefined;
  return Array.isArray(set?.RouterInterfaceType) ? (set.RouterInterfaceType as Record<string, unknown>[]) : [];
}

/** The interfaces of a DescribeRouterInterfaces response. */
export function mapRouterInterfaces(response: Record<string, unknown>): LiveRouterInterface[] {
  return riList(response).map(mapRi);
}

/** DescribeRouterInterfaces filtered by ID (aliyun-api.md §3.8); undefined when it no longer exists. */
export async function describeRouterInterface(
  client: CloudClient,
  regionId: string,
  id: string,
  options?: CallOptions,
): Promise<LiveRouterInterface | undefined> {
  const response = await client.call(
    'vpc',
    regionId,
    'DescribeRouterInterfaces',
    { Filter: [{ Key: 'RouterInterfaceId', Value: [id] }], PageSize: 50 },
    options,
  );
  return riList(response)
    .map(mapRi)
    .find((ri) => ri.routerInterfaceId === id);
}

/**
 * The live interface with this natural key: DescribeRouterInterfaces filtered by RouterId, then
 * role, opposite region and (when known on both sides) opposite router. Pages through (≤50 per
 * page, at most 5 RIs per router anyway, §3.1). Interfaces being deleted are ignored.
 */
export async function findRouterInterfaceByKey(
  client: CloudClient,
  key: RouterInterfaceKey,
  options?: CallOptions,
): Promise<LiveRouterInterface | undefined> {
  const found: LiveRouterInterface[] = [];
  for (let page = 1; page <= 20; page++) {
    const response = await client.call(
      'vpc',
      key.regionId,
      'DescribeRouterInterfaces',
      { Filter: [{ Key: 'RouterId', Value: [key.routerId] }], PageSize: 50, PageNumber: page },
      options,
    );
    const items = riList(response).map(mapRi);
    found.push(...items);
    const total = Number(response.TotalCount ?? items.length);
    if (items.length < 50 || found.length >= total) break;
  }
  const candidates = found.filter(
    (ri) =>
      ri.routerId === key.routerId &&
      ri.role === key.role &&
      ri.oppositeRegionId === key.oppositeRegionId &&
      ri.status !== 'Deleting',
  );
  const exact = candidates.find(
    (ri) => key.oppositeRouterId !== undefined && ri.oppositeRouterId === key.oppositeRouterId,
  );
  return exact ?? candidates.find((ri) => ri.oppositeRouterId === '' || key.oppositeRouterId === undefined);
}

export interface LiveRouteEntry {
  readonly routeEntryId: string;
  readonly status: string;
  readonly nextHopType: string;
  readonly nextHopId: string;
}

/** The custom route of a table for a destination (DescribeRouteEntryList, aliyun-api.md §4.1). */
export async function findRouteEntry(
  client: CloudClient,
  regionId: string,
  routeTableId: string,
  destinationCidrBlock: string,
  options?: CallOptions,
): Promise<LiveRouteEntry | undefined> {
  const response = await client.call(
    'vpc',
    regionId,
    'DescribeRouteEntryList',
    { RouteTableId: routeTableId, DestinationCidrBlock: destinationCidrBlock, MaxResult: 100 },
    options,
  );
  return routeEntryIn(response, destinationCidrBlock);
}

/** The custom route for `destinationCidrBlock` among a DescribeRouteEntryList response's entries. */
export function routeEntryIn(
  response: Record<string, unknown>,
  destinationCidrBlock: string,
): LiveRouteEntry | undefined {
  const wrapper = response.RouteEntrys as { RouteEntry?: unknown } | undefined;
  const entries = Array.isArray(wrapper?.RouteEntry) ? (wrapper.RouteEntry as Record<string, unknown>[]) : [];
  const wanted = normaliseCidr(destinationCidrBlock);
  for (const e of entries) {
    if (normaliseCidr(str(e.DestinationCidrBlock)) !== wanted) continue;
    if (e.Type !== undefined && e.Type !== 'Custom') continue;
    const hops = (e.NextHops as { NextHop?: unknown } | undefined)?.NextHop;
    const hop = Array.isArray(hops) && hops.length > 0 ? (hops[0] as Record<string, unknown>) : undefined;
    return {
      routeEntryId: str(e.RouteEntryId),
      status: str(e.Status),
      nextHopType: str(hop?.NextHopType ?? e.NextHopType),
      nextHopId: str(hop?.NextHopId ?? e.InstanceId),
    };
  }
  return undefined;
}

/** A VPC peering connection as GetVpcPeerConnectionAttribute / ListVpcPeerConnections return it (aliyun-links.md §1.3). */
export interface LiveVpcPeerConnection {
  readonly instanceId: string;
  readonly status: string;
  readonly vpcId: string;
  readonly acceptingVpcId: string;
  readonly acceptingOwnerUid: string;
  readonly acceptingRegionId: string;
  readonly bandwidth: number | undefined;
}

function mapPcc(raw: Record<string, unknown>): LiveVpcPeerConnection {
  const vpcOf = (value: unknown) => str((value as { VpcId?: unknown } | undefined)?.VpcId);
  const bandwidth = Number(raw.Bandwidth);
  return {
    instanceId: str(raw.InstanceId),
    status: str(raw.Status),
    vpcId: vpcOf(raw.Vpc),
    acceptingVpcId: vpcOf(raw.AcceptingVpc),
    // The response says AcceptingOwnerUid where the request said AcceptingAliUid (§1.3).
    acceptingOwnerUid: str(raw.AcceptingOwnerUid),
    acceptingRegionId: str(raw.AcceptingRegionId),
    bandwidth: raw.Bandwidth === undefined || Number.isNaN(bandwidth) ? undefined : bandwidth,
  };
}

/** GetVpcPeerConnectionAttribute; undefined once the connection is gone (`ResourceNotFound.InstanceId`, §1.9, terraform's test of deletion §1.4). */
export async function describeVpcPeerConnection(
  client: CloudClient,
  instanceId: string,
  options?: CallOptions,
): Promise<LiveVpcPeerConnection | undefined> {
  try {
    // No RegionId: the central endpoint finds the connection by its ID (aliyun-links.md §1.1, §1.2).
    const response = await client.call(
      'vpcpeer',
      '',
      'GetVpcPeerConnectionAttribute',
      { InstanceId: instanceId },
      options,
    );
    const found = mapPcc(response);
    return found.instanceId === '' || found.status === 'Deleted' ? undefined : found;
  } catch (error) {
    if (error instanceof CloudError && error.code === 'ResourceNotFound.InstanceId') return undefined;
    throw error;
  }
}

/** Statuses of a connection that is leaving: never the one a look-up by key returns. */
const PCC_GONE = new Set(['Deleting', 'Deleted']);
const PCC_REFUSED = new Set(['Rejected', 'Expired']);

/**
 * The live connection with this natural key, in the requester's account: ListVpcPeerConnections
 * filtered by both VPC IDs (`VpcId=vpc-a,vpc-b`, the API's `style: simple`, §1.1), then by
 * direction. A working connection ranks above a Rejected/Expired one; leaving ones are ignored.
 */
export async function findVpcPeerConnectionByKey(
  client: CloudClient,
  key: VpcPeerKey,
  options?: CallOptions,
): Promise<LiveVpcPeerConnection | undefined> {
  const found: LiveVpcPeerConnection[] = [];
  let nextToken: string | undefined;
  for (let page = 0; page < 20; page++) {
    const response = await client.call(
      'vpcpeer',
      key.regionId,
      'ListVpcPeerConnections',
      {
        RegionId: key.regionId,
        VpcId: `${key.vpcId},${key.acceptingVpcId}`,
        MaxResults: 100,
        ...(nextToken ? { NextToken: nextToken } : {}),
      },
      options,
    );
    const items = Array.isArray(response.VpcPeerConnects)
      ? (response.VpcPeerConnects as Record<string, unknown>[])
      : [];
    found.push(...items.map(mapPcc));
    nextToken = typeof response.NextToken === 'string' && response.NextToken !== '' ? response.NextToken : undefined;
    if (!nextToken || items.length === 0) break;
  }
  const candidates = found.filter(
    (p) =>
      p.vpcId === key.vpcId &&
      p.acceptingVpcId === key.acceptingVpcId &&
      (p.acceptingOwnerUid === '' || p.acceptingOwnerUid === key.acceptingAccountId) &&
      !PCC_GONE.has(p.status),
  );
  return candidates.find((p) => !PCC_REFUSED.has(p.status)) ?? candidates[0];
}

// ---------------------------------------------------------------- network ACLs (aliyun-dataplane.md §1.2)

export interface LiveNetworkAcl {
  readonly networkAclId: string;
  readonly vpcId: string;
  /** `Available` or `Modifying` (§1.3). */
  readonly status: string;
  readonly description: string;
  /** vSwitch ID → binding status (`BINDING`, `BINDED`, …). */
  readonly resources: ReadonlyMap<string, string>;
}

function mapNetworkAcl(raw: Record<string, unknown>): LiveNetworkAcl {
  const wrapper = raw.Resources as { Resource?: unknown } | undefined;
  const resources = Array.isArray(wrapper?.Resource) ? (wrapper.Resource as Record<string, unknown>[]) : [];
  return {
    networkAclId: str(raw.NetworkAclId),
    vpcId: str(raw.VpcId),
    status: str(raw.Status),
    description: str(raw.Description),
    resources: new Map(resources.map((r) => [str(r.ResourceId), str(r.Status)])),
  };
}

function aclList(response: Record<string, unknown>): LiveNetworkAcl[] {
  const wrapper = response.NetworkAcls as { NetworkAcl?: unknown } | undefined;
  return Array.isArray(wrapper?.NetworkAcl) ? (wrapper.NetworkAcl as Record<string, unknown>[]).map(mapNetworkAcl) : [];
}

/** DescribeNetworkAcls filtered by ID; undefined when it no longer exists. */
export async function describeNetworkAcl(
  client: CloudClient,
  regionId: string,
  networkAclId: string,
  options?: CallOptions,
): Promise<LiveNetworkAcl | undefined> {
  const response = await client.call('vpc', regionId, 'DescribeNetworkAcls', { NetworkAclId: networkAclId }, options);
  return aclList(response).find((a) => a.networkAclId === networkAclId);
}

/**
 * The ACL of a VPC whose Description carries `tag` as a whole token (the ACL vpclink created for
 * one document ACL, simulator/plan networkAclChanges.ts). Pages through (≤50 per page, §1.1; at
 * most 20 ACLs per VPC, §1.5).
 */
export async function findNetworkAclByTag(
  client: CloudClient,
  regionId: string,
  vpcId: string,
  tag: string,
  options?: CallOptions,
): Promise<LiveNetworkAcl | undefined> {
  for (let page = 1; page <= 20; page++) {
    const response = await client.call(
      'vpc',
      regionId,
      'DescribeNetworkAcls',
      { VpcId: vpcId, PageSize: 50, PageNumber: page },
      options,
    );
    const items = aclList(response);
    const found = items.find((a) => a.vpcId === vpcId && hasMarker(a.description, tag));
    if (found) return found;
    if (items.length < 50 || page * 50 >= Number(response.TotalCount ?? 0)) return undefined;
  }
  return undefined;
}
