/**
 * What a lost pair's trace can skip. A lost pair was `reachable` in BEFORE: its trace there passed
 * every step, writing no drop and no blocker. A step of the AFTER trace that reads only parts the
 * edit left as they were gives the same again, so only the steps that read a changed part need to
 * run for the blockers `diff --json` carries (simulator/reach `UnchangedSince`, trace.ts).
 *
 * The argument holds when the edit changed only
 *   - entries of route tables (same ID, VPC and type): routing from a vSwitch reads its own table
 *     and the network and links around it (router interfaces, peering connections, the vSwitches
 *     of the VPC it arrives in; no transit: steps/routing.ts), so a vSwitch whose table is
 *     unchanged routes as before;
 *   - rules, InnerAccessPolicy or names of security groups (same ID, VPC, type and owner): a
 *     holder's security-group step reads its own groups' rules and policy, the peer's memberships
 *     (instances and ENIs, unchanged) and the VPCs of referenced groups (unchanged); of the rules,
 *     only those the flow's protocol can match (`sameForProtocol`);
 *   - network ACLs: every ACL step then runs;
 * and nothing else a verdict reads (instances, ENIs, VPCs, vSwitches, router interfaces, peering
 * connections, prefix lists unchanged, so every endpoint step gives what it gave). Never with
 * transit routers (their routes are decided from more than one table), nor with a duplicated
 * instance ID (a pair is named by IDs). Otherwise null: every lost pair is traced in full.
 */
import type { Topology } from '../document/schema';
import type { UnchangedSince } from '../intents/verdicts';
import type { DocumentChanges } from './changes';
import { NOT_READ, sameApartFrom, sameForProtocol, transitRoutersOrDuplicates } from './narrow';

/** Fields of a security group that may change for its members' steps alone (narrow.ts uses the same). */
const GROUP_STEP_FIELDS = ['permissions', 'innerAccessPolicy', 'name'];

export function unchangedSince(before: Topology, changes: DocumentChanges, protocol?: string): UnchangedSince | null {
  const after = changes.shared;
  if (transitRoutersOrDuplicates(before, changes) !== null) return null;
  const tables = new Set<string>();
  const groups = new Set<string>();
  let networkAcls = true;
  for (const [key, change] of changes.changed) {
    if (NOT_READ.has(key)) continue;
    if (key === 'networkAcls') {
      networkAcls = false;
      continue;
    }
    if (change.kind !== 'elements' || (key !== 'routeTables' && key !== 'securityGroups')) return null;
    const was = before[key] as readonly unknown[] as readonly Record<string, unknown>[];
    const is = after[key] as readonly unknown[] as readonly Record<string, unknown>[];
    for (const i of change.positions) {
      const old = was[i]!;
      const now = is[i]!;
      if (key === 'routeTables') {
        if (!sameApartFrom(old, now, ['routeEntries'])) return null;
        tables.add(String(now.routeTableId));
      } else {
        if (!sameApartFrom(old, now, GROUP_STEP_FIELDS)) return null;
        // Only rules of other protocols than the flow's changed: its step decides as before (narrow.ts).
        if (!sameForProtocol(old, now, protocol)) groups.add(String(now.securityGroupId));
      }
    }
  }
  return {
    networkAcls,
    routeTable: (id) => !tables.has(id),
    securityGroup: (id) => !groups.has(id),
  };
}
