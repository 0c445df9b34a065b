/**
 * A VPC peering connection drawn between its two VPCs: a teal double-weight line (router-interface
 * pairs are thin green/grey), labelled "Peering" with its bandwidth and status, coloured by status.
 * The edge's ID is the connection's `pcc-…` ID, so clicking or pressing Enter on it selects it.
 */
import { BaseEdge, Panel, type Edge } from '@xyflow/react';
import { memo } from 'react';
import type { Topology } from '../../simulator/document/schema';
import { documentStore, indexOf, useDoc } from '../state';
import { peeringBandwidthText, peeringStatus } from '../store/links';
import { pathRole } from './highlight';
import { useShownCheck } from './shownCheck';
import { hitWidth, LinkGroup, type LinkLabelProps, type LinkPathProps } from './linkParts';
import { FindingBadge } from './nodes';
import './links.css';

export type PeeringEdgeData = {
  readonly instanceId: string;
  readonly state: 'active' | 'pending' | 'broken';
  readonly statusText: string;
  readonly bandwidthText: string;
};
export type PeeringEdgeType = Edge<PeeringEdgeData, 'peering'>;

type Sides = { readonly sourceHandle: string; readonly targetHandle: string };

/** One edge per peering connection whose two VPCs are both in the document. */
export function buildPeeringEdges(doc: Topology, sides: (a: string, b: string) => Sides): PeeringEdgeType[] {
  const edges: PeeringEdgeType[] = [];
  const connections = doc.vpcPeerConnections ?? [];
  if (connections.length === 0) return edges;
  const vpcs = indexOf(doc).vpcs;
  for (const connection of connections) {
    const a = vpcs.get(connection.vpcId);
    const b = vpcs.get(connection.acceptingVpcId);
    if (!a || !b || a === b) continue;
    const status = peeringStatus(doc, connection, vpcs);
    edges.push({
      id: connection.instanceId,
      type: 'peering',
      source: a.vpcId,
      target: b.vpcId,
      ...sides(a.vpcId, b.vpcId),
      zIndex: 5,
      ariaLabel: `VPC peering connection ${a.name ?? a.vpcId} to ${b.name ?? b.vpcId}, ${status.word}`,
      data: {
        instanceId: connection.instanceId,
        state: status.state,
        statusText: status.word,
        bandwidthText: peeringBandwidthText(doc, connection, vpcs),
      },
    });
  }
  return edges;
}

function usePeeringLook(edge: PeeringEdgeType) {
  const id = edge.id;
  const role = useShownCheck((s) => pathRole(s.check, [id]));
  const selected = useDoc((s) => s.selection.includes(id));
  const state = edge.data?.state ?? 'pending';
  return { state, marks: `${role ? ` path-${role}` : ''}${selected ? ' selected' : ''}` };
}

export const PeeringPath = memo(function PeeringPath({ edge, path, onClick, hit }: LinkPathProps<PeeringEdgeType>) {
  const { state, marks } = usePeeringLook(edge);
  return (
    <LinkGroup edge={edge} onClick={onClick}>
      <BaseEdge
        id={edge.id}
        path={path}
        className={`ri-edge peer-edge peer-${state}${marks}`}
        interactionWidth={hitWidth(hit)}
      />
    </LinkGroup>
  );
});

export const PeeringLabel = memo(function PeeringLabel({ edge, x, y }: LinkLabelProps<PeeringEdgeType>) {
  const { state, marks } = usePeeringLook(edge);
  const { id, data } = edge;
  return (
    <div
      className={`nodrag nopan ri-label peer-label peer-label-${state}${marks}`}
      style={{ transform: `translate(-50%, -50%) translate(${x}px, ${y}px)`, zIndex: 1000 }}
      data-testid={`peer-edge-${id}`}
      data-state={state}
      title={`${id}: ${data?.statusText ?? ''}`}
      onClick={(e) => {
        e.stopPropagation();
        documentStore.getState().select([id]);
      }}
    >
      <span className="peer-tag">Peering</span>
      <span className="mono">{data?.bandwidthText}</span>
      <span className="ri-status">{data?.statusText}</span>
      <FindingBadge id={id} />
    </div>
  );
});

/** What the two kinds of line mean, in the corner of the diagram while it has any link. */
export function LinkLegend() {
  const kinds = {
    ri: useDoc((s) => s.doc.routerInterfaces.length > 0),
    peering: useDoc((s) => (s.doc.vpcPeerConnections ?? []).length > 0),
  };
  if (!kinds.ri && !kinds.peering) return null;
  return (
    <Panel position="bottom-center" className="link-legend" data-testid="link-legend" aria-label="Legend of the links">
      {kinds.peering && (
        <div>
          <svg width="28" height="8" aria-hidden="true">
            <line x1="0" y1="4" x2="28" y2="4" className="legend-peer" />
          </svg>
          VPC peering
        </div>
      )}
      {kinds.ri && (
        <div>
          <svg width="28" height="8" aria-hidden="true">
            <line x1="0" y1="4" x2="28" y2="4" className="legend-ri" />
          </svg>
          Router-interface pair
        </div>
      )}
    </Panel>
  );
}
