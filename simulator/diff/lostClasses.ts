/**
 * Lost pairs that surely have the same blockers, so that `diff` traces one of them and gives its
 * blockers to the others (an emptied hub table loses thousands of pairs between a few vSwitches).
 *
 * The argument, on the terms of unchanged.ts (the edit changed only route entries, security-group
 * rules or policies, or network ACLs; no transit router; no duplicated instance ID). A lost pair
 * (s, d) was `reachable` in BEFORE, so its BEFORE trace wrote no blocker at all; a step of the AFTER
 * trace that reads only parts the edit left as they were gives the same again: no blocker. The
 * blockers of the pair therefore come from the steps that read a changed part, in trace order
 * (simulator/reach/trace.ts), and each of them reads
 *   - s's security groups, egress (when a group of s changed): s's groups and address, d;
 *   - routing from s's vSwitch (when its route table changed): that vSwitch, d (its address);
 *   - d's security groups, ingress (when a group of d changed): d's groups and address, s;
 *   - the reply's routing from d's vSwitch (when its route table changed): that vSwitch, s;
 *   - the network ACLs (when any ACL changed): both vSwitches and both addresses.
 * So when none of the steps that run reads s but through its vSwitch, every source of that
 * vSwitch has the same blockers toward d (and likewise for destinations): the class names the
 * vSwitch instead of the instance. A route table counts as unchanged for a vSwitch only when every
 * table of its VPC and the table it names are unchanged (whichever the simulator settles on, a
 * fallback to the system table included); a vSwitch ID held twice is never a class.
 */
import type { Topology } from '../document/schema';
import type { UnchangedSince } from '../intents/verdicts';

interface HolderFacts {
  readonly vSwitchId: string;
  /** A security group of the instance changed: its security-group steps run. */
  readonly groupsChanged: boolean;
  /** Its vSwitch's route table may have changed: routing from its vSwitch runs. */
  readonly tableChanged: boolean;
  /** Its vSwitch is one object of the document (not a duplicated ID): a class may name it. */
  readonly classable: boolean;
}

/**
 * The class of a lost pair of instances of `after` (IDs), or undefined when the pair is its own
 * class (a step reads both instances). Pairs of one class have equal blockers.
 */
export type LostPairClass = (from: string, to: string) => string | undefined;

export function lostPairClasses(after: Topology, unchanged: UnchangedSince): LostPairClass | null {
  // Every ACL step reads both addresses: no two pairs share their trace.
  if (!unchanged.networkAcls) return null;
  const vSwitchCount = new Map<string, number>();
  for (const s of after.vSwitches) vSwitchCount.set(s.vSwitchId, (vSwitchCount.get(s.vSwitchId) ?? 0) + 1);
  const vpcTablesUnchanged = new Map<string, boolean>();
  for (const table of after.routeTables)
    vpcTablesUnchanged.set(
      table.vpcId,
      (vpcTablesUnchanged.get(table.vpcId) ?? true) && unchanged.routeTable(table.routeTableId),
    );
  const vSwitches = new Map(after.vSwitches.map((s) => [s.vSwitchId, s]));
  const facts = new Map<string, HolderFacts>();
  for (const instance of after.instances) {
    if (facts.has(instance.instanceId)) continue;
    const vSwitch = vSwitches.get(instance.vSwitchId);
    const tableUnchanged =
      vSwitch !== undefined &&
      vpcTablesUnchanged.get(vSwitch.vpcId) !== false &&
      (vSwitch.routeTableId === undefined || unchanged.routeTable(vSwitch.routeTableId));
    facts.set(instance.instanceId, {
      vSwitchId: instance.vSwitchId,
      groupsChanged: instance.securityGroupIds.some((id) => !unchanged.securityGroup(id)),
      tableChanged: !tableUnchanged,
      classable: vSwitchCount.get(instance.vSwitchId) === 1,
    });
  }
  return (from, to) => {
    const s = facts.get(from);
    const d = facts.get(to);
    if (s === undefined || d === undefined) return undefined;
    const groups = s.groupsChanged || d.groupsChanged;
    // s is read beyond its vSwitch by its own and d's security-group steps and by the reply's routing.
    const readsSource = groups || d.tableChanged || !s.classable;
    // d is read beyond its vSwitch by the security-group steps and by the request's routing.
    const readsDestination = groups || s.tableChanged || !d.classable;
    if (readsSource && readsDestination) return undefined;
    return `${readsSource ? `i:${from}` : `v:${s.vSwitchId}`}\u0000${readsDestination ? `i:${to}` : `v:${d.vSwitchId}`}`;
  };
}
