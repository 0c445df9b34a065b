/**
 * Shared state of one validation run: the lookups (lookups.ts), parsed-address caches, cross-check
 * facts computed once (which VPCs are connected, where each resource sits in the document), and
 * the collector that turns (code, path, message) into findings with the catalogue's severity.
 */
import type { Topology, Vpc } from '../document/schema';
import {
  type Cidr,
  type Ipv4,
  cidrLast,
  cidrsOverlap,
  cidrSize,
  formatCidr,
  formatIpv4,
  parseCidrText,
  parseIpv4,
  type ParsedCidr,
  type ParseResult,
} from '../net/ipv4';
import { VALIDATION_CODES, type ValidationCode } from './codes';
import type { Finding } from './finding';
import { EMPTY_TOPOLOGY, keepHiddenClassOf } from './hiddenClasses';
import { buildValidationLookups, type ValidationLookups } from './lookups';

export interface ReportExtras {
  readonly resourceId?: string;
  readonly suggestion?: string;
}

/** A CIDR field that parsed, with where it is. */
export interface LocatedCidr {
  readonly cidr: Cidr;
  readonly text: string;
  readonly path: string;
}

export class ValidationContext {
  /** The lookups the checks read (lookups.ts). */
  readonly index: ValidationLookups;
  readonly findings: Finding[] = [];
  /** Position in the document of the first resource with each ID, per array. */
  readonly vpcIndex = new Map<string, number>();
  readonly routerInterfaceIndex = new Map<string, number>();
  /** The usable CIDR blocks of each VPC (primary + secondary that parsed), by VPC ID. */
  readonly vpcCidrs = new Map<string, LocatedCidr[]>();
  /** The vSwitch CIDR blocks that parsed, by VPC ID, with the vSwitch's document index. */
  readonly vSwitchCidrs = new Map<
    string,
    Array<LocatedCidr & { readonly vSwitchIndex: number; readonly vSwitchId: string }>
  >();
  /** The block of each vSwitch ID (null: none usable), parsed once per run (vSwitchBlock). */
  private readonly vSwitchBlocks = new Map<string, Cidr | null>();
  private readonly cidrCache = new Map<string, ParseResult<ParsedCidr>>();
  private readonly bareCidrCache = new Map<string, ParseResult<ParsedCidr>>();

  constructor(readonly document: Topology) {
    this.index = buildValidationLookups(document);
    for (let i = 0; i < document.vpcs.length; i++) {
      const vpc = document.vpcs[i]!;
      if (!this.vpcIndex.has(vpc.vpcId)) this.vpcIndex.set(vpc.vpcId, i);
    }
    for (let i = 0; i < document.routerInterfaces.length; i++) {
      const ri = document.routerInterfaces[i]!;
      if (!this.routerInterfaceIndex.has(ri.routerInterfaceId)) this.routerInterfaceIndex.set(ri.routerInterfaceId, i);
    }
  }

  report(code: ValidationCode, path: string, message: string, extras: ReportExtras = {}): void {
    this.findings.push({
      severity: VALIDATION_CODES[code].severity,
      code,
      message,
      path,
      ...(extras.resourceId !== undefined ? { resourceId: extras.resourceId } : {}),
      ...(extras.suggestion !== undefined ? { suggestion: extras.suggestion } : {}),
    });
  }

  /**
   * A field naming a VPC or vSwitch the document does not have: "<owner>: <field> <value> is not
   * a <what> in the document", with the suggestion to pick one of them or add it.
   */
  reportMissingParent(path: string, owner: string, field: 'vpcId' | 'vSwitchId', value: string): void {
    const [what, whats] = field === 'vpcId' ? ['VPC', 'VPCs'] : ['vSwitch', 'vSwitches'];
    this.report('DANGLING_REFERENCE', path, `${owner}: ${field} ${value} is not a ${what} in the document`, {
      resourceId: owner,
      suggestion: `set ${field} to one of the document's ${whats}, or add ${value}`,
    });
  }

  /**
   * Parses a CIDR field. The common case (a canonical `a.b.c.d/n`) goes through a char-code scanner
   * that allocates one small object; anything else goes to the strict parser for its message.
   */
  parseCidr(text: string, allowBareAddress = false): ParseResult<ParsedCidr> {
    const fast = scanCanonicalCidr(text);
    if (fast !== undefined) return { ok: true, value: fast };
    const cache = allowBareAddress ? this.bareCidrCache : this.cidrCache;
    let result = cache.get(text);
    if (!result) {
      result = parseCidrText(text, { allowBareAddress });
      cache.set(text, result);
    }
    return result;
  }

  /**
   * Checks a CIDR field, reports malformed / host-bit / bare-address problems, and returns the
   * block when it is usable (a block with host bits set is reported and not used further).
   */
  checkCidrField(
    text: string,
    path: string,
    owner: string,
    fieldName: string | (() => string),
    allowBareAddress = false,
  ): Cidr | undefined {
    const parsed = this.parseCidr(text, allowBareAddress);
    if (parsed.ok && parsed.value.canonical && !parsed.value.bareAddress) return parsed.value.cidr;
    return this.reportCidrField(parsed, text, path, owner, fieldName);
  }

  /**
   * The findings of checkCidrField, apart from it: a small check is optimized after fewer of V8's
   * profiler ticks (their number grows with the bytecode size), and this one, called for every
   * VPC, vSwitch and narrowing CIDR, returns early, so it gathers few ticks per validation.
   */
  private reportCidrField(
    parsed: ParseResult<ParsedCidr>,
    text: string,
    path: string,
    owner: string,
    fieldName: string | (() => string),
  ): Cidr | undefined {
    const field = typeof fieldName === 'string' ? fieldName : fieldName();
    if (!parsed.ok) {
      this.report(
        'CIDR_MALFORMED',
        path,
        `${owner}: ${field} ${JSON.stringify(text)} is not a CIDR block (${parsed.error})`,
        {
          resourceId: owner,
          suggestion: `write ${field} as a.b.c.d/n, e.g. 192.168.1.0/24`,
        },
      );
      return undefined;
    }
    const value = parsed.value;
    if (value.bareAddress) {
      this.report(
        'CIDR_BARE_ADDRESS',
        path,
        `${owner}: ${field} ${JSON.stringify(text)} is a bare address, read as ${formatCidr(value.cidr)}`,
        {
          resourceId: owner,
          suggestion: `write ${field} as ${formatCidr(value.cidr)}`,
        },
      );
      return value.cidr;
    }
    if (!value.canonical) {
      this.report(
        'CIDR_HOST_BITS_SET',
        path,
        `${owner}: ${field} ${text} has host bits set; the block it names is ${formatCidr(value.cidr)}`,
        {
          resourceId: owner,
          suggestion: `change ${field} to ${formatCidr(value.cidr)}${value.cidr.prefix < 32 ? ` (or to ${formatIpv4(value.address)}/32 if you meant the single address)` : ''}`,
        },
      );
      return undefined;
    }
    return value.cidr;
  }

  /**
   * The block of the vSwitch with this ID (the first one, as the lookups find it) when its
   * cidrBlock is a canonical block, else undefined (checkVSwitches reports why).
   */
  vSwitchBlock(vSwitchId: string): Cidr | undefined {
    let block = this.vSwitchBlocks.get(vSwitchId);
    if (block === undefined) {
      const vSwitch = this.index.vSwitches.get(vSwitchId);
      const parsed = vSwitch ? this.parseCidr(vSwitch.cidrBlock) : undefined;
      block = parsed?.ok && parsed.value.canonical ? parsed.value.cidr : null;
      this.vSwitchBlocks.set(vSwitchId, block);
    }
    return block ?? undefined;
  }

  /**
   * Records the block checkVSwitches found for a vSwitch (checkCidrField: a canonical block or
   * undefined), so vSwitchBlock need not parse it again; the first vSwitch with an ID is the one
   * the lookups find, so later ones with the same ID are ignored.
   */
  noteVSwitchBlock(vSwitchId: string, block: Cidr | undefined): void {
    if (!this.vSwitchBlocks.has(vSwitchId)) this.vSwitchBlocks.set(vSwitchId, block ?? null);
  }

  parseIp(text: string): ParseResult<Ipv4> {
    const fast = scanIpv4(text, 0, text.length);
    return fast >= 0 ? { ok: true, value: fast } : parseIpv4(text);
  }

  /** The VPC behind a router: the VPC whose vRouterId it is. */
  vpcOfRouter(routerId: string | undefined): Vpc | undefined {
    return routerId === undefined ? undefined : this.index.vpcByRouterId.get(routerId);
  }
}

/** A context over an empty document, kept so its hidden class outlives each run (hiddenClasses.ts). */
export const IDLE_CONTEXT = new ValidationContext(EMPTY_TOPOLOGY);
keepHiddenClassOf(IDLE_CONTEXT);

/** A closed range of addresses [start, end] carrying its item, for sweep-line overlap checks. */
export interface Interval<T> {
  readonly start: number;
  readonly end: number;
  readonly item: T;
}

/**
 * Overlapping pairs among intervals, each later interval reported against one earlier (by
 * start) interval it overlaps: a sort and one sweep, O(n log n).
 */
export function sweepOverlaps<T>(intervals: readonly Interval<T>[], onOverlap: (later: T, earlier: T) => void): void {
  const sorted = [...intervals].sort(byStartThenWidest);
  let widest: Interval<T> | undefined;
  for (const interval of sorted) {
    if (widest && interval.start <= widest.end) onOverlap(interval.item, widest.item);
    if (!widest || interval.end > widest.end) widest = interval;
  }
}

/** By start, and the widest first among equal starts (a module-level comparator: hiddenClasses.ts). */
function byStartThenWidest(a: Interval<unknown>, b: Interval<unknown>): number {
  return a.start - b.start || b.end - a.end;
}

export function cidrInterval<T>(cidr: Cidr, item: T): Interval<T> {
  return { start: cidr.base, end: cidrLast(cidr), item };
}

/**
 * A free block of `prefix` inside `container` that overlaps none of `taken`, for concrete
 * suggestions ("change cidrBlock to 192.168.2.0/24"). Bounded search; undefined if none found.
 */
export function freeBlock(container: Cidr, prefix: number, taken: readonly Cidr[], limit = 1024): Cidr | undefined {
  if (prefix < container.prefix || prefix > 32) return undefined;
  const step = cidrSize({ base: 0, prefix });
  const last = cidrLast(container);
  const sorted = [...taken].sort((a, b) => a.base - b.base);
  let base = container.base;
  for (let tries = 0; tries < limit && base + step - 1 <= last; tries++) {
    const candidate: Cidr = { base, prefix };
    const clash = sorted.find((t) => cidrsOverlap(t, candidate));
    if (!clash) return candidate;
    // Jump past the block in the way, aligned to the candidate size.
    base = Math.ceil(Math.max(cidrLast(clash) + 1, base + step) / step) * step;
  }
  return undefined;
}

/** First usable address of a vSwitch block (not reserved, not in `used`), for suggestions. */
export function freeAddress(block: Cidr, used: ReadonlySet<number>, limit = 4096): Ipv4 | undefined {
  const size = cidrSize(block);
  for (let offset = 1; offset < Math.min(size - 3, limit); offset++) {
    const ip = (block.base + offset) >>> 0;
    if (!used.has(ip)) return ip;
  }
  return undefined;
}

/** The vSwitch reserved addresses: the first and the last three (aliyun-api.md §6). */
export function isReservedAddress(block: Cidr, ip: Ipv4): boolean {
  const offset = ip - block.base;
  const size = cidrSize(block);
  return offset === 0 || offset >= size - 3;
}

export const RFC1918: readonly Cidr[] = [
  { base: 0x0a000000, prefix: 8 },
  { base: 0xac100000, prefix: 12 },
  { base: 0xc0a80000, prefix: 16 },
];

/** A strict `a.b.c.d` as a uint32 without allocation, else -1 (then ctx.parseIp explains). */
export function scanIp(text: string): number {
  return typeof text === 'string' ? scanIpv4(text, 0, text.length) : -1;
}

/**
 * `a.b.c.d` between `from` and `to` as a uint32, or -1 when it is not in strict form (four
 * decimal octets ≤ 255 without leading zeros) — then the strict parser explains why.
 */
function scanIpv4(text: string, from: number, to: number): number {
  let value = 0;
  let octets = 0;
  let i = from;
  while (i < to) {
    const start = i;
    let octet = 0;
    while (i < to) {
      const c = text.charCodeAt(i);
      if (c < 48 || c > 57) break;
      octet = octet * 10 + (c - 48);
      i++;
    }
    const digits = i - start;
    if (digits === 0 || digits > 3 || octet > 255 || (digits > 1 && text.charCodeAt(start) === 48)) return -1;
    value = value * 256 + octet;
    octets++;
    if (i === to) break;
    if (text.charCodeAt(i) !== 46 || octets === 4) return -1;
    i++;
    if (i === to) return -1;
  }
  return octets === 4 ? value : -1;
}

/**
 * A canonical `a.b.c.d/n` (strict octets, no host bits) as the number `base * 64 + prefix`, else
 * -1. Allocates nothing: the hot loops (20,000 rules) use it as a map key. Texts it accepts are
 * exactly `formatCidr` of the block, so equal keys mean equal canonical texts.
 */
export function scanCidrKey(text: string): number {
  if (typeof text !== 'string') return -1;
  const slash = text.indexOf('/');
  if (slash < 0) return -1;
  const ip = scanIpv4(text, 0, slash);
  if (ip < 0) return -1;
  const rest = text.length - slash - 1;
  if (rest < 1 || rest > 2) return -1;
  const d1 = text.charCodeAt(slash + 1) - 48;
  const d2 = rest === 2 ? text.charCodeAt(slash + 2) - 48 : -1;
  if (d1 < 0 || d1 > 9 || (rest === 2 && (d1 === 0 || d2 < 0 || d2 > 9))) return -1;
  const prefix = rest === 2 ? d1 * 10 + d2 : d1;
  if (prefix > 32) return -1;
  // maskOf(prefix), inlined: this runs for every rule and route entry.
  const base = (ip & (prefix === 0 ? 0 : 0xffffffff << (32 - prefix))) >>> 0;
  if (base !== ip) return -1;
  return base * 64 + prefix;
}

/** The key `scanCidrKey` gives a block. */
export function cidrKey(cidr: Cidr): number {
  return cidr.base * 64 + cidr.prefix;
}

/** A canonical `a.b.c.d/n` (no host bits) without allocation beyond the result, else undefined. */
function scanCanonicalCidr(text: string): ParsedCidr | undefined {
  const key = scanCidrKey(text);
  if (key < 0) return undefined;
  const base = Math.floor(key / 64);
  return { cidr: { base, prefix: key % 64 }, address: base, canonical: true, bareAddress: false };
}
