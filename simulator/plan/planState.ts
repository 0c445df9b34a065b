/**
 * What the parts of `planChanges` share while they plan one apply: the two documents and their
 * indexes, the steps and problems planned so far, and what one part learns that a later part
 * needs (the router interfaces' and peering connections' values for the routes that point at
 * them, the last route write per VPC). One mutable object, made per plan and dropped after it.
 */
import type { Topology } from '../document/schema';
import { buildTopologyIndex, type TopologyIndex } from '../model';
import { ownerMarker } from './owner';
import type { PlannedPeerings } from './peeringChanges';
import type { PlanProblem, PlanStep, ValueRef } from './types';

export interface PlanState {
  readonly desired: Topology;
  readonly current: Topology;
  readonly d: TopologyIndex;
  readonly c: TopologyIndex;
  /** `vpclink:<document id>` on every rule and route this plan writes (owner.ts). */
  readonly marker: string;
  readonly steps: PlanStep[];
  readonly problems: PlanProblem[];
  /** VPCs whose reachability the plan can change (the reachability delta looks only at these). */
  readonly touchedVpcs: Set<string>;
  /** Document RI ID → live RI ID for interfaces that exist. */
  readonly liveIds: Map<string, string>;
  /** Document RI ID → its live ID or a reference to the step creating it. */
  readonly riValue: Map<string, ValueRef>;
  /** Document RI ID → the step after which the interface is Active (absent: already Active or never). */
  readonly riReadyStep: Map<string, string>;
  /** The document's peering connections as routes see them (peeringChanges.ts). */
  peerings: PlannedPeerings;
  /** VPC → the last route write planned in it (route writes are serialised per VPC, aliyun-api.md §4.2). */
  readonly lastRouteInVpc: Map<string, string>;
}

export function newPlanState(desired: Topology, current: Topology): PlanState {
  return {
    desired,
    current,
    d: buildTopologyIndex(desired),
    c: buildTopologyIndex(current),
    marker: ownerMarker(desired),
    steps: [],
    problems: [],
    touchedVpcs: new Set(),
    liveIds: new Map(),
    riValue: new Map(),
    riReadyStep: new Map(),
    peerings: { values: new Map(), ready: new Map(), liveIds: new Map(), blocked: new Set() },
    lastRouteInVpc: new Map(),
  };
}

/** Appends a step to the plan; returns its ID (what later steps depend on). */
export function pushStep(state: PlanState, step: PlanStep): string {
  state.steps.push(step);
  return step.id;
}
