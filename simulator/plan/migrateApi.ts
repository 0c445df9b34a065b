/**
 * The API calls of each migration step: what `vpclink apply` of the step's document (or, for the
 * last step, `vpclink destroy` of its pair document) sends when the cloud is in the previous
 * step's state — the same planners, so the listing and the run agree.
 *
 * A route removal is planned only for a route that carries the document's ownership marker
 * (owner.ts: apply never deletes a route it did not make). The previous state is taken as vpclink
 * made it — its custom routes marked — which is what an apply of the document left; a route made
 * in the console is not marked, and `apply` then replaces it at the `addRoute` step (delete, then
 * create: a moment without that route). The plan says so (MIGRATION_ROUTE_OWNERSHIP_ASSUMED).
 */
import type { Topology } from '../document/schema';
import type { MigrationStep } from './migrate';
import { ownerMarker, markedDescription } from './owner';
import { planChanges } from './planChanges';
import { planTeardown } from './teardown';
import type { PlanStep } from './types';

function asVpclinkMadeIt(document: Topology, marker: string): Topology {
  return {
    ...document,
    routeTables: document.routeTables.map((t) => ({
      ...t,
      routeEntries: t.routeEntries.map((e) => ({
        ...e,
        description: markedDescription((e as { description?: string }).description, marker),
      })),
    })),
  };
}

/** The API steps of each migration step, in order. */
export function migrationApiSteps(before: Topology, steps: readonly MigrationStep[]): PlanStep[][] {
  return steps.map((step, i) => {
    const previous = i === 0 ? before : steps[i - 1]!.document;
    if (step.teardownDocument)
      return [...planTeardown(step.teardownDocument, previous, { reachabilityDelta: false }).steps];
    const live = asVpclinkMadeIt(previous, ownerMarker(step.document));
    const planned = [...planChanges(step.document, live, { reachabilityDelta: false }).steps];
    // The planner takes a connection to Activated in one go (create, then accept with the
    // accepter's credentials); listed here the accept belongs to the next step.
    const accept = planned.findIndex((p) => p.kind === 'acceptVpcPeerConnection');
    return step.kind === 'createPeering' && steps[i + 1]?.kind === 'acceptPeering' && accept >= 0
      ? planned.slice(0, accept)
      : planned;
  });
}
