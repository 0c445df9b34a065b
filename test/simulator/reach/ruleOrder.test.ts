/**
 * The evaluation order of a pool's rules (aliyun-api.md §5.5: priority 1 first, at equal
 * priority Drop before Accept, then group order and rule index) as `check` cites it and the
 * matrix applies it, for groups of a few rules and of many (the compiled lists are sorted by an
 * insertion sort up to 32 rules and by the built-in sort beyond: both must be the same stable
 * order). Every rule matches the flow, so the first in that order decides alone.
 */
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../cloud/apply/policy';
import { createReachability, type Hop } from '../../../simulator/reach';
import { check, oneVpc, type Raw } from './helpers';

interface Drawn {
  readonly groupIndex: number;
  readonly index: number;
  readonly priority: number;
  readonly accept: boolean;
}

/** `count` ICMP ingress rules that all match 10.0.1.10, drawn with few priorities so keys tie. */
function drawRules(random: () => number, count: number, groupIndex: number): { rules: Raw[]; drawn: Drawn[] } {
  const rules: Raw[] = [];
  const drawn: Drawn[] = [];
  for (let index = 0; index < count; index++) {
    const priority = 1 + Math.floor(random() * 4);
    const accept = random() < 0.5;
    // Different blocks that all hold the source, so each rule is told apart by its cited path only.
    const sourceCidrIp = ['10.0.1.0/24', '10.0.0.0/16', '10.0.1.10/32', '0.0.0.0/0'][index % 4]!;
    rules.push({
      direction: 'ingress',
      ipProtocol: index % 3 === 0 ? 'ALL' : 'ICMP',
      portRange: '-1/-1',
      sourceCidrIp,
      policy: accept ? 'Accept' : 'Drop',
      priority,
    });
    drawn.push({ groupIndex, index, priority, accept });
  }
  return { rules, drawn };
}

/** The reference order: a comparator over every key, no reliance on any sort's stability. */
function firstInOrder(drawn: readonly Drawn[]): Drawn {
  return [...drawn].sort(
    (a, b) =>
      a.priority - b.priority ||
      Number(a.accept) - Number(b.accept) ||
      a.groupIndex - b.groupIndex ||
      a.index - b.index,
  )[0]!;
}

describe('pooled rule order: the first rule in evaluation order decides, whatever the list length', () => {
  const sizes = [1, 2, 3, 7, 16, 31, 32, 33, 40, 70];
  it.each(sizes.flatMap((size) => [1, 2, 3].map((seed) => [size, seed] as const)))(
    'one group of %i rules (draw %i)',
    (size, seed) => {
      const random = seededRandom(size * 100 + seed);
      const { rules, drawn } = drawRules(random, size, 1);
      expectDecidedBy([{ id: 'sg-b', rules }], drawn);
    },
  );

  it.each(sizes.flatMap((size) => [1, 2].map((seed) => [size, seed] as const)))(
    'two groups of %i and of fewer rules (draw %i), ties broken by group order',
    (size, seed) => {
      const random = seededRandom(size * 1000 + seed);
      const first = drawRules(random, size, 1);
      const second = drawRules(random, 1 + Math.floor(random() * 35), 2);
      expectDecidedBy(
        [
          { id: 'sg-b', rules: first.rules },
          { id: 'sg-c', rules: second.rules },
        ],
        [...first.drawn, ...second.drawn],
      );
    },
  );
});

function expectDecidedBy(groups: ReadonlyArray<{ id: string; rules: Raw[] }>, drawn: readonly Drawn[]): void {
  const doc = oneVpc(
    [
      { securityGroupId: 'sg-a', securityGroupType: 'normal', permissions: [] },
      ...groups.map((g) => ({ securityGroupId: g.id, securityGroupType: 'normal', permissions: g.rules })),
    ],
    [
      ['i-a', '10.0.1.10', ['sg-a']],
      ['i-b', '10.0.1.20', groups.map((g) => g.id)],
    ],
  );
  const expected = firstInOrder(drawn);
  const result = check(doc, 'i-a', 'i-b');
  const hop = result.forward.hops.find(
    (h): h is Extract<Hop, { resourceType: 'securityGroup' }> =>
      h.resourceType === 'securityGroup' && h.direction === 'ingress',
  )!;
  expect(hop.decidedBy).toBe('rule');
  expect(hop.rule?.path).toBe(`/securityGroups/${expected.groupIndex}/permissions/${expected.index}`);
  expect(result.verdict).toBe(expected.accept ? 'reachable' : 'unreachable');
  // The matrix (its own compiled, flow-filtered lists) agrees, both ways round.
  const matrix = createReachability(doc).matrix({ protocol: 'icmp', port: null });
  expect(matrix.reachable[0]![1]).toBe(expected.accept);
  expect(matrix.reachable[1]![0]).toBe(check(doc, 'i-b', 'i-a').verdict === 'reachable');
}
