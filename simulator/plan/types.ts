/**
 * The plan: an ordered DAG of Alibaba Cloud API calls that makes the live state match a document
 * (apply), or removes what the document describes (teardown), or undoes one run (rollback).
 *
 * A plan is pure data (JSON-serialisable, secret-free) so it can be printed, compared as a golden
 * file, stored in the apply journal and executed later by cloud/apply. Values produced by earlier
 * steps (the ID of a router interface that does not exist yet) appear as `{ "$ref": "<step id>.<Field>" }`.
 */
import type { Permission, RouterInterfaceStatus } from '../document/schema';

/** A reference to an output of an earlier step, e.g. `{ $ref: 'create-ri:…:InitiatingSide:vrt-b.RouterInterfaceId' }`. */
export interface StepRef {
  readonly $ref: string;
}

/** A parameter value: JSON with possible `$ref` placeholders (resolved by the executor). */
export type ParamValue =
  string | number | boolean | StepRef | readonly ParamValue[] | { readonly [key: string]: ParamValue };

export type Params = Readonly<Record<string, ParamValue>>;

/** A string known now, or the output of an earlier step. */
export type ValueRef = string | StepRef;

export function isStepRef(value: unknown): value is StepRef {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    typeof (value as { $ref?: unknown }).$ref === 'string' &&
    Object.keys(value).length === 1
  );
}

/** The step ID and output field named by a reference (`"<step id>.<Field>"`; step IDs may hold dots, fields never do). */
export function parseStepRef(ref: StepRef): { readonly stepId: string; readonly field: string } {
  const dot = ref.$ref.lastIndexOf('.');
  if (dot <= 0) throw new Error(`malformed step reference ${JSON.stringify(ref.$ref)}`);
  return { stepId: ref.$ref.slice(0, dot), field: ref.$ref.slice(dot + 1) };
}

export function stepRef(stepId: string, field: string): StepRef {
  return { $ref: `${stepId}.${field}` };
}

/**
 * What identifies a router interface independently of its ID (which differs between a design and
 * the live cloud): the owner, region and router it sits on, its role and the router it faces.
 * Two interfaces with the same key cannot coexist as a working pair (aliyun-api.md §3.1: one pair
 * of connected RIs between two routers), so the key is a safe match.
 */
export interface RouterInterfaceKey {
  readonly accountId: string;
  readonly regionId: string;
  readonly routerId: string;
  readonly role: 'InitiatingSide' | 'AcceptingSide';
  readonly oppositeRegionId: string;
  /** Absent when the document leaves it open. */
  readonly oppositeRouterId?: string;
  readonly oppositeInterfaceOwnerId?: string;
}

/** Route identity: (route table, destination) — a destination is unique in a table (aliyun-api.md §4.2). */
export interface RouteRef {
  readonly routeTableId: string;
  readonly destinationCidrBlock: string;
  readonly nextHopType: string;
  readonly nextHopId: ValueRef;
}

/**
 * What identifies a VPC peering connection independently of its `pcc-…` ID: the requester's
 * account, region and VPC and the accepter's (aliyun-links.md §1.2: CreateVpcPeerConnection takes
 * exactly these). The API refuses a second connection between two VPCs (`ResourceAlreadyExist.VpcPeer`,
 * §1.9), so the key is a safe match, and a create whose answer was lost is found by it.
 */
export interface VpcPeerKey {
  readonly accountId: string;
  readonly regionId: string;
  readonly vpcId: string;
  readonly acceptingAccountId: string;
  readonly acceptingRegionId: string;
  readonly acceptingVpcId: string;
}

/** A peering connection a step acts on: its live ID, a reference to the step creating it, or (undefined) a key to look it up. */
export interface VpcPeerTarget {
  readonly instanceId: ValueRef | undefined;
  readonly key: VpcPeerKey;
  /** The connection's ID in the desired document (for the ID mapping in the journal). */
  readonly documentId?: string;
}

/** The statuses a wait for a peering connection can end on (aliyun-links.md §1.4). */
export type WaitVpcPeerUntil = 'Accepting' | 'Activated' | 'Deleted';

/**
 * What a step costs. Router interfaces are billed (aliyun-api.md §3.1: API-created RIs are
 * pay-as-you-go, daily); a cross-region peering connection is billed for its data transfer
 * (aliyun-links.md §1.5: Create activates CDT; same-region peering is free).
 */
export interface StepCost {
  readonly kind: 'routerInterface' | 'vpcPeerConnection';
  readonly spec: string;
  /** Mbit/s of the spec; 0 for an acceptor (`Negative`: the initiator's spec decides the bandwidth). */
  readonly bandwidthMbps: number;
  /** Human wording of the billing. */
  readonly billing: string;
  /** True when this interface is charged (initiators); an acceptor is not charged for bandwidth (UNCONFIRMED). */
  readonly charged: boolean;
}

interface StepBase {
  /** Stable ID, derived from natural keys (never from a run), e.g. `create-ri:<account>:<region>:<router>:<role>:<opposite router>`. */
  readonly id: string;
  readonly accountId: string;
  readonly regionId: string;
  readonly product: 'vpc' | 'ecs' | 'vpcpeer';
  /** API action the step calls (for waits: the Describe action it polls). */
  readonly action: string;
  /** API parameters, secret-free; `ClientToken` filled for creates. Waits show their Describe filter. */
  readonly params: Params;
  readonly dependsOn: readonly string[];
  /** One line for a human: what and why. */
  readonly description: string;
  /** True when the step changes the cloud (a wait or a look-up does not). */
  readonly mutating: boolean;
  readonly cost?: StepCost;
}

/** A router interface the step acts on: its live ID, a reference to the step that creates it, or a key to look it up. */
export interface RouterInterfaceTarget {
  readonly routerInterfaceId: ValueRef | undefined;
  readonly key: RouterInterfaceKey;
  /** The interface's ID in the desired document (for the ID mapping in the journal). */
  readonly documentId?: string;
}

export type WaitRouterInterfaceUntil = 'Idle' | 'Active' | 'Inactive' | 'Deleted';

/**
 * A network ACL a step acts on. A created ACL's ID differs from the document's, so vpclink finds
 * its own by `ownerTag` (`vpclink:<document id> <document ACL id>`) in the Description it writes
 * (networkAclChanges.ts): after a lost create answer, on resume, and on destroy and rollback.
 */
export interface NetworkAclTarget {
  /** The live ID, a reference to the create step, or undefined (looked up by tag at run time). */
  readonly networkAclId: ValueRef | undefined;
  readonly vpcId: string;
  /** The ACL's ID in the document (absent: a live ACL found by its tag only). */
  readonly documentId?: string;
  /** Absent for a live ACL vpclink did not create (it is never looked up, created or deleted by tag). */
  readonly ownerTag?: string;
}

/** `Available`: the ACL is Available and every vSwitch of `bound` is BINDED and none of `unbound` is listed. */
export type WaitNetworkAclUntil = 'Available' | 'Deleted';

export type PlanStep =
  | (StepBase & { readonly kind: 'createRouterInterface'; readonly target: RouterInterfaceTarget })
  | (StepBase & {
      readonly kind: 'waitRouterInterface';
      readonly target: RouterInterfaceTarget;
      readonly until: WaitRouterInterfaceUntil;
    })
  | (StepBase & { readonly kind: 'modifyRouterInterfaceAttribute'; readonly target: RouterInterfaceTarget })
  | (StepBase & { readonly kind: 'connectRouterInterface'; readonly target: RouterInterfaceTarget })
  | (StepBase & { readonly kind: 'activateRouterInterface'; readonly target: RouterInterfaceTarget })
  | (StepBase & { readonly kind: 'modifyRouterInterfaceSpec'; readonly target: RouterInterfaceTarget })
  | (StepBase & { readonly kind: 'deactivateRouterInterface'; readonly target: RouterInterfaceTarget })
  | (StepBase & { readonly kind: 'deleteRouterInterface'; readonly target: RouterInterfaceTarget })
  | (StepBase & { readonly kind: 'createRouteEntry'; readonly route: RouteRef; readonly vpcId: string })
  | (StepBase & {
      readonly kind: 'waitRouteEntry';
      readonly route: RouteRef;
      readonly vpcId: string;
      readonly until: 'Available' | 'Deleted';
    })
  | (StepBase & { readonly kind: 'deleteRouteEntry'; readonly route: RouteRef; readonly vpcId: string })
  | (StepBase & {
      readonly kind: 'authorizeSecurityGroup';
      readonly securityGroupId: string;
      readonly direction: 'ingress' | 'egress';
      readonly permissions: readonly Permission[];
    })
  | (StepBase & {
      readonly kind: 'revokeSecurityGroup';
      readonly securityGroupId: string;
      readonly direction: 'ingress' | 'egress';
      readonly permissions: readonly Permission[];
    })
  // VPC peering (aliyun-links.md §1): product `vpcpeer`, steps in peeringChanges.ts.
  | (StepBase & { readonly kind: 'createVpcPeerConnection'; readonly peering: VpcPeerTarget })
  | (StepBase & { readonly kind: 'acceptVpcPeerConnection'; readonly peering: VpcPeerTarget })
  | (StepBase & { readonly kind: 'modifyVpcPeerConnection'; readonly peering: VpcPeerTarget })
  | (StepBase & {
      readonly kind: 'waitVpcPeerConnection';
      readonly peering: VpcPeerTarget;
      readonly until: WaitVpcPeerUntil;
    })
  | (StepBase & { readonly kind: 'deleteVpcPeerConnection'; readonly peering: VpcPeerTarget })
  // Network ACLs (aliyun-dataplane.md §1; networkAclChanges.ts).
  | (StepBase & { readonly kind: 'createNetworkAcl'; readonly acl: NetworkAclTarget })
  | (StepBase & { readonly kind: 'updateNetworkAclEntries'; readonly acl: NetworkAclTarget })
  | (StepBase & {
      readonly kind: 'associateNetworkAcl' | 'unassociateNetworkAcl';
      readonly acl: NetworkAclTarget;
      readonly vSwitchIds: readonly string[];
    })
  | (StepBase & {
      readonly kind: 'waitNetworkAcl';
      readonly acl: NetworkAclTarget;
      readonly until: WaitNetworkAclUntil;
      readonly bound?: readonly string[];
      readonly unbound?: readonly string[];
    })
  | (StepBase & { readonly kind: 'deleteNetworkAcl'; readonly acl: NetworkAclTarget });

/** A network-ACL step (they all carry `acl`). */
export type NetworkAclStep = Extract<PlanStep, { readonly acl: NetworkAclTarget }>;

export function isNetworkAclStep(step: PlanStep): step is NetworkAclStep {
  return 'acl' in step;
}

/** Something that keeps the plan from doing all the document asks, or that the user should know. */
export interface PlanProblem {
  /** UPPER_SNAKE_CASE code (catalogue: PLAN_PROBLEM_CODES). */
  readonly code: PlanProblemCode;
  /** `error`: the plan cannot be applied; `warning`: it can, but leaves this part out. */
  readonly severity: 'error' | 'warning';
  readonly resourceId?: string;
  readonly message: string;
}

export const PLAN_PROBLEM_CODES = {
  RI_PAIR_INCOMPLETE: 'A router interface of the document has no partner in the document; it is left out.',
  RI_PAIR_INCONSISTENT:
    'The two ends of a pair do not point at each other consistently; the plan creates them but cannot connect them.',
  RI_LIVE_CONNECTED_ELSEWHERE:
    'A live router interface with the same router, role and peer router is in a state where its peer cannot be changed.',
  VPC_NOT_LIVE: 'The document names a VPC that the current state does not have; vpclink does not create VPCs.',
  ROUTE_TABLE_NOT_LIVE: 'The document names a route table that the current state does not have.',
  SECURITY_GROUP_NOT_LIVE: 'The document names a security group that the current state does not have.',
  ROUTE_NEXT_HOP_UNKNOWN: 'A route whose next hop is a router interface the document does not contain.',
  ROUTE_REPLACED: 'A live route has the same destination but another next hop; the plan replaces it.',
  PEERING_LIVE_REJECTED:
    'A live peering connection between the same VPCs is Rejected or Expired; the accepter refused it (or never answered), so the plan does not reuse it.',
  PEERING_NEXT_HOP_UNKNOWN:
    'A route whose next hop is a VPC peering connection the document does not contain and the live state does not have.',
  NETWORK_ACL_VSWITCH_NOT_LIVE:
    'A network ACL of the document binds a vSwitch that the current state does not have; vpclink does not create vSwitches.',
  NETWORK_ACL_REBOUND:
    'A vSwitch the document binds to one network ACL is bound to another live ACL that vpclink did not make; the plan moves it (one ACL per vSwitch).',
  PREFIX_LIST_NOT_LIVE:
    'An ACL entry or rule names a prefix list that the current state does not have; vpclink does not create prefix lists.',
  NETWORK_INTERFACE_NOT_MANAGED:
    'The document has an ENI or a secondary private IP that the current state lacks; vpclink does not create or change ENIs (read-only), so the plan leaves it out.',
  INTENT_VIOLATED:
    'The document the plan converges to violates one of its intents; apply refuses unless the user overrides (--allow-intent-violations).',
  CEN_NOT_APPLIED:
    'A CEN resource of the document (instance, transit router, attachment, route table, route, association, ' +
    'propagation) is not live, and vpclink does not create CEN resources; VPC routes toward a transit-router ' +
    'attachment that is not live are left out.',
} as const;
export type PlanProblemCode = keyof typeof PLAN_PROBLEM_CODES;

/** One flow whose verdict the plan changes. */
export interface ReachabilityChange {
  readonly from: string;
  readonly to: string;
  readonly protocol: 'icmp';
  readonly before: FlowVerdict;
  readonly after: FlowVerdict;
}
/** `unknown`: the flow cannot be evaluated on that side (an instance missing from that state). */
export type FlowVerdict = 'reachable' | 'unreachable' | 'unknown';

export interface BillableItem {
  /** What is billed: a router interface, or a cross-region peering connection. */
  readonly kind: StepCost['kind'];
  readonly stepId: string;
  readonly accountId: string;
  readonly regionId: string;
  readonly spec: string;
  readonly bandwidthMbps: number;
  readonly charged: boolean;
  readonly billing: string;
}

export interface PlanSummary {
  readonly steps: number;
  /** Steps that call a mutating API. */
  readonly mutating: number;
  readonly creates: number;
  readonly deletes: number;
  readonly modifies: number;
  readonly waits: number;
}

export type PlanOperation = 'apply' | 'destroy' | 'rollback';

export interface Plan {
  readonly operation: PlanOperation;
  /** Hash of the steps (IDs, params without ClientTokens, dependencies): 16 hex chars. */
  readonly fingerprint: string;
  /** In an order that respects dependencies and reads like the console tutorial. */
  readonly steps: readonly PlanStep[];
  readonly summary: PlanSummary;
  readonly billable: readonly BillableItem[];
  readonly reachabilityDelta: readonly ReachabilityChange[];
  readonly problems: readonly PlanProblem[];
  /** Desired-document RI ID → live ID, for interfaces that already exist (the rest come from create steps). */
  readonly routerInterfaceIds: Readonly<Record<string, string>>;
  /** Desired-document peering ID → live `pcc-…` ID, for connections that already exist. Absent when none. */
  readonly vpcPeerConnectionIds?: Readonly<Record<string, string>>;
}

/** The statuses a plan treats as "connection under way or up" for a pair that already points right. */
export const CONNECTED_OR_CONNECTING: readonly RouterInterfaceStatus[] = [
  'Connecting',
  'AcceptingConnecting',
  'Activating',
  'Active',
];
