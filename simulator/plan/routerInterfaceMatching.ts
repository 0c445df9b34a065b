/**
 * Which of the document's router interfaces belong together, and which live interface each one
 * is: used by the apply plan, by destroy and rollback (teardown.ts) and by the migration to
 * peering (migrate.ts).
 */
import type { RouterInterface } from '../document/schema';
import { matchScore, routerInterfaceKey } from './identity';

/**
 * Matches the document's router interfaces to live ones by natural key: exact matches (same
 * opposite router and owner) first, then live interfaces that do not know their peer yet. Each
 * live interface is used once. Returns document ID → live interface.
 */
export function matchRouterInterfaces(
  desired: readonly RouterInterface[],
  live: readonly RouterInterface[],
): Map<string, RouterInterface> {
  const result = new Map<string, RouterInterface>();
  const used = new Set<string>();
  for (const wanted of [2, 1]) {
    for (const ri of desired) {
      if (result.has(ri.routerInterfaceId)) continue;
      const key = routerInterfaceKey(ri);
      const found = live.find(
        (candidate) => !used.has(candidate.routerInterfaceId) && matchScore(key, candidate) === wanted,
      );
      if (found) {
        result.set(ri.routerInterfaceId, found);
        used.add(found.routerInterfaceId);
      }
    }
  }
  return result;
}

/** Pairs of the document's interfaces: each interface with the one it points at (or that points at it). */
export function pairRouterInterfaces(routerInterfaces: readonly RouterInterface[]): {
  pairs: [RouterInterface, RouterInterface][];
  lone: RouterInterface[];
} {
  const byId = new Map(routerInterfaces.map((ri) => [ri.routerInterfaceId, ri]));
  const paired = new Set<string>();
  const pairs: [RouterInterface, RouterInterface][] = [];
  const lone: RouterInterface[] = [];
  for (const ri of routerInterfaces) {
    if (paired.has(ri.routerInterfaceId)) continue;
    let partner = ri.oppositeInterfaceId !== undefined ? byId.get(ri.oppositeInterfaceId) : undefined;
    if (
      partner &&
      (paired.has(partner.routerInterfaceId) ||
        partner === ri ||
        (partner.oppositeInterfaceId !== undefined && partner.oppositeInterfaceId !== ri.routerInterfaceId))
    )
      partner = undefined;
    partner ??= routerInterfaces.find(
      (other) =>
        other !== ri && !paired.has(other.routerInterfaceId) && other.oppositeInterfaceId === ri.routerInterfaceId,
    );
    if (!partner) {
      lone.push(ri);
      continue;
    }
    paired.add(ri.routerInterfaceId);
    paired.add(partner.routerInterfaceId);
    // The initiator first: it is the side that connects (aliyun-api.md §3.4).
    pairs.push(ri.role === 'AcceptingSide' && partner.role === 'InitiatingSide' ? [partner, ri] : [ri, partner]);
  }
  return { pairs, lone };
}
