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
}

/** A validated rule in the API's response spelling. Exactly one peer field is set. */
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

  const base = {
    direction,
    ipProtocol,
    portRange: `${start}/${end}`,
    policy,
    priority,
    nicType: 'intranet' as const,
    ...(raw.description ? { description: raw.description } : {}),
  };
  if (direction === 'ingress') {
    const cidr = raw.sourceCidrIp || undefined;
    const group = raw.sourceGroupId || undefined;
    if (cidr && group) return fail('InvalidParameter', 400, 'Give either SourceCidrIp or SourceGroupId, not both.');
    if (!cidr && !group)
      return fail('MissingParameter.Source', 400, 'One of SourceCidrIp or SourceGroupId must be given.');
    if (cidr) {
      if (!validCidrOrIp(cidr))
        return fail('InvalidSourceCidrIp.Malformed', 400, `The specified SourceCidrIp "${cidr}" is malformed.`);
      return { ok: true, rule: { ...base, sourceCidrIp: cidr } };
    }
    const owner = raw.sourceGroupOwnerAccount || raw.sourceGroupOwnerId || undefined;
    return { ok: true, rule: { ...base, sourceGroupId: group, ...(owner ? { sourceGroupOwnerAccount: owner } : {}) } };
  }
  const cidr = raw.destCidrIp || undefined;
  const group = raw.destGroupId || undefined;
  if (cidr && group) return fail('InvalidParameter', 400, 'Give either DestCidrIp or DestGroupId, not both.');
  // Code UNCONFIRMED (mirror of MissingParameter.Source).
  if (!cidr && !group)
    return fail('MissingParameter.Destination', 400, 'One of DestCidrIp or DestGroupId must be given.');
  if (cidr) {
    if (!validCidrOrIp(cidr))
      return fail('InvalidDestCidrIp.Malformed', 400, `The specified DestCidrIp "${cidr}" is malformed.`);
    return { ok: true, rule: { ...base, destCidrIp: cidr } };
  }
  const owner = raw.destGroupOwnerAccount || raw.destGroupOwnerId || undefined;
  return { ok: true, rule: { ...base, destGroupId: group, ...(owner ? { destGroupOwnerAccount: owner } : {}) } };
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
  const peer =
    rule.direction === 'ingress'
      ? rule.sourceCidrIp
        ? `cidr:${rule.sourceCidrIp}`
        : `group:${rule.sourceGroupId}`
      : rule.destCidrIp
        ? `cidr:${rule.destCidrIp}`
        : `group:${rule.destGroupId}`;
  return [rule.direction, rule.ipProtocol, rule.portRange, rule.nicType, rule.policy, peer].join('|');
}
