/**
 * draw.io (`.drawio`): an uncompressed mxGraph file — VPC and vSwitch containers (children are
 * positioned relative to their container, as draw.io expects), instances, and one edge per
 * router-interface pair or peering connection. Cell IDs are the document's IDs, so a diagram
 * edited in draw.io can still be traced back to the resources.
 */
import type { Topology } from '../document/schema';
import { layoutDiagram, type DiagramNode } from './layout';
import { escapeXml as esc } from './xml';

const STYLE: Readonly<Record<DiagramNode['kind'], string>> = {
  vpc: 'rounded=1;arcSize=3;whiteSpace=wrap;container=1;collapsible=0;verticalAlign=top;align=left;spacingLeft=10;fillColor=#eff6ff;strokeColor=#2563eb;fontStyle=1;',
  vSwitch:
    'rounded=1;arcSize=4;whiteSpace=wrap;container=1;collapsible=0;verticalAlign=top;align=left;spacingLeft=8;fillColor=#ffffff;strokeColor=#93c5fd;',
  instance: 'rounded=1;whiteSpace=wrap;fontSize=10;fillColor=#f0fdf4;strokeColor=#16a34a;',
};

const EDGE_STYLE = {
  routerInterface: 'endArrow=none;strokeColor=#7c3aed;strokeWidth=2;',
  peering: 'endArrow=none;strokeColor=#0891b2;strokeWidth=2;dashed=1;',
} as const;

export function exportDrawio(document: Topology): string {
  const diagram = layoutDiagram(document);
  const byId = new Map(diagram.nodes.map((n) => [n.id, n] as const));
  const cells: string[] = ['<mxCell id="0"/>', '<mxCell id="1" parent="0"/>'];
  for (const node of diagram.nodes) {
    const parent = node.kind === 'vpc' ? undefined : byId.get(node.parentId);
    // draw.io places a child relative to its container.
    const x = node.x - (parent?.x ?? 0);
    const y = node.y - (parent?.y ?? 0);
    // Plain-text labels (no html=1): a line break is `&#10;` in the value.
    const value = `${node.label}\n${node.detail}${node.label !== node.id ? `\n${node.id}` : ''}`;
    cells.push(
      `<mxCell id="${esc(node.id)}" value="${esc(value).replace(/\n/g, '&#10;')}" style="${STYLE[node.kind]}" vertex="1" parent="${esc(parent?.id ?? '1')}">` +
        `<mxGeometry x="${x}" y="${y}" width="${node.width}" height="${node.height}" as="geometry"/></mxCell>`,
    );
  }
  for (const link of diagram.links) {
    cells.push(
      `<mxCell id="link-${esc(link.id)}" value="${esc(link.label)}" style="${EDGE_STYLE[link.kind]}" edge="1" parent="1" source="${esc(link.sourceVpcId)}" target="${esc(link.targetVpcId)}">` +
        `<mxGeometry relative="1" as="geometry"/></mxCell>`,
    );
  }
  const name = esc(document.name ?? 'vpclink topology');
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<mxfile host="vpclink" type="device">',
    `  <diagram id="vpclink" name="${name}">`,
    `    <mxGraphModel dx="${diagram.width}" dy="${diagram.height}" grid="1" gridSize="10" guides="1" tooltips="1" connect="1" arrows="1" fold="1" ` +
      `page="0" pageScale="1" pageWidth="${diagram.width}" pageHeight="${diagram.height}" math="0" shadow="0">`,
    '      <root>',
    ...cells.map((c) => `        ${c}`),
    '      </root>',
    '    </mxGraphModel>',
    '  </diagram>',
    '</mxfile>',
    '',
  ].join('\n');
}
