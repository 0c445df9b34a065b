/**
 * Paging through Describe* lists. Alibaba uses three styles (aliyun-api.md §4.1, §5.1–§5.3):
 * `PageNumber`/`PageSize` with `TotalCount` (VPC lists, ≤ 50 per page), `NextToken`/`MaxResults`
 * (ECS, ≤ 100) and `NextToken`/`MaxResult` (DescribeRouteEntryList, ≤ 100).
 */
import { CloudError } from './errors';
import type { CallOptions, CallParams, CloudClient, Product } from './index';

export type PageStyle =
  /** `PageNumber` (1-based) + `PageSize`; stops when `TotalCount` items were seen or a page comes back short. */
  | { readonly kind: 'pageNumber'; readonly pageSize?: number }
  /** `NextToken` + a size parameter (`MaxResults` for ECS, `MaxResult` for DescribeRouteEntryList); stops when no token comes back. */
  | { readonly kind: 'nextToken'; readonly sizeParam: 'MaxResults' | 'MaxResult'; readonly size?: number };

export interface PaginateRequest {
  readonly client: CloudClient;
  readonly product: Product;
  readonly regionId: string;
  readonly action: string;
  readonly params?: CallParams;
  readonly style: PageStyle;
  /** Where the item array sits in each page, e.g. `['Vpcs', 'Vpc']`. An absent list is an empty page. */
  readonly items: readonly string[];
  readonly options?: CallOptions;
  /** Safety stop against a server that never ends a listing. Default 1000 pages. */
  readonly maxPages?: number;
}

/** Yields every item of every page, in the order the API returns them. */
export async function* paginate(request: PaginateRequest): AsyncGenerator<Record<string, unknown>, void, undefined> {
  const { client, product, regionId, action, style } = request;
  const maxPages = request.maxPages ?? 1000;
  if (style.kind === 'pageNumber') {
    const pageSize = style.pageSize ?? 50;
    let seen = 0;
    for (let page = 1; page <= maxPages; page++) {
      const response = await client.call(
        product,
        regionId,
        action,
        { ...request.params, PageNumber: page, PageSize: pageSize },
        request.options,
      );
      const items = itemsOf(response, request.items, action);
      for (const item of items) yield item;
      seen += items.length;
      const total = numberField(response, 'TotalCount');
      // The server may cap the page size below what was asked: trust the size it reports.
      const effectiveSize = numberField(response, 'PageSize') ?? pageSize;
      if (items.length === 0) return;
      if (total !== undefined ? seen >= total : items.length < effectiveSize) return;
    }
    throw loopError(action, maxPages);
  }
  let token: string | undefined;
  const tokens = new Set<string>();
  for (let page = 1; page <= maxPages; page++) {
    const params = { ...request.params, [style.sizeParam]: style.size ?? 100, ...(token ? { NextToken: token } : {}) };
    const response = await client.call(product, regionId, action, params, request.options);
    for (const item of itemsOf(response, request.items, action)) yield item;
    const next = response.NextToken;
    if (typeof next !== 'string' || next === '') return;
    if (tokens.has(next))
      throw new CloudError({
        code: 'PAGINATION_LOOP',
        action,
        message: `${action}: the API returned NextToken "${next}" twice; stopped to avoid an endless listing`,
      });
    tokens.add(next);
    token = next;
  }
  throw loopError(action, maxPages);
}

/** All items of a paged listing as an array. */
export async function collect(request: PaginateRequest): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = [];
  for await (const item of paginate(request)) out.push(item);
  return out;
}

function itemsOf(
  response: Record<string, unknown>,
  path: readonly string[],
  action: string,
): Record<string, unknown>[] {
  let node: unknown = response;
  for (const key of path) {
    if (node === undefined || node === null || node === '') return [];
    if (typeof node !== 'object' || Array.isArray(node)) throw unexpected(action, path);
    node = (node as Record<string, unknown>)[key];
  }
  if (node === undefined || node === null || node === '') return [];
  if (!Array.isArray(node)) throw unexpected(action, path);
  return node.map((item) => {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) throw unexpected(action, path);
    return item as Record<string, unknown>;
  });
}

function numberField(response: Record<string, unknown>, key: string): number | undefined {
  const value = response[key];
  const n = typeof value === 'number' ? value : typeof value === 'string' && value !== '' ? Number(value) : NaN;
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}

function unexpected(action: string, path: readonly string[]): CloudError {
  return new CloudError({
    code: 'UNEXPECTED_RESPONSE',
    action,
    message: `${action}: expected a list of objects at ${path.join('.')} in the response`,
  });
}

function loopError(action: string, maxPages: number): CloudError {
  return new CloudError({
    code: 'PAGINATION_LOOP',
    action,
    message: `${action}: still more pages after ${maxPages}; stopped`,
  });
}
