/**
 * `vpclink plan FILE --migrate LINK-ID --to peering [--json]`: the make-before-break migration of a
 * router-interface link to VPC peering (simulator/plan/migrate.ts), with the simulator's proof and
 * the API calls (migrateApi.ts) of every step. Offline: FILE is the state to migrate from (an
 * imported document). Exit 0 planned, 1 the migration is refused (it would break a flow, or the
 * link is incomplete), 2 bad input.
 */
import type { ParsedArgs } from '../args';
import { EXIT, type CliIo } from '../io';
import type { Topology } from '../../simulator/document';
import {
  MIGRATION_CODES,
  migrationApiSteps,
  planMigrationToPeering,
  type MigrationResult,
  type MigrationStep,
  type PlanStep,
} from '../../simulator/plan';
import { agreeing, countOf } from '../../simulator/text/count';

/** The flag checks of --migrate; a message when they are wrong. */
export function migrateFlagsProblem(args: ParsedArgs): string | undefined {
  const to = args.flags.to as string | undefined;
  if (to === undefined) return '--migrate needs --to peering (the link kind to migrate to)';
  if (to !== 'peering') return `--to ${JSON.stringify(to)}: the only target is peering`;
  for (const flag of ['against', 'destroy', 'endpoint', 'profiles'] as const)
    if (args.flags[flag] !== undefined)
      return `--migrate plans from FILE alone (the current state, e.g. an import); --${flag} cannot be combined with it`;
  return undefined;
}

export function runMigrate(file: string, document: Topology, args: ParsedArgs, io: CliIo): number {
  const linkId = args.flags.migrate as string;
  const result = planMigrationToPeering(document, linkId);
  if (result.kind === 'refused' && result.code === 'MIGRATION_LINK_NOT_FOUND') {
    io.stderr(`vpclink plan: --migrate ${linkId}: ${result.message}\n`);
    return EXIT.BAD_INPUT;
  }
  const apiSteps = result.kind === 'planned' ? migrationApiSteps(document, result.steps) : [];
  if (args.flags.json === true) io.stdout(`${JSON.stringify(migrationJson(file, linkId, result, apiSteps))}\n`);
  else io.stdout(migrationText(linkId, result, apiSteps));
  return result.kind === 'planned' ? EXIT.OK : EXIT.FAILED;
}

function problemsOf(result: MigrationResult) {
  if (result.kind === 'refused') return [{ code: result.code, severity: 'error', message: result.message }];
  if (!result.steps.some((s) => s.kind === 'removeRoute')) return [];
  const info = MIGRATION_CODES.MIGRATION_ROUTE_OWNERSHIP_ASSUMED;
  return [{ code: 'MIGRATION_ROUTE_OWNERSHIP_ASSUMED', severity: 'warning', message: `${info.summary} ${info.fix}` }];
}

function migrationJson(file: string, linkId: string, result: MigrationResult, apiSteps: readonly PlanStep[][]) {
  const base = { document: file, migrate: linkId, to: 'peering', result: result.kind };
  if (result.kind === 'refused')
    return {
      ...base,
      code: result.code,
      message: result.message,
      ...(result.flow ? { flow: result.flow } : {}),
      steps: result.steps,
      problems: problemsOf(result),
    };
  return {
    ...base,
    link: result.link,
    peering: result.peering,
    flows: result.flows,
    steps: result.steps.map((step, i) => ({ ...step, apiSteps: apiSteps[i] ?? [] })),
    reordered: result.reordered,
    problems: problemsOf(result),
  };
}

function migrationText(linkId: string, result: MigrationResult, apiSteps: readonly PlanStep[][]): string {
  const lines: string[] = [];
  const step = (s: MigrationStep, total: number) => {
    const calls = (apiSteps[s.index - 1] ?? []).filter((p) => p.mutating).map((p) => p.action);
    return [
      `  ${s.index}/${total} ${s.description}`,
      `      as account ${s.accountId}; proof: all ${s.proof.flowsKept} flows still reachable`,
      ...(calls.length ? [`      calls: ${calls.join(', ')}`] : []),
    ].join('\n');
  };
  if (result.kind === 'refused') {
    lines.push(`✗ cannot migrate ${linkId} to VPC peering without losing a flow: ${result.message} [${result.code}]`);
    if (result.steps.length) {
      lines.push('', 'Steps proven before the refusal:');
      for (const s of result.steps) lines.push(step(s, result.steps.length));
    }
    return `${lines.join('\n')}\n`;
  }
  const [a, b] = result.link.vpcIds;
  lines.push(
    `Migration of ${result.link.routerInterfaceIds.join(' + ')} (${a} ↔ ${b}) to VPC peering ` +
      `${result.peering.instanceId}: ${countOf(result.steps.length, 'step')}, make before break.`,
    `Proof: the ${countOf(result.flows.length, 'flow')} reachable today (every instance pair for ping and for all ` +
      `protocols, and the intents that hold) ${agreeing(result.flows.length, 'stays', 'stay')} reachable after every step.`,
    '',
  );
  for (const s of result.steps) lines.push(step(s, result.steps.length));
  if (result.reordered.length)
    lines.push('', `Reordered (switched later, as earlier broke a flow): ${result.reordered.join(', ')}`);
  lines.push(
    '',
    'Run it: vpclink apply each step’s document in order (--json: steps[].document), and vpclink destroy the last step’s teardownDocument.',
  );
  for (const p of problemsOf(result)) lines.push(`${p.severity}: ${p.message} [${p.code}]`);
  return `${lines.join('\n')}\n`;
}
