/**
 * Which of the laid-out nodes React Flow is given at the current zoom and place of the view.
 */
import { useStore as useFlowStore, type Node, type ReactFlowState } from '@xyflow/react';
import { useMemo } from 'react';
import type { LayoutResult } from './layout';
import type { ZoomBand } from './zoomBand';

export interface ShownNodes {
  readonly shownNodes: Node[];
  /**
   * 0: everything; 1: instances left out (zoom band 1: a 2,000-instance estate stays fluid);
   * 2: vSwitches and instances left out (band 0: an L estate fitted to the window, where vSwitches
   * are specks), leaving accounts, regions and VPCs.
   */
  readonly farOut: 0 | 1 | 2;
}

/**
 * Far-zoom detail and vSwitches/instances well away from the view are left out rather than
 * hidden: React Flow neither adopts nor measures them, and renders every node it is given once
 * (to measure its handles) even off screen, which at L would be thousands at every zoom step.
 * Given the zoom band, subscribes to the view's cell only, so panning within a cell re-renders nothing.
 */
export function useShownNodes(nodes: Node[], layout: LayoutResult | null, band: ZoomBand): ShownNodes {
  const farOut = band === 0 ? 2 : band === 1 ? 1 : 0;
  const cell = useFlowStore(viewCellSelector);
  const nearKey = farOut === 2 ? '' : cell;
  const near = useMemo(() => nearArea(nearKey), [nearKey]);
  const shownNodes = useMemo(() => {
    return nodes.filter((n) => {
      if (n.type !== 'instance' && n.type !== 'vSwitch') return true;
      if (farOut === 2 || (farOut === 1 && n.type === 'instance')) return false;
      const box = layout?.byId.get(n.id);
      return !near || !box || intersects(near, box);
    });
  }, [nodes, farOut, near, layout]);
  return { shownNodes, farOut };
}

/**
 * Where the view is, coarsely: the zoom rounded down to a power of two, and the cell (a square one
 * view wide at that zoom, in diagram units) holding the view's top-left corner. It changes when
 * the view crosses into another cell, not on every frame of a pan; '' while the pane has no size.
 */
export function viewCellSelector(s: ReactFlowState): string {
  const [tx, ty, zoom] = s.transform;
  if (!s.width || !s.height || !(zoom > 0)) return '';
  const size = Math.max(s.width, s.height) / 2 ** Math.floor(Math.log2(zoom));
  return `${Math.floor(-tx / zoom / size)} ${Math.floor(-ty / zoom / size)} ${size}`;
}

export interface Area {
  readonly x0: number;
  readonly y0: number;
  readonly x1: number;
  readonly y1: number;
}

/** The view's cell with one cell of margin all round (the view itself spans at most 2 × 2 cells); null: everywhere. */
export function nearArea(cell: string): Area | null {
  if (!cell) return null;
  const [cx, cy, size] = cell.split(' ').map(Number) as [number, number, number];
  return { x0: (cx - 1) * size, y0: (cy - 1) * size, x1: (cx + 3) * size, y1: (cy + 3) * size };
}

function intersects(area: Area, box: { absX: number; absY: number; width: number; height: number }): boolean {
  return box.absX < area.x1 && box.absX + box.width > area.x0 && box.absY < area.y1 && box.absY + box.height > area.y0;
}
