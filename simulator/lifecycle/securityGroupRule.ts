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

function fail(code: string, httpStatus: number, message: string): NormaliseResult {
  return { ok: false, error: cloudError(code, httpStatus, message) };
}

export function normaliseRule(direction: RuleDirection, raw: RawRule): NormaliseResult {
  if (!raw.ipProtocol)
    return fail(
      'MissingParameter',
      400,
      'The input parameter "IpProtocol" that is mandatory for processing this request is not supplied.',
    );
  const lower = raw.ipProtocol.toLowerCase();
  if (lower === 'icmpv6')
    return fail('InvalidIpProtocol.ValueNotSupported', 400, 'IPv6 rules are not supported by this emulator.');
  const ipProtocol = PROTOCOLS[lower as keyof typeof PROTOCOLS];
  if (!ipProtocol)
    return fail(
      'InvalidIpProtocol.Malformed',
      400,
      `The specified IpProtocol "${raw.ipProtocol}" is not valid; use tcp, udp, icmp, gre or all.`,
    );

  if (!raw.portRange)
    return fail(
      'MissingParameter',
      400,
      'The input parameter "PortRange" that is mandatory for processing this request is not supplied.',
    );
  const match = /^(-?\d+)\/(-?\d+)$/.exec(raw.portRange);
  if (!match)
    return fail(
      'InvalidPortRange.Malformed',
      400,
      `The specified PortRange "${raw.portRange}" is malformed; use start/end such as 22/22 or -1/-1.`,
    );
  const start = Number(match[1]);
  const end = Number(match[2]);
  if (ipProtocol === 'TCP' || ipProtocol === 'UDP') {
    if (start < 1 || end > 65535 || start > end) {
      return fail(
        'InvalidPortRange.Malformed',
        400,
        `PortRange "${raw.portRange}" for ${ipProtocol} must be start/end within 1-65535 with start <= end.`,
      );
    }
  } else if (start !== -1 || end !== -1) {
    // aliyun-api.md §5.4: OperationDenied (400) for a protocol/port mismatch.
    return fail('OperationDenied', 400, `PortRange must be -1/-1 for ${ipProtocol}, not "${raw.portRange}".`);
  }

  let policy: 'Accept' | 'Drop' = 'Accept';
  if (raw.policy !== undefined && raw.policy !== '') {
    const p = raw.policy.toLowerCase();
    if (p !== 'accept' && p !== 'drop')
      return fail(
        'InvalidPolicy.Malformed',
        400,
        `The specified Policy "${raw.policy}" is not valid; use accept or drop.`,
      );
    policy = p === 'accept' ? 'Accept' : 'Drop';
  }

  let priority = 1;
  if (raw.priority !== undefined && raw.priority !== '') {
    if (!/^\d+$/.test(raw.priority))
      return fail('InvalidPriority.Malformed', 400, `The specified Priority "${raw.priority}" is not an integer.`);
    priority = Number(raw.priority);
    if (priority < 1 || priority > 100)
      return fail('InvalidPriority.ValueNotSupported', 400, `Priority ${priority} is outside 1-100.`);
  }

  // VPC groups are always intranet; `internet`/empty are read as intranet (aliyun-api.md §5.3).
  if (
    raw.nicType !== undefined &&
    raw.nicType !== '' &&
    !['intranet', 'internet'].includes(raw.nicType.toLowerCase())
  ) {
    return fail(
      'InvalidNicType.ValueNotSupported',
      400,
      `The specified NicType "${raw.nicType}" is not valid; use intranet.`,
    );
  }

  if (raw.description !== undefined && raw.description.length > 512) {
    return fail('InvalidSecurityGroupDiscription.Malformed', 400, 'Description must be at most 512 characters.');
  }

  let sourcePortRange: string | undefined;
  if (raw.sourcePortRange !== undefined && raw.sourcePortRange !== '' && raw.sourcePortRange !== '-1/-1') {
    const m = /^(\d+)\/(\d+)$/.exec(raw.sourcePortRange);
    const fine =
      m !== null &&
      (ipProtocol === 'TCP' || ipProtocol === 'UDP') &&
      Number(m[1]) >= 1 &&
      Number(m[2]) <= 65535 &&
      Number(m[1]) <= Number(m[2]);
    if (!fine)
      return fail(
        'InvalidSourcePortRange.Malformed',
        400,
        `The specified SourcePortRange "${raw.sourcePortRange}" is malformed.`,
      );
    sourcePortRange = raw.sourcePortRange;
  }

  const base = {
    direction,
    ipProtocol,
    portRange: `${start}/${end}`,
    policy,
    priority,
    nicType: 'intranet' as const,
    ...(raw.description ? { description: raw.description } : {}),
    ...(sourcePortRange ? { sourcePortRange } : {}),
  };
  const ingress = direction === 'ingress';
  const side = ingress ? 'Source' : 'Dest';
  const cidr = (ingress ? raw.sourceCidrIp : raw.destCidrIp) || undefined;
  const group = (ingress ? raw.sourceGroupId : raw.destGroupId) || undefined;
  const v6 = (ingress ? raw.ipv6SourceCidrIp : raw.ipv6DestCidrIp) || undefined;
  // The API ignores the prefix list when another peer is given (aliyun-dataplane.md §2.3).
  const list = cidr || group || v6 ? undefined : (ingress ? raw.sourcePrefixListId : raw.destPrefixListId) || undefined;
  if ([cidr, group, v6].filter(Boolean).length > 1)
    return fail(
      'InvalidParameter',
      400,
      `Give one of ${side}CidrIp, Ipv6${side}CidrIp or ${side}GroupId, not several.`,
    );
  if (!cidr && !group && !v6 && !list)
    // Code UNCONFIRMED for egress (mirror of MissingParameter.Source).
    return fail(
      ingress ? 'MissingParameter.Source' : 'MissingParameter.Destination',
      400,
      `One of ${side}CidrIp, Ipv6${side}CidrIp, ${side}GroupId or ${side}PrefixListId must be given.`,
    );
  // The other side's CIDR narrows the rule to some of the group's own addresses (§3.3).
  const narrowing = (ingress ? raw.destCidrIp : raw.sourceCidrIp) || undefined;
  if (narrowing && !validCidrOrIp(narrowing))
    return fail(
      ingress ? 'InvalidDestCidrIp.Malformed' : 'InvalidSourceCidrIp.Malformed',
      400,
      `The specified ${ingress ? 'DestCidrIp' : 'SourceCidrIp'} "${narrowing}" is malformed.`,
    );
  const narrowingV6 = (ingress ? raw.ipv6DestCidrIp : raw.ipv6SourceCidrIp) || undefined;
  const extras = {
    ...(narrowing ? { [ingress ? 'destCidrIp' : 'sourceCidrIp']: narrowing } : {}),
    ...(narrowingV6 ? { [ingress ? 'ipv6DestCidrIp' : 'ipv6SourceCidrIp']: narrowingV6 } : {}),
  };
  if (cidr) {
    if (!validCidrOrIp(cidr))
      return fail(`Invalid${side}CidrIp.Malformed`, 400, `The specified ${side}CidrIp "${cidr}" is malformed.`);
    return { ok: true, rule: { ...base, ...extras, [ingress ? 'sourceCidrIp' : 'destCidrIp']: cidr } };
  }
  if (v6) {
    if (!/^[0-9a-fA-F:.]+\/\d{1,3}$/.test(v6) || !v6.includes(':'))
      return fail(`InvalidIpv6${side}CidrIp.Malformed`, 400, `The specified Ipv6${side}CidrIp "${v6}" is malformed.`);
    return { ok: true, rule: { ...base, ...extras, [ingress ? 'ipv6SourceCidrIp' : 'ipv6DestCidrIp']: v6 } };
  }
  if (list) {
    if (!list.startsWith('pl-'))
      return fail('InvalidPrefixListId.NotFound', 404, `The specified ${side}PrefixListId "${list}" is not found.`);
    return { ok: true, rule: { ...base, ...extras, [ingress ? 'sourcePrefixListId' : 'destPrefixListId']: list } };
  }
  const owner = ingress
    ? raw.sourceGroupOwnerAccount || raw.sourceGroupOwnerId || undefined
    : raw.destGroupOwnerAccount || raw.destGroupOwnerId || undefined;
  return {
    ok: true,
    rule: ingress
      ? { ...base, ...extras, sourceGroupId: group, ...(owner ? { sourceGroupOwnerAccount: owner } : {}) }
      : { ...base, ...extras, destGroupId: group, ...(owner ? { destGroupOwnerAccount: owner } : {}) },
  };
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
