import { describe, expect, it } from 'vitest';
import type { InstanceInfo } from '../../../simulator/reach/compile';
import { Painter, Positions } from '../../../simulator/reach/matrix/positions';
import { type Cidr, parseIpv4 } from '../../../simulator/net/ipv4';

/** Instances as the sweep's positions read them (an address and a document index), out of address order. */
const ADDRESSES = [
  '10.0.0.5',
  '0.0.0.0',
  '255.255.255.255',
  '10.0.0.4',
  '127.255.255.255',
  '128.0.0.0',
  '10.0.1.0',
  '192.168.7.1',
  '10.0.0.5', // the same address twice: both are covered
];
const ips = ADDRESSES.map((text) => {
  const parsed = parseIpv4(text);
  if (!parsed.ok) throw new Error(text);
  return parsed.value;
});
const instances = ips.map((ip, idx) => ({ ip, idx }) as unknown as InstanceInfo);

const block = (text: string): Cidr => {
  const [address, prefix] = text.split('/');
  const parsed = parseIpv4(address!);
  if (!parsed.ok) throw new Error(text);
  return { base: parsed.value, prefix: Number(prefix) };
};

/** The document indexes a painted block covers, read back from the bitset over positions. */
function painted(cidr: Cidr): number[] {
  const positions = new Positions(instances);
  const painter = new Painter(positions);
  const into = painter.fresh();
  painter.paintBlock(cidr, into, null);
  const out: number[] = [];
  for (let p = 0; p < positions.size; p++) if ((into[p >>> 5]! >>> (p & 31)) & 1) out.push(positions.idxAt[p]!);
  return out.sort((a, b) => a - b);
}

describe('Positions.runOf through paintBlock: a block covers exactly the instances whose address it holds', () => {
  it.each([
    ['0.0.0.0/0', [0, 1, 2, 3, 4, 5, 6, 7, 8]],
    ['0.0.0.0/1', [0, 1, 3, 4, 6, 8]],
    ['128.0.0.0/1', [2, 5, 7]],
    ['10.0.0.4/31', [0, 3, 8]],
    ['10.0.0.5/32', [0, 8]],
    ['10.0.0.0/23', [0, 3, 6, 8]],
    ['0.0.0.0/32', [1]],
    ['255.255.255.255/32', [2]],
    ['255.255.255.254/31', [2]],
    ['127.255.255.255/32', [4]],
    ['10.0.2.0/24', []],
  ])('%s', (text, expected) => {
    const cidr = block(text);
    expect(painted(cidr)).toEqual(expected);
    // The same answer as testing each address against the block.
    const size = 2 ** (32 - cidr.prefix);
    expect(ips.flatMap((ip, idx) => (ip >= cidr.base && ip < cidr.base + size ? [idx] : []))).toEqual(expected);
  });
});

describe('Positions.coversAll: whether a block holds every instance address (a rule of it decides every peer)', () => {
  const within10 = ['10.0.0.5', '10.200.3.4', '10.0.0.4', '10.255.255.255', '10.0.0.0'].map((text, idx) => {
    const parsed = parseIpv4(text);
    if (!parsed.ok) throw new Error(text);
    return { ip: parsed.value, idx } as unknown as InstanceInfo;
  });
  it.each([
    [instances, '0.0.0.0/0', true],
    [instances, '0.0.0.0/1', false],
    [instances, '10.0.0.0/8', false],
    [within10, '10.0.0.0/8', true],
    [within10, '0.0.0.0/0', true],
    [within10, '10.0.0.0/9', false],
    [within10, '10.128.0.0/9', false],
    [[], '10.0.0.0/32', true],
  ] as const)('%#: %s', (list, text, expected) => {
    const positions = new Positions(list);
    expect(positions.coversAll(block(text))).toBe(expected);
    // The same answer as testing each address against the block.
    const cidr = block(text);
    const size = 2 ** (32 - cidr.prefix);
    expect([...positions.ips].every((ip) => ip >= cidr.base && ip < cidr.base + size)).toBe(expected);
  });
});
