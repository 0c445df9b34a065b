/**
 * How much of the diagram is drawn at the current zoom, as one of four bands. The canvas subscribes
 * to React Flow's store once for it and hands it down by context: a selector per node and per link
 * ran on every frame of a pan (React Flow's store changes with each move of the view), hundreds of
 * them on a large estate, to learn that nothing had changed.
 */
import { createContext, useContext } from 'react';
import type { ReactFlowState } from '@xyflow/react';

/**
 * 0: below 0.12, groups and VPCs only (vSwitches are specks); 1: below 0.22, vSwitches as boxes,
 * VPCs as boxes without their header and links without labels (text under 3 px); 2: below 0.4,
 * instances as plain boxes; 3: everything in full.
 */
export type ZoomBand = 0 | 1 | 2 | 3;

export const zoomBandSelector = (s: ReactFlowState): ZoomBand => {
  const zoom = s.transform[2];
  return zoom < 0.12 ? 0 : zoom < 0.22 ? 1 : zoom < 0.4 ? 2 : 3;
};

export const ZoomBandContext = createContext<ZoomBand>(3);

export function useZoomBand(): ZoomBand {
  return useContext(ZoomBandContext);
}
