/**
 * Draws its children in React Flow's viewport (diagram coordinates, above the nodes; it moves and
 * zooms with the diagram). React Flow's own ViewportPortal looks its target up with querySelector
 * in a store selector, which runs on every frame of a pan; this looks it up once per flow.
 */
import { useStore as useFlowStore, type ReactFlowState } from '@xyflow/react';
import { useMemo, type ReactNode } from 'react';
import { createPortal } from 'react-dom';

const domNodeSelector = (s: ReactFlowState) => s.domNode;

export function ViewportLayer({ children }: { readonly children: ReactNode }) {
  const domNode = useFlowStore(domNodeSelector);
  const target = useMemo(() => domNode?.querySelector('.react-flow__viewport-portal') ?? null, [domNode]);
  return target ? createPortal(children, target) : null;
}
