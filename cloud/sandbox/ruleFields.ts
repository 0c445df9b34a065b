/**
 * The security-group rule fields beyond the lifecycle's core (aliyun-dataplane.md §3.3): the
 * source port range, the local-side address of a "quintuple" rule (ingress `DestCidrIp`, egress
 * `SourceCidrIp`), IPv6 addresses and prefix lists as peers or local sides. The sandbox stores them
 * and returns them under the API's names; the lifecycle rules (simulator/lifecycle) keep checking
 * protocol, ports, policy, priority and the IPv4/group peer.
 */
import { normaliseRule, ruleKey, type NormalRule, type RawRule, type RuleDirection } from '../../simulator/lifecycle';
import { parseCidrText } from '../../simulator/net';
import { ApiError } from './errors';

/** The extra fields, as stored (camelCase of the API names). */
export interface RuleExtras {
  readonly sourcePortRange?: string;
  readonly ipv6SourceCidrIp?: string;
  readonly ipv6DestCidrIp?: string;
  readonly sourcePrefixListId?: string;
  readonly destPrefixListId?: string;
}

export type ExtendedRule = NormalRule & RuleExtras;

/** Reads one permission's field by its API name (`SourcePortRange`, …). */
type Get = (name: string) => string | undefined;

/** Per direction: which fields name the peer, and which the rule's own (local) side. */
const SLOTS = {
  ingress: {
    peerCidr: 'SourceCidrIp',
    peerGroup: 'SourceGroupId',
    peerIpv6: 'Ipv6SourceCidrIp',
    peerPrefixList: 'SourcePrefixListId',
    localCidr: 'DestCidrIp',
    localIpv6: 'Ipv6DestCidrIp',
  },
  egress: {
    peerCidr: 'DestCidrIp',
    peerGroup: 'DestGroupId',
    peerIpv6: 'Ipv6DestCidrIp',
    peerPrefixList: 'DestPrefixListId',
    localCidr: 'SourceCidrIp',
    localIpv6: 'Ipv6SourceCidrIp',
  },
} as const;

const lowerFirst = (name: string) => name.charAt(0).toLowerCase() + name.slice(1);

function malformed(name: string, value: string, why: string): ApiError {
  return new ApiError(`Invalid${name}.Malformed`, 400, `The specified ${name} "${value}" is malformed: ${why}.`);
}

function isIpv6Cidr(text: string): boolean {
  const [address, bits, ...rest] = text.split('/');
  if (rest.length || !address || !address.includes(':') || !/^[0-9a-fA-F:.]+$/.test(address)) return false;
  return bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= 128);
}

/**
 * Checks and normalises one permission: the lifecycle's rules with the peer it knows (an IPv4 CIDR
 * or a group), or, when the peer is an IPv6 CIDR or a prefix list, with a stand-in IPv4 peer that
 * is then replaced. Exactly one peer per rule (a choice: the docs call the IPv4 and IPv6 fields of
 * one slot mutually exclusive, aliyun-dataplane.md §3.3; the code for two peers is UNCONFIRMED).
 */
export function normaliseExtendedRule(direction: RuleDirection, raw: RawRule, get: Get): ExtendedRule {
  const slot = SLOTS[direction];
  const peers = [slot.peerCidr, slot.peerGroup, slot.peerIpv6, slot.peerPrefixList].filter((n) => get(n));
  if (peers.length > 1)
    throw new ApiError('InvalidParameter.Conflict', 400, `Give one peer per rule, not ${peers.join(' and ')}.`);
  const ipv6Peer = get(slot.peerIpv6);
  const prefixList = get(slot.peerPrefixList);
  if (ipv6Peer && !isIpv6Cidr(ipv6Peer)) throw malformed(slot.peerIpv6, ipv6Peer, 'not an IPv6 address or CIDR block');
  if (prefixList && !/^pl-[0-9a-z]+$/.test(prefixList))
    throw malformed(slot.peerPrefixList, prefixList, 'not a prefix list ID (pl-…)');
  // The lifecycle reads the IPv4 peer from the field of its direction; the local side is ours.
  const core: Record<string, string | undefined> = { ...raw };
  delete core[lowerFirst(slot.localCidr)];
  const standIn = ipv6Peer !== undefined || prefixList !== undefined;
  if (standIn) core[lowerFirst(slot.peerCidr)] = '0.0.0.0/0';
  const result = normaliseRule(direction, core as RawRule);
  if (!result.ok) throw ApiError.from(result.error);
  const rule: Record<string, unknown> = { ...result.rule };
  if (standIn) delete rule[lowerFirst(slot.peerCidr)];

  const local = get(slot.localCidr);
  if (local !== undefined) {
    if (!parseCidrText(local, { allowBareAddress: true }).ok)
      throw malformed(slot.localCidr, local, 'not an IPv4 address or CIDR block');
    rule[lowerFirst(slot.localCidr)] = local;
  }
  const localIpv6 = get(slot.localIpv6);
  if (localIpv6 !== undefined) {
    if (!isIpv6Cidr(localIpv6)) throw malformed(slot.localIpv6, localIpv6, 'not an IPv6 address or CIDR block');
    rule[lowerFirst(slot.localIpv6)] = localIpv6;
  }
  if (ipv6Peer) rule[lowerFirst(slot.peerIpv6)] = ipv6Peer;
  if (prefixList) rule[lowerFirst(slot.peerPrefixList)] = prefixList;

  const sourcePortRange = get('SourcePortRange');
  if (sourcePortRange !== undefined) rule.sourcePortRange = checkSourcePortRange(result.rule, sourcePortRange);
  return rule as unknown as ExtendedRule;
}

/** `start/end` like PortRange: 1-65535 for TCP/UDP, `-1/-1` otherwise (aliyun-dataplane.md §3.3). */
function checkSourcePortRange(rule: NormalRule, text: string): string {
  const match = /^(-?\d+)\/(-?\d+)$/.exec(text);
  const start = Number(match?.[1]);
  const end = Number(match?.[2]);
  const tcpOrUdp = rule.ipProtocol === 'TCP' || rule.ipProtocol === 'UDP';
  const fine = match && (tcpOrUdp ? start >= 1 && end <= 65535 && start <= end : start === -1 && end === -1);
  if (!fine)
    throw malformed(
      'SourcePortRange',
      text,
      tcpOrUdp ? 'use start/end within 1-65535' : `use -1/-1 for ${rule.ipProtocol}`,
    );
  return `${start}/${end}`;
}

/**
 * A rule's identity: the lifecycle's (protocol, ports, NicType, policy, direction, IPv4/group peer)
 * plus every extra field, so two rules that differ only in a prefix-list peer or a source port
 * range are two rules (a choice consistent with §5.4's "same fields = same rule").
 */
export function extendedRuleKey(rule: ExtendedRule): string {
  const localCidr = rule.direction === 'ingress' ? rule.destCidrIp : rule.sourceCidrIp;
  return [
    ruleKey(rule),
    rule.sourcePortRange ?? '',
    localCidr ?? '',
    rule.ipv6SourceCidrIp ?? '',
    rule.ipv6DestCidrIp ?? '',
    rule.sourcePrefixListId ?? '',
    rule.destPrefixListId ?? '',
  ].join('|');
}
