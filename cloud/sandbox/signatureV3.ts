/**
 * Signature V3 (`ACS3-HMAC-SHA256`) as `@alicloud/openapi-core` 1.0.8 computes it
 * (aliyun-links.md §3.1): a canonical request of method, `/`, the sorted encoded query, the signed
 * headers and the hex SHA-256 of the body; HMAC-SHA256 keyed with the bare AccessKeySecret (V2
 * appends `&`). Pure functions: the sandbox's verifier and the tests use the same code.
 */
import { createHash, createHmac } from 'node:crypto';
import { percentEncode } from './signature';

export const V3_ALGORITHM = 'ACS3-HMAC-SHA256';

/** Hex SHA-256 of the body bytes; `''` hashes to `e3b0c442…b855` (aliyun-links.md §3.1). */
export function hashPayload(body: string | Buffer): string {
  return createHash('sha256').update(body).digest('hex');
}

/**
 * Sorted `key=percentEncode(value)` pairs joined by `&`. The SDK does not encode keys
 * (aliyun-links.md §3.1); RPC keys are plain ASCII (`NextHopList.1.NextHopId`), where encoding
 * changes nothing, so encoding them here only matters for a key a caller made up.
 */
export function canonicalQueryV3(query: ReadonlyArray<readonly [string, string]>): string {
  return [...query]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, value]) => `${percentEncode(key)}=${percentEncode(value)}`)
    .join('&');
}

export interface V3Request {
  readonly method: string;
  /** `/` for RPC APIs. */
  readonly path: string;
  /** Decoded query pairs. */
  readonly query: ReadonlyArray<readonly [string, string]>;
  /** Header values by lower-case name, only those that are signed. */
  readonly signedHeaders: ReadonlyMap<string, string>;
  /** The `x-acs-content-sha256` value (hex SHA-256 of the body). */
  readonly hashedPayload: string;
}

export function canonicalRequestV3(request: V3Request): string {
  const names = [...request.signedHeaders.keys()].sort();
  const canonicalHeaders = names.map((name) => `${name}:${request.signedHeaders.get(name)!.trim()}\n`).join('');
  return [
    request.method.toUpperCase(),
    request.path,
    canonicalQueryV3(request.query),
    canonicalHeaders,
    names.join(';'),
    request.hashedPayload,
  ].join('\n');
}

export function stringToSignV3(canonicalRequest: string): string {
  return `${V3_ALGORITHM}\n${createHash('sha256').update(canonicalRequest, 'utf8').digest('hex')}`;
}

/** Hex HMAC-SHA256 of the string to sign with the AccessKeySecret as the key. */
export function signV3(accessKeySecret: string, toSign: string): string {
  return createHmac('sha256', accessKeySecret).update(toSign, 'utf8').digest('hex');
}

export interface ParsedAuthorization {
  readonly algorithm: string;
  readonly accessKeyId: string;
  /** Lower-case names, as listed. */
  readonly signedHeaders: readonly string[];
  readonly signature: string;
}

/**
 * `ACS3-HMAC-SHA256 Credential=<AK>,SignedHeaders=<h1;h2>,Signature=<hex>` (aliyun-links.md §3.1);
 * undefined when the value does not have that shape.
 */
export function parseAuthorization(value: string): ParsedAuthorization | undefined {
  const match = /^(\S+)\s+(.*)$/.exec(value.trim());
  if (!match) return undefined;
  const fields = new Map<string, string>();
  for (const part of match[2]!.split(',')) {
    const eq = part.indexOf('=');
    if (eq <= 0) return undefined;
    fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const accessKeyId = fields.get('Credential');
  const signedHeaders = fields.get('SignedHeaders');
  const signature = fields.get('Signature');
  if (!accessKeyId || !signedHeaders || !signature) return undefined;
  return {
    algorithm: match[1]!,
    accessKeyId,
    signedHeaders: signedHeaders.split(';').map((h) => h.trim().toLowerCase()),
    signature,
  };
}
