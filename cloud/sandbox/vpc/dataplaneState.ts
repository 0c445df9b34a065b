/**
 * The sandbox's data plane beyond routes and rules (aliyun-dataplane.md §1–§3): network ACLs,
 * VPC prefix lists and ENIs, as plain records in `WorldState.dataplane` (optional, so state files
 * written before it existed still load). Seeded from a document's release-2 arrays and exported
 * back to them, so an import from the sandbox gives the seed's data plane.
 *
 * ACL bindings are asynchronous as in the API (§1.1): BINDING → BINDED and UNBINDING → gone at
 * `settlesAt` on the sandbox clock (vpc/networkAcls.ts settles them lazily before every ACL call).
 * Simplification (said, not hidden): instances get no synthesised Primary ENI (the real
 * DescribeNetworkInterfaces lists one per instance: the importer folds those into the instance).
 */
import type { Topology } from '../../../simulator/document';
import { newResourceId, type Rng } from '../rng';
import type { WorldState } from '../world';

export interface NetworkAclEntryRec {
  networkAclEntryId: string;
  networkAclEntryName: string;
  description: string;
  policy: 'accept' | 'drop';
  protocol: string;
  port: string;
  /** SourceCidrIp of an ingress entry, DestinationCidrIp of an egress one (a CIDR or `pl-…`). */
  cidr: string;
  entryType: 'custom' | 'service' | 'system';
  ipVersion: 'IPv4' | 'IPv6';
}

export interface NetworkAclRec {
  networkAclId: string;
  vpcId: string;
  name: string;
  description: string;
  creationTime: string;
  ingress: NetworkAclEntryRec[];
  egress: NetworkAclEntryRec[];
  /** `settlesAt`: sandbox-clock ms when a BINDING becomes BINDED or an UNBINDING is gone. */
  resources: Array<{ resourceId: string; status: 'BINDED' | 'BINDING' | 'UNBINDING'; settlesAt?: number }>;
}

export interface PrefixListRec {
  prefixListId: string;
  accountId: string;
  regionId: string;
  name: string;
  description: string;
  ipVersion: 'IPv4' | 'IPv6';
  maxEntries: number;
  entries: Array<{ cidr: string; description: string }>;
  creationTime: string;
}

export interface NetworkInterfaceRec {
  networkInterfaceId: string;
  vSwitchId: string;
  type: 'Primary' | 'Secondary' | 'Trunk';
  instanceId?: string;
  privateIpAddress: string;
  /** Secondary private IPs, in assignment order. */
  secondaryIps: string[];
  securityGroupIds: string[];
  name: string;
  status: string;
  creationTime: string;
}

export interface DataplaneState {
  networkAcls: NetworkAclRec[];
  prefixLists: PrefixListRec[];
  networkInterfaces: NetworkInterfaceRec[];
}

/** The data-plane records of a state, created empty on first use. */
export function dataplaneOf(state: WorldState): DataplaneState {
  return (state.dataplane ??= { networkAcls: [], prefixLists: [], networkInterfaces: [] });
}

/** The MaxEntries default of CreateVpcPrefixList (aliyun-dataplane.md §2.1). */
export const DEFAULT_PREFIX_LIST_MAX_ENTRIES = 50;

/**
 * Seeds the data plane from a document. ENIs and prefix lists are not managed by vpclink: they
 * exist before any apply, so both seed modes carry them. Network ACLs are what apply makes, so the
 * `base` world (before the plan) has none and `full` has the document's.
 */
export function seedDataplane(
  state: WorldState,
  seed: Topology,
  rng: Rng,
  created: string,
  mode: 'base' | 'full' = 'full',
): void {
  const plane = dataplaneOf(state);
  const regionOfVpc = (vpcId: string) => state.vpcs.find((v) => v.vpcId === vpcId)?.regionId ?? 'cn-hangzhou';
  for (const list of seed.prefixLists ?? []) {
    plane.prefixLists.push({
      prefixListId: list.prefixListId,
      accountId: list.accountId,
      regionId: list.regionId,
      name: list.prefixListName ?? '',
      description: '',
      ipVersion: list.addressFamily ?? 'IPv4',
      maxEntries: list.maxEntries ?? Math.max(DEFAULT_PREFIX_LIST_MAX_ENTRIES, list.entries.length),
      entries: list.entries.map((e) => ({ cidr: e.cidr, description: e.description ?? '' })),
      creationTime: created,
    });
  }
  for (const acl of mode === 'full' ? (seed.networkAcls ?? []) : []) {
    const regionId = regionOfVpc(acl.vpcId);
    const entry = (e: Record<string, unknown>, cidr: string): NetworkAclEntryRec => ({
      networkAclEntryId: (e.networkAclEntryId as string | undefined) ?? newResourceId(rng, 'nae', regionId),
      networkAclEntryName: (e.networkAclEntryName as string | undefined) ?? '',
      description: (e.description as string | undefined) ?? '',
      policy: e.policy as 'accept' | 'drop',
      protocol: e.protocol as string,
      port: e.port as string,
      cidr,
      entryType: (e.entryType as NetworkAclEntryRec['entryType'] | undefined) ?? 'custom',
      ipVersion: (e.ipVersion as 'IPv4' | 'IPv6' | undefined) ?? 'IPv4',
    });
    plane.networkAcls.push({
      networkAclId: acl.networkAclId,
      vpcId: acl.vpcId,
      name: acl.networkAclName ?? '',
      description: acl.description ?? '',
      creationTime: created,
      ingress: (acl.ingressAclEntries ?? []).map((e) => entry(e, e.sourceCidrIp)),
      egress: (acl.egressAclEntries ?? []).map((e) => entry(e, e.destinationCidrIp)),
      resources: (acl.resources ?? []).map((r) => ({ resourceId: r.resourceId, status: 'BINDED' as const })),
    });
  }
  for (const eni of seed.networkInterfaces ?? []) {
    plane.networkInterfaces.push({
      networkInterfaceId: eni.networkInterfaceId,
      vSwitchId: eni.vSwitchId,
      type: eni.type ?? 'Secondary',
      ...(eni.instanceId !== undefined ? { instanceId: eni.instanceId } : {}),
      privateIpAddress: eni.privateIpAddress,
      secondaryIps: (eni.privateIpSets ?? [])
        .map((s) => s.privateIpAddress)
        .filter((ip, i, all) => ip !== eni.privateIpAddress && all.indexOf(ip) === i),
      securityGroupIds: [...eni.securityGroupIds],
      name: eni.name ?? '',
      status: eni.status ?? (eni.instanceId !== undefined ? 'InUse' : 'Available'),
      creationTime: created,
    });
  }
}

/** The data plane as the document's release-2 arrays (only the non-empty ones). */
export function exportDataplane(
  state: WorldState,
): Pick<Topology, 'networkAcls' | 'networkInterfaces' | 'prefixLists'> {
  const plane = state.dataplane;
  if (!plane) return {};
  const entry = (e: NetworkAclEntryRec, peer: 'sourceCidrIp' | 'destinationCidrIp') => ({
    policy: e.policy,
    protocol: e.protocol as 'all',
    port: e.port,
    ...(e.networkAclEntryName ? { networkAclEntryName: e.networkAclEntryName } : {}),
    networkAclEntryId: e.networkAclEntryId,
    entryType: e.entryType,
    ...(e.description ? { description: e.description } : {}),
    ipVersion: e.ipVersion,
    [peer]: e.cidr,
  });
  const out: Pick<Topology, 'networkAcls' | 'networkInterfaces' | 'prefixLists'> = {};
  if (plane.networkAcls.length)
    out.networkAcls = plane.networkAcls.map((a) => ({
      networkAclId: a.networkAclId,
      vpcId: a.vpcId,
      ...(a.name ? { networkAclName: a.name } : {}),
      ...(a.description ? { description: a.description } : {}),
      resources: a.resources.map((r) => ({
        resourceId: r.resourceId,
        resourceType: 'VSwitch' as const,
        status: r.status,
      })),
      ingressAclEntries: a.ingress.map((e) => entry(e, 'sourceCidrIp') as never),
      egressAclEntries: a.egress.map((e) => entry(e, 'destinationCidrIp') as never),
    }));
  if (plane.networkInterfaces.length)
    out.networkInterfaces = plane.networkInterfaces.map((n) => ({
      networkInterfaceId: n.networkInterfaceId,
      vSwitchId: n.vSwitchId,
      privateIpAddress: n.privateIpAddress,
      securityGroupIds: [...n.securityGroupIds],
      type: n.type,
      ...(n.instanceId !== undefined ? { instanceId: n.instanceId } : {}),
      ...(n.secondaryIps.length
        ? {
            privateIpSets: [
              { privateIpAddress: n.privateIpAddress, primary: true },
              ...n.secondaryIps.map((ip) => ({ privateIpAddress: ip, primary: false })),
            ],
          }
        : {}),
      ...(n.name ? { name: n.name } : {}),
      status: n.status,
    }));
  if (plane.prefixLists.length)
    out.prefixLists = plane.prefixLists.map((p) => ({
      prefixListId: p.prefixListId,
      accountId: p.accountId,
      regionId: p.regionId,
      entries: p.entries.map((e) => ({ cidr: e.cidr, ...(e.description ? { description: e.description } : {}) })),
      ...(p.name ? { prefixListName: p.name } : {}),
      addressFamily: p.ipVersion,
      maxEntries: p.maxEntries,
    }));
  return out;
}
