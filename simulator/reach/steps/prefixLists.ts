/**
 * Prefix lists as peers (aliyun-dataplane.md §2): a security-group rule's
 * `sourcePrefixListId`/`destPrefixListId` and an ACL entry's `sourceCidrIp`/`destinationCidrIp`
 * holding a `pl-…` ID match an address inside any of the list's CIDR blocks. A list of another
 * address family, an unknown list, or an entry that does not parse matches nothing (validate
 * reports them). Both prefix-list APIs (VPC and ECS) mint `pl-` IDs; the document has one array.
 */
import type { Topology } from '../../document/schema';
import { type Cidr, cidrContainsIp } from '../../net/ipv4';
import { parseLooseBlock } from '../compile';

/** The IPv4 blocks of each prefix list of the document (first list of an ID wins). */
export function compilePrefixLists(document: Topology): ReadonlyMap<string, readonly Cidr[]> {
  const out = new Map<string, readonly Cidr[]>();
  for (const list of document.prefixLists ?? []) {
    if (out.has(list.prefixListId)) continue;
    const ipv4 = (list.addressFamily ?? 'IPv4') === 'IPv4';
    const blocks = ipv4 ? list.entries.map((e) => parseLooseBlock(e.cidr)).filter((c): c is Cidr => c !== null) : [];
    out.set(list.prefixListId, blocks);
  }
  return out;
}

export function isPrefixListId(text: string): boolean {
  return /^pl-/i.test(text.trim());
}

/** A CIDR or a prefix-list ID as the blocks it stands for (empty: matches nothing). */
export function blocksOf(text: string, prefixLists: ReadonlyMap<string, readonly Cidr[]>): readonly Cidr[] {
  if (isPrefixListId(text)) return prefixLists.get(text.trim()) ?? [];
  const block = parseLooseBlock(text);
  return block === null ? [] : [block];
}

export function blocksContain(blocks: readonly Cidr[], ip: number): boolean {
  for (const b of blocks) if (cidrContainsIp(b, ip)) return true;
  return false;
}
