/**
 * Longest-prefix match over IPv4 CIDR keys. One hash map per prefix length, probed from the
 * longest present length down: at most 33 probes, independent of the number of routes.
 */
import { type Cidr, type Ipv4, maskOf } from './ipv4';

export class PrefixTable<T> {
  private readonly byLength = new Map<number, Map<number, T>>();
  private lengths: number[] = [];

  /** Adds or replaces the value stored for `cidr`. */
  set(cidr: Cidr, value: T): void {
    let bucket = this.byLength.get(cidr.prefix);
    if (!bucket) {
      bucket = new Map();
      this.byLength.set(cidr.prefix, bucket);
      this.lengths = [...this.byLength.keys()].sort((a, b) => b - a);
    }
    bucket.set(cidr.base, value);
  }

  get(cidr: Cidr): T | undefined {
    return this.byLength.get(cidr.prefix)?.get(cidr.base);
  }

  /** The value of the longest prefix that contains `ip`, with that prefix. */
  lookup(ip: Ipv4): { readonly cidr: Cidr; readonly value: T } | undefined {
    for (const prefix of this.lengths) {
      const base = (ip & maskOf(prefix)) >>> 0;
      const value = this.byLength.get(prefix)!.get(base);
      if (value !== undefined) return { cidr: { base, prefix }, value };
    }
    return undefined;
  }

  /** Every stored prefix, longest first, then by address. */
  entries(): Array<{ readonly cidr: Cidr; readonly value: T }> {
    const out: Array<{ cidr: Cidr; value: T }> = [];
    for (const prefix of this.lengths) {
      const bucket = this.byLength.get(prefix)!;
      for (const base of [...bucket.keys()].sort((a, b) => a - b))
        out.push({ cidr: { base, prefix }, value: bucket.get(base)! });
    }
    return out;
  }
}
