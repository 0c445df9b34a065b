/**
 * A standalone SVG of the document without a DOM (for `vpclink export --format svg`): the grid
 * layout of layout.ts drawn as rectangles, text and straight links. The app's own SVG export
 * (renderer/canvas/exportImage.ts) draws its ELK layout and stays the richer picture.
 */
import type { Topology } from '../document/schema';
import { layoutDiagram, type Box, type DiagramNode } from './layout';
import { escapeXml as esc } from './xml';

const FONT = "-apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif";
const MONO = "ui-monospace, 'SF Mono', Menlo, Consolas, monospace";

function text(
  x: number,
  y: number,
  content: string,
  size: number,
  fill: string,
  opts: { mono?: boolean; bold?: boolean; anchor?: string } = {},
): string {
  return (
    `<text x="${x}" y="${y}" font-family="${esc(opts.mono ? MONO : FONT)}" font-size="${size}"${opts.bold ? ' font-weight="600"' : ''} ` +
    `fill="${fill}"${opts.anchor ? ` text-anchor="${opts.anchor}"` : ''}>${esc(content)}</text>`
  );
}

function nodeSvg(node: DiagramNode): string {
  const { x, y, width: w, height: h } = node;
  switch (node.kind) {
    case 'vpc':
      return (
        `<rect x="${x}" y="${y}" width="${w}" height="${h}" rx="8" fill="#eff6ff" stroke="#2563eb" stroke-width="1.5"/>` +
        text(x + 12, y + 22, node.label, 13, '#1f2937', { bold: true }) +
        node.detail
          .split('\n')
          .map((line, i) => text(x + 12, y + 40 + i * 14, line, 10, '#475569', { mono: true }))
          .join('')
      );
    case 'vSwitch':
      return (
        `<rect x="${x}" y="${y}" width="${w}" height="${h}" rx="6" fill="#ffffff" stroke="#93c5fd"/>` +
        text(x + 10, y + 19, node.label, 12, '#1f2937', { bold: true }) +
        text(x + 10, y + 35, node.detail, 10, '#1d4ed8', { mono: true })
      );
    case 'instance':
      return (
        `<rect x="${x}" y="${y}" width="${w}" height="${h}" rx="5" fill="#f0fdf4" stroke="#16a34a"/>` +
        text(x + w / 2, y + 16, node.label, 11, '#14532d', { anchor: 'middle', bold: true }) +
        text(x + w / 2, y + 30, node.detail, 10, '#166534', { anchor: 'middle', mono: true })
      );
  }
}

/** Where the line from the centre of `from` toward the centre of `to` leaves `from`. */
function border(from: Box, to: Box): [number, number] {
  const cx = from.x + from.width / 2;
  const cy = from.y + from.height / 2;
  const dx = to.x + to.width / 2 - cx;
  const dy = to.y + to.height / 2 - cy;
  if (dx === 0 && dy === 0) return [cx, cy];
  const t = Math.min(
    dx === 0 ? Infinity : from.width / 2 / Math.abs(dx),
    dy === 0 ? Infinity : from.height / 2 / Math.abs(dy),
  );
  return [cx + t * dx, cy + t * dy];
}

export function exportSvg(document: Topology): string {
  const diagram = layoutDiagram(document);
  const vpcs = new Map(diagram.nodes.filter((n) => n.kind === 'vpc').map((n) => [n.id, n] as const));
  const links = diagram.links.map((link) => {
    const a = vpcs.get(link.sourceVpcId)!;
    const b = vpcs.get(link.targetVpcId)!;
    // From border to border along the line between the two centres.
    const [x1, y1] = border(a, b);
    const [x2, y2] = border(b, a);
    const colour = link.kind === 'peering' ? '#0891b2' : '#7c3aed';
    return (
      `<line x1="${x1}" y1="${y1}" x2="${x2}" y2="${y2}" stroke="${colour}" stroke-width="2"${link.kind === 'peering' ? ' stroke-dasharray="6 4"' : ''}/>` +
      text((x1 + x2) / 2, (y1 + y2) / 2 - 6, link.label, 10, colour, { anchor: 'middle', mono: true })
    );
  });
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${diagram.width}" height="${diagram.height}" viewBox="0 0 ${diagram.width} ${diagram.height}">`,
    `<title>${esc(document.name ?? 'vpclink topology')}</title>`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    ...diagram.nodes.map(nodeSvg),
    // Links on top of the containers they join, labels readable.
    ...links,
    '</svg>',
    '',
  ].join('\n');
}
