/**
 * The sandbox's CEN transit routers (aliyun-links.md §2): document-shaped records in
 * `WorldState.cen` (optional, so state files written before it existed still load), seeded from a
 * document's CEN arrays with live statuses filled in, and exported back to them — so an import
 * from the sandbox gives the seed's CEN.
 *
 * Simplifications (said, not hidden): read-only (no Create or Delete calls: vpclink does not apply
 * CEN); every resource belongs to the account that owns its CEN instance (cross-account VPC
 * attachments are listed to the CEN owner only); route tables list their seeded entries only —
 * no learned (Propagated) entries are synthesised from propagations.
 */
import type {
  CenInstance,
  Topology,
  TransitRouter,
  TransitRouterPeerAttachment,
  TransitRouterRouteTable,
  TransitRouterRouteTableLink,
  TransitRouterVpcAttachment,
} from '../../../simulator/document';
import type { WorldState } from '../world';

export interface CenState {
  cenInstances: CenInstance[];
  transitRouters: TransitRouter[];
  vpcAttachments: TransitRouterVpcAttachment[];
  peerAttachments: TransitRouterPeerAttachment[];
  routeTables: TransitRouterRouteTable[];
  associations: TransitRouterRouteTableLink[];
  propagations: TransitRouterRouteTableLink[];
}

/** Seeds the CEN records from a document (a live state: every status set, every entry with an ID). */
export function seedCen(state: WorldState, seed: Topology): void {
  const cens = seed.cenInstances ?? [];
  if (cens.length === 0 && (seed.transitRouters ?? []).length === 0) return;
  const clone = <T>(items: readonly T[] | undefined): T[] => structuredClone([...(items ?? [])]);
  const active = <T extends { status?: string }>(item: T, live: string): T => ({
    ...item,
    status: item.status ?? live,
  });
  state.cen = {
    cenInstances: clone(cens).map((c) => active(c, 'Active')),
    transitRouters: clone(seed.transitRouters).map((t) => active({ type: 'Enterprise', ...t }, 'Active')),
    vpcAttachments: clone(seed.transitRouterVpcAttachments).map((a) => active(a, 'Attached')),
    peerAttachments: clone(seed.transitRouterPeerAttachments).map((a) => active(a, 'Attached')),
    routeTables: clone(seed.transitRouterRouteTables).map((t) => ({
      ...t,
      transitRouterRouteTableType: t.transitRouterRouteTableType ?? 'Custom',
      transitRouterRouteTableStatus: t.transitRouterRouteTableStatus ?? 'Active',
      transitRouterRouteEntries: t.transitRouterRouteEntries.map((e, i) => ({
        ...e,
        transitRouterRouteEntryId: e.transitRouterRouteEntryId ?? `rte-${t.transitRouterRouteTableId}-${i + 1}`,
        transitRouterRouteEntryType: e.transitRouterRouteEntryType ?? 'Static',
        transitRouterRouteEntryStatus: e.transitRouterRouteEntryStatus ?? 'Active',
      })),
    })),
    associations: clone(seed.transitRouterRouteTableAssociations).map((l) => active(l, 'Active')),
    propagations: clone(seed.transitRouterRouteTablePropagations).map((l) => active(l, 'Active')),
  };
}

/** The CEN arrays of the exported document; none when the sandbox has no CEN. */
export function exportCen(state: WorldState): Partial<Topology> {
  const cen = state.cen;
  if (!cen) return {};
  return structuredClone({
    cenInstances: cen.cenInstances,
    transitRouters: cen.transitRouters,
    transitRouterVpcAttachments: cen.vpcAttachments,
    transitRouterPeerAttachments: cen.peerAttachments,
    transitRouterRouteTables: cen.routeTables,
    transitRouterRouteTableAssociations: cen.associations,
    transitRouterRouteTablePropagations: cen.propagations,
  });
}
