/**
 * While the user drags or wheels the view, a transparent sheet over the diagram takes the pointer.
 * Chromium hit-tests every mouse move (and wheel notch) to find its target; under the pointer of a
 * pan lies the whole diagram, which it walked down to the pane on every move (2-5 ms per move on
 * L in a trace, every node, handle and link). The sheet is the topmost thing in React Flow's pane,
 * so the walk stops at once; the pan itself listens on the window, the wheel reaches React Flow's
 * zoom through the pane, and the pane's cursor (grabbing) shows through.
 *
 * It goes up on the first move of a gesture, not on the press (a click on the pane still reaches
 * the pane and clears the selection), and down when the view stops. Toggled on the element, not
 * through React: the moves come many times a frame.
 */
import { useStore as useFlowStore, type ReactFlowState } from '@xyflow/react';
import { useCallback, useMemo, useRef } from 'react';
import { createPortal } from 'react-dom';

const domNodeSelector = (s: ReactFlowState) => s.domNode;

export function usePanShield() {
  const sheet = useRef<HTMLDivElement | null>(null);
  const onMove = useCallback((event: MouseEvent | TouchEvent | null) => {
    if (event && (event.type === 'wheel' || event.type.endsWith('move'))) sheet.current?.classList.add('on');
  }, []);
  const onMoveEnd = useCallback(() => sheet.current?.classList.remove('on'), []);
  return { sheet, onMove, onMoveEnd };
}

export function PanShield({ sheet }: { readonly sheet: React.RefObject<HTMLDivElement | null> }) {
  const domNode = useFlowStore(domNodeSelector);
  const pane = useMemo(() => domNode?.querySelector('.react-flow__pane') ?? null, [domNode]);
  if (!pane) return null;
  return createPortal(
    // A click that lands on it (just after a wheel) belongs to no one: not a click on the pane.
    <div ref={sheet} className="pan-shield" aria-hidden="true" onClick={(e) => e.stopPropagation()} />,
    pane,
  );
}
