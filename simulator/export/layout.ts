/**
 * A plain grid layout of a document for the exports that need coordinates (draw.io, SVG) outside
 * the app: VPC containers in rows, their vSwitches side by side inside, instances stacked in each
 * vSwitch; links (router-interface pairs, peering connections) between VPCs. Deterministic and
 * DOM-free (the app's ELK layout lives in the renderer, which the CLI may not import).
 */
import type { Topology } from '../document/schema';
import { groupBy } from '../model/topologyIndex';

export interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export type DiagramNode =
  | (Box & { readonly kind: 'vpc'; readonly id: string; readonly label: string; readonly detail: string })
  | (Box & {
      readonly kind: 'vSwitch';
      readonly id: string;
      readonly parentId: string;
      readonly label: string;
      readonly detail: string;
    })
  | (Box & {
      readonly kind: 'instance';
      readonly id: string;
      readonly parentId: string;
      readonly label: string;
      readonly detail: string;
    });

export interface DiagramLink {
  readonly kind: 'routerInterface' | 'peering';
  /** The initiating interface, or the peering connection. */
  readonly id: string;
  readonly sourceVpcId: string;
  readonly targetVpcId: string;
  readonly label: string;
}

export interface Diagram {
  /** Absolute coordinates; vSwitches and instances also name their container. */
  readonly nodes: readonly DiagramNode[];
  readonly links: readonly DiagramLink[];
  readonly width: number;
  readonly height: number;
}

const INSTANCE = { width: 170, height: 38, gap: 10 };
const VSWITCH = { width: 190, header: 46, pad: 10 };
const VPC = { header: 72, pad: 16, gap: 160, perRow: 3, minWidth: 300 };
const MARGIN = 24;

export function layoutDiagram(document: Topology): Diagram {
  const nodes: DiagramNode[] = [];
  const vSwitchesByVpc = groupBy(document.vSwitches, (s) => s.vpcId);
  const instancesBySwitch = groupBy(document.instances, (i) => i.vSwitchId);
  let x = MARGIN;
  let y = MARGIN;
  let rowHeight = 0;
  let width = 0;
  const seenVpcs = new Set<string>();
  document.vpcs.forEach((vpc) => {
    if (seenVpcs.has(vpc.vpcId)) return;
    seenVpcs.add(vpc.vpcId);
    if (seenVpcs.size > 1 && (seenVpcs.size - 1) % VPC.perRow === 0) {
      x = MARGIN;
      y += rowHeight + VPC.gap;
      rowHeight = 0;
    }
    const switches = vSwitchesByVpc.get(vpc.vpcId) ?? [];
    const inner: DiagramNode[] = [];
    let sx = x + VPC.pad;
    let tallest = 0;
    for (const vSwitch of switches) {
      const members = instancesBySwitch.get(vSwitch.vSwitchId) ?? [];
      const height = VSWITCH.header + members.length * (INSTANCE.height + INSTANCE.gap) + VSWITCH.pad;
      const sy = y + VPC.header;
      inner.push({
        kind: 'vSwitch',
        id: vSwitch.vSwitchId,
        parentId: vpc.vpcId,
        label: vSwitch.name ?? vSwitch.vSwitchId,
        detail: `${vSwitch.cidrBlock} · ${vSwitch.zoneId}`,
        x: sx,
        y: sy,
        width: VSWITCH.width,
        height,
      });
      members.forEach((instance, k) => {
        inner.push({
          kind: 'instance',
          id: instance.instanceId,
          parentId: vSwitch.vSwitchId,
          label: instance.name ?? instance.instanceId,
          detail: instance.privateIpAddress,
          x: sx + (VSWITCH.width - INSTANCE.width) / 2,
          y: sy + VSWITCH.header + k * (INSTANCE.height + INSTANCE.gap),
          width: INSTANCE.width,
          height: INSTANCE.height,
        });
      });
      sx += VSWITCH.width + VSWITCH.pad;
      tallest = Math.max(tallest, height);
    }
    const vpcWidth = Math.max(VPC.minWidth, sx - x + VPC.pad - VSWITCH.pad);
    const vpcHeight = VPC.header + tallest + VPC.pad;
    nodes.push({
      kind: 'vpc',
      id: vpc.vpcId,
      label: vpc.name ?? vpc.vpcId,
      detail: `${vpc.cidrBlock} · ${vpc.regionId}\naccount ${vpc.accountId}`,
      x,
      y,
      width: vpcWidth,
      height: vpcHeight,
    });
    nodes.push(...inner);
    x += vpcWidth + VPC.gap;
    width = Math.max(width, x - VPC.gap + MARGIN);
    rowHeight = Math.max(rowHeight, vpcHeight);
  });
  return {
    nodes,
    links: diagramLinks(document, seenVpcs),
    width: Math.max(width, 2 * MARGIN),
    height: y + rowHeight + MARGIN,
  };
}

/** One link per router-interface pair (drawn once, from the initiator) and per peering connection. */
function diagramLinks(document: Topology, vpcIds: ReadonlySet<string>): DiagramLink[] {
  const vpcByRouter = new Map(document.vpcs.map((v) => [v.vRouterId, v.vpcId] as const));
  const byId = new Map(document.routerInterfaces.map((r) => [r.routerInterfaceId, r] as const));
  const links: DiagramLink[] = [];
  const drawn = new Set<string>();
  for (const ri of document.routerInterfaces) {
    const opposite = ri.oppositeInterfaceId === undefined ? undefined : byId.get(ri.oppositeInterfaceId);
    const source = vpcByRouter.get(ri.routerId);
    const target = opposite ? vpcByRouter.get(opposite.routerId) : vpcByRouter.get(ri.oppositeRouterId ?? '');
    if (source === undefined || target === undefined || drawn.has(ri.routerInterfaceId)) continue;
    drawn.add(ri.routerInterfaceId);
    if (opposite) drawn.add(opposite.routerInterfaceId);
    const initiator = ri.role === 'InitiatingSide' || !opposite ? ri : opposite;
    links.push({
      kind: 'routerInterface',
      id: initiator.routerInterfaceId,
      sourceVpcId: initiator === ri ? source : target,
      targetVpcId: initiator === ri ? target : source,
      label: `${initiator.routerInterfaceId} (${initiator.spec}${initiator.status ? `, ${initiator.status}` : ''})`,
    });
  }
  for (const pcc of peerConnections(document)) {
    if (!vpcIds.has(pcc.vpcId) || !vpcIds.has(pcc.acceptingVpcId)) continue;
    links.push({
      kind: 'peering',
      id: pcc.instanceId,
      sourceVpcId: pcc.vpcId,
      targetVpcId: pcc.acceptingVpcId,
      label: `${pcc.instanceId} (peering${pcc.status ? `, ${pcc.status}` : ''})`,
    });
  }
  return links;
}

/** The `vpcPeerConnections` of §4.1, read defensively (the array may be absent from the schema). */
export interface PeerConnectionLike {
  readonly instanceId: string;
  readonly vpcId: string;
  readonly acceptingVpcId: string;
  readonly name?: string;
  readonly acceptingOwnerUid?: string;
  readonly acceptingRegionId?: string;
  readonly bandwidth?: number;
  readonly status?: string;
}

export function peerConnections(document: Topology): PeerConnectionLike[] {
  const list = (document as { readonly vpcPeerConnections?: unknown }).vpcPeerConnections;
  if (!Array.isArray(list)) return [];
  return list.filter(
    (p): p is PeerConnectionLike =>
      typeof p === 'object' &&
      p !== null &&
      typeof (p as PeerConnectionLike).instanceId === 'string' &&
      typeof (p as PeerConnectionLike).vpcId === 'string' &&
      typeof (p as PeerConnectionLike).acceptingVpcId === 'string',
  );
}
