/**
 * The dotted grid behind the diagram, drawn in the viewport (it moves and zooms with the diagram)
 * over the view's cell with a margin (shownNodes.ts), and redrawn only when the view crosses into
 * another cell or zoom octave. React Flow's <Background> is an SVG pattern fixed to the pane whose
 * offset follows the view: it repainted on every frame of a pan. Same dots: every 20 diagram units,
 * 1 unit across, centred where React Flow's were.
 */
import { useStore as useFlowStore } from '@xyflow/react';
import { useId } from 'react';
import { nearArea, viewCellSelector } from './shownNodes';
import { ViewportLayer } from './ViewportLayer';

const GAP = 20;
const DOT = 1;

export function GridBackground() {
  const area = nearArea(useFlowStore(viewCellSelector));
  const id = `grid-${useId().replace(/:/g, '')}`;
  if (!area) return null;
  const width = area.x1 - area.x0;
  const height = area.y1 - area.y0;
  // React Flow centred its dots half a gap before each multiple of the gap (its pattern's offset).
  const offset = (start: number) => mod(-GAP / 2 - start, GAP);
  return (
    <ViewportLayer>
      <svg
        className="grid-background"
        style={{ left: area.x0, top: area.y0, width, height }}
        aria-hidden="true"
        data-testid="grid-background"
      >
        <pattern id={id} patternUnits="userSpaceOnUse" x={offset(area.x0)} y={offset(area.y0)} width={GAP} height={GAP}>
          <circle cx={DOT / 2} cy={DOT / 2} r={DOT / 2} className="grid-dot" />
        </pattern>
        <rect width="100%" height="100%" fill={`url(#${id})`} />
      </svg>
    </ViewportLayer>
  );
}

function mod(a: number, n: number): number {
  return ((a % n) + n) % n;
}
