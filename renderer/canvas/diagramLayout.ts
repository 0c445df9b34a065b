/**
 * The diagram's layout: elk (in the worker) for accounts, regions and VPCs, cached while the
 * structure stays the same; the fixed inner layout and the stored positions composed on top; and
 * the first fit of a document just opened.
 */
import { getViewportForBounds, useStoreApi, type Node, type ReactFlowInstance } from '@xyflow/react';
import { useEffect, useMemo, useRef, useState, type Dispatch, type SetStateAction } from 'react';
import { layoutInWorker } from '../sim/simStore';
import { currentDoc, type DrawnParts } from './drawnParts';
import { composeLayout, layoutKey, placeGraph, type LayoutEngine, type LayoutResult, type PlacedGraph } from './layout';
import { vpcHandles, type CanvasNode } from './nodes';
import { withTransitRouters } from './transitRouters';

/** The last layout, for export (SVG/PNG) and for picking edge sides. */
export let currentLayout: LayoutResult | null = null;

export interface DiagramLayout {
  readonly layout: LayoutResult | null;
  readonly engine: LayoutEngine | null;
  /** React Flow's nodes: the layout's, moved and measured by React Flow until a drag is recorded. */
  readonly nodes: Node[];
  readonly setNodes: Dispatch<SetStateAction<Node[]>>;
}

/**
 * Lays out what `drawn` holds whenever its structure or stored positions change. A new document
 * (`documentIdentity`: open/new/import) is fitted in the pane once laid out.
 */
export function useDiagramLayout(drawn: DrawnParts, documentIdentity: unknown, flow: ReactFlowInstance): DiagramLayout {
  const [layout, setLayout] = useState<LayoutResult | null>(null);
  const [nodes, setNodes] = useState<Node[]>([]);
  const elkCache = useRef<{ key: string; placed: PlacedGraph } | null>(null);
  const [engine, setEngine] = useState<LayoutEngine | null>(null);
  const fitted = useRef(false);
  const flowStore = useStoreApi();
  const { elkKey, key } = useLayoutKeys(drawn);

  useEffect(() => {
    let cancelled = false;
    const doc = currentDoc();
    const run = async () => {
      let placed = elkCache.current?.key === elkKey ? elkCache.current.placed : null;
      if (!placed) {
        // Never rejects: large estates, elk errors and timeouts get the simple layout.
        placed = await placeGraph(doc, layoutInWorker);
        if (cancelled) return;
        if (placed.engine.kind === 'simple' && placed.engine.reason !== 'large')
          console.warn(`elk layout ${placed.engine.reason}; simple layout used`, placed.engine.detail ?? '');
        elkCache.current = { key: elkKey, placed };
      }
      const next = withTransitRouters(doc, composeLayout(doc, placed.graph));
      currentLayout = next;
      // A new document is fitted before its nodes reach React Flow: the zoom decides which details
      // are drawn at all, and React Flow renders every node once when it first sees it.
      if (!fitted.current) fitted.current = fitWholeLayout(flow, flowStore, next);
      setLayout(next);
      setEngine(placed.engine);
      setNodes(toFlowNodes(next));
    };
    void run();
    return () => {
      cancelled = true;
    };
    // `key` covers everything the layout reads from `doc`.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);

  // The pane had no size when the layout arrived: fitted on the next frame instead.
  useEffect(() => {
    if (!layout || fitted.current) return;
    fitted.current = true;
    requestAnimationFrame(() => void flow.fitView({ ...FIT, duration: 0 }));
  }, [layout, flow]);

  // A new document (open/new/import) fits again once laid out.
  useEffect(() => {
    fitted.current = false;
  }, [documentIdentity]);

  return { layout, engine, nodes, setNodes };
}

/**
 * The layout reads only these parts of the document; an edit elsewhere (a rule, a route) keeps
 * them as the very same arrays, and the key (a JSON string of the whole structure: milliseconds
 * on a large estate) is not recomputed. The elk part depends on the structure only; stored
 * positions are applied afterwards, so `key` adds them to `elkKey`.
 */
function useLayoutKeys(drawn: DrawnParts): { readonly elkKey: string; readonly key: string } {
  const { accounts, vpcs, vSwitches, instances, routerInterfaces, layout: stored } = drawn;
  const structure = useMemo(
    () => ({ accounts, vpcs, vSwitches, instances, routerInterfaces }),
    [accounts, vpcs, vSwitches, instances, routerInterfaces],
  );
  const elkKey = useMemo(() => layoutKey(structure), [structure]);
  const key = useMemo(() => `${elkKey}${JSON.stringify(stored?.positions ?? null)}`, [elkKey, stored]);
  return { elkKey, key };
}

const FIT = { padding: 0.06, maxZoom: 1.1 } as const;

/** Fits the whole layout in the pane at once; false while the pane has no size yet. */
function fitWholeLayout(
  flow: ReactFlowInstance,
  flowStore: ReturnType<typeof useStoreApi>,
  next: LayoutResult,
): boolean {
  const { width, height, minZoom } = flowStore.getState();
  if (!width || !height) return false;
  const bounds = { x: 0, y: 0, width: next.width, height: next.height };
  void flow.setViewport(getViewportForBounds(bounds, width, height, minZoom, FIT.maxZoom, FIT.padding));
  return true;
}

export function toFlowNodes(layout: LayoutResult): CanvasNode[] {
  return layout.nodes.map((n) => ({
    id: n.id,
    type: n.kind,
    position: { x: n.x, y: n.y },
    ...(n.parentId ? { parentId: n.parentId } : {}),
    data: { label: n.label },
    width: n.width,
    height: n.height,
    // Measured as given, handles known: React Flow's own measurement then finds nothing to change
    // (givenSizes.ts). A transit router's handles are measured.
    measured: { width: n.width, height: n.height },
    style: { width: n.width, height: n.height },
    draggable: true,
    connectable: n.kind === 'vpc',
    ...(n.kind === 'vpc' ? { handles: vpcHandles(n.width, n.height) } : n.kind === 'transitRouter' ? {} : NO_HANDLES),
    ariaLabel: `${KIND_WORDS[n.kind]} ${n.label}`,
    // Groups behind their contents; instances on top.
    zIndex: n.kind === 'account' ? 0 : n.kind === 'region' ? 1 : n.kind === 'vpc' ? 2 : n.kind === 'vSwitch' ? 3 : 4,
  }));
}

/** Accounts, regions, vSwitches and instances have no handle. */
const NO_HANDLES: { readonly handles: NonNullable<Node['handles']> } = { handles: [] };

const KIND_WORDS: Readonly<Record<string, string>> = {
  account: 'Account',
  region: 'Region',
  vpc: 'VPC',
  vSwitch: 'vSwitch',
  instance: 'ECS instance',
  transitRouter: 'Transit router',
};
