/**
 * The diagram's links: router-interface pairs, peering connections and transit-router attachments,
 * with the side of each VPC they leave from. An edit that changes no link keeps the very same edges.
 */
import { useMemo, useState } from 'react';
import type { Topology } from '../../simulator/document/schema';
import { effectiveRouterInterfaceStatus, pairProblems } from '../../simulator/model/pairing';
import { indexOf } from '../state';
import { currentDoc, type DrawnParts } from './drawnParts';
import type { LayoutResult } from './layout';
import { buildPeeringEdges } from './PeeringEdge';
import type { LinkEdgeType, RiEdgeType } from './RiEdge';
import { transitRouterEdges } from './transitRouters';

export function edgeSides(layout: LayoutResult, a: string, b: string): { sourceHandle: string; targetHandle: string } {
  const na = layout.byId.get(a);
  const nb = layout.byId.get(b);
  if (!na || !nb) return { sourceHandle: 'r', targetHandle: 'l' };
  const dx = nb.absX + nb.width / 2 - (na.absX + na.width / 2);
  const dy = nb.absY + nb.height / 2 - (na.absY + na.height / 2);
  if (Math.abs(dx) >= Math.abs(dy) * 0.6)
    return dx >= 0 ? { sourceHandle: 'r', targetHandle: 'l' } : { sourceHandle: 'l', targetHandle: 'r' };
  return dy >= 0 ? { sourceHandle: 'b', targetHandle: 't' } : { sourceHandle: 't', targetHandle: 'b' };
}

/** One edge per router-interface pair (or per interface whose peer is missing but whose opposite router is known). */
export function buildEdges(doc: Topology, layout: LayoutResult | null): RiEdgeType[] {
  const index = indexOf(doc);
  const edges: RiEdgeType[] = [];
  const done = new Set<string>();
  for (const ri of doc.routerInterfaces) {
    if (done.has(ri.routerInterfaceId)) continue;
    const localVpc = index.vpcByRouterId.get(ri.routerId);
    const peer =
      (ri.oppositeInterfaceId ? index.routerInterfaces.get(ri.oppositeInterfaceId) : undefined) ??
      doc.routerInterfaces.find(
        (r) => r.oppositeInterfaceId === ri.routerInterfaceId && !done.has(r.routerInterfaceId),
      );
    const peerVpc = peer
      ? index.vpcByRouterId.get(peer.routerId)
      : ri.oppositeRouterId
        ? index.vpcByRouterId.get(ri.oppositeRouterId)
        : undefined;
    if (!localVpc || !peerVpc || localVpc === peerVpc) continue;
    done.add(ri.routerInterfaceId);
    if (peer) done.add(peer.routerInterfaceId);
    const initiatorFirst = ri.role === 'InitiatingSide' || !peer;
    const [first, second] = initiatorFirst ? [ri, peer] : [peer!, ri];
    const [srcVpc, dstVpc] = initiatorFirst ? [localVpc, peerVpc] : [peerVpc, localVpc];
    const problems = pairProblems(ri, index);
    const status = effectiveRouterInterfaceStatus(first, index);
    const peerStatus = second ? effectiveRouterInterfaceStatus(second, index) : undefined;
    const state =
      problems.length > 0 || !second ? 'mismatch' : status === 'Active' && peerStatus === 'Active' ? 'active' : 'idle';
    const sides = layout ? edgeSides(layout, srcVpc.vpcId, dstVpc.vpcId) : { sourceHandle: 'r', targetHandle: 'l' };
    edges.push({
      id: `ri:${first.routerInterfaceId}`,
      type: 'ri',
      source: srcVpc.vpcId,
      target: dstVpc.vpcId,
      ...sides,
      zIndex: 5,
      ariaLabel: `Router-interface pair ${srcVpc.name ?? srcVpc.vpcId} to ${dstVpc.name ?? dstVpc.vpcId}`,
      data: {
        riIds: second ? [first.routerInterfaceId, second.routerInterfaceId] : [first.routerInterfaceId],
        spec: first.spec === 'Negative' && second ? second.spec : first.spec,
        state,
        statusText:
          state === 'mismatch'
            ? second
              ? 'mismatched'
              : 'no peer'
            : status === peerStatus || !peerStatus
              ? status
              : `${status} / ${peerStatus}`,
      },
    });
  }
  return edges;
}

/**
 * The previous edges where nothing about them changed: an edit elsewhere hands React Flow the same
 * edge objects (and the same array when no edge changed), so it neither re-adopts nor re-renders
 * them. (A new array made React Flow rebuild its edge lookups on every edit: ~30 ms on L.)
 */
function keepUnchangedEdges(previous: readonly LinkEdgeType[], next: LinkEdgeType[]): LinkEdgeType[] {
  const before = new Map(previous.map((e) => [e.id, e]));
  let changed = next.length !== previous.length;
  const kept = next.map((edge, n) => {
    const old = before.get(edge.id);
    if (old && sameEdge(old, edge)) {
      if (previous[n] !== old) changed = true;
      return old;
    }
    changed = true;
    return edge;
  });
  return changed ? kept : (previous as LinkEdgeType[]);
}

/** Every field the same value; `data` (a few strings and an array of IDs) compared field by field. */
function sameEdge(a: LinkEdgeType, b: LinkEdgeType): boolean {
  const x = a as unknown as Record<string, unknown>;
  const y = b as unknown as Record<string, unknown>;
  const keys = Object.keys(y);
  if (keys.length !== Object.keys(x).length) return false;
  return keys.every((key) => (key === 'data' ? sameData(x.data, y.data) : x[key] === y[key]));
}

function sameData(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  const keys = Object.keys(y);
  if (keys.length !== Object.keys(x).length) return false;
  return keys.every((key) => {
    const u = x[key];
    const v = y[key];
    if (u === v) return true;
    return Array.isArray(u) && Array.isArray(v) && u.length === v.length && u.every((item, n) => item === v[n]);
  });
}

/**
 * Router-interface pairs, peering connections and transit-router attachments: built from these
 * parts of the document only (buildEdges, buildPeeringEdges, transitRouterEdges read no other),
 * and the previous render's edge objects kept where nothing about them changed.
 */
export function useLinkEdges(drawn: DrawnParts, layout: LayoutResult | null): LinkEdgeType[] {
  const { vpcs, routerInterfaces } = drawn;
  const { vpcPeerConnections, transitRouters, transitRouterVpcAttachments, transitRouterPeerAttachments } = drawn;
  const built = useMemo(
    (): LinkEdgeType[] => {
      const doc = currentDoc();
      return [
        ...buildEdges(doc, layout),
        ...buildPeeringEdges(doc, (a, b) =>
          layout ? edgeSides(layout, a, b) : { sourceHandle: 'r', targetHandle: 'l' },
        ),
        ...transitRouterEdges(doc, layout),
      ];
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the parts the builders read, listed above
    [
      vpcs,
      routerInterfaces,
      vpcPeerConnections,
      transitRouters,
      transitRouterVpcAttachments,
      transitRouterPeerAttachments,
      layout,
    ],
  );
  // React's "adjust state when an input changes" pattern: the previous render's edges are the base.
  const [edgeState, setEdgeState] = useState({ built, edges: built });
  let edges = edgeState.edges;
  if (edgeState.built !== built) {
    edges = keepUnchangedEdges(edgeState.edges, built);
    setEdgeState({ built, edges });
  }
  return edges;
}
