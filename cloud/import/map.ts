/**
 * Describe* items → document resources, one pure function per resource type. Field names are the
 * API's in lowerCamelCase (topology-format.md §1); values the document cannot express are skipped
 * with a warning that names the resource.
 */
import { normaliseLong } from '../client';
import {
  IP_PROTOCOLS,
  NEXT_HOP_TYPES,
  RI_SPECS,
  RI_STATUSES,
  ROUTE_ENTRY_STATUSES,
  type TopologyInput,
} from '../../simulator/document';

type Item = Readonly<Record<string, unknown>>;
export type VpcInput = NonNullable<TopologyInput['vpcs']>[number];
export type VSwitchInput = NonNullable<TopologyInput['vSwitches']>[number];
export type RouteTableInput = NonNullable<TopologyInput['routeTables']>[number];
export type RouteEntryInput = NonNullable<RouteTableInput['routeEntries']>[number];
export type RouterInterfaceInput = NonNullable<TopologyInput['routerInterfaces']>[number];
export type SecurityGroupInput = NonNullable<TopologyInput['securityGroups']>[number];
export type PermissionInput = NonNullable<SecurityGroupInput['permissions']>[number];
export type InstanceInput = NonNullable<TopologyInput['instances']>[number];

/** A mapped resource, or the reason it was left out. */
export type Mapped<T> =
  | { readonly kind: 'ok'; readonly value: T; readonly warnings: readonly string[] }
  | { readonly kind: 'skipped'; readonly warning: string };

const ok = <T>(value: T, warnings: readonly string[] = []): Mapped<T> => ({ kind: 'ok', value, warnings });
const skipped = <T>(warning: string): Mapped<T> => ({ kind: 'skipped', warning });

/** Text of a field: strings as they are, numbers and BigNumbers as decimal text, absent → ''. */
export function text(item: Item | undefined, key: string): string {
  const value = item?.[key];
  if (value === undefined || value === null) return '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  try {
    return normaliseLong(value);
  } catch {
    return '';
  }
}

/** A wrapped list `{ Outer: { Inner: [...] } }` (the JSON wire shape of lists, aliyun-api.md §8a). */
export function list(item: Item | undefined, outer: string, inner: string): unknown[] {
  const wrapper = item?.[outer];
  if (Array.isArray(wrapper)) return wrapper; // tolerate an unwrapped list
  if (typeof wrapper !== 'object' || wrapper === null) return [];
  const values = (wrapper as Item)[inner];
  return Array.isArray(values) ? values : [];
}

function textList(item: Item | undefined, outer: string, inner: string): string[] {
  return list(item, outer, inner)
    .map((v) => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : ''))
    .filter((v) => v !== '');
}

/** `{ key: value }` when value is non-empty text, else `{}` (the document omits unset fields). */
function field<K extends string>(key: K, value: string): { [P in K]?: string } {
  return (value === '' ? {} : { [key]: value }) as { [P in K]?: string };
}

function oneOf<T extends string>(values: readonly T[], value: string): T | undefined {
  return values.find((v) => v === value) ?? values.find((v) => v.toLowerCase() === value.toLowerCase());
}

/** DescribeVpcs → `vpcs[]` (aliyun-api.md §5.1). */
export function mapVpc(item: Item, accountId: string, regionId: string): Mapped<VpcInput> {
  const vpcId = text(item, 'VpcId');
  if (!vpcId) return skipped(`a VPC in ${regionId} of account ${accountId} has no VpcId; left out`);
  const vRouterId = text(item, 'VRouterId');
  if (!vRouterId) return skipped(`VPC ${vpcId}: no VRouterId in DescribeVpcs; left out`);
  const cidrBlock = text(item, 'CidrBlock');
  if (!cidrBlock) return skipped(`VPC ${vpcId}: no IPv4 CidrBlock; left out`);
  const secondary = textList(item, 'SecondaryCidrBlocks', 'SecondaryCidrBlock');
  const warnings: string[] = [];
  const owner = text(item, 'OwnerId');
  if (owner && owner !== accountId)
    warnings.push(
      `VPC ${vpcId}: OwnerId ${owner} differs from the importing account ${accountId} (a shared VPC?); recorded under ${accountId}`,
    );
  return ok(
    {
      vpcId,
      accountId,
      regionId: text(item, 'RegionId') || regionId,
      cidrBlock,
      vRouterId,
      ...field('name', text(item, 'VpcName')),
      ...(secondary.length ? { secondaryCidrBlocks: [...secondary].sort() } : {}),
      ...field('status', text(item, 'Status')),
      ...field('description', text(item, 'Description')),
    },
    warnings,
  );
}

/** DescribeVSwitches → `vSwitches[]` (§5.1). `customTableOf` gives the custom table a route-table listing associated with it. */
export function mapVSwitch(item: Item, customTableOf?: string): Mapped<VSwitchInput> {
  const vSwitchId = text(item, 'VSwitchId');
  if (!vSwitchId) return skipped('a vSwitch without VSwitchId; left out');
  const vpcId = text(item, 'VpcId');
  const zoneId = text(item, 'ZoneId');
  const cidrBlock = text(item, 'CidrBlock');
  if (!vpcId || !zoneId || !cidrBlock)
    return skipped(`vSwitch ${vSwitchId}: VpcId, ZoneId or CidrBlock missing; left out`);
  const table = item.RouteTable as Item | undefined;
  const tableId =
    table && text(table, 'RouteTableType') === 'Custom' ? text(table, 'RouteTableId') : (customTableOf ?? '');
  return ok({
    vSwitchId,
    vpcId,
    zoneId,
    cidrBlock,
    ...field('name', text(item, 'VSwitchName')),
    ...field('routeTableId', tableId),
    ...field('status', text(item, 'Status')),
    ...field('description', text(item, 'Description')),
  });
}

/**
 * A route entry (DescribeRouteEntryList or DescribeRouteTables, §4.1) → `routeEntries[]`, or
 * `undefined` for a non-Custom entry (system routes are implied, topology-format.md §2).
 */
export function mapRouteEntry(item: Item, routeTableId: string): Mapped<RouteEntryInput> | undefined {
  const type = text(item, 'Type') || text(item, 'RouteEntryType');
  if (type !== '' && type !== 'Custom') return undefined;
  const destination = text(item, 'DestinationCidrBlock');
  const where = `route table ${routeTableId}: route ${destination || text(item, 'RouteEntryId') || '(unnamed)'}`;
  if (!destination) return skipped(`${where} has no DestinationCidrBlock; left out`);
  // DescribeRouteTables gives NextHopType + InstanceId; DescribeRouteEntryList gives NextHops.NextHop[] (§4.1).
  const hops = list(item, 'NextHops', 'NextHop').filter((h): h is Item => typeof h === 'object' && h !== null);
  if (hops.length > 1)
    return skipped(
      `${where} is an ECMP route with ${hops.length} next hops, which the document cannot express; left out`,
    );
  const nextHopTypeText = text(item, 'NextHopType') || text(hops[0], 'NextHopType');
  const nextHopId = text(item, 'InstanceId') || text(item, 'NextHopId') || text(hops[0], 'NextHopId');
  const nextHopType = oneOf(NEXT_HOP_TYPES, nextHopTypeText);
  if (!nextHopType)
    return skipped(`${where}: next-hop type "${nextHopTypeText}" is not one the document knows; left out`);
  if (!nextHopId) return skipped(`${where}: no next-hop ID; left out`);
  const warnings: string[] = [];
  const statusText = text(item, 'Status');
  let status = oneOf(ROUTE_ENTRY_STATUSES, statusText);
  if (!status && statusText) {
    // The CreateRouteEntry doc speaks of Creating/Created (aliyun-api.md §4.1, UNCONFIRMED).
    status = statusText === 'Created' ? 'Available' : 'Pending';
    warnings.push(`${where}: status "${statusText}" recorded as ${status}`);
  }
  return ok(
    {
      destinationCidrBlock: destination,
      nextHopType,
      nextHopId,
      ...(status ? { status } : {}),
      ...field('routeEntryName', text(item, 'RouteEntryName')),
      ...field('routeEntryId', text(item, 'RouteEntryId')),
      ...field('description', text(item, 'Description')),
    },
    warnings,
  );
}

/** DescribeRouterInterfaces → `routerInterfaces[]` (§3.8). VBR interfaces are left out. */
export function mapRouterInterface(item: Item, accountId: string, regionId: string): Mapped<RouterInterfaceInput> {
  const id = text(item, 'RouterInterfaceId');
  if (!id)
    return skipped(`a router interface in ${regionId} of account ${accountId} has no RouterInterfaceId; left out`);
  const routerType = text(item, 'RouterType');
  if (routerType !== 'VRouter')
    return skipped(
      `router interface ${id} is on a ${routerType || 'non-VPC'} router (VBR/physical connection), which the document does not model; left out`,
    );
  const role = oneOf(['InitiatingSide', 'AcceptingSide'] as const, text(item, 'Role'));
  if (!role)
    return skipped(
      `router interface ${id}: Role "${text(item, 'Role')}" is not InitiatingSide or AcceptingSide; left out`,
    );
  const spec = oneOf(RI_SPECS, text(item, 'Spec'));
  if (!spec)
    return skipped(`router interface ${id}: Spec "${text(item, 'Spec')}" is not one the document knows; left out`);
  const routerId = text(item, 'RouterId');
  const oppositeRegionId = text(item, 'OppositeRegionId');
  if (!routerId || !oppositeRegionId)
    return skipped(`router interface ${id}: RouterId or OppositeRegionId missing; left out`);
  const warnings: string[] = [];
  const statusText = text(item, 'Status');
  const status = oneOf(RI_STATUSES, statusText);
  if (statusText && !status)
    warnings.push(
      `router interface ${id}: status "${statusText}" is not one the document knows; left out of the document`,
    );
  const oppositeRouterType = oneOf(['VRouter', 'VBR'] as const, text(item, 'OppositeRouterType'));
  return ok(
    {
      routerInterfaceId: id,
      accountId,
      regionId: text(item, 'RegionId') || regionId,
      routerType: 'VRouter' as const,
      routerId,
      role,
      spec,
      oppositeRegionId,
      ...field('oppositeInterfaceId', text(item, 'OppositeInterfaceId')),
      ...field('oppositeRouterId', text(item, 'OppositeRouterId')),
      ...(oppositeRouterType ? { oppositeRouterType } : {}),
      ...field('oppositeInterfaceOwnerId', text(item, 'OppositeInterfaceOwnerId')),
      ...(status ? { status } : {}),
      ...field('name', text(item, 'Name')),
      ...field('description', text(item, 'Description')),
      ...field('oppositeInterfaceStatus', text(item, 'OppositeInterfaceStatus')),
      ...field('businessStatus', text(item, 'BusinessStatus')),
    },
    warnings,
  );
}

/** One item of DescribeSecurityGroupAttribute's Permissions (§5.3) → `permissions[]`. */
export function mapPermission(item: Item, securityGroupId: string): Mapped<PermissionInput> {
  const direction = oneOf(['ingress', 'egress'] as const, text(item, 'Direction'));
  const ruleId = text(item, 'SecurityGroupRuleId');
  const where = `security group ${securityGroupId}: rule ${ruleId || `${text(item, 'Direction')} ${text(item, 'IpProtocol')} ${text(item, 'PortRange')}`}`;
  if (!direction) return skipped(`${where}: Direction "${text(item, 'Direction')}" is not ingress or egress; left out`);
  const protocolText = text(item, 'IpProtocol').toUpperCase();
  const ipProtocol = oneOf(IP_PROTOCOLS, protocolText);
  if (!ipProtocol)
    return skipped(
      `${where}: protocol ${protocolText || '(none)'} is not modelled (TCP, UDP, ICMP, GRE, ALL); left out`,
    );
  const policy = oneOf(['Accept', 'Drop'] as const, text(item, 'Policy') || 'Accept');
  if (!policy) return skipped(`${where}: Policy "${text(item, 'Policy')}" is not Accept or Drop; left out`);
  const priorityText = text(item, 'Priority');
  const priority = priorityText === '' ? 1 : Number(priorityText);
  if (!Number.isInteger(priority))
    return skipped(`${where}: Priority "${priorityText}" is not a whole number; left out`);
  const peer =
    direction === 'ingress'
      ? {
          cidr: text(item, 'SourceCidrIp'),
          group: text(item, 'SourceGroupId'),
          owner: text(item, 'SourceGroupOwnerAccount'),
          v6: text(item, 'Ipv6SourceCidrIp'),
          prefixList: text(item, 'SourcePrefixListId'),
        }
      : {
          cidr: text(item, 'DestCidrIp'),
          group: text(item, 'DestGroupId'),
          owner: text(item, 'DestGroupOwnerAccount'),
          v6: text(item, 'Ipv6DestCidrIp'),
          prefixList: text(item, 'DestPrefixListId'),
        };
  const peerFields =
    direction === 'ingress'
      ? peer.cidr
        ? { sourceCidrIp: peer.cidr }
        : peer.group
          ? { sourceGroupId: peer.group, ...field('sourceGroupOwnerAccount', peer.owner) }
          : undefined
      : peer.cidr
        ? { destCidrIp: peer.cidr }
        : peer.group
          ? { destGroupId: peer.group, ...field('destGroupOwnerAccount', peer.owner) }
          : undefined;
  if (!peerFields) {
    const kind = peer.v6
      ? `an IPv6 ${direction === 'ingress' ? 'source' : 'destination'} (${peer.v6})`
      : peer.prefixList
        ? `a prefix list (${peer.prefixList})`
        : 'no peer';
    return skipped(`${where} has ${kind}, which the document does not model; left out`);
  }
  const nicType = text(item, 'NicType');
  const sourcePortRange = text(item, 'SourcePortRange');
  return ok({
    direction,
    ipProtocol,
    portRange: text(item, 'PortRange') || '-1/-1',
    policy,
    priority,
    ...peerFields,
    ...field('description', text(item, 'Description')),
    ...(nicType === 'intranet' ? { nicType: 'intranet' as const } : {}),
    ...field('securityGroupRuleId', ruleId),
    ...(sourcePortRange && sourcePortRange !== '-1/-1' ? { sourcePortRange } : {}),
  });
}

/**
 * DescribeSecurityGroups item + its DescribeSecurityGroupAttribute (§5.3) → `securityGroups[]`.
 * Classic-network groups (no VpcId) are left out.
 */
export function mapSecurityGroup(
  item: Item,
  attribute: Item,
  permissions: readonly Item[],
): Mapped<SecurityGroupInput> {
  const securityGroupId = text(item, 'SecurityGroupId') || text(attribute, 'SecurityGroupId');
  if (!securityGroupId) return skipped('a security group without SecurityGroupId; left out');
  const vpcId = text(item, 'VpcId') || text(attribute, 'VpcId');
  if (!vpcId) return skipped(`security group ${securityGroupId} is a classic-network group (no VpcId); left out`);
  const type = oneOf(['normal', 'enterprise'] as const, text(item, 'SecurityGroupType') || 'normal');
  const warnings: string[] = [];
  const mapped: PermissionInput[] = [];
  for (const permission of permissions) {
    const result = mapPermission(permission, securityGroupId);
    if (result.kind === 'skipped') warnings.push(result.warning);
    else mapped.push(result.value);
  }
  const policy = oneOf(['Accept', 'Drop'] as const, text(attribute, 'InnerAccessPolicy'));
  return ok(
    {
      securityGroupId,
      vpcId,
      securityGroupType: type ?? 'normal',
      ...(policy ? { innerAccessPolicy: policy } : {}),
      permissions: mapped.sort(comparePermissions),
      ...field('name', text(item, 'SecurityGroupName') || text(attribute, 'SecurityGroupName')),
      ...field('description', text(item, 'Description') || text(attribute, 'Description')),
    },
    warnings,
  );
}

/** DescribeInstances (§5.2) → `instances[]`. Classic-network instances are left out. */
export function mapInstance(item: Item): Mapped<InstanceInput> {
  const instanceId = text(item, 'InstanceId');
  if (!instanceId) return skipped('an instance without InstanceId; left out');
  const vpc = item.VpcAttributes as Item | undefined;
  const vSwitchId = text(vpc, 'VSwitchId');
  if (!vSwitchId) return skipped(`instance ${instanceId} is not in a VPC (classic network); left out`);
  const ips = textList(vpc, 'PrivateIpAddress', 'IpAddress');
  const privateIpAddress = ips[0] ?? '';
  if (!privateIpAddress) return skipped(`instance ${instanceId} has no private IP address; left out`);
  const groups = textList(item, 'SecurityGroupIds', 'SecurityGroupId');
  if (groups.length === 0) return skipped(`instance ${instanceId} is in no security group; left out`);
  const warnings =
    ips.length > 1
      ? [
          `instance ${instanceId}: only the primary private IP ${privateIpAddress} is modelled (also has ${ips.slice(1).join(', ')})`,
        ]
      : [];
  return ok(
    {
      instanceId,
      vSwitchId,
      privateIpAddress,
      securityGroupIds: [...new Set(groups)].sort(),
      ...field('name', text(item, 'InstanceName')),
      ...field('status', text(item, 'Status')),
      ...field('zoneId', text(item, 'ZoneId')),
    },
    warnings,
  );
}

/** A stable order for rules: direction, priority, policy, protocol, ports, peer. */
export function comparePermissions(a: PermissionInput, b: PermissionInput): number {
  const key = (p: PermissionInput) =>
    [
      p.direction,
      String(p.priority ?? 1).padStart(3, '0'),
      p.policy ?? 'Accept',
      String(p.ipProtocol),
      p.portRange,
      p.sourceCidrIp ?? p.sourceGroupId ?? p.destCidrIp ?? p.destGroupId ?? '',
      p.description ?? '',
    ].join('\u0000');
  const ka = key(a);
  const kb = key(b);
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

/** A stable order for route entries: destination, then next hop. */
export function compareRouteEntries(a: RouteEntryInput, b: RouteEntryInput): number {
  const ka = `${a.destinationCidrBlock}\u0000${a.nextHopType}\u0000${a.nextHopId}`;
  const kb = `${b.destinationCidrBlock}\u0000${b.nextHopType}\u0000${b.nextHopId}`;
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}
