import type { Topology } from '../../simulator/document/schema';
import { documentStore } from '../state';
import type { DocumentState } from '../store/documentStore';

/**
 * What the canvas draws from the document, and nothing else: the nodes' layout (accounts, VPCs,
 * vSwitches, instances, stored positions) and the links (router-interface pairs, peering
 * connections, transit routers). An edit elsewhere — a rule, a route, an ACL entry, an intent, a
 * one-click fix — keeps every one of these the very same array, so the canvas does not re-render
 * at all and nothing of it (edges, React Flow's lookups, the minimap) stands between the edit
 * and its verdict. (Each node reads its own record from the store: nodes.tsx.)
 */
export function drawnParts(s: DocumentState) {
  const d = s.doc;
  return {
    accounts: d.accounts,
    vpcs: d.vpcs,
    vSwitches: d.vSwitches,
    instances: d.instances,
    routerInterfaces: d.routerInterfaces,
    layout: d.layout,
    vpcPeerConnections: d.vpcPeerConnections,
    transitRouters: d.transitRouters,
    transitRouterVpcAttachments: d.transitRouterVpcAttachments,
    transitRouterPeerAttachments: d.transitRouterPeerAttachments,
  };
}

/** The current document; read where `drawnParts` already decided that what is read has changed. */
export const currentDoc = (): Topology => documentStore.getState().doc;

export type DrawnParts = ReturnType<typeof drawnParts>;
