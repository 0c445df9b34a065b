/**
 * The one place intents, diff and export-free guards talk to simulator/reach. Everything they need
 * from the simulator goes through `createVerdicts`, so when reach grows (ENIs and addresses as
 * `--from`, the `undetermined` verdict, the matrix's `undetermined` list: topology-format.md §4.3)
 * only this adapter changes.
 */
import type { Topology } from '../document/schema';
import { transitRouterUse } from '../model/cenIndex';
import {
  createReachability,
  isReachable,
  protocolInputError,
  type Blocker,
  type CheckResult,
  type FlowInputError,
  type MatrixResult,
  type Protocol,
  type Reachability,
  type UnchangedSince,
} from '../reach';

export type { Blocker, CheckResult, Protocol, UnchangedSince };
export type Verdict = 'reachable' | 'unreachable' | 'undetermined';

export interface PairVerdict {
  readonly verdict: Verdict;
  readonly blockers: readonly Blocker[];
}

/** A whole matrix as a lookup: the verdict of every ordered pair of the document's instances. */
export interface VerdictMatrix {
  readonly instances: readonly string[];
  /** Position of an instance in `instances`, or undefined. */
  position(instanceId: string): number | undefined;
  verdictAt(source: number, destination: number): Verdict;
}

export interface Verdicts {
  /** `check` of one flow, or the input error naming the field. */
  check(from: string, to: string, protocol: Protocol, port: number | null): CheckResult | FlowInputError;
  /**
   * The verdict and blockers of one flow; an end the simulator cannot take yet is `undetermined`.
   * `unchanged`: the flow was reachable in an earlier version of the document (reach `UnchangedSince`).
   */
  pair(from: string, to: string, protocol: Protocol, port: number | null, unchanged?: UnchangedSince): PairVerdict;
  /** The matrix for one protocol and port, computed once per (protocol, port). */
  matrix(protocol: Protocol, port: number | null): VerdictMatrix;
  /**
   * The verdicts among some instances only (the ends of a few group intents), at a cost that grows
   * with their number rather than with the whole estate's; the whole matrix when they are most of
   * it. Undefined when the matrix would be a `check` of every pair (see `sweepsCheaply`): then a
   * `check` of each pair asked is the cheaper way.
   */
  among(instanceIds: ReadonlySet<string>, protocol: Protocol, port: number | null): VerdictMatrix | undefined;
  /**
   * True when the flow is surely `unreachable` for every protocol and port because the source's
   * route table has no route at all for the destination (one lookup, no trace); false when unsure.
   */
  surelyUnreachable(from: string, to: string): boolean;
}

export { protocolInputError };

export function createVerdicts(document: Topology): Verdicts {
  return verdictsOf(createReachability(document), document);
}

/** The adapter over a reachability index the caller already has (e.g. one made by `update`) of `document`. */
export function verdictsOf(reach: Reachability, document: Topology): Verdicts {
  const matrices = new Map<string, VerdictMatrix>();
  const subsets = new Map<string, Reachability>();
  let sweeps: boolean | undefined;
  const check = (from: string, to: string, protocol: Protocol, port: number | null) =>
    reach.check({ from, to, protocol, port });
  const matrix = (protocol: Protocol, port: number | null): VerdictMatrix => {
    const key = `${protocol}/${port ?? ''}`;
    let found = matrices.get(key);
    if (found === undefined) {
      found = verdictMatrixOf(reach.matrix({ protocol, port }));
      matrices.set(key, found);
    }
    return found;
  };
  return {
    check,
    pair(from, to, protocol, port, unchanged) {
      // The blockers only: the same trace as `check`, without writing its hops down.
      const result = reach.verdict({ from, to, protocol, port }, unchanged);
      if ('kind' in result) {
        // The end resolved in the document (an ENI, a secondary address) but this simulator does
        // not take it as a flow end: vpclink cannot know, so it says so (never a guess).
        return {
          verdict: 'undetermined',
          blockers: [
            {
              direction: 'forward',
              code: 'ENDPOINT_NOT_SIMULATED',
              resourceId: result.field === 'from' ? from : to,
              message: `the simulator cannot take ${result.field === 'from' ? from : to} as the ${result.field} of a flow: ${result.message}`,
              suggestion: 'state the intent with instance IDs or group IDs',
            },
          ],
        };
      }
      return { verdict: result.verdict, blockers: result.blockers };
    },
    matrix,
    surelyUnreachable: (from, to) => reach.surelyNoRoute(from, to),
    among(instanceIds, protocol, port) {
      if (!(sweeps ??= sweepsCheaply(document))) return undefined;
      if (instanceIds.size * 2 >= document.instances.length) return matrix(protocol, port);
      // The matrix of the same document with only these instances. A pair's verdict reads the two
      // instances and the network around them, never a third instance (ENIs and addresses are no
      // rows of a matrix), so it is the same as in the whole matrix; the index is an `update`
      // (routing, ACLs and compiled rule sets are reused) of one with a few instances, made once
      // per set of instances (intents often check the same tiers on several ports).
      const key = [...instanceIds].sort().join('\u0000');
      let sub = subsets.get(key);
      if (sub === undefined) {
        // The first instance of a duplicated ID is the one the simulator keeps, so it is the one kept here.
        const seen = new Set<string>();
        const instances = document.instances.filter((instance) => {
          if (seen.has(instance.instanceId)) return false;
          seen.add(instance.instanceId);
          return instanceIds.has(instance.instanceId);
        });
        sub = reach.update({ ...document, instances });
        subsets.set(key, sub);
      }
      return verdictMatrixOf(sub.matrix({ protocol, port }));
    },
  };
}

/**
 * Whether a matrix is computed by the sweep over route tables and security-group sets
 * (simulator/reach/matrix.ts `sweepIsExact`) rather than by a `check` of every pair: the sweep does
 * not take routes into a CEN transit router yet. Conservative (an `Attachment` next hop anywhere):
 * a wrong "no" costs time only, never a verdict.
 */
function sweepsCheaply(document: Topology): boolean {
  return transitRouterUse(document) === null;
}

function verdictMatrixOf(result: MatrixResult): VerdictMatrix {
  const positions = new Map<string, number>();
  result.instances.forEach((id, i) => {
    if (!positions.has(id)) positions.set(id, i);
  });
  // Undetermined pairs (§4.3) are `false` in `reachable` and listed apart.
  const undetermined = new Set<number>();
  const listed = (result as { readonly undetermined?: ReadonlyArray<readonly [number, number]> }).undetermined;
  const n = result.instances.length;
  for (const [s, d] of listed ?? []) undetermined.add(s * n + d);
  return {
    instances: result.instances,
    position: (id) => positions.get(id),
    verdictAt: (s, d) =>
      isReachable(result, s, d) ? 'reachable' : undetermined.has(s * n + d) ? 'undetermined' : 'unreachable',
  };
}
