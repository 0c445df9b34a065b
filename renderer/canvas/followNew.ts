/**
 * The view follows what the user adds: when a layout brings nodes that were not there before and
 * one of them lies outside the visible part of the diagram, a small diagram is fitted again (the
 * user sketching two VPCs sees both, ready to drop one on the other); a large one only pans to the
 * new node at the current zoom. Opening a document fits anyway (diagramLayout.ts), so a new document's
 * first layout only records its nodes.
 */
import { useReactFlow, useStoreApi } from '@xyflow/react';
import { useEffect, useRef } from 'react';
import type { LayoutResult } from './layout';

/** Up to this many nodes the whole diagram is fitted; beyond, only a pan. */
const FIT_ALL_UP_TO = 60;

export function useFollowNewNodes(layout: LayoutResult | null, documentIdentity: unknown): void {
  const flow = useReactFlow();
  const store = useStoreApi();
  const known = useRef<{ identity: unknown; ids: ReadonlySet<string> } | null>(null);
  useEffect(() => {
    if (!layout) return;
    const ids = new Set(layout.nodes.map((n) => n.id));
    const previous = known.current;
    known.current = { identity: documentIdentity, ids };
    if (!previous || previous.identity !== documentIdentity) return;
    const added = layout.nodes.filter((n) => !previous.ids.has(n.id));
    if (added.length === 0) return;
    const { width, height } = store.getState();
    const { x, y, zoom } = flow.getViewport();
    const visible = { left: -x / zoom, top: -y / zoom, right: (width - x) / zoom, bottom: (height - y) / zoom };
    const outside = added.find(
      (n) =>
        n.absX < visible.left ||
        n.absY < visible.top ||
        n.absX + n.width > visible.right ||
        n.absY + n.height > visible.bottom,
    );
    if (!outside) return;
    // After React Flow has the new nodes (the fit measures them).
    requestAnimationFrame(() => {
      if (layout.nodes.length <= FIT_ALL_UP_TO) void flow.fitView({ padding: 0.08, maxZoom: 1.1, duration: 150 });
      else
        void flow.setCenter(outside.absX + outside.width / 2, outside.absY + outside.height / 2, {
          zoom,
          duration: 150,
        });
    });
  }, [layout, documentIdentity, flow, store]);
}
