/**
 * Differential reachability (topology-format.md §4.3, `vpclink diff`): which ordered pairs of the
 * instances present in both documents gained or lost reachability.
 *
 * Incremental, not pair by pair: each document's matrix comes from its equivalence classes (route
 * tables and security-group sets, computed once for all peers), the two matrices are compared
 * cell by cell, and only the LOST pairs are traced, in the after document, for their blockers.
 * Lost pairs with the same blockers share a cause; that cause is explained once, from one
 * representative pair traced in the before document too (causes.ts).
 */
import type { Topology } from '../document/schema';
import { createVerdicts, type Blocker, type Protocol, type Verdicts } from '../intents/verdicts';
import { explainCause } from './causes';

export interface GainedPair {
  readonly from: string;
  readonly to: string;
}

export interface LostPair {
  readonly from: string;
  readonly to: string;
  /** The after document's blockers for the pair (as `check` reports them). */
  readonly blockers: readonly Blocker[];
}

/** `diff --json` exactly. */
export interface ReachabilityDiff {
  readonly gained: readonly GainedPair[];
  readonly lost: readonly LostPair[];
}

/** Lost pairs that share their blockers, with what changed to cause them. */
export interface LostGroup {
  /** e.g. `rule #3 of sg-… (Accept TCP 22/22 from 10.0.0.0/8) removed`. */
  readonly cause: string;
  readonly pairs: readonly LostPair[];
}

export interface DiffResult {
  readonly diff: ReachabilityDiff;
  /** The lost pairs grouped by cause, largest group first. */
  readonly lostByCause: readonly LostGroup[];
}

export interface DiffOptions {
  readonly protocol: Protocol;
  readonly port: number | null;
}

/**
 * Compares reachability of `before` and `after` for one protocol and port. The options must be
 * valid (`protocolInputError`); pairs are listed in the after document's instance order.
 */
export function diffReachability(
  before: Topology,
  after: Topology,
  options: DiffOptions,
  verdicts: { readonly before?: Verdicts; readonly after?: Verdicts } = {},
): DiffResult {
  const { protocol, port } = options;
  const vb = verdicts.before ?? createVerdicts(before);
  const va = verdicts.after ?? createVerdicts(after);
  const mb = vb.matrix(protocol, port);
  const ma = va.matrix(protocol, port);
  // Instances present in both documents, with their positions in each matrix.
  const common: Array<{ id: string; b: number; a: number }> = [];
  ma.instances.forEach((id, a) => {
    const b = mb.position(id);
    if (b !== undefined && ma.position(id) === a) common.push({ id, b, a });
  });
  const gained: GainedPair[] = [];
  const lostCells: Array<[string, string]> = [];
  for (const s of common) {
    for (const d of common) {
      if (s === d) continue;
      const was = mb.verdictAt(s.b, d.b) === 'reachable';
      const is = ma.verdictAt(s.a, d.a) === 'reachable';
      if (was === is) continue;
      if (is) gained.push({ from: s.id, to: d.id });
      else lostCells.push([s.id, d.id]);
    }
  }
  const lost: LostPair[] = lostCells.map(([from, to]) => ({
    from,
    to,
    blockers: va.pair(from, to, protocol, port).blockers,
  }));
  return { diff: { gained, lost }, lostByCause: groupLost(before, after, lost, vb, options) };
}

function groupLost(
  before: Topology,
  after: Topology,
  lost: readonly LostPair[],
  vb: Verdicts,
  options: DiffOptions,
): LostGroup[] {
  const groups = new Map<string, LostPair[]>();
  for (const pair of lost) {
    // The same blockers in either direction of a pair are one cause (A→B and B→A lost together).
    const key = [...new Set(pair.blockers.map((b) => `${b.code}\u0000${b.resourceId}`))].sort().join('\u0001');
    const list = groups.get(key);
    if (list) list.push(pair);
    else groups.set(key, [pair]);
  }
  const out: LostGroup[] = [];
  for (const pairs of groups.values()) {
    const first = pairs[0]!;
    const was = vb.check(first.from, first.to, options.protocol, options.port);
    out.push({ cause: explainCause(before, after, 'kind' in was ? null : was, first.blockers), pairs });
  }
  // Largest first; ties keep the order of their first pair (deterministic).
  return out
    .map((g, i) => ({ g, i }))
    .sort((x, y) => y.g.pairs.length - x.g.pairs.length || x.i - y.i)
    .map((x) => x.g);
}
