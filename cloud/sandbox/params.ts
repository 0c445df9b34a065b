/** Reading an action's parameters (already percent-decoded) into typed values, with the API's errors. */
import { ApiError, invalidParameter, missingParameter } from './errors';

export type Params = ReadonlyMap<string, string>;

export function optional(params: Params, name: string): string | undefined {
  const value = params.get(name);
  return value === undefined || value === '' ? undefined : value;
}

export function required(params: Params, name: string): string {
  const value = optional(params, name);
  if (value === undefined) throw missingParameter(name);
  return value;
}

export function oneOf<const T extends string>(
  params: Params,
  name: string,
  values: readonly T[],
  options: { required?: boolean; caseInsensitive?: boolean } = {},
): T | undefined {
  const value = options.required ? required(params, name) : optional(params, name);
  if (value === undefined) return undefined;
  const found = values.find((v) => (options.caseInsensitive ? v.toLowerCase() === value.toLowerCase() : v === value));
  if (!found) throw invalidParameter(name, `"${value}" is not one of ${values.join(', ')}.`);
  return found;
}

export function integer(params: Params, name: string, options: { min: number; max: number; fallback: number }): number {
  const value = optional(params, name);
  if (value === undefined) return options.fallback;
  if (!/^-?\d+$/.test(value)) throw invalidParameter(name, `"${value}" is not an integer.`);
  const n = Number(value);
  if (n < options.min || n > options.max)
    throw invalidParameter(name, `${n} is outside ${options.min}-${options.max}.`);
  return n;
}

export function boolean(params: Params, name: string): boolean | undefined {
  const value = optional(params, name);
  if (value === undefined) return undefined;
  if (value.toLowerCase() === 'true') return true;
  if (value.toLowerCase() === 'false') return false;
  throw invalidParameter(name, `"${value}" is not true or false.`);
}

/** `X.1`, `X.2`, … in index order (a RepeatList of scalars). */
export function repeatList(params: Params, name: string): string[] {
  const items: Array<[number, string]> = [];
  const re = new RegExp(`^${escape(name)}\\.(\\d+)$`);
  for (const [key, value] of params) {
    const m = re.exec(key);
    if (m) items.push([Number(m[1]), value]);
  }
  return items.sort((a, b) => a[0] - b[0]).map(([, v]) => v);
}

/** `X.N.Field` (and `X.N.Field.M` for nested lists) grouped by N, in index order. */
export function repeatObjects(params: Params, name: string): Array<Map<string, string>> {
  const byIndex = new Map<number, Map<string, string>>();
  const re = new RegExp(`^${escape(name)}\\.(\\d+)\\.(.+)$`);
  for (const [key, value] of params) {
    const m = re.exec(key);
    if (!m) continue;
    const index = Number(m[1]);
    let fields = byIndex.get(index);
    if (!fields) byIndex.set(index, (fields = new Map()));
    fields.set(m[2]!, value);
  }
  return [...byIndex.entries()].sort((a, b) => a[0] - b[0]).map(([, fields]) => fields);
}

/** ECS parameters that carry a JSON array as text (`InstanceIds=["i-1","i-2"]`, aliyun-api.md §1.3). */
export function jsonStringArray(params: Params, name: string, max: number): string[] | undefined {
  const value = optional(params, name);
  if (value === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    throw invalidParameter(
      name,
      `expected a JSON array of strings such as ["id-1","id-2"], got ${JSON.stringify(value)}.`,
    );
  }
  if (!Array.isArray(parsed) || !parsed.every((x) => typeof x === 'string')) {
    throw invalidParameter(name, 'expected a JSON array of strings.');
  }
  if (parsed.length > max) throw invalidParameter(name, `at most ${max} items.`);
  return parsed as string[];
}

/** `Filter.N.Key` + `Filter.N.Value.M` of DescribeRouterInterfaces (aliyun-api.md §3.8). */
export function filters(params: Params, allowedKeys: readonly string[]): Map<string, Set<string>> {
  const result = new Map<string, Set<string>>();
  const groups = repeatObjects(params, 'Filter');
  if (groups.length > 5) throw invalidParameter('Filter', 'at most 5 filters.');
  groups.forEach((fields, i) => {
    const key = fields.get('Key');
    if (!key) throw missingParameter(`Filter.${i + 1}.Key`);
    if (!allowedKeys.includes(key))
      throw new ApiError(
        'InvalidFilterKey.ValueNotSupported',
        400,
        `The filter key "${key}" is not supported; use one of ${allowedKeys.join(', ')}.`,
      );
    const values = [...fields.entries()]
      .filter(([k]) => /^Value\.\d+$/.test(k))
      .sort((a, b) => Number(a[0].slice(6)) - Number(b[0].slice(6)))
      .map(([, v]) => v);
    if (values.length > 5) throw invalidParameter(`Filter.${i + 1}.Value`, 'at most 5 values.');
    const set = result.get(key) ?? new Set<string>();
    for (const v of values) set.add(v);
    result.set(key, set);
  });
  return result;
}

/** PageNumber/PageSize paging (aliyun-api.md §6: PageSize ≤ 50, default 10). */
export function page<T>(
  params: Params,
  items: readonly T[],
  maxPageSize = 50,
): { pageNumber: number; pageSize: number; totalCount: number; items: T[] } {
  const pageNumber = integer(params, 'PageNumber', { min: 1, max: 1_000_000, fallback: 1 });
  const pageSize = integer(params, 'PageSize', { min: 1, max: maxPageSize, fallback: 10 });
  const start = (pageNumber - 1) * pageSize;
  return { pageNumber, pageSize, totalCount: items.length, items: items.slice(start, start + pageSize) };
}

/** MaxResults/NextToken paging; the token is the offset, opaque to callers. */
export function tokenPage<T>(
  params: Params,
  items: readonly T[],
  sizeName: string,
  limits: { min: number; max: number; fallback: number },
): { items: T[]; nextToken: string; size: number } {
  const size = integer(params, sizeName, limits);
  const token = optional(params, 'NextToken');
  let start = 0;
  if (token !== undefined) {
    const m = /^tok-(\d+)$/.exec(token);
    if (!m) throw new ApiError('InvalidNextToken.Malformed', 400, `The specified NextToken "${token}" is not valid.`);
    start = Number(m[1]);
  }
  const slice = items.slice(start, start + size);
  const end = start + slice.length;
  return { items: slice, nextToken: end < items.length ? `tok-${end}` : '', size };
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
