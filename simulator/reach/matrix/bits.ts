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
 * Transposes, in place, a square bit matrix of `words * 32` rows of `words` words each
 * (row-major, flat): bit c of row r becomes bit r of row c. Block (bi, bj) is the 32 rows
 * bi·32 … bi·32+31 at word bj; only the blocks in `columns[bi]` (the words that may be set in
 * those rows, in any order, each once) may be non-zero, the others are known zero and are never
 * read. Each pair of mirror blocks is swapped once; in place, a matrix of 10,000 instances does
 * not need a second 12.5 MB.
 */
export function transposeInPlace(matrix: Uint32Array, words: number, columns: ReadonlyArray<ArrayLike<number>>): void {
  const maybeSet = new Uint8Array(words * words);
  for (let bi = 0; bi < words; bi++)
    for (let c = 0; c < columns[bi]!.length; c++) maybeSet[bi * words + columns[bi]![c]!] = 1;
  const a = new Int32Array(32);
  const b = new Int32Array(32);
  for (let bi = 0; bi < words; bi++) {
    const row = columns[bi]!;
    for (let c = 0; c < row.length; c++) {
      const bj = row[c]!;
      // A mirror block that may be set was (or will be) swapped from its own row of blocks.
      if (bj < bi && maybeSet[bj * words + bi] === 1) continue;
      const anyA = readBlock(matrix, words, bi, bj, a);
      if (bj === bi) {
        if (anyA !== 0) {
          transpose32(a);
          writeBlock(matrix, words, bi, bi, a);
        }
        continue;
      }
      let anyB = 0;
      if (maybeSet[bj * words + bi] === 1) anyB = readBlock(matrix, words, bj, bi, b);
      else b.fill(0);
      if (anyA === 0 && anyB === 0) continue;
      transpose32(a);
      transpose32(b);
      writeBlock(matrix, words, bj, bi, a);
      writeBlock(matrix, words, bi, bj, b);
    }
  }
}

/** Reads block (bi, bj) into `block`; returns the OR of its words (0: all zero). */
function readBlock(matrix: Uint32Array, words: number, bi: number, bj: number, block: Int32Array): number {
  let any = 0;
  for (let r = 0, at = bi * 32 * words + bj; r < 32; r++, at += words) any |= block[r] = matrix[at]!;
  return any;
}

function writeBlock(matrix: Uint32Array, words: number, bi: number, bj: number, block: Int32Array): void {
  for (let r = 0, at = bi * 32 * words + bj; r < 32; r++, at += words) matrix[at] = block[r]!;
}

/** The indexes of the marked entries, ascending. */
export function markedIndexes(marks: Uint8Array): Int32Array {
  const out: number[] = [];
  for (let i = 0; i < marks.length; i++) if (marks[i] === 1) out.push(i);
  return new Int32Array(out);
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
