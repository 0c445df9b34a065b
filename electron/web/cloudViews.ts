/**
 * cloud/session results → the host API's views (electron/common/hostApi): plan steps, billable
 * items, the reachability delta, verification, credential sources (described, never a key).
 * Pure mapping, no I/O.
 */
import { describeFailedIntent, type VerifyResult } from '../../cloud/apply';
import { failingFlows, type ResolvedSource } from '../../cloud/session';
import type { Topology } from '../../simulator/document';
import { isNetworkAclStep, type Plan, type PlanStep } from '../../simulator/plan';
import type { CredentialSourceView, PlanStepView, PlanView, VerificationResult } from '../common/hostApi';
import { agreeing, countOf } from '../../simulator/text/count';

function paramText(value: unknown): string | number | boolean | null {
  if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
    return value;
  if (
    typeof value === 'object' &&
    value !== null &&
    '$ref' in value &&
    typeof (value as { $ref: unknown }).$ref === 'string'
  ) {
    const ref = (value as { $ref: string }).$ref;
    return `(from step ${ref.slice(0, ref.lastIndexOf('.'))}: ${ref.slice(ref.lastIndexOf('.') + 1)})`;
  }
  return JSON.stringify(value);
}

function resourceOf(step: PlanStep): string | undefined {
  if (isNetworkAclStep(step))
    return step.acl.documentId ?? (typeof step.acl.networkAclId === 'string' ? step.acl.networkAclId : undefined);
  switch (step.kind) {
    case 'createRouteEntry':
    case 'waitRouteEntry':
    case 'deleteRouteEntry':
      return step.route.routeTableId;
    case 'authorizeSecurityGroup':
    case 'revokeSecurityGroup':
      return step.securityGroupId;
    case 'createVpcPeerConnection':
    case 'acceptVpcPeerConnection':
    case 'modifyVpcPeerConnection':
    case 'waitVpcPeerConnection':
    case 'deleteVpcPeerConnection':
      return (
        step.peering.documentId ?? (typeof step.peering.instanceId === 'string' ? step.peering.instanceId : undefined)
      );
    default:
      return (
        step.target.documentId ??
        (typeof step.target.routerInterfaceId === 'string' ? step.target.routerInterfaceId : undefined)
      );
  }
}

export function stepView(step: PlanStep, index: number): PlanStepView {
  const params: Record<string, string | number | boolean | null> = {};
  for (const [key, value] of Object.entries(step.params)) params[key] = paramText(value);
  const resourceId = resourceOf(step);
  return {
    id: step.id,
    index,
    accountId: step.accountId,
    regionId: step.regionId,
    action: step.action,
    title: step.description,
    params,
    ...(resourceId ? { resourceId } : {}),
    dependsOn: [...step.dependsOn],
    billable: step.cost?.charged ?? false,
    ...(step.cost
      ? {
          cost: `${step.cost.spec}${step.cost.bandwidthMbps ? ` (${step.cost.bandwidthMbps} Mbit/s)` : ''}: ${step.cost.billing}`,
        }
      : {}),
  };
}

export function planView(targetId: string, plan: Plan, desired: Topology): PlanView {
  const steps = plan.steps.map(stepView);
  const byStep = new Map(plan.steps.map((s) => [s.id, s]));
  const n = desired.instances.length;
  const changes = plan.reachabilityDelta;
  return {
    targetId,
    fingerprint: plan.fingerprint,
    steps,
    billable: plan.billable.map((b) => {
      const step = byStep.get(b.stepId);
      return {
        resourceId: (step && resourceOf(step)) ?? b.stepId,
        accountId: b.accountId,
        regionId: b.regionId,
        description:
          b.kind === 'vpcPeerConnection'
            ? `VPC peering connection, ${b.spec} (${b.bandwidthMbps} Mbit/s)`
            : `Router interface, spec ${b.spec}${b.bandwidthMbps ? ` (${b.bandwidthMbps} Mbit/s)` : ''}${b.charged ? '' : ' — acceptor, not charged for bandwidth'}`,
        note: b.billing,
      };
    }),
    reachability: {
      gained: changes
        .filter((c) => c.after === 'reachable' && c.before !== 'reachable')
        .map(({ from, to, protocol }) => ({ from, to, protocol })),
      lost: changes
        .filter((c) => c.before === 'reachable' && c.after !== 'reachable')
        .map(({ from, to, protocol }) => ({ from, to, protocol })),
      unchangedCount: Math.max(0, n * (n - 1) - changes.length),
    },
    upToDate: plan.steps.length === 0,
    warnings: plan.problems.map((p) => `${p.severity === 'error' ? 'cannot apply: ' : ''}${p.message}`),
    problems: plan.problems.map((p) => ({
      severity: p.severity,
      code: p.code,
      message: p.message,
      ...(p.resourceId ? { resourceId: p.resourceId } : {}),
    })),
    // A destroy removes the links on purpose: only an apply is gated on its flows.
    failingFlows: plan.operation === 'apply' ? failingFlows(desired, changes) : [],
  };
}

export function verificationView(result: VerifyResult): VerificationResult {
  const checks = result.flows.map((f) => ({
    from: f.from,
    to: f.to,
    protocol: f.protocol,
    verdict: f.live === 'reachable' ? ('reachable' as const) : ('unreachable' as const),
    expected: f.planned === 'reachable' ? ('reachable' as const) : ('unreachable' as const),
    ok: f.agrees,
    ...(f.live === 'unknown'
      ? { message: 'could not be evaluated on the live state (an instance is missing there)' }
      : {}),
  }));
  const agree = checks.filter((c) => c.ok).length;
  const intentFailures = (result.intents ?? []).filter((i) => !i.holds).map(describeFailedIntent);
  return {
    ok: result.differences.length === 0 && intentFailures.length === 0 && (result.unconverged ?? []).length === 0,
    ...(intentFailures.length > 0 ? { intentFailures } : {}),
    checks,
    summary:
      checks.length === 0
        ? 'no instance pairs to check'
        : `${agree} of ${countOf(checks.length, 'flow')} ${agreeing(checks.length, 'behaves', 'behave')} as ` +
          `designed${result.warnings.length ? ` (${countOf(result.warnings.length, 'import warning')})` : ''}` +
          `${result.unconverged?.length ? `; ${countOf(result.unconverged.length, 'change')} a new plan would still make` : ''}`,
  };
}

/** `LTAI…9xQ`: enough to recognise a key, useless to an attacker. */
export function maskKeyId(accessKeyId: string): string {
  return accessKeyId.length <= 8 ? '…' : `${accessKeyId.slice(0, 4)}…${accessKeyId.slice(-3)}`;
}

export function describeSource(resolved: ResolvedSource): CredentialSourceView {
  switch (resolved.kind) {
    case 'sandbox':
      return { kind: 'sandbox', description: `sandbox key ${resolved.accessKeyId}` };
    case 'none':
      return { kind: 'none', description: 'no credentials: choose a profile, the environment, a role or an AccessKey' };
    case 'default':
      return resolved.profile
        ? {
            kind: 'profile',
            description: `aliyun CLI profile "${resolved.profile}" (accounts[].profile)`,
            profile: resolved.profile,
          }
        : {
            kind: 'profile',
            description: 'default: a profile named by the account ID, else ALIBABA_CLOUD_PROFILE, else the environment',
          };
    case 'user': {
      const s = resolved.source;
      switch (s.kind) {
        case 'profile':
          return { kind: 'profile', description: `aliyun CLI profile "${s.profile}"`, profile: s.profile };
        case 'environment':
          return { kind: 'environment', description: 'environment variables (ALIBABA_CLOUD_ACCESS_KEY_ID …)' };
        case 'role':
          return {
            kind: 'role',
            description: `role ${s.roleArn} via ${s.sourceProfile ? `profile "${s.sourceProfile}"` : 'the environment'}`,
            roleArn: s.roleArn,
            ...(s.sourceProfile ? { profile: s.sourceProfile } : {}),
          };
        case 'accessKey':
          return { kind: 'accessKey', description: `AccessKey ${maskKeyId(s.accessKeyId)} (this session only)` };
        case 'keychain':
          return { kind: 'keychain', description: 'AccessKey stored in the OS keychain' };
      }
    }
  }
}
