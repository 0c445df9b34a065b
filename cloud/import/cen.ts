/**
 * CEN transit routers an account can see (aliyun-links.md §2.3), read with the Cbn 2017-09-12
 * List/Describe calls: DescribeCens (PageNumber paging, `Cens.Cen[]`), then per CEN and region
 * ListTransitRouters (PageNumber), per transit router its VPC and peer attachments and route
 * tables, per table its entries, associations and propagations (MaxResults/NextToken, flat
 * arrays). Fields map 1:1 to the document's CEN arrays (the API's names in lowerCamelCase, README
 * "CEN transit routers"); learned (`Propagated`) entries are kept with their type.
 *
 * Merge rule: the CEN instances the imported accounts own are replaced by what the cloud says;
 * CEN resources of other owners in the merged document are kept as they are.
 */
import { CloudError, collect, normaliseLong, type CallOptions, type CloudClient } from '../client';
import type { Topology, TopologyInput } from '../../simulator/document';
import { isUnsupportedAction } from './describe';

type Item = Readonly<Record<string, unknown>>;
type CenArrays = Pick<
  TopologyInput,
  | 'cenInstances'
  | 'transitRouters'
  | 'transitRouterVpcAttachments'
  | 'transitRouterPeerAttachments'
  | 'transitRouterRouteTables'
  | 'transitRouterRouteTableAssociations'
  | 'transitRouterRouteTablePropagations'
>;
type Arrays = { [K in keyof CenArrays]-?: NonNullable<CenArrays[K]> };

/** What one account's CEN instances hold, mapped. */
export interface CenSlice {
  readonly accountId: string;
  readonly arrays: Arrays;
  readonly warnings: readonly string[];
}

const lowerFirst = (key: string) => key.charAt(0).toLowerCase() + key.slice(1);

/** The listed API fields that are set, under their lowerCamelCase names; IDs and texts as strings. */
function pick(item: Item, texts: readonly string[], others: readonly string[] = []): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of texts) {
    const value = item[key];
    if (value === undefined || value === null || value === '') continue;
    try {
      out[lowerFirst(key)] = typeof value === 'string' ? value : normaliseLong(value);
    } catch {
      // Not text nor a number: the document cannot say it, so it is left out.
    }
  }
  for (const key of others) {
    const value = item[key];
    // Booleans and numbers may come as text from some gateways.
    if (typeof value === 'boolean' || typeof value === 'number') out[lowerFirst(key)] = value;
    else if (value === 'true' || value === 'false') out[lowerFirst(key)] = value === 'true';
    else if (typeof value === 'string' && value !== '' && Number.isFinite(Number(value)))
      out[lowerFirst(key)] = Number(value);
  }
  return out;
}

const ATTACHMENT_TEXTS = [
  'TransitRouterAttachmentId',
  'TransitRouterId',
  'CenId',
  'TransitRouterAttachmentName',
  'TransitRouterAttachmentDescription',
  'Status',
];

/** Codes that mean "this account cannot use this region" (as for the VPC import; exact set UNCONFIRMED). */
const REGION_UNAVAILABLE = new Set([
  'InvalidRegionId.NotFound',
  'InvalidRegionId.Malformed',
  'Forbidden.Region',
  'UnsupportedRegion',
]);

/**
 * The CEN resources `accountId` owns. `regionId` is any region the client can address (Cbn
 * answers on its central endpoint); `regions` are the regions whose transit routers are listed.
 */
export async function describeCen(
  client: CloudClient,
  accountId: string,
  regionId: string,
  regions: readonly string[],
  options: CallOptions,
): Promise<CenSlice> {
  const reader: CenReader = { client, accountId, regions, options, arrays: emptyArrays(), warnings: [] };
  const cens = await listCens(reader, regionId);
  if (cens === undefined) {
    return {
      accountId,
      arrays: reader.arrays,
      warnings: [`account ${accountId}: the endpoint does not offer DescribeCens (Cbn); CEN not imported`],
    };
  }
  // One CEN, transit router and route table after another, so the arrays keep the listing order;
  // only the independent lists of one resource are read in parallel.
  for (const cen of cens) await readCen(reader, cen);
  return { accountId, arrays: reader.arrays, warnings: reader.warnings };
}

/** One account's import in progress: how to call, and the arrays and warnings filled so far. */
interface CenReader {
  readonly client: CloudClient;
  readonly accountId: string;
  readonly regions: readonly string[];
  readonly options: CallOptions;
  readonly arrays: Arrays;
  readonly warnings: string[];
}

function emptyArrays(): Arrays {
  return {
    cenInstances: [],
    transitRouters: [],
    transitRouterVpcAttachments: [],
    transitRouterPeerAttachments: [],
    transitRouterRouteTables: [],
    transitRouterRouteTableAssociations: [],
    transitRouterRouteTablePropagations: [],
  };
}

/** The account's CEN instances, or undefined when the endpoint does not offer Cbn at all. */
async function listCens(reader: CenReader, regionId: string): Promise<Item[] | undefined> {
  const { client, options } = reader;
  try {
    return await collect({
      client,
      regionId,
      options,
      product: 'cbn',
      action: 'DescribeCens',
      style: { kind: 'pageNumber', pageSize: 50 },
      items: ['Cens', 'Cen'],
    });
  } catch (error) {
    if (!isUnsupportedAction(error)) throw error;
    return undefined;
  }
}

/** A Cbn List… call paged with MaxResults/NextToken (the transit router calls), its items flat. */
function listByToken(
  reader: CenReader,
  region: string,
  action: string,
  params: Record<string, string>,
  items: string,
): Promise<Item[]> {
  const { client, options } = reader;
  return collect({
    client,
    regionId: region,
    options,
    product: 'cbn',
    action,
    params,
    style: { kind: 'nextToken', sizeParam: 'MaxResults', size: 100 },
    items: [items],
  });
}

async function readCen(reader: CenReader, cen: Item): Promise<void> {
  const cenId = String(cen.CenId ?? '');
  if (!cenId) return;
  reader.arrays.cenInstances.push({
    cenId,
    accountId: reader.accountId,
    ...(pick(cen, ['Name', 'Description', 'Status']) as object),
  });
  for (const tr of await listTransitRouters(reader, cenId)) await readTransitRouter(reader, cenId, tr);
}

/** The CEN's transit routers in every listed region; a region the account cannot use has none. */
async function listTransitRouters(reader: CenReader, cenId: string): Promise<Item[]> {
  const { client, options } = reader;
  const perRegion = await Promise.all(
    reader.regions.map((region) =>
      collect({
        client,
        regionId: region,
        options,
        product: 'cbn',
        action: 'ListTransitRouters',
        params: { CenId: cenId },
        style: { kind: 'pageNumber', pageSize: 50 },
        items: ['TransitRouters'],
      }).catch((error: unknown) => {
        if (error instanceof CloudError && REGION_UNAVAILABLE.has(error.code)) return [];
        throw error;
      }),
    ),
  );
  return perRegion.flat();
}

async function readTransitRouter(reader: CenReader, cenId: string, tr: Item): Promise<void> {
  const trId = String(tr.TransitRouterId ?? '');
  const region = String(tr.RegionId ?? '');
  if (!trId || !region) return;
  reader.arrays.transitRouters.push({
    transitRouterId: trId,
    cenId,
    regionId: region,
    ...(pick(tr, ['TransitRouterName', 'Type', 'Status']) as object),
  });
  const [vpcAttachments, peerAttachments, tables] = await Promise.all([
    listByToken(
      reader,
      region,
      'ListTransitRouterVpcAttachments',
      { CenId: cenId, TransitRouterId: trId },
      'TransitRouterAttachments',
    ),
    listByToken(
      reader,
      region,
      'ListTransitRouterPeerAttachments',
      { CenId: cenId, TransitRouterId: trId },
      'TransitRouterAttachments',
    ),
    listByToken(reader, region, 'ListTransitRouterRouteTables', { TransitRouterId: trId }, 'TransitRouterRouteTables'),
  ]);
  addVpcAttachments(reader, trId, vpcAttachments);
  addPeerAttachments(reader, trId, peerAttachments);
  for (const t of tables) await readRouteTable(reader, region, trId, t);
}

/** An attachment without an ID or VPC cannot be placed in the document: left out, with a warning. */
function addVpcAttachments(reader: CenReader, trId: string, attachments: readonly Item[]): void {
  for (const a of attachments) {
    const mapped = pick(a, [...ATTACHMENT_TEXTS, 'VpcId', 'VpcOwnerId'], ['AutoPublishRouteEnabled']);
    const zones = Array.isArray(a.ZoneMappings) ? (a.ZoneMappings as Item[]) : [];
    if (!mapped.transitRouterAttachmentId || !mapped.vpcId) {
      reader.warnings.push(`${trId}: a VPC attachment without an ID or VPC was listed; left out`);
      continue;
    }
    reader.arrays.transitRouterVpcAttachments.push({
      ...(mapped as { transitRouterAttachmentId: string; vpcId: string }),
      transitRouterId: trId,
      zoneMappings: zones.map((z) => ({ zoneId: String(z.ZoneId ?? ''), vSwitchId: String(z.VSwitchId ?? '') })),
    });
  }
}

function addPeerAttachments(reader: CenReader, trId: string, attachments: readonly Item[]): void {
  for (const a of attachments) {
    const mapped = pick(
      a,
      [...ATTACHMENT_TEXTS, 'PeerTransitRouterId', 'PeerTransitRouterRegionId', 'CenBandwidthPackageId'],
      ['Bandwidth', 'AutoPublishRouteEnabled'],
    );
    if (!mapped.transitRouterAttachmentId || !mapped.peerTransitRouterId) continue;
    reader.arrays.transitRouterPeerAttachments.push({
      ...(mapped as { transitRouterAttachmentId: string; peerTransitRouterId: string }),
      transitRouterId: String(mapped.transitRouterId ?? trId),
    });
  }
}

/** A route table with its entries, and its associations and propagations as separate arrays. */
async function readRouteTable(reader: CenReader, region: string, trId: string, t: Item): Promise<void> {
  const tableId = String(t.TransitRouterRouteTableId ?? '');
  if (!tableId) return;
  const byTable = { TransitRouterRouteTableId: tableId };
  const [entries, associations, propagations] = await Promise.all([
    listByToken(reader, region, 'ListTransitRouterRouteEntries', byTable, 'TransitRouterRouteEntries'),
    listByToken(reader, region, 'ListTransitRouterRouteTableAssociations', byTable, 'TransitRouterAssociations'),
    listByToken(reader, region, 'ListTransitRouterRouteTablePropagations', byTable, 'TransitRouterPropagations'),
  ]);
  const { arrays } = reader;
  arrays.transitRouterRouteTables.push({
    transitRouterRouteTableId: tableId,
    transitRouterId: trId,
    ...(pick(t, [
      'TransitRouterRouteTableName',
      'TransitRouterRouteTableDescription',
      'TransitRouterRouteTableType',
      'TransitRouterRouteTableStatus',
    ]) as object),
    transitRouterRouteEntries: routeEntries(entries),
  });
  for (const l of associations) arrays.transitRouterRouteTableAssociations.push({ ...tableLink(l) });
  for (const l of propagations) arrays.transitRouterRouteTablePropagations.push({ ...tableLink(l) });
}

/** The entries mapped; one without a destination or next-hop type says nothing routable, so it is dropped. */
function routeEntries(entries: readonly Item[]) {
  return entries
    .map(
      (e) =>
        pick(e, [
          'TransitRouterRouteEntryDestinationCidrBlock',
          'TransitRouterRouteEntryNextHopType',
          'TransitRouterRouteEntryNextHopId',
          'TransitRouterRouteEntryId',
          'TransitRouterRouteEntryName',
          'TransitRouterRouteEntryDescription',
          'TransitRouterRouteEntryType',
          'TransitRouterRouteEntryStatus',
        ]) as {
          transitRouterRouteEntryDestinationCidrBlock: string;
          transitRouterRouteEntryNextHopType: string;
        },
    )
    .filter((e) => e.transitRouterRouteEntryDestinationCidrBlock && e.transitRouterRouteEntryNextHopType);
}

/** An association or propagation: which attachment is linked to which route table. */
function tableLink(l: Item) {
  return pick(l, ['TransitRouterAttachmentId', 'TransitRouterRouteTableId', 'Status']) as {
    transitRouterAttachmentId: string;
    transitRouterRouteTableId: string;
  };
}

const ID_OF: { readonly [K in keyof Arrays]: (item: Record<string, unknown>) => string } = {
  cenInstances: (i) => String(i.cenId),
  transitRouters: (i) => String(i.transitRouterId),
  transitRouterVpcAttachments: (i) => String(i.transitRouterAttachmentId),
  transitRouterPeerAttachments: (i) => String(i.transitRouterAttachmentId),
  transitRouterRouteTables: (i) => String(i.transitRouterRouteTableId),
  transitRouterRouteTableAssociations: (i) => `${i.transitRouterAttachmentId}\u0000${i.transitRouterRouteTableId}`,
  transitRouterRouteTablePropagations: (i) => `${i.transitRouterAttachmentId}\u0000${i.transitRouterRouteTableId}`,
};

/**
 * The CEN arrays of the imported document: the slices (sorted by ID, first of an ID wins), plus
 * the CEN resources of `existing` that belong to CEN instances no imported account owns. Arrays
 * that end up empty are left out (the document stays free of them).
 */
export function mergeCen(
  slices: readonly CenSlice[],
  importedAccounts: ReadonlySet<string>,
  existing: Topology | undefined,
): Partial<Record<keyof Arrays, unknown[]>> {
  // What of `existing` stays: CEN instances of accounts not imported, and everything in them.
  const keptCens = new Set(
    (existing?.cenInstances ?? []).filter((c) => !importedAccounts.has(c.accountId)).map((c) => c.cenId),
  );
  const keptRouters = new Set(
    (existing?.transitRouters ?? []).filter((t) => keptCens.has(t.cenId)).map((t) => t.transitRouterId),
  );
  const keptTables = new Set(
    (existing?.transitRouterRouteTables ?? [])
      .filter((t) => keptRouters.has(t.transitRouterId))
      .map((t) => t.transitRouterRouteTableId),
  );
  const keep: { readonly [K in keyof Arrays]: (item: Record<string, unknown>) => boolean } = {
    cenInstances: (i) => keptCens.has(String(i.cenId)),
    transitRouters: (i) => keptCens.has(String(i.cenId)),
    transitRouterVpcAttachments: (i) => keptRouters.has(String(i.transitRouterId)),
    transitRouterPeerAttachments: (i) => keptRouters.has(String(i.transitRouterId)),
    transitRouterRouteTables: (i) => keptTables.has(String(i.transitRouterRouteTableId)),
    transitRouterRouteTableAssociations: (i) => keptTables.has(String(i.transitRouterRouteTableId)),
    transitRouterRouteTablePropagations: (i) => keptTables.has(String(i.transitRouterRouteTableId)),
  };
  const out: Partial<Record<keyof Arrays, unknown[]>> = {};
  for (const key of Object.keys(ID_OF) as Array<keyof Arrays>) {
    const id = ID_OF[key];
    const seen = new Map<string, Record<string, unknown>>();
    const imported = slices.flatMap((s) => s.arrays[key] as Array<Record<string, unknown>>);
    const kept = ((existing?.[key] ?? []) as Array<Record<string, unknown>>).filter(keep[key]);
    for (const item of [...imported, ...kept]) if (!seen.has(id(item))) seen.set(id(item), item);
    const items = [...seen.values()].sort((a, b) => (id(a) < id(b) ? -1 : id(a) > id(b) ? 1 : 0));
    if (items.length > 0) out[key] = items;
  }
  return out;
}
