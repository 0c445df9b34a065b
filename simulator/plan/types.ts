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

/** What a step costs. Router interfaces are billed (aliyun-api.md §3.1: API-created RIs are pay-as-you-go, daily). */
export interface StepCost {
  readonly kind: 'routerInterface';
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
  readonly product: 'vpc' | 'ecs';
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
    });

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
  INTENT_VIOLATED:
    'The document the plan converges to violates one of its intents; apply refuses unless the user overrides (--allow-intent-violations).',
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
}

/** The statuses a plan treats as "connection under way or up" for a pair that already points right. */
export const CONNECTED_OR_CONNECTING: readonly RouterInterfaceStatus[] = [
  'Connecting',
  'AcceptingConnecting',
  'Activating',
  'Active',
];
