/** A CEN transit router: the hub its VPC attachments and peer attachments are drawn to (transitRouters.ts). */
import { Handle, Position, type NodeProps } from '@xyflow/react';
import { memo } from 'react';
import { useDoc } from '../state';
import { FindingBadge, type CanvasNode } from './nodes';

export const TransitRouterNode = memo(function TransitRouterNode({ id }: NodeProps<CanvasNode>) {
  const tr = useDoc((s) => (s.doc.transitRouters ?? []).find((t) => t.transitRouterId === id));
  const attachments = useDoc(
    (s) => (s.doc.transitRouterVpcAttachments ?? []).filter((a) => a.transitRouterId === id).length,
  );
  const selected = useDoc((s) => s.selection.includes(id));
  if (!tr) return null;
  return (
    <div className={`tr-node${selected ? ' selected' : ''}`} data-testid={`tr-${id}`} title={`${id} (CEN ${tr.cenId})`}>
      <Handle type="source" position={Position.Left} id="l" className="vpc-handle" isConnectable={false} />
      <Handle type="source" position={Position.Right} id="r" className="vpc-handle" isConnectable={false} />
      <Handle type="source" position={Position.Top} id="t" className="vpc-handle" isConnectable={false} />
      <Handle type="source" position={Position.Bottom} id="b" className="vpc-handle" isConnectable={false} />
      <div className="vpc-line">
        <span className="kind-tag tr-tag">Transit router</span>
        <span className="node-name">{tr.transitRouterName ?? id}</span>
        <FindingBadge id={id} />
      </div>
      <div className="sub dim">
        {tr.regionId} · {attachments} VPC{attachments === 1 ? '' : 's'}
      </div>
    </div>
  );
});
