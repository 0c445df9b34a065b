/** Finding a connection as the calling account may see it, and the VpcPeer errors (aliyun-links.md §1.9). */
import type { CallContext } from '../context';
import { ApiError } from '../errors';
import { required } from '../params';
import { peersOf, type VpcPeerRec } from './state';

/** Both ends see a connection: the requester's account and the accepter's (§1.4, same `pcc-…` ID). */
export function visibleTo(peer: VpcPeerRec, accountId: string): boolean {
  return peer.accountId === accountId || peer.acceptingOwnerUid === accountId;
}

/** `ResourceNotFound.InstanceId` — "The specified resource of %s is not found." (§1.9; all 400). */
export function peerNotFound(id: string): ApiError {
  return new ApiError('ResourceNotFound.InstanceId', 400, `The specified resource of InstanceId [${id}] is not found.`);
}

/** `IncorrectStatus.VpcPeer` — "The status of %s [%s] is incorrect." (§1.9), with why. */
export function incorrectStatus(peer: VpcPeerRec, why: string): ApiError {
  return new ApiError(
    'IncorrectStatus.VpcPeer',
    400,
    `The status of VpcPeer [${peer.instanceId}] is incorrect: it is ${peer.status}; ${why}`,
  );
}

/**
 * The connection `InstanceId` names, when `who` may act on it: `either` end, or only the `accepter`
 * / `requester`. Another account's connection is not found for it — a choice: the sources do not
 * say what a call from the wrong end answers, and a "not found" is never mistaken for the
 * "already accepted" `IncorrectStatus.VpcPeer` that terraform ignores (§1.10).
 */
export function peerFor(ctx: CallContext, who: 'either' | 'accepter' | 'requester'): VpcPeerRec {
  const id = required(ctx.params, 'InstanceId');
  const peer = peersOf(ctx.cloud.state).find((p) => p.instanceId === id);
  const allowed =
    peer &&
    (who === 'either'
      ? visibleTo(peer, ctx.accountId)
      : who === 'accepter'
        ? peer.acceptingOwnerUid === ctx.accountId
        : peer.accountId === ctx.accountId);
  if (!peer || !allowed) throw peerNotFound(id);
  return peer;
}
