/** A router-interface pair drawn between two VPCs: spec and state on the label, coloured by state. */
import {
  BaseEdge,
  EdgeLabelRenderer,
  getBezierPath,
  useStore as useFlowStore,
  type Edge,
  type EdgeProps,
  type ReactFlowState,
} from '@xyflow/react';
import { memo } from 'react';
import { useSim } from '../sim/simStore';
import { documentStore, useDoc } from '../state';
import { pathRole } from './highlight';
import { FindingBadge } from './nodes';
import { PeeringEdge, type PeeringEdgeType } from './PeeringEdge';

export type RiEdgeData = {
  /** The interfaces of the pair (one when the other end is missing). */
  readonly riIds: readonly string[];
  readonly spec: string;
  /** `active` green, `idle` grey, `mismatch` red (pairing problems). */
  readonly state: 'active' | 'idle' | 'mismatch';
  readonly statusText: string;
};
export type RiEdgeType = Edge<RiEdgeData>;

/** Zoomed out this far the label's text is unreadable (under 3 px); hundreds of them only slow panning. */
const labelHiddenSelector = (s: ReactFlowState) => s.transform[2] < 0.22;

export const RiEdge = memo(function RiEdge(props: EdgeProps<RiEdgeType>) {
  const { id, sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, data } = props;
  const riIds = data?.riIds ?? [];
  const role = useSim((s) => pathRole(s.check, riIds));
  const selected = useDoc((s) => riIds.some((r) => s.selection.includes(r)));
  const labelHidden = useFlowStore(labelHiddenSelector);
  const [path, labelX, labelY] = getBezierPath({ sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition });
  const state = data?.state ?? 'idle';
  const cls = `ri-edge ri-${state}${role ? ` path-${role}` : ''}${selected ? ' selected' : ''}`;
  return (
    <>
      <BaseEdge id={id} path={path} className={cls} interactionWidth={18} />
      {!labelHidden && (
        <EdgeLabelRenderer>
          <div
            className={`nodrag nopan ri-label ri-label-${state}${role ? ` path-${role}` : ''}${selected ? ' selected' : ''}`}
            style={{ transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)`, zIndex: 1000 }}
            data-testid={`ri-edge-${riIds[0] ?? id}`}
            title={riIds.join(' ↔ ')}
            onClick={(e) => {
              e.stopPropagation();
              documentStore.getState().select(riIds.slice(0, 1));
            }}
          >
            <span className={`ri-dot ri-dot-${state}`} />
            <span className="mono">{data?.spec}</span>
            <span className="ri-status">{data?.statusText}</span>
            {riIds.map((r) => (
              <FindingBadge key={r} id={r} />
            ))}
          </div>
        </EdgeLabelRenderer>
      )}
    </>
  );
});

export const EDGE_TYPES = { ri: RiEdge, peering: PeeringEdge };

/** Every edge the diagram draws: router-interface pairs and peering connections. */
export type LinkEdgeType = RiEdgeType | PeeringEdgeType;
