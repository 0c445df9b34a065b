/**
 * VPC peering connections (VpcPeer 2022-01-01, aliyun-links.md §1): ListVpcPeerConnections in each
 * (account, region) the import covers, each item mapped to a `vpcPeerConnections[]` resource
 * (topology-format.md §4.1), and the two views of a cross-account connection — the requester's and
 * the accepter's list the same `pcc-…` ID (§1.4) — merged into one resource.
 */
import { collect, normaliseLong, type CallOptions, type CloudClient } from '../client';
import type { TopologyInput } from '../../simulator/document';
import { text, type Mapped } from './map';

type Item = Readonly<Record<string, unknown>>;
export type VpcPeerInput = NonNullable<TopologyInput['vpcPeerConnections']>[number];

/** One region's connections, both ends' views (§1.2: NextToken/MaxResults ≤ 100, a bare array). */
export function describePeerings(client: CloudClient, regionId: string, options: CallOptions): Promise<Item[]> {
  return collect({
    client,
    // VpcPeer has one central endpoint (§1.1); the region is the `RegionId` filter.
    regionId,
    options,
    product: 'vpcpeer',
    action: 'ListVpcPeerConnections',
    params: { RegionId: regionId },
    style: { kind: 'nextToken', sizeParam: 'MaxResults', size: 100 },
    items: ['VpcPeerConnects'],
  });
}

function vpcIdOf(item: Item, key: 'Vpc' | 'AcceptingVpc'): string {
  const side = item[key];
  return typeof side === 'object' && side !== null ? text(side as Item, 'VpcId') : '';
}

function cidrsOf(item: Item, key: 'Vpc' | 'AcceptingVpc', family: 'Ipv6Cidrs'): unknown[] {
  const side = item[key];
  const list = typeof side === 'object' && side !== null ? (side as Item)[family] : undefined;
  return Array.isArray(list) ? list : [];
}

/**
 * An item of ListVpcPeerConnections / GetVpcPeerConnectionAttribute (§1.3) → a document resource.
 * What the document has no field for and that can matter is named in a warning (an `info`
 * finding): a `BizStatus` other than `Normal`, IPv6 CIDR blocks, tags, a Platinum link. The
 * description is kept (an extra field, like a route's): it carries vpclink's ownership marker (plan/owner.ts).
 */
export function mapVpcPeerConnection(item: Item): Mapped<VpcPeerInput> {
  const instanceId = text(item, 'InstanceId');
  if (!instanceId) return { kind: 'skipped', warning: 'a VPC peering connection without InstanceId; left out' };
  const vpcId = vpcIdOf(item, 'Vpc');
  const acceptingVpcId = vpcIdOf(item, 'AcceptingVpc');
  if (!vpcId || !acceptingVpcId)
    return {
      kind: 'skipped',
      warning: `VPC peering connection ${instanceId}: Vpc.VpcId or AcceptingVpc.VpcId missing; left out`,
    };
  const bandwidth = Number(normaliseLongOrEmpty(item.Bandwidth));
  const warnings: string[] = [];
  const hasBandwidth = item.Bandwidth !== undefined && item.Bandwidth !== null && item.Bandwidth !== '';
  if (hasBandwidth && !Number.isFinite(bandwidth))
    warnings.push(
      `VPC peering connection ${instanceId}: Bandwidth ${JSON.stringify(item.Bandwidth)} is not a number; left out`,
    );
  const bizStatus = text(item, 'BizStatus');
  if (bizStatus && bizStatus !== 'Normal')
    warnings.push(
      `VPC peering connection ${instanceId}: BizStatus ${bizStatus} (e.g. an overdue payment) is not in the document; a verdict through it can be too permissive`,
    );
  if (cidrsOf(item, 'Vpc', 'Ipv6Cidrs').length || cidrsOf(item, 'AcceptingVpc', 'Ipv6Cidrs').length)
    warnings.push(`VPC peering connection ${instanceId}: IPv6 CIDR blocks are not in the document (IPv4 only)`);
  const notKept = [
    Array.isArray(item.Tags) && item.Tags.length ? 'Tags' : '',
    text(item, 'LinkType') === 'Platinum' ? 'LinkType Platinum' : '',
  ].filter(Boolean);
  if (notKept.length)
    warnings.push(`VPC peering connection ${instanceId}: ${notKept.join(', ')} not kept (the document has no field)`);
  const name = text(item, 'Name');
  const description = text(item, 'Description');
  const acceptingOwnerUid = text(item, 'AcceptingOwnerUid');
  const acceptingRegionId = text(item, 'AcceptingRegionId');
  const status = text(item, 'Status');
  return {
    kind: 'ok',
    value: {
      instanceId,
      vpcId,
      acceptingVpcId,
      ...(name ? { name } : {}),
      ...(description ? { description } : {}),
      ...(acceptingOwnerUid ? { acceptingOwnerUid } : {}),
      ...(acceptingRegionId ? { acceptingRegionId } : {}),
      ...(Number.isFinite(bandwidth) && hasBandwidth ? { bandwidth } : {}),
      ...(status ? { status } : {}),
    },
    warnings,
  };
}

function normaliseLongOrEmpty(value: unknown): string {
  if (value === undefined || value === null || value === '') return 'NaN';
  try {
    return normaliseLong(value);
  } catch {
    // Not a number the cloud could mean (an object, Infinity): NaN, which mapVpcPeerConnection warns about.
    return 'NaN';
  }
}

/**
 * One resource per `pcc-…` ID. Both ends of a cross-account connection list it (and a same-account
 * one between two regions shows in both regions): the views agree but for timing; when their
 * statuses differ, the one that is not `Activated` is kept, and said.
 */
export function mergePeerings(views: readonly VpcPeerInput[], warnings: string[]): VpcPeerInput[] {
  const byId = new Map<string, VpcPeerInput>();
  for (const view of views) {
    const first = byId.get(view.instanceId);
    if (!first) {
      byId.set(view.instanceId, view);
      continue;
    }
    if (first.status === view.status) continue;
    // A wrong "reachable" is the worst bug: of two answers, keep the one that is not Activated.
    const kept = first.status === 'Activated' ? view : first;
    byId.set(view.instanceId, kept);
    warnings.push(
      `VPC peering connection ${view.instanceId}: its two ends answered the statuses ${first.status ?? '(none)'} and ` +
        `${view.status ?? '(none)'} (it changed during the import?); kept ${kept.status ?? '(none)'}`,
    );
  }
  return [...byId.values()].sort((a, b) => (a.instanceId < b.instanceId ? -1 : a.instanceId > b.instanceId ? 1 : 0));
}
