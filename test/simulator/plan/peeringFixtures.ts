/** The seed examples with their router-interface link replaced by a VPC peering connection. */
import type { Topology, VpcPeerConnection } from '../../../simulator/document';
import { baseOf, CROSS, loadExample } from './fixtures';

/** The document's ID of the connection (a design: the cloud assigns the real `pcc-…`). */
export const PCC = 'pcc-design0vpc1tovpc2';

/**
 * `example` connected by peering: no router interfaces, one connection from the first VPC
 * (requester) to the second, and every route via an interface re-pointed at it. `sameRegion`
 * moves the second VPC into the first one's region (an intra-region connection).
 */
export function peeringOf(
  example: 'cross-account' | 'same-account',
  options: { readonly sameRegion?: boolean; readonly bandwidth?: number } = {},
): Topology {
  const doc = loadExample(example);
  const [a, b] = doc.vpcs as [Topology['vpcs'][number], Topology['vpcs'][number]];
  const vpcs = options.sameRegion ? [a, { ...b, regionId: a.regionId }] : [a, b];
  const pcc: VpcPeerConnection = {
    instanceId: PCC,
    vpcId: a.vpcId,
    acceptingVpcId: b.vpcId,
    name: 'vpc1-to-vpc2',
    ...(options.bandwidth !== undefined ? { bandwidth: options.bandwidth } : {}),
  };
  return {
    ...doc,
    name: `${doc.name ?? ''} (peering)`,
    vpcs,
    routerInterfaces: [],
    vpcPeerConnections: [pcc],
    routeTables: doc.routeTables.map((t) => ({
      ...t,
      routeEntries: t.routeEntries.map((e) =>
        e.nextHopType === 'RouterInterface' ? { ...e, nextHopType: 'VpcPeer', nextHopId: PCC } : e,
      ),
    })),
  };
}

/** What the cloud holds before apply: the document without its connection, peering routes and rules. */
export function peeringBaseOf(doc: Topology): Topology {
  const base = baseOf(doc);
  return {
    ...base,
    vpcPeerConnections: [],
    routeTables: base.routeTables.map((t) => ({
      ...t,
      routeEntries: t.routeEntries.filter((e) => e.nextHopType !== 'VpcPeer'),
    })),
  };
}

/** `doc` as an import after apply: the connection under its live ID with `status`, routes Available. */
export function peeringAppliedOf(doc: Topology, liveId: string, status = 'Activated', bandwidth?: number): Topology {
  return {
    ...doc,
    vpcPeerConnections: (doc.vpcPeerConnections ?? []).map((p) => ({
      ...p,
      instanceId: liveId,
      acceptingOwnerUid: doc.vpcs.find((v) => v.vpcId === p.acceptingVpcId)!.accountId,
      acceptingRegionId: doc.vpcs.find((v) => v.vpcId === p.acceptingVpcId)!.regionId,
      status,
      ...(bandwidth !== undefined ? { bandwidth } : {}),
    })),
    routeTables: doc.routeTables.map((t) => ({
      ...t,
      routeEntries: t.routeEntries.map((e) =>
        e.nextHopType === 'VpcPeer' ? { ...e, nextHopId: liveId, status: 'Available' as const } : e,
      ),
    })),
  };
}

/** The cross-account example's IDs (the peering variant keeps them). */
export { CROSS };
