/**
 * Differential reachability (topology-format.md §4.3, `vpclink diff`): which ordered pairs of the
 * instances present in both documents gained or lost reachability.
 *
 * Incremental, not pair by pair: BEFORE's index (built here, or the caller's) computes its matrix
 * first; the after document is then made to share every part equal to the before document's
 * (arrays and their elements) and indexed as an `update` of BEFORE's index, so its matrix
 * continues BEFORE's sweep: only the route tables and security-group sets the change touched are
 * computed again, and only the pairs whose path reads one of them (simulator/reach/matrix.ts).
 * A change to the instances, the network (VPCs, vSwitches), router interfaces or peering
 * connections starts the sweep afresh (`path: 'two-matrices'`). The two matrices are compared word
 * by word on their bitsets; only the LOST pairs are traced, in the after document, for their
 * blockers. Lost pairs with the same blockers share a cause; that cause is explained once, from one
 * representative pair traced in the before document too (causes.ts).
 */
import type { Topology } from '../document/schema';
import { bitRows, createReachability, isReachable, type MatrixResult, type Reachability } from '../reach';
import { type Blocker, type Protocol, type Verdicts, verdictsOf } from '../intents/verdicts';
import { explainCause, explainGain } from './causes';

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

/** Gained pairs that were stopped by the same blockers, with what changed to let them through. */
export interface GainedGroup {
  /** e.g. `rule #4 of sg-… (Accept ICMP -1/-1 from 10.0.0.0/8) now lets it through (was SG_INGRESS_DENIED on sg-…)`. */
  readonly cause: string;
  readonly pairs: readonly GainedPair[];
}

export interface DiffResult {
  readonly diff: ReachabilityDiff;
  /** The lost pairs grouped by cause, largest group first. */
  readonly lostByCause: readonly LostGroup[];
  /** The gained pairs grouped by cause, largest group first. */
  readonly gainedByCause: readonly GainedGroup[];
  /**
   * How AFTER's matrix was computed: continuing BEFORE's sweep (only what the change touched), or
   * from scratch (a change to instances, network, router interfaces or peering connections).
   * Not part of `diff --json` (the contract's shape is exactly `diff`).
   */
  readonly path: 'incremental' | 'two-matrices';
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
  prebuilt: { readonly before?: Reachability } = {},
): DiffResult {
  const { protocol, port } = options;
  const reachBefore = prebuilt.before ?? createReachability(before);
  // BEFORE's matrix first: an index made by `update` continues the sweeps its parent had made.
  const mb = reachBefore.matrix({ protocol, port });
  const shared = shareUnchanged(before, after);
  const reachAfter = reachBefore.update(shared);
  const vb = verdictsOf(reachBefore, before);
  const va = verdictsOf(reachAfter, shared);
  const ma = reachAfter.matrix({ protocol, port });
  const gained: GainedPair[] = [];
  const lostCells: Array<[string, string]> = [];
  for (const [s, d, is] of changedCells(mb, ma)) {
    if (is) gained.push({ from: ma.instances[s]!, to: ma.instances[d]! });
    else lostCells.push([ma.instances[s]!, ma.instances[d]!]);
  }
  const lost: LostPair[] = lostCells.map(([from, to]) => ({
    from,
    to,
    blockers: va.pair(from, to, protocol, port).blockers,
  }));
  return {
    diff: { gained, lost },
    lostByCause: groupLost(before, after, lost, vb, options),
    gainedByCause: groupGained(gained, vb, va, options),
    path: continuesSweep(before, shared) ? 'incremental' : 'two-matrices',
  };
}

/**
 * Whether AFTER's matrix continues BEFORE's sweep: the instances, the network and the links are
 * the same arrays and the security-group IDs the same (what simulator/reach keeps between an index
 * and its `update`; the sweep reads nothing else per instance). Otherwise it starts afresh.
 */
function continuesSweep(before: Topology, shared: Topology): boolean {
  const same = (key: keyof Topology) => before[key] === shared[key];
  if (
    !(['instances', 'networkInterfaces', 'vpcs', 'vSwitches', 'routerInterfaces', 'vpcPeerConnections'] as const).every(
      same,
    )
  )
    return false;
  const ids = (t: Topology) => new Set(t.securityGroups.map((g) => g.securityGroupId));
  const was = ids(before);
  const now = ids(shared);
  return was.size === now.size && [...now].every((id) => was.has(id));
}

/**
 * Gained pairs grouped by what stopped them before (their blockers in the before document); each
 * group's cause names what lets its first pair through now (the after trace's decision at the
 * hop that blocked).
 */
function groupGained(gained: readonly GainedPair[], vb: Verdicts, va: Verdicts, options: DiffOptions): GainedGroup[] {
  const groups = new Map<string, { blockers: readonly Blocker[]; pairs: GainedPair[] }>();
  for (const pair of gained) {
    const blockers = vb.pair(pair.from, pair.to, options.protocol, options.port).blockers;
    const key = blockerKey(blockers);
    const group = groups.get(key);
    if (group) group.pairs.push(pair);
    else groups.set(key, { blockers, pairs: [pair] });
  }
  const out: GainedGroup[] = [];
  for (const { blockers, pairs } of groups.values()) {
    const now = va.check(pairs[0]!.from, pairs[0]!.to, options.protocol, options.port);
    out.push({ cause: explainGain('kind' in now ? null : now, blockers), pairs });
  }
  return largestFirst(out);
}

/** The same blockers in either direction of a pair are one cause (A→B and B→A change together). */
function blockerKey(blockers: readonly Blocker[]): string {
  return [...new Set(blockers.map((b) => `${b.code}\u0000${b.resourceId}`))].sort().join('\u0001');
}

function largestFirst<T extends { readonly pairs: readonly unknown[] }>(groups: readonly T[]): T[] {
  // Ties keep the order of their first pair (deterministic).
  return groups
    .map((g, i) => ({ g, i }))
    .sort((x, y) => y.g.pairs.length - x.g.pairs.length || x.i - y.i)
    .map((x) => x.g);
}

/**
 * The ordered pairs of instances present in both matrices whose "reachable" differs, as
 * [source, destination, reachable after] in positions of the after matrix, row by row. With the
 * same instances in the same order (the usual review), a word of 32 pairs is compared at once.
 */
function changedCells(mb: MatrixResult, ma: MatrixResult): Array<[number, number, boolean]> {
  const out: Array<[number, number, boolean]> = [];
  const rowsB = bitRows(mb);
  const rowsA = bitRows(ma);
  const sameInstances =
    mb.instances.length === ma.instances.length && mb.instances.every((id, i) => ma.instances[i] === id);
  if (
    sameInstances &&
    rowsB !== undefined &&
    rowsA !== undefined &&
    new Set(ma.instances).size === ma.instances.length
  ) {
    rowsA.forEach((rowA, s) => {
      const rowB = rowsB[s]!;
      for (let w = 0; w < rowA.length; w++)
        for (let bits = rowA[w]! ^ rowB[w]!; bits !== 0; bits &= bits - 1) {
          const d = (w << 5) + 31 - Math.clz32(bits & -bits);
          if (d !== s) out.push([s, d, ((rowA[w]! >>> (d & 31)) & 1) === 1]);
        }
    });
    return out;
  }
  // Instances present in both documents (the first of a duplicated ID), with their positions.
  const positionIn = (m: MatrixResult) => {
    const positions = new Map<string, number>();
    m.instances.forEach((id, i) => {
      if (!positions.has(id)) positions.set(id, i);
    });
    return positions;
  };
  const inBefore = positionIn(mb);
  const inAfter = positionIn(ma);
  const common: Array<{ b: number; a: number }> = [];
  ma.instances.forEach((id, a) => {
    const b = inBefore.get(id);
    if (b !== undefined && inAfter.get(id) === a) common.push({ b, a });
  });
  for (const s of common)
    for (const d of common) {
      if (s === d) continue;
      const was = isReachable(mb, s.b, d.b);
      const is = isReachable(ma, s.a, d.a);
      if (was !== is) out.push([s.a, d.a, is]);
    }
  return out;
}

/**
 * The after document with every top-level array, and every element, that equals the before
 * document's replaced by the before document's own value. Two files read from disk share nothing;
 * shared, the after document's index is an incremental update of the before document's (it
 * recognises untouched parts by identity). Positions stay the after document's, so every path in
 * a blocker or fix still points into the after document.
 */
function shareUnchanged(before: Topology, after: Topology): Topology {
  const out: Record<string, unknown> = {};
  const old = before as unknown as Record<string, unknown>;
  for (const [key, value] of Object.entries(after)) {
    const was = old[key];
    if (!Array.isArray(value) || !Array.isArray(was)) {
      out[key] = value;
      continue;
    }
    let same = value.length === was.length;
    const shared = value.map((element: unknown, i) => {
      if (i < was.length && deepEqual(was[i], element)) return was[i] as unknown;
      same = false;
      return element;
    });
    out[key] = same ? was : shared;
  }
  return out as unknown as Topology;
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const other = b as unknown[];
    return a.length === other.length && a.every((x, i) => deepEqual(x, other[i]));
  }
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  const keys = Object.keys(x);
  if (keys.length !== Object.keys(y).length) return false;
  return keys.every((k) => Object.prototype.hasOwnProperty.call(y, k) && deepEqual(x[k], y[k]));
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
    const key = blockerKey(pair.blockers);
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
  return largestFirst(out);
}
