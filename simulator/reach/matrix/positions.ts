/**
 * "Positions": the instances with an address, sorted by address (ties by document order). Every
 * per-peer bitset of the sweep is indexed by position, so a CIDR covers a contiguous run of
 * cells and "the first rule or route that covers a peer decides" is a paint of the still
 * unpainted cells of that run, a few words at a time.
 */
import type { Cidr } from '../../net/ipv4';
import type { InstanceInfo } from '../compile';
import { rangeMask, wordsFor } from './bits';

/** A run [lo, hi) of positions packed in one number: lo * RUN_SPLIT + hi. */
const RUN_SPLIT = 2 ** 26;
/**
 * Bitsets in a sweep's first chunk `Painter.fresh` carves them from: few allocations, and a
 * chunk that an incremental sweep keeps alive for one of its bitsets wastes little.
 */
const PER_CHUNK = 32;
/**
 * Each next chunk of a sweep holds twice as many, up to this many words (64 KB): on L a bitset
 * is 63 words, and chunks of 32 were allocated 80 times a sweep (each a new ArrayBuffer: a line
 * profile showed it), while a sweep after an edit, which paints a few parts, still takes one small chunk.
 */
const CHUNK_WORDS = 16_384;
/** Instance index and address packed in one sort key: ip * INDEX_SPLIT + idx. */
const INDEX_SPLIT = 2 ** 21;

/**
 * The instances with an address as sort keys `ip * INDEX_SPLIT + idx` (exact below 2^53), by
 * address then document order: a numeric typed-array sort instead of a comparator over objects.
 */
function sortedKeys(instances: readonly InstanceInfo[]): Float64Array {
  // Two million instances is far beyond any estate; an index that does not fit is a bug.
  if (instances.length > INDEX_SPLIT) throw new Error(`positions: ${instances.length} instances exceed ${INDEX_SPLIT}`);
  const keys = new Float64Array(instances.length);
  let size = 0;
  for (const i of instances) if (i.ip !== null) keys[size++] = i.ip * INDEX_SPLIT + i.idx;
  return keys.subarray(0, size).sort();
}

export class Positions {
  readonly size: number;
  /** Words of a bitset over positions. */
  readonly words: number;
  readonly ips: Uint32Array;
  /** Instance index at each position. */
  readonly idxAt: Int32Array;
  /** Position of each instance, -1 without an address. */
  readonly posOf: Int32Array;

  constructor(instances: readonly InstanceInfo[]) {
    const sorted = sortedKeys(instances);
    this.size = sorted.length;
    this.words = wordsFor(sorted.length);
    this.ips = new Uint32Array(sorted.length);
    this.idxAt = new Int32Array(sorted.length);
    this.posOf = new Int32Array(instances.length).fill(-1);
    for (let pos = 0; pos < sorted.length; pos++) {
      const ip = Math.floor(sorted[pos]! / INDEX_SPLIT);
      const idx = sorted[pos]! - ip * INDEX_SPLIT;
      this.ips[pos] = ip;
      this.idxAt[pos] = idx;
      this.posOf[idx] = pos;
    }
    this.byHigh = byHighOf(this.ips);
  }

  /**
   * Per /16 of the address space, the first position at or after its first address (65,537
   * entries): a block's run is then a binary search among the few positions of one /16 (a VPC
   * holds a /20 of a handful of instances) instead of among all of them. A sweep looks up tens of
   * thousands of runs, over thousands of distinct blocks of a fresh index.
   */
  private readonly byHigh: Int32Array;

  /** The positions [lo, hi) of the addresses in a block, packed. */
  runOf(cidr: Cidr): number {
    return this.firstAtLeast(cidr.base) * RUN_SPLIT + this.endOf(cidr);
  }

  /** The end (exclusive) of a block's run of positions. */
  endOf(cidr: Cidr): number {
    // cidrLast without its `2 ** (32 - prefix)`: a float power per paint showed in profiles.
    const prefix = cidr.prefix;
    const last = (cidr.base + (prefix === 0 ? 0x100000000 : (1 << (32 - prefix)) >>> 0) - 1) >>> 0;
    return last === 0xffffffff ? this.size : this.firstAtLeast(last + 1);
  }

  /** Whether a block holds every position's address (a rule of it decides every peer). */
  coversAll(cidr: Cidr): boolean {
    return this.endOf(cidr) === this.size && this.firstAtLeast(cidr.base) === 0;
  }

  /** The first position whose address is >= `ip` (an address below 2^32). */
  firstAtLeast(ip: number): number {
    const high = ip >>> 16;
    let lo = this.byHigh[high]!;
    let hi = this.byHigh[high + 1]!;
    const ips = this.ips;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (ips[mid]! < ip) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Whether every position holds the instance of the same index (document order is address order). */
  isIdentity(n: number): boolean {
    if (this.size !== n) return false;
    for (let p = 0; p < n; p++) if (this.idxAt[p] !== p) return false;
    return true;
  }
}

/**
 * `Positions.byHigh` of sorted addresses. Below the first address's /16 every entry is 0 (as
 * allocated) and above the last one's every entry is the size (a native fill): only the /16s in
 * between are walked (an estate's instances sit in a few hundred of them, not 65,536).
 */
function byHighOf(ips: Uint32Array): Int32Array {
  const size = ips.length;
  const byHigh = new Int32Array(65537);
  if (size === 0) return byHigh;
  const firstHigh = ips[0]! >>> 16;
  const lastHigh = ips[size - 1]! >>> 16;
  for (let high = firstHigh + 1, pos = 0; high <= lastHigh; high++) {
    while (ips[pos]! >>> 16 < high) pos++;
    byHigh[high] = pos;
  }
  byHigh.fill(size, lastHigh + 1);
  return byHigh;
}

const positionsOf = new WeakMap<readonly InstanceInfo[], Positions>();

/** The positions of a compilation's instances (kept while the instances are the same array). */
export function positionsFor(instances: readonly InstanceInfo[]): Positions {
  let positions = positionsOf.get(instances);
  if (positions === undefined) positionsOf.set(instances, (positions = new Positions(instances)));
  return positions;
}

/**
 * First-match painting over positions: `painted` marks the cells some earlier rule or route
 * decided; painting a run decides only its unpainted cells. With a window (the words where some
 * route table of the part's instances delivers: the only words the assembly reads), painting
 * touches those words only; bits elsewhere are left unset and mean nothing.
 */
export class Painter {
  positions: Positions;
  private painted: Uint32Array;
  /** Whether one run covered every position since the last reset: later paints change nothing. */
  complete = false;
  private window: Int32Array | null = null;
  private inWindow: Uint8Array;
  /**
   * Per word, the index in the window of the first window word at or after it: where a run's
   * paint starts, read in one step (a binary search per paint, tens of thousands per sweep,
   * costs more than filling this once per window).
   */
  private windowFrom: Int32Array;
  private chunk = new Uint32Array(0);
  private used = 0;
  /** Bitsets the next chunk holds. */
  private perChunk = PER_CHUNK;

  constructor(positions: Positions) {
    this.positions = positions;
    this.painted = new Uint32Array(positions.words);
    this.inWindow = new Uint8Array(positions.words);
    this.windowFrom = new Int32Array(positions.words);
  }

  /** Starts a sweep over these positions: nothing painted, no window, bitsets from a new chunk. */
  retarget(positions: Positions): void {
    this.positions = positions;
    this.painted = new Uint32Array(positions.words);
    this.inWindow = new Uint8Array(positions.words);
    this.windowFrom = new Int32Array(positions.words);
    this.window = null;
    this.complete = false;
    this.chunk = new Uint32Array(0);
    this.used = 0;
    this.perChunk = PER_CHUNK;
  }

  /** Paints only these words (sorted) from now on; null: every word. Resets. */
  setWindow(window: Int32Array | null): void {
    if (this.window === null) this.painted.fill(0);
    else
      for (let i = 0, old = this.window; i < old.length; i++) {
        this.inWindow[old[i]!] = 0;
        this.painted[old[i]!] = 0;
      }
    this.window = window;
    if (window !== null) {
      for (let i = 0; i < window.length; i++) this.inWindow[window[i]!] = 1;
      const from = this.windowFrom;
      for (let w = 0, i = 0; w < from.length; w++) {
        while (i < window.length && window[i]! < w) i++;
        from[w] = i;
      }
    }
    this.complete = false;
  }

  reset(): void {
    if (this.window === null) this.painted.fill(0);
    else for (let i = 0, window = this.window; i < window.length; i++) this.painted[window[i]!] = 0;
    this.complete = false;
  }

  /**
   * A zeroed bitset over positions, carved from a shared chunk: a sweep makes thousands of them,
   * and a typed array with a buffer of its own costs more to allocate than to fill.
   */
  fresh(): Uint32Array {
    const words = this.positions.words;
    if (this.used + words > this.chunk.length) {
      this.chunk = new Uint32Array(words * this.perChunk);
      this.perChunk = Math.min(this.perChunk * 2, Math.max(PER_CHUNK, Math.floor(CHUNK_WORDS / words)));
      this.used = 0;
    }
    this.used += words;
    return new Uint32Array(this.chunk.buffer, (this.used - words) * 4, words);
  }

  /**
   * Decides the unpainted cells of positions [lo, hi); with `into`, sets those of them that are
   * also in `only` (every one when `only` is null) in `into`.
   */
  paintRun(lo: number, hi: number, into: Uint32Array | null, only: Uint32Array | null): void {
    if (lo >= hi) return;
    if (lo === 0 && hi === this.positions.size) this.complete = true;
    const first = lo >>> 5;
    const last = (hi - 1) >>> 5;
    // The masks of the run's first and last words (rangeMask), worked out once per run.
    const firstMask = -1 << (lo & 31);
    const lastMask = -1 >>> (31 - ((hi - 1) & 31));
    const painted = this.painted;
    const window = this.window;
    // One loop over the run's words (all, or the window's), each painted in place: a run is a few
    // words, and a call per word cost more than its paint while the sweep is not yet optimised.
    const start = window === null ? first : this.windowFrom[first]!;
    const end = window === null ? last + 1 : window.length;
    for (let i = start; i < end; i++) {
      const w = window === null ? i : window[i]!;
      if (w > last) break;
      let mask = w === first ? firstMask : -1;
      if (w === last) mask &= lastMask;
      const fresh = mask & ~painted[w]!;
      if (fresh === 0) continue;
      painted[w] = painted[w]! | fresh;
      if (into !== null) into[w] = into[w]! | (only === null ? fresh : fresh & only[w]!);
    }
  }

  /** `paintRun` over the positions whose address lies in the block. */
  paintBlock(cidr: Cidr, into: Uint32Array | null, only: Uint32Array | null): void {
    const positions = this.positions;
    this.paintRun(positions.firstAtLeast(cidr.base), positions.endOf(cidr), into, only);
  }

  /** Decides one cell when it is still unpainted; with `into`, sets it there. */
  paintCell(p: number, into: Uint32Array | null): void {
    const bit = 1 << (p & 31);
    const w = p >>> 5;
    if ((this.painted[w]! & bit) !== 0 || (this.window !== null && this.inWindow[w] === 0)) return;
    this.painted[w] = this.painted[w]! | bit;
    if (into !== null) into[w] = into[w]! | bit;
  }

  /** Sets in `into` every cell no paint decided (a default that allows). */
  fillUnpainted(into: Uint32Array): void {
    const size = this.positions.size;
    const painted = this.painted;
    const window = this.window;
    for (let i = 0, end = window === null ? into.length : window.length; i < end; i++) {
      const w = window === null ? i : window[i]!;
      into[w] = into[w]! | (~painted[w]! & rangeMask(w, 0, size));
    }
  }
}

/**
 * One painter serves every sweep (a sweep runs to its end before the next starts): the shapes
 * the JIT specialised its methods on then outlive each document's index. A painter per sweep
 * died with its index, and with it the optimised code of every paint (V8 drops code whose
 * object shapes died), so each new document's matrix ran its hottest loops unoptimised again.
 */
const PAINTER = new Painter(new Positions([]));

/** The painter, set to sweep these positions. */
export function painterFor(positions: Positions): Painter {
  PAINTER.retarget(positions);
  return PAINTER;
}
