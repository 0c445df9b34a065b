/**
 * From the parts to the verdict bits. With every instance's parts as bitsets over positions,
 * a pair (s, d) is reachable exactly when
 *   request: routes(table(s)) ∧ egress(pool(s)) ∧ aclToward(s) — a row of s, over d
 *   reply:   routes(table(d)) ∧ ingress(pool(d)) ∧ aclFrom(d)  — a row of d, over s
 * and no part goes through a next hop that is not simulated (else it is undetermined). The
 * reply rows are laid out as one bit matrix and transposed (32×32 blocks, empty blocks
 * skipped), after which each source's verdicts are a few word ANDs per 32 destinations. Last,
 * the rows go from address order into document order, visiting set bits only.
 */
import { lowestBit, scatterRow, transposeInPlace, wordsFor } from './bits';
import type { AclBits } from './aclParts';
import type { PoolBits } from './groupParts';
import type { Positions } from './positions';
import type { RouteBits } from './routeParts';

/** The parts of one instance that can send and answer (ok, with a route table). */
export interface Side {
  readonly route: RouteBits;
  readonly pool: PoolBits;
  /** Its vSwitch's network ACL, if any, and then the vSwitch's own members (never filtered). */
  readonly acl: AclBits | null;
  readonly ownVSwitch: Uint32Array | null;
}

/** The sweep's verdicts: one bitset row per instance (document order), and the undetermined pairs. */
export interface SweptMatrix {
  readonly rows: Uint32Array[];
  readonly undetermined: Array<[number, number]>;
}

export function assemble(positions: Positions, sides: ReadonlyArray<Side | null>, n: number): SweptMatrix {
  const { size, words } = positions;
  const anyUnsimulated = anyUnsimulatedHop(sides);
  // Reply rows: row q (a destination), bit p (a source): q's table delivers p, q's groups let
  // p in, q's ACL lets p in and the reply out. `definite` without unsimulated hops, `possible` with.
  const definiteBack = new Uint32Array(words * 32 * words);
  const possibleBack = anyUnsimulated ? new Uint32Array(words * 32 * words) : null;
  for (let q = 0; q < size; q++) {
    const side = sides[q];
    if (side !== null) writeLeg(side, 'reply', definiteBack, possibleBack, q * words);
  }
  // Transposed: row p (a source), bit q (a destination), ANDed with the request side.
  // `undetermined` keeps the pairs possible but not definite.
  const columns = blockColumns(sides, words);
  transposeInPlace(definiteBack, words, columns);
  if (possibleBack !== null) transposeInPlace(possibleBack, words, columns);
  const definiteReply = definiteBack;
  const possibleReply = possibleBack;
  // The request leg is ANDed into the transposed reply rows in place (one matrix less to allocate:
  // at 10,000 instances each is 12.5 MB). Only the words of a row's table support are read from
  // here on (inDocumentOrder, pairsOf), and only those of a row that can send.
  const reachable = definiteReply;
  const undetermined = possibleReply;
  const request = new Uint32Array(words);
  const possibleRequest = undetermined === null ? null : new Uint32Array(words);
  for (let p = 0; p < size; p++) {
    const side = sides[p];
    if (side === null) continue;
    const base = p * words;
    // Writes the support words of `request` (the only ones read below).
    writeLeg(side, 'request', request, possibleRequest, 0);
    const support = side.route.support;
    for (let k = 0; k < support.length; k++) {
      const w = support[k]!;
      const at = base + w;
      reachable[at] = reachable[at]! & request[w]!;
      if (undetermined !== null) undetermined[at] = undetermined[at]! & possibleRequest![w]! & ~reachable[at]!;
    }
    // The pair of an instance with itself is not swept (set as reachable below).
    const self = base + (p >>> 5);
    reachable[self] = reachable[self]! & ~(1 << (p & 31));
    if (undetermined !== null) undetermined[self] = undetermined[self]! & ~(1 << (p & 31));
  }
  return {
    rows: inDocumentOrder(positions, sides, reachable, n),
    undetermined: pairsOf(positions, sides, undetermined, n),
  };
}

/** Whether some side's table delivers through a next hop that is not simulated (a loop: no closure made per sweep). */
function anyUnsimulatedHop(sides: ReadonlyArray<Side | null>): boolean {
  for (let p = 0; p < sides.length; p++) if (sides[p]?.route.anyUnsimulated === true) return true;
  return false;
}

/**
 * One instance's part of a leg, over its table's non-zero words, into row `base` of `definite`
 * (no unsimulated next hop) and of `possible`: its table delivers the peer, its groups let the
 * packet through (egress on the request, ingress on the reply), its ACL passes both legs or
 * the peer is on its own vSwitch.
 */
function writeLeg(
  side: Side,
  leg: 'request' | 'reply',
  definite: Uint32Array,
  possible: Uint32Array | null,
  base: number,
): void {
  const { delivers, unsimulated, support } = side.route;
  const groups = leg === 'request' ? side.pool.egress : side.pool.ingress;
  const acl = side.acl === null ? null : leg === 'request' ? side.acl.toward : side.acl.from;
  const own = side.ownVSwitch;
  for (let k = 0; k < support.length; k++) {
    const w = support[k]!;
    let x = delivers[w]! & groups[w]!;
    if (acl !== null) x &= acl[w]! | own![w]!;
    definite[base + w] = x & ~unsimulated[w]!;
    if (possible !== null) possible[base + w] = x;
  }
}

/**
 * Per block of 32 rows, the words its rows' tables deliver to: the only blocks a transpose reads.
 * Worked out once for both transposes; a word is marked with its block's number, so no marks
 * are allocated or cleared per block (XL has 313 blocks of 313 words).
 */
function blockColumns(sides: ReadonlyArray<Side | null>, words: number): Int32Array[] {
  const markedBy = new Int32Array(words).fill(-1);
  const columns: Int32Array[] = [];
  const found: number[] = [];
  for (let bi = 0; bi < words; bi++) {
    found.length = 0;
    let last: Side | null = null;
    for (let q = bi * 32, end = Math.min(q + 32, sides.length); q < end; q++) {
      const side = sides[q];
      if (side === null || side === last) continue;
      last = side;
      const support = side.route.support;
      for (let k = 0; k < support.length; k++) {
        const w = support[k]!;
        if (markedBy[w] === bi) continue;
        markedBy[w] = bi;
        found.push(w);
      }
    }
    columns.push(new Int32Array(found));
  }
  return columns;
}

/** The rows of a matrix over positions as rows over instances, each itself included. */
function inDocumentOrder(
  positions: Positions,
  sides: ReadonlyArray<Side | null>,
  matrix: Uint32Array,
  n: number,
): Uint32Array[] {
  const { words, idxAt, posOf } = positions;
  const rowWords = wordsFor(n);
  const buffer = new Uint32Array(n * rowWords);
  const identity = positions.isIdentity(n);
  for (let s = 0; s < n; s++) {
    const p = posOf[s]!;
    const side = p < 0 ? null : sides[p]!;
    if (side !== null) {
      if (identity)
        for (let k = 0, support = side.route.support; k < support.length; k++)
          buffer[s * rowWords + support[k]!] = matrix[p * words + support[k]!]!;
      else scatterRow(matrix, p * words, side.route.support, idxAt, buffer, s * rowWords);
    }
    buffer[s * rowWords + (s >>> 5)] = buffer[s * rowWords + (s >>> 5)]! | (1 << (s & 31));
  }
  const rows = new Array<Uint32Array>(n);
  for (let s = 0; s < n; s++) rows[s] = buffer.subarray(s * rowWords, (s + 1) * rowWords);
  return rows;
}

/** The set cells of a matrix over positions as [source, destination] instance pairs, row by row. */
function pairsOf(
  positions: Positions,
  sides: ReadonlyArray<Side | null>,
  matrix: Uint32Array | null,
  n: number,
): Array<[number, number]> {
  const pairs: Array<[number, number]> = [];
  if (matrix === null) return pairs;
  const { words, idxAt, posOf } = positions;
  const row = new Uint32Array(wordsFor(n));
  for (let s = 0; s < n; s++) {
    const p = posOf[s]!;
    const side = p < 0 ? null : sides[p]!;
    if (side === null) continue;
    scatterRow(matrix, p * words, side.route.support, idxAt, row, 0);
    for (let w = 0; w < row.length; w++) {
      for (let bits = row[w]! | 0; bits !== 0; bits &= bits - 1) pairs.push([s, (w << 5) + lowestBit(bits)]);
      row[w] = 0;
    }
  }
  return pairs;
}
