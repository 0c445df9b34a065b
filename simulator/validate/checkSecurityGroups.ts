/**
 * Security groups and their rules: AuthorizeSecurityGroup value rules (ports by protocol,
 * priority 1–100, exactly one peer — aliyun-api.md §5.4), group references (same VPC only, none
 * from enterprise groups, not the group itself — §5.4, §5.5) and the quotas of §6.
 */
import type { Permission, SecurityGroup } from '../document/schema';
import { formatCidr } from '../net/ipv4';
import type { ValidationContext } from './context';

export const MAX_RULES_PER_GROUP = 200;
export const MAX_GROUP_REFERENCES = 20;
export const MAX_GROUPS_PER_ACCOUNT_REGION = 100;
/** Private IPs per group: basic 6,000 (2,000 in older docs), enterprise 65,536 (aliyun-api.md §6). */
export const MAX_MEMBERS = { normal: 6000, enterprise: 65_536 } as const;

const PORT_RANGE = /^(-?[0-9]{1,5})\/(-?[0-9]{1,5})$/;

export function checkSecurityGroups(ctx: ValidationContext): void {
  const { document, index } = ctx;
  const perAccountRegion = new Map<string, number>();

  document.securityGroups.forEach((group, g) => {
    const at = `/securityGroups/${g}`;
    const id = group.securityGroupId;
    const vpc = index.vpcs.get(group.vpcId);
    if (!vpc) {
      ctx.report('DANGLING_REFERENCE', `${at}/vpcId`, `${id}: vpcId ${group.vpcId} is not a VPC in the document`, {
        resourceId: id,
        suggestion: `set vpcId to one of the document's VPCs, or add ${group.vpcId}`,
      });
    } else {
      const key = `${vpc.accountId}\u0000${vpc.regionId}`;
      const count = (perAccountRegion.get(key) ?? 0) + 1;
      perAccountRegion.set(key, count);
      if (count === MAX_GROUPS_PER_ACCOUNT_REGION + 1) {
        ctx.report('SG_ACCOUNT_REGION_QUOTA', at, `${id} is account ${vpc.accountId}'s ${count}th security group in ${vpc.regionId}; the default quota is ${MAX_GROUPS_PER_ACCOUNT_REGION}`, {
          resourceId: id,
          suggestion: `merge groups, or raise the security-group quota of ${vpc.accountId} in ${vpc.regionId} before apply`,
        });
      }
    }
    if (group.securityGroupType === 'enterprise' && group.innerAccessPolicy === 'Accept') {
      ctx.report('SG_INNER_POLICY_IGNORED', `${at}/innerAccessPolicy`, `${id} is an enterprise group with innerAccessPolicy Accept; enterprise groups always isolate their members`, {
        resourceId: id,
        suggestion: `remove innerAccessPolicy from ${id}, and add rules for the traffic its members need between them`,
      });
    }
    // One private IP per instance in this model (secondary IPs are not described).
    const members = index.instancesBySecurityGroup.get(id)?.length ?? 0;
    const maxMembers = MAX_MEMBERS[group.securityGroupType];
    if (members > maxMembers) {
      ctx.report('SG_MEMBER_QUOTA_EXCEEDED', at, `${id} (${group.securityGroupType === 'normal' ? 'basic' : 'enterprise'}) has ${members} member instances; it may hold at most ${maxMembers} private IPs`, {
        resourceId: id,
        suggestion: group.securityGroupType === 'normal' ? `split the members of ${id} over two groups, or make it an enterprise group (65,536 IPs)` : `split the members of ${id} over two groups`,
      });
    }
    if (group.permissions.length > MAX_RULES_PER_GROUP) {
      ctx.report('SG_RULE_QUOTA_EXCEEDED', `${at}/permissions/${MAX_RULES_PER_GROUP}`, `${id} has ${group.permissions.length} rules; a security group holds at most ${MAX_RULES_PER_GROUP} (ingress and egress together)`, {
        resourceId: id,
        suggestion: `consolidate the rules of ${id} (CIDR blocks instead of single addresses), or split its members across two groups`,
      });
    }
    const seenRules = new Map<string, number>();
    const referenced = new Set<string>();
    group.permissions.forEach((rule, p) => checkRule(ctx, group, rule, g, p, seenRules, referenced));
  });
}

/** "sg-1 rule 3 (ingress TCP 22/22)", built only when a finding is reported. */
class RuleLabel {
  constructor(
    private readonly id: string,
    private readonly g: number,
    private readonly p: number,
    private readonly rule: Permission,
  ) {}
  text(): string {
    return `${this.id} rule ${this.p} (${this.rule.direction} ${this.rule.ipProtocol} ${this.rule.portRange})`;
  }
  /** JSON Pointer of the rule, or of one of its fields. */
  at(field?: string): string {
    return `/securityGroups/${this.g}/permissions/${this.p}${field === undefined ? '' : `/${field}`}`;
  }
}

interface PeerFields {
  readonly cidr: 'sourceCidrIp' | 'destCidrIp';
  readonly group: 'sourceGroupId' | 'destGroupId';
}
const SOURCE: PeerFields = { cidr: 'sourceCidrIp', group: 'sourceGroupId' };
const DEST: PeerFields = { cidr: 'destCidrIp', group: 'destGroupId' };

// Hot path: 20,000 rules in a large estate. Messages are built only when something is reported.
function checkRule(
  ctx: ValidationContext,
  group: SecurityGroup,
  rule: Permission,
  g: number,
  p: number,
  seenRules: Map<string, number>,
  referenced: Set<string>,
): void {
  const id = group.securityGroupId;
  const label = new RuleLabel(id, g, p, rule);

  const priority = rule.priority;
  if (!(priority >= 1 && priority <= 100 && Number.isInteger(priority))) {
    ctx.report('SG_RULE_PRIORITY_INVALID', label.at('priority'), `${label.text()}: priority ${priority} is outside 1–100`, {
      resourceId: id,
      suggestion: `change priority to ${priority < 1 ? 1 : 100} (1 is the highest, 100 the lowest)`,
    });
  }
  checkPortRange(ctx, rule, label, id);

  // Peers: ingress uses source*, egress dest* (aliyun-api.md §5.4).
  const ingress = rule.direction === 'ingress';
  const own = ingress ? SOURCE : DEST;
  const other = ingress ? DEST : SOURCE;
  const peerCidr = rule[own.cidr];
  const peerGroup = rule[own.group];
  if (rule[other.cidr] !== undefined) wrongDirection(ctx, rule, label, id, other.cidr, own.cidr, own);
  if (rule[other.group] !== undefined) wrongDirection(ctx, rule, label, id, other.group, own.group, own);
  if (peerCidr === undefined && peerGroup === undefined) {
    ctx.report('SG_RULE_PEER_MISSING', label.at(), `${label.text()} has no peer: an ${rule.direction} rule needs ${own.cidr} or ${own.group}`, {
      resourceId: id,
      suggestion: `add ${own.cidr} (e.g. the peer VPC's CIDR block, or 0.0.0.0/0 for any address) or ${own.group} (a group of the same VPC)`,
    });
    return;
  }
  if (peerCidr !== undefined && peerGroup !== undefined) {
    ctx.report('SG_RULE_PEER_AMBIGUOUS', label.at(), `${label.text()} has two peers, ${own.cidr} ${peerCidr} and ${own.group} ${peerGroup}; a rule has exactly one`, {
      resourceId: id,
      suggestion: `split it into two rules, one with ${own.cidr} ${peerCidr} and one with ${own.group} ${peerGroup}`,
    });
  }
  let peerKey: string | undefined;
  if (peerCidr !== undefined) {
    const parsed = ctx.parseCidr(peerCidr, true);
    if (parsed.ok && parsed.value.canonical && !parsed.value.bareAddress) peerKey = peerCidr;
    else {
      const cidr = ctx.checkCidrField(peerCidr, label.at(own.cidr), id, own.cidr, true);
      if (cidr) peerKey = formatCidr(cidr);
    }
  }
  if (peerGroup !== undefined) {
    peerKey = `#${peerGroup}`;
    checkGroupReference(ctx, group, peerGroup, label, own, referenced);
  }

  // The API identifies a rule by protocol, ports, NIC type, policy and peer (aliyun-api.md §5.4).
  if (peerKey !== undefined && (peerCidr === undefined || peerGroup === undefined)) {
    const key = `${rule.direction}|${rule.ipProtocol}|${rule.portRange}|${rule.policy}|${peerKey}`;
    const first = seenRules.get(key);
    if (first !== undefined) {
      ctx.report('SG_RULE_DUPLICATE', label.at(), `${label.text()} repeats rule ${first} of ${id}; the API keeps only one`, {
        resourceId: id,
        suggestion: `remove rule ${p} from ${id}`,
      });
    } else seenRules.set(key, p);
  }
}

function wrongDirection(
  ctx: ValidationContext,
  rule: Permission,
  label: RuleLabel,
  id: string,
  wrong: string,
  ownField: string,
  own: PeerFields,
): void {
  const value = (rule as Record<string, unknown>)[wrong];
  ctx.report('SG_RULE_FIELD_WRONG_DIRECTION', label.at(wrong), `${label.text()}: ${wrong} ${String(value)} is not the peer of an ${rule.direction} rule (that is ${own.cidr} or ${own.group}); vpclink ignores it`, {
    resourceId: id,
    // Renaming is the fix only when the rule has no peer of its own direction yet.
    suggestion: rule[own.cidr] === undefined && rule[own.group] === undefined ? `rename ${wrong} to ${ownField}` : `remove ${wrong}`,
  });
}

/** Parsed port ranges by text (a large estate repeats a few dozen of them). */
const portRangeCache = new Map<string, readonly [number, number] | null>();

function parsePortRange(text: string): readonly [number, number] | null {
  let parsed = portRangeCache.get(text);
  if (parsed === undefined) {
    const match = PORT_RANGE.exec(text);
    parsed = match ? [Number(match[1]), Number(match[2])] : null;
    if (portRangeCache.size < 10_000) portRangeCache.set(text, parsed);
  }
  return parsed;
}

function checkPortRange(ctx: ValidationContext, rule: Permission, label: RuleLabel, id: string): void {
  const range = parsePortRange(rule.portRange);
  const withPorts = rule.ipProtocol === 'TCP' || rule.ipProtocol === 'UDP';
  if (range && (withPorts ? range[0] >= 1 && range[1] <= 65535 && range[0] <= range[1] : range[0] === -1 && range[1] === -1)) return;
  const path = label.at('portRange');
  const fix = withPorts ? 'a start/end range within 1–65535, e.g. 22/22, 443/443 or 1/65535 for all ports' : '-1/-1';
  if (!range) {
    ctx.report('SG_RULE_PORT_RANGE_INVALID', path, `${label.text()}: portRange ${JSON.stringify(rule.portRange)} is not start/end`, {
      resourceId: id,
      suggestion: `change portRange to ${fix}`,
    });
    return;
  }
  const [start, end] = range;
  if (withPorts) {
    const why = start === -1 && end === -1 ? `${rule.ipProtocol} needs real ports` : start > end ? 'start is above end' : 'ports must be within 1–65535';
    ctx.report('SG_RULE_PORT_RANGE_INVALID', path, `${label.text()}: portRange ${rule.portRange} is invalid for ${rule.ipProtocol} (${why})`, {
      resourceId: id,
      suggestion: start === -1 && end === -1 ? 'change portRange to 1/65535 for all ports, or the port you need (e.g. 22/22)' : start > end && end >= 1 && start <= 65535 ? `change portRange to ${end}/${start}` : `change portRange to ${fix}`,
    });
  } else {
    ctx.report('SG_RULE_PORT_RANGE_INVALID', path, `${label.text()}: portRange ${rule.portRange} is invalid for ${rule.ipProtocol}, which has no ports`, {
      resourceId: id,
      suggestion: `change portRange to -1/-1${rule.ipProtocol === 'ALL' ? ', or use ipProtocol TCP/UDP to limit ports' : ''}`,
    });
  }
}

function checkGroupReference(
  ctx: ValidationContext,
  group: SecurityGroup,
  peerGroup: string,
  label: RuleLabel,
  own: PeerFields,
  referenced: Set<string>,
): void {
  const path = label.at(own.group);
  const id = group.securityGroupId;
  if (group.securityGroupType === 'enterprise') {
    ctx.report('SG_GROUP_REFERENCE_ENTERPRISE', path, `${label.text()}: enterprise group ${id} references group ${peerGroup}; enterprise groups cannot reference groups`, {
      resourceId: id,
      suggestion: `replace ${own.group} ${peerGroup} with ${own.cidr} (the CIDR block of that group's members)`,
    });
    return;
  }
  if (peerGroup === id) {
    const redundant = group.innerAccessPolicy === 'Accept';
    ctx.report('SG_GROUP_REFERENCE_SELF', path, `${label.text()}: ${id} references itself; the ECS error table says the API refuses this (InvalidParamter.Conflict)${redundant ? `, and ${id}'s innerAccessPolicy Accept already lets members reach each other` : ''}`, {
      resourceId: id,
      suggestion: redundant
        ? `remove the rule: members of ${id} reach each other through innerAccessPolicy Accept`
        : `set innerAccessPolicy Accept on ${id}, or replace ${own.group} ${id} with ${own.cidr} set to the members' vSwitch block`,
    });
    return;
  }
  if (!referenced.has(peerGroup)) {
    referenced.add(peerGroup);
    if (referenced.size === MAX_GROUP_REFERENCES + 1) {
      ctx.report('SG_GROUP_REFERENCE_QUOTA', path, `${label.text()}: ${id} references ${referenced.size} groups; a basic group may reference at most ${MAX_GROUP_REFERENCES}`, {
        resourceId: id,
        suggestion: `replace ${own.group} ${peerGroup} (and further references) with ${own.cidr} rules`,
      });
    }
  }
  const target = ctx.index.securityGroups.get(peerGroup);
  if (!target) {
    ctx.report('DANGLING_REFERENCE', path, `${label.text()}: ${own.group} ${peerGroup} is not a security group in the document`, {
      resourceId: id,
      suggestion: `add ${peerGroup} (a group of ${group.vpcId}) to the document, or replace it with ${own.cidr}`,
    });
    return;
  }
  if (target.vpcId !== group.vpcId) {
    const blocks = ctx.vpcCidrs.get(target.vpcId) ?? [];
    const cidr = blocks[0]?.text;
    ctx.report('SG_GROUP_REFERENCE_CROSS_VPC', path, `${label.text()}: ${own.group} ${peerGroup} belongs to ${target.vpcId}, not to ${id}'s VPC ${group.vpcId}; the API refuses group references across VPCs (InvalidSourceGroupId.Mismatch)`, {
      resourceId: id,
      suggestion: cidr
        ? `replace ${own.group} ${peerGroup} with ${own.cidr} ${cidr} (${target.vpcId}'s CIDR block): the API refuses group references across VPCs, aliyun-api.md §5.5`
        : `replace ${own.group} ${peerGroup} with ${own.cidr} set to ${target.vpcId}'s CIDR block: the API refuses group references across VPCs, aliyun-api.md §5.5`,
    });
  }
}
