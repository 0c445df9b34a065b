/**
 * IPv6 syntax for the fields vpclink keeps but does not simulate (IPv6 route destinations, ACL
 * entries, rule peers, prefix-list entries): enough to tell a valid block from a typo.
 */

/** Whether `text` is an IPv6 address (RFC 4291 text form, with `::` and an embedded IPv4 tail). */
export function isIpv6Address(text: string): boolean {
  if (text.length < 2 || text.length > 45) return false;
  const halves = text.split('::');
  if (halves.length > 2) return false;
  const groupsOf = (part: string): string[] | undefined => (part === '' ? [] : part.split(':'));
  const head = groupsOf(halves[0]!);
  const tail = halves.length === 2 ? groupsOf(halves[1]!) : [];
  if (!head || !tail) return false;
  const all = [...head, ...tail];
  let count = 0;
  for (let i = 0; i < all.length; i++) {
    const group = all[i]!;
    if (i === all.length - 1 && group.includes('.')) {
      if (
        !/^(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])(\.(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])){3}$/.test(group)
      )
        return false;
      count += 2;
    } else if (/^[0-9a-fA-F]{1,4}$/.test(group)) count += 1;
    else return false;
  }
  return halves.length === 2 ? count < 8 : count === 8;
}

/** Whether `text` is an IPv6 CIDR block `address/0–128`. */
export function isIpv6Cidr(text: string): boolean {
  const slash = text.indexOf('/');
  if (slash < 0) return false;
  const prefix = text.slice(slash + 1);
  if (!/^(0|[1-9][0-9]{0,2})$/.test(prefix) || Number(prefix) > 128) return false;
  return isIpv6Address(text.slice(0, slash));
}

/** A quick guess at the family a text means (for choosing the parser and the message). */
export function looksLikeIpv6(text: string): boolean {
  return text.includes(':');
}
