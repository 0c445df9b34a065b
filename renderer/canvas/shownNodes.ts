/**
 * Which of the laid-out nodes React Flow is given at the current zoom and place of the view, and
 * how fast they join it.
 */
import { useStore as useFlowStore, useStoreApi, type Node, type ReactFlowState } from '@xyflow/react';
import { useEffect, useMemo, useState } from 'react';
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
 * Far-zoom detail and vSwitches/instances away from the view are left out rather than hidden:
 * React Flow adopts, renders and measures every node it is given (each with a drag handler and a
 * resize observation), so the canvas gives it only those in the view's area (`viewAreaSelector`:
 * the view widened to a coarse grid, which changes a few times per view width of a pan, not on
 * every frame). Accounts, regions and VPCs (a few hundred at most) are always given.
 *
 * The vSwitches and instances that come into the area join a batch per frame, nearest to the view's
 * centre first (`useProgressive`): a wheel notch into vSwitch or instance detail on L brought
 * hundreds in at once, a frame of several hundred milliseconds. Those that leave it go at once.
 */
export function useShownNodes(nodes: Node[], layout: LayoutResult | null, band: ZoomBand): ShownNodes {
  const farOut = band === 0 ? 2 : band === 1 ? 1 : 0;
  const areaKey = useFlowStore(farOut === 2 ? noAreaSelector : viewOnlySelector);
  const near = useMemo(() => parseArea(areaKey), [areaKey]);
  const wanted = useMemo(() => {
    return nodes.filter((n) => {
      if (!isDetail(n)) return true;
      if (farOut === 2 || (farOut === 1 && n.type === 'instance')) return false;
      const box = layout?.byId.get(n.id);
      return !near || !box || intersects(near, box);
    });
  }, [nodes, farOut, near, layout]);
  const shownNodes = useProgressive(wanted, layout);
  return { shownNodes, farOut };
}

/** vSwitches and instances: the nodes that come and go with the view (the rest are always given). */
function isDetail(n: Node): boolean {
  return n.type === 'instance' || n.type === 'vSwitch';
}

/**
 * About this many vSwitches and instances join React Flow per frame: on L each costs React Flow's
 * node wrapper, its drag handler and resize observation, and its style and layout (a few tenths of
 * a millisecond each on a 2-core machine), so a batch stays within a frame or two.
 */
export const BATCH = 100;

/**
 * `wanted`, less the vSwitches and instances that have not joined yet while more than `BATCH` wait;
 * they join `BATCH` per frame,
 * nearest to the view's centre first, each after its parent (React Flow places a child in its
 * parent, which it must hold). One that leaves `wanted` leaves at once and, if it comes back,
 * joins again as new.
 */
function useProgressive(wanted: Node[], layout: LayoutResult | null): Node[] {
  const flowStore = useStoreApi();
  const [joined, setJoined] = useState<ReadonlySet<string>>(NO_IDS);
  const { shown, waiting } = useMemo(() => {
    const shown: Node[] = [];
    const waiting: Node[] = [];
    for (const n of wanted) (!isDetail(n) || joined.has(n.id) ? shown : waiting).push(n);
    // A batch's worth or fewer (a small document, a pan's edge) is given at once.
    return { shown: waiting.length <= BATCH ? wanted : shown, waiting };
  }, [wanted, joined]);

  useEffect(() => {
    const frame = requestAnimationFrame(() => {
      const { transform, width, height } = flowStore.getState();
      const [tx, ty, zoom] = transform;
      const centre = { x: (width / 2 - tx) / zoom, y: (height / 2 - ty) / zoom };
      setJoined((ids) => joinNearest(ids, wanted, waiting, centre, (id) => layout?.byId.get(id)));
    });
    return () => cancelAnimationFrame(frame);
  }, [wanted, waiting, layout, flowStore]);

  return shown;
}

const NO_IDS: ReadonlySet<string> = new Set();

type Box = { readonly absX: number; readonly absY: number; readonly width: number; readonly height: number };

/**
 * The vSwitches and instances joined after one more frame: those of `joined` still wanted, and the
 * `BATCH` waiting ones nearest to `centre` whose parent is given (all that wait, when they fit in
 * one batch: they are given together). The very same set when nothing changes, so that no further
 * frame is asked for (one whose parent is not given never joins).
 */
export function joinNearest(
  joined: ReadonlySet<string>,
  wanted: readonly Node[],
  waiting: readonly Node[],
  centre: { readonly x: number; readonly y: number },
  boxOf: (id: string) => Box | undefined,
): ReadonlySet<string> {
  const wantedIds = new Set(wanted.map((n) => n.id));
  let kept: Set<string> | null = null;
  for (const id of joined)
    if (!wantedIds.has(id)) {
      kept ??= new Set(joined);
      kept.delete(id);
    }
  const still: ReadonlySet<string> = kept ?? joined;
  const shownIds = new Set(wanted.filter((n) => !isDetail(n) || still.has(n.id)).map((n) => n.id));
  const ready = waiting.filter(
    (n) => !still.has(n.id) && (!n.parentId || shownIds.has(n.parentId) || waiting.length <= BATCH),
  );
  if (ready.length === 0) return still;
  const distance = (n: Node) => {
    const box = boxOf(n.id);
    return box ? Math.hypot(box.absX + box.width / 2 - centre.x, box.absY + box.height / 2 - centre.y) : 0;
  };
  const next = new Set(still);
  for (const { id } of ready
    .map((n) => ({ id: n.id, d: distance(n) }))
    .sort((a, b) => a.d - b.d)
    .slice(0, BATCH))
    next.add(id);
  return next;
}

/**
 * The part of the diagram near the view, as a key: the view in diagram units widened to a grid a
 * quarter of the view's cell (`cellSize`) wide, plus one square all round. It changes a few
 * times per view width of a pan, not on every frame; '' while the pane has no size.
 */
export function viewAreaSelector(s: ReactFlowState): string {
  return areaKey(s, 1);
}
/** As `viewAreaSelector`, without the square of margin: the view widened to the grid only. */
function viewOnlySelector(s: ReactFlowState): string {
  return areaKey(s, 0);
}
function areaKey(s: ReactFlowState, margin: number): string {
  const cell = cellSize(s);
  if (cell === 0) return '';
  const [tx, ty, zoom] = s.transform;
  const size = cell / 4;
  const snap = (v: number, round: (x: number) => number) => round(v / size) * size;
  const x0 = snap(-tx / zoom, Math.floor) - margin * size;
  const y0 = snap(-ty / zoom, Math.floor) - margin * size;
  const x1 = snap((s.width - tx) / zoom, Math.ceil) + margin * size;
  const y1 = snap((s.height - ty) / zoom, Math.ceil) + margin * size;
  return `${x0} ${y0} ${x1} ${y1}`;
}
const noAreaSelector = () => '';

/** The area of a `viewAreaSelector` key; null: everywhere. */
export function parseArea(key: string): Area | null {
  if (!key) return null;
  const [x0, y0, x1, y1] = key.split(' ').map(Number) as [number, number, number, number];
  return { x0, y0, x1, y1 };
}

/**
 * The side of the view's cell in diagram units: one view wide at the zoom rounded down to a power
 * of two (0 while the pane has no size). The nodes' area is cut from it.
 */
function cellSize(s: ReactFlowState): number {
  const zoom = s.transform[2];
  if (!s.width || !s.height || !(zoom > 0)) return 0;
  return Math.max(s.width, s.height) / 2 ** Math.floor(Math.log2(zoom));
}

export interface Area {
  readonly x0: number;
  readonly y0: number;
  readonly x1: number;
  readonly y1: number;
}

function intersects(area: Area, box: Box): boolean {
  return box.absX < area.x1 && box.absX + box.width > area.x0 && box.absY < area.y1 && box.absY + box.height > area.y0;
}
