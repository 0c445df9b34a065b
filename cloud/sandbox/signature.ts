/**
 * RPC signature version 1.0 (HMAC-SHA1), exactly as @alicloud/pop-core 1.8.0 computes it
 * (aliyun-api.md §1.4–§1.5). The server rebuilds the string-to-sign from the decoded parameters
 * and the HTTP method actually used, so GET, POST and pop-core's lower-case `post` quirk all verify.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** RFC 3986 percent-encoding as pop-core does it: encodeURIComponent plus `! ' ( ) *`. */
export function percentEncode(text: string): string {
  return encodeURIComponent(text)
    .replace(/!/g, '%21')
    .replace(/'/g, '%27')
    .replace(/\(/g, '%28')
    .replace(/\)/g, '%29')
    .replace(/\*/g, '%2A');
}

/** Sorted (code-unit order), encoded `key=value` pairs joined by `&`; `Signature` left out. */
export function canonicalQuery(params: ReadonlyMap<string, string> | Readonly<Record<string, string>>): string {
  const entries = params instanceof Map ? [...params.entries()] : Object.entries(params);
  return entries
    .filter(([key]) => key !== 'Signature')
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, value]) => `${percentEncode(key)}=${percentEncode(value)}`)
    .join('&');
}

export function stringToSign(
  method: string,
  params: ReadonlyMap<string, string> | Readonly<Record<string, string>>,
): string {
  return `${method.toUpperCase()}&${percentEncode('/')}&${percentEncode(canonicalQuery(params))}`;
}

/** Base64(HMAC-SHA1(secret + "&", stringToSign)). */
export function sign(accessKeySecret: string, toSign: string): string {
  return createHmac('sha1', `${accessKeySecret}&`).update(toSign, 'utf8').digest('base64');
}

/** Constant-time comparison of two signatures. */
export function signaturesEqual(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}
