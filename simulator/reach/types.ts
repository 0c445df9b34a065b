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
import type { JsonPatch } from './jsonPatch';

/** `all` means every IP protocol and every port (see securityGroups.ts for the exact rule). */
export type Protocol = 'icmp' | 'tcp' | 'udp' | 'all';

/**
 * A flow to check (topology-format.md §4.3). `from` is an instance ID, an ENI ID or a private
 * IPv4 address an instance or ENI holds; `to` the same or any IPv4 address; `port` only for
 * tcp/udp. `sourcePort` (tcp/udp) is the client's port; absent, the client uses any port of the
 * ephemeral range 32768–60999, and every one of them must work.
 */
export interface FlowSpec {
  readonly from: string;
  readonly to: string;
  readonly protocol: Protocol;
  readonly port: number | null;
  readonly sourcePort?: number | null;
}

/** Bad input (CLI exit 2): the field is the argument to blame. */
export type FlowInputError = {
  readonly kind: 'input-error';
  readonly field: 'from' | 'to' | 'protocol' | 'port' | 'source-port';
  readonly message: string;
};

export type Direction = 'forward' | 'return';

export type ResourceType =
  | 'instance'
  | 'networkInterface'
  | 'securityGroup'
  | 'networkAcl'
  | 'vSwitch'
  | 'routeTable'
  | 'routerInterface'
  | 'vpcPeerConnection'
  | 'transitRouterAttachment'
  | 'transitRouter'
  | 'vpc';

/**
 * What happened at a hop. ORIGINATED: the packet leaves its sender. PERMITTED / DENIED: a
 * security group decided. MATCHED_SESSION: a reply passes a stateful security group without a
 * rule. FORWARDED: a route, router interface or VPC passed it on. RECEIVED: it entered a peer
 * VPC. DELIVERED: it reached the destination. NO_ROUTE: no usable route. DROPPED: dropped for
 * another reason (inactive interface, unknown destination …). NOT_SIMULATED: the route leads to
 * a next hop vpclink does not model; the path ends there, undetermined. NOT_EVALUATED: a step
 * skipped. SKIPPED: a network ACL that does not apply (both addresses in its vSwitch).
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
  | 'NOT_SIMULATED'
  | 'NOT_EVALUATED'
  | 'SKIPPED';

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
  /** The peer as written: a CIDR, `group sg-…` or `prefix list pl-…`. */
  readonly peer: string;
}

/** A network-ACL entry that decided a hop. Implied entries (service allows, deny-all) have no path. */
export interface AclEntryRef {
  readonly networkAclId: string;
  readonly direction: 'ingress' | 'egress';
  /** Index in the ACL's entry list; -1 for an implied entry. */
  readonly index: number;
  /** JSON Pointer, e.g. `/networkAcls/0/ingressAclEntries/2`; absent for implied entries. */
  readonly path?: string;
  /** `custom`, `service` or `system` (implied ones are `service` or `system`). */
  readonly entryType: string;
  readonly policy: 'accept' | 'drop';
  readonly protocol: string;
  readonly port: string;
  /** The address the entry matches (source for ingress, destination for egress) as written. */
  readonly cidr: string;
  readonly name?: string;
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

/** The transit-router route that decided a transit-router hop (README "CEN transit routers"). */
export interface TransitRouterRouteRef {
  readonly transitRouterRouteTableId: string;
  readonly destinationCidrBlock: string;
  /** `Attachment` or `BlackHole`. */
  readonly nextHopType: string;
  readonly nextHopId: string | null;
  /** `Static`, or `Propagated` (an imported learned entry, or one vpclink derives from a propagation). */
  readonly type: string;
  /** JSON Pointer to the entry; absent for a route vpclink derives from a propagation. */
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
  | (HopBase & { readonly resourceType: 'networkInterface'; readonly address: string | null })
  | (HopBase & {
      readonly resourceType: 'networkAcl';
      readonly direction: 'ingress' | 'egress';
      readonly vSwitchId: string;
      /** `entry` (a listed entry), `implied` (a service allow or the deny-all), `skipped`. */
      readonly decidedBy: 'entry' | 'implied' | 'skipped';
      readonly entry: AclEntryRef | null;
    })
  | (HopBase & { readonly resourceType: 'vpcPeerConnection'; readonly status: string })
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
  | (HopBase & {
      readonly resourceType: 'transitRouterAttachment';
      readonly status: string;
      readonly transitRouterId: string;
    })
  | (HopBase & {
      readonly resourceType: 'transitRouter';
      /** The route table associated with the attachment the packet entered by; null when there is none. */
      readonly transitRouterRouteTableId: string | null;
      readonly destination: string;
      readonly route: TransitRouterRouteRef | null;
    })
  | (HopBase & { readonly resourceType: 'vpc' })
  | (HopBase & { readonly resourceType: 'vSwitch'; readonly cidrBlock: string });

export interface Trace {
  /** UNDETERMINED: the path reached a next hop vpclink does not model (and nothing dropped it). */
  readonly disposition: 'DELIVERED' | 'DROPPED' | 'UNDETERMINED' | 'NOT_EVALUATED';
  readonly hops: readonly Hop[];
}

/**
 * One reason the flow fails, with the resource to change, a concrete suggestion and, where one
 * exists, `fix`: an RFC 6902 JSON Patch against the document that removes this blocker without
 * creating an error finding (topology-format.md §4.3). Security-group and ACL blockers say
 * whether an explicit drop rule decided (`rulePath` names it) or the default deny did; ACL
 * blockers of a TCP/UDP reply list the client `ports` that fail.
 */
export interface Blocker {
  readonly direction: Direction;
  readonly code: string;
  readonly resourceId: string;
  readonly message: string;
  readonly suggestion: string;
  readonly cause?: 'EXPLICIT_DROP' | 'DEFAULT_DENY';
  readonly rulePath?: string;
  readonly ports?: string;
  readonly fix?: JsonPatch;
}

/** `check --json` exactly (topology-format.md §3.2). */
export interface CheckResult {
  /** `undetermined`: no definite blocker, but the path leaves what vpclink models (topology-format.md §4.3). */
  readonly verdict: 'reachable' | 'unreachable' | 'undetermined';
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
  /** [row, col] of every pair whose verdict is undetermined (false in `reachable`). */
  readonly undetermined: readonly (readonly [number, number])[];
}

/** A flow's verdict and blockers: `check` without the hops (what `assert` and `diff` report). */
export interface FlowVerdict {
  readonly verdict: CheckResult['verdict'];
  readonly blockers: readonly Blocker[];
}

/**
 * What a caller knows of a flow between two holders: it was `reachable` in an earlier version of
 * the document that differs from this one only in route tables' entries, security groups' rules,
 * InnerAccessPolicy and names, and network ACLs, and these say which of those parts are the same
 * (a diff's lost pair: simulator/diff/unchanged.ts). A step of the trace that reads only unchanged
 * parts gives what it gave then — no drop, no blocker — so `verdict` skips it (steps read nothing
 * of the trace they write to: steps/recorder.ts). Never with transit routers.
 */
export interface UnchangedSince {
  /** True when the network ACLs (entries and bindings) are the same. */
  readonly networkAcls: boolean;
  routeTable(routeTableId: string): boolean;
  securityGroup(securityGroupId: string): boolean;
}

export interface Reachability {
  check(flow: FlowSpec): CheckResult | FlowInputError;
  /**
   * The verdict and blockers `check` gives, equal value for value, from the same trace with its
   * hops not written down: cheaper where thousands of flows need their blockers only.
   */
  verdict(flow: FlowSpec, unchanged?: UnchangedSince): FlowVerdict | FlowInputError;
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
  /**
   * True when `check` of a flow from `from` to `to` (instance or ENI IDs, distinct, placed) is surely
   * `unreachable` whatever the protocol, because the source's route table has no route at all for
   * the destination's address (NO_ROUTE or ROUTE_TABLE_MISSING, definite blockers): one lookup, no
   * trace. False when unsure (it may still be unreachable). Never true with transit routers.
   */
  surelyNoRoute(from: string, to: string): boolean;
}
