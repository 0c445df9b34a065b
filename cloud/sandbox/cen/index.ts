/**
 * Cbn 2017-09-12: the read-only calls vpclink's import makes (aliyun-links.md §2.3), over the
 * records of cen/state.ts. An account sees the CEN instances it owns and everything in them.
 * Paging: DescribeCens and ListTransitRouters by PageNumber/PageSize; the List* calls of
 * attachments, route tables, entries, associations and propagations by MaxResults/NextToken.
 * Response shapes follow §2.3: `Cens.Cen[]` (the old wrapping), flat arrays elsewhere.
 */
import type {
  TransitRouter,
  TransitRouterPeerAttachment,
  TransitRouterRouteTable,
  TransitRouterVpcAttachment,
} from '../../../simulator/document';
import { type CallContext, checkRegion, type Handler } from '../context';
import { ApiError, missingParameter } from '../errors';
import { long } from '../json';
import { optional, page, tokenPage } from '../params';
import type { CenState } from './state';

function cenState(ctx: CallContext): CenState {
  return (
    ctx.cloud.state.cen ?? {
      cenInstances: [],
      transitRouters: [],
      vpcAttachments: [],
      peerAttachments: [],
      routeTables: [],
      associations: [],
      propagations: [],
    }
  );
}

/** The CEN IDs the caller owns. */
function ownCens(ctx: CallContext): Set<string> {
  return new Set(
    cenState(ctx)
      .cenInstances.filter((c) => c.accountId === ctx.accountId)
      .map((c) => c.cenId),
  );
}

function ownTransitRouters(ctx: CallContext): TransitRouter[] {
  const cens = ownCens(ctx);
  return cenState(ctx).transitRouters.filter((t) => cens.has(t.cenId));
}

function ownTransitRouter(ctx: CallContext, id: string): TransitRouter | undefined {
  return ownTransitRouters(ctx).find((t) => t.transitRouterId === id);
}

function ownTable(ctx: CallContext, id: string): TransitRouterRouteTable {
  const table = cenState(ctx).routeTables.find((t) => t.transitRouterRouteTableId === id);
  if (!table || !ownTransitRouter(ctx, table.transitRouterId))
    throw new ApiError(
      'InvalidTransitRouterRouteTableId.NotFound',
      404,
      `The specified TransitRouterRouteTableId "${id}" is not found.`,
    );
  return table;
}

/** `X = value` filters of the call: an item passes when every given parameter equals its field. */
function matching<T>(
  ctx: CallContext,
  items: readonly T[],
  filters: ReadonlyArray<[string, (item: T) => unknown]>,
): T[] {
  let out = [...items];
  for (const [param, field] of filters) {
    const value = optional(ctx.params, param);
    if (value !== undefined && value !== '') out = out.filter((item) => field(item) === value);
  }
  return out;
}

const TOKEN_LIMITS = { min: 1, max: 100, fallback: 20 };

function tokenList(ctx: CallContext, key: string, items: readonly Record<string, unknown>[]): Record<string, unknown> {
  const p = tokenPage(ctx.params, items, 'MaxResults', TOKEN_LIMITS);
  return { TotalCount: items.length, MaxResults: p.size, NextToken: p.nextToken, [key]: p.items };
}

/** The API's words, minus absent values. */
function defined(item: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(item).filter(([, v]) => v !== undefined));
}

const describeCens: Handler = (ctx) => {
  const own = cenState(ctx).cenInstances.filter((c) => c.accountId === ctx.accountId);
  const p = page(ctx.params, own);
  return {
    PageNumber: p.pageNumber,
    PageSize: p.pageSize,
    TotalCount: p.totalCount,
    Cens: {
      Cen: p.items.map((c) =>
        defined({
          CenId: c.cenId,
          Name: c.name,
          Description: c.description,
          Status: c.status,
          OwnerId: long(c.accountId),
        }),
      ),
    },
  };
};

const listTransitRouters: Handler = (ctx) => {
  const regionId = optional(ctx.params, 'RegionId');
  if (regionId) checkRegion(ctx, regionId, 'RegionId');
  const routers = matching(ctx, ownTransitRouters(ctx), [
    ['RegionId', (t) => t.regionId],
    ['CenId', (t) => t.cenId],
    ['TransitRouterId', (t) => t.transitRouterId],
  ]);
  const p = page(ctx.params, routers);
  const owner = (t: TransitRouter) => cenState(ctx).cenInstances.find((c) => c.cenId === t.cenId)!.accountId;
  return {
    PageNumber: p.pageNumber,
    PageSize: p.pageSize,
    TotalCount: p.totalCount,
    TransitRouters: p.items.map((t) =>
      defined({
        TransitRouterId: t.transitRouterId,
        TransitRouterName: t.transitRouterName,
        CenId: t.cenId,
        RegionId: t.regionId,
        Type: t.type,
        Status: t.status,
        AliUid: long(owner(t)),
      }),
    ),
  };
};

type Attachment = TransitRouterVpcAttachment | TransitRouterPeerAttachment;

/** The attachments of the caller's transit routers that pass the call's filters, as the API lists them. */
function attachmentList<T extends Attachment>(
  ctx: CallContext,
  all: readonly T[],
  filters: ReadonlyArray<[string, (item: T) => unknown]>,
  fields: (a: T) => Record<string, unknown>,
): Record<string, unknown> {
  const trs = new Set(ownTransitRouters(ctx).map((t) => t.transitRouterId));
  const items = matching(
    ctx,
    all.filter((a) => trs.has(a.transitRouterId)),
    [
      ['CenId', (a) => a.cenId],
      ['TransitRouterId', (a) => a.transitRouterId],
      ['TransitRouterAttachmentId', (a) => a.transitRouterAttachmentId],
      ...filters,
    ],
  );
  return tokenList(
    ctx,
    'TransitRouterAttachments',
    items.map((a) =>
      defined({
        TransitRouterAttachmentId: a.transitRouterAttachmentId,
        TransitRouterAttachmentName: a.transitRouterAttachmentName,
        TransitRouterAttachmentDescription: a.transitRouterAttachmentDescription,
        TransitRouterId: a.transitRouterId,
        CenId: a.cenId,
        AutoPublishRouteEnabled: a.autoPublishRouteEnabled ?? false,
        Status: a.status,
        ...fields(a),
      }),
    ),
  );
}

const listVpcAttachments: Handler = (ctx) =>
  attachmentList(
    ctx,
    cenState(ctx).vpcAttachments,
    [
      ['VpcId', (a) => a.vpcId],
      ['Status', (a) => a.status],
    ],
    (a) => ({
      VpcId: a.vpcId,
      VpcOwnerId: a.vpcOwnerId === undefined ? undefined : long(a.vpcOwnerId),
      ResourceType: 'VPC',
      ChargeType: 'POSTPAY',
      ZoneMappings: a.zoneMappings.map((z) => ({ ZoneId: z.zoneId, VSwitchId: z.vSwitchId })),
    }),
  );

const listPeerAttachments: Handler = (ctx) =>
  attachmentList(ctx, cenState(ctx).peerAttachments, [], (a) => ({
    PeerTransitRouterId: a.peerTransitRouterId,
    PeerTransitRouterRegionId: a.peerTransitRouterRegionId,
    Bandwidth: a.bandwidth,
    CenBandwidthPackageId: a.cenBandwidthPackageId,
    ResourceType: 'TR',
  }));

const listRouteTables: Handler = (ctx) => {
  const trId = optional(ctx.params, 'TransitRouterId');
  if (!trId) throw missingParameter('TransitRouterId');
  if (!ownTransitRouter(ctx, trId))
    throw new ApiError('InvalidTransitRouterId.NotFound', 404, `The specified TransitRouterId "${trId}" is not found.`);
  const items = matching(
    ctx,
    cenState(ctx).routeTables.filter((t) => t.transitRouterId === trId),
    [
      ['TransitRouterRouteTableType', (t) => t.transitRouterRouteTableType],
      ['TransitRouterRouteTableStatus', (t) => t.transitRouterRouteTableStatus],
    ],
  );
  return tokenList(
    ctx,
    'TransitRouterRouteTables',
    items.map((t) =>
      defined({
        TransitRouterRouteTableId: t.transitRouterRouteTableId,
        TransitRouterRouteTableName: t.transitRouterRouteTableName,
        TransitRouterRouteTableDescription: t.transitRouterRouteTableDescription,
        TransitRouterRouteTableType: t.transitRouterRouteTableType,
        TransitRouterRouteTableStatus: t.transitRouterRouteTableStatus,
      }),
    ),
  );
};

const listRouteEntries: Handler = (ctx) => {
  const table = ownTable(ctx, optional(ctx.params, 'TransitRouterRouteTableId') ?? '');
  const items = matching(ctx, table.transitRouterRouteEntries, [
    ['TransitRouterRouteEntryStatus', (e) => e.transitRouterRouteEntryStatus],
  ]);
  return tokenList(
    ctx,
    'TransitRouterRouteEntries',
    items.map((e) =>
      defined({
        TransitRouterRouteEntryId: e.transitRouterRouteEntryId,
        TransitRouterRouteEntryName: e.transitRouterRouteEntryName,
        TransitRouterRouteEntryDescription: e.transitRouterRouteEntryDescription,
        TransitRouterRouteEntryDestinationCidrBlock: e.transitRouterRouteEntryDestinationCidrBlock,
        TransitRouterRouteEntryNextHopType: e.transitRouterRouteEntryNextHopType,
        TransitRouterRouteEntryNextHopId: e.transitRouterRouteEntryNextHopId,
        TransitRouterRouteEntryType: e.transitRouterRouteEntryType,
        TransitRouterRouteEntryStatus: e.transitRouterRouteEntryStatus,
      }),
    ),
  );
};

/** Associations or propagations of one table (TransitRouterRouteTableId required, as TF sends it). */
function linkList(key: 'TransitRouterAssociations' | 'TransitRouterPropagations'): Handler {
  return (ctx) => {
    const tableId = optional(ctx.params, 'TransitRouterRouteTableId');
    if (!tableId) throw missingParameter('TransitRouterRouteTableId');
    ownTable(ctx, tableId);
    const state = cenState(ctx);
    const links = (key === 'TransitRouterAssociations' ? state.associations : state.propagations).filter(
      (l) => l.transitRouterRouteTableId === tableId,
    );
    const items = matching(ctx, links, [
      ['TransitRouterAttachmentId', (l) => l.transitRouterAttachmentId],
      ['Status', (l) => l.status],
    ]);
    const resourceOf = (attachmentId: string) => {
      const vpc = state.vpcAttachments.find((a) => a.transitRouterAttachmentId === attachmentId);
      if (vpc) return { ResourceId: vpc.vpcId, ResourceType: 'VPC' };
      const peer = state.peerAttachments.find((a) => a.transitRouterAttachmentId === attachmentId);
      return peer ? { ResourceId: peer.peerTransitRouterId, ResourceType: 'TR' } : {};
    };
    return tokenList(
      ctx,
      key,
      items.map((l) => ({
        TransitRouterAttachmentId: l.transitRouterAttachmentId,
        TransitRouterRouteTableId: l.transitRouterRouteTableId,
        ...resourceOf(l.transitRouterAttachmentId),
        Status: l.status,
      })),
    );
  };
}

export const CEN_ACTIONS: Readonly<Record<string, { readonly handler: Handler; readonly mutates: boolean }>> = {
  DescribeCens: { handler: describeCens, mutates: false },
  ListTransitRouters: { handler: listTransitRouters, mutates: false },
  ListTransitRouterVpcAttachments: { handler: listVpcAttachments, mutates: false },
  ListTransitRouterPeerAttachments: { handler: listPeerAttachments, mutates: false },
  ListTransitRouterRouteTables: { handler: listRouteTables, mutates: false },
  ListTransitRouterRouteEntries: { handler: listRouteEntries, mutates: false },
  ListTransitRouterRouteTableAssociations: { handler: linkList('TransitRouterAssociations'), mutates: false },
  ListTransitRouterRouteTablePropagations: { handler: linkList('TransitRouterPropagations'), mutates: false },
};
