/**
 * Shared machinery of the three planners: collecting steps, finishing a plan (fingerprint,
 * ClientTokens, summary, billing) and the wording of costs.
 */
import { RI_SPEC_BANDWIDTH_MBPS, type Topology } from '../document/schema';
import { canonicalJson, clientTokenFor, hash64 } from './hash';
import { reachabilityDelta } from './delta';
import type { BillableItem, Plan, PlanOperation, PlanProblem, PlanStep, PlanSummary, StepCost } from './types';

/** Kinds whose API takes a ClientToken (aliyun-api.md §3.2, §3.6, §3.7, §4.2, §5.4). */
const TOKEN_KINDS: ReadonlySet<PlanStep['kind']> = new Set([
  'createRouterInterface',
  'createRouteEntry',
  'authorizeSecurityGroup',
  'modifyRouterInterfaceSpec',
  'deleteRouterInterface',
  // aliyun-links.md §1.2: every mutating VpcPeer call takes one.
  'createVpcPeerConnection',
  'acceptVpcPeerConnection',
  'modifyVpcPeerConnection',
  'deleteVpcPeerConnection',
  // aliyun-dataplane.md §1.1: CreateNetworkAcl and UpdateNetworkAclEntries take a ClientToken.
  'createNetworkAcl',
  'updateNetworkAclEntries',
]);

export const BILLING_TEXT = 'billed per day (pay-as-you-go)';

/** The cost of one router interface (aliyun-api.md §3.1/§3.2: API-created RIs are pay-as-you-go, billed daily; bandwidth by spec). */
export function routerInterfaceCost(spec: string): StepCost {
  const bandwidth = (RI_SPEC_BANDWIDTH_MBPS as Record<string, number>)[spec] ?? 0;
  if (spec === 'Negative') {
    // The acceptor's bandwidth is decided by the initiator (console tutorial, Step 2); whether an
    // acceptor interface itself is charged is UNCONFIRMED, so it is listed but not counted.
    return {
      kind: 'routerInterface',
      spec,
      bandwidthMbps: 0,
      billing:
        'acceptor: bandwidth set by the initiator; Alibaba Cloud does not document whether an acceptor is billed',
      charged: false,
    };
  }
  return { kind: 'routerInterface', spec, bandwidthMbps: bandwidth, billing: BILLING_TEXT, charged: true };
}

export interface FinishInput {
  readonly operation: PlanOperation;
  readonly steps: readonly PlanStep[];
  readonly problems: readonly PlanProblem[];
  readonly routerInterfaceIds: Readonly<Record<string, string>>;
  /** Desired-document peering ID → live ID (left out of the plan when empty). */
  readonly vpcPeerConnectionIds?: Readonly<Record<string, string>>;
  /** Documents to compare for the reachability delta (before = current, after = what the plan reaches); omit to skip. */
  readonly delta?: { readonly before: Topology; readonly after: Topology; readonly touchedVpcIds: ReadonlySet<string> };
  /** Mixed into ClientTokens (see PlanOptions.tokenSalt). */
  readonly tokenSalt?: string;
}

export function finishPlan(input: FinishInput): Plan {
  assertTopologicalOrder(input.steps);
  const fingerprint = hash64(canonicalJson({ operation: input.operation, steps: input.steps }));
  // Tokens are fixed by (fingerprint, salt, step ID): a retry or a resumed run (same journal, same
  // plan) sends the same token; a later run with the same plan but another salt (its run ID) gets
  // new ones, so the cloud never answers it with the resources of an earlier, since-deleted run.
  const tokenBase = input.tokenSalt !== undefined ? hash64(`${fingerprint}:${input.tokenSalt}`) : fingerprint;
  const steps = input.steps.map((step): PlanStep =>
    TOKEN_KINDS.has(step.kind)
      ? { ...step, params: { ...step.params, ClientToken: clientTokenFor(tokenBase, step.id) } }
      : step,
  );
  const billable: BillableItem[] = [];
  for (const step of steps) {
    if (step.cost) {
      billable.push({
        kind: step.cost.kind,
        stepId: step.id,
        accountId: step.accountId,
        regionId: step.regionId,
        spec: step.cost.spec,
        bandwidthMbps: step.cost.bandwidthMbps,
        charged: step.cost.charged,
        billing: step.cost.billing,
      });
    }
  }
  return {
    operation: input.operation,
    fingerprint,
    steps,
    summary: summarise(steps),
    billable,
    reachabilityDelta: input.delta
      ? reachabilityDelta(input.delta.before, input.delta.after, input.delta.touchedVpcIds)
      : [],
    problems: input.problems,
    routerInterfaceIds: input.routerInterfaceIds,
    ...(input.vpcPeerConnectionIds && Object.keys(input.vpcPeerConnectionIds).length > 0
      ? { vpcPeerConnectionIds: input.vpcPeerConnectionIds }
      : {}),
  };
}

function summarise(steps: readonly PlanStep[]): PlanSummary {
  let creates = 0;
  let deletes = 0;
  let modifies = 0;
  let waits = 0;
  for (const step of steps) {
    switch (step.kind) {
      case 'createRouterInterface':
      case 'createRouteEntry':
      case 'authorizeSecurityGroup':
      case 'createVpcPeerConnection':
      case 'createNetworkAcl':
      case 'associateNetworkAcl':
        creates++;
        break;
      case 'deleteRouterInterface':
      case 'deleteRouteEntry':
      case 'revokeSecurityGroup':
      case 'deleteVpcPeerConnection':
      case 'deleteNetworkAcl':
      case 'unassociateNetworkAcl':
        deletes++;
        break;
      case 'waitRouterInterface':
      case 'waitRouteEntry':
      case 'waitVpcPeerConnection':
      case 'waitNetworkAcl':
        waits++;
        break;
      case 'acceptVpcPeerConnection':
      case 'modifyVpcPeerConnection':
        modifies++;
        break;
      case 'modifyRouterInterfaceAttribute':
      case 'connectRouterInterface':
      case 'activateRouterInterface':
      case 'deactivateRouterInterface':
      case 'modifyRouterInterfaceSpec':
      case 'updateNetworkAclEntries':
        modifies++;
        break;
      default:
        assertNever(step);
    }
  }
  return { steps: steps.length, mutating: steps.filter((s) => s.mutating).length, creates, deletes, modifies, waits };
}

/** A bug guard: every dependency precedes its dependant and exists; IDs are unique. */
export function assertTopologicalOrder(steps: readonly PlanStep[]): void {
  const seen = new Set<string>();
  for (const step of steps) {
    if (seen.has(step.id)) throw new Error(`plan: duplicate step id ${step.id}`);
    for (const dep of step.dependsOn) {
      if (!seen.has(dep)) throw new Error(`plan: step ${step.id} depends on ${dep}, which does not come before it`);
    }
    seen.add(step.id);
  }
}

export function assertNever(value: never): never {
  throw new Error(`unexpected variant ${JSON.stringify(value)}`);
}
