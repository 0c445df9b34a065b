/**
 * Export of the diagram as a standalone SVG (drawn from the layout, not screenshotted, so it is
 * crisp and editable), and as PNG by rasterising that SVG on a canvas.
 */
import type { Topology } from '../../simulator/document/schema';
import { buildEdges, edgeSides } from './linkEdges';
import { buildPeeringEdges } from './PeeringEdge';
import type { LayoutResult, LaidOutNode } from './layout';
import { indexOf } from '../state';

const esc = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const FONT = `-apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif`;
const MONO = `ui-monospace, 'SF Mono', Menlo, Consolas, monospace`;

function text(
  x: number,
  y: number,
  content: string,
  opts: { size?: number; weight?: number; fill?: string; mono?: boolean; anchor?: string } = {},
): string {
  return (
    `<text x="${x}" y="${y}" font-family="${esc(opts.mono ? MONO : FONT)}" font-size="${opts.size ?? 12}" font-weight="${opts.weight ?? 400}" ` +
    `fill="${opts.fill ?? '#1f2937'}"${opts.anchor ? ` text-anchor="${opts.anchor}"` : ''}>${esc(content)}</text>`
  );
}

function nodeSvg(doc: Topology, n: LaidOutNode): string {
  const index = indexOf(doc);
  const { absX: x, absY: y, width: w, height: h } = n;
  switch (n.kind) {
    case 'account': {
      const account = doc.accounts.find((a) => a.accountId === n.id);
      return (
        `<rect x="${x}" y="${y}" width="${w}" height="${h}" rx="8" fill="#f8fafc" stroke="#94a3b8"/>` +
        text(x + 14, y + 22, `Account · ${account?.name ?? n.id}`, { weight: 600 }) +
        text(x + w - 14, y + 22, n.id, { size: 11, fill: '#64748b', mono: true, anchor: 'end' })
      );
    }
    case 'region':
      return (
        `<rect x="${x}" y="${y}" width="${w}" height="${h}" rx="6" fill="#ffffff" stroke="#cbd5e1" stroke-dasharray="4 3"/>` +
        text(x + 12, y + 20, n.label, { size: 11, weight: 600, fill: '#475569' })
      );
    case 'vpc': {
      const vpc = index.vpcs.get(n.id);
      return (
        `<rect x="${x}" y="${y}" width="${w}" height="${h}" rx="6" fill="#eff6ff" stroke="#2563eb" stroke-width="1.5"/>` +
        text(x + 12, y + 22, vpc?.name ?? n.id, { weight: 600, size: 13 }) +
        text(x + w - 12, y + 22, vpc?.cidrBlock ?? '', { mono: true, anchor: 'end', fill: '#1d4ed8' }) +
        text(x + 12, y + 40, n.id, { size: 10, mono: true, fill: '#64748b' })
      );
    }
    case 'vSwitch': {
      const vsw = index.vSwitches.get(n.id);
      return (
        `<rect x="${x}" y="${y}" width="${w}" height="${h}" rx="5" fill="#ffffff" stroke="#93c5fd"/>` +
        text(x + 10, y + 19, vsw?.name ?? n.id, { weight: 600, size: 12 }) +
        text(x + w - 10, y + 19, vsw?.cidrBlock ?? '', { mono: true, anchor: 'end', size: 11, fill: '#1d4ed8' }) +
        text(x + 10, y + 35, vsw?.zoneId ?? '', { size: 10, fill: '#64748b' })
      );
    }
    case 'instance': {
      const inst = index.instances.get(n.id);
      const groups = inst?.securityGroupIds.map((g) => index.securityGroups.get(g)?.name ?? g).join(', ') ?? '';
      return (
        `<rect x="${x}" y="${y}" width="${w}" height="${h}" rx="4" fill="#ffffff" stroke="#64748b"/>` +
        text(x + 10, y + 18, inst?.name ?? n.id, { weight: 600, size: 12 }) +
        text(x + 10, y + 35, inst?.privateIpAddress ?? '', { mono: true, size: 11 }) +
        text(x + 10, y + 51, groups.length > 30 ? groups.slice(0, 29) + '…' : groups, { size: 10, fill: '#64748b' })
      );
    }
    case 'transitRouter': {
      const tr = (doc.transitRouters ?? []).find((t) => t.transitRouterId === n.id);
      return (
        `<rect x="${x}" y="${y}" width="${w}" height="${h}" rx="10" fill="#fdf4ff" stroke="#a21caf" stroke-width="1.5"/>` +
        text(x + 12, y + 22, `Transit router · ${n.label}`, { weight: 600, size: 12 }) +
        text(x + 12, y + 40, tr?.regionId ?? '', { size: 10, fill: '#64748b' })
      );
    }
  }
}

const EDGE_COLOURS = { active: '#16a34a', idle: '#94a3b8', mismatch: '#dc2626' } as const;
const PEERING_COLOURS = { active: '#0f766e', pending: '#b45309', broken: '#dc2626' } as const;

export function diagramSvg(doc: Topology, layout: LayoutResult): string {
  const pad = 24;
  const width = Math.ceil(layout.width + pad * 2);
  const height = Math.ceil(layout.height + pad * 2);
  const body = layout.nodes.map((n) => nodeSvg(doc, n)).join('\n');
  // Router-interface pairs and peering connections, drawn as on the canvas (PeeringEdge.tsx).
  const links = [
    ...buildEdges(doc, layout).map((e) => ({
      e,
      colour: EDGE_COLOURS[e.data?.state ?? 'idle'],
      dashed: e.data?.state === 'mismatch',
      stroke: 2.5,
      label: `${e.data?.spec ?? ''} · ${e.data?.statusText ?? ''}`,
    })),
    ...buildPeeringEdges(doc, (a, b) => edgeSides(layout, a, b)).map((e) => ({
      e,
      colour: PEERING_COLOURS[e.data?.state ?? 'pending'],
      dashed: e.data?.state !== 'active',
      stroke: 4,
      label: `Peering · ${e.data?.bandwidthText ?? ''} · ${e.data?.statusText ?? ''}`,
    })),
  ];
  const edges = links
    .map(({ e, colour, dashed, stroke, label }) => {
      const a = layout.byId.get(e.source);
      const b = layout.byId.get(e.target);
      if (!a || !b) return '';
      const side = (n: LaidOutNode, handle: string | null | undefined) =>
        handle === 'l'
          ? [n.absX, n.absY + n.height / 2]
          : handle === 'r'
            ? [n.absX + n.width, n.absY + n.height / 2]
            : handle === 't'
              ? [n.absX + n.width / 2, n.absY]
              : [n.absX + n.width / 2, n.absY + n.height];
      const [x1, y1] = side(a, e.sourceHandle);
      const [x2, y2] = side(b, e.targetHandle);
      const mx = (x1 + x2) / 2;
      const my = (y1 + y2) / 2;
      const lw = label.length * 6.5 + 16;
      return (
        `<path d="M${x1},${y1} C${mx},${y1} ${mx},${y2} ${x2},${y2}" fill="none" stroke="${colour}" stroke-width="${stroke}"${dashed ? ' stroke-dasharray="6 4"' : ''}/>` +
        `<rect x="${mx - lw / 2}" y="${my - 11}" width="${lw}" height="22" rx="11" fill="#ffffff" stroke="${colour}"/>` +
        text(mx, my + 4, label, { size: 11, anchor: 'middle', fill: '#1f2937' })
      );
    })
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="${-pad} ${-pad} ${width} ${height}">
<title>${esc(doc.name ?? 'vpclink diagram')}</title>
<rect x="${-pad}" y="${-pad}" width="${width}" height="${height}" fill="#ffffff"/>
${body}
${edges}
</svg>
`;
}

/** Rasterises the SVG at `scale` (2 = crisp on HiDPI screens). */
export async function svgToPngBase64(svg: string, scale = 2): Promise<string> {
  const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
  try {
    const image = new Image();
    await new Promise<void>((resolve, reject) => {
      image.onload = () => resolve();
      image.onerror = () => reject(new Error('the SVG could not be rendered'));
      image.src = url;
    });
    const canvas = document.createElement('canvas');
    canvas.width = Math.ceil(image.width * scale);
    canvas.height = Math.ceil(image.height * scale);
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('no 2D canvas available');
    ctx.scale(scale, scale);
    ctx.drawImage(image, 0, 0);
    return canvas.toDataURL('image/png').replace(/^data:image\/png;base64,/, '');
  } finally {
    URL.revokeObjectURL(url);
  }
}

export function utf8ToBase64(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}
