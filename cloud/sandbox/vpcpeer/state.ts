/**
 * VPC peering connections as sandbox records (VpcPeer 2022-01-01, aliyun-links.md §1): kept in
 * `WorldState.vpcPeerConnections` (optional, so state files written before it existed still load),
 * their asynchronous transitions, and the conversions from a seed document and to an exported one.
 */
import type { Topology } from '../../../simulator/document';
import type { WorldState } from '../world';

/** §1.4 status enum, less `Deleted`: a deleted connection is gone (Get answers ResourceNotFound). */
export type PeerStatus = 'Creating' | 'Accepting' | 'Updating' | 'Rejected' | 'Expired' | 'Activated' | 'Deleting';

/** Where a scheduled transition of a connection ends. */
export type PeerTaskStatus = 'Accepting' | 'Activated' | 'Expired' | 'Deleted';

export interface VpcPeerRec {
  instanceId: string;
  /** The requester's account (`OwnerId`). */
  accountId: string;
  regionId: string;
  vpcId: string;
  /** `AcceptingAliUid` on the request, `AcceptingOwnerUid` in answers (§1.3). */
  acceptingOwnerUid: string;
  acceptingRegionId: string;
  acceptingVpcId: string;
  name: string;
  description: string;
  /** Mbit/s; -1 = unlimited (intra-region, §1.5). */
  bandwidth: number;
  /** `Gold`/`Platinum` between regions, '' within one (§1.2). */
  linkType: string;
  status: PeerStatus;
  resourceGroupId: string;
  gmtCreate: string;
  gmtModified: string;
  /** Only while `Accepting` (§1.3: returned only when Accepting or Expired). */
  gmtExpired: string;
}

/** The connections of a state, created empty on first use. */
export function peersOf(state: WorldState): VpcPeerRec[] {
  return (state.vpcPeerConnections ??= []);
}

/** §1.5: inter-region default 1024 Mbit/s, intra-region -1 (unlimited). */
export function defaultBandwidth(regionId: string, acceptingRegionId: string): number {
  return regionId === acceptingRegionId ? -1 : 1024;
}

/** Applies a due transition and returns the connection (undefined once deleted, or deleted meanwhile). */
export function applyPeerTask(
  state: WorldState,
  instanceId: string,
  status: PeerTaskStatus,
  at: string,
): VpcPeerRec | undefined {
  const peers = peersOf(state);
  const index = peers.findIndex((p) => p.instanceId === instanceId);
  if (index < 0) return undefined;
  if (status === 'Deleted') {
    peers.splice(index, 1);
    return undefined;
  }
  const peer = peers[index]!;
  peer.status = status;
  peer.gmtModified = at;
  if (status === 'Activated') peer.gmtExpired = '';
  return peer;
}

/**
 * Seeds the connections of a document (mode `full`: everything the document has). A transient
 * status would never finish, so it starts where it was heading (§1.4); `Deleting`/`Deleted` ones
 * are left out. Absent status = `Activated` (topology-format.md §4.1).
 */
export function seedPeers(state: WorldState, seed: Topology, created: string): void {
  for (const pcc of seed.vpcPeerConnections ?? []) {
    const requester = state.vpcs.find((v) => v.vpcId === pcc.vpcId);
    const accepter = state.vpcs.find((v) => v.vpcId === pcc.acceptingVpcId);
    if (!requester || !accepter) continue;
    const given = pcc.status ?? 'Activated';
    const sameAccount = requester.accountId === accepter.accountId;
    const status: PeerStatus | undefined =
      given === 'Creating'
        ? sameAccount
          ? 'Activated'
          : 'Accepting'
        : given === 'Updating'
          ? 'Activated'
          : given === 'Deleting' || given === 'Deleted'
            ? undefined
            : (given as PeerStatus);
    if (!status) continue;
    peersOf(state).push({
      instanceId: pcc.instanceId,
      accountId: requester.accountId,
      regionId: requester.regionId,
      vpcId: requester.vpcId,
      acceptingOwnerUid: accepter.accountId,
      acceptingRegionId: accepter.regionId,
      acceptingVpcId: accepter.vpcId,
      name: pcc.name ?? '',
      description: '',
      bandwidth: pcc.bandwidth ?? defaultBandwidth(requester.regionId, accepter.regionId),
      linkType: requester.regionId === accepter.regionId ? '' : 'Gold',
      status,
      resourceGroupId: '',
      gmtCreate: created,
      gmtModified: created,
      gmtExpired: '',
    });
  }
}

/** The connections as the document's `vpcPeerConnections` (only when there are any). */
export function exportPeers(state: WorldState): Pick<Topology, 'vpcPeerConnections'> {
  const peers = state.vpcPeerConnections ?? [];
  if (!peers.length) return {};
  return {
    vpcPeerConnections: peers.map((p) => ({
      instanceId: p.instanceId,
      vpcId: p.vpcId,
      acceptingVpcId: p.acceptingVpcId,
      ...(p.name ? { name: p.name } : {}),
      acceptingOwnerUid: p.acceptingOwnerUid,
      acceptingRegionId: p.acceptingRegionId,
      bandwidth: p.bandwidth,
      status: p.status,
    })),
  };
}
