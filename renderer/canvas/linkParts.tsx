/**
 * What every link drawn by the canvas's link layer (LinkLayer.tsx) shares: the element that makes
 * it a link for the user — focusable, named, clickable, with React Flow's class names so that
 * React Flow's edge styles and the app's own (styles.css, links.css) apply as they always did.
 */
import type { Edge } from '@xyflow/react';
import type { MouseEvent, ReactNode } from 'react';

export type LinkClick = (event: MouseEvent, edge: Edge) => void;

export interface LinkPathProps<E extends Edge> {
  readonly edge: E;
  /** The SVG path (React Flow's bezier between the two handles). */
  readonly path: string;
  readonly onClick: LinkClick;
  /**
   * Whether the link has its wide, invisible stroke that takes the pointer: only where a click can
   * aim at it (in view, zoomed in enough to tell links apart: LinkLayer.tsx). Elsewhere the line
   * takes clicks on its own stroke and stays focusable and named.
   */
  readonly hit: boolean;
}

/** The width of the invisible stroke that takes a link's clicks (as React Flow's edges: 20 by default). */
export function hitWidth(hit: boolean): number {
  return hit ? 18 : 0;
}

export interface LinkLabelProps<E extends Edge> {
  readonly edge: E;
  /** The middle of the path, in diagram coordinates. */
  readonly x: number;
  readonly y: number;
}

/** As React Flow's edge wrapper: role, name and `data-id` (the canvas's Enter/Space handler reads it). */
export function LinkGroup({
  edge,
  onClick,
  children,
}: {
  readonly edge: Edge;
  readonly onClick: LinkClick;
  readonly children: ReactNode;
}) {
  return (
    <g
      className={`react-flow__edge react-flow__edge-${edge.type ?? 'default'}${edge.className ? ` ${edge.className}` : ''}`}
      data-id={edge.id}
      data-testid={`rf__edge-${edge.id}`}
      tabIndex={0}
      role="group"
      aria-roledescription="edge"
      aria-label={edge.ariaLabel ?? `Edge from ${edge.source} to ${edge.target}`}
      onClick={(event) => onClick(event, edge)}
    >
      {children}
    </g>
  );
}
