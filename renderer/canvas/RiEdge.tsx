/** A router-interface pair drawn between two VPCs: spec and state on the label, coloured by state. */
import { BaseEdge, type Edge } from '@xyflow/react';
import { memo } from 'react';
import { documentStore, useDoc } from '../state';
import { pathRole } from './highlight';
import { hitWidth, LinkGroup, type LinkLabelProps, type LinkPathProps } from './linkParts';
import { FindingBadge } from './nodes';
import { useShownCheck } from './shownCheck';
import type { PeeringEdgeType } from './PeeringEdge';

export type RiEdgeData = {
  /** The interfaces of the pair (one when the other end is missing). */
  readonly riIds: readonly string[];
  readonly spec: string;
  /** `active` green, `idle` grey, `mismatch` red (pairing problems). */
  readonly state: 'active' | 'idle' | 'mismatch';
  readonly statusText: string;
};
export type RiEdgeType = Edge<RiEdgeData>;

const NO_IDS: readonly string[] = [];

function useRiLook(edge: RiEdgeType) {
  const riIds = edge.data?.riIds ?? NO_IDS;
  const role = useShownCheck((s) => pathRole(s.check, riIds));
  const selected = useDoc((s) => riIds.some((r) => s.selection.includes(r)));
  const state = edge.data?.state ?? 'idle';
  return { riIds, state, marks: `${role ? ` path-${role}` : ''}${selected ? ' selected' : ''}` };
}

export const RiPath = memo(function RiPath({ edge, path, onClick, hit }: LinkPathProps<RiEdgeType>) {
  const { state, marks } = useRiLook(edge);
  return (
    <LinkGroup edge={edge} onClick={onClick}>
      <BaseEdge id={edge.id} path={path} className={`ri-edge ri-${state}${marks}`} interactionWidth={hitWidth(hit)} />
    </LinkGroup>
  );
});

export const RiLabel = memo(function RiLabel({ edge, x, y }: LinkLabelProps<RiEdgeType>) {
  const { riIds, state, marks } = useRiLook(edge);
  const data = edge.data;
  return (
    <div
      className={`nodrag nopan ri-label ri-label-${state}${marks}`}
      style={{ transform: `translate(-50%, -50%) translate(${x}px, ${y}px)`, zIndex: 1000 }}
      data-testid={`ri-edge-${riIds[0] ?? edge.id}`}
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
  );
});

/** Every edge the diagram draws: router-interface pairs, peering connections (and transit-router attachments, as RiEdgeType). */
export type LinkEdgeType = RiEdgeType | PeeringEdgeType;
