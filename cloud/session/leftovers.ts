/**
 * What destroy left behind. After a destroy the session re-lists the accounts and asks the
 * teardown planner what it would still do: every step it would plan is something of the
 * document's interconnection (or of a journal's records) still live. One source of truth — the
 * planner — for "what belongs to the document", before and after.
 */
import type { Topology } from '../../simulator/document';
import { isCrossRegion, planTeardown } from '../../simulator/plan';

export type Leftover =
  | {
      readonly kind: 'routerInterface';
      readonly id: string;
      readonly accountId: string;
      readonly regionId: string;
      /** Router interfaces are billed while they exist (aliyun-api.md §3.1). */
      readonly billable: true;
    }
  | {
      readonly kind: 'routeEntry';
      readonly id: string;
      readonly accountId: string;
      readonly regionId: string;
      readonly billable: false;
    }
  | {
      readonly kind: 'securityGroupRules' | 'networkAcl';
      readonly id: string;
      readonly accountId: string;
      readonly regionId: string;
      readonly billable: false;
    }
  | {
      readonly kind: 'vpcPeerConnection';
      readonly id: string;
      readonly accountId: string;
      readonly regionId: string;
      /** A cross-region connection is billed for its data transfer (aliyun-links.md §1.5); a same-region one is free. */
      readonly billable: boolean;
    };

export function findLeftovers(desired: Topology, live: Topology, owned: readonly string[]): Leftover[] {
  const plan = planTeardown(desired, live, { owned, reachabilityDelta: false });
  const out: Leftover[] = [];
  const seen = new Set<string>();
  for (const step of plan.steps) {
    const base = { accountId: step.accountId, regionId: step.regionId };
    let item: Leftover | undefined;
    switch (step.kind) {
      case 'deleteRouterInterface':
      case 'waitRouterInterface':
        if (typeof step.target.routerInterfaceId === 'string')
          item = { kind: 'routerInterface', id: step.target.routerInterfaceId, ...base, billable: true };
        break;
      case 'deleteRouteEntry':
        item = {
          kind: 'routeEntry',
          id: `${step.route.routeTableId} ${step.route.destinationCidrBlock}`,
          ...base,
          billable: false,
        };
        break;
      case 'deleteVpcPeerConnection':
      case 'waitVpcPeerConnection':
        if (typeof step.peering.instanceId === 'string')
          item = {
            kind: 'vpcPeerConnection',
            id: step.peering.instanceId,
            ...base,
            billable: isCrossRegion(step.peering.key),
          };
        break;
      case 'revokeSecurityGroup':
        item = {
          kind: 'securityGroupRules',
          id: `${step.securityGroupId} ${step.direction} (${step.permissions.length} ${step.permissions.length === 1 ? 'rule' : 'rules'})`,
          ...base,
          billable: false,
        };
        break;
      case 'deleteNetworkAcl':
        if (typeof step.acl.networkAclId === 'string')
          item = { kind: 'networkAcl', id: step.acl.networkAclId, ...base, billable: false };
        break;
      default:
        break;
    }
    if (item && !seen.has(`${item.kind}|${item.id}`)) {
      seen.add(`${item.kind}|${item.id}`);
      out.push(item);
    }
  }
  return out;
}
