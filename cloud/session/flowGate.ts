/**
 * The apply gate's question: after this plan, which flows across the document's own links would
 * the simulator still see fail? A ping between instances of two VPCs joined by a router-interface
 * pair or a peering connection is what the user connects them for; when the plan's simulated end
 * state (the desired document) does not reach, applying creates billed links that carry nothing
 * (the issue "Apply is offered while the simulated ping still fails, with no warning"). Flows the
 * plan turns from reachable to not are failing too. The app shows these before Apply and asks a
 * second time; pure and deterministic.
 */
import type { Topology } from '../../simulator/document';
import { buildTopologyIndex } from '../../simulator/model';
import { verdictOf, type ReachabilityChange } from '../../simulator/plan';
import { createReachability } from '../../simulator/reach';

export interface FailingFlow {
  readonly from: string;
  readonly to: string;
  readonly protocol: 'icmp';
  /** `unknown` when the simulator cannot say (undetermined): never counted as reaching. */
  readonly verdict: 'unreachable' | 'unknown';
  /** Why it is listed: across a link of the document, or reachable before this plan. */
  readonly reason: 'linked' | 'lost';
}

/** Above this many linked flows only the first ones are simulated (the gate is a warning, not a proof). */
const MAX_GATE_FLOWS = 2_000;

/** Unordered pairs of VPC IDs joined by a router-interface pair or a peering connection. */
function linkedVpcPairs(document: Topology): [string, string][] {
  const index = buildTopologyIndex(document);
  const seen = new Set<string>();
  const pairs: [string, string][] = [];
  const add = (a: string | undefined, b: string | undefined) => {
    if (!a || !b || a === b) return;
    const key = [a, b].sort().join('\u0000');
    if (seen.has(key)) return;
    seen.add(key);
    pairs.push([a, b]);
  };
  for (const ri of document.routerInterfaces) {
    if (ri.oppositeRouterType === 'VBR' || !ri.oppositeRouterId) continue;
    add(index.vpcByRouterId.get(ri.routerId)?.vpcId, index.vpcByRouterId.get(ri.oppositeRouterId)?.vpcId);
  }
  for (const peering of document.vpcPeerConnections ?? []) add(peering.vpcId, peering.acceptingVpcId);
  return pairs;
}

export function failingFlows(desired: Topology, delta: readonly ReachabilityChange[]): FailingFlow[] {
  const vpcOfVSwitch = new Map(desired.vSwitches.map((s) => [s.vSwitchId, s.vpcId]));
  const instancesOf = (vpcId: string) =>
    desired.instances.filter((i) => vpcOfVSwitch.get(i.vSwitchId) === vpcId).map((i) => i.instanceId);
  const out: FailingFlow[] = [];
  const listed = new Set<string>();
  const reach = createReachability(desired);
  let evaluated = 0;
  for (const [a, b] of linkedVpcPairs(desired)) {
    const left = instancesOf(a);
    const right = instancesOf(b);
    for (const [from, to] of [
      ...left.flatMap((x) => right.map((y) => [x, y] as const)),
      ...right.flatMap((y) => left.map((x) => [y, x] as const)),
    ]) {
      if (++evaluated > MAX_GATE_FLOWS) break;
      const verdict = verdictOf(reach, from, to);
      if (verdict === 'reachable') continue;
      listed.add(`${from}\u0000${to}`);
      out.push({ from, to, protocol: 'icmp', verdict, reason: 'linked' });
    }
  }
  for (const change of delta) {
    if (change.before !== 'reachable' || change.after === 'reachable') continue;
    if (listed.has(`${change.from}\u0000${change.to}`)) continue;
    out.push({ from: change.from, to: change.to, protocol: 'icmp', verdict: change.after, reason: 'lost' });
  }
  return out;
}
