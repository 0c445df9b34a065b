/**
 * What the canvas does with the user's hands: moving and dropping nodes, clicking nodes and edges,
 * the keyboard, and connecting two VPCs. Every handler is memoised, so React Flow sees the same
 * functions on every render.
 */
import {
  applyNodeChanges,
  type Connection,
  type Node,
  type NodeChange,
  type NodeDimensionChange,
  type ReactFlowInstance,
} from '@xyflow/react';
import { useCallback, type Dispatch, type SetStateAction } from 'react';
import { documentStore, indexOf, useUi } from '../state';
import { setPositions } from '../store/edits';
import { currentLayout, toFlowNodes } from './diagramLayout';
import { useDropTarget, vpcUnderPoint } from './dropTarget';
import type { LayoutResult } from './layout';
import type { LinkEdgeType, RiEdgeType } from './RiEdge';

/** Moving nodes: React Flow's moves and measurements, the drop target while a VPC is dragged, and the drop. */
export function useNodeMoves(
  flow: ReactFlowInstance,
  layout: LayoutResult | null,
  setNodes: Dispatch<SetStateAction<Node[]>>,
) {
  const onNodesChange = useCallback(
    (changes: NodeChange[]) => {
      // Selection is the document store's; React Flow only moves and measures nodes here. A node
      // measured at the size it was given changes nothing (React Flow keeps the measurement itself):
      // applying those re-created every drawn node and drew the whole diagram once more after its
      // first paint.
      const relevant = changes.filter(
        (c) => c.type === 'position' || (c.type === 'dimensions' && !measuredAsGiven(c, currentLayout)),
      );
      if (relevant.length) setNodes((current) => applyNodeChanges(relevant, current));
    },
    [setNodes],
  );

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
    [layout, setNodes],
  );

  return { onNodesChange, onNodeDrag, onNodeDragStop };
}

/** Selecting: clicks on nodes and edges, and Enter or Space on a focused one (React Flow's own selection is off). */
export function useSelectionHandlers() {
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

  const onKeyDown = useCallback((e: React.KeyboardEvent) => {
    if (e.key !== 'Enter' && e.key !== ' ') return;
    const element = (e.target as HTMLElement).closest<HTMLElement>('.react-flow__node, .react-flow__edge');
    const id = element?.dataset.id;
    if (!element || !id || e.target !== element) return;
    e.preventDefault();
    documentStore.getState().select([id.startsWith('ri:') ? id.slice(3) : id]);
  }, []);

  return { onNodeClick, onEdgeClick, onKeyDown };
}

/** Dragging from a VPC's edge dot to another VPC asks the same question as dropping one VPC on the other. */
export function useConnectHandlers() {
  const onConnect = useCallback((connection: Connection) => {
    const { source, target } = connection;
    if (!source || !target || source === target) return;
    useUi.getState().setDialog({ kind: 'connect', fromVpcId: source, toVpcId: target });
  }, []);

  const isValidConnection = useCallback((c: Connection | LinkEdgeType) => {
    const index = indexOf(documentStore.getState().doc);
    return c.source !== c.target && index.vpcs.has(c.source) && index.vpcs.has(c.target);
  }, []);

  return { onConnect, isValidConnection };
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
