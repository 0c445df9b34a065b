/**
 * The diagram: React Flow with nested group nodes (account → region → VPC → vSwitch → instance)
 * and router-interface pairs as edges. Layout runs in the worker (elk); a drag is local until
 * release, then recorded once in the document's `layout.positions`.
 */
import {
  ConnectionMode,
  Controls,
  ReactFlow,
  useReactFlow,
  useStore as useFlowStore,
  type ReactFlowInstance,
} from '@xyflow/react';
import { useCallback, useEffect, useMemo, useRef } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { documentStore, useDoc, useUi } from '../state';
import { BlockerCallouts } from './BlockerCallouts';
import { useConnectHandlers, useNodeMoves, useSelectionHandlers } from './canvasHandlers';
import { useDiagramLayout } from './diagramLayout';
import { drawnParts } from './drawnParts';
import { useFollowNewNodes } from './followNew';
import { useGivenSizesKept } from './givenSizes';
import { GridBackground } from './GridBackground';
import type { LayoutEngine, LayoutResult } from './layout';
import { useLinkEdges } from './linkEdges';
import { isLayerLink, LinkLayer } from './LinkLayer';
import type { LinkClick } from './linkParts';
import { NODE_TYPES } from './nodes';
import { PanShield, usePanShield } from './PanShield';
import { LinkLegend } from './PeeringEdge';
import type { LinkEdgeType } from './RiEdge';
import { useShownCheckFollowed } from './shownCheck';
import { useShownNodes } from './shownNodes';
import { StepAsideMiniMap } from './StepAsideMiniMap';
import { ViewportLayer } from './ViewportLayer';
import { ZoomBandContext, zoomBandSelector } from './zoomBand';
import './canvas.css';

/**
 * Composes the canvas from its concerns: the layout (diagramLayout.ts), the links (linkEdges.ts),
 * the nodes shown at this zoom (shownNodes.ts), the handlers (canvasHandlers.ts). Each reads only
 * what it draws from the document (drawnParts.ts), so an edit elsewhere re-renders none of it.
 */
export function Canvas() {
  useGivenSizesKept();
  useShownCheckFollowed();
  const drawn = useDoc(useShallow(drawnParts));
  const docIdentity = useDoc((s) => s.meta);
  const flow = useReactFlow();
  const { layout, engine, nodes, setNodes } = useDiagramLayout(drawn, docIdentity, flow);
  useViewRequests(flow);
  useFollowNewNodes(layout, docIdentity);
  const edges = useLinkEdges(drawn, layout);
  const { layerLinks, flowEdges } = useSplitLinks(edges);
  const band = useFlowStore(zoomBandSelector);
  const { shownNodes, farOut } = useShownNodes(nodes, layout, band);
  const { rootRef, onMoveStart, onMove, onMoveEnd, shieldRef } = useMovingFlag();
  const { onNodesChange, onNodeDrag, onNodeDragStop } = useNodeMoves(flow, layout, setNodes);
  const { onNodeClick, onEdgeClick, onKeyDown } = useSelectionHandlers();
  const { onConnect, isValidConnection } = useConnectHandlers();

  return (
    <ZoomBandContext.Provider value={band}>
      <div
        ref={rootRef}
        className={`canvas${edges.length > ANIMATED_EDGES_LIMIT ? ' many-edges' : ''}`}
        data-testid="canvas"
        onKeyDown={onKeyDown}
      >
        <ReactFlow
          nodes={shownNodes}
          // None before the first layout of a document just opened: React Flow would adopt hundreds of
          // edges it cannot draw yet, then adopt them again with their sides.
          edges={layout?.nodes.length ? flowEdges : NO_EDGES}
          nodeTypes={NODE_TYPES}
          onNodesChange={onNodesChange}
          onNodeDrag={onNodeDrag}
          onNodeDragStop={onNodeDragStop}
          onNodeClick={onNodeClick}
          onEdgeClick={onEdgeClick}
          onPaneClick={() => documentStore.getState().select([])}
          onConnect={onConnect}
          onMoveStart={onMoveStart}
          onMove={onMove}
          onMoveEnd={onMoveEnd}
          isValidConnection={isValidConnection}
          connectionMode={ConnectionMode.Loose}
          elementsSelectable={false}
          deleteKeyCode={null}
          selectionKeyCode={null}
          multiSelectionKeyCode={null}
          // Zoomed far out only groups and VPCs are given (≤ a few hundred nodes): keeping them all
          // mounted spares a drag the mounting, measuring and unmounting of those crossing the edge.
          // Closer in, the vSwitches and instances near the view are given a batch per frame
          // (shownNodes.ts), and React Flow mounts those of them in view.
          onlyRenderVisibleElements={farOut !== 2}
          minZoom={0.05}
          maxZoom={2.5}
          proOptions={{ hideAttribution: true }}
        >
          {layout && <DiagramPaper layout={layout} />}
          <GridBackground />
          <PanShield sheet={shieldRef} />
          {layout?.nodes.length ? (
            <LinkLayer links={layerLinks} band={band} onClick={onEdgeClick as LinkClick} />
          ) : null}
          <BlockerCallouts />
          <LinkLegend />
          <Controls showInteractive={false} position="bottom-left" />
          <StepAsideMiniMap />
        </ReactFlow>
        {engine?.kind === 'simple' && nodes.length > 0 && <SimpleLayoutNote engine={engine} />}
        {nodes.length === 0 && layout && <EmptyDocumentNote />}
      </div>
    </ZoomBandContext.Provider>
  );
}

/**
 * Router-interface pairs and peering connections go to the canvas's own link layer (LinkLayer.tsx);
 * transit-router attachments, few and labelled in SVG, stay React Flow edges.
 */
function useSplitLinks(edges: readonly LinkEdgeType[]) {
  return useMemo(() => {
    const layerLinks = edges.filter(isLayerLink);
    const rest = edges.filter((e) => !isLayerLink(e));
    return { layerLinks, flowEdges: rest.length > 0 ? rest : NO_EDGES };
  }, [edges]);
}

/** The toolbar's and menu's requests to the view: fit (a counter in the UI store) and zoom (a window event). */
function useViewRequests(flow: ReactFlowInstance): void {
  const fitRequest = useUi((s) => s.fitRequest);
  useEffect(() => {
    if (fitRequest > 0) void flow.fitView({ padding: 0.08, duration: 200 });
  }, [fitRequest, flow]);

  useEffect(() => {
    const onZoom = (e: Event) =>
      void ((e as CustomEvent<number>).detail > 0 ? flow.zoomIn({ duration: 150 }) : flow.zoomOut({ duration: 150 }));
    window.addEventListener('vpclink:zoom', onZoom);
    return () => window.removeEventListener('vpclink:zoom', onZoom);
  }, [flow]);
}

/**
 * While the view moves the diagram is one layer that is moved, not repainted (.canvas.moving in
 * styles.css), and a sheet over it takes the pointer (PanShield.tsx). The class is toggled on the
 * element, not through React: as state it re-rendered the whole canvas (React Flow's tree, the
 * link layer, the minimap) on the first frame of every drag and wheel, ~50 ms on L.
 */
function useMovingFlag() {
  const rootRef = useRef<HTMLDivElement | null>(null);
  const shield = usePanShield();
  const onMoveStart = useCallback(() => rootRef.current?.classList.add('moving'), []);
  const hideShield = shield.onMoveEnd;
  const onMoveEnd = useCallback(() => {
    hideShield();
    rootRef.current?.classList.remove('moving');
  }, [hideShield]);
  return { rootRef, onMoveStart, onMove: shield.onMove, onMoveEnd, shieldRef: shield.sheet };
}

function DiagramPaper({ layout }: { readonly layout: LayoutResult }) {
  return (
    <ViewportLayer>
      <div className="canvas-paper" style={{ ...PAPER_STYLE, width: layout.width, height: layout.height }} />
    </ViewportLayer>
  );
}

/** Says why accounts, regions and VPCs are packed in rows rather than laid out as a graph. */
function SimpleLayoutNote({ engine }: { readonly engine: Extract<LayoutEngine, { kind: 'simple' }> }) {
  return (
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
  );
}

function EmptyDocumentNote() {
  return (
    <div className="canvas-empty">
      <p>This document is empty.</p>
      <p className="dim">Add an account and a VPC from the palette on the left, or open an example.</p>
    </div>
  );
}

const NO_EDGES: LinkEdgeType[] = [];

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
