/**
 * The security-group step: the groups of the ENI that holds the address decide (aliyun-dataplane.md
 * §3.2); stateful, so a reply passes on the session of the accepted request. Evaluation itself
 * is in ../securityGroups.ts; this module writes the hop, the blocker and its fix.
 */
import { formatCidr, formatIpv4 } from '../../net/ipv4';
import type { InstanceInfo } from '../compile';
import type { ReachBlockerCode } from '../codes';
import type { JsonPatch, JsonPatchOperation } from '../jsonPatch';
import {
  decideFlow,
  describePacket,
  describeRule,
  packetsOf,
  type Peer,
  type Pool,
  ruleCoversSelf,
  ruleMatchesPacket,
  ruleMatchesPeer,
  ruleSpelling,
  type SgDecision,
} from '../securityGroups';
import type { FlowSpec, Protocol } from '../types';
import { blocker, type BlockerDraft, type HopDraft, named, type Recorder, type StepContext } from './recorder';
import { decideIcmp, icmpDropsAtTop } from './securityGroupScan';

export function securityGroupHop(
  ctx: StepContext,
  rec: Recorder,
  self: InstanceInfo,
  selfIp: number,
  direction: 'ingress' | 'egress',
  peer: Peer,
  flow: FlowSpec,
): void {
  const pool = ctx.poolOf(self);
  const decision =
    flow.protocol === 'icmp'
      ? decideIcmp(ctx.c, pool, direction, peer, selfIp)
      : decideFlow(pool, direction, flow.protocol, flow.port, peer, ctx.c, selfIp, flow.sourcePort ?? null);
  // An allowed packet neither drops nor blocks: nothing to build when the hops are not written down.
  if (decision.allowed && !rec.keepHops) return;
  const firstGroup = pool.groups[0]?.securityGroupId ?? self.groupIds[0] ?? self.id;
  const resourceId =
    decision.kind === 'rule'
      ? decision.rule.groupId
      : decision.kind === 'innerAccessPolicy'
        ? decision.groupId
        : firstGroup;
  // Where the hops are not written down (a denied verdict), the blocker alone is read.
  const description = rec.keepHops ? hopDescription(self, pool, direction, decision, peer, flow) : '';
  const blockers = decision.allowed ? [] : [sgBlocker(ctx, self, selfIp, pool, direction, decision, peer, flow)];
  rec.add(
    {
      resourceType: 'securityGroup',
      resourceId,
      action: decision.allowed ? 'PERMITTED' : 'DENIED',
      description,
      causesDrop: !decision.allowed,
      direction,
      securityGroupIds: self.groupIds,
      decidedBy: decision.kind === 'innerAccessPolicy' ? 'innerAccessPolicy' : decision.kind,
      rule: decision.kind === 'rule' ? decision.rule.ref : null,
    },
    blockers,
  );
}

function hopDescription(
  self: InstanceInfo,
  pool: Pool,
  direction: 'ingress' | 'egress',
  decision: SgDecision,
  peer: Peer,
  flow: FlowSpec,
): string {
  // An allowed `all` flow is allowed for every protocol and port; a denied one names the first denied kind.
  const what =
    decision.allowed && flow.protocol === 'all' ? 'all traffic' : describePacket(decision.packet, flow.protocol);
  const peerText = `${direction === 'egress' ? 'to' : 'from'} ${formatIpv4(peer.ip)}`;
  const on = self.kind === 'eni' ? ` (groups of ENI ${self.id})` : '';
  switch (decision.kind) {
    case 'innerAccessPolicy':
      return `${direction} ${what} ${peerText} allowed: both are in basic group ${decision.groupId} whose InnerAccessPolicy is Accept`;
    case 'rule':
      return `${direction} ${what} ${peerText} ${decision.allowed ? 'allowed' : 'dropped'} by ${describeRule(decision.rule.ref)}${on}`;
    case 'default':
      return (
        `${direction} ${what} ${peerText} ${decision.allowed ? 'allowed' : 'denied'} by the default of ${pool.allNormal ? 'basic' : 'enterprise'} ` +
        `groups (no ${direction} rule of ${self.groupIds.join(', ')} matches)${on}`
      );
  }
}

export function sessionHop(self: InstanceInfo, direction: 'ingress' | 'egress'): HopDraft {
  return {
    resourceType: 'securityGroup',
    resourceId: self.groupIds[0] ?? self.id,
    action: 'MATCHED_SESSION',
    description: `security groups are stateful: the reply to an accepted request passes ${direction} of ${self.id} without a rule`,
    causesDrop: false,
    direction,
    securityGroupIds: self.groupIds,
    decidedBy: 'session',
    rule: null,
  };
}

function sgBlocker(
  ctx: StepContext,
  self: InstanceInfo,
  selfIp: number,
  pool: Pool,
  direction: 'ingress' | 'egress',
  decision: SgDecision,
  peer: Peer,
  flow: FlowSpec,
): BlockerDraft {
  const code: ReachBlockerCode = direction === 'egress' ? 'SG_EGRESS_DENIED' : 'SG_INGRESS_DENIED';
  const field = direction === 'egress' ? 'to' : 'from';
  const what = describePacket(decision.packet, flow.protocol);
  const spelling = ruleSpelling(flow.protocol, flow.port);
  const hostBlock = `${formatIpv4(peer.ip)}/32`;
  const wider: string[] = [];
  const peerSw = peer.instance?.vSwitch;
  if (peerSw?.cidr) wider.push(`${formatCidr(peerSw.cidr)} for its vSwitch`);
  const peerVpc = peerSw?.vpc;
  if (peerVpc?.cidrs[0] && !(peerSw?.cidr && peerVpc.cidrs[0].prefix === peerSw.cidr.prefix))
    wider.push(`${formatCidr(peerVpc.cidrs[0])} for all of ${peerVpc.vpc.name ?? peerVpc.id}`);
  const alternatives = wider.length ? ` (or ${wider.join(', or ')})` : '';
  const selfLabel = named(self.id, self.name);
  const fix = sgFixPatch(ctx, pool, direction, decision, peer, flow, selfIp);
  if (decision.kind === 'rule') {
    const rule = decision.rule;
    const ref = rule.ref;
    const message = `${direction} ${what} ${field} ${formatIpv4(peer.ip)} of ${selfLabel} is dropped by ${describeRule(ref)} at ${ref.path}`;
    const outrank =
      rule.priority > 1
        ? `or add an ${direction} rule to ${rule.groupId} that wins over it: ${spelling} ${field} ${hostBlock}${alternatives}, priority ${rule.priority - 1}, Accept`
        : `or change its priority to 2 or more and add an ${direction} rule ${spelling} ${field} ${hostBlock}${alternatives}, priority 1, Accept (at equal priority Drop wins)`;
    return blocker(code, rule.groupId, message, `remove or narrow rule #${rule.index} of ${rule.groupId}, ${outrank}`, {
      cause: 'EXPLICIT_DROP',
      rulePath: ref.path,
      ...(fix ? { fix } : {}),
    });
  }
  const groupId = pool.groups[0]?.securityGroupId ?? self.groupIds[0] ?? self.id;
  const why =
    direction === 'egress'
      ? 'enterprise security groups deny egress by default'
      : `no ingress rule of ${self.groupIds.join(', ')} accepts it (ingress is denied by default)`;
  const message = `${direction} ${what} ${field} ${formatIpv4(peer.ip)} of ${selfLabel} is denied: ${why}`;
  return blocker(
    code,
    groupId,
    message,
    `add an ${direction} rule to ${groupId}: ${spelling} ${field} ${hostBlock}${alternatives}, priority 1, Accept`,
    { cause: 'DEFAULT_DENY', ...(fix ? { fix } : {}) },
  );
}

function portRangeOf(protocol: Protocol, port: number | null): string {
  return (protocol === 'tcp' || protocol === 'udp') && port !== null ? `${port}/${port}` : '-1/-1';
}

/**
 * The patch that lets exactly this flow through the pooled groups: an Accept rule for the
 * protocol/port and the peer /32 at priority 1 (the highest), appended to the deciding group;
 * and, because at equal priority Drop sorts first, the removal of every priority-1 Drop rule of
 * the pool that matches a packet of the flow (a lower-priority Drop is outranked).
 */
export function sgFixPatch(
  ctx: StepContext,
  pool: Pool,
  direction: 'ingress' | 'egress',
  decision: SgDecision,
  peer: Peer,
  flow: FlowSpec,
  selfIp: number,
): JsonPatch | undefined {
  const groupId = decision.kind === 'rule' ? decision.rule.groupId : pool.groups[0]?.securityGroupId;
  if (groupId === undefined) return undefined;
  const docIndex = ctx.c.groupDocIndex.get(groupId);
  if (docIndex === undefined) return undefined;
  const peerBlock = `${formatIpv4(peer.ip)}/32`;
  const permission = {
    direction,
    ipProtocol: flow.protocol === 'all' ? 'ALL' : flow.protocol.toUpperCase(),
    portRange: portRangeOf(flow.protocol, flow.port),
    policy: 'Accept',
    priority: 1,
    ...(direction === 'ingress' ? { sourceCidrIp: peerBlock } : { destCidrIp: peerBlock }),
    description: 'added by vpclink fix',
  };
  const ops: JsonPatchOperation[] = [
    { op: 'add', path: `/securityGroups/${docIndex}/permissions/-`, value: permission },
  ];
  const removals =
    flow.protocol === 'icmp'
      ? icmpDropsAtTop(ctx.c, pool, direction, peer, selfIp)
      : dropsAtTop(ctx, pool, direction, peer, flow, selfIp);
  // Highest index first within a group, so earlier removals do not shift later ones.
  removals.sort((a, b) => a.group - b.group || b.index - a.index);
  for (const r of removals) ops.push({ op: 'remove', path: `/securityGroups/${r.group}/permissions/${r.index}` });
  return ops;
}

/** The priority-1 Drop rules of the pool that match a packet of the flow (securityGroupScan.ts `icmpDropsAtTop` for ICMP). */
function dropsAtTop(
  ctx: StepContext,
  pool: Pool,
  direction: 'ingress' | 'egress',
  peer: Peer,
  flow: FlowSpec,
  selfIp: number,
): Array<{ group: number; index: number }> {
  const packets = packetsOf(flow.protocol, flow.port, pool, direction, flow.sourcePort ?? null);
  const removals: Array<{ group: number; index: number }> = [];
  for (const rule of direction === 'egress' ? pool.egress : pool.ingress) {
    if (rule.accept || rule.priority > 1) continue;
    if (!ruleCoversSelf(rule, selfIp) || !ruleMatchesPeer(rule, peer, ctx.c)) continue;
    if (!packets.some((p) => ruleMatchesPacket(rule, p))) continue;
    removals.push({ group: ctx.c.groupDocIndex.get(rule.groupId)!, index: rule.index });
  }
  return removals;
}
