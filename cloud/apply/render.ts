/**
 * Human text for plans and run events (CLI output; the app may reuse it for logs). Pure
 * formatting: no I/O. Parameters are secret-free by construction (plans never hold secrets).
 */
import { describeFailedIntent } from './verifyIntents';
import { isStepRef, type ParamValue, type Plan, type PlanStep } from '../../simulator/plan';
import type { ApplyEvent, VerifyResult } from './events';
import { countOf } from '../../simulator/text/count';

/** `Key=value` pairs of a step's parameters; `$ref`s shown as `<id of step …>`, nested lists flattened like the wire format. */
export function formatParams(
  params: Readonly<Record<string, ParamValue>>,
  stepNumbers: ReadonlyMap<string, number> = new Map(),
): string {
  const out: string[] = [];
  const walk = (prefix: string, value: ParamValue) => {
    if (isStepRef(value)) {
      const dot = value.$ref.lastIndexOf('.');
      const from = value.$ref.slice(0, dot);
      const n = stepNumbers.get(from);
      out.push(`${prefix}=<${value.$ref.slice(dot + 1)} from ${n !== undefined ? `#${n}` : from}>`);
    } else if (Array.isArray(value)) {
      value.forEach((v, i) => walk(`${prefix}.${i + 1}`, v as ParamValue));
    } else if (typeof value === 'object' && value !== null) {
      for (const [k, v] of Object.entries(value)) walk(`${prefix}.${k}`, v as ParamValue);
    } else {
      out.push(`${prefix}=${String(value)}`);
    }
  };
  for (const [key, value] of Object.entries(params)) {
    if (key === 'RegionId') continue; // shown in the step header
    if (key === 'ClientToken') {
      // apply mixes its run ID into the token (PlanOptions.tokenSalt): the value shown by a bare plan is not the one sent.
      out.push('ClientToken=<fixed per run>');
      continue;
    }
    walk(key, value);
  }
  return out.join(' ');
}

export function accountLabel(accountId: string, names: ReadonlyMap<string, string>): string {
  const name = names.get(accountId);
  return name ? `${accountId} (${name})` : accountId;
}

/** How each product is named in the plan's text (the names of the Alibaba Cloud consoles and SDKs). */
const PRODUCT_LABELS: Readonly<Record<PlanStep['product'], string>> = { vpc: 'VPC', ecs: 'ECS', vpcpeer: 'VpcPeer' };

/** The plan as `vpclink plan` prints it: numbered steps, costs, reachability delta, problems. */
export function formatPlanText(
  plan: Plan,
  options: { readonly accountNames?: ReadonlyMap<string, string>; readonly title?: string } = {},
): string {
  const names = options.accountNames ?? new Map<string, string>();
  const lines: string[] = [];
  const verb = plan.operation === 'apply' ? 'apply' : plan.operation === 'destroy' ? 'destroy' : 'roll back';
  lines.push(
    options.title ??
      `Plan to ${verb}: ${countOf(plan.summary.steps, 'step')}, ${countOf(plan.summary.mutating, 'change')} (${plan.summary.creates} create, ` +
        `${plan.summary.modifies} modify, ${plan.summary.deletes} delete, ${plan.summary.waits} wait) — fingerprint ` +
        `${plan.fingerprint}`,
  );
  const errors = plan.problems.filter((p) => p.severity === 'error').length;
  // With errors the plan is incomplete, not "done": never say "Nothing to do" beside them.
  if (plan.steps.length === 0)
    lines.push(
      errors > 0
        ? `  Cannot be applied: ${countOf(errors, 'error')} below; nothing was planned.`
        : plan.operation === 'apply'
          ? plan.problems.some((p) => p.code === 'CEN_NOT_APPLIED')
            ? '  Nothing vpclink applies: the rest of the document matches, but the CEN resources below are left out.'
            : '  Nothing to do: the live state already matches the document.'
          : '  Nothing to remove.',
    );
  const index = new Map(plan.steps.map((s, i) => [s.id, i + 1]));
  plan.steps.forEach((step, i) => {
    lines.push(`  ${String(i + 1).padStart(2)}. ${step.description}`);
    lines.push(
      `      account ${accountLabel(step.accountId, names)} · ${step.regionId} · ${PRODUCT_LABELS[step.product]} ${step.action}${step.mutating ? '' : ' (poll)'}`,
    );
    const params = formatParams(step.params, index);
    if (params && step.mutating) lines.push(`      ${params}`);
    if (step.dependsOn.length)
      lines.push(`      after: ${step.dependsOn.map((d) => `#${index.get(d) ?? d}`).join(', ')}`);
    if (step.cost) lines.push(`      cost: ${costText(step)}`);
  });
  lines.push('');
  if (plan.billable.length) {
    lines.push('Costs (router interfaces and cross-region peering connections are billed):');
    for (const b of plan.billable) {
      lines.push(
        b.kind === 'vpcPeerConnection'
          ? `  ${accountLabel(b.accountId, names)} ${b.regionId}: peering connection, ${b.spec}, ${b.bandwidthMbps} Mbit/s — ${b.billing}`
          : `  ${accountLabel(b.accountId, names)} ${b.regionId}: spec ${b.spec}${b.bandwidthMbps ? `, ${b.bandwidthMbps} Mbit/s` : ''} — ${b.billing}`,
      );
    }
  } else {
    lines.push('Costs: nothing billable is created.');
  }
  lines.push('');
  if (plan.reachabilityDelta.length) {
    lines.push('Reachability once the plan is done (ping):');
    for (const c of plan.reachabilityDelta) lines.push(`  ${c.from} → ${c.to}: ${c.before} → ${c.after}`);
  } else {
    lines.push('Reachability: no flow of the document changes verdict.');
  }
  if (plan.problems.length) {
    lines.push('');
    lines.push('Problems:');
    for (const p of plan.problems) lines.push(`  ${p.severity}: ${p.message} [${p.code}]`);
  }
  return lines.join('\n') + '\n';
}

function costText(step: PlanStep): string {
  const c = step.cost!;
  if (c.kind === 'vpcPeerConnection') return `peering connection, ${c.spec}, ${c.bandwidthMbps} Mbit/s, ${c.billing}`;
  return `router interface spec ${c.spec}${c.bandwidthMbps ? `, ${c.bandwidthMbps} Mbit/s` : ''}, ${c.billing}`;
}

/** One line per event for plain (non-TTY) progress; undefined for events not worth a line. */
export function formatEventLine(event: ApplyEvent, plan: Plan | undefined): string | undefined {
  const number = (id: string) => {
    const i = plan?.steps.findIndex((s) => s.id === id) ?? -1;
    return i >= 0 ? `[${i + 1}/${plan!.steps.length}]` : `[${id}]`;
  };
  const desc = (id: string) => plan?.steps.find((s) => s.id === id)?.description ?? id;
  switch (event.kind) {
    case 'plan-ready':
      return event.resumed ? `resuming run ${event.runId} from ${event.journalPath}` : undefined;
    case 'step-started':
      return `${number(event.stepId)} start   ${desc(event.stepId)}${event.resumed ? ' (resumed: looking before acting)' : ''}`;
    case 'step-retrying':
      return `${number(event.stepId)} retry   ${event.code} (attempt ${event.attempt}, waiting ${event.delayMs} ms)`;
    case 'step-ambiguous':
      return `${number(event.stepId)} unclear ${event.code}: ${event.outcome === 'took-effect' ? 'looked it up: it took effect' : 'looked it up: not done, retrying with the same ClientToken'}`;
    case 'step-polling':
      return `${number(event.stepId)} wait    ${event.status} (until ${event.waitingFor})`;
    case 'step-succeeded': {
      const out = Object.entries(event.outputs)
        .map(([k, v]) => `${k}=${v}`)
        .join(' ');
      return `${number(event.stepId)} done${out ? `    ${out}` : ''}${event.note ? ` (${event.note})` : ''}`;
    }
    case 'step-skipped':
      return `${number(event.stepId)} skip    ${event.reason}`;
    case 'step-failed':
      return `${number(event.stepId)} FAILED  ${event.error.code}: ${event.error.message}`;
    case 'progress':
    case 'verify-result':
      return undefined;
    case 'run-finished':
      return event.message;
    default: {
      const never: never = event;
      return String(never);
    }
  }
}

/** `[#########.........] 9/15` */
export function progressBar(done: number, total: number, width = 24): string {
  const filled = total === 0 ? width : Math.round((done / total) * width);
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}`;
}

/** Verification lines: "verified: ping A → B reachable (live agrees with plan)" or a mismatch. */
export function formatVerify(result: VerifyResult): string {
  const lines = result.flows.map((f) =>
    f.agrees
      ? `verified: ping ${f.from} → ${f.to} ${f.live} (live agrees with plan)`
      : `MISMATCH: ping ${f.from} → ${f.to}: plan says ${f.planned}, live says ${f.live}`,
  );
  if (result.flows.length === 0) lines.push('verified: the document has no pair of instances to ping');
  for (const change of result.unconverged ?? []) lines.push(`NOT CONVERGED live: a new plan would still: ${change}`);
  for (const intent of result.intents ?? [])
    lines.push(
      intent.holds
        ? `verified: intent "${intent.name}" holds live`
        : `INTENT FAILED live: ${describeFailedIntent(intent)}`,
    );
  return lines.join('\n') + '\n';
}
