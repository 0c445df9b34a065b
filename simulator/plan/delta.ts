/**
 * The reachability delta of a plan: which of the document's flows (a ping between two instances)
 * change verdict once the plan is done. Compares the simulator's verdict on the state before
 * (current) with the state the plan reaches (desired, or current minus what teardown removes).
 */
import type { Topology } from '../document/schema';
import { createReachability } from '../reach';
import type { FlowVerdict, ReachabilityChange } from './types';

/** Above this many ordered pairs the delta is computed for the first ones only (big estates). */
export const MAX_DELTA_FLOWS = 20_000;

/**
 * Ordered pairs of instances (from the union of both documents, in document order) where at least
 * one end sits in a VPC the plan touches — a flow between two untouched VPCs cannot change.
 */
export function reachabilityDelta(
  before: Topology,
  after: Topology,
  touchedVpcIds: ReadonlySet<string>,
): ReachabilityChange[] {
  if (touchedVpcIds.size === 0) return [];
  const vpcOfInstance = new Map<string, string>();
  const order: string[] = [];
  for (const doc of [after, before]) {
    const vpcOfVSwitch = new Map(doc.vSwitches.map((s) => [s.vSwitchId, s.vpcId]));
    for (const instance of doc.instances) {
      if (vpcOfInstance.has(instance.instanceId)) continue;
      vpcOfInstance.set(instance.instanceId, vpcOfVSwitch.get(instance.vSwitchId) ?? '');
      order.push(instance.instanceId);
    }
  }
  const beforeReach = createReachability(before);
  const afterReach = createReachability(after);
  const changes: ReachabilityChange[] = [];
  let evaluated = 0;
  for (const from of order) {
    for (const to of order) {
      if (from === to) continue;
      if (!touchedVpcIds.has(vpcOfInstance.get(from) ?? '') && !touchedVpcIds.has(vpcOfInstance.get(to) ?? ''))
        continue;
      if (++evaluated > MAX_DELTA_FLOWS) return changes;
      const was = verdictOf(beforeReach, from, to);
      const will = verdictOf(afterReach, from, to);
      if (was !== will) changes.push({ from, to, protocol: 'icmp', before: was, after: will });
    }
  }
  return changes;
}

type Reach = ReturnType<typeof createReachability>;

/** The ping verdict of one flow on one document; `unknown` when the simulator cannot evaluate it there. */
export function verdictOf(reach: Reach, from: string, to: string): FlowVerdict {
  const result = reach.check({ from, to, protocol: 'icmp', port: null }) as { kind?: string; verdict?: string };
  if (result.verdict === 'reachable') return 'reachable';
  if (result.verdict === 'unreachable') return 'unreachable';
  return 'unknown';
}
