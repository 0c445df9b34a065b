/**
 * ENIs (ECS 2014-05-26, aliyun-dataplane.md §3): DescribeNetworkInterfaces (the §3.1 shape, with
 * every private IP), CreateNetworkInterface (vSwitch and groups of one VPC), AssignPrivateIpAddresses
 * (from the ENI's own vSwitch). vpclink never manages ENIs; these let tests build and import them.
 */
import { cidrContainsIp, parseCidr, parseIpv4 } from '../../../simulator/net';
import { isoTime } from '../world';
import { region, type CallContext, type Handler } from '../context';
import { ApiError, invalidParameter } from '../errors';
import { long } from '../json';
import { integer, optional, repeatList, required, tokenPage } from '../params';
import { newResourceId } from '../rng';
import { type NetworkInterfaceRec, dataplaneOf } from '../vpc/dataplaneState';

/** Secondary IPs per call on an Available ENI (§3.1). */
const MAX_IPS_PER_CALL = 32;

function vpcOfVSwitch(ctx: CallContext, vSwitchId: string) {
  const vsw = ctx.cloud.state.vSwitches.find((s) => s.vSwitchId === vSwitchId);
  const vpc = vsw && ctx.cloud.state.vpcs.find((v) => v.vpcId === vsw.vpcId);
  return vsw && vpc ? { vsw, vpc } : undefined;
}

function ownEnis(ctx: CallContext, regionId: string): NetworkInterfaceRec[] {
  return dataplaneOf(ctx.cloud.state).networkInterfaces.filter((n) => {
    const where = vpcOfVSwitch(ctx, n.vSwitchId);
    return where?.vpc.accountId === ctx.accountId && where.vpc.regionId === regionId;
  });
}

function eniItem(ctx: CallContext, eni: NetworkInterfaceRec): Record<string, unknown> {
  const where = vpcOfVSwitch(ctx, eni.vSwitchId);
  return {
    NetworkInterfaceId: eni.networkInterfaceId,
    NetworkInterfaceName: eni.name,
    Type: eni.type,
    Status: eni.status,
    VpcId: where?.vpc.vpcId ?? '',
    VSwitchId: eni.vSwitchId,
    ZoneId: where?.vsw.zoneId ?? '',
    InstanceId: eni.instanceId ?? '',
    MacAddress: '00:16:3e:00:00:00',
    PrivateIpAddress: eni.privateIpAddress,
    PrivateIpSets: {
      PrivateIpSet: [eni.privateIpAddress, ...eni.secondaryIps].map((ip, i) => ({
        PrivateIpAddress: ip,
        Primary: i === 0,
        PrivateDnsName: '',
        AssociatedPublicIp: { PublicIpAddress: '', AllocationId: '' },
      })),
    },
    Ipv6Sets: { Ipv6Set: [] },
    Ipv4PrefixSets: { Ipv4PrefixSet: [] },
    Ipv6PrefixSets: { Ipv6PrefixSet: [] },
    SecurityGroupIds: { SecurityGroupId: [...eni.securityGroupIds] },
    AssociatedPublicIp: { PublicIpAddress: '', AllocationId: '' },
    Attachment: eni.instanceId
      ? { InstanceId: eni.instanceId, DeviceIndex: 1, NetworkCardIndex: 0, TrunkNetworkInterfaceId: '' }
      : {},
    SourceDestCheck: false,
    NetworkInterfaceTrafficMode: 'Standard',
    ServiceManaged: false,
    OwnerId: long(ctx.accountId),
    CreationTime: eni.creationTime,
    Description: '',
    Tags: { Tag: [] },
  };
}

export const describeNetworkInterfaces: Handler = (ctx) => {
  const regionId = region(ctx);
  let enis = ownEnis(ctx, regionId);
  const ids = repeatList(ctx.params, 'NetworkInterfaceId');
  if (ids.length) enis = enis.filter((n) => ids.includes(n.networkInterfaceId));
  const vSwitchId = optional(ctx.params, 'VSwitchId');
  if (vSwitchId !== undefined) enis = enis.filter((n) => n.vSwitchId === vSwitchId);
  const instanceId = optional(ctx.params, 'InstanceId');
  if (instanceId !== undefined) enis = enis.filter((n) => n.instanceId === instanceId);
  const type = optional(ctx.params, 'Type');
  if (type !== undefined) enis = enis.filter((n) => n.type === type);
  const p = tokenPage(ctx.params, enis, 'MaxResults', { min: 10, max: 500, fallback: 10 });
  return {
    NextToken: p.nextToken,
    TotalCount: enis.length,
    NetworkInterfaceSets: { NetworkInterfaceSet: p.items.map((n) => eniItem(ctx, n)) },
  };
};

function usedAddresses(ctx: CallContext): Set<string> {
  const used = new Set(ctx.cloud.state.instances.map((i) => i.privateIpAddress));
  for (const n of dataplaneOf(ctx.cloud.state).networkInterfaces) {
    used.add(n.privateIpAddress);
    for (const ip of n.secondaryIps) used.add(ip);
  }
  return used;
}

/** A free address of a vSwitch, past the reserved first address (aliyun-api.md §6). */
function freeAddress(ctx: CallContext, cidrBlock: string): string {
  const block = parseCidr(cidrBlock);
  if (!block.ok) throw new ApiError('InvalidVSwitchId.IpNotEnough', 400, 'The vSwitch has no free address.');
  const used = usedAddresses(ctx);
  const size = 2 ** (32 - block.value.prefix);
  for (let offset = 1; offset < size - 3; offset++) {
    const ip = block.value.base + offset;
    const text = [ip >>> 24, (ip >>> 16) & 255, (ip >>> 8) & 255, ip & 255].join('.');
    if (!used.has(text)) return text;
  }
  throw new ApiError('InvalidVSwitchId.IpNotEnough', 400, 'The vSwitch has no free address.');
}

function checkAddress(ctx: CallContext, cidrBlock: string, ip: string, name: string): void {
  const parsed = parseIpv4(ip);
  const block = parseCidr(cidrBlock);
  if (!parsed.ok) throw invalidParameter(name, `"${ip}" is not an IPv4 address.`);
  if (block.ok && !cidrContainsIp(block.value, parsed.value))
    throw new ApiError('InvalidPrivateIpAddress.Mismatch', 400, `${ip} is not in the vSwitch ${cidrBlock}.`);
  if (usedAddresses(ctx).has(ip)) throw new ApiError('InvalidIp.IpAssigned', 400, `${ip} is already in use.`);
}

export const createNetworkInterface: Handler = (ctx) => {
  const regionId = region(ctx);
  const vSwitchId = required(ctx.params, 'VSwitchId');
  const where = vpcOfVSwitch(ctx, vSwitchId);
  if (!where || where.vpc.accountId !== ctx.accountId || where.vpc.regionId !== regionId)
    throw new ApiError('InvalidVSwitchId.NotFound', 404, `The specified VSwitchId "${vSwitchId}" does not exist.`);
  const groups = [
    ...new Set(
      [optional(ctx.params, 'SecurityGroupId'), ...repeatList(ctx.params, 'SecurityGroupIds')].filter(
        (g): g is string => g !== undefined,
      ),
    ),
  ];
  if (groups.length === 0) throw invalidParameter('SecurityGroupId', 'an ENI needs at least one security group.');
  for (const g of groups) {
    const group = ctx.cloud.state.securityGroups.find((s) => s.securityGroupId === g);
    if (!group)
      throw new ApiError(
        'InvalidSecurityGroupId.NotFound',
        404,
        `The specified SecurityGroupId "${g}" does not exist.`,
      );
    // Groups must be in the ENI's VPC (§3.2).
    if (group.vpcId !== where.vpc.vpcId)
      throw new ApiError('InvalidSecurityGroupId.NotVpc', 400, `Security group ${g} is not in ${where.vpc.vpcId}.`);
  }
  const primary = optional(ctx.params, 'PrimaryIpAddress');
  if (primary !== undefined) checkAddress(ctx, where.vsw.cidrBlock, primary, 'PrimaryIpAddress');
  const eni: NetworkInterfaceRec = {
    networkInterfaceId: newResourceId(ctx.cloud.rng, 'eni', regionId),
    vSwitchId,
    type: 'Secondary',
    privateIpAddress: primary ?? freeAddress(ctx, where.vsw.cidrBlock),
    secondaryIps: [],
    securityGroupIds: groups,
    name: optional(ctx.params, 'NetworkInterfaceName') ?? '',
    status: 'Available',
    creationTime: isoTime(ctx.cloud.now()),
  };
  dataplaneOf(ctx.cloud.state).networkInterfaces.push(eni);
  return {
    NetworkInterfaceId: eni.networkInterfaceId,
    PrivateIpAddress: eni.privateIpAddress,
    Type: eni.type,
    Status: eni.status,
  };
};

export const assignPrivateIpAddresses: Handler = (ctx) => {
  const regionId = region(ctx);
  const id = required(ctx.params, 'NetworkInterfaceId');
  const eni = ownEnis(ctx, regionId).find((n) => n.networkInterfaceId === id);
  if (!eni)
    throw new ApiError('InvalidEniId.NotFound', 404, `The specified NetworkInterfaceId "${id}" does not exist.`);
  const cidrBlock = vpcOfVSwitch(ctx, eni.vSwitchId)!.vsw.cidrBlock;
  const given = repeatList(ctx.params, 'PrivateIpAddress');
  const count = optional(ctx.params, 'SecondaryPrivateIpAddressCount');
  // PrivateIpAddress.N or SecondaryPrivateIpAddressCount, not both (§3.1).
  if (given.length && count !== undefined)
    throw invalidParameter('SecondaryPrivateIpAddressCount', 'give PrivateIpAddress.N or a count, not both.');
  const wanted =
    given.length ||
    integer(ctx.params, 'SecondaryPrivateIpAddressCount', { min: 1, max: MAX_IPS_PER_CALL, fallback: 1 });
  if (wanted > MAX_IPS_PER_CALL)
    throw invalidParameter('PrivateIpAddress', `at most ${MAX_IPS_PER_CALL} addresses per call.`);
  const assigned: string[] = [];
  for (let i = 0; i < wanted; i++) {
    const ip = given[i] ?? freeAddress(ctx, cidrBlock);
    if (given[i] !== undefined) checkAddress(ctx, cidrBlock, ip, `PrivateIpAddress.${i + 1}`);
    eni.secondaryIps.push(ip);
    assigned.push(ip);
  }
  return {
    AssignedPrivateIpAddressesSet: {
      NetworkInterfaceId: eni.networkInterfaceId,
      PrivateIpSet: { PrivateIpAddress: assigned },
      Ipv4PrefixSet: { Ipv4Prefixes: [] },
    },
  };
};
