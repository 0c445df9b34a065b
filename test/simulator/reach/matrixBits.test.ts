import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { transposeInPlace } from '../../../simulator/reach/matrix/bits';

/** Bit c of row r of a flat square bit matrix of `words * 32` rows. */
const bit = (m: Uint32Array, words: number, r: number, c: number) => (m[r * words + (c >>> 5)]! >>> (c & 31)) & 1;

describe('transposeInPlace', () => {
  it('equals the cell-by-cell transpose, reading only the blocks each row block may have set', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }),
        fc.array(fc.tuple(fc.nat(127), fc.nat(127)), { maxLength: 200 }),
        // Extra blocks listed as "may be set" that are all zero (a table's support is a superset).
        fc.array(fc.tuple(fc.nat(3), fc.nat(3)), { maxLength: 6 }),
        (words, cells, extra) => {
          const side = words * 32;
          const matrix = new Uint32Array(side * words);
          const listed = Array.from({ length: words }, () => new Set<number>());
          for (const [r0, c0] of cells) {
            const r = r0 % side;
            const c = c0 % side;
            matrix[r * words + (c >>> 5)] = matrix[r * words + (c >>> 5)]! | (1 << (c & 31));
            listed[r >>> 5]!.add(c >>> 5);
          }
          for (const [bi, bj] of extra) if (bi < words && bj < words) listed[bi]!.add(bj);
          const before = matrix.slice();
          // Listed in any order (the sweep lists them as it finds them).
          transposeInPlace(
            matrix,
            words,
            listed.map((set) => Int32Array.from([...set].reverse())),
          );
          const expected = new Uint32Array(side * words);
          for (let r = 0; r < side; r++)
            for (let c = 0; c < side; c++)
              if (bit(before, words, c, r) === 1)
                expected[r * words + (c >>> 5)] = expected[r * words + (c >>> 5)]! | (1 << (c & 31));
          expect(matrix).toEqual(expected);
        },
      ),
      { numRuns: 200 },
    );
  });
});
