/**
 * The diagram: React Flow with nested group nodes (account → region → VPC → vSwitch → instance)
 * and router-interface pairs as edges. Layout runs in the worker (elk); a drag is local until
 * release, then recorded once in the document's `layout.positions`.
 */
import {
  Background,
  ConnectionMode,
  Controls,
  MiniMap,
  ReactFlow,
  ViewportPortal,
  applyNodeChanges,
  getViewportForBounds,
  useReactFlow,
  useStoreApi,
  useStore as useFlowStore,
  type ReactFlowState,
  type Connection,
  type NodeChange,
  type NodeDimensionChange,
  type Node,
} from '@xyflow/react';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { Topology } from '../../simulator/document/schema';
import { effectiveRouterInterfaceStatus, pairProblems } from '../../simulator/model/pairing';
import { layoutInWorker, useSim } from '../sim/simStore';
import { documentStore, indexOf, useDoc, useUi } from '../state';
import type { DocumentState } from '../store/documentStore';
import { setPositions } from '../store/edits';
import { BlockerCallouts } from './BlockerCallouts';
import { useDropTarget, vpcUnderPoint } from './dropTarget';
import { composeLayout, layoutKey, placeGraph, type LayoutEngine, type LayoutResult, type PlacedGraph } from './layout';
import { NODE_TYPES, vpcHandles, type CanvasNode } from './nodes';
import { buildPeeringEdges, LinkLegend } from './PeeringEdge';
import { useFollowNewNodes } from './followNew';
import { EDGE_TYPES, type LinkEdgeType, type RiEdgeType } from './RiEdge';
import { transitRouterEdges, withTransitRouters } from './transitRouters';

/** The last layout, for export (SVG/PNG) and for picking edge sides. */
export let currentLayout: LayoutResult | null = null;

function toFlowNodes(layout: LayoutResult): CanvasNode[] {
  return layout.nodes.map((n) => ({
    id: n.id,
    type: n.kind,
    position: { x: n.x, y: n.y },
    ...(n.parentId ? { parentId: n.parentId } : {}),
    data: { label: n.label },
    width: n.width,
    height: n.height,
    style: { width: n.width, height: n.height },
    draggable: true,
    connectable: n.kind === 'vpc',
    ...(n.kind === 'vpc' ? { handles: vpcHandles(n.width, n.height) } : {}),
    ariaLabel: `${KIND_WORDS[n.kind]} ${n.label}`,
    // Groups behind their contents; instances on top.
    zIndex: n.kind === 'account' ? 0 : n.kind === 'region' ? 1 : n.kind === 'vpc' ? 2 : n.kind === 'vSwitch' ? 3 : 4,
  }));
}

const KIND_WORDS: Readonly<Record<string, string>> = {
  account: 'Account',
  region: 'Region',
  vpc: 'VPC',
  vSwitch: 'vSwitch',
  instance: 'ECS instance',
  transitRouter: 'Transit router',
};

export function edgeSides(layout: LayoutResult, a: string, b: string): { sourceHandle: string; targetHandle: string } {
  const na = layout.byId.get(a);
  const nb = layout.byId.get(b);
  if (!na || !nb) return { sourceHandle: 'r', targetHandle: 'l' };
  const dx = nb.absX + nb.width / 2 - (na.absX + na.width / 2);
  const dy = nb.absY + nb.height / 2 - (na.absY + na.height / 2);
  if (Math.abs(dx) >= Math.abs(dy) * 0.6)
    return dx >= 0 ? { sourceHandle: 'r', targetHandle: 'l' } : { sourceHandle: 'l', targetHandle: 'r' };
  return dy >= 0 ? { sourceHandle: 'b', targetHandle: 't' } : { sourceHandle: 't', targetHandle: 'b' };
}

/** One edge per router-interface pair (or per interface whose peer is missing but whose opposite router is known). */
export function buildEdges(doc: Topology, layout: LayoutResult | null): RiEdgeType[] {
  const index = indexOf(doc);
  const edges: RiEdgeType[] = [];
  const done = new Set<string>();
  for (const ri of doc.routerInterfaces) {
    if (done.has(ri.routerInterfaceId)) continue;
    const localVpc = index.vpcByRouterId.get(ri.routerId);
    const peer =
      (ri.oppositeInterfaceId ? index.routerInterfaces.get(ri.oppositeInterfaceId) : undefined) ??
      doc.routerInterfaces.find(
        (r) => r.oppositeInterfaceId === ri.routerInterfaceId && !done.has(r.routerInterfaceId),
      );
    const peerVpc = peer
      ? index.vpcByRouterId.get(peer.routerId)
      : ri.oppositeRouterId
        ? index.vpcByRouterId.get(ri.oppositeRouterId)
        : undefined;
    if (!localVpc || !peerVpc || localVpc === peerVpc) continue;
    done.add(ri.routerInterfaceId);
    if (peer) done.add(peer.routerInterfaceId);
    const initiatorFirst = ri.role === 'InitiatingSide' || !peer;
    const [first, second] = initiatorFirst ? [ri, peer] : [peer!, ri];
    const [srcVpc, dstVpc] = initiatorFirst ? [localVpc, peerVpc] : [peerVpc, localVpc];
    const problems = pairProblems(ri, index);
    const status = effectiveRouterInterfaceStatus(first, index);
    const peerStatus = second ? effectiveRouterInterfaceStatus(second, index) : undefined;
    const state =
      problems.length > 0 || !second ? 'mismatch' : status === 'Active' && peerStatus === 'Active' ? 'active' : 'idle';
    const sides = layout ? edgeSides(layout, srcVpc.vpcId, dstVpc.vpcId) : { sourceHandle: 'r', targetHandle: 'l' };
    edges.push({
      id: `ri:${first.routerInterfaceId}`,
      type: 'ri',
      source: srcVpc.vpcId,
      target: dstVpc.vpcId,
      ...sides,
      zIndex: 5,
      ariaLabel: `Router-interface pair ${srcVpc.name ?? srcVpc.vpcId} to ${dstVpc.name ?? dstVpc.vpcId}`,
      data: {
        riIds: second ? [first.routerInterfaceId, second.routerInterfaceId] : [first.routerInterfaceId],
        spec: first.spec === 'Negative' && second ? second.spec : first.spec,
        state,
        statusText:
          state === 'mismatch'
            ? second
              ? 'mismatched'
              : 'no peer'
            : status === peerStatus || !peerStatus
              ? status
              : `${status} / ${peerStatus}`,
      },
    });
  }
  return edges;
}

/**
 * The previous edges where nothing about them changed: an edit elsewhere hands React Flow the same
 * edge objects (and the same array when no edge changed), so it neither re-adopts nor re-renders
 * them. (A new array made React Flow rebuild its edge lookups on every edit: ~30 ms on L.)
 */
function keepUnchangedEdges(previous: readonly LinkEdgeType[], next: LinkEdgeType[]): LinkEdgeType[] {
  const before = new Map(previous.map((e) => [e.id, e]));
  let changed = next.length !== previous.length;
  const kept = next.map((edge, n) => {
    const old = before.get(edge.id);
    if (old && sameEdge(old, edge)) {
      if (previous[n] !== old) changed = true;
      return old;
    }
    changed = true;
    return edge;
  });
  return changed ? kept : (previous as LinkEdgeType[]);
}

/** Every field the same value; `data` (a few strings and an array of IDs) compared field by field. */
function sameEdge(a: LinkEdgeType, b: LinkEdgeType): boolean {
  const x = a as unknown as Record<string, unknown>;
  const y = b as unknown as Record<string, unknown>;
  const keys = Object.keys(y);
  if (keys.length !== Object.keys(x).length) return false;
  return keys.every((key) => (key === 'data' ? sameData(x.data, y.data) : x[key] === y[key]));
}

function sameData(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  const keys = Object.keys(y);
  if (keys.length !== Object.keys(x).length) return false;
  return keys.every((key) => {
    const u = x[key];
    const v = y[key];
    if (u === v) return true;
    return Array.isArray(u) && Array.isArray(v) && u.length === v.length && u.every((item, n) => item === v[n]);
  });
}

/**
 * What the canvas draws from the document, and nothing else: the nodes' layout (accounts, VPCs,
 * vSwitches, instances, stored positions) and the links (router-interface pairs, peering
 * connections, transit routers). An edit elsewhere — a rule, a route, an ACL entry, an intent, a
 * one-click fix — keeps every one of these the very same array, so the canvas does not re-render
 * at all and nothing of it (edges, React Flow's lookups, the minimap) stands between the edit
 * and its verdict. (Each node reads its own record from the store: nodes.tsx.)
 */
function drawnParts(s: DocumentState) {
  const d = s.doc;
  return {
    accounts: d.accounts,
    vpcs: d.vpcs,
    vSwitches: d.vSwitches,
    instances: d.instances,
    routerInterfaces: d.routerInterfaces,
    layout: d.layout,
    vpcPeerConnections: d.vpcPeerConnections,
    transitRouters: d.transitRouters,
    transitRouterVpcAttachments: d.transitRouterVpcAttachments,
    transitRouterPeerAttachments: d.transitRouterPeerAttachments,
  };
}

/** The current document; read where `drawnParts` already decided that what is read has changed. */
const currentDoc = (): Topology => documentStore.getState().doc;

/**
 * Zoomed out this far, instances are hidden (their vSwitches remain): a 2,000-instance estate stays
 * fluid. Further out (an L estate fitted to the window) vSwitches are specks and go too, leaving
 * accounts, regions and VPCs; the result is one of three levels, so panning re-renders nothing.
 */
const detailSelector = (s: ReactFlowState): 0 | 1 | 2 => (s.transform[2] < 0.12 ? 2 : s.transform[2] < 0.22 ? 1 : 0);

export function Canvas() {
  const drawn = useDoc(useShallow(drawnParts));
  const flow = useReactFlow();
  const [layout, setLayout] = useState<LayoutResult | null>(null);
  const [nodes, setNodes] = useState<Node[]>([]);
  const elkCache = useRef<{ key: string; placed: PlacedGraph } | null>(null);
  const [engine, setEngine] = useState<LayoutEngine | null>(null);
  const fitted = useRef(false);
  const fitRequest = useUi((s) => s.fitRequest);

  const flowStore = useStoreApi();
  /** Fits the whole layout in the pane at once; false while the pane has no size yet. */
  const fitNow = (next: LayoutResult): boolean => {
    const { width, height, minZoom } = flowStore.getState();
    if (!width || !height) return false;
    const bounds = { x: 0, y: 0, width: next.width, height: next.height };
    void flow.setViewport(getViewportForBounds(bounds, width, height, minZoom, FIT.maxZoom, FIT.padding));
    return true;
  };

  // The layout reads only these parts of the document; an edit elsewhere (a rule, a route) keeps
  // them as the very same arrays, and the key (a JSON string of the whole structure: milliseconds
  // on a large estate) is not recomputed.
  const { accounts, vpcs, vSwitches, instances, routerInterfaces, layout: stored } = drawn;
  const structure = useMemo(
    () => ({ accounts, vpcs, vSwitches, instances, routerInterfaces }),
    [accounts, vpcs, vSwitches, instances, routerInterfaces],
  );
  // The elk part depends on the structure only; stored positions are applied afterwards.
  const elkKey = useMemo(() => layoutKey(structure), [structure]);
  const key = useMemo(() => `${elkKey}${JSON.stringify(stored?.positions ?? null)}`, [elkKey, stored]);

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
      if (!fitted.current) fitted.current = fitNow(next);
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

  useEffect(() => {
    if (!layout || fitted.current) return;
    fitted.current = true;
    requestAnimationFrame(() => void flow.fitView({ ...FIT, duration: 0 }));
  }, [layout, flow]);

  useEffect(() => {
    if (fitRequest > 0) void flow.fitView({ padding: 0.08, duration: 200 });
  }, [fitRequest, flow]);

  useEffect(() => {
    const onZoom = (e: Event) =>
      void ((e as CustomEvent<number>).detail > 0 ? flow.zoomIn({ duration: 150 }) : flow.zoomOut({ duration: 150 }));
    window.addEventListener('vpclink:zoom', onZoom);
    return () => window.removeEventListener('vpclink:zoom', onZoom);
  }, [flow]);

  // A new document (open/new/import) fits again once laid out.
  const docIdentity = useDoc((s) => s.meta);
  useEffect(() => {
    fitted.current = false;
  }, [docIdentity]);
  useFollowNewNodes(layout, docIdentity);

  // Router-interface pairs, peering connections and transit-router attachments: built from these
  // parts of the document only (buildEdges, buildPeeringEdges, transitRouterEdges read no other).
  const { vpcPeerConnections, transitRouters, transitRouterVpcAttachments, transitRouterPeerAttachments } = drawn;
  const built = useMemo(
    (): LinkEdgeType[] => {
      const doc = currentDoc();
      return [
        ...buildEdges(doc, layout),
        ...buildPeeringEdges(doc, (a, b) =>
          layout ? edgeSides(layout, a, b) : { sourceHandle: 'r', targetHandle: 'l' },
        ),
        ...transitRouterEdges(doc, layout),
      ];
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the parts the builders read, listed above
    [
      vpcs,
      routerInterfaces,
      vpcPeerConnections,
      transitRouters,
      transitRouterVpcAttachments,
      transitRouterPeerAttachments,
      layout,
    ],
  );
  // React's "adjust state when an input changes" pattern: the previous render's edges are the base.
  const [edgeState, setEdgeState] = useState({ built, edges: built });
  let edges = edgeState.edges;
  if (edgeState.built !== built) {
    edges = keepUnchangedEdges(edgeState.edges, built);
    setEdgeState({ built, edges });
  }
  const farOut = useFlowStore(detailSelector);
  // Far-zoom detail and vSwitches/instances well away from the view are left out rather than
  // hidden: React Flow neither adopts nor measures them, and renders every node it is given once
  // (to measure its handles) even off screen, which at L would be thousands at every zoom step.
  const cell = useFlowStore(viewCellSelector);
  const nearKey = farOut === 2 ? '' : cell;
  const shownNodes = useMemo(() => {
    const near = nearArea(nearKey);
    return nodes.filter((n) => {
      if (n.type !== 'instance' && n.type !== 'vSwitch') return true;
      if (farOut === 2 || (farOut === 1 && n.type === 'instance')) return false;
      const box = layout?.byId.get(n.id);
      return !near || !box || intersects(near, box);
    });
  }, [nodes, farOut, nearKey, layout]);
  // While the view moves the diagram is one layer that is moved, not repainted (.canvas.moving in styles.css).
  const [moving, setMoving] = useState(false);
  const onMoveStart = useCallback(() => setMoving(true), []);
  const onMoveEnd = useCallback(() => setMoving(false), []);

  const onNodesChange = useCallback((changes: NodeChange[]) => {
    // Selection is the document store's; React Flow only moves and measures nodes here. A node
    // measured at the size it was given changes nothing (React Flow keeps the measurement itself):
    // applying those re-created every drawn node and drew the whole diagram once more after its
    // first paint.
    const relevant = changes.filter(
      (c) => c.type === 'position' || (c.type === 'dimensions' && !measuredAsGiven(c, currentLayout)),
    );
    if (relevant.length) setNodes((current) => applyNodeChanges(relevant, current));
  }, []);

  const onNodeDrag = useCallback(
    (event: MouseEvent | TouchEvent, node: Node) => {
      if (node.type !== 'vpc') return;
      const at = 'touches' in event ? event.touches[0] : event;
      if (!at) return;
      const point = flow.screenToFlowPosition({ x: at.clientX, y: at.clientY });
      const target = vpcUnderPoint(flow, indexOf(documentStore.getState().doc), point, node.id);
      if (useDropTarget.getState().targetId !== target) useDropTarget.setState({ targetId: target });
    },
    [flow],
  );

  const onNodeDragStop = useCallback(
    (_event: MouseEvent | TouchEvent, node: Node, dragged: Node[]) => {
      const target = useDropTarget.getState().targetId;
      useDropTarget.setState({ targetId: null });
      if (node.type === 'vpc' && target && dragged.length === 1) {
        // Dropped on another VPC: a request to connect them, not a move. The VPC goes back where it was.
        if (layout) setNodes(toFlowNodes(layout));
        useUi.getState().setDialog({ kind: 'connect', fromVpcId: node.id, toVpcId: target });
        return;
      }
      const positions: Record<string, { x: number; y: number }> = {};
      for (const n of dragged) positions[n.id] = { x: Math.round(n.position.x), y: Math.round(n.position.y) };
      documentStore
        .getState()
        .change(dragged.length === 1 ? `Move ${dragged[0].id}` : `Move ${dragged.length} nodes`, (d) =>
          setPositions(d, positions),
        );
    },
    [layout],
  );

  const onNodeClick = useCallback((event: React.MouseEvent, node: Node) => {
    const store = documentStore.getState();
    if (event.shiftKey || event.metaKey || event.ctrlKey) store.toggleSelected(node.id);
    else store.select([node.id]);
  }, []);

  const onEdgeClick = useCallback((_event: React.MouseEvent, edge: LinkEdgeType) => {
    // A peering edge's ID is its connection's ID.
    documentStore
      .getState()
      .select(edge.type === 'peering' ? [edge.id] : ((edge as RiEdgeType).data?.riIds.slice(0, 1) ?? []));
  }, []);

  // Dragging from a VPC's edge dot to another VPC asks the same question as dropping one VPC on the other.
  const onConnect = useCallback((connection: Connection) => {
    const { source, target } = connection;
    if (!source || !target || source === target) return;
    useUi.getState().setDialog({ kind: 'connect', fromVpcId: source, toVpcId: target });
  }, []);

  // Keyboard: Enter or Space on a focused node or edge selects it (React Flow's own selection is off).
  const onKeyDown = useCallback((e: React.KeyboardEvent) => {
    if (e.key !== 'Enter' && e.key !== ' ') return;
    const element = (e.target as HTMLElement).closest<HTMLElement>('.react-flow__node, .react-flow__edge');
    const id = element?.dataset.id;
    if (!element || !id || e.target !== element) return;
    e.preventDefault();
    documentStore.getState().select([id.startsWith('ri:') ? id.slice(3) : id]);
  }, []);

  const isValidConnection = useCallback((c: Connection | LinkEdgeType) => {
    const index = indexOf(documentStore.getState().doc);
    return c.source !== c.target && index.vpcs.has(c.source) && index.vpcs.has(c.target);
  }, []);

  return (
    <div
      className={`canvas${moving ? ' moving' : ''}${edges.length > ANIMATED_EDGES_LIMIT ? ' many-edges' : ''}`}
      data-testid="canvas"
      onKeyDown={onKeyDown}
    >
      <ReactFlow
        nodes={shownNodes}
        // None before the first layout of a document just opened: React Flow would adopt hundreds of
        // edges it cannot draw yet, then adopt them again with their sides.
        edges={layout?.nodes.length ? edges : NO_EDGES}
        nodeTypes={NODE_TYPES}
        edgeTypes={EDGE_TYPES}
        onNodesChange={onNodesChange}
        onNodeDrag={onNodeDrag}
        onNodeDragStop={onNodeDragStop}
        onNodeClick={onNodeClick}
        onEdgeClick={onEdgeClick}
        onPaneClick={() => documentStore.getState().select([])}
        onConnect={onConnect}
        onMoveStart={onMoveStart}
        onMoveEnd={onMoveEnd}
        isValidConnection={isValidConnection}
        connectionMode={ConnectionMode.Loose}
        elementsSelectable={false}
        deleteKeyCode={null}
        selectionKeyCode={null}
        multiSelectionKeyCode={null}
        // Zoomed far out only groups and VPCs are given (≤ a few hundred nodes): keeping them all
        // mounted spares a drag the mounting, measuring and unmounting of those crossing the edge.
        onlyRenderVisibleElements={farOut !== 2}
        minZoom={0.05}
        maxZoom={2.5}
        proOptions={{ hideAttribution: true }}
      >
        {layout && (
          <ViewportPortal>
            <div className="canvas-paper" style={{ ...PAPER_STYLE, width: layout.width, height: layout.height }} />
          </ViewportPortal>
        )}
        <Background gap={20} size={1} color="var(--grid)" />
        <BlockerCallouts />
        <LinkLegend />
        <Controls showInteractive={false} position="bottom-left" />
        <StepAsideMiniMap />
      </ReactFlow>
      {engine?.kind === 'simple' && nodes.length > 0 && (
        <div
          className="canvas-layout-note"
          data-testid="layout-note"
          title={
            engine.reason === 'large'
              ? 'Large estate: accounts, regions and VPCs are packed in rows instead of the automatic graph layout.'
              : `The automatic layout ${engine.reason === 'timeout' ? 'took too long' : 'failed'}; accounts, regions and VPCs are packed in rows.`
          }
          style={NOTE_STYLE}
        >
          Simple layout used
        </div>
      )}
      {nodes.length === 0 && layout && (
        <div className="canvas-empty">
          <p>This document is empty.</p>
          <p className="dim">Add an account and a VPC from the palette on the left, or open an example.</p>
        </div>
      )}
    </div>
  );
}

/** A measurement of a laid-out node within a pixel of its laid-out size (the DOM measures whole pixels). */
function measuredAsGiven(change: NodeDimensionChange, layout: LayoutResult | null): boolean {
  const given = layout?.byId.get(change.id);
  const measured = change.dimensions;
  return (
    !!given &&
    !!measured &&
    !change.resizing &&
    Math.abs(measured.width - given.width) < 1 &&
    Math.abs(measured.height - given.height) < 1
  );
}

/**
 * The minimap steps aside while blockers are drawn: it would cover their callouts and Fix buttons.
 * It is hidden, not unmounted: on a large estate re-creating its shapes delayed the verdict of
 * every edit that adds or removes a blocker. Its own component, so a verdict re-renders it and
 * not the whole canvas.
 */
function StepAsideMiniMap() {
  const showsBlockers = useSim((s) => s.check?.kind === 'result' && s.check.blockers.length > 0);
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

const FIT = { padding: 0.06, maxZoom: 1.1 } as const;
const NO_EDGES: LinkEdgeType[] = [];
const MINIMAP_SHOWN: React.CSSProperties = { width: 128, height: 80 };
/**
 * Hidden by opacity alone: its shapes keep their style, layout and paint, so stepping aside and
 * back changes one property of one element. `display: none` rebuilt the style and layout of every
 * shape in it (2,000 elements on L, 20-60 ms of each verdict that adds or removes a blocker), and
 * `content-visibility: hidden` still re-laid out and re-pre-painted them on the way back (8-18 ms
 * of CPU in each Fix that clears the last blocker, in a Chromium trace on L). The wrapper's
 * aria-hidden keeps it out of the accessibility tree meanwhile.
 */
const MINIMAP_HIDDEN: React.CSSProperties = {
  ...MINIMAP_SHOWN,
  opacity: 0,
  pointerEvents: 'none',
};

/**
 * Where the view is, coarsely: the zoom rounded down to a power of two, and the cell (a square one
 * view wide at that zoom, in diagram units) holding the view's top-left corner. It changes when
 * the view crosses into another cell, not on every frame of a pan; '' while the pane has no size.
 */
function viewCellSelector(s: ReactFlowState): string {
  const [tx, ty, zoom] = s.transform;
  if (!s.width || !s.height || !(zoom > 0)) return '';
  const size = Math.max(s.width, s.height) / 2 ** Math.floor(Math.log2(zoom));
  return `${Math.floor(-tx / zoom / size)} ${Math.floor(-ty / zoom / size)} ${size}`;
}

interface Area {
  readonly x0: number;
  readonly y0: number;
  readonly x1: number;
  readonly y1: number;
}

/** The view's cell with one cell of margin all round (the view itself spans at most 2 × 2 cells); null: everywhere. */
function nearArea(cell: string): Area | null {
  if (!cell) return null;
  const [cx, cy, size] = cell.split(' ').map(Number) as [number, number, number];
  return { x0: (cx - 1) * size, y0: (cy - 1) * size, x1: (cx + 3) * size, y1: (cy + 3) * size };
}

function intersects(area: Area, box: { absX: number; absY: number; width: number; height: number }): boolean {
  return box.absX < area.x1 && box.absX + box.width > area.x0 && box.absY < area.y1 && box.absY + box.height > area.y0;
}

/**
 * Above this many edges the path's marching dashes stand still: an animated edge repaints the
 * whole edge layer every frame, hundreds of curves on a large estate.
 */
const ANIMATED_EDGES_LIMIT = 60;

/**
 * One faint rectangle under the whole diagram, painted first in the viewport. While the view moves
 * the viewport is one composited layer (.canvas.moving in styles.css); Chromium merges each node
 * into that layer only while the layer's painted area stays dense, so without a painted backdrop
 * every account of a large estate became a layer of its own, re-layerised on every frame.
 */
const PAPER_STYLE: React.CSSProperties = {
  position: 'absolute',
  left: 0,
  top: 0,
  zIndex: -1,
  pointerEvents: 'none',
  // Neutral and all but invisible in both themes; it only has to be painted.
  background: 'rgba(128, 128, 128, 0.02)',
};

/** Small and out of the way (top left of the canvas), never in the way of a click. */
const NOTE_STYLE: React.CSSProperties = {
  position: 'absolute',
  top: 8,
  left: 8,
  zIndex: 5,
  padding: '2px 8px',
  fontSize: 11,
  color: 'var(--text-dim)',
  background: 'var(--panel)',
  border: '1px solid var(--border)',
  borderRadius: 10,
  opacity: 0.9,
  pointerEvents: 'auto',
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
