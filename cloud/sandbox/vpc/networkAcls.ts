/**
 * Network ACLs (VPC 2016-04-28, aliyun-dataplane.md §1): CreateNetworkAcl, DescribeNetworkAcls,
 * DescribeNetworkAclAttributes, UpdateNetworkAclEntries (a full replace per direction, §0 #6),
 * AssociateNetworkAcl / UnassociateNetworkAcl (own vSwitches of the ACL's VPC, one ACL per
 * vSwitch), DeleteNetworkAcl (only unbound). Response shapes as §1.2 gives them.
 * Error codes marked UNCONFIRMED are plausible names, not found in a primary source (§1.6).
 */
import { parseCidr } from '../../../simulator/net';
import { isoTime } from '../world';
import { region, type CallContext, type Handler } from '../context';
import { ApiError, invalidParameter, missingParameter } from '../errors';
import { long } from '../json';
import { boolean, optional, page, repeatObjects, required } from '../params';
import { newResourceId } from '../rng';
import { type NetworkAclEntryRec, type NetworkAclRec, dataplaneOf } from './dataplaneState';
import { RESOURCE_GROUP, ownVpcs } from './lookups';

/** Quotas (§1.5): ACLs per VPC, custom entries per direction, resources and entries per call. */
const MAX_ACLS_PER_VPC = 20;
const MAX_ENTRIES_PER_DIRECTION = 20;
const MAX_ENTRIES_PER_CALL = 100;
const MAX_RESOURCES_PER_CALL = 30;
/**
 * How long a bind or an unbind takes on the sandbox clock. The API is asynchronous (BINDING →
 * BINDED, §1.1); the real duration is UNCONFIRMED, this keeps tests quick while making every
 * caller wait for the status as against the cloud.
 */
const BINDING_MS = 300;

/**
 * Applies the bindings whose time has come: BINDING → BINDED, UNBINDING → gone. Lazy (before every
 * ACL call) so a manual clock and the real one behave alike, like the engine's tasks.
 */
function settleBindings(ctx: CallContext): void {
  const now = ctx.cloud.now();
  for (const acl of dataplaneOf(ctx.cloud.state).networkAcls) {
    if (!acl.resources.some((r) => r.settlesAt !== undefined && r.settlesAt <= now)) continue;
    acl.resources = acl.resources
      .filter((r) => !(r.status === 'UNBINDING' && r.settlesAt !== undefined && r.settlesAt <= now))
      .map((r) =>
        r.status === 'BINDING' && r.settlesAt !== undefined && r.settlesAt <= now
          ? { resourceId: r.resourceId, status: 'BINDED' as const }
          : r,
      );
    ctx.cloud.dirty = true;
  }
}

/** Another bind or unbind of this ACL is still under way (the API refuses concurrent ones, §1.1, §1.6). */
function assertSettled(acl: NetworkAclRec): void {
  const busy = acl.resources.find((r) => r.status !== 'BINDED');
  if (busy)
    throw new ApiError(
      'OperationDenied.NetworkAclAttachmentInMiddleStatus',
      400,
      `${acl.networkAclId} is ${busy.status} ${busy.resourceId}; retry once it has settled.`,
    );
}

/** The cloud-service allow entries every ACL carries at the top (§1.4, EN doc CIDRs). */
const SERVICE_CIDRS = ['100.100.2.128/28', '100.100.2.112/28', '100.100.100.200/32'];

function dryRun(ctx: CallContext): void {
  if (boolean(ctx.params, 'DryRun') === true)
    throw new ApiError('DryRunOperation', 400, 'Request validation has been passed with DryRun flag set.');
}

function ownAcls(ctx: CallContext, regionId: string): NetworkAclRec[] {
  const vpcIds = new Set(ownVpcs(ctx, regionId).map((v) => v.vpcId));
  return dataplaneOf(ctx.cloud.state).networkAcls.filter((a) => vpcIds.has(a.vpcId));
}

function ownAcl(ctx: CallContext, regionId: string): NetworkAclRec {
  settleBindings(ctx);
  const id = required(ctx.params, 'NetworkAclId');
  const acl = ownAcls(ctx, regionId).find((a) => a.networkAclId === id);
  // Code UNCONFIRMED (the VPC API's usual NotFound spelling).
  if (!acl) throw new ApiError('InvalidNetworkAclId.NotFound', 404, `The specified NetworkAclId "${id}" is not found.`);
  return acl;
}

function entryItem(e: NetworkAclEntryRec, peer: 'SourceCidrIp' | 'DestinationCidrIp'): Record<string, unknown> {
  return {
    NetworkAclEntryId: e.networkAclEntryId,
    NetworkAclEntryName: e.networkAclEntryName,
    Description: e.description,
    Policy: e.policy,
    Protocol: e.protocol,
    Port: e.port,
    [peer]: e.cidr,
    EntryType: e.entryType,
    IpVersion: e.ipVersion,
  };
}

function aclItem(ctx: CallContext, acl: NetworkAclRec, regionId: string): Record<string, unknown> {
  return {
    NetworkAclId: acl.networkAclId,
    NetworkAclName: acl.name,
    VpcId: acl.vpcId,
    RegionId: regionId,
    Description: acl.description,
    CreationTime: acl.creationTime,
    Status: 'Available',
    OwnerId: long(ctx.accountId),
    ResourceGroupId: RESOURCE_GROUP,
    IngressAclEntries: { IngressAclEntry: acl.ingress.map((e) => entryItem(e, 'SourceCidrIp')) },
    EgressAclEntries: { EgressAclEntry: acl.egress.map((e) => entryItem(e, 'DestinationCidrIp')) },
    Resources: {
      Resource: acl.resources.map((r) => ({ ResourceId: r.resourceId, ResourceType: 'VSwitch', Status: r.status })),
    },
    Tags: { Tag: [] },
  };
}

/** The entries a new ACL gets (§0 #5): service allows, a custom allow-all, the system deny-all. */
function defaultEntries(ctx: CallContext, regionId: string): NetworkAclEntryRec[] {
  const entry = (
    policy: 'accept' | 'drop',
    cidr: string,
    entryType: NetworkAclEntryRec['entryType'],
    name: string,
  ): NetworkAclEntryRec => ({
    networkAclEntryId: newResourceId(ctx.cloud.rng, 'nae', regionId),
    networkAclEntryName: name,
    description: '',
    policy,
    protocol: 'all',
    port: '-1/-1',
    cidr,
    entryType,
    ipVersion: 'IPv4',
  });
  return [
    ...SERVICE_CIDRS.map((cidr) => entry('accept', cidr, 'service', 'cloud-service')),
    entry('accept', '0.0.0.0/0', 'custom', 'allow-all'),
    entry('drop', '0.0.0.0/0', 'system', 'deny-all'),
  ];
}

export const createNetworkAcl: Handler = (ctx) => {
  const regionId = region(ctx);
  const vpcId = required(ctx.params, 'VpcId');
  const vpc = ownVpcs(ctx, regionId).find((v) => v.vpcId === vpcId);
  if (!vpc) throw new ApiError('InvalidVpcId.NotFound', 404, `The specified VpcId "${vpcId}" is not found.`);
  const name = optional(ctx.params, 'NetworkAclName') ?? '';
  if (name.length > 128) throw invalidParameter('NetworkAclName', 'at most 128 characters.');
  const description = optional(ctx.params, 'Description') ?? '';
  if (description.length > 256) throw invalidParameter('Description', 'at most 256 characters.');
  const plane = dataplaneOf(ctx.cloud.state);
  if (plane.networkAcls.filter((a) => a.vpcId === vpcId).length >= MAX_ACLS_PER_VPC)
    // Code UNCONFIRMED.
    throw new ApiError('QuotaExceeded.NetworkAcl', 400, `VPC ${vpcId} already has ${MAX_ACLS_PER_VPC} network ACLs.`);
  dryRun(ctx);
  const acl: NetworkAclRec = {
    networkAclId: newResourceId(ctx.cloud.rng, 'nacl', regionId),
    vpcId,
    name,
    description,
    creationTime: isoTime(ctx.cloud.now()),
    ingress: defaultEntries(ctx, regionId),
    egress: defaultEntries(ctx, regionId),
    resources: [],
  };
  plane.networkAcls.push(acl);
  return { NetworkAclId: acl.networkAclId, NetworkAclAttribute: aclItem(ctx, acl, regionId) };
};

export const describeNetworkAcls: Handler = (ctx) => {
  const regionId = region(ctx);
  settleBindings(ctx);
  let acls = ownAcls(ctx, regionId);
  const id = optional(ctx.params, 'NetworkAclId');
  if (id !== undefined) acls = acls.filter((a) => a.networkAclId === id);
  const name = optional(ctx.params, 'NetworkAclName');
  if (name !== undefined) acls = acls.filter((a) => a.name === name);
  const vpcId = optional(ctx.params, 'VpcId');
  if (vpcId !== undefined) acls = acls.filter((a) => a.vpcId === vpcId);
  const resourceId = optional(ctx.params, 'ResourceId');
  const resourceType = optional(ctx.params, 'ResourceType');
  // ResourceId and ResourceType go together (§1.1).
  if ((resourceId === undefined) !== (resourceType === undefined))
    throw missingParameter(resourceId === undefined ? 'ResourceId' : 'ResourceType');
  if (resourceId !== undefined) acls = acls.filter((a) => a.resources.some((r) => r.resourceId === resourceId));
  const p = page(ctx.params, acls);
  // TotalCount, PageNumber and PageSize are strings here (§1.2).
  return {
    TotalCount: String(p.totalCount),
    PageNumber: String(p.pageNumber),
    PageSize: String(p.pageSize),
    NetworkAcls: { NetworkAcl: p.items.map((a) => aclItem(ctx, a, regionId)) },
  };
};

export const describeNetworkAclAttributes: Handler = (ctx) => {
  const regionId = region(ctx);
  const acl = ownAcl(ctx, regionId);
  return { NetworkAclAttribute: { ...aclItem(ctx, acl, regionId), OwnerId: long(ctx.accountId) } };
};

const PORTS = /^(-?\d{1,5})\/(-?\d{1,5})$/;

function parseEntries(
  ctx: CallContext,
  regionId: string,
  name: 'IngressAclEntries' | 'EgressAclEntries',
): NetworkAclEntryRec[] {
  const peer = name === 'IngressAclEntries' ? 'SourceCidrIp' : 'DestinationCidrIp';
  const raw = repeatObjects(ctx.params, name);
  if (raw.length > MAX_ENTRIES_PER_CALL) throw invalidParameter(name, `at most ${MAX_ENTRIES_PER_CALL} entries.`);
  return raw.map((fields, n) => {
    const at = `${name}.${n + 1}`;
    const get = (key: string) => {
      const value = fields.get(key);
      return value === undefined || value === '' ? undefined : value;
    };
    const policy = get('Policy');
    if (policy !== 'accept' && policy !== 'drop') throw invalidParameter(`${at}.Policy`, 'accept or drop.');
    const protocol = get('Protocol')?.toLowerCase();
    if (!protocol || !['icmp', 'gre', 'tcp', 'udp', 'all', 'icmpv6'].includes(protocol))
      throw invalidParameter(`${at}.Protocol`, 'icmp, gre, tcp, udp, all or icmpv6.');
    const port = get('Port');
    if (port === undefined) throw missingParameter(`${at}.Port`);
    const m = PORTS.exec(port);
    const withPorts = protocol === 'tcp' || protocol === 'udp';
    const fine =
      m !== null &&
      (withPorts
        ? Number(m[1]) >= 1 && Number(m[2]) <= 65535 && Number(m[1]) <= Number(m[2])
        : m[1] === '-1' && m[2] === '-1');
    if (!fine) throw invalidParameter(`${at}.Port`, withPorts ? 'start/end within 1-65535.' : 'only -1/-1.');
    const cidr = get(peer);
    if (cidr === undefined) throw missingParameter(`${at}.${peer}`);
    if (cidr.startsWith('pl-')) {
      if (!dataplaneOf(ctx.cloud.state).prefixLists.some((l) => l.prefixListId === cidr && l.regionId === regionId))
        throw new ApiError('ResourceNotFound.PrefixList', 404, `The specified prefix list "${cidr}" is not found.`);
    } else if (!cidr.includes(':') && !parseCidr(cidr).ok)
      throw invalidParameter(`${at}.${peer}`, `"${cidr}" is not a CIDR block.`);
    const entryType = get('EntryType') ?? 'custom';
    if (entryType !== 'custom') throw invalidParameter(`${at}.EntryType`, 'only custom entries can be written.');
    const ipVersion = (get('IpVersion') ?? 'IPv4').toLowerCase() === 'ipv6' ? 'IPv6' : 'IPv4';
    return {
      networkAclEntryId: get('NetworkAclEntryId') ?? newResourceId(ctx.cloud.rng, 'nae', regionId),
      networkAclEntryName: get('NetworkAclEntryName') ?? '',
      description: get('Description') ?? '',
      policy,
      protocol,
      port,
      cidr,
      entryType: 'custom' as const,
      ipVersion,
    };
  });
}

/** Replaces the custom entries of each direction whose Update* flag is true (§0 #6); service and system entries stay. */
export const updateNetworkAclEntries: Handler = (ctx) => {
  const regionId = region(ctx);
  const acl = ownAcl(ctx, regionId);
  const replace = (direction: 'ingress' | 'egress', name: 'IngressAclEntries' | 'EgressAclEntries') => {
    const entries = parseEntries(ctx, regionId, name);
    if (entries.length > MAX_ENTRIES_PER_DIRECTION)
      // Code UNCONFIRMED.
      throw new ApiError(
        'QuotaExceeded.NetworkAclEntry',
        400,
        `At most ${MAX_ENTRIES_PER_DIRECTION} ${direction} entries.`,
      );
    return entries;
  };
  const ingress =
    boolean(ctx.params, 'UpdateIngressAclEntries') === true ? replace('ingress', 'IngressAclEntries') : undefined;
  const egress =
    boolean(ctx.params, 'UpdateEgressAclEntries') === true ? replace('egress', 'EgressAclEntries') : undefined;
  dryRun(ctx);
  const splice = (current: NetworkAclEntryRec[], custom: NetworkAclEntryRec[]) => [
    ...current.filter((e) => e.entryType === 'service'),
    ...custom,
    ...current.filter((e) => e.entryType === 'system'),
  ];
  if (ingress) acl.ingress = splice(acl.ingress, ingress);
  if (egress) acl.egress = splice(acl.egress, egress);
  return {};
};

function resourceIds(ctx: CallContext): string[] {
  const resources = repeatObjects(ctx.params, 'Resource');
  if (resources.length === 0) throw missingParameter('Resource.1.ResourceId');
  if (resources.length > MAX_RESOURCES_PER_CALL)
    throw invalidParameter('Resource', `at most ${MAX_RESOURCES_PER_CALL} resources per call.`);
  return resources.map((r, n) => {
    const id = r.get('ResourceId');
    if (!id) throw missingParameter(`Resource.${n + 1}.ResourceId`);
    if ((r.get('ResourceType') ?? 'VSwitch') !== 'VSwitch')
      throw invalidParameter(`Resource.${n + 1}.ResourceType`, 'only VSwitch.');
    return id;
  });
}

export const associateNetworkAcl: Handler = (ctx) => {
  const regionId = region(ctx);
  const acl = ownAcl(ctx, regionId);
  const ids = resourceIds(ctx);
  const plane = dataplaneOf(ctx.cloud.state);
  assertSettled(acl);
  for (const id of ids) {
    const vsw = ctx.cloud.state.vSwitches.find((s) => s.vSwitchId === id);
    const own = vsw && ownVpcs(ctx, regionId).some((v) => v.vpcId === vsw.vpcId);
    if (!vsw || !own)
      throw new ApiError('InvalidVSwitchId.NotFound', 404, `The specified vSwitch "${id}" is not found.`);
    // An ACL binds only vSwitches of its own VPC; a vSwitch has at most one ACL (§1.5). Codes UNCONFIRMED.
    if (vsw.vpcId !== acl.vpcId)
      throw new ApiError(
        'InvalidParameter.VSwitchNotInVpc',
        400,
        `vSwitch ${id} is not in ${acl.vpcId}, the VPC of ${acl.networkAclId}.`,
      );
    const other = plane.networkAcls.find((a) => a !== acl && a.resources.some((r) => r.resourceId === id));
    if (other)
      throw new ApiError(
        'IncorrectStatus.VSwitch',
        400,
        `vSwitch ${id} is already associated with ${other.networkAclId}.`,
      );
  }
  dryRun(ctx);
  const settlesAt = ctx.cloud.now() + BINDING_MS;
  for (const id of ids)
    if (!acl.resources.some((r) => r.resourceId === id))
      acl.resources.push({ resourceId: id, status: 'BINDING', settlesAt });
  return {};
};

export const unassociateNetworkAcl: Handler = (ctx) => {
  const regionId = region(ctx);
  const acl = ownAcl(ctx, regionId);
  const ids = resourceIds(ctx);
  assertSettled(acl);
  for (const id of ids)
    if (!acl.resources.some((r) => r.resourceId === id))
      throw new ApiError('InvalidVSwitchId.NotFound', 404, `vSwitch ${id} is not associated with ${acl.networkAclId}.`);
  dryRun(ctx);
  const settlesAt = ctx.cloud.now() + BINDING_MS;
  acl.resources = acl.resources.map((r) =>
    ids.includes(r.resourceId) ? { resourceId: r.resourceId, status: 'UNBINDING' as const, settlesAt } : r,
  );
  return {};
};

export const deleteNetworkAcl: Handler = (ctx) => {
  const regionId = region(ctx);
  const acl = ownAcl(ctx, regionId);
  // Deleting requires the ACL to be unbound first (§1.1). Code UNCONFIRMED.
  if (acl.resources.length)
    throw new ApiError(
      'DependencyViolation.NetworkAclAttachment',
      400,
      `${acl.networkAclId} is still associated with ${acl.resources.map((r) => r.resourceId).join(', ')}.`,
    );
  dryRun(ctx);
  const plane = dataplaneOf(ctx.cloud.state);
  plane.networkAcls = plane.networkAcls.filter((a) => a !== acl);
  return {};
};
