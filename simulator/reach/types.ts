/**
 * The values of a reachability check (topology-format.md §3.2) and of the matrix (§3.3).
 *
 * A trace is a list of hops (after Batfish's `Trace(disposition, hops)` and GCP Connectivity
 * Tests' steps): each hop names the resource the packet passes, the rule or route that decided
 * it, a machine action, a human description and whether it drops the packet. Hops evaluated
 * after an earlier drop — "what would happen next if that were fixed" — are marked
 * `hypothetical`, so one run lists every blocker.
 */
import type { Topology } from '../document/schema';

/** `all` means every IP protocol and every port (see securityGroups.ts for the exact rule). */
export type Protocol = 'icmp' | 'tcp' | 'udp' | 'all';

/** A flow to check. `to` is an instance ID or an IPv4 address; `port` only for tcp/udp. */
export interface FlowSpec {
  readonly from: string;
  readonly to: string;
  readonly protocol: Protocol;
  readonly port: number | null;
}

/** Bad input (CLI exit 2): the field is the argument to blame. */
export type FlowInputError = {
  readonly kind: 'input-error';
  readonly field: 'from' | 'to' | 'protocol' | 'port';
  readonly message: string;
};

export type Direction = 'forward' | 'return';

export type ResourceType = 'instance' | 'securityGroup' | 'vSwitch' | 'routeTable' | 'routerInterface' | 'vpc';

/**
 * What happened at a hop. ORIGINATED: the packet leaves its sender. PERMITTED / DENIED: a
 * security group decided. MATCHED_SESSION: a reply passes a stateful security group without a
 * rule. FORWARDED: a route, router interface or VPC passed it on. RECEIVED: it entered a peer
 * VPC. DELIVERED: it reached the destination. NO_ROUTE: no usable route. DROPPED: dropped for
 * another reason (inactive interface, unsupported next hop …). NOT_EVALUATED: a step skipped
 * (e.g. security groups of an address that is no instance of the document).
 */
export type HopAction =
  | 'ORIGINATED'
  | 'PERMITTED'
  | 'DENIED'
  | 'MATCHED_SESSION'
  | 'FORWARDED'
  | 'RECEIVED'
  | 'DELIVERED'
  | 'NO_ROUTE'
  | 'DROPPED'
  | 'NOT_EVALUATED';

/** A security-group rule that decided a hop, located in the document. */
export interface RuleRef {
  readonly securityGroupId: string;
  /** Index in the group's `permissions`. */
  readonly index: number;
  /** JSON Pointer to the rule, e.g. `/securityGroups/0/permissions/2`. */
  readonly path: string;
  readonly direction: 'ingress' | 'egress';
  readonly ipProtocol: string;
  readonly portRange: string;
  readonly policy: 'Accept' | 'Drop';
  readonly priority: number;
  /** The peer as written: a CIDR or `group sg-…`. */
  readonly peer: string;
}

/** The route that decided a routing hop. System routes are the implied vSwitch routes. */
export interface RouteRef {
  readonly routeTableId: string;
  readonly destinationCidrBlock: string;
  /** `Local` for an implied system route to a vSwitch (the API's spelling is UNCONFIRMED, aliyun-api.md §4.1). */
  readonly nextHopType: string;
  readonly nextHopId: string;
  readonly system: boolean;
  readonly status: string;
  /** JSON Pointer to the entry; absent for implied system routes. */
  readonly path?: string;
}

interface HopBase {
  readonly resourceId: string;
  readonly action: HopAction;
  readonly description: string;
  /** True when this hop drops the packet. */
  readonly causesDrop: boolean;
  /** True when an earlier hop already dropped the packet: evaluated as if that were fixed. */
  readonly hypothetical: boolean;
}

export type SecurityGroupDecisionKind = 'rule' | 'innerAccessPolicy' | 'default' | 'session' | 'notEvaluated';

export type Hop =
  | (HopBase & { readonly resourceType: 'instance'; readonly address: string | null })
  | (HopBase & {
      readonly resourceType: 'securityGroup';
      readonly direction: 'ingress' | 'egress';
      /** Every group of the instance (their rules are pooled). */
      readonly securityGroupIds: readonly string[];
      readonly decidedBy: SecurityGroupDecisionKind;
      readonly rule: RuleRef | null;
    })
  | (HopBase & { readonly resourceType: 'routeTable'; readonly destination: string; readonly route: RouteRef | null })
  | (HopBase & {
      readonly resourceType: 'routerInterface';
      readonly status: string;
      readonly oppositeInterfaceId: string | null;
    })
  | (HopBase & { readonly resourceType: 'vpc' })
  | (HopBase & { readonly resourceType: 'vSwitch'; readonly cidrBlock: string });

export interface Trace {
  readonly disposition: 'DELIVERED' | 'DROPPED' | 'NOT_EVALUATED';
  readonly hops: readonly Hop[];
}

/** One reason the flow fails, with the resource to change and a concrete fix. */
export interface Blocker {
  readonly direction: Direction;
  readonly code: string;
  readonly resourceId: string;
  readonly message: string;
  readonly suggestion: string;
}

/** `check --json` exactly (topology-format.md §3.2). */
export interface CheckResult {
  readonly verdict: 'reachable' | 'unreachable';
  readonly flow: FlowSpec;
  readonly forward: Trace;
  readonly return: Trace;
  readonly blockers: readonly Blocker[];
}

/** `matrix --json` exactly (topology-format.md §3.3): row = source, column = destination. */
export interface MatrixResult {
  readonly protocol: Protocol;
  readonly port: number | null;
  readonly instances: readonly string[];
  readonly reachable: readonly (readonly boolean[])[];
}

export interface Reachability {
  check(flow: FlowSpec): CheckResult | FlowInputError;
  /**
   * Verdict of every ordered pair of instances, in document order. The options must be valid
   * (see `protocolInputError`); invalid ones are a caller bug and throw a RangeError.
   */
  matrix(options: { readonly protocol: Protocol; readonly port: number | null }): MatrixResult;
  /**
   * The reachability of an edited version of the document. Reuses what the edit did not touch,
   * recognised by identity: pass a document made by immutable updates (untouched arrays and
   * objects shared with the previous one). Gives exactly what `createReachability(next)` gives.
   */
  update(next: Topology): Reachability;
}
