/**
 * What changed between two documents to stop a pair: the after document's blockers, each tied
 * back to what let the packet through in the before document's trace of the same pair — "rule #3
 * of sg-… (Accept TCP 22/22 from 10.0.0.0/8) removed", "route 172.16.0.0/16 → ri-… removed from
 * vtb-…". When no earlier decision maps to a blocker, the blocker itself is the cause.
 */
import type { Topology } from '../document/schema';
import type { Blocker, CheckResult } from '../intents/verdicts';

type Hop = CheckResult['forward']['hops'][number];

export function explainCause(
  before: Topology,
  after: Topology,
  was: CheckResult | null,
  blockers: readonly Blocker[],
): string {
  if (blockers.length === 0) return 'not reachable any more (no blocker named)';
  const causes = blockers.map((b) => explainBlocker(before, after, was, b));
  return [...new Set(causes)].join('; ');
}

function explainBlocker(before: Topology, after: Topology, was: CheckResult | null, blocker: Blocker): string {
  const fallback = `${blocker.code} on ${blocker.resourceId}`;
  if (was === null) return fallback;
  const hops = (blocker.direction === 'forward' ? was.forward : was.return).hops.filter((h) => !h.hypothetical);
  switch (blocker.code) {
    case 'SG_EGRESS_DENIED':
    case 'SG_INGRESS_DENIED': {
      const direction = blocker.code === 'SG_EGRESS_DENIED' ? 'egress' : 'ingress';
      const hop = hops.find((h) => h.resourceType === 'securityGroup' && h.direction === direction);
      if (hop?.resourceType !== 'securityGroup') return fallback;
      if (hop.rule === null) {
        if (hop.decidedBy === 'innerAccessPolicy')
          return `innerAccessPolicy Accept no longer lets the members of ${hop.resourceId} reach each other (${fallback})`;
        return `${fallback} (the ${direction} default changed)`;
      }
      const rule = hop.rule;
      const text = `rule #${rule.index} of ${rule.securityGroupId} (${rule.policy} ${rule.ipProtocol} ${rule.portRange} ${direction === 'ingress' ? 'from' : 'to'} ${rule.peer})`;
      const group = after.securityGroups.find((g) => g.securityGroupId === rule.securityGroupId);
      if (group === undefined) return `security group ${rule.securityGroupId} removed`;
      const old = at(before, rule.path);
      const kept = old !== undefined && group.permissions.some((p) => sameRule(p, old));
      return kept ? `${text} now outranked: ${blocker.message}` : `${text} removed or changed`;
    }
    case 'NO_ROUTE':
    case 'ROUTE_NOT_AVAILABLE':
    case 'ROUTE_NEXT_HOP_INVALID':
    case 'ROUTE_NEXT_HOP_UNSUPPORTED':
    case 'ROUTE_TO_WRONG_VPC': {
      const hop = hops.find(
        (h): h is Extract<Hop, { resourceType: 'routeTable' }> =>
          h.resourceType === 'routeTable' && h.route !== null && !h.route.system && h.resourceId === blocker.resourceId,
      );
      if (hop === undefined || hop.route === null) return fallback;
      const route = hop.route;
      const text = `route ${route.destinationCidrBlock} → ${route.nextHopId} of ${route.routeTableId}`;
      const table = after.routeTables.find((t) => t.routeTableId === route.routeTableId);
      if (table === undefined) return `route table ${route.routeTableId} removed (with ${text})`;
      const same = table.routeEntries.find(
        (e) => e.destinationCidrBlock === route.destinationCidrBlock && e.nextHopId === route.nextHopId,
      );
      if (same === undefined) return `${text} removed or changed`;
      return same.status !== route.status ? `${text} is now ${same.status}` : `${text}: ${blocker.code}`;
    }
    case 'ROUTER_INTERFACE_NOT_ACTIVE':
    case 'ROUTER_INTERFACE_MISMATCH':
    case 'PEER_VPC_UNKNOWN': {
      const id = blocker.resourceId;
      const old = before.routerInterfaces.find((r) => r.routerInterfaceId === id);
      const now = after.routerInterfaces.find((r) => r.routerInterfaceId === id);
      if (old !== undefined && now === undefined) return `router interface ${id} removed`;
      if (old !== undefined && now !== undefined) {
        const fields = Object.keys({ ...old, ...now }).filter(
          (k) =>
            JSON.stringify((old as Record<string, unknown>)[k]) !== JSON.stringify((now as Record<string, unknown>)[k]),
        );
        if (fields.length > 0) return `router interface ${id} changed (${fields.join(', ')})`;
      }
      return fallback;
    }
    default:
      return fallback;
  }
}

/**
 * What lets a pair through now that was stopped before: for each blocker of the before document,
 * the after trace's decision at the same hop (the rule or route that carries it now), else the
 * blocker named as gone.
 */
export function explainGain(now: CheckResult | null, blockers: readonly Blocker[]): string {
  if (blockers.length === 0) return 'reachable now (no blocker was named before)';
  const causes = blockers.map((blocker) => {
    const was = `was ${blocker.code} on ${blocker.resourceId}`;
    if (now === null) return was;
    const hops = (blocker.direction === 'forward' ? now.forward : now.return).hops.filter((h) => !h.hypothetical);
    if (blocker.code === 'SG_EGRESS_DENIED' || blocker.code === 'SG_INGRESS_DENIED') {
      const direction = blocker.code === 'SG_EGRESS_DENIED' ? 'egress' : 'ingress';
      const hop = hops.find((h) => h.resourceType === 'securityGroup' && h.direction === direction);
      if (hop?.resourceType === 'securityGroup' && hop.rule !== null) {
        const rule = hop.rule;
        return (
          `rule #${rule.index} of ${rule.securityGroupId} (${rule.policy} ${rule.ipProtocol} ${rule.portRange} ${direction === 'ingress' ? 'from' : 'to'} ${rule.peer}) now lets it ` +
          `through (${was})`
        );
      }
      if (hop?.resourceType === 'securityGroup' && hop.decidedBy === 'innerAccessPolicy')
        return `innerAccessPolicy Accept of ${hop.resourceId} now lets its members talk (${was})`;
      return `the ${direction} default now allows it (${was})`;
    }
    const route = hops.find(
      (h): h is Extract<Hop, { resourceType: 'routeTable' }> =>
        h.resourceType === 'routeTable' && h.route !== null && !h.route.system && h.resourceId === blocker.resourceId,
    )?.route;
    if (route)
      return `route ${route.destinationCidrBlock} → ${route.nextHopId} of ${route.routeTableId} now carries it (${was})`;
    return `${blocker.code} on ${blocker.resourceId} resolved`;
  });
  return [...new Set(causes)].join('; ');
}

/** The value at a JSON Pointer of the document, or undefined. */
function at(document: Topology, pointer: string): unknown {
  let value: unknown = document;
  for (const part of pointer.split('/').slice(1)) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[part.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return value;
}

/** Two permissions that filter the same traffic (descriptions aside). */
function sameRule(a: unknown, b: unknown): boolean {
  const strip = (p: unknown) => JSON.stringify({ ...(p as Record<string, unknown>), description: undefined });
  return strip(a) === strip(b);
}
