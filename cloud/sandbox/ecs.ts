/**
 * ECS 2014-05-26 actions: instances and security groups (aliyun-api.md §5.2–§5.5, shapes §8a).
 */
import { MAX_RULES_PER_SECURITY_GROUP, type RawRule, type RuleDirection } from '../../simulator/lifecycle';
import { region, type CallContext, type Handler } from './context';
import { ApiError, invalidParameter, missingParameter } from './errors';
import {
  integer,
  jsonStringArray,
  oneOf,
  optional,
  repeatList,
  repeatObjects,
  required,
  tokenPage,
  type Params,
} from './params';
import { newResourceId } from './rng';
import { extendedRuleKey, normaliseExtendedRule, type ExtendedRule } from './ruleFields';
import * as eni from './ecs/networkInterfaces';
import type { InstanceRec, RuleRec, SecurityGroupRec, VpcRec } from './world';

function vpcOf(ctx: CallContext, vpcId: string): VpcRec {
  return ctx.cloud.state.vpcs.find((v) => v.vpcId === vpcId)!;
}

function ownGroups(ctx: CallContext, regionId: string): SecurityGroupRec[] {
  return ctx.cloud.state.securityGroups.filter((g) => {
    const vpc = vpcOf(ctx, g.vpcId);
    return vpc.accountId === ctx.accountId && vpc.regionId === regionId;
  });
}

function ownGroup(ctx: CallContext, regionId: string, id: string): SecurityGroupRec {
  const group = ownGroups(ctx, regionId).find((g) => g.securityGroupId === id);
  if (!group)
    throw new ApiError('InvalidSecurityGroupId.NotFound', 404, `The specified SecurityGroupId "${id}" does not exist.`);
  return group;
}

/**
 * Paging for ECS lists: MaxResults + NextToken (current), or PageNumber/PageSize (deprecated but
 * still accepted) when PageNumber is given.
 */
function ecsPage<T>(
  params: Params,
  items: readonly T[],
  maxResults: number,
): { items: T[]; fields: Record<string, unknown> } {
  if (optional(params, 'PageNumber') !== undefined && optional(params, 'NextToken') === undefined) {
    const pageNumber = integer(params, 'PageNumber', { min: 1, max: 1_000_000, fallback: 1 });
    const pageSize = integer(params, 'PageSize', { min: 1, max: 100, fallback: 10 });
    const slice = items.slice((pageNumber - 1) * pageSize, pageNumber * pageSize);
    return {
      items: slice,
      fields: { PageNumber: pageNumber, PageSize: pageSize, TotalCount: items.length, NextToken: '' },
    };
  }
  const p = tokenPage(params, items, 'MaxResults', { min: 1, max: maxResults, fallback: 10 });
  return {
    items: p.items,
    fields: { PageNumber: 1, PageSize: p.size, TotalCount: items.length, NextToken: p.nextToken },
  };
}

// ---- instances --------------------------------------------------------------------------------

function instanceItem(ctx: CallContext, instance: InstanceRec): Record<string, unknown> {
  const vsw = ctx.cloud.state.vSwitches.find((s) => s.vSwitchId === instance.vSwitchId)!;
  const vpc = vpcOf(ctx, vsw.vpcId);
  return {
    InstanceId: instance.instanceId,
    InstanceName: instance.name,
    HostName: instance.name || instance.instanceId,
    Description: '',
    RegionId: vpc.regionId,
    ZoneId: vsw.zoneId,
    Status: instance.status,
    InstanceType: 'ecs.t6-c1m1.large',
    InstanceNetworkType: 'vpc',
    OSType: 'linux',
    CreationTime: instance.creationTime.replace(/:\d\dZ$/, 'Z'),
    VpcAttributes: {
      VpcId: vpc.vpcId,
      VSwitchId: vsw.vSwitchId,
      PrivateIpAddress: { IpAddress: [instance.privateIpAddress] },
      NatIpAddress: '',
    },
    SecurityGroupIds: { SecurityGroupId: [...instance.securityGroupIds] },
    InnerIpAddress: { IpAddress: [] },
    PublicIpAddress: { IpAddress: [] },
    EipAddress: { AllocationId: '', IpAddress: '', InternetChargeType: '' },
    NetworkInterfaces: {
      NetworkInterface: [
        {
          NetworkInterfaceId: `eni-${instance.instanceId.replace(/^i-/, '')}`,
          Type: 'Primary',
          PrimaryIpAddress: instance.privateIpAddress,
          PrivateIpSets: { PrivateIpSet: [{ PrivateIpAddress: instance.privateIpAddress, Primary: true }] },
        },
      ],
    },
    ResourceGroupId: 'rg-acfmsandbox000000',
    Tags: { Tag: [] },
  };
}

const INSTANCE_STATUSES = ['Pending', 'Running', 'Starting', 'Stopping', 'Stopped'] as const;

const describeInstances: Handler = (ctx) => {
  const regionId = region(ctx);
  let instances = ctx.cloud.state.instances.filter((i) => {
    const vsw = ctx.cloud.state.vSwitches.find((s) => s.vSwitchId === i.vSwitchId)!;
    const vpc = vpcOf(ctx, vsw.vpcId);
    return vpc.accountId === ctx.accountId && vpc.regionId === regionId;
  });
  const vswOf = (i: InstanceRec) => ctx.cloud.state.vSwitches.find((s) => s.vSwitchId === i.vSwitchId)!;
  const vpcId = optional(ctx.params, 'VpcId');
  if (vpcId !== undefined) instances = instances.filter((i) => vswOf(i).vpcId === vpcId);
  const vSwitchId = optional(ctx.params, 'VSwitchId');
  if (vSwitchId !== undefined) instances = instances.filter((i) => i.vSwitchId === vSwitchId);
  const zoneId = optional(ctx.params, 'ZoneId');
  if (zoneId !== undefined) instances = instances.filter((i) => vswOf(i).zoneId === zoneId);
  const groupId = optional(ctx.params, 'SecurityGroupId');
  if (groupId !== undefined) instances = instances.filter((i) => i.securityGroupIds.includes(groupId));
  const ids = jsonStringArray(ctx.params, 'InstanceIds', 100);
  if (ids) instances = instances.filter((i) => ids.includes(i.instanceId));
  const ips = jsonStringArray(ctx.params, 'PrivateIpAddresses', 100);
  if (ips) instances = instances.filter((i) => ips.includes(i.privateIpAddress));
  const status = oneOf(ctx.params, 'Status', INSTANCE_STATUSES);
  if (status !== undefined) instances = instances.filter((i) => i.status === status);
  const name = optional(ctx.params, 'InstanceName');
  if (name !== undefined) instances = instances.filter((i) => i.name === name);
  const p = ecsPage(ctx.params, instances, 100);
  return { ...p.fields, Instances: { Instance: p.items.map((i) => instanceItem(ctx, i)) } };
};

// ---- security groups --------------------------------------------------------------------------

function rulesOf(ctx: CallContext, groupId: string): RuleRec[] {
  return ctx.cloud.state.rules.filter((r) => r.securityGroupId === groupId);
}

const describeSecurityGroups: Handler = (ctx) => {
  const regionId = region(ctx);
  let groups = ownGroups(ctx, regionId);
  const vpcId = optional(ctx.params, 'VpcId');
  if (vpcId !== undefined) groups = groups.filter((g) => g.vpcId === vpcId);
  const id = optional(ctx.params, 'SecurityGroupId');
  if (id !== undefined) groups = groups.filter((g) => g.securityGroupId === id);
  const ids = jsonStringArray(ctx.params, 'SecurityGroupIds', 100);
  if (ids) groups = groups.filter((g) => ids.includes(g.securityGroupId));
  const type = oneOf(ctx.params, 'SecurityGroupType', ['normal', 'enterprise'] as const);
  if (type !== undefined) groups = groups.filter((g) => g.securityGroupType === type);
  const networkType = oneOf(ctx.params, 'NetworkType', ['vpc', 'classic'] as const);
  if (networkType === 'classic') groups = [];
  const name = optional(ctx.params, 'SecurityGroupName');
  if (name !== undefined) groups = groups.filter((g) => g.name === name);
  const p = ecsPage(ctx.params, groups, 100);
  return {
    RegionId: regionId,
    ...p.fields,
    SecurityGroups: {
      SecurityGroup: p.items.map((g) => {
        const rules = rulesOf(ctx, g.securityGroupId);
        return {
          SecurityGroupId: g.securityGroupId,
          SecurityGroupName: g.name,
          SecurityGroupType: g.securityGroupType,
          VpcId: g.vpcId,
          Description: g.description,
          CreationTime: g.creationTime,
          EcsCount: ctx.cloud.state.instances.filter((i) => i.securityGroupIds.includes(g.securityGroupId)).length,
          AvailableInstanceAmount: 2000,
          RuleCount: rules.length,
          GroupToGroupRuleCount: rules.filter((r) => r.sourceGroupId || r.destGroupId).length,
          ResourceGroupId: 'rg-acfmsandbox000000',
          ServiceManaged: false,
          Tags: { Tag: [] },
        };
      }),
    },
  };
};

function permissionItem(rule: RuleRec): Record<string, unknown> {
  return {
    SecurityGroupRuleId: rule.securityGroupRuleId,
    Direction: rule.direction,
    IpProtocol: rule.ipProtocol,
    PortRange: rule.portRange,
    SourcePortRange: rule.sourcePortRange ?? '',
    SourceCidrIp: rule.sourceCidrIp ?? '',
    Ipv6SourceCidrIp: rule.ipv6SourceCidrIp ?? '',
    SourcePrefixListId: rule.sourcePrefixListId ?? '',
    SourcePrefixListName: '',
    SourceGroupId: rule.sourceGroupId ?? '',
    SourceGroupName: '',
    SourceGroupOwnerAccount: rule.sourceGroupOwnerAccount ?? '',
    DestCidrIp: rule.destCidrIp ?? '',
    Ipv6DestCidrIp: rule.ipv6DestCidrIp ?? '',
    DestPrefixListId: rule.destPrefixListId ?? '',
    DestPrefixListName: '',
    DestGroupId: rule.destGroupId ?? '',
    DestGroupName: '',
    DestGroupOwnerAccount: rule.destGroupOwnerAccount ?? '',
    Policy: rule.policy,
    Priority: String(rule.priority),
    NicType: rule.nicType,
    Description: rule.description ?? '',
    CreateTime: rule.createTime,
  };
}

const describeSecurityGroupAttribute: Handler = (ctx) => {
  const regionId = region(ctx);
  const group = ownGroup(ctx, regionId, required(ctx.params, 'SecurityGroupId'));
  const direction = oneOf(ctx.params, 'Direction', ['ingress', 'egress', 'all'] as const) ?? 'all';
  oneOf(ctx.params, 'NicType', ['intranet', 'internet'] as const);
  let rules = rulesOf(ctx, group.securityGroupId);
  if (direction !== 'all') rules = rules.filter((r) => r.direction === direction);
  const p = tokenPage(ctx.params, rules, 'MaxResults', { min: 10, max: 1000, fallback: 500 });
  return {
    RegionId: regionId,
    SecurityGroupId: group.securityGroupId,
    SecurityGroupName: group.name,
    Description: group.description,
    VpcId: group.vpcId,
    InnerAccessPolicy: group.innerAccessPolicy,
    NextToken: p.nextToken,
    Permissions: { Permission: p.items.map(permissionItem) },
  };
};

const RULE_FIELDS: ReadonlyArray<[keyof RawRule, string]> = [
  ['ipProtocol', 'IpProtocol'],
  ['portRange', 'PortRange'],
  ['sourceCidrIp', 'SourceCidrIp'],
  ['sourceGroupId', 'SourceGroupId'],
  ['sourceGroupOwnerAccount', 'SourceGroupOwnerAccount'],
  ['sourceGroupOwnerId', 'SourceGroupOwnerId'],
  ['destCidrIp', 'DestCidrIp'],
  ['destGroupId', 'DestGroupId'],
  ['destGroupOwnerAccount', 'DestGroupOwnerAccount'],
  ['destGroupOwnerId', 'DestGroupOwnerId'],
  ['policy', 'Policy'],
  ['priority', 'Priority'],
  ['nicType', 'NicType'],
  ['description', 'Description'],
];

function rawRule(get: (name: string) => string | undefined): RawRule {
  const raw: Record<string, string> = {};
  for (const [field, name] of RULE_FIELDS) {
    const value = get(name);
    if (value !== undefined && value !== '') raw[field] = value;
  }
  return raw as RawRule;
}

/**
 * The rules of an Authorize/Revoke call: `Permissions.N.*` (1-100), or the deprecated flat
 * parameters; the two cannot be mixed (aliyun-api.md §5.4).
 */
function rulesOfCall(ctx: CallContext, direction: RuleDirection): ExtendedRule[] {
  const groups = repeatObjects(ctx.params, 'Permissions');
  const flat = ['IpProtocol', 'PortRange', 'SourceCidrIp', 'SourceGroupId', 'DestCidrIp', 'DestGroupId'].some(
    (n) => optional(ctx.params, n) !== undefined,
  );
  if (groups.length && flat)
    throw invalidParameter(
      'Permissions',
      'the deprecated flat rule parameters (IpProtocol, PortRange, …) cannot be mixed with Permissions.N.*.',
    );
  if (groups.length > 100) throw invalidParameter('Permissions', 'at most 100 rules per call.');
  const getters: Array<(name: string) => string | undefined> = groups.length
    ? groups.map((fields) => (name) => fields.get(name) || undefined)
    : flat
      ? [(name) => optional(ctx.params, name)]
      : [];
  if (!getters.length) throw missingParameter('Permissions.1.IpProtocol');
  return getters.map((get) => normaliseExtendedRule(direction, rawRule(get), get));
}

/** Group references: same VPC only, not the group itself, not from an enterprise group (§5.4–§5.5). */
function checkGroupReference(ctx: CallContext, regionId: string, group: SecurityGroupRec, rule: ExtendedRule): void {
  const ref = rule.direction === 'ingress' ? rule.sourceGroupId : rule.destGroupId;
  if (ref === undefined) return;
  const prefix = rule.direction === 'ingress' ? 'InvalidSourceGroupId' : 'InvalidDestGroupId';
  const owner = rule.direction === 'ingress' ? rule.sourceGroupOwnerAccount : rule.destGroupOwnerAccount;
  if (group.securityGroupType === 'enterprise') {
    // Code UNCONFIRMED: advanced groups cannot reference groups at all.
    throw new ApiError(
      'OperationDenied',
      400,
      'An enterprise (advanced) security group cannot authorize another security group; use CIDR blocks.',
    );
  }
  if (ref === group.securityGroupId) {
    // The API's typo (aliyun-api.md §5.4).
    throw new ApiError(
      'InvalidParamter.Conflict',
      403,
      'The source or destination group must not be the security group itself.',
    );
  }
  const target = ctx.cloud.state.securityGroups.find((g) => g.securityGroupId === ref);
  const targetVpc = target && vpcOf(ctx, target.vpcId);
  const visible =
    target &&
    targetVpc &&
    targetVpc.regionId === regionId &&
    (targetVpc.accountId === ctx.accountId || owner === targetVpc.accountId);
  if (!target || !visible) throw new ApiError(`${prefix}.NotFound`, 404, `The specified group ${ref} does not exist.`);
  if (target.vpcId !== group.vpcId || (owner !== undefined && owner !== targetVpc!.accountId)) {
    throw new ApiError(
      `${prefix}.Mismatch`,
      400,
      `The security group and the referenced group ${ref} are not in the same VPC (${group.vpcId} vs ${target.vpcId}); across VPCs authorize the peer's CIDR block instead.`,
    );
  }
}

function authorize(direction: RuleDirection): Handler {
  return (ctx) => {
    const regionId = region(ctx);
    const group = ownGroup(ctx, regionId, required(ctx.params, 'SecurityGroupId'));
    const rules = rulesOfCall(ctx, direction);
    for (const rule of rules) checkGroupReference(ctx, regionId, group, rule);
    const existing = rulesOf(ctx, group.securityGroupId);
    const keys = new Set(existing.map(extendedRuleKey));
    // Re-adding an identical rule succeeds without a duplicate (aliyun-api.md §5.4).
    const fresh: ExtendedRule[] = [];
    for (const rule of rules) {
      const key = extendedRuleKey(rule);
      if (keys.has(key)) continue;
      keys.add(key);
      fresh.push(rule);
    }
    if (existing.length + fresh.length > MAX_RULES_PER_SECURITY_GROUP) {
      throw new ApiError(
        'AuthorizationLimitExceed',
        403,
        `The security group ${group.securityGroupId} would have ${existing.length + fresh.length} rules; at most ${MAX_RULES_PER_SECURITY_GROUP} are allowed.`,
      );
    }
    const createTime = ctx.cloud.nowIso();
    for (const rule of fresh) {
      // `sgr-` prefix UNCONFIRMED (aliyun-api.md §8a).
      ctx.cloud.state.rules.push({
        ...rule,
        securityGroupRuleId: newResourceId(ctx.cloud.rng, 'sgr', regionId),
        securityGroupId: group.securityGroupId,
        createTime,
      });
    }
    if (fresh.length) ctx.cloud.dirty = true;
    return {};
  };
}

function revoke(direction: RuleDirection): Handler {
  return (ctx) => {
    const regionId = region(ctx);
    const group = ownGroup(ctx, regionId, required(ctx.params, 'SecurityGroupId'));
    const ruleIds = repeatList(ctx.params, 'SecurityGroupRuleId');
    const mine = rulesOf(ctx, group.securityGroupId).filter((r) => r.direction === direction);
    let doomed: Set<string>;
    if (ruleIds.length) {
      if (ruleIds.length > 100) throw invalidParameter('SecurityGroupRuleId', 'at most 100 rule IDs per call.');
      for (const id of ruleIds) {
        // Code UNCONFIRMED.
        if (!mine.some((r) => r.securityGroupRuleId === id))
          throw new ApiError(
            'InvalidSecurityGroupRuleId.NotFound',
            404,
            `The ${direction} rule ${id} does not exist in ${group.securityGroupId}.`,
          );
      }
      doomed = new Set(ruleIds);
    } else {
      // Revoking a rule that does not exist succeeds silently (UNCONFIRMED, mirrors Authorize's idempotency).
      const keys = new Set(rulesOfCall(ctx, direction).map(extendedRuleKey));
      doomed = new Set(mine.filter((r) => keys.has(extendedRuleKey(r))).map((r) => r.securityGroupRuleId));
    }
    if (doomed.size) {
      ctx.cloud.state.rules = ctx.cloud.state.rules.filter((r) => !doomed.has(r.securityGroupRuleId));
      ctx.cloud.dirty = true;
    }
    return {};
  };
}

export const ECS_ACTIONS: Readonly<Record<string, { readonly handler: Handler; readonly mutates: boolean }>> = {
  DescribeInstances: { handler: describeInstances, mutates: false },
  DescribeSecurityGroups: { handler: describeSecurityGroups, mutates: false },
  DescribeSecurityGroupAttribute: { handler: describeSecurityGroupAttribute, mutates: false },
  AuthorizeSecurityGroup: { handler: authorize('ingress'), mutates: true },
  AuthorizeSecurityGroupEgress: { handler: authorize('egress'), mutates: true },
  RevokeSecurityGroup: { handler: revoke('ingress'), mutates: true },
  RevokeSecurityGroupEgress: { handler: revoke('egress'), mutates: true },
  // ENIs (dataplane, aliyun-dataplane.md §3).
  DescribeNetworkInterfaces: { handler: eni.describeNetworkInterfaces, mutates: false },
  CreateNetworkInterface: { handler: eni.createNetworkInterface, mutates: true },
  AssignPrivateIpAddresses: { handler: eni.assignPrivateIpAddresses, mutates: true },
};
