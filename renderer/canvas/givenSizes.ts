/**
 * React Flow measures every node it mounts (a ResizeObserver on each) and then replaces every one
 * of them in its store with its measured size and handles, which renders every node a second time
 * within the frame that first draws them (on L, 331 nodes re-rendered once more before the first
 * paint). The canvas gives each node its size and its handles up front (diagramLayout.ts
 * `toFlowNodes`: `measured`, and `handles` for VPCs and nodes without any), so a measurement that
 * finds the size the node was given changes nothing and is dropped here; one that differs (a node
 * the layout did not size, a transit router whose handles are measured) reaches React Flow as before.
 */
import { useStoreApi, type InternalNode, type ReactFlowState } from '@xyflow/react';
import { useState } from 'react';

type StoreApi = ReturnType<typeof useStoreApi>;
type UpdateNodeInternals = ReactFlowState['updateNodeInternals'];
type NodeUpdates = Parameters<UpdateNodeInternals>[0];

const wrapped = new WeakSet<StoreApi>();

/**
 * Call in the component that renders <ReactFlow>, above it: React Flow's node renderer keeps the
 * `updateNodeInternals` it finds on its first render for its ResizeObserver.
 */
export function useGivenSizesKept(): void {
  const store = useStoreApi();
  useState(() => keepGivenSizes(store));
}

function keepGivenSizes(store: StoreApi): void {
  if (wrapped.has(store)) return;
  wrapped.add(store);
  const measure = store.getState().updateNodeInternals;
  const updateNodeInternals: UpdateNodeInternals = (updates, params) => {
    const rest = withoutGivenSizes(updates, store.getState().nodeLookup);
    if (rest.size > 0) measure(rest, params);
  };
  store.setState({ updateNodeInternals });
}

/** The updates of nodes measured at the size they were given and whose handles are known. */
function withoutGivenSizes(
  updates: NodeUpdates,
  nodeLookup: ReadonlyMap<string, Pick<InternalNode, 'measured' | 'internals'>>,
): NodeUpdates {
  let rest: NodeUpdates | null = null;
  for (const [id, update] of updates) {
    const node = nodeLookup.get(id);
    if (!node || !update.nodeElement || !measuredAsGiven(node, update.nodeElement)) continue;
    rest ??= new Map(updates);
    rest.delete(id);
  }
  return rest ?? updates;
}

function measuredAsGiven(node: Pick<InternalNode, 'measured' | 'internals'>, element: HTMLElement): boolean {
  const { width, height } = node.measured;
  return (
    node.internals.handleBounds !== undefined &&
    width !== undefined &&
    height !== undefined &&
    // The DOM measures whole pixels.
    Math.abs(element.offsetWidth - width) < 1 &&
    Math.abs(element.offsetHeight - height) < 1
  );
}
