/**
 * Identities the planner matches on, because IDs of created resources differ between the
 * document (a design) and the cloud: router interfaces by natural key, routes by
 * (table, destination), security-group rules by the cloud's own rule identity (aliyun-api.md §5.4).
 */
import type { Permission, RouterInterface } from '../document/schema';
import { formatCidr, parseCidrText } from '../net';
import type { RouterInterfaceKey } from './types';

/** The natural key of an interface of a document. An absent owner of the opposite counts as the own account (terraform's fallback, aliyun-api.md §3.10). */
export function routerInterfaceKey(ri: RouterInterface): RouterInterfaceKey {
  return {
    accountId: ri.accountId,
    regionId: ri.regionId,
    routerId: ri.routerId,
    role: ri.role,
    oppositeRegionId: ri.oppositeRegionId,
    ...(ri.oppositeRouterId !== undefined ? { oppositeRouterId: ri.oppositeRouterId } : {}),
    ...(ri.oppositeRouterId !== undefined
      ? { oppositeInterfaceOwnerId: ri.oppositeInterfaceOwnerId ?? ri.accountId }
      : {}),
  };
}

/** Text form for step IDs: `<account>:<region>:<router>:<role>:<opposite router or region>`. */
export function routerInterfaceKeyText(key: RouterInterfaceKey): string {
  return `${key.accountId}:${key.regionId}:${key.routerId}:${key.role}:${key.oppositeRouterId ?? key.oppositeRegionId}`;
}

/**
 * Whether a live interface is the one a desired key describes. Account, region, router and role
 * must be equal; the opposite router and owner must be equal when both sides know them. A live
 * interface that does not know its peer yet (created, never modified) still matches on the rest,
 * but ranks below an exact match (see `matchScore`).
 */
export function matchScore(key: RouterInterfaceKey, live: RouterInterface): number {
  if (
    live.accountId !== key.accountId ||
    live.regionId !== key.regionId ||
    live.routerId !== key.routerId ||
    live.role !== key.role
  )
    return 0;
  if (live.oppositeRegionId !== key.oppositeRegionId) return 0;
  if (key.oppositeRouterId === undefined) return 1;
  if (live.oppositeRouterId === undefined) return 1;
  if (live.oppositeRouterId !== key.oppositeRouterId) return 0;
  const liveOwner = live.oppositeInterfaceOwnerId ?? live.accountId;
  if (key.oppositeInterfaceOwnerId !== undefined && liveOwner !== key.oppositeInterfaceOwnerId) return 0;
  return 2;
}

/** The canonical spelling of a CIDR (bare IP → /32, host bits cleared); unparsable text unchanged. */
export function normaliseCidr(text: string): string {
  const parsed = parseCidrText(text.trim(), { allowBareAddress: true });
  return parsed.ok ? formatCidr(parsed.value.cidr) : text.trim();
}

/** Route identity inside one table. */
export function routeKey(routeTableId: string, destinationCidrBlock: string): string {
  return `${routeTableId}|${normaliseCidr(destinationCidrBlock)}`;
}

/** A CIDR field's canonical text, or '' when absent. */
function cidrOrEmpty(value: string | undefined): string {
  return value === undefined || value === '' ? '' : normaliseCidr(value);
}

/**
 * A rule's identity as the cloud sees it: protocol + port range + source port range + NicType +
 * Policy + one peer (IPv4 or IPv6 CIDR, group or prefix list) + the rule's own side (ingress
 * `destCidrIp`, egress `sourceCidrIp`, aliyun-dataplane.md §3.3) (aliyun-api.md §5.4). Priority
 * and description are not part of it: re-adding a rule that differs only there is a silent no-op
 * on the cloud, so the planner treats it as present.
 */
export function permissionIdentity(p: Permission): string {
  const ingress = p.direction === 'ingress';
  const peerCidr = ingress ? p.sourceCidrIp : p.destCidrIp;
  const peerIpv6 = ingress ? p.ipv6SourceCidrIp : p.ipv6DestCidrIp;
  const peerList = ingress ? p.sourcePrefixListId : p.destPrefixListId;
  const peer =
    peerCidr !== undefined && peerCidr !== ''
      ? `cidr:${normaliseCidr(peerCidr)}`
      : peerIpv6 !== undefined && peerIpv6 !== ''
        ? `ipv6:${peerIpv6.toLowerCase()}`
        : peerList !== undefined && peerList !== ''
          ? `list:${peerList}`
          : ingress
            ? `group:${p.sourceGroupId ?? ''}:${p.sourceGroupOwnerAccount ?? ''}`
            : `group:${p.destGroupId ?? ''}:${p.destGroupOwnerAccount ?? ''}`;
  const local = ingress
    ? `${cidrOrEmpty(p.destCidrIp)}/${(p.ipv6DestCidrIp ?? '').toLowerCase()}`
    : `${cidrOrEmpty(p.sourceCidrIp)}/${(p.ipv6SourceCidrIp ?? '').toLowerCase()}`;
  // No source port range and `-1/-1` both mean every source port.
  const sourcePortRange = p.sourcePortRange === undefined || p.sourcePortRange === '-1/-1' ? '' : p.sourcePortRange;
  return [
    p.direction,
    p.ipProtocol.toUpperCase(),
    p.portRange.trim(),
    sourcePortRange.trim(),
    p.nicType ?? 'intranet',
    p.policy ?? 'Accept',
    peer,
    local,
  ].join('|');
}

/**
 * A document permission as the `Permissions.N.*` object of Authorize/Revoke (aliyun-api.md §5.4),
 * with every field the document has (aliyun-dataplane.md §3.3: source port range, the local side,
 * prefix lists and IPv6 peers). Undefined fields are left out (pop-core would send "undefined", §1.3).
 */
export function permissionToApi(p: Permission): Record<string, string> {
  const out: Record<string, string> = {
    IpProtocol: p.ipProtocol,
    PortRange: p.portRange,
    Policy: p.policy ?? 'Accept',
    Priority: String(p.priority ?? 1),
    NicType: p.nicType ?? 'intranet',
  };
  const copy = (field: keyof Permission, api: string) => {
    const value = p[field];
    if (typeof value === 'string' && value !== '') out[api] = value;
  };
  copy('sourceCidrIp', 'SourceCidrIp');
  copy('sourceGroupId', 'SourceGroupId');
  copy('sourceGroupOwnerAccount', 'SourceGroupOwnerAccount');
  copy('destCidrIp', 'DestCidrIp');
  copy('destGroupId', 'DestGroupId');
  copy('destGroupOwnerAccount', 'DestGroupOwnerAccount');
  copy('sourcePortRange', 'SourcePortRange');
  copy('sourcePrefixListId', 'SourcePrefixListId');
  copy('destPrefixListId', 'DestPrefixListId');
  copy('ipv6SourceCidrIp', 'Ipv6SourceCidrIp');
  copy('ipv6DestCidrIp', 'Ipv6DestCidrIp');
  copy('description', 'Description');
  return out;
}
