/**
 * Failure on the picture: next to each node where a simulated ping stops (the instance whose
 * security group denies, the VPC whose route table has no route or whose interface is down), a
 * callout names the direction, the blocker and its one-click fix. Drawn in React Flow's viewport
 * portal (above the nodes, in diagram coordinates); it follows the check, so a Fix or any edit
 * updates it at once.
 */
import { useStore as useFlowStore, type ReactFlowState } from '@xyflow/react';
import { useCallback, useMemo } from 'react';
import { useSim } from '../sim/simStore';
import type { FlowQuery } from '../sim/types';
import { documentStore, useDoc, useIndex } from '../state';
import { fixForBlocker } from '../store/fixes';
import { blockerAnchors, type BlockerAnchor } from './highlight';
import { useShownCheck } from './shownCheck';
import { ViewportLayer } from './ViewportLayer';

interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** Absolute boxes of the anchor nodes, as one string so the selector is stable between renders. */
function useBoxes(ids: readonly string[]): ReadonlyMap<string, Box> {
  const key = useFlowStore(
    useCallback(
      (s: ReactFlowState) =>
        ids
          .map((id) => {
            const n = s.nodeLookup.get(id);
            if (!n || n.hidden) return '';
            const p = n.internals.positionAbsolute;
            return `${id}\t${p.x}\t${p.y}\t${n.measured.width ?? n.width ?? 0}\t${n.measured.height ?? n.height ?? 0}`;
          })
          .join('\n'),
      [ids],
    ),
  );
  return useMemo(() => {
    const boxes = new Map<string, Box>();
    for (const line of key.split('\n')) {
      const [id, x, y, width, height] = line.split('\t');
      if (id) boxes.set(id, { x: Number(x), y: Number(y), width: Number(width), height: Number(height) });
    }
    return boxes;
  }, [key]);
}

export function BlockerCallouts() {
  // The check drawn: none while the panels say "Checking…" (shownCheck.ts).
  const check = useShownCheck((s) => s.check);
  const query = useSim((s) => s.query);
  const index = useIndex();
  const anchors = blockerAnchors(check, index);
  const ids = useMemo(() => [...anchors.keys()], [anchors]);
  const boxes = useBoxes(ids);
  if (anchors.size === 0) return null;
  return (
    <ViewportLayer>
      {ids.map((id) => {
        const box = boxes.get(id);
        if (!box) return null;
        // Above a VPC (its region's title is what it covers), below an instance or vSwitch (inside its VPC).
        return <Callout key={id} box={box} above={index.vpcs.has(id)} anchors={anchors.get(id)!} query={query} />;
      })}
    </ViewportLayer>
  );
}

function Callout({
  box,
  above,
  anchors,
  query,
}: {
  readonly box: Box;
  readonly above: boolean;
  readonly anchors: readonly BlockerAnchor[];
  readonly query: FlowQuery;
}) {
  return (
    <div
      className={`blocker-callout nodrag nopan nowheel ${above ? 'callout-above' : 'callout-below'}`}
      style={{
        transform: above
          ? `translate(${box.x + 16}px, ${box.y - 10}px) translateY(-100%)`
          : `translate(${box.x}px, ${box.y + box.height + 10}px)`,
      }}
      data-testid={`graph-blockers-${anchors[0].nodeId}`}
      role="group"
      aria-label="Why the ping stops here"
    >
      {anchors.map((a, n) => (
        <CalloutItem key={`${a.blocker.code}-${a.blocker.direction}-${n}`} anchor={a} query={query} />
      ))}
    </div>
  );
}

function CalloutItem({ anchor, query }: { readonly anchor: BlockerAnchor; readonly query: FlowQuery }) {
  const doc = useDoc((s) => s.doc);
  const { blocker } = anchor;
  const fix = useMemo(() => fixForBlocker(doc, blocker, query), [doc, blocker, query]);
  const dir = blocker.direction === 'forward' ? 'request' : 'reply';
  return (
    <div className={`callout-item callout-${blocker.direction}`} data-testid={`graph-blocker-${blocker.code}-${dir}`}>
      <div className="callout-head">
        <span className={`callout-dir dir-${blocker.direction}`}>✖ {dir} stops here</span>
        <button
          className="link callout-select"
          onClick={() => documentStore.getState().select([blocker.resourceId])}
          title={`Select ${blocker.resourceId}`}
        >
          {anchor.hop?.resourceType === 'securityGroup' && anchor.hop.rule
            ? `rule ${anchor.hop.rule.index + 1} of ${blocker.resourceId}`
            : blocker.resourceId}
        </button>
      </div>
      <div className="callout-msg" title={`${blocker.message}\n→ ${blocker.suggestion}`}>
        {blocker.message}
      </div>
      {fix && (
        <button
          className="fix-button callout-fix"
          data-testid="graph-fix"
          title={`One-click fix (undoable): ${fix.label}`}
          onClick={() => documentStore.getState().change(`Fix: ${fix.label}`, fix.apply)}
        >
          Fix: {fix.label}
        </button>
      )}
    </div>
  );
}
