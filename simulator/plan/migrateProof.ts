/**
 * The proof behind a migration plan: the flows a document lets through, and which of them a later
 * document state no longer lets through. A flow is an ordered pair of instances for a ping (ICMP)
 * and for every protocol (`all`), plus each intent of the document that holds. An undetermined
 * verdict after a step counts as broken: a proof never assumes what the simulator cannot know.
 */
import type { Topology } from '../document/schema';
import { createReachability, type Protocol, type Reachability } from '../reach';

export interface MigrationFlow {
  readonly from: string;
  readonly to: string;
  readonly protocol: Protocol;
  readonly port: number | null;
}

/** The matrices a proof sweeps (a route change moves packets for every protocol alike; ICMP is the ping). */
const SWEPT: ReadonlyArray<{ readonly protocol: Protocol; readonly port: null }> = [
  { protocol: 'icmp', port: null },
  { protocol: 'all', port: null },
];

export function flowKey(flow: MigrationFlow): string {
  return `${flow.from} → ${flow.to} ${flow.protocol}${flow.port === null ? '' : `/${flow.port}`}`;
}

/** Every flow the document lets through, in a stable order (matrix order, then intents). */
function reachableFlows(reach: Reachability, document: Topology): MigrationFlow[] {
  const flows: MigrationFlow[] = [];
  const seen = new Set<string>();
  const add = (flow: MigrationFlow) => {
    const key = flowKey(flow);
    if (seen.has(key)) return;
    seen.add(key);
    flows.push(flow);
  };
  for (const { protocol, port } of SWEPT) {
    const matrix = reach.matrix({ protocol, port });
    matrix.instances.forEach((from, row) =>
      matrix.instances.forEach((to, col) => {
        if (row !== col && matrix.reachable[row]![col]) add({ from, to, protocol, port });
      }),
    );
  }
  for (const intent of document.intents ?? []) {
    const flow = { from: intent.from, to: intent.to, protocol: intent.protocol, port: intent.port ?? null };
    const result = reach.check(flow);
    if ('verdict' in result && result.verdict === 'reachable') add(flow);
  }
  return flows;
}

/** Which of `flows` the document does not let through (input errors, e.g. a vanished instance, count as broken). */
function brokenFlows(reach: Reachability, flows: readonly MigrationFlow[]): MigrationFlow[] {
  const reachableNow = new Set<string>();
  for (const { protocol, port } of SWEPT) {
    const matrix = reach.matrix({ protocol, port });
    matrix.instances.forEach((from, row) =>
      matrix.instances.forEach((to, col) => {
        if (row !== col && matrix.reachable[row]![col]) reachableNow.add(flowKey({ from, to, protocol, port }));
      }),
    );
  }
  return flows.filter((flow) => {
    if (reachableNow.has(flowKey(flow))) return false;
    if (SWEPT.some((s) => s.protocol === flow.protocol && s.port === flow.port)) return true;
    const result = reach.check(flow);
    return !('verdict' in result) || result.verdict !== 'reachable';
  });
}

/**
 * A prover bound to the document before the migration: `baseline` are its reachable flows;
 * `broken(next)` names those a later state loses. States are compared through the simulator's
 * incremental update (documents made by immutable edits of the previous state).
 */
export class MigrationProver {
  readonly baseline: readonly MigrationFlow[];
  private reach: Reachability;

  constructor(before: Topology) {
    this.reach = createReachability(before);
    this.baseline = reachableFlows(this.reach, before);
  }

  broken(next: Topology): MigrationFlow[] {
    return brokenFlows(this.reach.update(next), this.baseline);
  }

  /** Moves the incremental base to an accepted state. */
  accept(next: Topology): void {
    this.reach = this.reach.update(next);
  }
}
