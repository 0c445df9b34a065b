/**
 * Whether a router interface and its opposite point at each other consistently — the condition
 * for ConnectRouterInterface to succeed (aliyun-api.md §3.4) and, in a design without a live
 * `status`, the rule for the state the plan will reach (topology-format.md §2).
 */
import type { RouterInterface, RouterInterfaceStatus } from '../document/schema';
import type { TopologyIndex } from './topologyIndex';

/** What the pairing rules read: the router interfaces by ID (a topology index, or validation's lookups). */
type RouterInterfaceLookup = Pick<TopologyIndex, 'routerInterfaces'>;

export type PairingProblemKind =
  | 'OPPOSITE_NOT_SET'
  | 'OPPOSITE_UNKNOWN'
  | 'OPPOSITE_POINTS_ELSEWHERE'
  | 'OPPOSITE_ROUTER_MISMATCH'
  | 'OPPOSITE_REGION_MISMATCH'
  | 'OPPOSITE_OWNER_MISMATCH'
  | 'OPPOSITE_ROUTER_TYPE_MISMATCH'
  | 'ROLES_NOT_COMPLEMENTARY'
  | 'SAME_ROUTER';

export interface PairingProblem {
  readonly kind: PairingProblemKind;
  /** The interface whose field is wrong. */
  readonly routerInterfaceId: string;
  /** The field of that interface (document name), when one field is to blame. */
  readonly field?: keyof RouterInterface;
  readonly expected?: string;
  readonly actual?: string;
  readonly message: string;
}

/**
 * Problems with the pair `ri` ↔ its opposite, from `ri`'s point of view (its own fields and the
 * opposite's back-pointer). An absent `oppositeRouterType` counts as `VRouter` (apply always
 * sends it explicitly) and an absent `oppositeInterfaceOwnerId` as the interface's own account
 * (what terraform does for same-account pairs).
 */
export function pairingProblems(ri: RouterInterface, index: RouterInterfaceLookup): PairingProblem[] {
  const id = ri.routerInterfaceId;
  if (ri.oppositeInterfaceId === undefined) {
    return [
      {
        kind: 'OPPOSITE_NOT_SET',
        routerInterfaceId: id,
        field: 'oppositeInterfaceId',
        message: `${id} has no oppositeInterfaceId: it was never given its peer's details`,
      },
    ];
  }
  const opposite = index.routerInterfaces.get(ri.oppositeInterfaceId);
  if (!opposite) {
    return [
      {
        kind: 'OPPOSITE_UNKNOWN',
        routerInterfaceId: id,
        field: 'oppositeInterfaceId',
        actual: ri.oppositeInterfaceId,
        message: `${id} points at ${ri.oppositeInterfaceId}, which is not in the document`,
      },
    ];
  }
  const problems: PairingProblem[] = [];
  const mismatch = (
    kind: PairingProblemKind,
    field: keyof RouterInterface,
    expected: string,
    actual: string | undefined,
    what: string,
  ) => {
    if (actual !== expected) {
      problems.push({
        kind,
        routerInterfaceId: id,
        field,
        expected,
        actual,
        message: `${id}.${String(field)} is ${actual === undefined ? 'not set' : JSON.stringify(actual)} but ${what} is ${JSON.stringify(expected)}`,
      });
    }
  };
  if (opposite.oppositeInterfaceId !== id) {
    problems.push({
      kind: opposite.oppositeInterfaceId === undefined ? 'OPPOSITE_NOT_SET' : 'OPPOSITE_POINTS_ELSEWHERE',
      routerInterfaceId: opposite.routerInterfaceId,
      field: 'oppositeInterfaceId',
      expected: id,
      actual: opposite.oppositeInterfaceId,
      message:
        opposite.oppositeInterfaceId === undefined
          ? `${opposite.routerInterfaceId} has no oppositeInterfaceId: it was never given ${id}'s details`
          : `${opposite.routerInterfaceId} points at ${opposite.oppositeInterfaceId}, not back at ${id}`,
    });
  }
  mismatch(
    'OPPOSITE_ROUTER_MISMATCH',
    'oppositeRouterId',
    opposite.routerId,
    ri.oppositeRouterId,
    `${opposite.routerInterfaceId}'s router`,
  );
  mismatch(
    'OPPOSITE_REGION_MISMATCH',
    'oppositeRegionId',
    opposite.regionId,
    ri.oppositeRegionId,
    `${opposite.routerInterfaceId}'s region`,
  );
  mismatch(
    'OPPOSITE_OWNER_MISMATCH',
    'oppositeInterfaceOwnerId',
    opposite.accountId,
    ri.oppositeInterfaceOwnerId ?? ri.accountId,
    `${opposite.routerInterfaceId}'s account`,
  );
  mismatch(
    'OPPOSITE_ROUTER_TYPE_MISMATCH',
    'oppositeRouterType',
    opposite.routerType,
    ri.oppositeRouterType ?? 'VRouter',
    `${opposite.routerInterfaceId}'s router type`,
  );
  if (ri.role === opposite.role) {
    problems.push({
      kind: 'ROLES_NOT_COMPLEMENTARY',
      routerInterfaceId: id,
      field: 'role',
      actual: ri.role,
      message: `${id} and ${opposite.routerInterfaceId} are both ${ri.role}: one must be InitiatingSide, the other AcceptingSide`,
    });
  }
  if (ri.routerId === opposite.routerId) {
    problems.push({
      kind: 'SAME_ROUTER',
      routerInterfaceId: id,
      field: 'routerId',
      actual: ri.routerId,
      message: `${id} and ${opposite.routerInterfaceId} are on the same router ${ri.routerId}: an interface cannot connect to its own router`,
    });
  }
  return problems;
}

/** Problems seen from both ends: a pair is consistent only if both ends agree. */
export function pairProblems(ri: RouterInterface, index: RouterInterfaceLookup): PairingProblem[] {
  const own = pairingProblems(ri, index);
  const opposite = ri.oppositeInterfaceId ? index.routerInterfaces.get(ri.oppositeInterfaceId) : undefined;
  if (!opposite || opposite.oppositeInterfaceId !== ri.routerInterfaceId) return own;
  const seen = new Set(own.map((p) => `${p.routerInterfaceId}/${p.kind}/${String(p.field)}`));
  return [
    ...own,
    ...pairingProblems(opposite, index).filter((p) => !seen.has(`${p.routerInterfaceId}/${p.kind}/${String(p.field)}`)),
  ];
}

/**
 * `pairingProblems(ri, index).length === 0` without building a single message: the same
 * conditions, for hot paths (validating or tracing estates with thousands of interfaces).
 * test/simulator/validate/largeEstate.test.ts pins the two together.
 */
export function isPairingConsistent(ri: RouterInterface, index: RouterInterfaceLookup): boolean {
  if (ri.oppositeInterfaceId === undefined) return false;
  const opposite = index.routerInterfaces.get(ri.oppositeInterfaceId);
  return (
    opposite !== undefined &&
    opposite.oppositeInterfaceId === ri.routerInterfaceId &&
    ri.oppositeRouterId === opposite.routerId &&
    ri.oppositeRegionId === opposite.regionId &&
    (ri.oppositeInterfaceOwnerId ?? ri.accountId) === opposite.accountId &&
    (ri.oppositeRouterType ?? 'VRouter') === opposite.routerType &&
    ri.role !== opposite.role &&
    ri.routerId !== opposite.routerId
  );
}

/**
 * The status the simulator uses: the live `status` when the document has one (an import),
 * otherwise the state a plan reaches: `Active` for a consistent pair (both ends consistent, i.e.
 * `pairProblems` is empty), `Idle` otherwise.
 */
export function effectiveRouterInterfaceStatus(
  ri: RouterInterface,
  index: RouterInterfaceLookup,
): RouterInterfaceStatus {
  if (ri.status !== undefined) return ri.status;
  if (!isPairingConsistent(ri, index)) return 'Idle';
  return isPairingConsistent(index.routerInterfaces.get(ri.oppositeInterfaceId!)!, index) ? 'Active' : 'Idle';
}
