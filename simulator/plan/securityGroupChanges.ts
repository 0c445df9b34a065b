/**
 * Security-group rules in an apply plan: what the document adds to live groups (≤100 rules per
 * call per group and direction, aliyun-api.md §5.4), and the rules vpclink added for this
 * document that it no longer has.
 */
import type { Permission } from '../document/schema';
import { permissionIdentity } from './identity';
import { hasMarker, markedDescription } from './owner';
import { pushPermissionSteps } from './permissionSteps';
import type { PlanState } from './planState';

/** The document's rules missing from its live groups are authorized; stale rules vpclink added are revoked. */
export function planSecurityGroups(state: PlanState): void {
  for (const group of state.desired.securityGroups) {
    if (group.permissions.length === 0) continue;
    const vpc = state.d.vpcs.get(group.vpcId);
    if (!vpc) continue;
    const live = state.c.securityGroups.get(group.securityGroupId);
    if (!live) {
      state.problems.push({
        code: 'SECURITY_GROUP_NOT_LIVE',
        severity: 'error',
        resourceId: group.securityGroupId,
        message: `security group ${group.securityGroupId} (${vpc.vpcId}) is not in the current state of account ${vpc.accountId}, ${vpc.regionId}; its rules cannot be added`,
      });
      continue;
    }
    const present = new Set(live.permissions.map(permissionIdentity));
    for (const direction of ['ingress', 'egress'] as const) {
      const missing: Permission[] = [];
      for (const p of group.permissions) {
        if (p.direction !== direction) continue;
        const identity = permissionIdentity(p);
        if (present.has(identity)) continue;
        present.add(identity); // a duplicate in the document is sent once
        missing.push({ ...p, description: markedDescription(p.description, state.marker) });
      }
      if (missing.length === 0) continue;
      state.touchedVpcs.add(vpc.vpcId);
      pushPermissionSteps(state.steps, 'authorize', vpc, group, direction, missing);
    }
  }
  planRuleRemovals(state);
}

/**
 * Rules vpclink added for this document (Description marker, owner.ts) that the document no
 * longer has — in any live group of its accounts, also a group it no longer lists — are revoked.
 * Identity is the cloud's (permissionIdentity): a rule the document still wants stays even if
 * its description changed; a rule without the marker is never revoked here.
 */
function planRuleRemovals(state: PlanState): void {
  for (const live of state.current.securityGroups) {
    const vpc = state.c.vpcs.get(live.vpcId);
    if (!vpc) continue;
    const wanted = new Set(
      (state.desired.securityGroups.find((g) => g.securityGroupId === live.securityGroupId)?.permissions ?? []).map(
        permissionIdentity,
      ),
    );
    for (const direction of ['ingress', 'egress'] as const) {
      const seen = new Set<string>();
      const stale = live.permissions.filter((p) => {
        const identity = permissionIdentity(p);
        if (p.direction !== direction || !hasMarker(p.description, state.marker) || wanted.has(identity)) return false;
        if (seen.has(identity)) return false;
        seen.add(identity);
        return true;
      });
      if (stale.length === 0) continue;
      state.touchedVpcs.add(vpc.vpcId);
      pushPermissionSteps(state.steps, 'revoke', vpc, live, direction, stale);
    }
  }
}
