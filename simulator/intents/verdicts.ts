/**
 * The one place intents, diff and export-free guards talk to simulator/reach. Everything they need
 * from the simulator goes through `createVerdicts`, so when reach grows (ENIs and addresses as
 * `--from`, the `undetermined` verdict, the matrix's `undetermined` list: topology-format.md §4.3)
 * only this adapter changes.
 */
import type { Topology } from '../document/schema';
import {
  createReachability,
  isFlowInputError,
  isReachable,
  protocolInputError,
  type Blocker,
  type CheckResult,
  type FlowInputError,
  type Protocol,
  type Reachability,
} from '../reach';

export type { Blocker, CheckResult, Protocol };
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
  /** The verdict and blockers of one flow; an end the simulator cannot take yet is `undetermined`. */
  pair(from: string, to: string, protocol: Protocol, port: number | null): PairVerdict;
  /** The matrix for one protocol and port, computed once per (protocol, port). */
  matrix(protocol: Protocol, port: number | null): VerdictMatrix;
}

export { isFlowInputError, protocolInputError };

export function createVerdicts(document: Topology): Verdicts {
  return verdictsOf(createReachability(document));
}

/** The adapter over a reachability index the caller already has (e.g. one made by `update`). */
export function verdictsOf(reach: Reachability): Verdicts {
  const matrices = new Map<string, VerdictMatrix>();
  const check = (from: string, to: string, protocol: Protocol, port: number | null) =>
    reach.check({ from, to, protocol, port });
  return {
    check,
    pair(from, to, protocol, port) {
      const result = check(from, to, protocol, port);
      if (isFlowInputError(result)) {
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
      return { verdict: verdictOf(result), blockers: result.blockers };
    },
    matrix(protocol, port) {
      const key = `${protocol}/${port ?? ''}`;
      let matrix = matrices.get(key);
      if (matrix === undefined) {
        const result = reach.matrix({ protocol, port });
        const positions = new Map<string, number>();
        result.instances.forEach((id, i) => {
          if (!positions.has(id)) positions.set(id, i);
        });
        // Undetermined pairs (§4.3) are `false` in `reachable` and listed apart.
        const undetermined = new Set<number>();
        const listed = (result as { readonly undetermined?: ReadonlyArray<readonly [number, number]> }).undetermined;
        const n = result.instances.length;
        for (const [s, d] of listed ?? []) undetermined.add(s * n + d);
        matrix = {
          instances: result.instances,
          position: (id) => positions.get(id),
          verdictAt: (s, d) =>
            isReachable(result, s, d) ? 'reachable' : undetermined.has(s * n + d) ? 'undetermined' : 'unreachable',
        };
        matrices.set(key, matrix);
      }
      return matrix;
    },
  };
}

/** The verdict of a check (`undetermined` once reach reports it, §4.3). */
export function verdictOf(result: CheckResult): Verdict {
  return (result as { readonly verdict: string }).verdict as Verdict;
}
