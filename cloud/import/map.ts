/**
 * Describe* items → document resources, one pure function per resource type. Field names are the
 * API's in lowerCamelCase (topology-format.md §1); values the document cannot express are skipped
 * with a warning that names the resource.
 */
import { normaliseLong } from '../client';
import {
  ACL_ENTRY_TYPES,
  ACL_POLICIES,
  ACL_PROTOCOLS,
  IP_PROTOCOLS,
  IP_VERSIONS,
  NETWORK_INTERFACE_TYPES,
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
export type NetworkAclInput = NonNullable<TopologyInput['networkAcls']>[number];
export type NetworkInterfaceInput = NonNullable<TopologyInput['networkInterfaces']>[number];
export type PrefixListInput = NonNullable<TopologyInput['prefixLists']>[number];

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
    // An object, an array or a non-finite number where text is expected is no value a document
    // field can hold: read as absent, so a required field is reported by its mapper ("… missing;
    // left out") and an optional one is left out, as when the cloud does not send it.
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
 * A route entry (DescribeRouteEntryList or DescribeRouteTables, aliyun-dataplane.md §4.1) →
 * `routeEntries[]`, or `undefined` for a System entry (system routes are implied,
 * topology-format.md §2). Every next-hop type is kept, known or not (§4.2: vpclink does not
 * simulate most of them, but the document holds them); dynamic entries (BGP, CEN, ECR) keep
 * their `type`. Destinations may be prefix-list IDs or IPv6 blocks.
 */
export function mapRouteEntry(item: Item, routeTableId: string): Mapped<RouteEntryInput> | undefined {
  const type = text(item, 'Type') || text(item, 'RouteEntryType');
  if (type === 'System') return undefined;
  const destination = text(item, 'DestinationCidrBlock');
  const where = `route table ${routeTableId}: route ${destination || text(item, 'RouteEntryId') || '(unnamed)'}`;
  if (!destination) return skipped(`${where} has no DestinationCidrBlock; left out`);
  // DescribeRouteTables gives NextHopType + InstanceId; DescribeRouteEntryList gives NextHops.NextHop[] (§4.1).
  const hops = list(item, 'NextHops', 'NextHop').filter((h): h is Item => typeof h === 'object' && h !== null);
  if (hops.length > 1)
    return skipped(
      `${where} is an ECMP or active/standby route with ${hops.length} next hops (${hops.map((h) => `${text(h, 'NextHopType')} ${text(h, 'NextHopId')}`).join(', ')}), ` +
        `which the document cannot express; left out`,
    );
  const nextHopTypeText = text(item, 'NextHopType') || text(hops[0], 'NextHopType');
  const nextHopId = text(item, 'InstanceId') || text(item, 'NextHopId') || text(hops[0], 'NextHopId');
  if (!nextHopTypeText) return skipped(`${where}: no next-hop type; left out`);
  const nextHopType = oneOf(NEXT_HOP_TYPES, nextHopTypeText) ?? nextHopTypeText;
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
      ...(type !== '' && type !== 'Custom' ? { type } : {}),
      ...field('nextHopRegionId', text(hops[0], 'NextHopRegionId')),
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

/**
 * One item of DescribeSecurityGroupAttribute's Permissions (aliyun-dataplane.md §2.3, §3.3) →
 * `permissions[]`, with every field the document has: the peer (CIDR, IPv6 block, group or prefix
 * list), the narrowing field of the other side (ingress DestCidrIp, egress SourceCidrIp), the
 * source-port range. What cannot be expressed is left out or widened only in the direction that
 * can never make a verdict "reachable" wrongly, with a warning.
 */
export function mapPermission(item: Item, securityGroupId: string): Mapped<PermissionInput> {
  const direction = oneOf(['ingress', 'egress'] as const, text(item, 'Direction'));
  const ruleId = text(item, 'SecurityGroupRuleId');
  const where = `security group ${securityGroupId}: rule ${ruleId || `${text(item, 'Direction')} ${text(item, 'IpProtocol')} ${text(item, 'PortRange')}`}`;
  if (!direction) return skipped(`${where}: Direction "${text(item, 'Direction')}" is not ingress or egress; left out`);
  const protocolText = text(item, 'IpProtocol').toUpperCase();
  const ipProtocol = oneOf(IP_PROTOCOLS, protocolText);
  if (!ipProtocol)
    return skipped(
      `${where}: protocol ${protocolText || '(none)'} is not modelled (TCP, UDP, ICMP, GRE, ALL)${protocolText === 'ICMPV6' ? '; it never matches an IPv4 flow' : ''}; left out`,
    );
  const policy = oneOf(['Accept', 'Drop'] as const, text(item, 'Policy') || 'Accept');
  if (!policy) return skipped(`${where}: Policy "${text(item, 'Policy')}" is not Accept or Drop; left out`);
  const priorityText = text(item, 'Priority');
  const priority = priorityText === '' ? 1 : Number(priorityText);
  if (!Number.isInteger(priority))
    return skipped(`${where}: Priority "${priorityText}" is not a whole number; left out`);
  const nicType = text(item, 'NicType');
  if (nicType === 'internet')
    return skipped(`${where}: NicType internet (classic network) never filters VPC traffic; left out`);
  const warnings: string[] = [];
  // A port list (prl-…) instead of a range (aliyun-dataplane.md §3.3): the document has no port
  // lists. An Accept rule is left out (fewer accepted flows), a Drop rule covers every port (more
  // dropped flows): either way vpclink never says reachable where the cloud drops.
  let portRange = text(item, 'PortRange');
  const portList = text(item, 'PortRangeListId');
  if (!portRange && portList) {
    const withPorts = ipProtocol === 'TCP' || ipProtocol === 'UDP';
    if (policy === 'Accept')
      return skipped(
        `${where}: its ports are port list ${portList}, which the document cannot express; left out (Accept)`,
      );
    portRange = withPorts ? '1/65535' : '-1/-1';
    warnings.push(`${where}: its ports are port list ${portList}; recorded as a Drop on every port (${portRange})`);
  }
  const fields: Record<string, string> = {};
  const put = (key: string, apiKey: string) => {
    const value = text(item, apiKey);
    if (value) fields[key] = value;
  };
  put('sourceCidrIp', 'SourceCidrIp');
  put('destCidrIp', 'DestCidrIp');
  put('ipv6SourceCidrIp', 'Ipv6SourceCidrIp');
  put('ipv6DestCidrIp', 'Ipv6DestCidrIp');
  if (direction === 'ingress') {
    put('sourceGroupId', 'SourceGroupId');
    if (fields.sourceGroupId) put('sourceGroupOwnerAccount', 'SourceGroupOwnerAccount');
    put('sourcePrefixListId', 'SourcePrefixListId');
  } else {
    put('destGroupId', 'DestGroupId');
    if (fields.destGroupId) put('destGroupOwnerAccount', 'DestGroupOwnerAccount');
    put('destPrefixListId', 'DestPrefixListId');
  }
  const peers =
    direction === 'ingress'
      ? ['sourceCidrIp', 'ipv6SourceCidrIp', 'sourceGroupId', 'sourcePrefixListId']
      : ['destCidrIp', 'ipv6DestCidrIp', 'destGroupId', 'destPrefixListId'];
  const given = peers.filter((k) => fields[k] !== undefined);
  if (given.length === 0) return skipped(`${where} has no peer; left out`);
  // The API ignores the prefix list when another peer is given (aliyun-dataplane.md §2.3).
  if (given.length > 1 && given.some((k) => k.endsWith('PrefixListId'))) {
    const list = given.find((k) => k.endsWith('PrefixListId'))!;
    warnings.push(
      `${where}: ${list} ${fields[list]} is ignored by the API beside ${given.filter((k) => k !== list).join(', ')}; left out of the rule`,
    );
    delete fields[list];
  }
  const sourcePortRange = text(item, 'SourcePortRange');
  return ok(
    {
      direction,
      ipProtocol,
      portRange: portRange || '-1/-1',
      policy,
      priority,
      ...fields,
      ...field('description', text(item, 'Description')),
      ...(nicType === 'intranet' ? { nicType: 'intranet' as const } : {}),
      ...field('securityGroupRuleId', ruleId),
      ...(sourcePortRange && sourcePortRange !== '-1/-1' ? { sourcePortRange } : {}),
      ...(portList ? { portRangeListId: portList } : {}),
    },
    warnings,
  );
}

/**
 * DescribeSecurityGroups item + its DescribeSecurityGroupAttribute (§5.3) → `securityGroups[]`.
 * Classic-network groups (no VpcId) are left out.
 */
export function mapSecurityGroup(
  item: Item,
  attribute: Item,
  permissions: readonly Item[],
  accountId?: string,
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
    else {
      mapped.push(result.value);
      warnings.push(...result.warnings);
    }
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
      ...field('accountId', accountId ?? ''),
      ...field('description', text(item, 'Description') || text(attribute, 'Description')),
    },
    warnings,
  );
}

/** DescribeInstances (§5.2) → `instances[]`. Classic-network instances are left out. */
export function mapInstance(item: Item, secondaryIpsFromEnis = false): Mapped<InstanceInput> {
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
    ips.length > 1 && !secondaryIpsFromEnis
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
      p.sourcePrefixListId ?? p.destPrefixListId ?? p.ipv6SourceCidrIp ?? p.ipv6DestCidrIp ?? '',
      p.destCidrIp ?? '',
      p.sourcePortRange ?? '',
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

/**
 * DescribeNetworkAcls item (aliyun-dataplane.md §1.2) → `networkAcls[]`: every entry in API order
 * (the evaluation order), service and system entries included with their `entryType`, and the
 * vSwitch bindings with their live status.
 */
export function mapNetworkAcl(item: Item): Mapped<NetworkAclInput> {
  const networkAclId = text(item, 'NetworkAclId');
  if (!networkAclId) return skipped('a network ACL without NetworkAclId; left out');
  const vpcId = text(item, 'VpcId');
  if (!vpcId) return skipped(`network ACL ${networkAclId} has no VpcId; left out`);
  const warnings: string[] = [];
  const entries = (outer: string, inner: string, peerKey: 'SourceCidrIp' | 'DestinationCidrIp') => {
    const out: Record<string, unknown>[] = [];
    list(item, outer, inner).forEach((raw, n) => {
      if (typeof raw !== 'object' || raw === null) return;
      const entry = raw as Item;
      const where =
        `network ACL ${networkAclId}: ${outer === 'IngressAclEntries' ? 'ingress' : 'egress'} entry ` +
        `${n} (${text(entry, 'NetworkAclEntryId') || text(entry, 'NetworkAclEntryName') || 'unnamed'})`;
      const policy = oneOf(ACL_POLICIES, text(entry, 'Policy'));
      const protocol = oneOf(ACL_PROTOCOLS, text(entry, 'Protocol'));
      const peer = text(entry, peerKey);
      if (!policy || !protocol || !peer) {
        // Leaving out an accept entry can only drop more; leaving out a drop entry could let a
        // flow through that the cloud drops, so the warning says which it was.
        warnings.push(
          `${where}: policy "${text(entry, 'Policy')}", protocol "${text(entry, 'Protocol')}" or ${peerKey} "${peer}" cannot be expressed; left ` +
            `out${policy === 'drop' ? ' — a DROP entry: verdicts through this ACL may be too permissive' : ''}`,
        );
        return;
      }
      const entryType = oneOf(ACL_ENTRY_TYPES, text(entry, 'EntryType'));
      const ipVersion = oneOf(IP_VERSIONS, text(entry, 'IpVersion'));
      out.push({
        policy,
        protocol,
        port: text(entry, 'Port') || '-1/-1',
        ...field('networkAclEntryName', text(entry, 'NetworkAclEntryName')),
        ...field('networkAclEntryId', text(entry, 'NetworkAclEntryId')),
        ...(entryType ? { entryType } : {}),
        ...field('description', text(entry, 'Description')),
        ...(ipVersion ? { ipVersion } : {}),
        [peerKey === 'SourceCidrIp' ? 'sourceCidrIp' : 'destinationCidrIp']: peer,
      });
    });
    return out;
  };
  const ingress = entries('IngressAclEntries', 'IngressAclEntry', 'SourceCidrIp');
  const egress = entries('EgressAclEntries', 'EgressAclEntry', 'DestinationCidrIp');
  const resources: Record<string, unknown>[] = [];
  for (const raw of list(item, 'Resources', 'Resource')) {
    if (typeof raw !== 'object' || raw === null) continue;
    const resource = raw as Item;
    const resourceId = text(resource, 'ResourceId');
    const resourceType = text(resource, 'ResourceType');
    if (!resourceId) continue;
    if (resourceType !== '' && resourceType !== 'VSwitch') {
      warnings.push(
        `network ACL ${networkAclId}: binding to ${resourceType} ${resourceId} cannot be expressed; left out`,
      );
      continue;
    }
    resources.push({ resourceId, resourceType: 'VSwitch', ...field('status', text(resource, 'Status')) });
  }
  resources.sort((a, b) => (String(a.resourceId) < String(b.resourceId) ? -1 : 1));
  return ok(
    {
      networkAclId,
      vpcId,
      ...field('networkAclName', text(item, 'NetworkAclName')),
      ...field('description', text(item, 'Description')),
      resources,
      ingressAclEntries: ingress,
      egressAclEntries: egress,
      ...field('status', text(item, 'Status')),
    } as NetworkAclInput,
    warnings,
  );
}

/**
 * DescribeNetworkInterfaces item (aliyun-dataplane.md §3.1) → `networkInterfaces[]`: every
 * private IP with its primary flag, the ENI's own groups and vSwitch. IPv6 addresses and IPv4/IPv6
 * prefixes cannot be expressed and are named in a warning.
 */
export function mapNetworkInterface(item: Item): Mapped<NetworkInterfaceInput> {
  const networkInterfaceId = text(item, 'NetworkInterfaceId');
  if (!networkInterfaceId) return skipped('an ENI without NetworkInterfaceId; left out');
  const vSwitchId = text(item, 'VSwitchId');
  const privateIpAddress = text(item, 'PrivateIpAddress');
  if (!vSwitchId || !privateIpAddress)
    return skipped(`ENI ${networkInterfaceId}: VSwitchId or PrivateIpAddress missing; left out`);
  const groups = [...new Set(textList(item, 'SecurityGroupIds', 'SecurityGroupId'))].sort();
  if (groups.length === 0)
    return skipped(`ENI ${networkInterfaceId} (${privateIpAddress}) is in no security group the API shows; left out`);
  const warnings: string[] = [];
  const typeText = text(item, 'Type');
  let type = oneOf(NETWORK_INTERFACE_TYPES, typeText);
  if (!type && typeText) {
    type = 'Secondary';
    warnings.push(`ENI ${networkInterfaceId}: type "${typeText}" recorded as Secondary (its own vSwitch and groups)`);
  }
  const sets: Array<{ privateIpAddress: string; primary: boolean }> = [];
  for (const raw of list(item, 'PrivateIpSets', 'PrivateIpSet')) {
    if (typeof raw !== 'object' || raw === null) continue;
    const address = text(raw as Item, 'PrivateIpAddress');
    if (!address || sets.some((s) => s.privateIpAddress === address)) continue;
    const primary = (raw as Item).Primary === true || text(raw as Item, 'Primary') === 'true';
    sets.push({ privateIpAddress: address, primary });
  }
  sets.sort((a, b) =>
    a.primary !== b.primary ? (a.primary ? -1 : 1) : a.privateIpAddress < b.privateIpAddress ? -1 : 1,
  );
  const ipv6 = list(item, 'Ipv6Sets', 'Ipv6Set')
    .map((s) => text(s as Item, 'Ipv6Address'))
    .filter(Boolean);
  const prefixes = [
    ...list(item, 'Ipv4PrefixSets', 'Ipv4PrefixSet').map((s) => text(s as Item, 'Ipv4Prefix')),
    ...list(item, 'Ipv6PrefixSets', 'Ipv6PrefixSet').map((s) => text(s as Item, 'Ipv6Prefix')),
  ].filter(Boolean);
  if (prefixes.length)
    warnings.push(
      `ENI ${networkInterfaceId}: address prefixes ${prefixes.join(', ')} cannot be expressed; flows to them are judged DESTINATION_UNKNOWN`,
    );
  const attachment = item.Attachment as Item | undefined;
  const instanceId = text(item, 'InstanceId') || text(attachment, 'InstanceId');
  return ok(
    {
      networkInterfaceId,
      vSwitchId,
      privateIpAddress,
      securityGroupIds: groups,
      ...(type ? { type } : {}),
      ...field('instanceId', instanceId),
      ...(sets.length > 1 || (sets.length === 1 && sets[0]!.privateIpAddress !== privateIpAddress)
        ? { privateIpSets: sets }
        : {}),
      ...field('name', text(item, 'NetworkInterfaceName')),
      ...field('status', text(item, 'Status')),
      ...field('vpcId', text(item, 'VpcId')),
      ...field('zoneId', text(item, 'ZoneId')),
      ...(ipv6.length ? { ipv6Addresses: ipv6 } : {}),
      ...(typeof item.SourceDestCheck === 'boolean' ? { sourceDestCheck: item.SourceDestCheck } : {}),
      ...field('ownerId', text(item, 'OwnerId')),
      ...field('description', text(item, 'Description')),
    } as NetworkInterfaceInput,
    warnings,
  );
}

/**
 * ListPrefixLists item (VPC, aliyun-dataplane.md §2.1) with its GetVpcPrefixListEntries entries
 * (or the item's CidrBlocks when entries are not given) → `prefixLists[]`.
 */
export function mapPrefixList(
  item: Item,
  entries: readonly Item[] | undefined,
  accountId: string,
  regionId: string,
): Mapped<PrefixListInput> {
  const prefixListId = text(item, 'PrefixListId');
  if (!prefixListId) return skipped(`a prefix list in ${regionId} without PrefixListId; left out`);
  const mapped =
    entries !== undefined
      ? entries.map((e) => ({ cidr: text(e, 'Cidr'), ...field('description', text(e, 'Description')) }))
      : (Array.isArray(item.CidrBlocks) ? item.CidrBlocks : list(item, 'CidrBlocks', 'CidrBlock')).map((c) => ({
          cidr: typeof c === 'string' ? c : '',
        }));
  const family = oneOf(IP_VERSIONS, text(item, 'IpVersion') || text(item, 'AddressFamily'));
  const max = Number(text(item, 'MaxEntries'));
  return ok({
    prefixListId,
    accountId: text(item, 'OwnerId') || accountId,
    regionId: text(item, 'RegionId') || regionId,
    entries: mapped.filter((e) => e.cidr !== '').sort((a, b) => (a.cidr < b.cidr ? -1 : a.cidr > b.cidr ? 1 : 0)),
    ...field('prefixListName', text(item, 'PrefixListName')),
    ...(family ? { addressFamily: family } : {}),
    ...(Number.isInteger(max) && max > 0 ? { maxEntries: max } : {}),
    ...field('description', text(item, 'PrefixListDescription')),
  });
}
