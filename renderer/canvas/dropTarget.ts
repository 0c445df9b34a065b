/** Which VPC a dragged VPC is over (the "drop one VPC on another to connect them" gesture). */
import type { ReactFlowInstance, XYPosition } from '@xyflow/react';
import { create } from 'zustand';
import type { TopologyIndex } from '../../simulator/model/topologyIndex';

export const useDropTarget = create<{ readonly targetId: string | null }>()(() => ({ targetId: null }));

/** The VPC (other than `draggedId`) whose box contains `point` (diagram coordinates), or null. */
export function vpcUnderPoint(
  flow: Pick<ReactFlowInstance, 'getInternalNode'>,
  index: TopologyIndex,
  point: XYPosition,
  draggedId: string,
): string | null {
  for (const vpcId of index.vpcs.keys()) {
    if (vpcId === draggedId) continue;
    const node = flow.getInternalNode(vpcId);
    if (!node || node.hidden) continue;
    const { x, y } = node.internals.positionAbsolute;
    const width = node.measured.width ?? node.width ?? 0;
    const height = node.measured.height ?? node.height ?? 0;
    if (point.x >= x && point.x <= x + width && point.y >= y && point.y <= y + height) return vpcId;
  }
  return null;
}
