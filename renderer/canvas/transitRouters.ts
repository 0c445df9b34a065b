/**
 * CEN transit routers on the canvas (README "CEN transit routers"): one hub node per transit
 * router, in a row below the laid-out accounts (a transit router belongs to no VPC, and its CEN's
 * owner may have no region box where it sits), each centred under the VPCs it attaches; VPC
 * attachments are edges hub → VPC, peer attachments edges hub ↔ hub. Positions stored in the
 * document (`layout.positions`) win, like every other node's.
 */
import type { Topology } from '../../simulator/document/schema';
import type { LaidOutNode, LayoutResult } from './layout';
import type { RiEdgeType } from './RiEdge';

export const TR_SIZE = { width: 200, height: 58 } as const;
const ROW_GAP = 70;
const NODE_GAP = 40;

/** The layout with a hub node per transit router of the document (the same layout when there is none). */
export function withTransitRouters(doc: Topology, layout: LayoutResult): LayoutResult {
  const routers = doc.transitRouters ?? [];
  if (routers.length === 0) return layout;
  const attachments = doc.transitRouterVpcAttachments ?? [];
  const positions = doc.layout?.positions ?? {};
  const top = layout.height + ROW_GAP;
  // Wanted x: the centre of the attached VPCs; then left to right without overlaps.
  const wanted = routers.map((tr, order) => {
    const vpcs = attachments
      .filter((a) => a.transitRouterId === tr.transitRouterId)
      .map((a) => layout.byId.get(a.vpcId))
      .filter((n): n is LaidOutNode => n !== undefined);
    const centre = vpcs.length
      ? vpcs.reduce((sum, n) => sum + n.absX + n.width / 2, 0) / vpcs.length
      : order * (TR_SIZE.width + NODE_GAP) + TR_SIZE.width / 2;
    return { tr, x: centre - TR_SIZE.width / 2 };
  });
  wanted.sort((a, b) => a.x - b.x || (a.tr.transitRouterId < b.tr.transitRouterId ? -1 : 1));
  const added: LaidOutNode[] = [];
  let nextFree = -Infinity;
  for (const { tr, x } of wanted) {
    const stored = positions[tr.transitRouterId];
    const placedX = stored ? stored.x : Math.max(x, nextFree, 0);
    const placedY = stored ? stored.y : top;
    if (!stored) nextFree = placedX + TR_SIZE.width + NODE_GAP;
    added.push({
      id: tr.transitRouterId,
      kind: 'transitRouter',
      x: placedX,
      y: placedY,
      absX: placedX,
      absY: placedY,
      width: TR_SIZE.width,
      height: TR_SIZE.height,
      label: tr.transitRouterName ?? tr.transitRouterId,
    });
  }
  const byId = new Map(layout.byId);
  for (const n of added) byId.set(n.id, n);
  return {
    nodes: [...layout.nodes, ...added],
    byId,
    width: Math.max(layout.width, ...added.map((n) => n.absX + n.width)),
    height: Math.max(layout.height, ...added.map((n) => n.absY + n.height)),
  };
}

/** Handles facing each other: the hub's top toward a VPC above it, sides toward another hub. */
function sides(layout: LayoutResult | null, from: string, to: string): { sourceHandle: string; targetHandle: string } {
  const a = layout?.byId.get(from);
  const b = layout?.byId.get(to);
  if (!a || !b) return { sourceHandle: 't', targetHandle: 'b' };
  const dx = b.absX + b.width / 2 - (a.absX + a.width / 2);
  const dy = b.absY + b.height / 2 - (a.absY + a.height / 2);
  if (Math.abs(dx) > Math.abs(dy))
    return dx > 0 ? { sourceHandle: 'r', targetHandle: 'l' } : { sourceHandle: 'l', targetHandle: 'r' };
  return dy < 0 ? { sourceHandle: 't', targetHandle: 'b' } : { sourceHandle: 'b', targetHandle: 't' };
}

/**
 * An edge per attachment whose ends are on the canvas. Drawn as React Flow's default edge with a
 * label; the edge's data names the attachment (a click selects it).
 */
export function transitRouterEdges(doc: Topology, layout: LayoutResult | null): RiEdgeType[] {
  const routers = new Set((doc.transitRouters ?? []).map((t) => t.transitRouterId));
  const vpcs = new Set(doc.vpcs.map((v) => v.vpcId));
  const edges: RiEdgeType[] = [];
  const edge = (id: string, source: string, target: string, label: string, status: string | undefined) => {
    const attached = status === undefined || status === 'Attached';
    edges.push({
      id: `tr:${id}`,
      type: 'default',
      source,
      target,
      ...sides(layout, source, target),
      zIndex: 5,
      label,
      className: `tr-edge${attached ? '' : ' tr-edge-down'}`,
      ariaLabel: `Transit-router attachment ${label}`,
      data: { riIds: [id], spec: 'CEN', state: attached ? 'active' : 'idle', statusText: status ?? 'Attached' },
    });
  };
  for (const a of doc.transitRouterVpcAttachments ?? [])
    if (routers.has(a.transitRouterId) && vpcs.has(a.vpcId))
      edge(
        a.transitRouterAttachmentId,
        a.transitRouterId,
        a.vpcId,
        a.transitRouterAttachmentName ?? a.transitRouterAttachmentId,
        a.status,
      );
  for (const a of doc.transitRouterPeerAttachments ?? [])
    if (routers.has(a.transitRouterId) && routers.has(a.peerTransitRouterId))
      edge(
        a.transitRouterAttachmentId,
        a.transitRouterId,
        a.peerTransitRouterId,
        a.transitRouterAttachmentName ?? a.transitRouterAttachmentId,
        a.status,
      );
  return edges;
}

/** What of the transit routers the canvas draws, for the layout key: a change re-lays out. */
export function transitRouterLayoutKey(doc: Pick<Topology, 'transitRouters' | 'transitRouterVpcAttachments'>): unknown {
  return [
    (doc.transitRouters ?? []).map((t) => [t.transitRouterId, t.transitRouterName]),
    (doc.transitRouterVpcAttachments ?? []).map((a) => [a.transitRouterAttachmentId, a.transitRouterId, a.vpcId]),
  ];
}
