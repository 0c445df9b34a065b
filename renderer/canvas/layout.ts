/**
 * Automatic layout. Inside a VPC the arrangement is fixed and deterministic (vSwitches stacked,
 * instances in a grid), so editing one VPC never moves another's contents. elk (layered, left to
 * right) places accounts, regions and VPCs, using the router-interface pairs as edges, so
 * connected VPCs face each other and accounts and regions stay apart as nested groups.
 * Positions stored in the document (`layout.positions`, relative to the parent) win; groups grow
 * to hold moved children.
 */
import type { ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk-api';
import type { Topology } from '../../simulator/document/schema';
import { transitRouterLayoutKey } from './transitRouters';

/** `transitRouter`: a CEN hub, placed after the layout by transitRouters.ts. */
export type NodeKind = 'account' | 'region' | 'vpc' | 'vSwitch' | 'instance' | 'transitRouter';

export interface LaidOutNode {
  readonly id: string;
  readonly kind: NodeKind;
  readonly parentId?: string;
  /** Relative to the parent. */
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  /** Absolute (for edges and export). */
  readonly absX: number;
  readonly absY: number;
  readonly label: string;
}

export interface LayoutResult {
  /** Parents before children (React Flow needs that order). */
  readonly nodes: readonly LaidOutNode[];
  readonly byId: ReadonlyMap<string, LaidOutNode>;
  readonly width: number;
  readonly height: number;
}

export const SIZES = {
  instance: { width: 196, height: 64 },
  vSwitchPad: { top: 50, side: 12, bottom: 12, gap: 12 },
  vSwitchMin: { width: 220, height: 64 },
  vpcPad: { top: 58, side: 14, bottom: 14, gap: 14 },
  vpcMin: { width: 250, height: 96 },
  regionPad: { top: 34, side: 18, bottom: 18 },
  accountPad: { top: 38, side: 18, bottom: 18 },
} as const;

export function regionNodeId(accountId: string, regionId: string): string {
  return `region:${accountId}:${regionId}`;
}

interface Box {
  id: string;
  kind: NodeKind;
  width: number;
  height: number;
  label: string;
  children: { box: Box; x: number; y: number }[];
}

/** Instances per row inside a vSwitch: a wide grid, so a VPC with many instances stays compact. */
function columnsFor(count: number): number {
  if (count <= 3) return Math.max(1, count);
  return Math.min(6, Math.ceil(Math.sqrt(count * 1.5)));
}

function vSwitchBox(
  names: ReadonlyMap<string, string>,
  vSwitchId: string,
  label: string,
  instanceIds: readonly string[],
): Box {
  const { width: iw, height: ih } = SIZES.instance;
  const pad = SIZES.vSwitchPad;
  const cols = columnsFor(instanceIds.length);
  const children = instanceIds.map((id, n) => ({
    box: { id, kind: 'instance' as const, width: iw, height: ih, label: names.get(id) ?? id, children: [] },
    x: pad.side + (n % cols) * (iw + pad.gap),
    y: pad.top + Math.floor(n / cols) * (ih + pad.gap),
  }));
  const rows = Math.ceil(instanceIds.length / cols);
  return {
    id: vSwitchId,
    kind: 'vSwitch',
    label,
    width: Math.max(SIZES.vSwitchMin.width, pad.side * 2 + cols * iw + (cols - 1) * pad.gap),
    height: Math.max(SIZES.vSwitchMin.height, pad.top + rows * ih + Math.max(0, rows - 1) * pad.gap + pad.bottom),
    children,
  };
}

function vpcBox(id: string, label: string, vSwitches: Box[]): Box {
  const pad = SIZES.vpcPad;
  // A few vSwitches stack in a column; many form a grid of rows, so a big VPC stays roughly square.
  const cols = vSwitches.length <= 3 ? 1 : Math.ceil(Math.sqrt(vSwitches.length));
  const children: { box: Box; x: number; y: number }[] = [];
  let y = pad.top;
  let width = 0;
  for (let row = 0; row * cols < vSwitches.length; row++) {
    const items = vSwitches.slice(row * cols, row * cols + cols);
    let x = pad.side;
    for (const box of items) {
      children.push({ box, x, y });
      x += box.width + pad.gap;
    }
    width = Math.max(width, x - pad.gap + pad.side);
    y += Math.max(...items.map((b) => b.height)) + pad.gap;
  }
  return {
    id,
    kind: 'vpc',
    label,
    width: Math.max(SIZES.vpcMin.width, width),
    height: Math.max(SIZES.vpcMin.height, (vSwitches.length ? y - pad.gap : y) + pad.bottom),
    children,
  };
}

/** The inner boxes (VPCs with their contents) and the account → region grouping. */
/**
 * The boxes of the last document asked for: the simple layout and `composeLayout` both need them,
 * for the same document, one after the other. Nobody mutates them (both copy what they place).
 */
let lastBoxes: { readonly doc: Topology; readonly boxes: ReturnType<typeof computeBoxes> } | null = null;

function buildBoxes(doc: Topology): ReturnType<typeof computeBoxes> {
  if (lastBoxes?.doc !== doc) lastBoxes = { doc, boxes: computeBoxes(doc) };
  return lastBoxes.boxes;
}

function computeBoxes(doc: Topology) {
  const instancesByVsw = new Map<string, string[]>();
  for (const i of doc.instances) {
    const list = instancesByVsw.get(i.vSwitchId);
    if (list) list.push(i.instanceId);
    else instancesByVsw.set(i.vSwitchId, [i.instanceId]);
  }
  // First wins, as a lookup by id would (duplicate ids are a validation finding, not a layout concern).
  const instanceNames = new Map(
    doc.instances.map((i): [string, string] => [i.instanceId, i.name ?? i.instanceId]).reverse(),
  );
  const vswByVpc = new Map<string, Box[]>();
  const vpcIds = new Set(doc.vpcs.map((v) => v.vpcId));
  const orphans: Box[] = [];
  for (const s of doc.vSwitches) {
    const box = vSwitchBox(instanceNames, s.vSwitchId, s.name ?? s.vSwitchId, instancesByVsw.get(s.vSwitchId) ?? []);
    if (vpcIds.has(s.vpcId)) {
      const list = vswByVpc.get(s.vpcId);
      if (list) list.push(box);
      else vswByVpc.set(s.vpcId, [box]);
    } else orphans.push(box);
  }
  const vswIds = new Set(doc.vSwitches.map((s) => s.vSwitchId));
  for (const i of doc.instances) {
    if (!vswIds.has(i.vSwitchId))
      orphans.push({
        id: i.instanceId,
        kind: 'instance',
        label: i.name ?? i.instanceId,
        ...SIZES.instance,
        children: [],
      });
  }
  const vpcBoxes = new Map(
    doc.vpcs.map((v) => [v.vpcId, vpcBox(v.vpcId, v.name ?? v.vpcId, vswByVpc.get(v.vpcId) ?? [])]),
  );
  // account → region → vpc ids, in document order (accounts listed first, then undeclared ones).
  const accounts = new Map<string, Map<string, string[]>>();
  for (const a of doc.accounts) accounts.set(a.accountId, new Map());
  for (const v of doc.vpcs) {
    let regions = accounts.get(v.accountId);
    if (!regions) accounts.set(v.accountId, (regions = new Map()));
    const list = regions.get(v.regionId);
    if (list) list.push(v.vpcId);
    else regions.set(v.regionId, [v.vpcId]);
  }
  return { vpcBoxes, accounts, orphans };
}

/** VPC pairs joined by router interfaces (by the vRouter each end sits on). */
export function connectedVpcPairs(doc: Topology): [string, string][] {
  const vpcByRouter = new Map(doc.vpcs.map((v) => [v.vRouterId, v.vpcId]));
  const riById = new Map(doc.routerInterfaces.map((r) => [r.routerInterfaceId, r]));
  const seen = new Set<string>();
  const pairs: [string, string][] = [];
  for (const ri of doc.routerInterfaces) {
    const a = vpcByRouter.get(ri.routerId);
    const oppositeRouter =
      (ri.oppositeInterfaceId && riById.get(ri.oppositeInterfaceId)?.routerId) || ri.oppositeRouterId;
    const b = oppositeRouter ? vpcByRouter.get(oppositeRouter) : undefined;
    if (!a || !b || a === b) continue;
    const [first, second] = ri.role === 'AcceptingSide' ? [b, a] : [a, b];
    const key = [first, second].sort().join('|');
    if (seen.has(key)) continue;
    seen.add(key);
    pairs.push([first, second]);
  }
  return pairs;
}

/** What the automatic layout depends on; when it is unchanged, the previous layout is reused. */
export function layoutKey(
  doc: Pick<
    Topology,
    | 'accounts'
    | 'vpcs'
    | 'vSwitches'
    | 'instances'
    | 'routerInterfaces'
    | 'layout'
    | 'transitRouters'
    | 'transitRouterVpcAttachments'
  >,
): string {
  return JSON.stringify([
    doc.accounts.map((a) => a.accountId),
    doc.vpcs.map((v) => [v.vpcId, v.accountId, v.regionId, v.vRouterId, v.name]),
    doc.vSwitches.map((s) => [s.vSwitchId, s.vpcId, s.name]),
    doc.instances.map((i) => [i.instanceId, i.vSwitchId]),
    doc.routerInterfaces.map((r) => [
      r.routerInterfaceId,
      r.routerId,
      r.oppositeInterfaceId,
      r.oppositeRouterId,
      r.role,
    ]),
    doc.layout?.positions ?? null,
    transitRouterLayoutKey(doc),
  ]);
}

const LAYERED = {
  'elk.algorithm': 'layered',
  'elk.direction': 'RIGHT',
  'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
  'elk.layered.crossingMinimization.forceNodeModelOrder': 'true',
  'elk.edgeRouting': 'POLYLINE',
};

/** The elk graph: accounts → regions → VPCs (fixed-size leaves), with VPC pairs as edges. */
export function buildElkGraph(doc: Topology): ElkNode {
  const { vpcBoxes, accounts, orphans } = buildBoxes(doc);
  const pad = (p: { top: number; side: number; bottom: number }) =>
    `[top=${p.top},left=${p.side},bottom=${p.bottom},right=${p.side}]`;
  const accountNodes: ElkNode[] = [...accounts.entries()].map(([accountId, regions]) => ({
    id: accountId,
    layoutOptions: {
      ...LAYERED,
      'elk.padding': pad(SIZES.accountPad),
      'elk.spacing.nodeNode': '40',
      'elk.layered.spacing.nodeNodeBetweenLayers': '150',
      // Room for the header (name and UID) even around a small region.
      'elk.nodeSize.constraints': 'MINIMUM_SIZE',
      'elk.nodeSize.minimum': '(350, 80)',
    },
    children: regions.size
      ? [...regions.entries()].map(([regionId, vpcIds]) => ({
          id: regionNodeId(accountId, regionId),
          layoutOptions: {
            ...LAYERED,
            'elk.padding': pad(SIZES.regionPad),
            'elk.spacing.nodeNode': '36',
            'elk.layered.spacing.nodeNodeBetweenLayers': '150',
          },
          children: vpcIds.map((id) => ({ id, width: vpcBoxes.get(id)!.width, height: vpcBoxes.get(id)!.height })),
        }))
      : [{ id: `${accountId}:empty`, width: 220, height: 40 }],
  }));
  const edges: ElkExtendedEdge[] = connectedVpcPairs(doc).map(([a, b], n) => ({
    id: `e${n}`,
    sources: [a],
    targets: [b],
  }));
  return {
    id: 'root',
    layoutOptions: {
      ...LAYERED,
      'elk.hierarchyHandling': 'INCLUDE_CHILDREN',
      'elk.spacing.nodeNode': '48',
      'elk.layered.spacing.nodeNodeBetweenLayers': '90',
      'elk.padding': '[top=20,left=20,bottom=20,right=20]',
    },
    children: [...accountNodes, ...orphans.map((o) => ({ id: o.id, width: o.width, height: o.height }))],
    edges,
  };
}

/**
 * Above this many elk nodes + edges (accounts, regions, VPCs, VPC pairs) the whole graph is not
 * handed to elk: a hierarchical layered layout with cross-hierarchy edges costs seconds at 50 VPCs
 * (M: ~2 s warm, 11 s on a loaded machine; L: 5+ s) and elkjs 0.x throws "Cannot read properties
 * of undefined (reading 'a')" on such graphs when model order is considered. The examples and S
 * (a dozen elk nodes) stay well below it.
 */
export const ELK_MAX_GRAPH_SIZE = 60;
/** elk that has not answered by then is abandoned for the simple layout. */
export const ELK_TIMEOUT_MS = 6000;

/** elk nodes (every node below the root) + edges. */
export function elkGraphSize(graph: ElkNode): number {
  let size = graph.edges?.length ?? 0;
  for (const child of graph.children ?? []) size += 1 + elkGraphSize(child);
  return size;
}

/** Left-to-right rows, wrapped at a width that makes the whole block roughly 1.6 : 1. */
function shelf(
  items: readonly { width: number; height: number }[],
  gap: number,
): { at: { x: number; y: number }[]; width: number; height: number } {
  if (items.length === 0) return { at: [], width: 0, height: 0 };
  const area = items.reduce((sum, b) => sum + (b.width + gap) * (b.height + gap), 0);
  const rowWidth = Math.max(...items.map((b) => b.width), Math.sqrt(area * 1.6));
  const at: { x: number; y: number }[] = [];
  let x = 0;
  let y = 0;
  let rowHeight = 0;
  let width = 0;
  for (const b of items) {
    if (x > 0 && x + b.width > rowWidth) {
      y += rowHeight + gap;
      x = 0;
      rowHeight = 0;
    }
    at.push({ x, y });
    width = Math.max(width, x + b.width);
    rowHeight = Math.max(rowHeight, b.height);
    x += b.width + gap;
  }
  return { at, width, height: y + rowHeight };
}

/**
 * The simple layout: the same nesting as the elk graph (accounts → regions → VPCs, orphans at the
 * top level), each group sized from its children packed in rows, in document order. Returned in
 * elk's result shape so `composeLayout` applies the inner layout and stored positions as usual.
 * Linear in the number of nodes and deterministic: the same structure gives the same positions.
 */
export function simpleLayoutGraph(doc: Topology): ElkNode {
  const { vpcBoxes, accounts, orphans } = buildBoxes(doc);
  const group = (
    id: string,
    pad: { top: number; side: number; bottom: number },
    gap: number,
    children: ElkNode[],
    min: { width: number; height: number },
  ): ElkNode => {
    const packed = shelf(children as { width: number; height: number }[], gap);
    children.forEach((c, n) => {
      c.x = pad.side + packed.at[n].x;
      c.y = pad.top + packed.at[n].y;
    });
    return {
      id,
      width: Math.max(min.width, packed.width + pad.side * 2),
      height: Math.max(min.height, packed.height + pad.top + pad.bottom),
      children,
    };
  };
  const accountNodes = [...accounts.entries()].map(([accountId, regions]) => {
    const regionNodes: ElkNode[] = regions.size
      ? [...regions.entries()].map(([regionId, vpcIds]) =>
          group(
            regionNodeId(accountId, regionId),
            SIZES.regionPad,
            36,
            vpcIds.map((id) => ({ id, width: vpcBoxes.get(id)!.width, height: vpcBoxes.get(id)!.height })),
            { width: 0, height: 0 },
          ),
        )
      : [{ id: `${accountId}:empty`, width: 220, height: 40 }];
    return group(accountId, SIZES.accountPad, 40, regionNodes, { width: 350, height: 80 });
  });
  const top = [...accountNodes, ...orphans.map((o) => ({ id: o.id, width: o.width, height: o.height }))];
  return group('root', { top: 20, side: 20, bottom: 20 }, 48, top, { width: 0, height: 0 });
}

export type LayoutEngine =
  | { readonly kind: 'elk' }
  /** Why elk was not used: too big for it, it threw, or it did not answer in time. */
  | { readonly kind: 'simple'; readonly reason: 'large' | 'failed' | 'timeout'; readonly detail?: string };

export interface PlacedGraph {
  readonly graph: ElkNode;
  readonly engine: LayoutEngine;
}

/** Without these two options elk does not throw on graphs with several cross-hierarchy edges. */
function withoutModelOrder(node: ElkNode): ElkNode {
  const options = node.layoutOptions ? { ...node.layoutOptions } : undefined;
  if (options) {
    delete options['elk.layered.considerModelOrder.strategy'];
    delete options['elk.layered.crossingMinimization.forceNodeModelOrder'];
  }
  return {
    ...node,
    ...(options ? { layoutOptions: options } : {}),
    ...(node.children ? { children: node.children.map(withoutModelOrder) } : {}),
  };
}

/**
 * Places accounts, regions and VPCs: elk for small graphs (retried once without model order if it
 * throws), the simple layout for large ones and whenever elk throws or does not answer within
 * `timeoutMs`. Never rejects, so the canvas is never left empty.
 */
export async function placeGraph(
  doc: Topology,
  runElk: (graph: ElkNode) => Promise<ElkNode>,
  options: { readonly timeoutMs?: number; readonly maxGraphSize?: number } = {},
): Promise<PlacedGraph> {
  const maxGraphSize = options.maxGraphSize ?? ELK_MAX_GRAPH_SIZE;
  // Every VPC is a node of the elk graph: with more VPCs than the limit it is too large, known
  // without building it (building it lays out every vSwitch and instance, as composeLayout does again).
  if (doc.vpcs.length > maxGraphSize)
    return { graph: simpleLayoutGraph(doc), engine: { kind: 'simple', reason: 'large' } };
  const graph = buildElkGraph(doc);
  // Nothing to place (the empty document the app shows until the startup document arrives): elk
  // would answer with the same empty graph, after its worker had compiled 1.4 MB of script on a
  // core the first render of that document needs.
  if (!graph.children?.length) return { graph: simpleLayoutGraph(doc), engine: { kind: 'elk' } };
  if (elkGraphSize(graph) > maxGraphSize)
    return { graph: simpleLayoutGraph(doc), engine: { kind: 'simple', reason: 'large' } };
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<'timeout'>(
    (resolve) => (timer = setTimeout(() => resolve('timeout'), options.timeoutMs ?? ELK_TIMEOUT_MS)),
  );
  const attempt = async (g: ElkNode): Promise<ElkNode | 'timeout'> =>
    Promise.race([Promise.resolve().then(() => runElk(g)), timeout]);
  try {
    let result: ElkNode | 'timeout';
    try {
      result = await attempt(graph);
    } catch {
      result = await attempt(withoutModelOrder(graph));
    }
    if (result === 'timeout') return { graph: simpleLayoutGraph(doc), engine: { kind: 'simple', reason: 'timeout' } };
    return { graph: result, engine: { kind: 'elk' } };
  } catch (error) {
    return {
      graph: simpleLayoutGraph(doc),
      engine: { kind: 'simple', reason: 'failed', detail: error instanceof Error ? error.message : String(error) },
    };
  } finally {
    clearTimeout(timer);
  }
}

/** Positions stored in the document, by node ID, relative to the parent. */
type StoredPositions = Readonly<Record<string, { readonly x: number; readonly y: number }>>;

/** A node while stored positions and growing groups still move it; frozen into a `LaidOutNode` at the end. */
interface GrowingNode {
  id: string;
  kind: NodeKind;
  parentId?: string;
  x: number;
  y: number;
  width: number;
  height: number;
  label: string;
  children: GrowingNode[];
}

/**
 * Combines the elk result with the fixed inner layout and the stored positions, in three stages:
 * the tree as elk placed it, then stored positions and growing groups, then one flat list.
 */
export function composeLayout(doc: Topology, elkResult: ElkNode): LayoutResult {
  const positions: StoredPositions = doc.layout?.positions ?? {};
  const roots = treeAsPlaced(doc, elkResult);
  roots.forEach((root) => applyStoredPositions(root, positions));
  roots.forEach((root) => separateOverlaps(root, positions));
  separateSiblings(roots, positions);
  return flatten(roots);
}

/**
 * Accounts and regions where elk put them, each VPC's fixed inner arrangement (vSwitches,
 * instances: `buildBoxes`) at elk's place for it, and the orphans (nodes without an account) as roots.
 */
function treeAsPlaced(doc: Topology, elkResult: ElkNode): GrowingNode[] {
  const { vpcBoxes, orphans } = buildBoxes(doc);
  const accountNames = new Map(doc.accounts.map((a) => [a.accountId, a.name ?? a.accountId]));
  const orphanBoxes = new Map(orphans.map((o) => [o.id, o]));
  const roots: GrowingNode[] = [];
  for (const top of elkResult.children ?? []) {
    const orphan = orphanBoxes.get(top.id);
    if (orphan) roots.push(fromBox(orphan, top.x ?? 0, top.y ?? 0));
    else roots.push(accountAsPlaced(top, accountNames.get(top.id) ?? top.id, vpcBoxes));
  }
  return roots;
}

function accountAsPlaced(top: ElkNode, label: string, vpcBoxes: ReadonlyMap<string, Box>): GrowingNode {
  const account: GrowingNode = {
    id: top.id,
    kind: 'account',
    x: top.x ?? 0,
    y: top.y ?? 0,
    width: top.width ?? 0,
    height: top.height ?? 0,
    label,
    children: [],
  };
  for (const r of top.children ?? []) {
    // The placeholder elk is given for an account without regions: not drawn.
    if (r.id.endsWith(':empty')) continue;
    account.children.push(regionAsPlaced(r, account.id, vpcBoxes));
  }
  return account;
}

function regionAsPlaced(r: ElkNode, accountId: string, vpcBoxes: ReadonlyMap<string, Box>): GrowingNode {
  const region: GrowingNode = {
    id: r.id,
    kind: 'region',
    parentId: accountId,
    x: r.x ?? 0,
    y: r.y ?? 0,
    width: r.width ?? 0,
    height: r.height ?? 0,
    // The region node's ID is `region:<account>:<region>` (regionNodeId).
    label: r.id.slice(r.id.lastIndexOf(':') + 1),
    children: [],
  };
  for (const v of r.children ?? []) {
    const box = vpcBoxes.get(v.id);
    if (box) region.children.push(fromBox(box, v.x ?? 0, v.y ?? 0, region.id));
  }
  return region;
}

function fromBox(box: Box, x: number, y: number, parentId?: string): GrowingNode {
  return {
    id: box.id,
    kind: box.kind,
    parentId,
    x,
    y,
    width: box.width,
    height: box.height,
    label: box.label,
    children: box.children.map((c) => fromBox(c.box, c.x, c.y, box.id)),
  };
}

const NO_PAD = { top: 0, side: 0, bottom: 0 } as const;

function padFor(kind: NodeKind): { readonly top: number; readonly side: number; readonly bottom: number } {
  switch (kind) {
    case 'account':
      return SIZES.accountPad;
    case 'region':
      return SIZES.regionPad;
    case 'vpc':
      return SIZES.vpcPad;
    case 'vSwitch':
      return SIZES.vSwitchPad;
    default:
      return NO_PAD;
  }
}

/** A group never shrinks below its laid-out size, and grows to hold its children and its padding. */
function growToHoldChildren(node: GrowingNode): void {
  const pad = padFor(node.kind);
  node.width = Math.max(node.width, ...node.children.map((c) => c.x + c.width + pad.side));
  node.height = Math.max(node.height, ...node.children.map((c) => c.y + c.height + pad.bottom));
}

/** Stored positions win; then every group grows to contain its (moved) children, innermost first. */
function applyStoredPositions(node: GrowingNode, positions: StoredPositions): void {
  const stored = positions[node.id];
  if (stored) {
    node.x = stored.x;
    node.y = stored.y;
  }
  for (const child of node.children) applyStoredPositions(child, positions);
  if (!node.children.length) return;
  const pad = padFor(node.kind);
  // Children dragged above/left of the header are pulled back inside.
  for (const c of node.children) {
    c.x = Math.max(pad.side / 2, c.x);
    c.y = Math.max(pad.top, c.y);
  }
  growToHoldChildren(node);
}

/** Innermost first: each group's children are separated, then the group grows to hold where they went. */
function separateOverlaps(node: GrowingNode, positions: StoredPositions): void {
  for (const child of node.children) separateOverlaps(child, positions);
  if (!node.children.length) return;
  separateSiblings(node.children, positions);
  growToHoldChildren(node);
}

const SIBLING_GAP = 24;

/**
 * A group that grew (or a moved node) may now cover a sibling: push the siblings that were not
 * placed by hand out of the way, along the axis that needs the smaller move. A few passes, as one
 * push can cause another; a node placed by hand is never moved.
 */
function separateSiblings(siblings: readonly GrowingNode[], positions: StoredPositions): void {
  const ordered = [...siblings].sort((a, b) => a.x - b.x || a.y - b.y);
  for (let pass = 0; pass < 4 * ordered.length; pass++) {
    let moved = false;
    for (let i = 0; i < ordered.length; i++) {
      const c = ordered[i];
      if (positions[c.id]) continue;
      for (let j = 0; j < ordered.length; j++) {
        const o = ordered[j];
        // Only against those already settled: earlier in the order, or placed by hand.
        if (o === c || (j > i && !positions[o.id])) continue;
        if (c.x < o.x + o.width && o.x < c.x + c.width && c.y < o.y + o.height && o.y < c.y + c.height) {
          const right = o.x + o.width + SIBLING_GAP - c.x;
          const down = o.y + o.height + SIBLING_GAP - c.y;
          if (right <= down) c.x += right;
          else c.y += down;
          moved = true;
        }
      }
    }
    if (!moved) break;
  }
}

/** Parents before children (React Flow needs that order), with absolute positions and the diagram's extent. */
function flatten(roots: readonly GrowingNode[]): LayoutResult {
  const nodes: LaidOutNode[] = [];
  let width = 0;
  let height = 0;
  const visit = (node: GrowingNode, ox: number, oy: number) => {
    const absX = ox + node.x;
    const absY = oy + node.y;
    nodes.push({
      id: node.id,
      kind: node.kind,
      parentId: node.parentId,
      x: node.x,
      y: node.y,
      width: node.width,
      height: node.height,
      absX,
      absY,
      label: node.label,
    });
    width = Math.max(width, absX + node.width);
    height = Math.max(height, absY + node.height);
    for (const child of node.children) visit(child, absX, absY);
  };
  for (const root of roots) visit(root, 0, 0);
  return { nodes, byId: new Map(nodes.map((n) => [n.id, n])), width, height };
}
