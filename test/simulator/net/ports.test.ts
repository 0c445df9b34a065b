import { describe, expect, it } from 'vitest';
import { cutAt, EPHEMERAL_PORTS, formatPorts, mergeIntervals, parsePortRange } from '../../../simulator/net';

describe('port ranges as the APIs write them', () => {
  it.each([
    ['22/22', { kind: 'range', interval: { from: 22, to: 22 } }],
    ['1/65535', { kind: 'range', interval: { from: 1, to: 65535 } }],
    [' 0/0 ', { kind: 'range', interval: { from: 0, to: 0 } }],
    ['-1/-1', { kind: 'any' }],
    [undefined, { kind: 'any' }],
    ['22', { kind: 'invalid' }],
    ['80/22', { kind: 'invalid' }],
    ['1/65536', { kind: 'invalid' }],
    ['-1/22', { kind: 'invalid' }],
    ['a/b', { kind: 'invalid' }],
  ])('%j → %j', (text, expected) => {
    expect(parsePortRange(text)).toEqual(expected);
  });
});

describe('port intervals', () => {
  it('cuts a range at every boundary of other ranges, so each piece meets the same ranges', () => {
    expect(cutAt(EPHEMERAL_PORTS, [{ from: 32768, to: 50000 }])).toEqual([
      { from: 32768, to: 50000 },
      { from: 50001, to: 60999 },
    ]);
    expect(
      cutAt({ from: 1, to: 100 }, [
        { from: 20, to: 30 },
        { from: 25, to: 200 },
        { from: 500, to: 600 },
      ]),
    ).toEqual([
      { from: 1, to: 19 },
      { from: 20, to: 24 },
      { from: 25, to: 30 },
      { from: 31, to: 100 },
    ]);
    expect(cutAt({ from: 22, to: 22 }, [{ from: 1, to: 65535 }])).toEqual([{ from: 22, to: 22 }]);
  });

  it('merges and formats the ports a blocker names', () => {
    expect(
      mergeIntervals([
        { from: 50, to: 60 },
        { from: 1, to: 10 },
        { from: 11, to: 20 },
      ]),
    ).toEqual([
      { from: 1, to: 20 },
      { from: 50, to: 60 },
    ]);
    expect(
      formatPorts([
        { from: 22, to: 22 },
        { from: 50001, to: 60999 },
      ]),
    ).toBe('22,50001-60999');
  });
});
