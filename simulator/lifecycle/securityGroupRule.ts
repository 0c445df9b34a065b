/**
 * Security-group rule values as AuthorizeSecurityGroup(Egress) reads them (aliyun-api.md §5.4):
 * normalisation, validation with the API's error codes, and rule identity (re-adding an identical
 * rule is a silent no-op).
 */
import { parseCidrText } from '../net/ipv4';
import { type CloudError, cloudError } from './errors';

/** Rules per security group, inbound + outbound (aliyun-api.md §6, current docs). */
export const MAX_RULES_PER_SECURITY_GROUP = 200;

export type RuleDirection = 'ingress' | 'egress';

/** A rule as the caller wrote it (API parameter values, any case). */
export interface RawRule {
  readonly ipProtocol?: string;
  readonly portRange?: string;
  readonly sourceCidrIp?: string;
  readonly sourceGroupId?: string;
  readonly sourceGroupOwnerAccount?: string;
  readonly sourceGroupOwnerId?: string;
  readonly destCidrIp?: string;
  readonly destGroupId?: string;
  readonly destGroupOwnerAccount?: string;
  readonly destGroupOwnerId?: string;
  readonly policy?: string;
  readonly priority?: string;
  readonly nicType?: string;
  readonly description?: string;
  // The API's other rule fields (aliyun-dataplane.md §2.3, §3.3).
  readonly sourcePortRange?: string;
  readonly sourcePrefixListId?: string;
  readonly destPrefixListId?: string;
  readonly ipv6SourceCidrIp?: string;
  readonly ipv6DestCidrIp?: string;
}

/**
 * A validated rule in the API's response spelling. Exactly one peer is set (a CIDR block, an IPv6
 * block, a group or a prefix list of the rule's direction); the same-named CIDR field of the other
 * side, when set, narrows which of the group's own addresses the rule covers (§3.3).
 */
export interface NormalRule {
  readonly direction: RuleDirection;
  readonly ipProtocol: 'TCP' | 'UDP' | 'ICMP' | 'GRE' | 'ALL';
  readonly portRange: string;
  readonly policy: 'Accept' | 'Drop';
  readonly priority: number;
  readonly nicType: 'intranet';
  readonly sourceCidrIp?: string;
  readonly sourceGroupId?: string;
  readonly sourceGroupOwnerAccount?: string;
  readonly destCidrIp?: string;
  readonly destGroupId?: string;
  readonly destGroupOwnerAccount?: string;
  readonly description?: string;
  readonly sourcePortRange?: string;
  readonly sourcePrefixListId?: string;
  readonly destPrefixListId?: string;
  readonly ipv6SourceCidrIp?: string;
  readonly ipv6DestCidrIp?: string;
}

export type NormaliseResult =
  { readonly ok: true; readonly rule: NormalRule } | { readonly ok: false; readonly error: CloudError };

const PROTOCOLS = { tcp: 'TCP', udp: 'UDP', icmp: 'ICMP', gre: 'GRE', all: 'ALL' } as const;

type IpProtocol = NormalRule['ipProtocol'];

/** A rejected rule: the API's error code, HTTP status and message (aliyun-api.md §5.4). */
type Failure = { readonly ok: false; readonly error: CloudError };

/** One field read and checked, or the error the API answers for it. */
type Parsed<T> = { readonly ok: true; readonly value: T } | Failure;

function fail(code: string, httpStatus: number, message: string): Failure {
  return { ok: false, error: cloudError(code, httpStatus, message) };
}

function parsed<T>(value: T): Parsed<T> {
  return { ok: true, value };
}

function missingParameter(parameter: string): Failure {
  return fail(
    'MissingParameter',
    400,
    `The input parameter "${parameter}" that is mandatory for processing this request is not supplied.`,
  );
}

/**
 * Checks the fields in the order the checks have always run, so a rule with several faults keeps
 * being rejected with the same (first) error.
 */
export function normaliseRule(direction: RuleDirection, raw: RawRule): NormaliseResult {
  const ipProtocol = parseProtocol(raw.ipProtocol);
  if (!ipProtocol.ok) return ipProtocol;
  const portRange = parsePortRange(raw.portRange, ipProtocol.value);
  if (!portRange.ok) return portRange;
  const policy = parsePolicy(raw.policy);
  if (!policy.ok) return policy;
  const priority = parsePriority(raw.priority);
  if (!priority.ok) return priority;
  const nicTypeError = checkNicType(raw.nicType);
  if (nicTypeError) return nicTypeError;
  const descriptionError = checkDescription(raw.description);
  if (descriptionError) return descriptionError;
  const sourcePortRange = parseSourcePortRange(raw.sourcePortRange, ipProtocol.value);
  if (!sourcePortRange.ok) return sourcePortRange;

  const base = {
    direction,
    ipProtocol: ipProtocol.value,
    portRange: portRange.value,
    policy: policy.value,
    priority: priority.value,
    nicType: 'intranet' as const,
    ...(raw.description ? { description: raw.description } : {}),
    ...(sourcePortRange.value ? { sourcePortRange: sourcePortRange.value } : {}),
  };
  const sides = readSides(direction, raw);
  const peerCountError = checkOnePeer(sides);
  if (peerCountError) return peerCountError;
  const narrowing = parseNarrowing(sides);
  if (!narrowing.ok) return narrowing;
  const peer = parsePeer(sides);
  if (!peer.ok) return peer;
  // Key order (base, narrowing, peer) is the order the API's response lists the fields in.
  return { ok: true, rule: { ...base, ...narrowing.value, ...peer.value } };
}

function parseProtocol(text: string | undefined): Parsed<IpProtocol> {
  if (!text) return missingParameter('IpProtocol');
  const lower = text.toLowerCase();
  if (lower === 'icmpv6')
    return fail('InvalidIpProtocol.ValueNotSupported', 400, 'IPv6 rules are not supported by this emulator.');
  const ipProtocol = PROTOCOLS[lower as keyof typeof PROTOCOLS];
  if (!ipProtocol)
    return fail(
      'InvalidIpProtocol.Malformed',
      400,
      `The specified IpProtocol "${text}" is not valid; use tcp, udp, icmp, gre or all.`,
    );
  return parsed(ipProtocol);
}

/** `start/end`: a real range for TCP and UDP, `-1/-1` for every other protocol. */
function parsePortRange(text: string | undefined, ipProtocol: IpProtocol): Parsed<string> {
  if (!text) return missingParameter('PortRange');
  const match = /^(-?\d+)\/(-?\d+)$/.exec(text);
  if (!match)
    return fail(
      'InvalidPortRange.Malformed',
      400,
      `The specified PortRange "${text}" is malformed; use start/end such as 22/22 or -1/-1.`,
    );
  const start = Number(match[1]);
  const end = Number(match[2]);
  if (ipProtocol === 'TCP' || ipProtocol === 'UDP') {
    if (start < 1 || end > 65535 || start > end) {
      return fail(
        'InvalidPortRange.Malformed',
        400,
        `PortRange "${text}" for ${ipProtocol} must be start/end within 1-65535 with start <= end.`,
      );
    }
  } else if (start !== -1 || end !== -1) {
    // aliyun-api.md §5.4: OperationDenied (400) for a protocol/port mismatch.
    return fail('OperationDenied', 400, `PortRange must be -1/-1 for ${ipProtocol}, not "${text}".`);
  }
  // Re-printed from the numbers, so `022/22` is stored (and compared) as `22/22`.
  return parsed(`${start}/${end}`);
}

/** Absent or empty means Accept (the API's default). */
function parsePolicy(text: string | undefined): Parsed<'Accept' | 'Drop'> {
  if (text === undefined || text === '') return parsed('Accept');
  const lower = text.toLowerCase();
  if (lower !== 'accept' && lower !== 'drop')
    return fail('InvalidPolicy.Malformed', 400, `The specified Policy "${text}" is not valid; use accept or drop.`);
  return parsed(lower === 'accept' ? 'Accept' : 'Drop');
}

/** Absent or empty means 1, the highest priority (the API's default). */
function parsePriority(text: string | undefined): Parsed<number> {
  if (text === undefined || text === '') return parsed(1);
  if (!/^\d+$/.test(text))
    return fail('InvalidPriority.Malformed', 400, `The specified Priority "${text}" is not an integer.`);
  const priority = Number(text);
  if (priority < 1 || priority > 100)
    return fail('InvalidPriority.ValueNotSupported', 400, `Priority ${priority} is outside 1-100.`);
  return parsed(priority);
}

/** VPC groups are always intranet; `internet`/empty are read as intranet (aliyun-api.md §5.3). */
function checkNicType(text: string | undefined): Failure | undefined {
  if (text === undefined || text === '' || ['intranet', 'internet'].includes(text.toLowerCase())) return undefined;
  return fail('InvalidNicType.ValueNotSupported', 400, `The specified NicType "${text}" is not valid; use intranet.`);
}

function checkDescription(text: string | undefined): Failure | undefined {
  if (text === undefined || text.length <= 512) return undefined;
  // The misspelt code is the API's own (aliyun-api.md §5.4, "sic").
  return fail('InvalidSecurityGroupDiscription.Malformed', 400, 'Description must be at most 512 characters.');
}

/**
 * The quintuple rule's source ports (aliyun-dataplane.md §3.3): only for TCP and UDP; `-1/-1`
 * (any port) is the same as not giving it, so it is not stored.
 */
function parseSourcePortRange(text: string | undefined, ipProtocol: IpProtocol): Parsed<string | undefined> {
  if (text === undefined || text === '' || text === '-1/-1') return parsed(undefined);
  const m = /^(\d+)\/(\d+)$/.exec(text);
  const fine =
    m !== null &&
    (ipProtocol === 'TCP' || ipProtocol === 'UDP') &&
    Number(m[1]) >= 1 &&
    Number(m[2]) <= 65535 &&
    Number(m[1]) <= Number(m[2]);
  if (!fine)
    return fail('InvalidSourcePortRange.Malformed', 400, `The specified SourcePortRange "${text}" is malformed.`);
  return parsed(text);
}

/**
 * The raw peer fields of the rule's direction (Source* for ingress, Dest* for egress) and the
 * narrowing fields of the other side, with empty strings read as not given.
 */
interface Sides {
  readonly ingress: boolean;
  /** The API's parameter prefix of the peer side, for messages and error codes. */
  readonly side: 'Source' | 'Dest';
  readonly cidr: string | undefined;
  readonly group: string | undefined;
  readonly groupOwner: string | undefined;
  readonly v6: string | undefined;
  readonly prefixList: string | undefined;
  readonly narrowing: string | undefined;
  readonly narrowingV6: string | undefined;
}

function readSides(direction: RuleDirection, raw: RawRule): Sides {
  const ingress = direction === 'ingress';
  const cidr = (ingress ? raw.sourceCidrIp : raw.destCidrIp) || undefined;
  const group = (ingress ? raw.sourceGroupId : raw.destGroupId) || undefined;
  const v6 = (ingress ? raw.ipv6SourceCidrIp : raw.ipv6DestCidrIp) || undefined;
  return {
    ingress,
    side: ingress ? 'Source' : 'Dest',
    cidr,
    group,
    groupOwner: ingress
      ? raw.sourceGroupOwnerAccount || raw.sourceGroupOwnerId || undefined
      : raw.destGroupOwnerAccount || raw.destGroupOwnerId || undefined,
    v6,
    // The API ignores the prefix list when another peer is given (aliyun-dataplane.md §2.3).
    prefixList:
      cidr || group || v6 ? undefined : (ingress ? raw.sourcePrefixListId : raw.destPrefixListId) || undefined,
    narrowing: (ingress ? raw.destCidrIp : raw.sourceCidrIp) || undefined,
    narrowingV6: (ingress ? raw.ipv6DestCidrIp : raw.ipv6SourceCidrIp) || undefined,
  };
}

/** A rule has exactly one peer: a CIDR block, an IPv6 block, a group or a prefix list. */
function checkOnePeer({ ingress, side, cidr, group, v6, prefixList }: Sides): Failure | undefined {
  if ([cidr, group, v6].filter(Boolean).length > 1)
    return fail(
      'InvalidParameter',
      400,
      `Give one of ${side}CidrIp, Ipv6${side}CidrIp or ${side}GroupId, not several.`,
    );
  if (!cidr && !group && !v6 && !prefixList)
    // Code UNCONFIRMED for egress (mirror of MissingParameter.Source).
    return fail(
      ingress ? 'MissingParameter.Source' : 'MissingParameter.Destination',
      400,
      `One of ${side}CidrIp, Ipv6${side}CidrIp, ${side}GroupId or ${side}PrefixListId must be given.`,
    );
  return undefined;
}

type NarrowingFields = Pick<NormalRule, 'destCidrIp' | 'sourceCidrIp' | 'ipv6DestCidrIp' | 'ipv6SourceCidrIp'>;

/** The other side's CIDR narrows the rule to some of the group's own addresses (§3.3). */
function parseNarrowing({ ingress, narrowing, narrowingV6 }: Sides): Parsed<NarrowingFields> {
  if (narrowing && !validCidrOrIp(narrowing))
    return fail(
      ingress ? 'InvalidDestCidrIp.Malformed' : 'InvalidSourceCidrIp.Malformed',
      400,
      `The specified ${ingress ? 'DestCidrIp' : 'SourceCidrIp'} "${narrowing}" is malformed.`,
    );
  return parsed({
    ...(narrowing ? { [ingress ? 'destCidrIp' : 'sourceCidrIp']: narrowing } : {}),
    ...(narrowingV6 ? { [ingress ? 'ipv6DestCidrIp' : 'ipv6SourceCidrIp']: narrowingV6 } : {}),
  });
}

type PeerFields = Pick<
  NormalRule,
  | 'sourceCidrIp'
  | 'destCidrIp'
  | 'ipv6SourceCidrIp'
  | 'ipv6DestCidrIp'
  | 'sourcePrefixListId'
  | 'destPrefixListId'
  | 'sourceGroupId'
  | 'destGroupId'
  | 'sourceGroupOwnerAccount'
  | 'destGroupOwnerAccount'
>;

/** The one peer (checkOnePeer ran first), checked and in the response's field for its direction. */
function parsePeer({ ingress, side, cidr, group, groupOwner, v6, prefixList }: Sides): Parsed<PeerFields> {
  if (cidr) {
    if (!validCidrOrIp(cidr))
      return fail(`Invalid${side}CidrIp.Malformed`, 400, `The specified ${side}CidrIp "${cidr}" is malformed.`);
    return parsed({ [ingress ? 'sourceCidrIp' : 'destCidrIp']: cidr });
  }
  if (v6) {
    if (!/^[0-9a-fA-F:.]+\/\d{1,3}$/.test(v6) || !v6.includes(':'))
      return fail(`InvalidIpv6${side}CidrIp.Malformed`, 400, `The specified Ipv6${side}CidrIp "${v6}" is malformed.`);
    return parsed({ [ingress ? 'ipv6SourceCidrIp' : 'ipv6DestCidrIp']: v6 });
  }
  if (prefixList) {
    // The emulator knows no prefix lists beyond their ID shape.
    if (!prefixList.startsWith('pl-'))
      return fail(
        'InvalidPrefixListId.NotFound',
        404,
        `The specified ${side}PrefixListId "${prefixList}" is not found.`,
      );
    return parsed({ [ingress ? 'sourcePrefixListId' : 'destPrefixListId']: prefixList });
  }
  return parsed(
    ingress
      ? { sourceGroupId: group, ...(groupOwner ? { sourceGroupOwnerAccount: groupOwner } : {}) }
      : { destGroupId: group, ...(groupOwner ? { destGroupOwnerAccount: groupOwner } : {}) },
  );
}

function validCidrOrIp(text: string): boolean {
  return parseCidrText(text, { allowBareAddress: true }).ok;
}

/**
 * A rule's identity (aliyun-api.md §5.4): protocol + port range + NicType + policy + direction + its
 * one peer. Priority and description are not part of it (UNCONFIRMED for priority: re-adding with
 * another priority is taken as the same rule and changes nothing).
 */
export function ruleKey(rule: NormalRule): string {
  const ingress = rule.direction === 'ingress';
  const peer = ingress
    ? rule.sourceCidrIp
      ? `cidr:${rule.sourceCidrIp}`
      : rule.ipv6SourceCidrIp
        ? `cidr6:${rule.ipv6SourceCidrIp}`
        : rule.sourcePrefixListId
          ? `pl:${rule.sourcePrefixListId}`
          : `group:${rule.sourceGroupId}`
    : rule.destCidrIp
      ? `cidr:${rule.destCidrIp}`
      : rule.ipv6DestCidrIp
        ? `cidr6:${rule.ipv6DestCidrIp}`
        : rule.destPrefixListId
          ? `pl:${rule.destPrefixListId}`
          : `group:${rule.destGroupId}`;
  // The quintuple fields are part of a rule's identity when given (aliyun-dataplane.md §3.3).
  const narrowing = ingress ? rule.destCidrIp : rule.sourceCidrIp;
  const extra = narrowing || rule.sourcePortRange ? `|${narrowing ?? ''}|${rule.sourcePortRange ?? ''}` : '';
  return [rule.direction, rule.ipProtocol, rule.portRange, rule.nicType, rule.policy, peer].join('|') + extra;
}
