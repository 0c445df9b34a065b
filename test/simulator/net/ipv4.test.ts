import { describe, expect, it } from 'vitest';
import {
  cidrContainsCidr,
  cidrContainsIp,
  cidrLast,
  cidrSize,
  cidrsEqual,
  cidrsOverlap,
  formatCidr,
  formatIpv4,
  maskOf,
  parseCidr,
  parseCidrText,
  parseIpv4,
  type Cidr,
} from '../../../simulator/net';

const ip = (text: string): number => {
  const r = parseIpv4(text);
  if (!r.ok) throw new Error(r.error);
  return r.value;
};
const cidr = (text: string): Cidr => {
  const r = parseCidr(text);
  if (!r.ok) throw new Error(r.error);
  return r.value;
};

describe('parseIpv4', () => {
  it.each([
    ['0.0.0.0', 0],
    ['255.255.255.255', 0xffffffff],
    ['192.168.1.100', 0xc0a80164],
    ['10.0.0.1', 0x0a000001],
    ['172.16.0.0', 0xac100000],
  ])('accepts %s', (text, value) => {
    expect(parseIpv4(text)).toEqual({ ok: true, value });
  });

  it.each([
    ['127.1', 'four dotted decimal octets'],
    ['10.0.0', 'four dotted decimal octets'],
    ['1.2.3.4.5', 'four dotted decimal octets'],
    ['010.0.0.1', 'leading zero'],
    ['10.0.0.01', 'leading zero'],
    ['256.0.0.1', '256 > 255'],
    ['10.0.0.-1', 'not a decimal number'],
    [' 10.0.0.1', 'not a decimal number'],
    ['10.0.0.1 ', 'not a decimal number'],
    ['10.0.0.1\n', 'not a decimal number'],
    ['10..0.1', 'not a decimal number'],
    ['0x0a.0.0.1', 'not a decimal number'],
    ['1e1.0.0.1', 'not a decimal number'],
    ['', 'four dotted decimal octets'],
    ['10.0.0.1/32', 'not a decimal number'],
    ['１.2.3.4', 'not a decimal number'],
  ])('rejects %j (%s) and quotes the input', (text, why) => {
    const r = parseIpv4(text);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error).toContain(`"${text}"`);
      expect(r.error).toContain(why);
    }
  });

  it('round-trips through formatIpv4', () => {
    for (const text of ['0.0.0.0', '1.2.3.4', '192.168.255.1', '255.255.255.255'])
      expect(formatIpv4(ip(text))).toBe(text);
  });
});

describe('parseCidrText / parseCidr', () => {
  it.each([
    ['10.0.0.0/8', '10.0.0.0/8', true],
    ['0.0.0.0/0', '0.0.0.0/0', true],
    ['192.168.1.7/32', '192.168.1.7/32', true],
    ['10.0.0.1/24', '10.0.0.0/24', false],
    ['172.16.5.4/12', '172.16.0.0/12', false],
  ])('%s → block %s (canonical %s)', (text, block, canonical) => {
    const r = parseCidrText(text);
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(formatCidr(r.value.cidr)).toBe(block);
      expect(r.value.canonical).toBe(canonical);
      expect(r.value.bareAddress).toBe(false);
    }
  });

  it.each([
    ['10.0.0.0/33', 'prefix > 32'],
    ['10.0.0.0/-1', 'not a number 0-32'],
    ['10.0.0.0/08', 'not a number 0-32'],
    ['10.0.0.0/', 'not a number 0-32'],
    ['10.0.0.0/ 8', 'not a number 0-32'],
    [' 10.0.0.0/8', 'not a decimal number'],
    ['10.0.0.0/8/8', 'not a number 0-32'],
    ['010.0.0.0/8', 'leading zero'],
    ['127.1/8', 'four dotted decimal octets'],
    ['10.0.0.0', 'missing "/prefix"'],
  ])('rejects %j (%s)', (text, why) => {
    const r = parseCidrText(text);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error).toContain(why);
      expect(r.error).toContain(`"${text}"`);
    }
  });

  it('reads a bare address as /32 only when allowed', () => {
    const r = parseCidrText('10.1.2.3', { allowBareAddress: true });
    expect(r.ok && formatCidr(r.value.cidr)).toBe('10.1.2.3/32');
    expect(r.ok && r.value.bareAddress).toBe(true);
    const bad = parseCidrText('10.1.2', { allowBareAddress: true });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error).toMatch(/^cidr:/);
  });

  it('parseCidr refuses host bits and names the block', () => {
    const r = parseCidr('192.168.1.100/24');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toContain('192.168.1.0/24');
    expect(parseCidr('192.168.1.0/24').ok).toBe(true);
  });
});

describe('CIDR math', () => {
  it.each([
    [0, 0],
    [1, 0x80000000],
    [8, 0xff000000],
    [24, 0xffffff00],
    [31, 0xfffffffe],
    [32, 0xffffffff],
  ])('maskOf(%i)', (prefix, mask) => expect(maskOf(prefix)).toBe(mask));

  it.each([
    ['10.0.0.0/8', 2 ** 24, '10.255.255.255'],
    ['0.0.0.0/0', 2 ** 32, '255.255.255.255'],
    ['192.168.1.7/32', 1, '192.168.1.7'],
    ['255.255.255.0/24', 256, '255.255.255.255'],
  ])('%s has %i addresses, last %s', (text, size, last) => {
    expect(cidrSize(cidr(text))).toBe(size);
    expect(formatIpv4(cidrLast(cidr(text)))).toBe(last);
  });

  it.each([
    ['10.0.0.0/8', '10.255.255.255', true],
    ['10.0.0.0/8', '11.0.0.0', false],
    ['0.0.0.0/0', '255.255.255.255', true],
    ['192.168.1.0/24', '192.168.1.0', true],
    ['192.168.1.0/24', '192.168.2.1', false],
    ['192.168.1.7/32', '192.168.1.7', true],
    ['192.168.1.7/32', '192.168.1.8', false],
    ['128.0.0.0/1', '200.1.1.1', true],
    ['128.0.0.0/1', '127.255.255.255', false],
  ])('%s contains %s: %s', (block, address, expected) => {
    expect(cidrContainsIp(cidr(block), ip(address))).toBe(expected);
  });

  it.each([
    ['10.0.0.0/8', '10.1.0.0/16', true, true],
    ['10.1.0.0/16', '10.0.0.0/8', false, true],
    ['10.0.0.0/8', '10.0.0.0/8', true, true],
    ['10.0.0.0/16', '10.1.0.0/16', false, false],
    ['192.168.0.0/16', '172.16.0.0/12', false, false],
    ['0.0.0.0/0', '1.2.3.4/32', true, true],
    ['172.16.0.0/12', '172.31.255.0/24', true, true],
    ['172.16.0.0/12', '172.32.0.0/24', false, false],
  ])('outer %s inner %s: contains %s, overlaps %s', (a, b, contains, overlaps) => {
    expect(cidrContainsCidr(cidr(a), cidr(b))).toBe(contains);
    expect(cidrsOverlap(cidr(a), cidr(b))).toBe(overlaps);
    expect(cidrsOverlap(cidr(b), cidr(a))).toBe(overlaps);
  });

  it('equality is by block, not by spelling', () => {
    const a = parseCidrText('10.0.0.1/24');
    const b = parseCidrText('10.0.0.0/24');
    expect(a.ok && b.ok && cidrsEqual(a.value.cidr, b.value.cidr)).toBe(true);
    expect(cidrsEqual(cidr('10.0.0.0/24'), cidr('10.0.0.0/25'))).toBe(false);
  });
});
