/**
 * Batched status polling. The wait steps of a run share their polls: requests made within a
 * short gathering window for the same scope become one round —
 * - router interfaces of one (account, region): DescribeRouterInterfaces filtered by
 *   `RouterInterfaceId` with up to 5 values (aliyun-api.md §3.8: `Filter.N.Value.M`, M ≤ 5; values
 *   of one key are OR-ed); for more than 5, the region's interfaces are listed (50 a page, at most
 *   ⌈n/5⌉ pages) and only those not seen are asked by ID;
 * - route entries of one (account, region): for one route table, DescribeRouteEntryList with
 *   `DestCidrBlockList.N` (aliyun-api.md §4.1; the limit on N is not documented — UNCONFIRMED, we
 *   send ≤ 20) and `MaxResult` 100, following `NextToken`; for several tables, DescribeRouteTables
 *   (deprecated but served, §4.1), which lists 50 tables a page with their entries.
 * Polls wake on a shared grid ({@link alignedDelay}) so waits started at about the same time land
 * in the same round. A failed round rejects its requests; each waiter's own retry joins a later round.
 */
import type { CallOptions, CloudClient } from '../client';
import { mapRouterInterfaces, routeEntryIn, type LiveRouteEntry, type LiveRouterInterface } from './lookup';

/** Values per RouterInterfaceId filter (aliyun-api.md §3.8). */
export const RI_IDS_PER_CALL = 5;
/** DescribeRouterInterfaces page size (max 50, §3.8). */
const RI_PAGE_SIZE = 50;
/** Destinations per DescribeRouteEntryList (UNCONFIRMED limit, see above). */
export const ROUTE_DESTINATIONS_PER_CALL = 20;
/** How long a round waits for more requests before its call goes out. */
const GATHER_MS = 5;

interface Waiter<V> {
  readonly resolve: (value: V) => void;
  readonly reject: (error: unknown) => void;
}

interface Round<C, V> {
  readonly context: C;
  readonly items: Map<string, Waiter<V>[]>;
}

/** Gathers requests per scope key for GATHER_MS, then answers them all with `fetch`. */
class Gatherer<C, V> {
  private readonly gathering = new Map<string, Round<C, V>>();
  rounds = 0;

  constructor(
    private readonly fetch: (context: C, items: readonly string[]) => Promise<ReadonlyMap<string, V>>,
    private readonly missing: V,
  ) {}

  request(scope: string, context: C, item: string): Promise<V> {
    let round = this.gathering.get(scope);
    if (!round) {
      const fresh: Round<C, V> = { context, items: new Map() };
      this.gathering.set(scope, fresh);
      setTimeout(() => {
        this.gathering.delete(scope);
        void this.run(fresh);
      }, GATHER_MS);
      round = fresh;
    }
    const waiters = round.items.get(item) ?? [];
    round.items.set(item, waiters);
    return new Promise((resolve, reject) => waiters.push({ resolve, reject }));
  }

  private async run(round: Round<C, V>): Promise<void> {
    this.rounds++;
    const items = [...round.items.keys()];
    try {
      const found = await this.fetch(round.context, items);
      for (const item of items) for (const w of round.items.get(item)!) w.resolve(found.get(item) ?? this.missing);
    } catch (error) {
      for (const item of items) for (const w of round.items.get(item)!) w.reject(error);
    }
  }
}

function chunks<T>(values: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < values.length; i += size) out.push(values.slice(i, i + size));
  return out;
}

interface RiContext {
  readonly client: CloudClient;
  readonly regionId: string;
}

export class RouterInterfaceBatcher {
  private readonly gatherer: Gatherer<RiContext, LiveRouterInterface | undefined>;

  constructor(options: CallOptions = {}) {
    this.gatherer = new Gatherer(async ({ client, regionId }, ids) => {
      const found = new Map<string, LiveRouterInterface>();
      let remaining: readonly string[] = ids;
      if (ids.length > RI_IDS_PER_CALL) {
        // More than one filtered call's worth: list the region's interfaces instead (50 a page),
        // reading at most as many pages as filtered calls would cost. A one-page listing is a
        // complete snapshot (absent = gone); with more pages, items can shift between pages, so
        // whatever was not seen is asked by ID after all.
        const budget = Math.ceil(ids.length / RI_IDS_PER_CALL);
        const wanted = new Set(ids);
        let complete = false;
        for (let page = 1; page <= budget; page++) {
          const response = await client.call(
            'vpc',
            regionId,
            'DescribeRouterInterfaces',
            { PageSize: RI_PAGE_SIZE, PageNumber: page },
            options,
          );
          const items = mapRouterInterfaces(response);
          for (const ri of items) if (wanted.has(ri.routerInterfaceId)) found.set(ri.routerInterfaceId, ri);
          const lastPage = items.length < RI_PAGE_SIZE || page * RI_PAGE_SIZE >= Number(response.TotalCount ?? 0);
          if (lastPage) complete = page === 1;
          if (lastPage || found.size === wanted.size) break;
        }
        remaining = complete ? [] : ids.filter((id) => !found.has(id));
      }
      await Promise.all(
        chunks(remaining, RI_IDS_PER_CALL).map(async (chunk) => {
          const response = await client.call(
            'vpc',
            regionId,
            'DescribeRouterInterfaces',
            { Filter: [{ Key: 'RouterInterfaceId', Value: chunk }], PageSize: 50 },
            options,
          );
          for (const ri of mapRouterInterfaces(response))
            if (chunk.includes(ri.routerInterfaceId)) found.set(ri.routerInterfaceId, ri);
        }),
      );
      return found;
    }, undefined);
  }

  /** Rounds issued so far (each: one call per 5 interfaces of one (account, region)). */
  get roundCount(): number {
    return this.gatherer.rounds;
  }

  /** The interface as the next round sees it; undefined when it does not exist. */
  describe(
    accountId: string,
    client: CloudClient,
    regionId: string,
    id: string,
  ): Promise<LiveRouterInterface | undefined> {
    return this.gatherer.request(`${accountId}\u0000${regionId}`, { client, regionId }, id);
  }
}

/** Route tables per DescribeRouteTables page (aliyun-api.md §4.1: PageSize ≤ 50). */
const TABLES_PER_PAGE = 50;
const MAX_TABLE_PAGES = 20;

export class RouteEntryBatcher {
  private readonly gatherer: Gatherer<RiContext, LiveRouteEntry | undefined>;
  /** DescribeRouteTables pages read so far (tests). */
  tablePages = 0;

  constructor(private readonly options: CallOptions = {}) {
    this.gatherer = new Gatherer(async (context, items) => {
      const byTable = new Map<string, string[]>();
      for (const item of items) {
        const [table, destination] = item.split('\u0000') as [string, string];
        byTable.set(table, [...(byTable.get(table) ?? []), destination]);
      }
      const found = new Map<string, LiveRouteEntry>();
      // Several tables of one region: DescribeRouteTables returns every table with its entries
      // (RouteEntrys.RouteEntry[], §4.1), 50 tables a page — one call instead of one per table.
      const listed =
        byTable.size > 1
          ? await this.listTables(context, new Set(byTable.keys()))
          : new Map<string, Record<string, unknown>>();
      for (const [table, destinations] of byTable) {
        const fromList = listed.get(table);
        const responses = fromList ? [fromList] : await this.tableEntries(context, table, destinations);
        for (const destination of destinations) {
          for (const response of responses) {
            const entry = routeEntryIn(response, destination);
            if (entry) {
              found.set(`${table}\u0000${destination}`, entry);
              break;
            }
          }
        }
      }
      return found;
    }, undefined);
  }

  /** The wanted tables (each with `RouteEntrys`), read page by page until all are seen. */
  private async listTables(
    { client, regionId }: RiContext,
    wanted: ReadonlySet<string>,
  ): Promise<Map<string, Record<string, unknown>>> {
    const tables = new Map<string, Record<string, unknown>>();
    for (let page = 1; page <= MAX_TABLE_PAGES; page++) {
      this.tablePages++;
      const response = await client.call(
        'vpc',
        regionId,
        'DescribeRouteTables',
        { PageSize: TABLES_PER_PAGE, PageNumber: page },
        this.options,
      );
      const list = (response.RouteTables as { RouteTable?: unknown } | undefined)?.RouteTable;
      const items = Array.isArray(list) ? (list as Record<string, unknown>[]) : [];
      for (const t of items)
        if (typeof t.RouteTableId === 'string' && wanted.has(t.RouteTableId)) tables.set(t.RouteTableId, t);
      const total = Number(response.TotalCount ?? 0);
      if (tables.size === wanted.size || items.length < TABLES_PER_PAGE || page * TABLES_PER_PAGE >= total) break;
    }
    // A table not listed (more pages than we read, or a listing that omits it) is asked directly.
    return tables;
  }

  /** DescribeRouteEntryList of one table for some destinations, following NextToken. */
  private async tableEntries(
    { client, regionId }: RiContext,
    routeTableId: string,
    destinations: readonly string[],
  ): Promise<Record<string, unknown>[]> {
    const responses: Record<string, unknown>[] = [];
    for (const chunk of chunks(destinations, ROUTE_DESTINATIONS_PER_CALL)) {
      let nextToken: string | undefined;
      for (let page = 0; page < MAX_TABLE_PAGES; page++) {
        const response = await client.call(
          'vpc',
          regionId,
          'DescribeRouteEntryList',
          {
            RouteTableId: routeTableId,
            DestCidrBlockList: chunk,
            MaxResult: 100,
            ...(nextToken ? { NextToken: nextToken } : {}),
          },
          this.options,
        );
        responses.push(response);
        nextToken =
          typeof response.NextToken === 'string' && response.NextToken !== '' ? response.NextToken : undefined;
        if (!nextToken) break;
      }
    }
    return responses;
  }

  get roundCount(): number {
    return this.gatherer.rounds;
  }

  /** The custom route of the table for `destinationCidrBlock` as the next round of the (account, region) sees it. */
  describe(
    accountId: string,
    client: CloudClient,
    regionId: string,
    routeTableId: string,
    destinationCidrBlock: string,
  ): Promise<LiveRouteEntry | undefined> {
    return this.gatherer.request(
      `${accountId}\u0000${regionId}`,
      { client, regionId },
      `${routeTableId}\u0000${destinationCidrBlock}`,
    );
  }
}

/**
 * `delayMs` stretched to the next multiple of `gridMs` on the wall clock, so independent waits
 * with similar schedules wake together (and share a round). Adds less than one grid step.
 */
export function alignedDelay(delayMs: number, gridMs: number, now = Date.now()): number {
  if (gridMs <= 0) return delayMs;
  const wake = Math.ceil((now + delayMs) / gridMs) * gridMs;
  return wake - now;
}
