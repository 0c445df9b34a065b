/**
 * Peering connections vpclink made for this document that the document no longer has, in an
 * apply plan: the routes still pointing at them go first (serialised per VPC), then delete →
 * wait gone (aliyun-links.md §1.6; peeringChanges.ts builds the teardown steps).
 */
import { normaliseCidr } from './identity';
import { markedVpcPeerConnections, pushPeeringTeardown, vpcPeerKey, vpcPeerKeyText } from './peeringChanges';
import { pushStep, type PlanState } from './planState';
import { pushRouteDeletion } from './routeSteps';

/**
 * Connections vpclink made for this document (Description marker) that the document no longer
 * has, and that no route the document keeps points at: the routes that still point at them
 * (serialised per VPC) → delete → wait gone (aliyun-links.md §1.6). Runs after planRoutes, so
 * the marked routes it already removes are waited for, not deleted twice.
 */
export function planPeeringRemovals(state: PlanState): void {
  const kept = new Set(
    [...state.peerings.liveIds.values()].concat(
      state.desired.routeTables.flatMap((t) =>
        t.routeEntries.filter((e) => e.nextHopType === 'VpcPeer').map((e) => e.nextHopId),
      ),
    ),
  );
  const wantedPairs = new Set(
    (state.desired.vpcPeerConnections ?? []).flatMap((p) => [
      `${p.vpcId}|${p.acceptingVpcId}`,
      `${p.acceptingVpcId}|${p.vpcId}`,
    ]),
  );
  for (const live of markedVpcPeerConnections(state.current, state.marker)) {
    if (kept.has(live.instanceId) || wantedPairs.has(`${live.vpcId}|${live.acceptingVpcId}`)) continue;
    const key = vpcPeerKey(live, state.c);
    if (!key) continue;
    const afterRoutes = removeRoutesThrough(state, live.instanceId);
    state.touchedVpcs.add(live.vpcId);
    state.touchedVpcs.add(live.acceptingVpcId);
    pushPeeringTeardown(
      (step) => pushStep(state, step),
      [{ peering: { instanceId: live.instanceId, key }, idKey: vpcPeerKeyText(key), status: live.status }],
      [...new Set(afterRoutes)],
    );
  }
}

/**
 * The live routes that point at connection `instanceId`: deleted unless the plan already deletes
 * them. Returns the waits (one per route) the connection's deletion follows.
 */
function removeRoutesThrough(state: PlanState, instanceId: string): string[] {
  const afterRoutes: string[] = [];
  for (const table of state.current.routeTables) {
    const vpc = state.c.vpcs.get(table.vpcId);
    if (!vpc) continue;
    for (const entry of table.routeEntries) {
      if (entry.nextHopType !== 'VpcPeer' || entry.nextHopId !== instanceId) continue;
      const destination = normaliseCidr(entry.destinationCidrBlock);
      const waitId = `wait-route-gone:${table.routeTableId}:${destination}`;
      if (!state.steps.some((s) => s.id === waitId)) {
        state.touchedVpcs.add(vpc.vpcId);
        pushRouteDeletion(
          state,
          vpc,
          {
            routeTableId: table.routeTableId,
            destinationCidrBlock: destination,
            nextHopType: 'VpcPeer',
            nextHopId: instanceId,
          },
          `Delete route ${destination} → ${instanceId} in ${table.routeTableId} (it points at a peering connection being deleted)`,
        );
      }
      afterRoutes.push(waitId);
    }
  }
  return afterRoutes;
}
