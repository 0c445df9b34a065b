/**
 * Differential reachability (topology-format.md §4.3, `vpclink diff`): which ordered pairs of the
 * instances present in both documents gained or lost reachability.
 *
 * Narrowed first: the two documents are compared element by element (changes.ts), and when the
 * edit touched only security-group rules, route entries, network ACLs, instances or ENIs in
 * place, only the pairs it can change are evaluated: those among the changed instances and the
 * instances they can reach or be reached by (narrow.ts states the argument), each document's
 * verdicts from a matrix of those instances alone (`path: 'narrowed'`). Otherwise (a change to
 * VPCs, vSwitches, links, prefix lists, transit routers, instances added or removed) the whole
 * matrices: BEFORE's, then AFTER's as an `update` of BEFORE's index continuing its sweep
 * (`incremental`: the instances, network and links are the same objects), or afresh
 * (`two-matrices`). Either way the two matrices are compared word by word on their bitsets; only
 * the LOST pairs are traced, in the after document, for their blockers, and lost pairs that surely
 * have the same blockers (lostClasses.ts: sources of one vSwitch toward one destination, when no
 * step that reads the source itself changed) share one trace. Lost pairs with the same
 * blockers share a cause; that cause is explained once, from one representative pair traced in
 * the before document too (causes.ts) — on first read of `lostByCause`, as `diff --json` never
 * reads it.
 */
import type { Topology } from '../document/schema';
import { bitRows, createReachability, isReachable, type MatrixResult, type Reachability } from '../reach';
import { type Blocker, type Protocol, type Verdicts, verdictsOf } from '../intents/verdicts';
import { explainCause, explainGain } from './causes';
import { compareDocuments } from './changes';
import { lostPairClasses } from './lostClasses';
import { narrowingOf } from './narrow';
import { unchangedSince } from './unchanged';

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
   * How the verdicts were computed: only around what changed (`narrowed`), or AFTER's whole matrix
   * continuing BEFORE's sweep, or from scratch (a change to instances, network, router interfaces
   * or peering connections). Not part of `diff --json` (the contract's shape is exactly `diff`).
   */
  readonly path: 'narrowed' | 'incremental' | 'two-matrices';
  /** How many lost pairs were traced; the others took the blockers of a pair of their class (lostClasses.ts). */
  readonly tracedLost: number;
}

export interface DiffOptions {
  readonly protocol: Protocol;
  readonly port: number | null;
}

/** What the caller has already, and how to sweep. */
export interface DiffSettings {
  /** BEFORE's index, if the caller has one. */
  readonly before?: Reachability;
  /**
   * `narrowed` (the default): only the pairs the edit can change are evaluated (narrow.ts), when
   * the edit allows it; `full`: both whole matrices (the reference the narrowed diff is tested against).
   */
  readonly sweep?: 'narrowed' | 'full';
  /**
   * `skipping` (the default): a lost pair's trace skips the steps that read only what the edit
   * left unchanged (unchanged.ts), and lost pairs of one class share one trace (lostClasses.ts);
   * `full`: every pair, every step (the reference those shortcuts are tested against).
   */
  readonly traces?: 'skipping' | 'full';
}

/**
 * Compares reachability of `before` and `after` for one protocol and port. The options must be
 * valid (`protocolInputError`); pairs are listed in the after document's instance order.
 */
export function diffReachability(
  before: Topology,
  after: Topology,
  options: DiffOptions,
  settings: DiffSettings = {},
): DiffResult {
  const { protocol, port } = options;
  const reachBefore = settings.before ?? createReachability(before);
  const changes = compareDocuments(before, after);
  const shared = changes.shared;
  const narrowing = settings.sweep === 'full' ? null : narrowingOf(before, changes, protocol);
  let reachAfter: Reachability | undefined;
  const afterIndex = () => (reachAfter ??= reachBefore.update(shared));
  let cells: Cell[];
  let instances: readonly string[];
  let path: DiffResult['path'];
  if (narrowing !== null && narrowing.kind === 'around') {
    instances = shared.instances.map((i) => i.instanceId);
    cells = narrowedCells(reachBefore, before, shared, narrowing.around, options);
    path = 'narrowed';
  } else {
    // BEFORE's matrix first: an index made by `update` continues the sweeps its parent had made.
    const mb = reachBefore.matrix({ protocol, port });
    const ma = afterIndex().matrix({ protocol, port });
    instances = ma.instances;
    cells = changedCells(mb, ma);
    path = continuesSweep(before, shared) ? 'incremental' : 'two-matrices';
  }
  const gained: GainedPair[] = [];
  const lostCells: Array<[string, string]> = [];
  for (const [s, d, is] of cells) {
    if (is) gained.push({ from: instances[s]!, to: instances[d]! });
    else lostCells.push([instances[s]!, instances[d]!]);
  }
  const va = lostCells.length > 0 || gained.length > 0 ? verdictsOf(afterIndex(), shared) : undefined;
  // Each lost pair was reachable in BEFORE: its trace skips the steps the edit left as they were (unchanged.ts).
  const unchanged =
    lostCells.length > 0 && settings.traces !== 'full' ? unchangedSince(before, changes, protocol) : null;
  // Lost pairs that surely share their blockers are traced once per class (lostClasses.ts).
  const classOf = unchanged === null ? null : lostPairClasses(shared, unchanged);
  const byClass = new Map<string, readonly Blocker[]>();
  let traced = 0;
  const lost: LostPair[] = lostCells.map(([from, to]) => {
    const key = classOf?.(from, to);
    let blockers = key === undefined ? undefined : byClass.get(key);
    if (blockers === undefined) {
      blockers = va!.pair(from, to, protocol, port, unchanged ?? undefined).blockers;
      traced++;
      if (key !== undefined) byClass.set(key, blockers);
    }
    return { from, to, blockers };
  });
  // The causes are for the text report: `diff --json` never reads them, so they are found on first read.
  let vb: Verdicts | undefined;
  const beforeVerdicts = () => (vb ??= verdictsOf(reachBefore, before));
  let lostByCause: readonly LostGroup[] | undefined;
  let gainedByCause: readonly GainedGroup[] | undefined;
  return {
    diff: { gained, lost },
    get lostByCause() {
      return (lostByCause ??= groupLost(before, after, lost, beforeVerdicts(), options));
    },
    get gainedByCause() {
      return (gainedByCause ??= groupGained(gained, beforeVerdicts(), va!, options));
    },
    path,
    tracedLost: traced,
  };
}

/** [source, destination, reachable after], positions in the after document's instances. */
type Cell = [number, number, boolean];

/**
 * The changed pairs among the instances `around` the edit (narrow.ts: every pair that can change
 * is among them), from two matrices of those instances only: each an index of the document with
 * just them (a pair's verdict reads its two instances and the network, never a third instance:
 * intents/verdicts.ts `among` relies on the same). Ordered like the whole matrix's, row by row.
 */
function narrowedCells(
  reachBefore: Reachability,
  before: Topology,
  after: Topology,
  around: ReadonlySet<string>,
  options: DiffOptions,
): Cell[] {
  if (around.size === 0) return [];
  const some = (document: Topology) => document.instances.filter((i) => around.has(i.instanceId));
  const instancesBefore = some(before);
  // The same array when no instance changed: AFTER's sweep then continues BEFORE's (only the
  // route tables, group sets and ACLs the edit touched are painted again).
  const instancesAfter = after.instances === before.instances ? instancesBefore : some(after);
  const subBefore = reachBefore.update({ ...before, instances: instancesBefore });
  const mb = subBefore.matrix(options);
  const ma = subBefore.update({ ...after, instances: instancesAfter }).matrix(options);
  // Where each of AFTER's kept instances sits in the whole document. The matrix keeps the
  // document's order (no duplicated ID here: narrow.ts), so the cells, row by row in the
  // sub-matrix's order, are row by row in the document's order too: no sort.
  const position: number[] = [];
  after.instances.forEach((instance, i) => {
    if (around.has(instance.instanceId)) position.push(i);
  });
  const inOrder =
    position.length === ma.instances.length &&
    ma.instances.every((id, k) => after.instances[position[k]!]!.instanceId === id);
  if (!inOrder) throw new Error('a narrowed matrix does not keep the document order of its instances');
  return changedCells(mb, ma).map(([s, d, is]): Cell => [position[s]!, position[d]!, is]);
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
function changedCells(mb: MatrixResult, ma: MatrixResult): Cell[] {
  const out: Cell[] = [];
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
