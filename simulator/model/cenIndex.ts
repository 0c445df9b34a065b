/**
 * Lookups over the CEN transit-router arrays (aliyun-links.md §2, README "CEN transit routers"),
 * shared by validation, reachability and planning. Tolerant like the topology index: the first
 * resource with an ID wins, dangling references resolve to `undefined` (validation reports them).
 */
import type {
  CenInstance,
  RouteTable,
  Topology,
  TransitRouter,
  TransitRouterPeerAttachment,
  TransitRouterRouteTable,
  TransitRouterRouteTableLink,
  TransitRouterVpcAttachment,
} from '../document/schema';

/** A VPC or an inter-region peer attachment, with its position in the document. */
export type CenAttachment =
  | { readonly kind: 'vpc'; readonly attachment: TransitRouterVpcAttachment; readonly docIndex: number }
  | { readonly kind: 'peer'; readonly attachment: TransitRouterPeerAttachment; readonly docIndex: number };

export interface IndexedTrTable {
  readonly table: TransitRouterRouteTable;
  readonly docIndex: number;
}

export interface IndexedLink {
  readonly link: TransitRouterRouteTableLink;
  readonly docIndex: number;
}

export interface CenIndex {
  readonly cens: ReadonlyMap<string, CenInstance>;
  readonly transitRouters: ReadonlyMap<string, TransitRouter>;
  readonly attachments: ReadonlyMap<string, CenAttachment>;
  readonly routeTables: ReadonlyMap<string, IndexedTrTable>;
  readonly routeTablesByTransitRouter: ReadonlyMap<string, readonly IndexedTrTable[]>;
  /** VPC attachments of each VPC, in document order. */
  readonly vpcAttachmentsByVpc: ReadonlyMap<string, readonly TransitRouterVpcAttachment[]>;
  /** Associations by attachment ID, in document order (a peer attachment has one per side). */
  readonly associationsByAttachment: ReadonlyMap<string, readonly IndexedLink[]>;
  /** Propagations by route-table ID, in document order. */
  readonly propagationsByTable: ReadonlyMap<string, readonly IndexedLink[]>;
  /** True when the document has any CEN array with an item. */
  readonly present: boolean;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

const cache = new WeakMap<Topology, CenIndex>();

/** The CEN index of a document, built once per document object. */
export function cenIndexOf(document: Topology): CenIndex {
  let index = cache.get(document);
  if (index === undefined) cache.set(document, (index = buildCenIndex(document)));
  return index;
}

function buildCenIndex(document: Topology): CenIndex {
  const cens = new Map<string, CenInstance>();
  for (const cen of document.cenInstances ?? []) if (!cens.has(cen.cenId)) cens.set(cen.cenId, cen);
  const transitRouters = new Map<string, TransitRouter>();
  for (const tr of document.transitRouters ?? [])
    if (!transitRouters.has(tr.transitRouterId)) transitRouters.set(tr.transitRouterId, tr);
  const attachments = new Map<string, CenAttachment>();
  const vpcAttachmentsByVpc = new Map<string, TransitRouterVpcAttachment[]>();
  (document.transitRouterVpcAttachments ?? []).forEach((attachment, docIndex) => {
    if (attachments.has(attachment.transitRouterAttachmentId)) return;
    attachments.set(attachment.transitRouterAttachmentId, { kind: 'vpc', attachment, docIndex });
    push(vpcAttachmentsByVpc, attachment.vpcId, attachment);
  });
  (document.transitRouterPeerAttachments ?? []).forEach((attachment, docIndex) => {
    if (!attachments.has(attachment.transitRouterAttachmentId))
      attachments.set(attachment.transitRouterAttachmentId, { kind: 'peer', attachment, docIndex });
  });
  const routeTables = new Map<string, IndexedTrTable>();
  const routeTablesByTransitRouter = new Map<string, IndexedTrTable[]>();
  (document.transitRouterRouteTables ?? []).forEach((table, docIndex) => {
    if (routeTables.has(table.transitRouterRouteTableId)) return;
    const item = { table, docIndex };
    routeTables.set(table.transitRouterRouteTableId, item);
    push(routeTablesByTransitRouter, table.transitRouterId, item);
  });
  const associationsByAttachment = new Map<string, IndexedLink[]>();
  (document.transitRouterRouteTableAssociations ?? []).forEach((link, docIndex) =>
    push(associationsByAttachment, link.transitRouterAttachmentId, { link, docIndex }),
  );
  const propagationsByTable = new Map<string, IndexedLink[]>();
  (document.transitRouterRouteTablePropagations ?? []).forEach((link, docIndex) =>
    push(propagationsByTable, link.transitRouterRouteTableId, { link, docIndex }),
  );
  const present = [
    document.cenInstances,
    document.transitRouters,
    document.transitRouterVpcAttachments,
    document.transitRouterPeerAttachments,
    document.transitRouterRouteTables,
  ].some((array) => (array?.length ?? 0) > 0);
  return {
    cens,
    transitRouters,
    attachments,
    routeTables,
    routeTablesByTransitRouter,
    vpcAttachmentsByVpc,
    associationsByAttachment,
    propagationsByTable,
    present,
  };
}

/** The transit routers an attachment belongs to: its own, and for a peer attachment the peer's too. */
export function transitRoutersOf(attachment: CenAttachment): readonly string[] {
  return attachment.kind === 'vpc'
    ? [attachment.attachment.transitRouterId]
    : [attachment.attachment.transitRouterId, attachment.attachment.peerTransitRouterId];
}

/** Attachment statuses that carry traffic: `Attached`, or absent (a design). */
export function attachmentCarries(status: string | undefined): boolean {
  return status === undefined || status === 'Attached';
}

/** Association, propagation and route-entry statuses that are in force: `Active`, or absent (a design). */
export function linkActive(status: string | undefined): boolean {
  return status === undefined || status === 'Active';
}

/**
 * Why a document's verdicts need the tracer's transit-router reasoning, or null: a VPC attached
 * to a transit router (it may publish routes into the VPC), or a VPC route into one (an
 * `Attachment` next hop). What the matrix's sweep, the diff's narrowing and the lost pairs'
 * shortcut leave to the tracer.
 */
export function transitRouterUse(
  document: Topology,
): 'transit-router attachments' | 'a route into a transit router' | null {
  if ((document.transitRouterVpcAttachments?.length ?? 0) > 0) return 'transit-router attachments';
  for (const table of document.routeTables) if (routesIntoTransitRouter(table)) return 'a route into a transit router';
  return null;
}

/** Per table object: an edit keeps the tables it did not touch, so BEFORE and AFTER share their answers. */
const intoTransitRouter = new WeakMap<RouteTable, boolean>();

function routesIntoTransitRouter(table: RouteTable): boolean {
  let into = intoTransitRouter.get(table);
  if (into === undefined) {
    into = false;
    // A plain loop: an estate has thousands of routes.
    for (const entry of table.routeEntries) if (entry.nextHopType === 'Attachment') into = true;
    intoTransitRouter.set(table, into);
  }
  return into;
}
