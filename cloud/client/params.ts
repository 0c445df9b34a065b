/**
 * Request parameters → the flat `Name.N.Field` list the RPC protocol sends (aliyun-api.md §1.3).
 * Done here rather than by pop-core because pop-core sends `undefined` as the text "undefined",
 * `null` as "null", and a nested plain object as "[object Object]".
 */
import type { CallParams, Product } from './index';

/**
 * ECS parameters whose value is JSON text (`["i-1","i-2"]`), not a repeat list (§1.3). An array
 * given for one of these is JSON-encoded instead of flattened.
 */
export const JSON_TEXT_PARAMS: Readonly<Record<Product, ReadonlySet<string>>> = {
  ecs: new Set(['InstanceIds', 'SecurityGroupIds', 'PrivateIpAddresses']),
  vpc: new Set(),
  sts: new Set(),
  vpcpeer: new Set(),
  cbn: new Set(),
};

/**
 * Array parameters of `style: simple`: one comma-joined value (`VpcId=vpc-a,vpc-b`,
 * ListVpcPeerConnections, aliyun-links.md §1.1), not a repeat list.
 */
const COMMA_LIST_PARAMS: Readonly<Partial<Record<Product, ReadonlySet<string>>>> = {
  vpcpeer: new Set(['VpcId']),
};

/**
 * Flattens call parameters: `undefined`/`null` dropped (at any depth), booleans `true`/`false`,
 * numbers as decimal text, arrays as 1-based repeat lists (`X.1`, `X.1.Key`, `X.1.Value.2`),
 * objects inside arrays as `.Field`. Keys are sent exactly as written (no case change). Throws
 * on a plain object at top level, a non-finite number or an unsupported value (a caller bug).
 */
export function flattenParams(product: Product, params: CallParams | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!params) return out;
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null) continue;
    if (Array.isArray(value) && JSON_TEXT_PARAMS[product].has(key)) {
      out[key] = JSON.stringify(value);
      continue;
    }
    if (Array.isArray(value) && COMMA_LIST_PARAMS[product]?.has(key)) {
      out[key] = value.filter((item) => item !== undefined && item !== null).join(',');
      continue;
    }
    if (!Array.isArray(value) && typeof value === 'object') {
      throw new TypeError(`parameter ${key}: a plain object cannot be sent; pass a repeat list (array) or JSON text`);
    }
    put(out, key, value);
  }
  return out;
}

function put(out: Record<string, string>, key: string, value: unknown): void {
  if (value === undefined || value === null) return;
  if (typeof value === 'string') {
    out[key] = value;
    return;
  }
  if (typeof value === 'boolean') {
    out[key] = value ? 'true' : 'false';
    return;
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError(`parameter ${key}: ${value} is not a finite number`);
    out[key] = String(value);
    return;
  }
  if (typeof value === 'bigint') {
    out[key] = value.toString();
    return;
  }
  if (Array.isArray(value)) {
    // undefined/null items are dropped and the rest numbered 1…n: the API expects a contiguous list.
    value
      .filter((item) => item !== undefined && item !== null)
      .forEach((item, index) => put(out, `${key}.${index + 1}`, item));
    return;
  }
  if (typeof value === 'object') {
    for (const [field, item] of Object.entries(value as Record<string, unknown>)) put(out, `${key}.${field}`, item);
    return;
  }
  throw new TypeError(`parameter ${key}: cannot send a ${typeof value}`);
}
