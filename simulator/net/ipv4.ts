/**
 * IPv4 addresses and CIDR blocks as immutable values. Parsing is strict (design.md §3, after
 * netaddr/ipaddr.js): four decimal octets, no leading zeros (`010` would be octal to some
 * parsers), no shorthand (`127.1`), prefix 0–32. Errors quote the input.
 *
 * Addresses are unsigned 32-bit integers so that matching stays cheap on large estates.
 */

/** An IPv4 address as an unsigned 32-bit integer. */
export type Ipv4 = number;

/** A CIDR block. `base` has no host bits set (the block's network address). */
export interface Cidr {
  readonly base: Ipv4;
  readonly prefix: number;
}

export type ParseResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

/** A parsed CIDR as written, before canonicalisation: `address` may have host bits set. */
export interface ParsedCidr {
  readonly cidr: Cidr;
  readonly address: Ipv4;
  /** True when the text had host bits set (`10.0.0.1/24`) or was not the canonical spelling. */
  readonly canonical: boolean;
  /** True when the text had no `/prefix` and was read as a /32. */
  readonly bareAddress: boolean;
}

const OCTET = /^(0|[1-9][0-9]{0,2})$/;

export function parseIpv4(text: string): ParseResult<Ipv4> {
  if (typeof text !== 'string') return { ok: false, error: `ip: expected a string, got ${typeof text}` };
  const parts = text.split('.');
  if (parts.length !== 4) {
    return { ok: false, error: `ip: cannot parse "${text}": expected four dotted decimal octets` };
  }
  let value = 0;
  for (const part of parts) {
    if (!OCTET.test(part)) {
      const why = /^0[0-9]+$/.test(part)
        ? `octet "${part}" has a leading zero`
        : `octet "${part}" is not a decimal number`;
      return { ok: false, error: `ip: cannot parse "${text}": ${why}` };
    }
    const octet = Number(part);
    if (octet > 255) return { ok: false, error: `ip: cannot parse "${text}": octet ${octet} > 255` };
    value = value * 256 + octet;
  }
  return { ok: true, value };
}

export function maskOf(prefix: number): number {
  return prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
}

/**
 * Parses `a.b.c.d/n`. With `allowBareAddress`, `a.b.c.d` is read as `/32` (CreateRouteEntry
 * accepts a bare IP as a /32, aliyun-api.md §4.2).
 */
export function parseCidrText(text: string, options: { allowBareAddress?: boolean } = {}): ParseResult<ParsedCidr> {
  if (typeof text !== 'string') return { ok: false, error: `cidr: expected a string, got ${typeof text}` };
  const slash = text.indexOf('/');
  if (slash < 0) {
    if (!options.allowBareAddress) {
      return { ok: false, error: `cidr: cannot parse "${text}": missing "/prefix"` };
    }
    const ip = parseIpv4(text);
    if (!ip.ok) return { ok: false, error: ip.error.replace(/^ip:/, 'cidr:') };
    return {
      ok: true,
      value: { cidr: { base: ip.value, prefix: 32 }, address: ip.value, canonical: false, bareAddress: true },
    };
  }
  const addressText = text.slice(0, slash);
  const prefixText = text.slice(slash + 1);
  const ip = parseIpv4(addressText);
  if (!ip.ok)
    return { ok: false, error: `cidr: cannot parse "${text}": ${ip.error.replace(/^ip: cannot parse "[^"]*": /, '')}` };
  if (!/^(0|[1-9][0-9]?)$/.test(prefixText)) {
    return { ok: false, error: `cidr: cannot parse "${text}": prefix "${prefixText}" is not a number 0-32` };
  }
  const prefix = Number(prefixText);
  if (prefix > 32) return { ok: false, error: `cidr: cannot parse "${text}": prefix > 32` };
  const base = (ip.value & maskOf(prefix)) >>> 0;
  return {
    ok: true,
    value: { cidr: { base, prefix }, address: ip.value, canonical: base === ip.value, bareAddress: false },
  };
}

/** Parses a CIDR and refuses host bits (`10.0.0.1/24`). */
export function parseCidr(text: string): ParseResult<Cidr> {
  const parsed = parseCidrText(text);
  if (!parsed.ok) return parsed;
  if (!parsed.value.canonical) {
    return {
      ok: false,
      error: `cidr: "${text}" has host bits set; the block is ${formatCidr(parsed.value.cidr)}`,
    };
  }
  return { ok: true, value: parsed.value.cidr };
}

export function formatIpv4(ip: Ipv4): string {
  return `${ip >>> 24}.${(ip >>> 16) & 255}.${(ip >>> 8) & 255}.${ip & 255}`;
}

export function formatCidr(cidr: Cidr): string {
  return `${formatIpv4(cidr.base)}/${cidr.prefix}`;
}

/** Number of addresses in the block. */
export function cidrSize(cidr: Cidr): number {
  return 2 ** (32 - cidr.prefix);
}

/** Last address of the block. */
export function cidrLast(cidr: Cidr): Ipv4 {
  return (cidr.base + cidrSize(cidr) - 1) >>> 0;
}

export function cidrContainsIp(cidr: Cidr, ip: Ipv4): boolean {
  return (ip & maskOf(cidr.prefix)) >>> 0 === cidr.base;
}

/** True when `inner` lies inside `outer` (equal counts as inside). */
export function cidrContainsCidr(outer: Cidr, inner: Cidr): boolean {
  return inner.prefix >= outer.prefix && cidrContainsIp(outer, inner.base);
}

export function cidrsEqual(a: Cidr, b: Cidr): boolean {
  return a.base === b.base && a.prefix === b.prefix;
}

export function cidrsOverlap(a: Cidr, b: Cidr): boolean {
  return cidrContainsCidr(a, b) || cidrContainsCidr(b, a);
}
