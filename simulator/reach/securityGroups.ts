/**
 * Security-group evaluation (aliyun-api.md §5.5).
 *
 * - The rules of ALL groups of an instance are pooled and ordered together. The docs' usual
 *   reading, but no page read states it outright: UNCONFIRMED (aliyun-api.md §5.5).
 * - Order: priority 1 (highest) … 100; at equal priority Drop before Accept; the first rule
 *   that matches decides. Among rules of the same priority and policy the outcome is the same,
 *   so the cited rule is the first by group order, then rule index (deterministic).
 * - No match: the group-type default. Basic (`normal`): egress allowed, ingress denied.
 *   Enterprise: both denied. An instance's groups must all be of one type; if a document mixes
 *   them, egress is allowed by default only when every group is basic.
 * - InnerAccessPolicy `Accept` of a basic group both instances belong to lets them talk in both
 *   directions whatever the rules say; the isolation policy has the lowest priority, so one
 *   shared Accept group is enough (aliyun-api.md §5.5). Enterprise groups never do this.
 * - Group-reference rules match the members of the named group: the peer instance when the peer
 *   is an instance, any member's private address when the peer is only an address.
 * - ICMP, GRE and ALL rules ignore ports; TCP/UDP rules match their port range. A TCP/UDP rule
 *   with an unreadable range, or a rule without a readable peer, matches nothing (validate
 *   reports it).
 * - Release-2 fields (aliyun-dataplane.md §3.3): `sourcePortRange` limits the packet's source
 *   port (the client's ephemeral port on a request: every port of 32768–60999 must pass unless a
 *   source port is given); an ingress rule's `destCidrIp` / an egress rule's `sourceCidrIp`
 *   limits which of the ENI's own addresses the rule covers; `sourcePrefixListId` /
 *   `destPrefixListId` are peers like a CIDR; IPv6 peers never match an IPv4 flow.
 * - A rule that references a group of another VPC never matches (the API refuses to create it,
 *   topology-format.md §4.3). Group members are ENIs: every address of a member ENI matches
 *   (AWS matches the private IPs of member ENIs; Alibaba's rule is UNCONFIRMED, §3.2).
 * - Protocol `all` (a flow of every protocol and every port) is allowed only if every protocol
 *   and every port is allowed: TCP and UDP at every port, ICMP, GRE, and any other protocol
 *   (which only ALL rules match). Checked exactly over the port intervals the rules create.
 */
import type { Permission, SecurityGroup } from '../document/schema';
import { type Cidr, maskOf } from '../net/ipv4';
import { cutAt, EPHEMERAL_PORTS, parsePortRange, type PortInterval } from '../net/ports';
import { type Compiled, type InstanceInfo, parseLooseBlock } from './compile';
import { blocksContain } from './steps/prefixLists';
import type { Protocol, RuleRef } from './types';

export type PacketProtocol = 'TCP' | 'UDP' | 'ICMP' | 'GRE' | 'OTHER';

/** One concrete kind of packet. `port` (destination) is 0 for protocols without ports. */
export interface Packet {
  readonly protocol: PacketProtocol;
  readonly port: number;
  /** The source port (TCP/UDP); 0 when no rule of the pool looks at it. */
  readonly srcPort?: number;
}

export type RulePeer =
  | { readonly kind: 'cidr'; readonly cidr: Cidr }
  | { readonly kind: 'group'; readonly groupId: string }
  | { readonly kind: 'prefixList'; readonly prefixListId: string; readonly blocks: readonly Cidr[] }
  | { readonly kind: 'none' };

/** Which of the ENI's own addresses a rule covers (ingress `destCidrIp`, egress `sourceCidrIp`). */
export type LocalFilter =
  { readonly kind: 'any' } | { readonly kind: 'cidr'; readonly cidr: Cidr } | { readonly kind: 'never' };

export interface CompiledRule {
  readonly groupId: string;
  readonly index: number;
  readonly permission: Permission;
  readonly direction: 'ingress' | 'egress';
  readonly protocol: 'TCP' | 'UDP' | 'ICMP' | 'GRE' | 'ALL';
  /** Port range for TCP/UDP (from > to when unreadable: matches nothing). */
  readonly from: number;
  readonly to: number;
  readonly accept: boolean;
  readonly priority: number;
  readonly peer: RulePeer;
  readonly local: LocalFilter;
  /** Source-port range (TCP/UDP) when the rule has a limiting `sourcePortRange`, else null. */
  readonly srcPorts: PortInterval | null;
  readonly ref: RuleRef;
}

/** The pooled rules of one set of groups. */
export interface Pool {
  readonly key: string;
  readonly groups: readonly SecurityGroup[];
  readonly allNormal: boolean;
  /** Some rule looks at the ENI's own address (ingress `destCidrIp`, egress `sourceCidrIp`). */
  readonly looksAtSelf: boolean;
  /** Basic groups of the pool with InnerAccessPolicy Accept. */
  readonly innerAcceptGroupIds: readonly string[];
  readonly egress: readonly CompiledRule[];
  readonly ingress: readonly CompiledRule[];
}

/** The peer of a security-group check: an address, and the instance when it is one. */
export interface Peer {
  readonly ip: number;
  readonly instance: InstanceInfo | null;
}

export type SgDecision =
  | { readonly kind: 'innerAccessPolicy'; readonly allowed: true; readonly groupId: string; readonly packet: Packet }
  | { readonly kind: 'rule'; readonly allowed: boolean; readonly rule: CompiledRule; readonly packet: Packet }
  | { readonly kind: 'default'; readonly allowed: boolean; readonly packet: Packet };

const rulePortsCache = new Map<string, readonly [number, number]>();
/** A TCP/UDP rule's destination ports; [1, 0] (matches nothing) when unreadable. Memoised: estates repeat a few dozen ranges. */
function parseRulePorts(text: string): readonly [number, number] {
  let ports = rulePortsCache.get(text);
  if (ports === undefined) {
    const parsed = parsePortRange(text);
    ports = parsed.kind !== 'range' || parsed.interval.from < 1 ? [1, 0] : [parsed.interval.from, parsed.interval.to];
    if (rulePortsCache.size > 10_000) rulePortsCache.clear();
    rulePortsCache.set(text, ports);
  }
  return ports;
}

/** Shared values of the common cases (a large estate compiles tens of thousands of rules). */
const NO_PEER: RulePeer = { kind: 'none' };
const ANY_SELF: LocalFilter = { kind: 'any' };
const NEVER_SELF: LocalFilter = { kind: 'never' };
const NO_PORTS: readonly [number, number] = [-1, -1];

const cidrPeers = new Map<string, RulePeer>();
/** The peer of a CIDR text (a bare address is a /32, host bits are ignored, as the API normalises them), memoised. */
function cidrPeer(text: string): RulePeer {
  let peer = cidrPeers.get(text);
  if (peer === undefined) {
    const cidr = parseLooseBlock(text);
    peer = cidr === null ? NO_PEER : { kind: 'cidr', cidr };
    if (cidrPeers.size > 100_000) cidrPeers.clear();
    cidrPeers.set(text, peer);
  }
  return peer;
}

/**
 * A compiled rule. Its `ref` (what a blocker cites: the rule's path and spelled peer) is built
 * on first read: the matrix reads none, a check the few that decide.
 */
class Rule implements CompiledRule {
  private cited: RuleRef | undefined;

  constructor(
    readonly groupId: string,
    readonly index: number,
    readonly permission: Permission,
    readonly direction: CompiledRule['direction'],
    readonly protocol: CompiledRule['protocol'],
    readonly from: number,
    readonly to: number,
    readonly accept: boolean,
    readonly priority: number,
    readonly peer: RulePeer,
    readonly local: LocalFilter,
    readonly srcPorts: PortInterval | null,
    private readonly groupDocIndex: number,
    private readonly peerText: string,
  ) {}

  get ref(): RuleRef {
    const permission = this.permission;
    return (this.cited ??= {
      securityGroupId: this.groupId,
      index: this.index,
      path: `/securityGroups/${this.groupDocIndex}/permissions/${this.index}`,
      direction: this.direction,
      ipProtocol: this.protocol,
      portRange: permission.portRange,
      policy: permission.policy,
      priority: this.priority,
      peer: this.peerText,
    });
  }
}

/**
 * The rule compiled last, kept for as long as the module lives. Each document's index makes its
 * rules afresh; when the last rule of an index dies, V8 may drop the rules' object shape and with
 * it the optimised code of everything that reads rules (the next index's matrix then runs
 * unoptimised again: --trace-deopt showed compileRule, compileGroup, the sort and the merge
 * dropped on every fresh index). A rule made once at load time does not do it: the shape that
 * real rules end up with (their fields generalised by real values) is a later one, so the latest
 * real rule is kept instead.
 */
let _liveRule: CompiledRule | null = null;

// Rules come in many shapes (each peer field is optional), so every field read below is a slow
// one: each is read once, and only when an earlier field did not decide.
export function compileRule(
  compiled: Compiled,
  group: SecurityGroup,
  groupDocIndex: number,
  permission: Permission,
  index: number,
): CompiledRule {
  const protocol = permission.ipProtocol;
  const ported = protocol === 'TCP' || protocol === 'UDP';
  const [from, to] = ported ? parseRulePorts(permission.portRange) : NO_PORTS;
  const direction = permission.direction;
  const ingress = direction === 'ingress';
  let peer = NO_PEER;
  let peerText = '(no peer)';
  // The API's precedence (aliyun-dataplane.md §2.3): a prefix list is ignored when a CIDR, an
  // IPv6 CIDR or a group is given.
  const cidrText = ingress ? permission.sourceCidrIp : permission.destCidrIp;
  if (cidrText !== undefined) {
    peerText = cidrText;
    peer = cidrPeer(cidrText);
  } else {
    const ipv6Peer = ingress ? permission.ipv6SourceCidrIp : permission.ipv6DestCidrIp;
    const groupRef = ipv6Peer === undefined ? (ingress ? permission.sourceGroupId : permission.destGroupId) : undefined;
    if (ipv6Peer !== undefined) {
      peerText = ipv6Peer; // an IPv6 peer never matches an IPv4 flow
    } else if (groupRef !== undefined) {
      peerText = `group ${groupRef}`;
      // A reference to another VPC's group never matches (topology-format.md §4.3).
      const referenced = compiled.index.securityGroups.get(groupRef);
      if (referenced === undefined || referenced.vpcId === group.vpcId) peer = { kind: 'group', groupId: groupRef };
      else peerText = `group ${groupRef} (of ${referenced.vpcId}: never matches)`;
    } else {
      const prefixListId = ingress ? permission.sourcePrefixListId : permission.destPrefixListId;
      if (prefixListId !== undefined) {
        peerText = `prefix list ${prefixListId}`;
        peer = { kind: 'prefixList', prefixListId, blocks: compiled.prefixLists.get(prefixListId) ?? [] };
      }
    }
  }
  const localText = ingress ? permission.destCidrIp : permission.sourceCidrIp;
  let local = ANY_SELF;
  if (localText !== undefined) {
    const cidr = parseLooseBlock(localText);
    local = cidr === null ? NEVER_SELF : { kind: 'cidr', cidr };
  } else if ((ingress ? permission.ipv6DestCidrIp : permission.ipv6SourceCidrIp) !== undefined) local = NEVER_SELF;
  let srcPorts: PortInterval | null = null;
  const sourcePortRange = ported ? permission.sourcePortRange : undefined;
  if (sourcePortRange !== undefined) {
    const parsed = parsePortRange(sourcePortRange);
    if (parsed.kind === 'range')
      srcPorts = parsed.interval.from <= 1 && parsed.interval.to >= 65535 ? null : parsed.interval;
    else if (parsed.kind === 'invalid') srcPorts = { from: 1, to: 0 }; // matches nothing (validate reports it)
  }
  const rule = new Rule(
    group.securityGroupId,
    index,
    permission,
    direction,
    protocol,
    from,
    to,
    permission.policy === 'Accept',
    permission.priority,
    peer,
    local,
    srcPorts,
    groupDocIndex,
    peerText,
  );
  _liveRule = rule;
  return rule;
}

/** Evaluation order: priority 1 first, at equal priority Drop before Accept (aliyun-api.md §5.5). */
const order = (a: CompiledRule, b: CompiledRule) => a.priority - b.priority || Number(a.accept) - Number(b.accept);

export interface GroupRules {
  /** Each direction's rules in evaluation order; equal keys keep the rule index order (stable sort). */
  readonly egress: readonly CompiledRule[];
  readonly ingress: readonly CompiledRule[];
  /** Some rule looks at the ENI's own address (ingress `destCidrIp`, egress `sourceCidrIp`). */
  readonly looksAtSelf: boolean;
  /** Some rule limits the source port. */
  readonly limitsSourcePorts: boolean;
}

/**
 * The compiled rules of each group, per compilation: most groups belong to several pools (an
 * instance's one or two groups), and a group's rules compile and sort the same way in each of them.
 */
const rulesOfGroup = new WeakMap<Compiled, Map<SecurityGroup, GroupRules>>();

function groupRules(compiled: Compiled, group: SecurityGroup): GroupRules {
  let byGroup = rulesOfGroup.get(compiled);
  if (byGroup === undefined) rulesOfGroup.set(compiled, (byGroup = new Map()));
  let rules = byGroup.get(group);
  if (rules === undefined) byGroup.set(group, (rules = compileGroup(compiled, group)));
  return rules;
}

/** The rules a flow of one protocol (and port, for TCP/UDP) can be decided by. */
interface FlowFilter {
  /** The flow's protocol as rules spell it: `ICMP`, `TCP` or `UDP` (rules of `ALL` match too). */
  readonly protocol: string;
  readonly port: number;
}

/** A group's rules, sorted per direction. */
function compileGroup(compiled: Compiled, group: SecurityGroup): GroupRules {
  const docIndex = compiled.groupDocIndex.get(group.securityGroupId)!;
  const egress: CompiledRule[] = [];
  const ingress: CompiledRule[] = [];
  const permissions = group.permissions;
  for (let i = 0; i < permissions.length; i++) {
    const rule = compileRule(compiled, group, docIndex, permissions[i]!, i);
    (rule.direction === 'egress' ? egress : ingress).push(rule);
  }
  return rulesOf(sortInOrder(egress), sortInOrder(ingress));
}

/**
 * The peers a sweep decides about (matrix/positions.ts): a rule whose block holds every one of
 * them decides every peer, so no later rule of its list can.
 */
export interface PeerSpan {
  coversAll(cidr: Cidr): boolean;
}

/** No cut: a trace's peer may be any address, not only an instance's. */
const ANY_ADDRESS: PeerSpan = { coversAll: () => false };

/**
 * A group's rules that can match a packet of the flow, sorted per direction, each list cut after
 * its first rule that decides every peer of the sweep (no later rule of the group can decide
 * one, in this group's list or in any pool's merge of it). Only the rules kept are compiled:
 * the permissions are ordered by their raw priority and policy first (the key of `order`).
 */
function compileGroupForFlow(compiled: Compiled, group: SecurityGroup, flow: FlowFilter, span: PeerSpan): GroupRules {
  const docIndex = compiled.groupDocIndex.get(group.securityGroupId)!;
  const egress: number[] = [];
  const ingress: number[] = [];
  const keys: number[] = [];
  const permissions = group.permissions;
  for (let i = 0; i < permissions.length; i++) {
    const permission = permissions[i]!;
    // Skipped before compiling: only its protocol's rules and ALL can match the flow's packet,
    // and a TCP/UDP rule only when its range holds the port (rulesFor, the same test).
    const protocol = permission.ipProtocol;
    if (protocol !== 'ALL' && protocol !== flow.protocol) continue;
    if (protocol === 'TCP' || protocol === 'UDP') {
      const [from, to] = parseRulePorts(permission.portRange);
      if (flow.port < from || flow.port > to) continue;
    }
    keys[i] = orderKey(permission.priority, permission.policy === 'Accept');
    (permission.direction === 'egress' ? egress : ingress).push(i);
  }
  return rulesOf(
    compileInOrder(compiled, group, docIndex, egress, keys, span),
    compileInOrder(compiled, group, docIndex, ingress, keys, span),
  );
}

/** Compiles the permissions at `indexes` in evaluation order, up to the first that decides every peer. */
function compileInOrder(
  compiled: Compiled,
  group: SecurityGroup,
  docIndex: number,
  indexes: number[],
  keys: readonly number[],
  span: PeerSpan,
): CompiledRule[] {
  sortIndexes(indexes, keys);
  const out: CompiledRule[] = [];
  for (let k = 0; k < indexes.length; k++) {
    const index = indexes[k]!;
    const rule = compileRule(compiled, group, docIndex, group.permissions[index]!, index);
    out.push(rule);
    if (decidesEveryPeer(rule, span)) break;
  }
  return out;
}

/** The key `order` compares: priority, then Drop before Accept. */
function orderKey(priority: number, accept: boolean): number {
  return priority * 2 + (accept ? 1 : 0);
}

/** Sorts permission indexes by key, stably (equal keys keep index order, as the sort of `order` does). */
function sortIndexes(indexes: number[], keys: readonly number[]): void {
  // A dozen or two as a rule (see sortInOrder); a long list takes the built-in sort.
  if (indexes.length > 32) {
    indexes.sort((a, b) => keys[a]! - keys[b]! || a - b);
    return;
  }
  for (let i = 1; i < indexes.length; i++) {
    const index = indexes[i]!;
    const key = keys[index]!;
    let j = i - 1;
    while (j >= 0 && keys[indexes[j]!]! > key) {
      indexes[j + 1] = indexes[j]!;
      j--;
    }
    indexes[j + 1] = index;
  }
}

/**
 * Whether a rule decides every peer of a sweep whatever precedes it: its block holds them all,
 * and it neither looks at the ENI's own address nor limits the source port (a rule of the
 * flow's list matches the flow's packet).
 */
function decidesEveryPeer(rule: CompiledRule, span: PeerSpan): boolean {
  return (
    rule.local.kind === 'any' && rule.srcPorts === null && rule.peer.kind === 'cidr' && span.coversAll(rule.peer.cidr)
  );
}

/**
 * `list.sort(order)`, stable as that is: a group's rules of one direction are a dozen or two,
 * where an insertion sort allocates nothing and beats the built-in merge sort (the matrix
 * compiles six hundred groups of an L estate per flow).
 */
function sortInOrder(list: CompiledRule[]): CompiledRule[] {
  if (list.length > 32) return list.sort(order);
  for (let i = 1; i < list.length; i++) {
    const rule = list[i]!;
    let j = i - 1;
    // Strictly after: a rule never passes an equal key, so equal keys keep their index order.
    while (j >= 0 && order(list[j]!, rule) > 0) {
      list[j + 1] = list[j]!;
      j--;
    }
    list[j + 1] = rule;
  }
  return list;
}

// The functions below run per group or pool of a large estate: plain loops, no closures made per
// call (under tsx every named closure is also given its name at creation).
function rulesOf(egress: readonly CompiledRule[], ingress: readonly CompiledRule[]): GroupRules {
  let looksAtSelf = false;
  let limitsSourcePorts = false;
  for (let k = 0, all = egress.length + ingress.length; k < all; k++) {
    const rule = k < egress.length ? egress[k]! : ingress[k - egress.length]!;
    if (rule.local.kind !== 'any') looksAtSelf = true;
    if (rule.srcPorts !== null) limitsSourcePorts = true;
  }
  return { egress, ingress, looksAtSelf, limitsSourcePorts };
}

const FLOW_PROTOCOLS: Readonly<Record<'icmp' | 'tcp' | 'udp', readonly string[]>> = {
  icmp: ['ICMP', 'ALL'],
  tcp: ['TCP', 'ALL'],
  udp: ['UDP', 'ALL'],
};
const RULE_PROTOCOL: Readonly<Record<'icmp' | 'tcp' | 'udp', string>> = { icmp: 'ICMP', tcp: 'TCP', udp: 'UDP' };

/**
 * The rules of a group that can decide a packet of an ICMP, TCP or UDP flow (its protocol or
 * ALL, for TCP/UDP a range that holds the port; with a sweep's `span`, none after the first that
 * decides every peer of the sweep), in evaluation order: no other rule can decide such a packet, so the
 * first match among these is the first match among all. Compiles only these, unless the
 * group's rules are compiled already (a matrix of one protocol reads a fraction of an estate's
 * rules).
 */
export function groupRulesForFlow(
  compiled: Compiled,
  group: SecurityGroup,
  protocol: 'icmp' | 'tcp' | 'udp',
  port: number | null,
  span: PeerSpan = ANY_ADDRESS,
): GroupRules {
  const all = rulesOfGroup.get(compiled)?.get(group);
  if (all === undefined)
    return compileGroupForFlow(compiled, group, { protocol: RULE_PROTOCOL[protocol], port: port ?? 0 }, span);
  const protocols = FLOW_PROTOCOLS[protocol];
  return rulesOf(rulesFor(all.egress, protocols, port ?? 0, span), rulesFor(all.ingress, protocols, port ?? 0, span));
}

function rulesFor(
  rules: readonly CompiledRule[],
  protocols: readonly string[],
  port: number,
  span: PeerSpan,
): CompiledRule[] {
  const out: CompiledRule[] = [];
  for (const r of rules)
    if (
      protocols.includes(r.protocol) &&
      (r.protocol === 'ALL' || r.protocol === 'ICMP' || (port >= r.from && port <= r.to))
    ) {
      out.push(r);
      if (decidesEveryPeer(r, span)) break;
    }
  return out;
}

/**
 * The stable sort of the groups' rules concatenated in group order, by merging the groups' sorted
 * lists: at equal keys the earlier group's rule comes first, as the concatenation would keep it.
 */
export function mergeInOrder(lists: ReadonlyArray<readonly CompiledRule[]>): readonly CompiledRule[] {
  // One group (most instances): its own sorted list, shared.
  if (lists.length === 1) return lists[0]!;
  let merged: readonly CompiledRule[] = lists[0] ?? [];
  for (let l = 1; l < lists.length; l++) {
    const next = lists[l]!;
    const out: CompiledRule[] = [];
    let i = 0;
    let j = 0;
    while (i < merged.length && j < next.length) out.push(order(next[j]!, merged[i]!) < 0 ? next[j++]! : merged[i++]!);
    while (i < merged.length) out.push(merged[i++]!);
    while (j < next.length) out.push(next[j++]!);
    merged = out;
  }
  return merged;
}

/**
 * The pooled rule set of an instance's groups. The merged rule lists are built on first read: a
 * matrix reads only the rules of its protocol (groupRulesForFlow).
 */
class PooledRules implements Pool {
  private merged: GroupRules | undefined;

  constructor(
    readonly key: string,
    readonly groups: readonly SecurityGroup[],
    readonly allNormal: boolean,
    readonly innerAcceptGroupIds: readonly string[],
    private readonly compiled: Compiled | null,
  ) {}

  get looksAtSelf(): boolean {
    return this.rules().looksAtSelf;
  }

  get egress(): readonly CompiledRule[] {
    return this.rules().egress;
  }

  get ingress(): readonly CompiledRule[] {
    return this.rules().ingress;
  }

  private rules(): GroupRules {
    if (this.merged === undefined) {
      const per: GroupRules[] = [];
      for (const group of this.groups) per.push(groupRules(this.compiled!, group));
      this.merged = rulesOf(mergeInOrder(per.map((r) => r.egress)), mergeInOrder(per.map((r) => r.ingress)));
    }
    return this.merged;
  }
}

/** Keeps the shape of pools alive between indexes (see `_liveRule`). */
const _poolShapeKeeper = new PooledRules('', [], true, [], null);

export function compilePool(compiled: Compiled, groupIds: readonly string[], key: string): Pool {
  const groups: SecurityGroup[] = [];
  let allNormal = true;
  const innerAcceptGroupIds: string[] = [];
  for (const id of groupIds) {
    const group = compiled.index.securityGroups.get(id);
    if (group === undefined) continue;
    groups.push(group);
    if (group.securityGroupType !== 'normal') allNormal = false;
    else if (group.innerAccessPolicy === 'Accept') innerAcceptGroupIds.push(group.securityGroupId);
  }
  return new PooledRules(key, groups, allNormal, innerAcceptGroupIds, compiled);
}

export function ruleMatchesPacket(rule: CompiledRule, packet: Packet): boolean {
  if (rule.protocol !== 'ALL' && rule.protocol !== packet.protocol) return false;
  if (rule.protocol === 'TCP' || rule.protocol === 'UDP') {
    if (packet.port < rule.from || packet.port > rule.to) return false;
    const src = rule.srcPorts;
    return src === null || ((packet.srcPort ?? 0) >= src.from && (packet.srcPort ?? 0) <= src.to);
  }
  return true;
}

/** Does the rule cover this address of the ENI itself (ingress destCidrIp, egress sourceCidrIp)? */
export function ruleCoversSelf(rule: CompiledRule, selfIp: number): boolean {
  const l = rule.local;
  return l.kind === 'any' || (l.kind === 'cidr' && (selfIp & maskOf(l.cidr.prefix)) >>> 0 === l.cidr.base);
}

export function ruleMatchesPeer(rule: CompiledRule, peer: Peer, compiled: Compiled): boolean {
  const p = rule.peer;
  switch (p.kind) {
    case 'cidr':
      return (peer.ip & maskOf(p.cidr.prefix)) >>> 0 === p.cidr.base;
    case 'group':
      return peer.instance !== null
        ? (compiled.groupMembers.get(p.groupId)?.has(peer.instance.idx) ?? false)
        : (compiled.groupMemberIps.get(p.groupId)?.has(peer.ip) ?? false);
    case 'prefixList':
      return blocksContain(p.blocks, peer.ip);
    case 'none':
      return false;
  }
}

/** The shared basic Accept group that lets `self` and `peer` talk, if any. */
export function innerAccessGroup(pool: Pool, peer: Peer, compiled: Compiled): string | null {
  if (peer.instance === null) return null;
  for (const groupId of pool.innerAcceptGroupIds) {
    if (compiled.groupMembers.get(groupId)?.has(peer.instance.idx)) return groupId;
  }
  return null;
}

/** Decision for one concrete packet; `selfIp` is the ENI's address the packet leaves or enters. */
export function decidePacket(
  pool: Pool,
  direction: 'ingress' | 'egress',
  packet: Packet,
  peer: Peer,
  compiled: Compiled,
  selfIp: number,
): SgDecision {
  const inner = innerAccessGroup(pool, peer, compiled);
  if (inner !== null) return { kind: 'innerAccessPolicy', allowed: true, groupId: inner, packet };
  for (const rule of direction === 'egress' ? pool.egress : pool.ingress) {
    if (ruleMatchesPacket(rule, packet) && ruleCoversSelf(rule, selfIp) && ruleMatchesPeer(rule, peer, compiled))
      return { kind: 'rule', allowed: rule.accept, rule, packet };
  }
  return { kind: 'default', allowed: direction === 'egress' && pool.allNormal, packet };
}

/**
 * The packets a flow stands for. One for icmp/tcp/udp. For `all`: "any other protocol" (only
 * ALL rules match it) plus each protocol/port interval that a protocol-specific Drop rule
 * covers. That is exact: once "any other protocol" is allowed, a packet that no specific Drop
 * rule covers is allowed too (its first match is a specific Accept, or the same ALL rule or
 * default that allowed "any other protocol"). Port intervals are cut at every rule boundary of
 * the protocol, so every port of an interval meets the same rules.
 */
export function packetsOf(
  protocol: Protocol,
  port: number | null,
  pool: Pool,
  direction: 'ingress' | 'egress',
  sourcePort: number | null = null,
): readonly Packet[] {
  if (protocol === 'icmp') return ICMP_PACKETS;
  const rules = direction === 'egress' ? pool.egress : pool.ingress;
  const limited = rules.filter((r) => r.srcPorts !== null);
  if (limited.length === 0) return destinationPackets(protocol, port, pool, direction);
  // Some rule looks at the source port: every source port the client may use must pass, so cut
  // its range (one port, or the ephemeral range) at those rules' boundaries.
  const within = sourcePort !== null ? { from: sourcePort, to: sourcePort } : EPHEMERAL_PORTS;
  const pieces = cutAt(
    within,
    limited.map((r) => r.srcPorts!),
  );
  const out: Packet[] = [];
  for (const packet of destinationPackets(protocol, port, pool, direction)) {
    if (packet.protocol !== 'TCP' && packet.protocol !== 'UDP') out.push(packet);
    else for (const piece of pieces) out.push({ ...packet, srcPort: piece.from });
  }
  return out;
}

const ICMP_PACKETS: readonly Packet[] = [{ protocol: 'ICMP', port: 0 }];

function destinationPackets(
  protocol: Protocol,
  port: number | null,
  pool: Pool,
  direction: 'ingress' | 'egress',
): Packet[] {
  switch (protocol) {
    case 'icmp':
      return [{ protocol: 'ICMP', port: 0 }];
    case 'tcp':
      return [{ protocol: 'TCP', port: port ?? 0 }];
    case 'udp':
      return [{ protocol: 'UDP', port: port ?? 0 }];
    case 'all': {
      const rules = direction === 'egress' ? pool.egress : pool.ingress;
      const out: Packet[] = [{ protocol: 'OTHER', port: 0 }];
      // With a source-port class, an Accept-limited rule can deny too: cut TCP/UDP everywhere then.
      const cutAll = rules.some((r) => r.srcPorts !== null);
      for (const proto of ['ICMP', 'GRE'] as const) {
        if (rules.some((r) => r.protocol === proto && !r.accept)) out.push({ protocol: proto, port: 0 });
      }
      for (const proto of ['TCP', 'UDP'] as const) {
        const drops = rules.filter((r) => r.protocol === proto && !r.accept && r.from <= r.to);
        if (drops.length === 0 && !cutAll) continue;
        const points = new Set<number>([1]);
        for (const rule of rules) {
          if (rule.protocol !== proto || rule.from > rule.to) continue;
          points.add(rule.from);
          if (rule.to < 65535) points.add(rule.to + 1);
        }
        for (const p of [...points].sort((a, b) => a - b)) {
          if (cutAll || drops.some((d) => p >= d.from && p <= d.to)) out.push({ protocol: proto, port: p });
        }
      }
      return out;
    }
  }
}

/**
 * Decision for a flow: for `all`, the first packet class that is denied, else the decision of
 * "any other protocol" (the one only an ALL rule or a default can allow).
 */
export function decideFlow(
  pool: Pool,
  direction: 'ingress' | 'egress',
  protocol: Protocol,
  port: number | null,
  peer: Peer,
  compiled: Compiled,
  selfIp: number,
  sourcePort: number | null = null,
): SgDecision {
  const packets = packetsOf(protocol, port, pool, direction, sourcePort);
  let first: SgDecision | null = null;
  for (const packet of packets) {
    const decision = decidePacket(pool, direction, packet, peer, compiled, selfIp);
    if (!decision.allowed) return decision;
    if (first === null) first = decision;
  }
  return first!;
}

/** `TCP 22/22`, `ICMP -1/-1`, `ALL -1/-1`: how a rule for this flow is written. */
export function ruleSpelling(protocol: Protocol, port: number | null): string {
  switch (protocol) {
    case 'icmp':
      return 'ICMP -1/-1';
    case 'tcp':
      return `TCP ${port}/${port}`;
    case 'udp':
      return `UDP ${port}/${port}`;
    case 'all':
      return 'ALL -1/-1';
  }
}

export function describePacket(packet: Packet, protocol: Protocol): string {
  const fromPort = packet.srcPort ? ` from source port ${packet.srcPort}` : '';
  if (protocol !== 'all')
    return packet.protocol === 'ICMP' ? 'ICMP' : `${packet.protocol} port ${packet.port}${fromPort}`;
  switch (packet.protocol) {
    case 'OTHER':
      return 'protocols other than TCP/UDP/ICMP/GRE';
    case 'TCP':
    case 'UDP':
      return `${packet.protocol} port ${packet.port}${fromPort}`;
    default:
      return packet.protocol;
  }
}

export function describeRule(rule: RuleRef): string {
  const toFrom = rule.direction === 'ingress' ? 'from' : 'to';
  return `${rule.securityGroupId} rule #${rule.index} (${rule.policy} ${rule.ipProtocol} ${rule.portRange} ${toFrom} ${rule.peer}, priority ${rule.priority})`;
}
