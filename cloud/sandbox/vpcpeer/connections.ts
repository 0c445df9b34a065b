/**
 * The VpcPeer writes (aliyun-links.md §1.2, §1.4, §1.9): Create, Accept, Reject, Delete, Modify,
 * with the real status flow — a same-account request goes Creating → Activated by itself, a
 * cross-account one Creating → Accepting until the accepter's account accepts (Updating →
 * Activated) or rejects (Rejected); Delete goes Deleting → gone; Modify of the bandwidth Updating →
 * Activated. Every code is from §1.9; where the sources do not say which case answers which code,
 * the choice is commented.
 */
import { checkRegion, region, type CallContext, type Handler } from '../context';
import { ApiError, invalidParameter } from '../errors';
import { boolean, integer, oneOf, optional, required } from '../params';
import { newResourceId } from '../rng';
import { isoTime } from '../world';
import { RESOURCE_GROUP } from '../vpc/lookups';
import { incorrectStatus, peerFor } from './lookups';
import { defaultBandwidth, peersOf, type VpcPeerRec } from './state';

/**
 * How long a cross-account request waits for the accepter: 7 days, the gap of the doc's sample
 * (GmtCreate → GmtExpired, §1.4); the real window is UNCONFIRMED (a choice).
 */
const ACCEPT_WINDOW_MS = 7 * 24 * 3600 * 1000;

/** Connections per VPC: the code is a fact (§1.8), the number a choice (the limits are UNCONFIRMED). */
const PEERS_PER_VPC = 20;

/** Ends of a connection that still hold the pair (a rejected, expired or deleting one does not). */
const HOLDING: ReadonlySet<VpcPeerRec['status']> = new Set(['Creating', 'Accepting', 'Updating', 'Activated']);

function dryRun(ctx: CallContext): void {
  if (boolean(ctx.params, 'DryRun') === true)
    throw new ApiError('DryRunOperation', 400, 'Request validation has been passed with DryRun flag set.');
}

/** "The specified resource of %s is not found." (§1.9 wording) for a VPC the call names. */
function vpcNotFound(name: string, vpcId: string): ApiError {
  // Code: a choice in the ResourceNotFound.<Param> family of §1.9 (Create lists no not-found code).
  return new ApiError(`ResourceNotFound.${name}`, 400, `The specified resource of ${name} [${vpcId}] is not found.`);
}

function quotaCheck(ctx: CallContext, vpcId: string): void {
  const usage = peersOf(ctx.cloud.state).filter(
    (p) => HOLDING.has(p.status) && (p.vpcId === vpcId || p.acceptingVpcId === vpcId),
  ).length;
  if (usage >= PEERS_PER_VPC)
    throw new ApiError(
      'QuotaExceeded.VpcPeerCountPerVpc',
      400,
      `The quota of VpcPeerCountPerVpc is exceeded, usage ${usage}/${PEERS_PER_VPC}.`,
    );
}

export const createVpcPeerConnection: Handler = (ctx) => {
  const regionId = region(ctx);
  const vpcId = required(ctx.params, 'VpcId');
  const acceptingAliUid = required(ctx.params, 'AcceptingAliUid');
  if (!/^\d{1,20}$/.test(acceptingAliUid)) throw invalidParameter('AcceptingAliUid', 'must be an account ID (int64).');
  const acceptingRegionId = required(ctx.params, 'AcceptingRegionId');
  checkRegion(ctx, acceptingRegionId, 'AcceptingRegionId');
  const acceptingVpcId = required(ctx.params, 'AcceptingVpcId');
  const vpc = ctx.cloud.state.vpcs.find(
    (v) => v.vpcId === vpcId && v.accountId === ctx.accountId && v.regionId === regionId,
  );
  if (!vpc) throw vpcNotFound('VpcId', vpcId);
  const accepting = ctx.cloud.state.vpcs.find(
    (v) => v.vpcId === acceptingVpcId && v.accountId === acceptingAliUid && v.regionId === acceptingRegionId,
  );
  if (!accepting) throw vpcNotFound('AcceptingVpcId', acceptingVpcId);
  if (accepting.vpcId === vpc.vpcId) throw invalidParameter('AcceptingVpcId', 'a VPC cannot be peered with itself.');
  const interRegion = regionId !== acceptingRegionId;
  // Bandwidth and LinkType are for inter-region connections only (§1.2, §1.5); refusing them within
  // one region (rather than ignoring them) is a choice.
  const bandwidthText = optional(ctx.params, 'Bandwidth');
  if (bandwidthText !== undefined && !interRegion)
    throw invalidParameter('Bandwidth', 'may be set only for a connection between two regions.');
  const bandwidth = integer(ctx.params, 'Bandwidth', {
    min: 1,
    max: 2_147_483_647,
    fallback: defaultBandwidth(regionId, acceptingRegionId),
  });
  const linkType = oneOf(ctx.params, 'LinkType', ['Gold', 'Platinum'] as const);
  if (linkType !== undefined && !interRegion)
    throw invalidParameter('LinkType', 'may be set only for a connection between two regions.');
  // One live connection per pair of VPCs (code: fact §1.9; the rule: a choice).
  const existing = peersOf(ctx.cloud.state).find(
    (p) =>
      HOLDING.has(p.status) &&
      ((p.vpcId === vpcId && p.acceptingVpcId === acceptingVpcId) ||
        (p.vpcId === acceptingVpcId && p.acceptingVpcId === vpcId)),
  );
  if (existing)
    throw new ApiError(
      'ResourceAlreadyExist.VpcPeer',
      400,
      `The specified resource of VpcPeer [${existing.instanceId}] already exists.`,
    );
  quotaCheck(ctx, vpcId);
  quotaCheck(ctx, acceptingVpcId);
  dryRun(ctx);
  const now = ctx.cloud.nowIso();
  const sameAccount = acceptingAliUid === ctx.accountId;
  const peer: VpcPeerRec = {
    instanceId: newResourceId(ctx.cloud.rng, 'pcc', regionId),
    accountId: ctx.accountId,
    regionId,
    vpcId,
    acceptingOwnerUid: acceptingAliUid,
    acceptingRegionId,
    acceptingVpcId,
    name: optional(ctx.params, 'Name') ?? '',
    description: optional(ctx.params, 'Description') ?? '',
    bandwidth,
    linkType: interRegion ? (linkType ?? 'Gold') : '',
    status: 'Creating',
    resourceGroupId: optional(ctx.params, 'ResourceGroupId') ?? RESOURCE_GROUP,
    gmtCreate: now,
    gmtModified: now,
    gmtExpired: sameAccount ? '' : isoTime(ctx.cloud.now() + ACCEPT_WINDOW_MS),
  };
  peersOf(ctx.cloud.state).push(peer);
  // §1.4: same account → Activated by itself; cross-account → Accepting.
  ctx.cloud.schedulePeer(peer.instanceId, sameAccount ? 'Activated' : 'Accepting', 'connect');
  return { InstanceId: peer.instanceId };
};

/** The accepter's account, on the same `pcc-…` ID (§1.4): Accepting → Updating → Activated. */
export const acceptVpcPeerConnection: Handler = (ctx) => {
  const peer = peerFor(ctx, 'accepter');
  if (peer.status !== 'Accepting') throw incorrectStatus(peer, 'only a connection in Accepting can be accepted.');
  dryRun(ctx);
  peer.status = 'Updating';
  peer.gmtModified = ctx.cloud.nowIso();
  ctx.cloud.schedulePeer(peer.instanceId, 'Activated', 'activate');
  return {};
};

/** The accepter's account, cross-account only (§1.4): Accepting → Rejected. */
export const rejectVpcPeerConnection: Handler = (ctx) => {
  const peer = peerFor(ctx, 'accepter');
  if (peer.status !== 'Accepting') throw incorrectStatus(peer, 'only a connection in Accepting can be rejected.');
  dryRun(ctx);
  ctx.cloud.cancelPeerTasks(peer.instanceId);
  peer.status = 'Rejected';
  peer.gmtModified = ctx.cloud.nowIso();
  peer.gmtExpired = '';
  return {};
};

/**
 * Either end may delete (a choice). Routes still pointing at it refuse the call without `Force`;
 * `Force=true` deletes them (§1.6). Not while it is changing (Creating, Updating, Deleting).
 */
export const deleteVpcPeerConnection: Handler = (ctx) => {
  const peer = peerFor(ctx, 'either');
  if (peer.status === 'Creating' || peer.status === 'Updating' || peer.status === 'Deleting')
    throw incorrectStatus(peer, 'wait until it is no longer changing.');
  const routes = ctx.cloud.state.routeEntries.filter(
    (e) => e.nextHopType === 'VpcPeer' && e.nextHopId === peer.instanceId && e.status !== 'Deleting',
  );
  const force = boolean(ctx.params, 'Force') === true;
  if (routes.length && !force)
    throw new ApiError(
      'OperationDenied.RouteEntryExist',
      400,
      `The operation is not allowed because of existing routeEntry point to VpcPeer: ${routes.map((e) => e.routeEntryId).join(', ')}.`,
    );
  dryRun(ctx);
  for (const entry of routes) {
    entry.status = 'Deleting';
    ctx.cloud.scheduleRoute(entry, 'Deleted');
  }
  peer.status = 'Deleting';
  peer.gmtModified = ctx.cloud.nowIso();
  ctx.cloud.schedulePeer(peer.instanceId, 'Deleted', 'delete');
  return {};
};

/**
 * The requester's account (a choice, as terraform modifies from the requester's provider, §1.10):
 * name and description at once; a bandwidth or link-type change Updating → Activated (§1.4).
 */
export const modifyVpcPeerConnection: Handler = (ctx) => {
  const peer = peerFor(ctx, 'requester');
  if (peer.status !== 'Activated') throw incorrectStatus(peer, 'only an Activated connection can be modified.');
  const interRegion = peer.regionId !== peer.acceptingRegionId;
  const bandwidthText = optional(ctx.params, 'Bandwidth');
  if (bandwidthText !== undefined && !interRegion)
    throw new ApiError(
      'OperationFailed.BandwidthCannotBeChangedInSameRegion',
      400,
      `The bandwidth of ${peer.instanceId} cannot be changed: both VPCs are in ${peer.regionId}.`,
    );
  const bandwidth =
    bandwidthText === undefined
      ? undefined
      : integer(ctx.params, 'Bandwidth', { min: 1, max: 2_147_483_647, fallback: peer.bandwidth });
  const linkType = oneOf(ctx.params, 'LinkType', ['Gold', 'Platinum'] as const);
  if (linkType !== undefined && !interRegion)
    throw invalidParameter('LinkType', 'may be set only for a connection between two regions.');
  dryRun(ctx);
  const name = optional(ctx.params, 'Name');
  const description = optional(ctx.params, 'Description');
  if (name !== undefined) peer.name = name;
  if (description !== undefined) peer.description = description;
  peer.gmtModified = ctx.cloud.nowIso();
  const changesLink =
    (bandwidth !== undefined && bandwidth !== peer.bandwidth) || (linkType !== undefined && linkType !== peer.linkType);
  if (bandwidth !== undefined) peer.bandwidth = bandwidth;
  if (linkType !== undefined) peer.linkType = linkType;
  if (changesLink) {
    peer.status = 'Updating';
    ctx.cloud.schedulePeer(peer.instanceId, 'Activated', 'activate');
  }
  ctx.cloud.dirty = true;
  return {};
};
