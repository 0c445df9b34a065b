import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cidrContainsIp, formatCidr, parseCidr, parseIpv4, PrefixTable, type Cidr } from '../../../simulator/net';

const cidr = (text: string): Cidr => {
  const r = parseCidr(text);
  if (!r.ok) throw new Error(r.error);
  return r.value;
};
const ip = (text: string): number => {
  const r = parseIpv4(text);
  if (!r.ok) throw new Error(r.error);
  return r.value;
};

describe('PrefixTable (longest-prefix match)', () => {
  const table = new PrefixTable<string>();
  for (const [block, name] of [
    ['0.0.0.0/0', 'default'],
    ['10.0.0.0/8', 'ten'],
    ['10.1.0.0/16', 'ten-one'],
    ['10.1.2.0/24', 'ten-one-two'],
    ['10.1.2.3/32', 'host'],
    ['192.168.0.0/16', 'home'],
  ] as const)
    table.set(cidr(block), name);

  it.each([
    ['10.1.2.3', 'host', '10.1.2.3/32'],
    ['10.1.2.4', 'ten-one-two', '10.1.2.0/24'],
    ['10.1.3.1', 'ten-one', '10.1.0.0/16'],
    ['10.2.0.1', 'ten', '10.0.0.0/8'],
    ['11.0.0.1', 'default', '0.0.0.0/0'],
    ['192.168.200.1', 'home', '192.168.0.0/16'],
    ['255.255.255.255', 'default', '0.0.0.0/0'],
  ])('%s → %s via %s', (address, name, via) => {
    const hit = table.lookup(ip(address));
    expect(hit?.value).toBe(name);
    expect(hit && formatCidr(hit.cidr)).toBe(via);
  });

  it('misses without a default route', () => {
    const t = new PrefixTable<number>();
    t.set(cidr('10.0.0.0/8'), 1);
    expect(t.lookup(ip('11.0.0.0'))).toBeUndefined();
    expect(t.get(cidr('10.0.0.0/8'))).toBe(1);
    expect(t.get(cidr('10.0.0.0/9'))).toBeUndefined();
  });

  it('set replaces the value of an existing block; entries() is longest first, then by address', () => {
    const t = new PrefixTable<string>();
    t.set(cidr('10.0.0.0/8'), 'a');
    t.set(cidr('10.2.0.0/16'), 'c');
    t.set(cidr('10.1.0.0/16'), 'b');
    t.set(cidr('10.0.0.0/8'), 'a2');
    expect(t.entries().map((e) => `${formatCidr(e.cidr)}=${e.value}`)).toEqual([
      '10.1.0.0/16=b',
      '10.2.0.0/16=c',
      '10.0.0.0/8=a2',
    ]);
  });

  it('agrees with a brute-force longest match on random tables', () => {
    const block = fc
      .tuple(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 0, max: 32 }))
      .map(([base, prefix]) => {
        const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
        return { base: (base & mask) >>> 0, prefix };
      });
    fc.assert(
      fc.property(
        fc.array(block, { maxLength: 30 }),
        fc.array(fc.integer({ min: 0, max: 0xffffffff }), { minLength: 1, maxLength: 20 }),
        (blocks, probes) => {
          const t = new PrefixTable<number>();
          blocks.forEach((b, i) => t.set(b, i));
          for (const p of [...probes, ...blocks.map((b) => b.base)]) {
            let best: { prefix: number; value: number } | undefined;
            blocks.forEach((b, i) => {
              if (!cidrContainsIp(b, p)) return;
              // the last set of an identical block wins
              if (!best || b.prefix > best.prefix || b.prefix === best.prefix) best = { prefix: b.prefix, value: i };
            });
            const hit = t.lookup(p);
            expect(hit?.value).toBe(best?.value);
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
