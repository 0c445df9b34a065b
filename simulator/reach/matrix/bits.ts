/**
 * Bitsets as Uint32Array words (bit i of a set is bit i & 31 of word i >>> 5) and the few
 * whole-matrix operations the sweep needs: a bit-matrix transpose and the reordering of cells
 * from address order into document order.
 */

/** Words of a bitset of n cells. */
export function wordsFor(n: number): number {
  return (n + 31) >>> 5;
}

/** Mask of the bits [lo & 31, (hi - 1) & 31] of word w, for the cell range [lo, hi). */
export function rangeMask(w: number, lo: number, hi: number): number {
  let mask = -1;
  if (w === lo >>> 5) mask &= -1 << (lo & 31);
  if (w === (hi - 1) >>> 5) mask &= -1 >>> (31 - ((hi - 1) & 31));
  return mask;
}

/** Transposes a 32×32 block in place: bit j of word i goes to bit i of word j. */
function transpose32(a: Int32Array): void {
  for (let j = 16, m = 0x0000ffff; j !== 0; j >>>= 1, m ^= m << j) {
    for (let k = 0; k < 32; k = (k + j + 1) & ~j) {
      const t = ((a[k]! >>> j) ^ a[k + j]!) & m;
      a[k] = a[k]! ^ (t << j);
      a[k + j] = a[k + j]! ^ t;
    }
  }
}

/**
 * The transpose of a square bit matrix of `words * 32` rows of `words` words each (row-major,
 * flat): bit c of row r becomes bit r of row c. Only the 32×32 blocks in `columnsOf(bi)` (the
 * words that may be set in rows bi·32 … bi·32+31) are read, and all-zero blocks are skipped.
 */
export function transpose(
  matrix: Uint32Array,
  words: number,
  columnsOf: (bi: number) => ArrayLike<number>,
): Uint32Array {
  const out = new Uint32Array(matrix.length);
  const block = new Int32Array(32);
  for (let bi = 0; bi < words; bi++) {
    const columns = columnsOf(bi);
    for (let c = 0; c < columns.length; c++) {
      const bj = columns[c]!;
      let any = 0;
      for (let r = 0, at = bi * 32 * words + bj; r < 32; r++, at += words) any |= block[r] = matrix[at]!;
      if (any === 0) continue;
      transpose32(block);
      for (let r = 0, at = bj * 32 * words + bi; r < 32; r++, at += words) out[at] = block[r]!;
    }
  }
  return out;
}

/** The indexes of the marked entries, ascending. */
export function markedIndexes(marks: Uint8Array): Int32Array {
  const out: number[] = [];
  for (let i = 0; i < marks.length; i++) if (marks[i] === 1) out.push(i);
  return Int32Array.from(out);
}

/** Index of the lowest set bit of a non-zero word. */
export function lowestBit(bits: number): number {
  return 31 - Math.clz32(bits & -bits);
}

/**
 * Copies the set cells of a row in address order (the listed words of the row at `from[at]`)
 * into a row in document order (`to[toAt]`): cell q lands at `idxAt[q]`. Visits only set bits.
 */
export function scatterRow(
  from: Uint32Array,
  at: number,
  words: ArrayLike<number>,
  idxAt: Int32Array,
  to: Uint32Array,
  toAt: number,
): void {
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    for (let bits = from[at + w]! | 0; bits !== 0; bits &= bits - 1) {
      const d = idxAt[(w << 5) + lowestBit(bits)]!;
      to[toAt + (d >>> 5)] = to[toAt + (d >>> 5)]! | (1 << (d & 31));
    }
  }
}
