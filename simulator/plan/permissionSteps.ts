/** Security-group rule steps: authorize or revoke, batched as the API allows. */
import type { Permission, SecurityGroup, Vpc } from '../document/schema';
import { countOf } from '../text/count';
import { permissionToApi } from './identity';
import type { PlanStep } from './types';

/** Authorize/Revoke take 1-100 rules per call (aliyun-api.md §5.4, §6). */
export const MAX_PERMISSIONS_PER_CALL = 100;

/** Authorize or revoke steps for one group and direction, ≤100 rules each (aliyun-api.md §5.4). */
export function pushPermissionSteps(
  steps: PlanStep[],
  verb: 'authorize' | 'revoke',
  vpc: Pick<Vpc, 'accountId' | 'regionId'>,
  group: Pick<SecurityGroup, 'securityGroupId'>,
  direction: 'ingress' | 'egress',
  permissions: readonly Permission[],
  dependsOn: readonly string[] = [],
): string[] {
  const ids: string[] = [];
  const chunks = Math.ceil(permissions.length / MAX_PERMISSIONS_PER_CALL);
  for (let n = 0; n < chunks; n++) {
    const chunk = permissions.slice(n * MAX_PERMISSIONS_PER_CALL, (n + 1) * MAX_PERMISSIONS_PER_CALL);
    const id = `${verb}-sg:${group.securityGroupId}:${direction}${chunks > 1 ? `:${n + 1}` : ''}`;
    const action = `${verb === 'authorize' ? 'Authorize' : 'Revoke'}SecurityGroup${direction === 'egress' ? 'Egress' : ''}`;
    const summary = chunk
      .map(
        (p) =>
          `${p.ipProtocol} ${p.portRange} ${direction === 'ingress' ? 'from' : 'to'} ${
            direction === 'ingress'
              ? (p.sourceCidrIp ?? p.ipv6SourceCidrIp ?? p.sourcePrefixListId ?? p.sourceGroupId ?? '?')
              : (p.destCidrIp ?? p.ipv6DestCidrIp ?? p.destPrefixListId ?? p.destGroupId ?? '?')
          }`,
      )
      .slice(0, 3)
      .join(', ');
    const common = {
      id,
      accountId: vpc.accountId,
      regionId: vpc.regionId,
      product: 'ecs' as const,
      action,
      params: {
        RegionId: vpc.regionId,
        SecurityGroupId: group.securityGroupId,
        Permissions: chunk.map(permissionToApi),
      },
      dependsOn,
      mutating: true,
      securityGroupId: group.securityGroupId,
      direction,
      permissions: chunk,
      description:
        `${verb === 'authorize' ? 'Allow' : 'Remove'} ${countOf(chunk.length, `${direction} rule`)} ${verb === 'authorize' ? 'in' : 'from'} ` +
        `${group.securityGroupId}: ${summary}${chunk.length > 3 ? ', …' : ''}`,
    };
    steps.push(
      verb === 'authorize' ? { ...common, kind: 'authorizeSecurityGroup' } : { ...common, kind: 'revokeSecurityGroup' },
    );
    ids.push(id);
  }
  return ids;
}
