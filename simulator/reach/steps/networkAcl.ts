/**
 * Network ACLs (aliyun-dataplane.md §1.4), one step of the path.
 *
 * - An ACL filters traffic entering (ingress entries, matched on the SOURCE address) and leaving
 *   (egress entries, matched on the DESTINATION address) the ENIs of the vSwitches it is bound
 *   to. Traffic between two addresses of the same vSwitch is not filtered (§0 #2).
 * - Entries are evaluated in list order; the first match wins (§0 #3). The port of an entry
 *   always matches the packet's DESTINATION port, in both directions (§0 #4).
 * - Implied entries of a design: the cloud-service allows first (DNS 100.100.2.128/28 and
 *   100.100.2.112/28, MetaServer 100.100.100.200/32, §1.4), the listed entries, then deny-all
 *   (topology-format.md §4.1). So an ACL without entries denies everything but the services.
 *   Entries an import brings (`entryType` service/system) are evaluated where they are listed.
 * - Stateless (§0 #1): the reply is checked against both ACLs again, going to the client's
 *   ephemeral port (32768–60999 unless a source port is given): every port must pass.
 * - Only a vSwitch of the ACL's own VPC is filtered (the API binds nothing else, §1.5); when a
 *   document binds a vSwitch twice, the first ACL in document order applies (validate reports it).
 * - An entry whose address or port does not parse, an IPv6 entry and an `icmpv6` entry match
 *   no IPv4 packet.
 */
import type { EgressAclEntry, IngressAclEntry, NetworkAcl, Topology } from '../../document/schema';
import { type Cidr, formatIpv4 } from '../../net/ipv4';
import {
  cutAt,
  EPHEMERAL_PORTS,
  formatPorts,
  parsePortRange,
  portRangeText,
  type PortInterval,
  type PortRangeParse,
} from '../../net/ports';
import type { JsonPatch } from '../jsonPatch';
import type { AclEntryRef, FlowSpec, Protocol } from '../types';
import { blocksContain, blocksOf } from './prefixLists';
import { blocker, type BlockerDraft, named, type Recorder } from './recorder';

export type AclDirection = 'ingress' | 'egress';

export interface CompiledAclEntry {
  readonly accept: boolean;
  /** `tcp`, `udp`, `icmp`, `gre`, `all`; null for entries that match no IPv4 packet. */
  readonly protocol: 'tcp' | 'udp' | 'icmp' | 'gre' | 'all' | null;
  readonly port: PortRangeParse;
  readonly blocks: readonly Cidr[];
  /** Listed entries of type `system` and the implied deny-all are the default deny. */
  readonly isDefault: boolean;
  readonly ref: AclEntryRef;
}

export interface CompiledAcl {
  readonly acl: NetworkAcl;
  readonly id: string;
  readonly docIndex: number;
  readonly ingress: readonly CompiledAclEntry[];
  readonly egress: readonly CompiledAclEntry[];
}

/** The cloud-service blocks every ACL allows first (aliyun-dataplane.md §1.4, EN doc 2025). */
export const SERVICE_BLOCKS: readonly string[] = ['100.100.2.128/28', '100.100.2.112/28', '100.100.100.200/32'];

function fieldName(direction: AclDirection): 'ingressAclEntries' | 'egressAclEntries' {
  return direction === 'ingress' ? 'ingressAclEntries' : 'egressAclEntries';
}

function compileDirection(
  acl: NetworkAcl,
  docIndex: number,
  direction: AclDirection,
  prefixLists: ReadonlyMap<string, readonly Cidr[]>,
): CompiledAclEntry[] {
  const out: CompiledAclEntry[] = [];
  const implied = (policy: 'accept' | 'drop', cidr: string, entryType: 'service' | 'system'): CompiledAclEntry => ({
    accept: policy === 'accept',
    protocol: 'all',
    port: { kind: 'any' },
    blocks: blocksOf(cidr, prefixLists),
    isDefault: entryType === 'system',
    ref: {
      networkAclId: acl.networkAclId,
      direction,
      index: -1,
      entryType,
      policy,
      protocol: 'all',
      port: '-1/-1',
      cidr,
      name: entryType === 'service' ? 'cloud services (implied)' : 'deny all (implied)',
    },
  });
  for (const cidr of SERVICE_BLOCKS) out.push(implied('accept', cidr, 'service'));
  const entries = acl[fieldName(direction)] ?? [];
  entries.forEach((entry, index) => {
    const cidr: string | undefined =
      direction === 'ingress' ? (entry as IngressAclEntry).sourceCidrIp : (entry as EgressAclEntry).destinationCidrIp;
    const ipv6 = (entry.ipVersion ?? 'IPv4') !== 'IPv4';
    const protocol = ipv6 || entry.protocol === 'icmpv6' ? null : entry.protocol;
    let port = parsePortRange(entry.port);
    // tcp/udp need a real range (-1/-1 is refused by the API); the others only -1/-1.
    if ((protocol === 'tcp' || protocol === 'udp') !== (port.kind === 'range')) port = { kind: 'invalid' };
    out.push({
      accept: entry.policy === 'accept',
      protocol,
      port,
      blocks: cidr === undefined ? [] : blocksOf(cidr, prefixLists),
      isDefault: entry.entryType === 'system',
      ref: {
        networkAclId: acl.networkAclId,
        direction,
        index,
        path: `/networkAcls/${docIndex}/${fieldName(direction)}/${index}`,
        entryType: entry.entryType ?? 'custom',
        policy: entry.policy,
        protocol: entry.protocol,
        port: entry.port,
        cidr: cidr ?? '(none)',
        ...(entry.networkAclEntryName ? { name: entry.networkAclEntryName } : {}),
      },
    });
  });
  out.push(implied('drop', '0.0.0.0/0', 'system'));
  return out;
}

/** The ACL that filters each vSwitch (by vSwitch ID). */
export function compileAcls(
  document: Topology,
  vSwitchVpc: (vSwitchId: string) => string | undefined,
  prefixLists: ReadonlyMap<string, readonly Cidr[]>,
): ReadonlyMap<string, CompiledAcl> {
  const byVSwitch = new Map<string, CompiledAcl>();
  (document.networkAcls ?? []).forEach((acl, docIndex) => {
    let compiled: CompiledAcl | null = null;
    for (const resource of acl.resources ?? []) {
      if (byVSwitch.has(resource.resourceId)) continue;
      if (vSwitchVpc(resource.resourceId) !== acl.vpcId) continue;
      compiled ??= {
        acl,
        id: acl.networkAclId,
        docIndex,
        ingress: compileDirection(acl, docIndex, 'ingress', prefixLists),
        egress: compileDirection(acl, docIndex, 'egress', prefixLists),
      };
      byVSwitch.set(resource.resourceId, compiled);
    }
  });
  return byVSwitch;
}

/** One class of packets that every entry treats alike. */
export interface PacketClass {
  readonly protocol: 'tcp' | 'udp' | 'icmp' | 'gre' | 'other';
  /** Destination ports for tcp/udp; null for the others. */
  readonly ports: PortInterval | null;
}

function entryMatches(entry: CompiledAclEntry, packet: PacketClass, peerIp: number): boolean {
  return entryMatchesClass(entry, packet) && blocksContain(entry.blocks, peerIp);
}

/** Whether an entry matches a class of packets on protocol and port (its blocks aside). */
export function entryMatchesClass(entry: CompiledAclEntry, packet: PacketClass): boolean {
  if (entry.protocol === null) return false;
  if (entry.protocol !== 'all' && entry.protocol !== packet.protocol) return false;
  if (entry.port.kind === 'invalid') return false;
  // Classes are cut at every entry boundary, so containing the class's first port is enough.
  if (entry.port.kind === 'range' && packet.ports !== null) {
    const { from, to } = entry.port.interval;
    if (packet.ports.from < from || packet.ports.from > to) return false;
  }
  return true;
}

/**
 * The packet classes of a flow: one for icmp; for tcp/udp the destination ports (one port, or
 * the ephemeral range of a reply) cut at the entries' port boundaries; for `all`, every
 * protocol and every port (other protocols match only `all` entries).
 */
export function classesOf(
  protocol: Protocol,
  ports: PortInterval | null,
  entries: readonly CompiledAclEntry[],
): PacketClass[] {
  const cut = (proto: 'tcp' | 'udp', within: PortInterval): PacketClass[] =>
    cutAt(
      within,
      entries
        .filter((e) => e.protocol === proto && e.port.kind === 'range')
        .map((e) => (e.port as { interval: PortInterval }).interval),
    ).map((p) => ({ protocol: proto, ports: p }));
  switch (protocol) {
    case 'icmp':
      return [{ protocol: 'icmp', ports: null }];
    case 'tcp':
    case 'udp':
      return cut(protocol, ports ?? { from: 1, to: 65535 });
    case 'all':
      return [
        { protocol: 'other', ports: null },
        { protocol: 'icmp', ports: null },
        { protocol: 'gre', ports: null },
        ...cut('tcp', { from: 1, to: 65535 }),
        ...cut('udp', { from: 1, to: 65535 }),
      ];
  }
}

export interface AclDecision {
  readonly allowed: boolean;
  /** The entry that decided: the first denying one when denied, else the first accepting one. */
  readonly entry: CompiledAclEntry;
  /** Destination ports that are denied (tcp/udp only), e.g. of a reply's ephemeral range. */
  readonly deniedPorts: readonly PortInterval[];
  /** Which kinds of packets are denied, for `all` flows (e.g. `gre`, `tcp 1-21`). */
  readonly deniedWhat: string;
}

/** Evaluates one direction of an ACL for a flow to (egress) or from (ingress) `peerIp`. */
export function decideAcl(
  acl: CompiledAcl,
  direction: AclDirection,
  protocol: Protocol,
  ports: PortInterval | null,
  peerIp: number,
): AclDecision {
  const entries = direction === 'ingress' ? acl.ingress : acl.egress;
  let firstAllow: CompiledAclEntry | null = null;
  let firstDeny: CompiledAclEntry | null = null;
  const denied: PortInterval[] = [];
  const deniedWhat: string[] = [];
  for (const packet of classesOf(protocol, ports, entries)) {
    // The implied deny-all at the end matches everything, so there is always a match.
    const entry = entries.find((e) => entryMatches(e, packet, peerIp))!;
    if (entry.accept) {
      firstAllow ??= entry;
      continue;
    }
    firstDeny ??= entry;
    if (packet.ports !== null) denied.push(packet.ports);
    deniedWhat.push(
      packet.ports
        ? `${packet.protocol.toUpperCase()} ${formatPorts([packet.ports])}`
        : packet.protocol === 'other'
          ? 'other protocols'
          : packet.protocol.toUpperCase(),
    );
  }
  return {
    allowed: firstDeny === null,
    entry: (firstDeny ?? firstAllow)!,
    deniedPorts: denied,
    deniedWhat: deniedWhat.join(', '),
  };
}

export function describeAclEntry(ref: AclEntryRef): string {
  const where = ref.index >= 0 ? `entry #${ref.index}` : 'implied entry';
  const name = ref.name ? ` "${ref.name}"` : '';
  const peer = ref.direction === 'ingress' ? 'from' : 'to';
  return `${ref.networkAclId} ${ref.direction} ${where}${name} (${ref.policy} ${ref.protocol} ${ref.port} ${peer} ${ref.cidr})`;
}

/** The ports of a flow's packets at this step: the request's destination port, or the reply's client port(s). */
export function portsOf(
  protocol: Protocol,
  port: number | null,
  leg: 'request' | 'reply',
  sourcePort: number | null,
): PortInterval | null {
  if (protocol !== 'tcp' && protocol !== 'udp') return null;
  if (leg === 'request') return port === null ? null : { from: port, to: port };
  return sourcePort !== null ? { from: sourcePort, to: sourcePort } : EPHEMERAL_PORTS;
}

/**
 * The JSON Patch that lets this flow through: an accept entry for exactly the flow (protocol,
 * peer /32, destination ports) inserted before every listed entry except the leading imported
 * `service` ones, so it is the first custom entry to match (first match wins).
 */
export function aclFixPatch(
  acl: CompiledAcl,
  direction: AclDirection,
  protocol: Protocol,
  ports: PortInterval | null,
  peerIp: number,
): JsonPatch {
  const field = fieldName(direction);
  const entries = acl.acl[field] ?? [];
  let at = 0;
  while (at < entries.length && entries[at]!.entryType === 'service') at++;
  const peer = `${formatIpv4(peerIp)}/32`;
  const entry = {
    policy: 'accept',
    protocol,
    ...(direction === 'ingress' ? { sourceCidrIp: peer } : { destinationCidrIp: peer }),
    port: ports === null ? '-1/-1' : portRangeText(ports),
    networkAclEntryName: 'vpclink-fix',
    description: 'added by vpclink fix',
  };
  const base = `/networkAcls/${acl.docIndex}/${field}`;
  return acl.acl[field] === undefined
    ? [{ op: 'add', path: base, value: [entry] }]
    : [{ op: 'add', path: `${base}/${at}`, value: entry }];
}

/**
 * The ACL hop of a vSwitch the packet leaves (egress) or enters (ingress). `otherVSwitchId` is
 * the vSwitch at the other end when known: the same vSwitch means the ACL does not apply.
 * Writes nothing when the vSwitch has no ACL.
 */
export function networkAclHop(
  c: { readonly aclOf: ReadonlyMap<string, CompiledAcl> },
  rec: Recorder,
  vSwitchId: string,
  otherVSwitchId: string | null,
  direction: AclDirection,
  flow: FlowSpec,
  leg: 'request' | 'reply',
  peerIp: number,
): void {
  const acl = c.aclOf.get(vSwitchId);
  if (acl === undefined) return;
  // Neither skipping nor accepting drops or blocks: nothing to build when the hops are not written down.
  if (otherVSwitchId === vSwitchId && !rec.keepHops) return;
  const label = named(acl.id, acl.acl.networkAclName);
  if (otherVSwitchId === vSwitchId) {
    rec.add({
      resourceType: 'networkAcl',
      resourceId: acl.id,
      action: 'SKIPPED',
      description: `${label} of ${vSwitchId} does not filter traffic between two addresses of the same vSwitch`,
      causesDrop: false,
      direction,
      vSwitchId,
      decidedBy: 'skipped',
      entry: null,
    });
    return;
  }
  const ports = portsOf(flow.protocol, flow.port, leg, flow.sourcePort ?? null);
  const decision = decideAcl(acl, direction, flow.protocol, ports, peerIp);
  if (decision.allowed && !rec.keepHops) return;
  const peerText = `${direction === 'egress' ? 'to' : 'from'} ${formatIpv4(peerIp)}`;
  const what =
    flow.protocol === 'all'
      ? decision.allowed
        ? 'all traffic'
        : decision.deniedWhat
      : flow.protocol === 'icmp'
        ? `ICMP${leg === 'reply' ? ' reply' : ''}`
        : `${flow.protocol.toUpperCase()} to port${ports && ports.from !== ports.to ? 's' : ''} ${formatPorts(decision.allowed || ports === null ? (ports ? [ports] : []) : decision.deniedPorts)}`;
  const entry = decision.entry;
  const decided = describeAclEntry(entry.ref);
  const stateless = leg === 'reply' ? ' (ACLs are stateless: the reply is checked too)' : '';
  const description = decision.allowed
    ? `${direction} ${what} ${peerText} accepted by ${decided}${stateless}`
    : `${direction} ${what} ${peerText} dropped by ${decided}${entry.isDefault ? ': no entry accepts it' : ''}${stateless}`;
  const blockers: BlockerDraft[] = [];
  if (!decision.allowed) {
    const code = direction === 'ingress' ? 'NACL_INGRESS_DENIED' : 'NACL_EGRESS_DENIED';
    const failing = ports !== null && decision.deniedPorts.length > 0 ? formatPorts(decision.deniedPorts) : undefined;
    const cidrField = direction === 'ingress' ? 'sourceCidrIp' : 'destinationCidrIp';
    const portText = ports === null ? '-1/-1' : portRangeText(ports);
    blockers.push(
      blocker(
        code,
        acl.id,
        `${leg === 'reply' ? 'the reply: ' : ''}${direction} ${what} ${peerText} through ${label} (bound to ${vSwitchId}) is dropped ` +
          `by ${decided}${entry.isDefault ? ', because no entry before the deny-all accepts it' : ''}`,
        `insert an ${direction} entry in ${acl.id} before the entries that drop it: accept ${flow.protocol} ${cidrField} ${formatIpv4(peerIp)}/32 port ` +
          `${portText}${leg === 'reply' && ports !== null ? ' (the client ports of the reply; many teams allow 1024/65535)' : ''}`,
        {
          cause: entry.isDefault ? 'DEFAULT_DENY' : 'EXPLICIT_DROP',
          ...(entry.ref.path && !entry.isDefault ? { rulePath: entry.ref.path } : {}),
          ...(failing !== undefined ? { ports: failing } : {}),
          fix: aclFixPatch(acl, direction, flow.protocol, ports, peerIp),
        },
      ),
    );
  }
  rec.add(
    {
      resourceType: 'networkAcl',
      resourceId: acl.id,
      action: decision.allowed ? 'PERMITTED' : 'DENIED',
      description,
      causesDrop: !decision.allowed,
      direction,
      vSwitchId,
      decidedBy: entry.ref.index < 0 ? 'implied' : 'entry',
      entry: entry.ref,
    },
    blockers,
  );
}
