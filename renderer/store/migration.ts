/**
 * "Migrate to VPC peering…" in the app (issue 12 "Migration"): which router-interface pair the
 * selection names, and the planner's result (simulator/plan/migrate.ts, the same one
 * `vpclink plan FILE --migrate LINK-ID --to peering` runs) in the words the dialog shows. Pure: the
 * dialog (renderer/panels/MigrateDialog.tsx) only asks and shows.
 */
import type { Topology } from '../../simulator/document/schema';
import type { MigrationFlow, MigrationResult, MigrationStep } from '../../simulator/plan/migrate';

/**
 * The router interface whose pair the selection names (its edge selects the initiator's end; the
 * inspector selects either end), when both ends are in the document: a half pair has nothing to
 * migrate (the planner would refuse it with MIGRATION_LINK_INCOMPLETE).
 */
export function migratableLink(doc: Topology, selection: readonly string[]): string | undefined {
  for (const id of selection) {
    const ri = doc.routerInterfaces.find((r) => r.routerInterfaceId === id);
    if (!ri) continue;
    const partner = doc.routerInterfaces.find(
      (r) => r.routerInterfaceId === ri.oppositeInterfaceId || r.oppositeInterfaceId === id,
    );
    if (partner && partner.routerInterfaceId !== id) return id;
  }
  return undefined;
}

export interface MigrationStepView {
  readonly index: number;
  readonly text: string;
  readonly flowsKept: number;
  readonly flowsChecked: number;
}

export type MigrationView =
  | {
      readonly kind: 'planned';
      readonly steps: readonly MigrationStepView[];
      readonly flowCount: number;
      /** The document once every step is done: what "Use the final design" puts in place. */
      readonly finalDocument: Topology;
    }
  | {
      readonly kind: 'refused';
      readonly message: string;
      /** The flow that would break, in words (absent when the link itself cannot be migrated). */
      readonly brokenFlow?: string;
      /** The steps proven before the refusal. */
      readonly steps: readonly MigrationStepView[];
    };

function instanceName(doc: Topology, id: string): string {
  const instance = doc.instances.find((i) => i.instanceId === id);
  return instance?.name ? `${instance.name} (${id})` : id;
}

/** "a ping from web (i-1) to db (i-2)", "TCP 22 from …", "all traffic from …". */
export function flowWords(doc: Topology, flow: MigrationFlow): string {
  const what =
    flow.protocol === 'icmp'
      ? 'a ping'
      : flow.protocol === 'all'
        ? 'all traffic'
        : `${flow.protocol.toUpperCase()}${flow.port === null ? '' : ` ${flow.port}`}`;
  return `${what} from ${instanceName(doc, flow.from)} to ${instanceName(doc, flow.to)}`;
}

function vpcName(doc: Topology, id: string): string {
  const vpc = doc.vpcs.find((v) => v.vpcId === id);
  return vpc?.name ?? id;
}

function routerInterfaceName(doc: Topology, id: string): string {
  const ri = doc.routerInterfaces.find((r) => r.routerInterfaceId === id);
  return ri?.name ?? id;
}

/** The peering a step's document holds that the step's description names (the planned `pcc-…`). */
function peeringOf(step: MigrationStep) {
  return (step.document.vpcPeerConnections ?? []).find((p) => step.description.includes(p.instanceId));
}

/**
 * A step in the words of the app (names, "the peering", "the router interface …"), not the CLI's
 * line with its API enums; an unknown kind falls back to the planner's own description.
 */
export function stepWords(before: Topology, step: MigrationStep, steps: readonly MigrationStep[]): string {
  const peering = peeringOf(step);
  const route = step.route;
  const where = route ? `In ${vpcName(before, route.vpcId)}’s route table ${route.routeTableId}` : '';
  switch (step.kind) {
    case 'createPeering': {
      if (!peering) break;
      const accountOf = (vpcId: string) => step.document.vpcs.find((v) => v.vpcId === vpcId)?.accountId;
      const accepter = accountOf(peering.acceptingVpcId);
      return `Create a VPC peering connection from ${vpcName(before, peering.vpcId)} to ${vpcName(before, peering.acceptingVpcId)}${
        accepter !== accountOf(peering.vpcId)
          ? ` (across accounts: it waits for account ${accepter} to accept)`
          : ' (same account: it becomes active by itself)'
      }`;
    }
    case 'acceptPeering':
      return `Account ${step.accountId} accepts the peering connection; wait until it is active`;
    case 'addBridgeRoutes':
      if (!route || !step.bridge) break;
      return `${where}, add ${step.bridge[0]} and ${step.bridge[1]} through the peering (the two halves of ${route.destinationCidrBlock}: the longer prefixes take its traffic at once)`;
    case 'removeRoute':
      if (!route) break;
      return `${where}, delete the route to ${route.destinationCidrBlock} through the router interface ${routerInterfaceName(before, route.fromNextHop.nextHopId)}${
        bridged(step, steps) ? ' (its two halves carry the traffic)' : ''
      }`;
    case 'addRoute':
      if (!route) break;
      return `${where}, add the route to ${route.destinationCidrBlock} through the peering`;
    case 'removeBridgeRoutes':
      if (!route || !step.bridge) break;
      return `${where}, delete the bridge routes ${step.bridge[0]} and ${step.bridge[1]}`;
    case 'removeRouterInterfaces': {
      const pair = before.routerInterfaces.filter((r) => step.description.includes(r.routerInterfaceId));
      if (pair.length !== 2) break;
      return `Deactivate and delete the router-interface pair ${pair.map((r) => r.name ?? r.routerInterfaceId).join(' and ')} (no route uses it any more)`;
    }
    default:
      break;
  }
  return sentence(step.description);
}

/** Whether the route of this step went through bridge routes added by an earlier step. */
function bridged(step: MigrationStep, steps: readonly MigrationStep[]): boolean {
  const route = step.route;
  return steps.some(
    (o) =>
      o.kind === 'addBridgeRoutes' &&
      o.index < step.index &&
      o.route?.routeTableId === route?.routeTableId &&
      o.route?.destinationCidrBlock === route?.destinationCidrBlock,
  );
}

/** The planner's step descriptions are lower-case clauses (CLI lines); the dialog shows sentences. */
function sentence(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export function migrationView(doc: Topology, result: MigrationResult): MigrationView {
  const steps = result.steps.map((s) => ({
    index: s.index,
    text: stepWords(doc, s, result.steps),
    flowsKept: s.proof.flowsKept,
    flowsChecked: s.proof.flowsChecked,
  }));
  if (result.kind === 'refused') {
    return {
      kind: 'refused',
      message: result.message,
      ...(result.flow ? { brokenFlow: flowWords(doc, result.flow) } : {}),
      steps,
    };
  }
  const last = result.steps[result.steps.length - 1];
  return { kind: 'planned', steps, flowCount: result.flows.length, finalDocument: last?.document ?? doc };
}

/**
 * The edit "Use the final design" makes: the last step's document, keeping the diagram's layout as
 * the user has it now (the planner's states carry the layout of the document it was given).
 */
export function withFinalDesign(current: Topology, finalDocument: Topology): Topology {
  return current.layout ? { ...finalDocument, layout: current.layout } : finalDocument;
}
