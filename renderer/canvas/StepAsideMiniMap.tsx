import { MiniMap, useStore as useFlowStore, type Node, type ReactFlowState } from '@xyflow/react';
import { useEffect, useState } from 'react';
import { useShownCheck } from './shownCheck';

/**
 * The minimap steps aside while blockers are drawn (BlockerCallouts.tsx): it would cover their callouts and Fix buttons.
 * It is hidden, not unmounted: on a large estate re-creating its shapes delayed the verdict of
 * every edit that adds or removes a blocker. Its own component, so a verdict re-renders it and
 * not the whole canvas.
 */
export function StepAsideMiniMap() {
  const showsBlockers = useShownCheck((s) => s.check?.kind === 'result' && s.check.blockers.length > 0);
  if (!useDrawnOnce()) return null;
  // The wrapper is not positioned: the minimap's panel still places itself in the canvas.
  return (
    <div aria-hidden={showsBlockers || undefined}>
      <MiniMap
        pannable
        zoomable
        position="bottom-right"
        nodeColor={miniMapColor}
        nodeStrokeWidth={1}
        maskColor="var(--minimap-mask)"
        style={showsBlockers ? MINIMAP_HIDDEN : MINIMAP_SHOWN}
      />
    </div>
  );
}

/**
 * Whether the diagram's first nodes have been painted: the minimap, an overview of what the
 * diagram already shows, joins a frame later instead of adding its shapes (one per node: 331 on L)
 * to the frame that first draws the diagram.
 */
function useDrawnOnce(): boolean {
  const hasNodes = useFlowStore(hasNodesSelector);
  const [drawn, setDrawn] = useState(false);
  useEffect(() => {
    if (!hasNodes || drawn) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    // A task queued from the next animation frame runs once that frame has been painted.
    const frame = requestAnimationFrame(() => (timer = setTimeout(() => setDrawn(true), 0)));
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(timer);
    };
  }, [hasNodes, drawn]);
  return drawn;
}
const hasNodesSelector = (s: ReactFlowState) => s.nodes.length > 0;

const MINIMAP_SHOWN: React.CSSProperties = { width: 128, height: 80 };
/**
 * Hidden by opacity alone: its shapes keep their style, layout and paint, so stepping aside and
 * back changes one property of one element. `display: none` rebuilt the style and layout of every
 * shape in it (2,000 elements on L, 20-60 ms of each verdict that adds or removes a blocker), and
 * `content-visibility: hidden` still re-laid out and re-pre-painted them on the way back (8-18 ms
 * of CPU in each Fix that clears the last blocker, in a Chromium trace on L). The wrapper's
 * aria-hidden keeps it out of the accessibility tree meanwhile. Clicks pass it by because it moves
 * out of the canvas (which clips it), not by `pointer-events`: that property is inherited, and
 * changing it restyled every shape in it (~330 elements of each such verdict's frame on L).
 */
const MINIMAP_HIDDEN: React.CSSProperties = {
  ...MINIMAP_SHOWN,
  opacity: 0,
  transform: 'translateY(200%)',
};

function miniMapColor(node: Node): string {
  switch (node.type) {
    case 'account':
      return 'rgba(120,130,150,0.15)';
    case 'region':
      return 'rgba(120,130,150,0.1)';
    case 'vpc':
      return 'rgba(37,99,235,0.35)';
    case 'vSwitch':
      return 'rgba(37,99,235,0.15)';
    default:
      return '#475569';
  }
}
