/**
 * Security groups and their rules: AuthorizeSecurityGroup value rules (ports by protocol,
 * priority 1–100, exactly one peer — aliyun-api.md §5.4), group references (same VPC only, none
 * from enterprise groups, not the group itself — §5.4, §5.5) and the quotas of §6.
 */
import type { Permission, SecurityGroup, Vpc } from '../document/schema';
import { formatCidr } from '../net/ipv4';
import { checkPrefixListReference, referenceWeight } from './checkPrefixLists';
import { cidrKey as cidrKeyOf, scanCidrKey as scanCidrKeyOf, type ValidationContext } from './context';
import { isIpv6Cidr } from './ipv6';
import { keepHiddenClassOf } from './hiddenClasses';

// Module-local handles on the hot helpers: under a CommonJS transform (tsx, vitest) every use of
// an imported binding is a property read through an export getter, 20,000 times per large estate.
const scanCidrKey = scanCidrKeyOf;
const cidrKey = cidrKeyOf;

export const MAX_RULES_PER_GROUP = 200;
export const MAX_GROUP_REFERENCES = 20;
export const MAX_GROUPS_PER_ACCOUNT_REGION = 100;
/** Private IPs per group: basic 6,000 (2,000 in older docs), enterprise 65,536 (aliyun-api.md §6). */
export const MAX_MEMBERS = { normal: 6000, enterprise: 65_536 } as const;

const PORT_RANGE = /^(-?[0-9]{1,5})\/(-?[0-9]{1,5})$/;

export function checkSecurityGroups(ctx: ValidationContext): void {
  const run = groupsRun();
  // A loop over a module-level function, not forEach with a closure: a closure made per run
  // takes its optimized code with it when a collection frees it (hiddenClasses.ts).
  const groups = ctx.document.securityGroups;
  try {
    for (let g = 0; g < groups.length; g++) checkGroup(ctx, run, groups[g]!, g);
  } finally {
    clearRun(run);
  }
}

/**
 * The run state, one for the process and emptied after each run (like `ruleFields`), not new
 * objects per run: the checks' optimized code was compiled against the first run's objects, and
 * fresh ones made the second run throw it away (`node --trace-deopt`: checkGroup, checkRule,
 * portRangeEntry, checkRuleUnique and ruleKey marked for deoptimization, "code dependencies", at
 * the start of the second run only), so that run checked 20,000 rules unoptimized again.
 */
let sharedRun: GroupsRun | undefined;

function groupsRun(): GroupsRun {
  return (sharedRun ??= {
    perAccountRegion: new Map(),
    accountRegionKeys: new Map(),
    seen: new SeenRules(),
    referenced: new Set(),
    interned: {
      peer: { key: -1, kind: -1, text: '' },
      portRanges: new Map(),
      protocols: new Map(),
      policies: new Map(),
      directions: new Map(),
      groups: new Map(),
      texts: new Map(),
    },
  });
}

/** Empties the run state (it would otherwise keep the last document's IDs and VPCs alive). */
function clearRun(run: GroupsRun): void {
  run.perAccountRegion.clear();
  run.accountRegionKeys.clear();
  run.referenced.clear();
  run.seen.reset(0);
  run.interned.peer.text = '';
  const { interned } = run;
  interned.portRanges.clear();
  interned.protocols.clear();
  interned.policies.clear();
  interned.directions.clear();
  interned.groups.clear();
  interned.texts.clear();
}

/** What the check of every group shares in one run. */
interface GroupsRun {
  /** Groups per account and region so far. */
  readonly perAccountRegion: Map<string, number>;
  /** The account/region key of each VPC, built once per VPC rather than once per group. */
  readonly accountRegionKeys: Map<Vpc, string>;
  readonly seen: SeenRules;
  /** Groups referenced by the current group's rules (reused: most groups reference none). */
  readonly referenced: Set<string>;
  readonly interned: Interned;
}

function checkGroup(ctx: ValidationContext, run: GroupsRun, group: SecurityGroup, g: number): void {
  const { index } = ctx;
  const { perAccountRegion, accountRegionKeys, seen, referenced, interned } = run;
  const id = group.securityGroupId;
  const vpc = index.vpcs.get(group.vpcId);
  if (!vpc) {
    ctx.reportMissingParent(`/securityGroups/${g}/vpcId`, id, 'vpcId', group.vpcId);
  } else {
    let key = accountRegionKeys.get(vpc);
    if (key === undefined) accountRegionKeys.set(vpc, (key = `${vpc.accountId}\u0000${vpc.regionId}`));
    const count = (perAccountRegion.get(key) ?? 0) + 1;
    perAccountRegion.set(key, count);
    if (count === MAX_GROUPS_PER_ACCOUNT_REGION + 1) {
      ctx.report(
        'SG_ACCOUNT_REGION_QUOTA',
        `/securityGroups/${g}`,
        `${id} is account ${vpc.accountId}'s ${count}th security group in ${vpc.regionId}; the default quota is ${MAX_GROUPS_PER_ACCOUNT_REGION}`,
        {
          resourceId: id,
          suggestion: `merge groups, or raise the security-group quota of ${vpc.accountId} in ${vpc.regionId} before apply`,
        },
      );
    }
  }
  if (vpc && group.accountId !== undefined && group.accountId !== vpc.accountId) {
    ctx.report(
      'SG_ACCOUNT_MISMATCH',
      `/securityGroups/${g}/accountId`,
      `${id}: accountId ${group.accountId} is not the account of its VPC ${vpc.vpcId} (${vpc.accountId})`,
      { resourceId: id, suggestion: `set accountId to ${vpc.accountId}, or remove it` },
    );
  }
  if (group.securityGroupType === 'enterprise' && group.innerAccessPolicy === 'Accept') {
    ctx.report(
      'SG_INNER_POLICY_IGNORED',
      `/securityGroups/${g}/innerAccessPolicy`,
      `${id} is an enterprise group with innerAccessPolicy Accept; enterprise groups always isolate their members`,
      {
        resourceId: id,
        suggestion: `remove innerAccessPolicy from ${id}, and add rules for the traffic its members need between them`,
      },
    );
  }
  // One private IP per instance in this model (secondary IPs are not described).
  const members = index.memberCountBySecurityGroup.get(id) ?? 0;
  const maxMembers = MAX_MEMBERS[group.securityGroupType];
  if (members > maxMembers) {
    ctx.report(
      'SG_MEMBER_QUOTA_EXCEEDED',
      `/securityGroups/${g}`,
      `${id} (${group.securityGroupType === 'normal' ? 'basic' : 'enterprise'}) has ${members} member instances; it may hold at most ${maxMembers} private IPs`,
      {
        resourceId: id,
        suggestion:
          group.securityGroupType === 'normal'
            ? `split the members of ${id} over two groups, or make it an enterprise group (65,536 IPs)`
            : `split the members of ${id} over two groups`,
      },
    );
  }
  const rules = group.permissions;
  seen.reset(rules.length);
  if (referenced.size > 0) referenced.clear();
  // The quota finding goes before the findings of the rules, as if reported first: the rules'
  // own reading (readRule) gives the slots each takes.
  const beforeRules = ctx.findings.length;
  let used = 0;
  for (let p = 0; p < rules.length; p++) used += checkRule(ctx, group, rules[p]!, g, p, seen, referenced, interned);
  if (used > MAX_RULES_PER_GROUP) {
    ctx.report(
      'SG_RULE_QUOTA_EXCEEDED',
      `/securityGroups/${g}/permissions/${Math.min(MAX_RULES_PER_GROUP, rules.length - 1)}`,
      `${id} has ${rules.length} rules${used > rules.length ? ` taking ${used} slots (a prefix list counts as its maxEntries)` : ''}; a security ` +
        `group holds at most ${MAX_RULES_PER_GROUP} (ingress and egress together)`,
      {
        resourceId: id,
        suggestion: `consolidate the rules of ${id} (CIDR blocks instead of single addresses), or split its members across two groups`,
      },
    );
    if (ctx.findings.length - 1 > beforeRules) ctx.findings.splice(beforeRules, 0, ctx.findings.pop()!);
  }
}

/** "sg-1 rule 3 (ingress TCP 22/22)": built only when a finding is reported. */
function ruleText(id: string, p: number, rule: Permission): string {
  return `${id} rule ${p} (${rule.direction} ${rule.ipProtocol} ${rule.portRange})`;
}

/** JSON Pointer of a rule, or of one of its fields: built only when a finding is reported. */
function rulePath(g: number, p: number, field?: string): string {
  return `/securityGroups/${g}/permissions/${p}${field === undefined ? '' : `/${field}`}`;
}

interface PeerFields {
  readonly cidr: 'sourceCidrIp' | 'destCidrIp';
  readonly group: 'sourceGroupId' | 'destGroupId';
  readonly prefixList: 'sourcePrefixListId' | 'destPrefixListId';
  readonly ipv6: 'ipv6SourceCidrIp' | 'ipv6DestCidrIp';
}
const SOURCE: PeerFields = {
  cidr: 'sourceCidrIp',
  group: 'sourceGroupId',
  prefixList: 'sourcePrefixListId',
  ipv6: 'ipv6SourceCidrIp',
};
const DEST: PeerFields = {
  cidr: 'destCidrIp',
  group: 'destGroupId',
  prefixList: 'destPrefixListId',
  ipv6: 'ipv6DestCidrIp',
};

/**
 * The fields of the rule under check, read once per rule by {@link readRule}; `own*` are the
 * rule's direction's side (source* for ingress, dest* for egress), `other*` the opposite one.
 * One object for the process, overwritten by every rule.
 */
interface RuleFields {
  direction: string;
  ipProtocol: string;
  portRange: string;
  policy: string;
  priority: number;
  sourcePortRange: string | undefined;
  ownCidr: string | undefined;
  ownGroup: string | undefined;
  ownPrefixList: string | undefined;
  ownIpv6: string | undefined;
  otherCidr: string | undefined;
  otherGroup: string | undefined;
  otherPrefixList: string | undefined;
  otherIpv6: string | undefined;
}
const ruleFields: RuleFields = {
  direction: '',
  ipProtocol: '',
  portRange: '',
  policy: '',
  priority: 0,
  sourcePortRange: undefined,
  ownCidr: undefined,
  ownGroup: undefined,
  ownPrefixList: undefined,
  ownIpv6: undefined,
  otherCidr: undefined,
  otherGroup: undefined,
  otherPrefixList: undefined,
  otherIpv6: undefined,
};

/**
 * Reads a rule's fields with one `for…in` over its own keys. Rules come in several key sets (a
 * CIDR or a group peer, ingress or egress, a prefix list, a description …), each its own hidden
 * class: past four of them every `rule.field` is a megamorphic load, about 17 per rule, most of
 * them for fields the rule does not have. `rule[key]` inside `for…in` is served from the object's
 * enum cache whatever its hidden class, and touches only the fields the rule has. A document is
 * JSON data: its fields are the enumerable ones (the ones JSON.stringify writes); a required field
 * the enumeration did not give is read by name.
 */
function readRule(rule: Permission): RuleFields {
  let direction: string | undefined;
  let ipProtocol: string | undefined;
  let portRange: string | undefined;
  let policy: string | undefined;
  let priority: number | undefined;
  let sourcePortRange: string | undefined;
  let sourceCidr: string | undefined;
  let sourceGroup: string | undefined;
  let sourcePrefixList: string | undefined;
  let sourceIpv6: string | undefined;
  let destCidr: string | undefined;
  let destGroup: string | undefined;
  let destPrefixList: string | undefined;
  let destIpv6: string | undefined;
  const record = rule as unknown as Readonly<Record<string, string>>;
  for (const key in record) {
    // One keyed load per key, before the switch: a load per case left the cases of rare fields
    // without type feedback, and optimized code deoptimized the first time one came.
    const value = record[key]!;
    switch (key) {
      case 'direction':
        direction = value;
        break;
      case 'ipProtocol':
        ipProtocol = value;
        break;
      case 'portRange':
        portRange = value;
        break;
      case 'policy':
        policy = value;
        break;
      case 'priority':
        priority = value as unknown as number;
        break;
      case 'sourceCidrIp':
        sourceCidr = value;
        break;
      case 'destCidrIp':
        destCidr = value;
        break;
      case 'sourceGroupId':
        sourceGroup = value;
        break;
      case 'destGroupId':
        destGroup = value;
        break;
      case 'sourcePrefixListId':
        sourcePrefixList = value;
        break;
      case 'destPrefixListId':
        destPrefixList = value;
        break;
      case 'ipv6SourceCidrIp':
        sourceIpv6 = value;
        break;
      case 'ipv6DestCidrIp':
        destIpv6 = value;
        break;
      case 'sourcePortRange':
        sourcePortRange = value;
        break;
    }
  }
  const f = ruleFields;
  f.direction = direction ?? rule.direction;
  f.ipProtocol = ipProtocol ?? rule.ipProtocol;
  f.portRange = portRange ?? rule.portRange;
  f.policy = policy ?? rule.policy;
  f.priority = priority ?? rule.priority;
  f.sourcePortRange = sourcePortRange;
  const ingress = f.direction === 'ingress';
  f.ownCidr = ingress ? sourceCidr : destCidr;
  f.ownGroup = ingress ? sourceGroup : destGroup;
  f.ownPrefixList = ingress ? sourcePrefixList : destPrefixList;
  f.ownIpv6 = ingress ? sourceIpv6 : destIpv6;
  f.otherCidr = ingress ? destCidr : sourceCidr;
  f.otherGroup = ingress ? destGroup : sourceGroup;
  f.otherPrefixList = ingress ? destPrefixList : sourcePrefixList;
  f.otherIpv6 = ingress ? destIpv6 : sourceIpv6;
  return f;
}

/**
 * Small integer IDs for the texts of one run (port ranges, protocols, policies, directions,
 * group references, non-canonical CIDR texts), so a rule's identity packs into one number.
 */
interface Interned {
  /** Scratch for the peer of the rule under check (rulePeer). */
  readonly peer: RulePeer;
  readonly portRanges: Map<string, PortRangeEntry>;
  readonly protocols: Map<string, number>;
  readonly policies: Map<string, number>;
  readonly directions: Map<string, number>;
  readonly groups: Map<string, number>;
  readonly texts: Map<string, number>;
}

/** The peer part of a rule's identity: a CIDR key, or (key -1) a text of kind 0 (a group ID) or 1 (kept as written). */
interface RulePeer {
  key: number;
  kind: number;
  text: string;
}

/** A port-range text seen in this run: its ID and its parsed value. */
interface PortRangeEntry {
  readonly id: number;
  readonly range: readonly [number, number] | null;
}

function portRangeEntry(interned: Interned, text: string): PortRangeEntry {
  let entry = interned.portRanges.get(text);
  if (entry === undefined)
    interned.portRanges.set(text, (entry = { id: interned.portRanges.size, range: parsePortRange(text) }));
  return entry;
}

/** Small IDs of the enum values a loaded document holds, without a map lookup. */
function protocolId(interned: Interned, text: string): number {
  switch (text) {
    case 'TCP':
      return 0;
    case 'UDP':
      return 1;
    case 'ICMP':
      return 2;
    case 'GRE':
      return 3;
    case 'ALL':
      return 4;
    default:
      return 5 + internId(interned.protocols, text);
  }
}

function policyId(interned: Interned, text: string): number {
  return text === 'Accept' ? 0 : text === 'Drop' ? 1 : 2 + internId(interned.policies, text);
}

function directionId(interned: Interned, text: string): number {
  return text === 'ingress' ? 0 : text === 'egress' ? 1 : 2 + internId(interned.directions, text);
}

function internId(map: Map<string, number>, text: string): number {
  let id = map.get(text);
  if (id === undefined) map.set(text, (id = map.size));
  return id;
}

/**
 * Rules of one group already seen, by identity: an open-addressing table of packed numeric
 * identities (reused for every group, so the happy path allocates nothing per rule), and
 * `byText`, the text identity `direction|protocol|ports|policy|peer`, for the rare rule whose IDs
 * do not fit the packing. One identity always takes the same route (IDs are fixed once given),
 * so the two never hold the same rule identity.
 */
class SeenRules {
  private keys = new Float64Array(64);
  private values = new Int32Array(64);
  /** Slots in use, to clear them for the next group. */
  private used = new Int32Array(32);
  private count = 0;
  byText: Map<string, number> | undefined;

  /** Empties the table for a group of `rules` rules. */
  reset(rules: number): void {
    if (rules * 2 > this.keys.length) {
      let size = this.keys.length;
      while (size < rules * 2) size *= 2;
      this.keys = new Float64Array(size);
      this.values = new Int32Array(size);
      this.used = new Int32Array(size >> 1);
    } else {
      for (let i = 0; i < this.count; i++) this.values[this.used[i]!] = 0;
    }
    this.count = 0;
    this.byText = undefined;
  }

  /** The rule index stored for `key`, or stores `p` and returns -1. */
  firstOrAdd(key: number, p: number): number {
    const mask = this.keys.length - 1;
    const low = key >>> 0;
    const high = Math.floor(key / 4294967296);
    let h = Math.imul(low ^ Math.imul(high, 0x9e3779b1), 0x85ebca6b);
    h ^= h >>> 15;
    let slot = h & mask;
    // values hold p + 1 (0: empty slot).
    for (;;) {
      const stored = this.values[slot]!;
      if (stored === 0) break;
      if (this.keys[slot] === key) return stored - 1;
      slot = (slot + 1) & mask;
    }
    this.keys[slot] = key;
    this.values[slot] = p + 1;
    this.used[this.count++] = slot;
    return -1;
  }
}

keepHiddenClassOf(new SeenRules()); // hiddenClasses.ts

/** Peer kinds above the CIDR keys (base * 64 + prefix < 2^38). */
const PEER_OTHER = 2 ** 38;
/** Bits of the packed rule attributes (ports, protocol, policy, direction). */
const ATTR_LIMIT = 2 ** 14;
/** Interned peer IDs that keep the packed key below 2^53. */
const PEER_ID_LIMIT = 2 ** 36;

/**
 * The packed identity of a rule: peer × attributes, or -1 when an ID is too large to pack.
 * `peerCidr` is a CIDR key (scanCidrKey), or -1 when the peer is `peerText` of kind `peerKind`
 * (0: a group ID, 1: a CIDR text kept as written).
 */
function ruleKey(
  interned: Interned,
  rule: RuleFields,
  port: number,
  peerCidr: number,
  peerKind: number,
  peerText: string,
): number {
  const protocol = protocolId(interned, rule.ipProtocol);
  const policy = policyId(interned, rule.policy);
  const direction = directionId(interned, rule.direction);
  if (protocol >= 8 || policy >= 4 || direction >= 4) return -1;
  const attr = ((port * 8 + protocol) * 4 + policy) * 4 + direction;
  if (attr >= ATTR_LIMIT) return -1;
  let peer = peerCidr;
  if (peer < 0) {
    const pid = internId(peerKind === 0 ? interned.groups : interned.texts, peerText);
    if (pid >= PEER_ID_LIMIT) return -1;
    peer = PEER_OTHER + pid * 2 + peerKind;
  }
  return peer * ATTR_LIMIT + attr;
}

/**
 * Checks one rule; returns the quota slots it takes: a rule that references a prefix list takes
 * the list's maxEntries (aliyun-dataplane.md §2.3), any other one slot.
 *
 * Hot path: 20,000 rules in a large estate. Messages and paths are built only when something is
 * reported; the happy path allocates nothing per rule beyond map entries.
 */
function checkRule(
  ctx: ValidationContext,
  group: SecurityGroup,
  rule: Permission,
  g: number,
  p: number,
  seen: SeenRules,
  referenced: Set<string>,
  interned: Interned,
): number {
  const id = group.securityGroupId;
  const values = readRule(rule);
  const slots = values.ownPrefixList === undefined ? 1 : referenceWeight(ctx, values.ownPrefixList);
  checkRulePriority(ctx, rule, values.priority, g, p, id);
  const port = portRangeEntry(interned, values.portRange);
  checkPortRange(ctx, rule, values.ipProtocol, port.range, g, p, id, 'portRange', values.portRange);
  const sourcePorts = values.sourcePortRange;
  if (sourcePorts !== undefined) {
    checkPortRange(ctx, rule, values.ipProtocol, parsePortRange(sourcePorts), g, p, id, 'sourcePortRange', sourcePorts);
  }
  // Peers: ingress uses source*, egress dest* (aliyun-api.md §5.4); the same-named field of the
  // other side narrows which of the group's own addresses the rule covers (aliyun-dataplane.md §3.3).
  const ingress = values.direction === 'ingress';
  const own = ingress ? SOURCE : DEST;
  const other = ingress ? DEST : SOURCE;
  checkOtherSideFields(ctx, rule, values, own, other, g, p, id);
  const peers = countPeers(values);
  if (peers === 0) {
    ctx.report(
      'SG_RULE_PEER_MISSING',
      rulePath(g, p),
      `${ruleText(id, p, rule)} has no peer: an ${rule.direction} rule needs ${own.cidr}, ${own.group}, ${own.prefixList} or ${own.ipv6}`,
      {
        resourceId: id,
        suggestion: `add ${own.cidr} (e.g. the peer VPC's CIDR block, or 0.0.0.0/0 for any address) or ${own.group} (a group of the same VPC)`,
      },
    );
    return slots;
  }
  if (peers > 1) reportPeerAmbiguous(ctx, rule, g, p, id, own);
  const peerList = values.ownPrefixList;
  if (peerList !== undefined) {
    checkPrefixListReference(
      ctx,
      peerList,
      rulePath(g, p, own.prefixList),
      id,
      ctx.index.vpcs.get(group.vpcId)?.regionId,
    );
  }
  const peerV6 = values.ownIpv6;
  if (peerV6 !== undefined) checkIpv6Field(ctx, peerV6, g, p, id, own.ipv6);
  const peer = rulePeer(ctx, group, rule, values, g, p, own, referenced, interned.peer);
  if ((peer.key >= 0 || peer.kind >= 0) && peers === 1) {
    checkRuleUnique(ctx, rule, values, g, p, id, port.id, peer, seen, interned);
  }
  return slots;
}

function checkRulePriority(
  ctx: ValidationContext,
  rule: Permission,
  priority: number,
  g: number,
  p: number,
  id: string,
): void {
  if (priority >= 1 && priority <= 100 && Number.isInteger(priority)) return;
  ctx.report(
    'SG_RULE_PRIORITY_INVALID',
    rulePath(g, p, 'priority'),
    `${ruleText(id, p, rule)}: priority ${priority} is outside 1–100`,
    {
      resourceId: id,
      suggestion: `change priority to ${priority < 1 ? 1 : 100} (1 is the highest, 100 the lowest)`,
    },
  );
}

/** The other side's fields: a group or prefix list there is misplaced; a CIDR there narrows (checked as one). */
function checkOtherSideFields(
  ctx: ValidationContext,
  rule: Permission,
  values: RuleFields,
  own: PeerFields,
  other: PeerFields,
  g: number,
  p: number,
  id: string,
): void {
  if (values.otherGroup !== undefined) wrongDirection(ctx, rule, g, p, id, other.group, own.group, own);
  if (values.otherPrefixList !== undefined) wrongDirection(ctx, rule, g, p, id, other.prefixList, own.prefixList, own);
  const narrowing = values.otherCidr;
  if (narrowing !== undefined) ctx.checkCidrField(narrowing, rulePath(g, p, other.cidr), id, other.cidr, true);
  const narrowingV6 = values.otherIpv6;
  if (narrowingV6 !== undefined) checkIpv6Field(ctx, narrowingV6, g, p, id, other.ipv6);
}

function countPeers(values: RuleFields): number {
  return (
    (values.ownCidr !== undefined ? 1 : 0) +
    (values.ownGroup !== undefined ? 1 : 0) +
    (values.ownPrefixList !== undefined ? 1 : 0) +
    (values.ownIpv6 !== undefined ? 1 : 0)
  );
}

function reportPeerAmbiguous(
  ctx: ValidationContext,
  rule: Permission,
  g: number,
  p: number,
  id: string,
  own: PeerFields,
): void {
  const peerList = rule[own.prefixList];
  const named = [
    rule[own.cidr] !== undefined ? `${own.cidr} ${rule[own.cidr]}` : undefined,
    rule[own.ipv6] !== undefined ? `${own.ipv6} ${rule[own.ipv6]}` : undefined,
    rule[own.group] !== undefined ? `${own.group} ${rule[own.group]}` : undefined,
    peerList !== undefined ? `${own.prefixList} ${peerList}` : undefined,
  ].filter((x): x is string => x !== undefined);
  ctx.report(
    'SG_RULE_PEER_AMBIGUOUS',
    rulePath(g, p),
    `${ruleText(id, p, rule)} has ${named.length} peers, ${named.join(' and ')}; a rule has exactly ` +
      `one${peerList !== undefined ? ` (the API ignores ${own.prefixList} when another peer is given)` : ''}`,
    {
      resourceId: id,
      suggestion: `split it into ${named.length} rules, one with each of ${named.join(', ')}`,
    },
  );
}

/**
 * The peer part of a rule's identity, written into `out` (one object per run, not per rule): a
 * CIDR key when the block is usable and written (or read, for a bare address) canonically, the
 * text as written when the strict parser calls it canonical in another spelling, or the
 * referenced group (checked here), prefix list or IPv6 block.
 */
function rulePeer(
  ctx: ValidationContext,
  group: SecurityGroup,
  rule: Permission,
  values: RuleFields,
  g: number,
  p: number,
  own: PeerFields,
  referenced: Set<string>,
  out: RulePeer,
): RulePeer {
  const peerCidr = values.ownCidr;
  const peerGroup = values.ownGroup;
  const peerOther = values.ownPrefixList ?? values.ownIpv6;
  out.key = -1;
  out.kind = -1;
  out.text = '';
  if (peerCidr !== undefined) {
    out.key = scanCidrKey(peerCidr);
    if (out.key < 0) {
      const parsed = ctx.parseCidr(peerCidr, true);
      if (parsed.ok && parsed.value.canonical && !parsed.value.bareAddress) {
        if (formatCidr(parsed.value.cidr) === peerCidr) out.key = cidrKey(parsed.value.cidr);
        else {
          out.kind = 1;
          out.text = peerCidr;
        }
      } else {
        const cidr = ctx.checkCidrField(peerCidr, rulePath(g, p, own.cidr), group.securityGroupId, own.cidr, true);
        if (cidr) out.key = cidrKey(cidr);
      }
    }
  }
  if (peerGroup !== undefined) {
    out.key = -1;
    out.kind = 0;
    out.text = peerGroup;
    checkGroupReference(ctx, group, peerGroup, g, p, rule, own, referenced);
  }
  if (peerOther !== undefined) {
    out.key = -1;
    out.kind = 1;
    out.text = peerOther;
  }
  return out;
}

/**
 * The API identifies a rule by protocol, ports, NIC type, policy and peer (aliyun-api.md §5.4),
 * and by the quintuple fields when given: such rules take the text route with them appended.
 */
function checkRuleUnique(
  ctx: ValidationContext,
  rule: Permission,
  values: RuleFields,
  g: number,
  p: number,
  id: string,
  portId: number,
  peer: RulePeer,
  seen: SeenRules,
  interned: Interned,
): void {
  const narrowing = values.otherCidr;
  const narrowingV6 = values.otherIpv6;
  const sourcePorts = values.sourcePortRange;
  const extras =
    narrowing !== undefined || narrowingV6 !== undefined || sourcePorts !== undefined
      ? `|${narrowing ?? ''}|${narrowingV6 ?? ''}|${sourcePorts ?? ''}`
      : '';
  const key = extras !== '' ? -1 : ruleKey(interned, values, portId, peer.key, peer.kind, peer.text);
  let first: number | undefined;
  if (key >= 0) {
    const found = seen.firstOrAdd(key, p);
    if (found >= 0) first = found;
  } else {
    const peerText =
      peer.kind === 0
        ? `#${peer.text}`
        : peer.kind === 1
          ? peer.text
          : formatCidr({ base: Math.floor(peer.key / 64), prefix: peer.key % 64 });
    const text = `${values.direction}|${values.ipProtocol}|${values.portRange}|${values.policy}|${peerText}${extras}`;
    const byText = seen.byText ?? (seen.byText = new Map());
    first = byText.get(text);
    if (first === undefined) byText.set(text, p);
  }
  if (first === undefined) return;
  ctx.report(
    'SG_RULE_DUPLICATE',
    rulePath(g, p),
    `${ruleText(id, p, rule)} repeats rule ${first} of ${id}; the API keeps only one`,
    {
      resourceId: id,
      suggestion: `remove rule ${p} from ${id}`,
    },
  );
}

function wrongDirection(
  ctx: ValidationContext,
  rule: Permission,
  g: number,
  p: number,
  id: string,
  wrong: string,
  ownField: string,
  own: PeerFields,
): void {
  const value = (rule as Record<string, unknown>)[wrong];
  ctx.report(
    'SG_RULE_FIELD_WRONG_DIRECTION',
    rulePath(g, p, wrong),
    `${ruleText(id, p, rule)}: ${wrong} ${String(value)} is not the peer of an ${rule.direction} rule (that is ${own.cidr} or ${own.group}); vpclink ignores it`,
    {
      resourceId: id,
      // Renaming is the fix only when the rule has no peer of its own direction yet.
      suggestion:
        rule[own.cidr] === undefined && rule[own.group] === undefined
          ? `rename ${wrong} to ${ownField}`
          : `remove ${wrong}`,
    },
  );
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

function checkPortRange(
  ctx: ValidationContext,
  rule: Permission,
  protocol: string,
  range: readonly [number, number] | null,
  g: number,
  p: number,
  id: string,
  field: 'portRange' | 'sourcePortRange',
  text: string,
): void {
  const withPorts = protocol === 'TCP' || protocol === 'UDP';
  if (
    range &&
    (withPorts ? range[0] >= 1 && range[1] <= 65535 && range[0] <= range[1] : range[0] === -1 && range[1] === -1)
  )
    return;
  const path = rulePath(g, p, field);
  const fix = withPorts ? 'a start/end range within 1–65535, e.g. 22/22, 443/443 or 1/65535 for all ports' : '-1/-1';
  if (!range) {
    ctx.report(
      'SG_RULE_PORT_RANGE_INVALID',
      path,
      `${ruleText(id, p, rule)}: ${field} ${JSON.stringify(text)} is not start/end`,
      {
        resourceId: id,
        suggestion: `change ${field} to ${fix}`,
      },
    );
    return;
  }
  const [start, end] = range;
  if (withPorts) {
    const why =
      start === -1 && end === -1
        ? `${rule.ipProtocol} needs real ports`
        : start > end
          ? 'start is above end'
          : 'ports must be within 1–65535';
    ctx.report(
      'SG_RULE_PORT_RANGE_INVALID',
      path,
      `${ruleText(id, p, rule)}: ${field} ${text} is invalid for ${rule.ipProtocol} (${why})`,
      {
        resourceId: id,
        suggestion:
          start === -1 && end === -1
            ? 'change ' + field + ' to 1/65535 for all ports, or the port you need (e.g. 22/22)'
            : start > end && end >= 1 && start <= 65535
              ? `change ${field} to ${end}/${start}`
              : `change ${field} to ${fix}`,
      },
    );
  } else {
    ctx.report(
      'SG_RULE_PORT_RANGE_INVALID',
      path,
      `${ruleText(id, p, rule)}: ${field} ${text} is invalid for ${rule.ipProtocol}, which has no ports`,
      {
        resourceId: id,
        suggestion: `change ${field} to -1/-1${rule.ipProtocol === 'ALL' ? ', or use ipProtocol TCP/UDP to limit ports' : ''}`,
      },
    );
  }
}

function checkGroupReference(
  ctx: ValidationContext,
  group: SecurityGroup,
  peerGroup: string,
  g: number,
  p: number,
  rule: Permission,
  own: PeerFields,
  referenced: Set<string>,
): void {
  if (group.securityGroupType === 'enterprise') {
    reportGroupReference(ctx, group, peerGroup, g, p, rule, own, { kind: 'enterprise' });
    return;
  }
  if (peerGroup === group.securityGroupId) {
    reportGroupReference(ctx, group, peerGroup, g, p, rule, own, { kind: 'self' });
    return;
  }
  if (!referenced.has(peerGroup)) {
    referenced.add(peerGroup);
    if (referenced.size === MAX_GROUP_REFERENCES + 1) {
      reportGroupReference(ctx, group, peerGroup, g, p, rule, own, { kind: 'quota', count: referenced.size });
    }
  }
  const target = ctx.index.securityGroups.get(peerGroup);
  if (!target) reportGroupReference(ctx, group, peerGroup, g, p, rule, own, { kind: 'dangling' });
  else if (target.vpcId !== group.vpcId) {
    reportGroupReference(ctx, group, peerGroup, g, p, rule, own, { kind: 'crossVpc', target });
  }
}

/** What is wrong with a rule's reference to a group (checkGroupReference). */
type ReferenceProblem =
  | { readonly kind: 'enterprise' | 'self' | 'dangling' }
  | { readonly kind: 'quota'; readonly count: number }
  | { readonly kind: 'crossVpc'; readonly target: SecurityGroup };

/**
 * The findings of checkGroupReference, apart from it: the check stays small, and V8 optimizes a
 * function after a number of profiler ticks that grows with its bytecode size (about one more per
 * 150 bytes): with its reports inline (1,093 bytes) the check ran unoptimized through the first
 * two validations of L (`node --trace-opt-verbose`).
 */
function reportGroupReference(
  ctx: ValidationContext,
  group: SecurityGroup,
  peerGroup: string,
  g: number,
  p: number,
  rule: Permission,
  own: PeerFields,
  problem: ReferenceProblem,
): void {
  const id = group.securityGroupId;
  const path = rulePath(g, p, own.group);
  const text = ruleText(id, p, rule);
  switch (problem.kind) {
    case 'enterprise':
      ctx.report(
        'SG_GROUP_REFERENCE_ENTERPRISE',
        path,
        `${text}: enterprise group ${id} references group ${peerGroup}; enterprise groups cannot reference groups`,
        {
          resourceId: id,
          suggestion: `replace ${own.group} ${peerGroup} with ${own.cidr} (the CIDR block of that group's members)`,
        },
      );
      return;
    case 'self': {
      const redundant = group.innerAccessPolicy === 'Accept';
      ctx.report(
        'SG_GROUP_REFERENCE_SELF',
        path,
        `${text}: ${id} references itself; the ECS error table says the ` +
          `API refuses this (InvalidParamter.Conflict)${redundant ? `, and ${id}'s innerAccessPolicy Accept already lets members reach each other` : ''}`,
        {
          resourceId: id,
          suggestion: redundant
            ? `remove the rule: members of ${id} reach each other through innerAccessPolicy Accept`
            : `set innerAccessPolicy Accept on ${id}, or replace ${own.group} ${id} with ${own.cidr} set to the members' vSwitch block`,
        },
      );
      return;
    }
    case 'quota':
      ctx.report(
        'SG_GROUP_REFERENCE_QUOTA',
        path,
        `${text}: ${id} references ${problem.count} groups; a basic group may reference at most ${MAX_GROUP_REFERENCES}`,
        {
          resourceId: id,
          suggestion: `replace ${own.group} ${peerGroup} (and further references) with ${own.cidr} rules`,
        },
      );
      return;
    case 'dangling':
      ctx.report(
        'DANGLING_REFERENCE',
        path,
        `${text}: ${own.group} ${peerGroup} is not a security group in the document`,
        {
          resourceId: id,
          suggestion: `add ${peerGroup} (a group of ${group.vpcId}) to the document, or replace it with ${own.cidr}`,
        },
      );
      return;
    case 'crossVpc': {
      const { target } = problem;
      const cidr = (ctx.vpcCidrs.get(target.vpcId) ?? [])[0]?.text;
      ctx.report(
        'SG_GROUP_REFERENCE_CROSS_VPC',
        path,
        `${text}: ${own.group} ${peerGroup} belongs to ${target.vpcId}, not to ${id}'s VPC ${group.vpcId}; the API refuses group references across VPCs (InvalidSourceGroupId.Mismatch)`,
        {
          resourceId: id,
          suggestion: cidr
            ? `replace ${own.group} ${peerGroup} with ${own.cidr} ${cidr} (${target.vpcId}'s CIDR block): the API refuses group references across VPCs, docs/aliyun-api.md §5.5`
            : `replace ${own.group} ${peerGroup} with ${own.cidr} set to ${target.vpcId}'s CIDR block: the API refuses group references across VPCs, docs/aliyun-api.md §5.5`,
        },
      );
    }
  }
}

function checkIpv6Field(ctx: ValidationContext, value: string, g: number, p: number, id: string, field: string): void {
  if (isIpv6Cidr(value)) return;
  ctx.report(
    'CIDR_MALFORMED',
    rulePath(g, p, field),
    `${id} rule ${p}: ${field} ${JSON.stringify(value)} is not an IPv6 CIDR block`,
    {
      resourceId: id,
      suggestion: `write ${field} as address/prefix, e.g. 2408:4000::/56 (or ::/0 for any IPv6 address)`,
    },
  );
}
