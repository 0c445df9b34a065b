/**
 * Security-group rules as the table shows them: in evaluation order, and new rules with safe
 * defaults. Pure functions over the document (tested in test/renderer/rules.test.ts).
 *
 * Evaluation order (aliyun-dataplane.md, network ACLs, "Comparison with SGs"): rules of one direction are matched by
 * priority, 1 first; among rules of the same priority a Drop wins over an Accept. The table lists
 * them in that order so the first matching row is the one that decides.
 */
import type { Permission, Topology } from '../../simulator/document/schema';
import { buildTopologyIndex } from '../../simulator/model/topologyIndex';

export interface OrderedRule {
  readonly rule: Permission;
  /** Index in the group's `permissions` (what edits address). */
  readonly index: number;
}

const policyRank = (p: Permission) => (p.policy.toLowerCase() === 'drop' ? 0 : 1);

/** The rules of one direction, first-evaluated first; ties keep document order. */
export function rulesInEvaluationOrder(
  permissions: readonly Permission[],
  direction: Permission['direction'],
): readonly OrderedRule[] {
  return permissions
    .map((rule, index) => ({ rule, index }))
    .filter((r) => r.rule.direction === direction)
    .sort((a, b) => a.rule.priority - b.rule.priority || policyRank(a.rule) - policyRank(b.rule) || a.index - b.index);
}

/** CIDR blocks of the VPCs connected to `vpcId` by a router-interface pair or a peering connection (either end). */
export function connectedPeerCidrs(doc: Topology, vpcId: string): readonly string[] {
  const index = buildTopologyIndex(doc);
  const vpc = index.vpcs.get(vpcId);
  if (!vpc) return [];
  const cidrs: string[] = [];
  for (const ri of index.routerInterfacesByRouter.get(vpc.vRouterId) ?? []) {
    const peer = ri.oppositeInterfaceId ? index.routerInterfaces.get(ri.oppositeInterfaceId) : undefined;
    const remoteRouter = peer?.routerId ?? ri.oppositeRouterId;
    const remote = remoteRouter ? index.vpcByRouterId.get(remoteRouter) : undefined;
    if (remote && remote.vpcId !== vpcId && !cidrs.includes(remote.cidrBlock)) cidrs.push(remote.cidrBlock);
  }
  for (const p of doc.vpcPeerConnections ?? []) {
    const remoteId = p.vpcId === vpcId ? p.acceptingVpcId : p.acceptingVpcId === vpcId ? p.vpcId : undefined;
    const remote = remoteId !== undefined ? index.vpcs.get(remoteId) : undefined;
    if (remote && remote.vpcId !== vpcId && !cidrs.includes(remote.cidrBlock)) cidrs.push(remote.cidrBlock);
  }
  return cidrs;
}

/**
 * A new rule that opens nothing by itself to the world: ICMP from (or to) the connected peer VPC's
 * CIDR when there is one, otherwise an empty peer the user must fill (validation flags it) —
 * never 0.0.0.0/0 by default.
 */
export function newRule(doc: Topology, securityGroupId: string, direction: Permission['direction']): Permission {
  const group = doc.securityGroups.find((g) => g.securityGroupId === securityGroupId);
  const peer = group ? (connectedPeerCidrs(doc, group.vpcId)[0] ?? '') : '';
  const base = { direction, ipProtocol: 'ICMP', portRange: '-1/-1', policy: 'Accept', priority: 1 } as const;
  return direction === 'ingress' ? { ...base, sourceCidrIp: peer } : { ...base, destCidrIp: peer };
}

/** Why a typed priority is refused (the API takes 1–100, 1 evaluated first), or null. */
export function priorityError(text: string): string | null {
  if (!/^\d+$/.test(text.trim())) return 'priority: a whole number from 1 (evaluated first) to 100';
  const n = Number(text.trim());
  return n >= 1 && n <= 100 ? null : 'priority: from 1 (evaluated first) to 100';
}
