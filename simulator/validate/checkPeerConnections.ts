/**
 * VPC peering connections (aliyun-links.md §1, topology-format.md §4.1): both VPCs known and
 * distinct, the accepter's owner and region as the accepting VPC says, the API's status words.
 */
import { PEERING_STATUSES } from '../model/dataplane';
import type { ValidationContext } from './context';

export function checkPeerConnections(ctx: ValidationContext): void {
  const { document, index } = ctx;
  const pairs = new Map<string, string>();
  (document.vpcPeerConnections ?? []).forEach((pcc, c) => {
    const id = pcc.instanceId;
    const at = `/vpcPeerConnections/${c}`;
    const requester = index.vpcs.get(pcc.vpcId);
    const accepter = index.vpcs.get(pcc.acceptingVpcId);
    for (const [field, vpcId, vpc] of [
      ['vpcId', pcc.vpcId, requester],
      ['acceptingVpcId', pcc.acceptingVpcId, accepter],
    ] as const) {
      if (!vpc) {
        ctx.report(
          'PEERING_VPC_NOT_IN_DOCUMENT',
          `${at}/${field}`,
          `${id}: ${field} ${vpcId} is not a VPC in the document; the connection is treated as not active`,
          { resourceId: id, suggestion: `add ${vpcId} (import its account too), or correct ${field}` },
        );
      }
    }
    if (pcc.vpcId === pcc.acceptingVpcId) {
      ctx.report('PEERING_SAME_VPC', `${at}/acceptingVpcId`, `${id} joins ${pcc.vpcId} to itself`, {
        resourceId: id,
        suggestion: `set acceptingVpcId to the VPC ${pcc.vpcId} should reach`,
      });
    } else {
      const key = [pcc.vpcId, pcc.acceptingVpcId].sort().join('\u0000');
      const first = pairs.get(key);
      if (first !== undefined) {
        ctx.report('PEERING_DUPLICATE', at, `${id} joins ${pcc.vpcId} and ${pcc.acceptingVpcId} like ${first}`, {
          resourceId: id,
          suggestion: `delete ${id} and route through ${first}`,
        });
      } else pairs.set(key, id);
    }
    if (accepter) {
      if (pcc.acceptingOwnerUid !== undefined && pcc.acceptingOwnerUid !== accepter.accountId) {
        ctx.report(
          'PEERING_ACCEPTER_MISMATCH',
          `${at}/acceptingOwnerUid`,
          `${id}: acceptingOwnerUid ${pcc.acceptingOwnerUid} is not ${accepter.vpcId}'s account ${accepter.accountId}`,
          { resourceId: id, suggestion: `set acceptingOwnerUid to ${accepter.accountId}, or remove it` },
        );
      }
      if (pcc.acceptingRegionId !== undefined && pcc.acceptingRegionId !== accepter.regionId) {
        ctx.report(
          'PEERING_ACCEPTER_MISMATCH',
          `${at}/acceptingRegionId`,
          `${id}: acceptingRegionId ${pcc.acceptingRegionId} is not ${accepter.vpcId}'s region ${accepter.regionId}`,
          { resourceId: id, suggestion: `set acceptingRegionId to ${accepter.regionId}, or remove it` },
        );
      }
    }
    if (pcc.bandwidth !== undefined && !(pcc.bandwidth > 0 || pcc.bandwidth === -1)) {
      ctx.report(
        'PEERING_BANDWIDTH_INVALID',
        `${at}/bandwidth`,
        `${id}: bandwidth ${pcc.bandwidth} is not a positive number of Mbit/s`,
        { resourceId: id, suggestion: 'set bandwidth to a positive number of Mbit/s (e.g. 1024), or remove it' },
      );
    }
    if (pcc.status !== undefined) {
      if (!(PEERING_STATUSES as readonly string[]).includes(pcc.status)) {
        ctx.report(
          'PEERING_STATUS_UNKNOWN',
          `${at}/status`,
          `${id}: status ${JSON.stringify(pcc.status)} is not one of ${PEERING_STATUSES.join(', ')}; the connection is treated as not active`,
          { resourceId: id, suggestion: 'use the API spelling (e.g. Activated), or remove status in a design' },
        );
      } else if (pcc.status !== 'Activated') {
        ctx.report(
          'PEERING_NOT_ACTIVATED',
          `${at}/status`,
          `${id} is ${pcc.status}, not Activated; it carries no traffic`,
          {
            resourceId: id,
            suggestion:
              pcc.status === 'Accepting'
                ? `accept ${id} in account ${pcc.acceptingOwnerUid ?? accepter?.accountId ?? 'of the accepting VPC'} (AcceptVpcPeerConnection)`
                : pcc.status === 'Rejected' || pcc.status === 'Expired'
                  ? `delete ${id} and create it again, then accept it`
                  : `wait until ${id} is Activated`,
          },
        );
      }
    }
  });
}
