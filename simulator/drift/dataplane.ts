/**
 * Drift of the release-2 resources (topology-format.md §4): network ACLs, ENIs, prefix lists and
 * VPC peering connections, each under its live ID. A design names a peering connection or an ACL
 * before it exists, so the live one is found the way apply finds it: a peering by the journal's ID
 * map or by the two VPCs it joins (aliyun-links.md §1: one connection per pair of VPCs), an ACL by
 * its ID or by the `vpclink:<id> <document ACL id>` tag apply writes in its Description
 * (simulator/plan/networkAclChanges.ts). ENIs and prefix lists are not made by vpclink: same IDs.
 *
 * What is compared is what decides traffic: bindings and ordered custom entries of an ACL (first
 * match wins, aliyun-dataplane.md §1), the addresses and groups of an ENI (§3.2), the entries of a
 * prefix list (§2), the VPCs, status and bandwidth of a peering (aliyun-links.md §1.4, §1.5).
 */
import type { NetworkAcl, Topology, VpcPeerConnection } from '../document/schema';
import { ownerMarker } from '../plan/owner';
import { taggedAclId } from '../plan/networkAclChanges';

export type DataplaneDriftKind = 'networkAcl' | 'networkInterface' | 'prefixList' | 'vpcPeerConnection';

export interface DataplaneDrift {
  readonly resourceId: string;
  readonly kind: DataplaneDriftKind;
  readonly state: 'changed' | 'missing' | 'unmanaged';
  readonly detail: string;
}

const LABEL: Readonly<Record<DataplaneDriftKind, string>> = {
  networkAcl: 'network ACL',
  networkInterface: 'ENI',
  prefixList: 'prefix list',
  vpcPeerConnection: 'VPC peering connection',
};

/** Document peering ID → live ID: the journal's map first, then the connection joining the same two VPCs. */
export function livePeeringIds(
  design: Topology,
  live: Topology,
  recorded: Readonly<Record<string, string>> = {},
): Map<string, string> {
  const out = new Map<string, string>();
  const liveList = live.vpcPeerConnections ?? [];
  for (const p of design.vpcPeerConnections ?? []) {
    const known = recorded[p.instanceId];
    if (known !== undefined && liveList.some((l) => l.instanceId === known)) {
      out.set(p.instanceId, known);
      continue;
    }
    const same = liveList.find((l) => l.instanceId === p.instanceId) ?? liveList.find((l) => joinsSameVpcs(l, p));
    if (same) out.set(p.instanceId, same.instanceId);
  }
  return out;
}

function joinsSameVpcs(a: VpcPeerConnection, b: VpcPeerConnection): boolean {
  return (
    (a.vpcId === b.vpcId && a.acceptingVpcId === b.acceptingVpcId) ||
    (a.vpcId === b.acceptingVpcId && a.acceptingVpcId === b.vpcId)
  );
}

export function compareDataplane(
  design: Topology,
  live: Topology,
  peeringIds: ReadonlyMap<string, string>,
): DataplaneDrift[] {
  const out: DataplaneDrift[] = [];
  const push = (kind: DataplaneDriftKind, resourceId: string, state: DataplaneDrift['state'], detail: string) =>
    out.push({ resourceId, kind, state, detail });

  const pairUp = <T>(
    kind: DataplaneDriftKind,
    designItems: readonly T[],
    liveItems: readonly T[],
    liveIdOf: (item: T) => string,
    matchLive: (item: T) => T | undefined,
    fields: (item: T) => Record<string, unknown>,
  ) => {
    const seen = new Set<string>();
    for (const item of designItems) {
      const now = matchLive(item);
      if (now === undefined) {
        push(kind, liveIdOf(item), 'missing', `${LABEL[kind]} ${liveIdOf(item)} is in the document but not live`);
        continue;
      }
      const id = liveIdOf(now);
      seen.add(id);
      const details = fieldChanges(fields(item), fields(now));
      if (details.length > 0) push(kind, id, 'changed', details.join('; '));
    }
    for (const item of liveItems) {
      const id = liveIdOf(item);
      if (!seen.has(id)) push(kind, id, 'unmanaged', `live ${LABEL[kind]} ${id} is not in the document`);
    }
  };

  const liveAcls = live.networkAcls ?? [];
  const marker = ownerMarker(design);
  pairUp(
    'networkAcl',
    design.networkAcls ?? [],
    liveAcls,
    (a) => a.networkAclId,
    (a) =>
      liveAcls.find((l) => l.networkAclId === a.networkAclId) ??
      liveAcls.find((l) => l.vpcId === a.vpcId && taggedAclId(l.description, marker) === a.networkAclId),
    aclFields,
  );

  const liveEnis = live.networkInterfaces ?? [];
  pairUp(
    'networkInterface',
    design.networkInterfaces ?? [],
    liveEnis,
    (e) => e.networkInterfaceId,
    (e) => liveEnis.find((l) => l.networkInterfaceId === e.networkInterfaceId),
    (e) => ({
      vSwitchId: e.vSwitchId,
      instanceId: e.instanceId ?? null,
      privateIpAddresses: [
        ...new Set([e.privateIpAddress, ...(e.privateIpSets ?? []).map((s) => s.privateIpAddress)]),
      ].sort(),
      securityGroupIds: [...e.securityGroupIds].sort(),
    }),
  );

  const liveLists = live.prefixLists ?? [];
  pairUp(
    'prefixList',
    design.prefixLists ?? [],
    liveLists,
    (p) => p.prefixListId,
    (p) => liveLists.find((l) => l.prefixListId === p.prefixListId),
    (p) => ({ addressFamily: p.addressFamily ?? 'IPv4', entries: p.entries.map((e) => e.cidr).sort() }),
  );

  const livePeers = live.vpcPeerConnections ?? [];
  pairUp(
    'vpcPeerConnection',
    design.vpcPeerConnections ?? [],
    livePeers,
    (p) => p.instanceId,
    (p) => {
      const id = peeringIds.get(p.instanceId);
      return id === undefined ? undefined : livePeers.find((l) => l.instanceId === id);
    },
    (p) => ({
      vpcs: [p.vpcId, p.acceptingVpcId].sort(),
      // A design leaves status out: a connection it describes is meant to carry traffic (Activated, §1.4).
      status: p.status ?? 'Activated',
      bandwidth: p.bandwidth,
    }),
  );
  return out;
}

/** An ACL's bindings (as a set) and its custom entries (in order: first match wins). */
function aclFields(acl: NetworkAcl): Record<string, unknown> {
  const custom = (entries: readonly { readonly entryType?: string }[] | undefined) =>
    (entries ?? []).filter((e) => (e.entryType ?? 'custom').toLowerCase() === 'custom');
  return {
    vpcId: acl.vpcId,
    vSwitches: (acl.resources ?? []).map((r) => r.resourceId).sort(),
    ingressEntries: custom(acl.ingressAclEntries).map((e) => {
      const entry = e as NonNullable<NetworkAcl['ingressAclEntries']>[number];
      return `${entry.policy} ${entry.protocol.toLowerCase()} ${entry.port} from ${entry.sourceCidrIp}`;
    }),
    egressEntries: custom(acl.egressAclEntries).map((e) => {
      const entry = e as NonNullable<NetworkAcl['egressAclEntries']>[number];
      return `${entry.policy} ${entry.protocol.toLowerCase()} ${entry.port} to ${entry.destinationCidrIp}`;
    }),
  };
}

/** Each field the document states (not undefined) whose live value differs, as `field: document …, live …`. */
export function fieldChanges(want: Record<string, unknown>, have: Record<string, unknown>): string[] {
  return Object.keys(want)
    .filter((k) => want[k] !== undefined && JSON.stringify(want[k]) !== JSON.stringify(have[k]))
    .map((k) => `${k}: document ${show(want[k])}, live ${show(have[k])}`);
}

/** A value in a drift line: JSON, so a string shows its quotes. */
export function show(value: unknown): string {
  return value === undefined || value === null ? '(none)' : JSON.stringify(value);
}
