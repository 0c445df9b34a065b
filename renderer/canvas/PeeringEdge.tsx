/**
 * A VPC peering connection drawn between its two VPCs: a teal double-weight line (router-interface
 * pairs are thin green/grey), labelled "Peering" with its bandwidth and status, coloured by status.
 * The edge's ID is the connection's `pcc-…` ID, so clicking or pressing Enter on it selects it.
 */
import {
  BaseEdge,
  EdgeLabelRenderer,
  getBezierPath,
  Panel,
  useStore as useFlowStore,
  type Edge,
  type EdgeProps,
  type ReactFlowState,
} from '@xyflow/react';
import { memo } from 'react';
import type { Topology } from '../../simulator/document/schema';
import { useSim } from '../sim/simStore';
import { documentStore, indexOf, useDoc } from '../state';
import { peeringBandwidthText, peeringStatus } from '../store/links';
import { pathRole } from './highlight';
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

const labelHiddenSelector = (s: ReactFlowState) => s.transform[2] < 0.22;

export const PeeringEdge = memo(function PeeringEdge(props: EdgeProps<PeeringEdgeType>) {
  const { id, sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, data } = props;
  const role = useSim((s) => pathRole(s.check, [id]));
  const selected = useDoc((s) => s.selection.includes(id));
  const labelHidden = useFlowStore(labelHiddenSelector);
  const [path, labelX, labelY] = getBezierPath({ sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition });
  const state = data?.state ?? 'pending';
  const cls = `ri-edge peer-edge peer-${state}${role ? ` path-${role}` : ''}${selected ? ' selected' : ''}`;
  return (
    <>
      <BaseEdge id={id} path={path} className={cls} interactionWidth={18} />
      {!labelHidden && (
        <EdgeLabelRenderer>
          <div
            className={`nodrag nopan ri-label peer-label peer-label-${state}${role ? ` path-${role}` : ''}${selected ? ' selected' : ''}`}
            style={{ transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)`, zIndex: 1000 }}
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
        </EdgeLabelRenderer>
      )}
    </>
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
