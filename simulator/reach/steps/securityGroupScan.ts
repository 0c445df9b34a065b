/**
 * The security-group decision of an ICMP flow, read off the pooled groups' permissions in one
 * walk, without compiling and sorting their rules (../securityGroups.ts `decidePacket` over the
 * sorted pool): a trace of a pair meets most pools once (an assert's pairs, a check on a fresh
 * index), where compiling every ICMP rule of a pool to read the first match cost more than the
 * rest of the step.
 *
 * The evaluation order (aliyun-api.md §5.5, securityGroups.ts `order`): priority 1 first, at
 * equal priority Drop before Accept, then group order, then rule index (the stable sort and the
 * merge keep that order among equal keys). So the deciding rule is the matching one with the
 * least (priority, Accept after Drop, group position, rule index): the walk goes in group and
 * index order and keeps a rule only when its key is strictly less than the best so far. Only a
 * rule that could win is compiled (by `compileRule`, the one reading of a permission), and a
 * CIDR peer that does not hold the address rules one out before that (compileRule: a CIDR peer
 * wins over every other peer field). Every rule of protocol ICMP or ALL matches an ICMP packet.
 */
import type { Permission, SecurityGroup } from '../../document/schema';
import { cidrContainsIp } from '../../net/ipv4';
import { type Compiled, parseLooseBlock } from '../compile';
import {
  compileRule,
  type CompiledRule,
  innerAccessGroup,
  type Packet,
  type Peer,
  type Pool,
  ruleCoversSelf,
  ruleMatchesPeer,
  type SgDecision,
} from '../securityGroups';

const ICMP_PACKET: Packet = { protocol: 'ICMP', port: 0 };

/** The decision of the pool for one ICMP packet: what `decideFlow` gives for an ICMP flow. */
export function decideIcmp(
  c: Compiled,
  pool: Pool,
  direction: 'ingress' | 'egress',
  peer: Peer,
  selfIp: number,
): SgDecision {
  const inner = innerAccessGroup(pool, peer, c);
  if (inner !== null) return { kind: 'innerAccessPolicy', allowed: true, groupId: inner, packet: ICMP_PACKET };
  const egress = direction === 'egress';
  let best: CompiledRule | null = null;
  for (const group of pool.groups) {
    const permissions = group.permissions;
    for (let i = 0; i < permissions.length; i++) {
      const permission = permissions[i]!;
      if (!isIcmpRule(permission, egress)) continue;
      if (best !== null && !outranks(permission, best)) continue;
      if (!mayHoldPeer(permission, egress, peer.ip)) continue;
      const rule = ruleOf(c, group, permission, i);
      if (ruleCoversSelf(rule, selfIp) && ruleMatchesPeer(rule, peer, c)) best = rule;
    }
  }
  if (best !== null) return { kind: 'rule', allowed: best.accept, rule: best, packet: ICMP_PACKET };
  return { kind: 'default', allowed: egress && pool.allNormal, packet: ICMP_PACKET };
}

/**
 * The priority-1 Drop rules of the pool that match the ICMP flow between `selfIp` and the peer,
 * as (group's document index, rule index): what a fix must remove, because at equal priority
 * Drop wins over the Accept it adds (steps/securityGroup.ts `sgFixPatch`). A Drop rule of lower
 * priority (a greater number) is outranked by that Accept.
 */
export function icmpDropsAtTop(
  c: Compiled,
  pool: Pool,
  direction: 'ingress' | 'egress',
  peer: Peer,
  selfIp: number,
): Array<{ group: number; index: number }> {
  const egress = direction === 'egress';
  const out: Array<{ group: number; index: number }> = [];
  for (const group of pool.groups) {
    const permissions = group.permissions;
    for (let i = 0; i < permissions.length; i++) {
      const permission = permissions[i]!;
      if (!isIcmpRule(permission, egress) || permission.policy === 'Accept' || permission.priority > 1) continue;
      if (!mayHoldPeer(permission, egress, peer.ip)) continue;
      const rule = ruleOf(c, group, permission, i);
      if (ruleCoversSelf(rule, selfIp) && ruleMatchesPeer(rule, peer, c))
        out.push({ group: c.groupDocIndex.get(rule.groupId)!, index: rule.index });
    }
  }
  return out;
}

/** A rule of this direction that an ICMP packet matches (its protocol, or ALL). */
function isIcmpRule(permission: Permission, egress: boolean): boolean {
  if ((permission.direction === 'egress') !== egress) return false;
  const protocol = permission.ipProtocol;
  return protocol === 'ICMP' || protocol === 'ALL';
}

/** Whether the rule comes before `best` in evaluation order (a strictly less priority, or Drop over Accept). */
function outranks(permission: Permission, best: CompiledRule): boolean {
  const priority = permission.priority;
  if (priority !== best.priority) return priority < best.priority;
  return best.accept && permission.policy !== 'Accept';
}

/** False when the rule's peer is a CIDR that does not hold `ip` (it cannot match); true otherwise (maybe). */
function mayHoldPeer(permission: Permission, egress: boolean, ip: number): boolean {
  const cidrText = egress ? permission.destCidrIp : permission.sourceCidrIp;
  if (cidrText === undefined) return true;
  const cidr = parseLooseBlock(cidrText);
  return cidr !== null && cidrContainsIp(cidr, ip);
}

/** Each group's compiled rules by rule index, per index: a pool's candidates are compiled once whatever the pairs. */
const compiledRules = new WeakMap<Compiled, Map<SecurityGroup, Array<CompiledRule | undefined>>>();

function ruleOf(c: Compiled, group: SecurityGroup, permission: Permission, index: number): CompiledRule {
  let byGroup = compiledRules.get(c);
  if (byGroup === undefined) compiledRules.set(c, (byGroup = new Map()));
  let rules = byGroup.get(group);
  if (rules === undefined) byGroup.set(group, (rules = []));
  return (rules[index] ??= compileRule(c, group, c.groupDocIndex.get(group.securityGroupId)!, permission, index));
}
