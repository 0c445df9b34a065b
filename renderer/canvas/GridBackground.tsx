/**
 * The dotted grid behind the diagram, drawn in screen space over the pane: one SVG pattern one dot
 * gap larger than the pane, its dots spaced and sized by the zoom, and slid by a CSS transform
 * (below one gap) as the view moves. React Flow's store is followed outside React, by writing the
 * element's style and attributes, so a frame of a pan or a wheel re-renders nothing.
 *
 * Why not in the viewport (diagram units, moving and zooming with the diagram) as before: there it
 * covered the view's cell with a margin, 4 × 4 views at the zoom's octave, and the wheel notch that
 * crossed into another octave drew it anew over that whole area, up to ~8,000 px square at the new
 * scale (≈100 ms of the longest zoom frame on L). Here it is always the pane's size: a pan only moves
 * its layer (`will-change: transform`, nothing is repainted), a zoom repaints one pane of dots.
 * React Flow's own <Background> is a pane-sized pattern too, but its pattern's offset follows the
 * view, which repainted it on every frame of a pan.
 *
 * Same dots as React Flow's: every 20 diagram units, 1 unit across, the top-left of each dot half a
 * gap before each multiple of the gap.
 */
import { useStoreApi, type ReactFlowState } from '@xyflow/react';
import { useId, useLayoutEffect, useRef } from 'react';

const GAP = 20;
const DOT = 1;
/**
 * Below this zoom a dot is under 0.4 px across, antialiased to a faint speck, and the grid is not
 * drawn: every frame of a wheel zoom redrew a pane of dots there (at the fitted view of L, 1 px
 * apart) that could hardly be seen.
 */
const MIN_ZOOM = 0.4;

export function GridBackground() {
  const store = useStoreApi();
  const svgRef = useRef<SVGSVGElement | null>(null);
  const patternRef = useRef<SVGPatternElement | null>(null);
  const dotRef = useRef<SVGCircleElement | null>(null);
  const id = `grid-${useId().replace(/:/g, '')}`;

  useLayoutEffect(() => {
    const svg = svgRef.current;
    const pattern = patternRef.current;
    const dot = dotRef.current;
    if (!svg || !pattern || !dot) return;
    let drawn = { zoom: NaN, width: NaN, height: NaN, shown: true };
    const follow = (s: ReactFlowState) => {
      const [tx, ty, zoom] = s.transform;
      const gap = GAP * zoom;
      const shown = zoom >= MIN_ZOOM;
      if (shown !== drawn.shown) {
        svg.style.display = shown ? '' : 'none';
        drawn = { ...drawn, shown };
      }
      if (!shown) return;
      if (zoom !== drawn.zoom || s.width !== drawn.width || s.height !== drawn.height) {
        drawn = { zoom, width: s.width, height: s.height, shown };
        svg.setAttribute('width', String(s.width + gap));
        svg.setAttribute('height', String(s.height + gap));
        pattern.setAttribute('width', String(gap));
        pattern.setAttribute('height', String(gap));
        const r = (DOT * zoom) / 2;
        for (const attribute of ['cx', 'cy', 'r']) dot.setAttribute(attribute, String(r));
      }
      // The pattern starts at the SVG's corner; the SVG is slid back by less than one gap so that a
      // dot's top-left lands half a gap before each multiple of the gap in diagram units.
      const dx = mod(tx - gap / 2, gap) - gap;
      const dy = mod(ty - gap / 2, gap) - gap;
      svg.style.transform = `translate(${dx}px, ${dy}px)`;
    };
    follow(store.getState());
    return store.subscribe(follow);
  }, [store]);

  return (
    <div className="grid-background" aria-hidden="true">
      <svg ref={svgRef} data-testid="grid-background">
        <pattern ref={patternRef} id={id} patternUnits="userSpaceOnUse" x={0} y={0}>
          <circle ref={dotRef} className="grid-dot" />
        </pattern>
        <rect width="100%" height="100%" fill={`url(#${id})`} />
      </svg>
    </div>
  );
}

function mod(a: number, n: number): number {
  return ((a % n) + n) % n;
}
