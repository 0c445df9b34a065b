/**
 * Port ranges as the Alibaba Cloud APIs write them (`22/22`, `1/65535`, `-1/-1`) and sets of
 * ports as sorted, disjoint, inclusive intervals, so that "every port of 32768–60999 must pass"
 * is a handful of interval operations rather than 28,232 evaluations.
 */

/** An inclusive interval of ports, `from <= to`. */
export interface PortInterval {
  readonly from: number;
  readonly to: number;
}

/**
 * The client's ephemeral ports a TCP/UDP reply goes back to, Linux's default range
 * (`net.ipv4.ip_local_port_range` = 32768–60999; aliyun-dataplane.md §1.4 quotes 32768–61000).
 */
export const EPHEMERAL_PORTS: PortInterval = { from: 32768, to: 60999 };

export type PortRangeParse =
  { readonly kind: 'any' } | { readonly kind: 'range'; readonly interval: PortInterval } | { readonly kind: 'invalid' };

/**
 * Reads `start/end`. `-1/-1` is "no port" (ICMP, GRE, ALL); a TCP/UDP range is 1–65535 with
 * start <= end (the ACL console also allows 0; so do we). Anything else is invalid: a rule or
 * entry with an invalid range matches nothing (validate reports it).
 */
export function parsePortRange(text: string | undefined): PortRangeParse {
  if (text === undefined) return { kind: 'any' };
  const trimmed = text.trim();
  if (trimmed === '-1/-1') return { kind: 'any' };
  const m = /^(\d{1,5})\/(\d{1,5})$/.exec(trimmed);
  if (!m) return { kind: 'invalid' };
  const from = Number(m[1]);
  const to = Number(m[2]);
  if (to > 65535 || from > to) return { kind: 'invalid' };
  return { kind: 'range', interval: { from, to } };
}

/**
 * Splits `within` into the pieces cut at every boundary of `ranges`, so that each port of a
 * piece meets the same ranges (every range either covers the whole piece or none of it).
 */
export function cutAt(within: PortInterval, ranges: readonly PortInterval[]): PortInterval[] {
  const points = new Set<number>([within.from]);
  for (const r of ranges) {
    if (r.from > within.from && r.from <= within.to) points.add(r.from);
    if (r.to >= within.from && r.to < within.to) points.add(r.to + 1);
  }
  const starts = [...points].sort((a, b) => a - b);
  return starts.map((from, i) => ({ from, to: i + 1 < starts.length ? starts[i + 1]! - 1 : within.to }));
}

/** Sorts and merges touching or overlapping intervals. */
export function mergeIntervals(intervals: readonly PortInterval[]): PortInterval[] {
  const sorted = [...intervals].sort((a, b) => a.from - b.from);
  const out: PortInterval[] = [];
  for (const i of sorted) {
    const last = out[out.length - 1];
    if (last && i.from <= last.to + 1) out[out.length - 1] = { from: last.from, to: Math.max(last.to, i.to) };
    else out.push(i);
  }
  return out;
}

/** `22`, `32768-40000`, joined by commas: how a blocker names the ports that fail. */
export function formatPorts(intervals: readonly PortInterval[]): string {
  return mergeIntervals(intervals)
    .map((i) => (i.from === i.to ? String(i.from) : `${i.from}-${i.to}`))
    .join(',');
}

/** The API spelling of an interval: `22/22`, `32768/60999`. */
export function portRangeText(interval: PortInterval): string {
  return `${interval.from}/${interval.to}`;
}
