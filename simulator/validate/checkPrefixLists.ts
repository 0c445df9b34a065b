/**
 * Prefix lists (aliyun-dataplane.md §2): their entries (one address family, at most maxEntries,
 * maxEntries 1–200) and the references to them from routes, rules and ACL entries (known, same
 * region), with the weight a reference has against the referencing resource's quota (§0 #7: the
 * list's maxEntries, whatever its current entry count).
 */
import type { PrefixList } from '../document/schema';
import { isPrefixListId } from '../model/dataplane';
import type { ValidationContext } from './context';
import { isIpv6Cidr, looksLikeIpv6 } from './ipv6';

/** ECS CreatePrefixList allows 1–200 (aliyun-dataplane.md §2.3); the VPC API's default is 50. */
export const MAX_PREFIX_LIST_ENTRIES = 200;

export function checkPrefixLists(ctx: ValidationContext): void {
  const { document } = ctx;
  const declared = new Set(document.accounts.map((a) => a.accountId));
  (document.prefixLists ?? []).forEach((list, l) => {
    const id = list.prefixListId;
    const at = `/prefixLists/${l}`;
    if (declared.size > 0 && !declared.has(list.accountId)) {
      ctx.report(
        'ACCOUNT_NOT_DECLARED',
        `${at}/accountId`,
        `${id}: account ${list.accountId} is not listed in accounts`,
        {
          resourceId: id,
          suggestion: `add { "accountId": "${list.accountId}" } to accounts`,
        },
      );
    }
    const max = list.maxEntries;
    if (max !== undefined && !(Number.isInteger(max) && max >= 1 && max <= MAX_PREFIX_LIST_ENTRIES)) {
      ctx.report(
        'PREFIX_LIST_MAX_ENTRIES_INVALID',
        `${at}/maxEntries`,
        `${id}: maxEntries ${max} is outside 1–${MAX_PREFIX_LIST_ENTRIES}`,
        {
          resourceId: id,
          suggestion: `set maxEntries to ${Math.min(Math.max(list.entries.length, 1), MAX_PREFIX_LIST_ENTRIES)}`,
        },
      );
    } else if (max !== undefined && list.entries.length > max) {
      ctx.report(
        'PREFIX_LIST_MAX_ENTRIES_EXCEEDED',
        `${at}/entries/${max}`,
        `${id} has ${list.entries.length} entries but maxEntries ${max}`,
        {
          resourceId: id,
          suggestion: `raise maxEntries of ${id} to ${list.entries.length} (it counts against every referencing resource's quota), or remove entries`,
        },
      );
    }
    const ipv6 = list.addressFamily === 'IPv6';
    const seen = new Map<string, number>();
    list.entries.forEach((entry, e) => {
      const path = `${at}/entries/${e}/cidr`;
      if (looksLikeIpv6(entry.cidr)) {
        if (!isIpv6Cidr(entry.cidr)) {
          ctx.report(
            'CIDR_MALFORMED',
            path,
            `${id}: entry ${e} ${JSON.stringify(entry.cidr)} is not an IPv6 CIDR block`,
            {
              resourceId: id,
              suggestion: 'write the block as address/prefix, e.g. 2408:4000::/56',
            },
          );
        } else if (!ipv6) familyMismatch(ctx, id, e, path, entry.cidr, 'IPv4');
      } else {
        const cidr = ctx.checkCidrField(entry.cidr, path, id, `entry ${e} cidr`, true);
        if (cidr && ipv6) familyMismatch(ctx, id, e, path, entry.cidr, 'IPv6');
      }
      const first = seen.get(entry.cidr);
      if (first !== undefined) {
        ctx.report('PREFIX_LIST_ENTRY_DUPLICATE', path, `${id}: entry ${e} repeats ${entry.cidr} (entry ${first})`, {
          resourceId: id,
          suggestion: `remove entry ${e} from ${id}`,
        });
      } else seen.set(entry.cidr, e);
    });
  });
}

function familyMismatch(ctx: ValidationContext, id: string, e: number, path: string, cidr: string, family: string) {
  ctx.report(
    'PREFIX_LIST_FAMILY_MISMATCH',
    path,
    `${id}: entry ${e} ${cidr} is not ${family}, the list's address family; one list cannot hold both`,
    { resourceId: id, suggestion: `move ${cidr} to a prefix list whose addressFamily fits it` },
  );
}

/**
 * Checks a `pl-…` reference from a resource in `regionId`: the list is in the document and in
 * the same region. Returns the list when known.
 */
export function checkPrefixListReference(
  ctx: ValidationContext,
  prefixListId: string,
  path: string,
  owner: string,
  regionId: string | undefined,
): PrefixList | undefined {
  const list = ctx.index.prefixLists.get(prefixListId);
  if (!list) {
    ctx.report(
      'PREFIX_LIST_NOT_IN_DOCUMENT',
      path,
      `${owner}: prefix list ${prefixListId} is not in the document; its CIDR blocks are unknown`,
      {
        resourceId: owner,
        suggestion: `add ${prefixListId} to prefixLists (with its entries and maxEntries), or correct the ID`,
      },
    );
    return undefined;
  }
  if (regionId !== undefined && list.regionId !== regionId) {
    ctx.report(
      'PREFIX_LIST_OTHER_REGION',
      path,
      `${owner} (in ${regionId}) references prefix list ${prefixListId} of ${list.regionId}; prefix lists are regional`,
      {
        resourceId: owner,
        suggestion: `create a prefix list with the same entries in ${regionId} and reference it instead`,
      },
    );
  }
  return list;
}

/**
 * How many quota slots a reference takes: a known list's maxEntries (aliyun-dataplane.md §0 #7),
 * its entry count when it gives none, 1 for an unknown list or a plain CIDR.
 */
export function referenceWeight(ctx: ValidationContext, value: string | undefined): number {
  if (value === undefined || !isPrefixListId(value)) return 1;
  const list = ctx.index.prefixLists.get(value);
  if (!list) return 1;
  return Math.max(1, list.maxEntries ?? list.entries.length);
}
