/**
 * The diagram's router-interface pairs and peering connections, drawn by the canvas in one SVG in
 * React Flow's viewport instead of as React Flow edges. React Flow draws each edge in an SVG of its
 * own and gives each a store selector that computes its ends: on an L estate 440 stacking contexts
 * that Chromium re-layerised on every frame of a pan, and 440 selectors run on every move of the
 * view, for lines that only move when a node does. Here the ends are computed from the nodes React
 * Flow holds (the same store update that draws the nodes, so links and nodes arrive in one frame),
 * with the handles each VPC is given (nodes.tsx `vpcHandles`) and React Flow's own bezier.
 *
 * Each link keeps what React Flow's edge element gave the user: focusable, named (`aria-label`),
 * `data-id` for the canvas's Enter/Space, a click that selects, React Flow's class names (its edge
 * styles and ours apply unchanged). Labels are HTML above the nodes, drawn when readable (zoom band
 * 2 and up) and in view (useLabelArea).
 */
import {
  getBezierPath,
  Position,
  useStore as useFlowStore,
  type Node,
  type NodeHandle,
  type ReactFlowState,
} from '@xyflow/react';
import { memo, useMemo } from 'react';
import type { LinkClick } from './linkParts';
import { PeeringLabel, PeeringPath, type PeeringEdgeType } from './PeeringEdge';
import { RiLabel, RiPath, type LinkEdgeType, type RiEdgeType } from './RiEdge';
import { parseArea, viewAreaSelector, type Area } from './shownNodes';
import { ViewportLayer } from './ViewportLayer';
import type { ZoomBand } from './zoomBand';

/** Only the link kinds drawn here; transit-router attachments stay React Flow edges (few, with SVG labels). */
export function isLayerLink(edge: LinkEdgeType): boolean {
  return edge.type === 'ri' || edge.type === 'peering';
}

interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  readonly handles: readonly NodeHandle[] | undefined;
}

interface DrawnLink {
  readonly edge: LinkEdgeType;
  readonly path: string;
  readonly labelX: number;
  readonly labelY: number;
  /** A box holding the curve: its ends' box widened by `curveReach`. */
  readonly box: Area;
}

/**
 * How far React Flow's bezier can reach past the box of its ends: the curve stays in the hull of
 * its control points, each at most `0.25 × 25 × √distance` beyond its end when the handle faces
 * away from the other end (@xyflow/system calculateControlOffset), else within the box.
 */
function curveReach(from: { x: number; y: number }, to: { x: number; y: number }): number {
  return 6.25 * Math.sqrt(Math.max(Math.abs(from.x - to.x), Math.abs(from.y - to.y))) + 10;
}

const nodesSelector = (s: ReactFlowState) => s.nodes;

/** The label area while labels are readable (zoom band 2 and up); '' otherwise (no subscription change). */
function useLabelArea(band: ZoomBand): Area | null {
  const key = useFlowStore(band < 2 ? noLabelsSelector : viewAreaSelector);
  return useMemo(() => parseArea(key), [key]);
}
const noLabelsSelector = () => '';

export const LinkLayer = memo(function LinkLayer({
  links,
  band,
  onClick,
}: {
  readonly links: readonly LinkEdgeType[];
  readonly band: ZoomBand;
  readonly onClick: LinkClick;
}) {
  const nodes = useFlowStore(nodesSelector);
  const drawn = useMemo(() => drawnLinks(links, nodes), [links, nodes]);
  const area = useLabelArea(band);
  const labelled = useMemo(
    () =>
      band < 2 || !area
        ? []
        : drawn.filter((d) => d.labelX >= area.x0 && d.labelX <= area.x1 && d.labelY >= area.y0 && d.labelY <= area.y1),
    [drawn, band, area],
  );
  const hit = useHitLinks(drawn, band, area);
  // The same elements while the links stay put: a node joining the diagram re-renders no link.
  const paths = useMemo(
    () =>
      drawn.map(({ edge, path }) =>
        edge.type === 'peering' ? (
          <PeeringPath key={edge.id} edge={edge as PeeringEdgeType} path={path} onClick={onClick} hit={hit(edge.id)} />
        ) : (
          <RiPath key={edge.id} edge={edge as RiEdgeType} path={path} onClick={onClick} hit={hit(edge.id)} />
        ),
      ),
    [drawn, hit, onClick],
  );
  if (drawn.length === 0) return null;
  return (
    <ViewportLayer>
      <div className="react-flow__edges link-layer">
        <svg style={SVG_STYLE}>{paths}</svg>
      </div>
      {labelled.length > 0 && (
        <div className="link-labels">
          {labelled.map(({ edge, labelX, labelY }) =>
            edge.type === 'peering' ? (
              <PeeringLabel key={edge.id} edge={edge as PeeringEdgeType} x={labelX} y={labelY} />
            ) : (
              <RiLabel key={edge.id} edge={edge as RiEdgeType} x={labelX} y={labelY} />
            ),
          )}
        </div>
      )}
    </ViewportLayer>
  );
});

/**
 * Which links get the wide invisible stroke that takes the pointer (linkParts.tsx `hit`): those
 * crossing the label area while links are told apart (zoom band 2 and up). Below band 2 the lines
 * are under a pixel wide and cross by the hundred, and at L that stroke doubled the SVG elements
 * created, styled and laid out in the first frame (440 paths, each parsing the curve once more).
 */
function useHitLinks(drawn: readonly DrawnLink[], band: ZoomBand, area: Area | null): (id: string) => boolean {
  return useMemo(() => {
    if (band < 2) return NONE_HIT;
    if (!area) return ALL_HIT;
    const ids = new Set(drawn.filter((d) => overlaps(d.box, area)).map((d) => d.edge.id));
    return (id: string) => ids.has(id);
  }, [drawn, band, area]);
}
const NONE_HIT = () => false;
const ALL_HIT = () => true;

function overlaps(a: Area, b: Area): boolean {
  return a.x0 <= b.x1 && a.x1 >= b.x0 && a.y0 <= b.y1 && a.y1 >= b.y0;
}

/** Above the nodes (z-index 0-4, diagramLayout.ts), as React Flow drew these edges (zIndex 5). */
const SVG_STYLE: React.CSSProperties = { zIndex: 5 };

/** Each node's box in diagram coordinates; React Flow keeps parents before their children. */
function absoluteBoxes(nodes: readonly Node[]): Map<string, Box> {
  const boxes = new Map<string, Box>();
  for (const n of nodes) {
    const parent = n.parentId ? boxes.get(n.parentId) : undefined;
    boxes.set(n.id, {
      x: (parent?.x ?? 0) + n.position.x,
      y: (parent?.y ?? 0) + n.position.y,
      width: n.width ?? 0,
      height: n.height ?? 0,
      handles: n.handles,
    });
  }
  return boxes;
}

const drawnCache = new WeakMap<readonly LinkEdgeType[], { readonly ends: string; readonly drawn: DrawnLink[] }>();

/**
 * The links drawn between the nodes React Flow holds; the same array as last time while their ends
 * are where they were. React Flow's nodes change whenever a vSwitch or instance joins or leaves the
 * view (shownNodes.ts), batch by batch while the view zooms into detail, and a link ends only at a VPC.
 */
function drawnLinks(links: readonly LinkEdgeType[], nodes: readonly Node[]): DrawnLink[] {
  const boxes = absoluteBoxes(nodes);
  const ends = endsKey(links, boxes);
  const cached = drawnCache.get(links);
  if (cached?.ends === ends) return cached.drawn;
  const drawn = drawLinks(links, boxes);
  drawnCache.set(links, { ends, drawn });
  return drawn;
}

/** Where every node a link ends at is, and its size (its handles follow from it: nodes.tsx `vpcHandles`). */
function endsKey(links: readonly LinkEdgeType[], boxes: ReadonlyMap<string, Box>): string {
  const parts: string[] = [];
  for (const edge of links)
    for (const id of [edge.source, edge.target]) {
      const box = boxes.get(id);
      parts.push(box ? `${box.x},${box.y},${box.width},${box.height}` : '-');
    }
  return parts.join(' ');
}

function drawLinks(links: readonly LinkEdgeType[], boxes: ReadonlyMap<string, Box>): DrawnLink[] {
  const drawn: DrawnLink[] = [];
  for (const edge of links) {
    const source = boxes.get(edge.source);
    const target = boxes.get(edge.target);
    if (!source || !target) continue;
    const from = handlePoint(source, edge.sourceHandle);
    const to = handlePoint(target, edge.targetHandle);
    const [path, labelX, labelY] = getBezierPath({
      sourceX: from.x,
      sourceY: from.y,
      sourcePosition: from.position,
      targetX: to.x,
      targetY: to.y,
      targetPosition: to.position,
    });
    const reach = curveReach(from, to);
    const box = {
      x0: Math.min(from.x, to.x) - reach,
      y0: Math.min(from.y, to.y) - reach,
      x1: Math.max(from.x, to.x) + reach,
      y1: Math.max(from.y, to.y) + reach,
    };
    drawn.push({ edge, path, labelX, labelY, box });
  }
  return drawn;
}

const SIDES: Readonly<Record<string, Position>> = {
  l: Position.Left,
  r: Position.Right,
  t: Position.Top,
  b: Position.Bottom,
};

/**
 * Where a link leaves a node, as React Flow computes it for an edge (getHandlePosition): the middle
 * of the handle's outer side. A node without that handle: the middle of the box's side.
 */
function handlePoint(box: Box, handleId: string | null | undefined): { x: number; y: number; position: Position } {
  const handle = box.handles?.find((h) => h.id === handleId);
  const position = handle?.position ?? SIDES[handleId ?? ''] ?? Position.Right;
  const x = box.x + (handle?.x ?? 0);
  const y = box.y + (handle?.y ?? 0);
  const width = handle ? (handle.width ?? 1) : box.width;
  const height = handle ? (handle.height ?? 1) : box.height;
  switch (position) {
    case Position.Top:
      return { x: x + width / 2, y, position };
    case Position.Bottom:
      return { x: x + width / 2, y: y + height, position };
    case Position.Left:
      return { x, y: y + height / 2, position };
    case Position.Right:
      return { x: x + width, y: y + height / 2, position };
  }
}
