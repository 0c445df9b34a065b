/**
 * The hop-by-hop tracer behind `check`: the request (forward) and the reply (return), with every
 * blocker. After a drop the trace goes on "as if it were fixed" (hops marked hypothetical), so
 * a missing route, a missing ingress rule and an inactive interface all show in one run.
 *
 * Path model (aliyun-api.md §5.5): source security groups (egress) → the source vSwitch's route
 * table (longest-prefix match over the implied system routes of the VPC's vSwitch CIDRs and the
 * Available custom entries) → a router interface (both ends Active and paired with each other)
 * → the peer VPC, which delivers to one of its own vSwitches (traffic arriving over a router
 * interface is not forwarded again: no transit, UNCONFIRMED) → destination security groups
 * (ingress). The reply takes its own route back; security groups are stateful, so it needs no
 * rule (aliyun-api.md §5.5).
 */
import type { RouterInterface } from '../document/schema';
import { type Cidr, cidrContainsCidr, cidrContainsIp, cidrsOverlap, formatCidr, formatIpv4 } from '../net/ipv4';
import { effectiveRouterInterfaceStatus, pairProblems, type PairingProblem } from '../model/pairing';
import type { Compiled, CompiledRoute, InstanceInfo, TableInfo, VSwitchInfo, VpcInfo } from './compile';
import type { ReachBlockerCode } from './codes';
import type { Destination } from './flow';
import {
  decideFlow,
  describePacket,
  describeRule,
  type Peer,
  type Pool,
  ruleSpelling,
  type SgDecision,
} from './securityGroups';
import type { Blocker, CheckResult, Direction, FlowSpec, Hop, Protocol, Trace } from './types';

/** Hop fields before the recorder adds `hypothetical`. */
type HopDraft = Hop extends infer H ? (H extends Hop ? Omit<H, 'hypothetical'> : never) : never;

class Recorder {
  readonly hops: Hop[] = [];
  dropped = false;
  constructor(
    readonly direction: Direction,
    private readonly startHypothetical: boolean,
    private readonly sink: BlockerSink,
  ) {}

  add(draft: HopDraft, blockers: ReadonlyArray<Omit<Blocker, 'direction'>> = []): void {
    // Key order of the JSON is fixed here: resourceType, resourceId, action, … then the rest.
    const { resourceType, resourceId, action, description, causesDrop, ...rest } = draft as HopDraft &
      Record<string, unknown>;
    const hop = {
      resourceType,
      resourceId,
      action,
      description,
      causesDrop,
      hypothetical: this.startHypothetical || this.dropped,
      ...rest,
    } as unknown as Hop;
    this.hops.push(hop);
    if (causesDrop) this.dropped = true;
    for (const b of blockers)
      this.sink.add({
        direction: this.direction,
        code: b.code,
        resourceId: b.resourceId,
        message: b.message,
        suggestion: b.suggestion,
      });
  }

  trace(): Trace {
    return { disposition: this.dropped ? 'DROPPED' : 'DELIVERED', hops: this.hops };
  }
}

/** Collects blockers in trace order; one blocker per code and resource (the first direction wins). */
class BlockerSink {
  readonly list: Blocker[] = [];
  private readonly seen = new Set<string>();
  add(blocker: Blocker): void {
    const key = `${blocker.code}\u0000${blocker.resourceId}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.list.push(blocker);
  }
}

function blocker(
  code: ReachBlockerCode,
  resourceId: string,
  message: string,
  suggestion: string,
): Omit<Blocker, 'direction'> {
  return { code, resourceId, message, suggestion };
}

/** `id (name, detail, …)`, leaving out what is absent. */
function named(id: string, name: string | undefined, ...details: string[]): string {
  const inner = [name, ...details].filter((x): x is string => Boolean(x));
  return inner.length ? `${id} (${inner.join(', ')})` : id;
}

function tableLabel(table: TableInfo): string {
  return table.resolved.implied ? `the system route table of ${table.vpc.id} (${table.id})` : table.id;
}

const PROTOCOL_TEXT: Record<Protocol, string> = { icmp: 'ICMP', tcp: 'TCP', udp: 'UDP', all: 'all traffic' };

export function flowText(flow: FlowSpec): string {
  return flow.protocol === 'tcp' || flow.protocol === 'udp'
    ? `${PROTOCOL_TEXT[flow.protocol]} port ${flow.port}`
    : PROTOCOL_TEXT[flow.protocol];
}

export class Tracer {
  constructor(
    private readonly c: Compiled,
    private readonly poolOf: (instance: InstanceInfo) => Pool,
  ) {}

  check(flow: FlowSpec, source: InstanceInfo, destination: Destination): CheckResult {
    const sink = new BlockerSink();
    const forward = new Recorder('forward', false, sink);
    const dstInstance = destination.kind === 'instance' ? destination.instance : null;
    const dstIp = destination.kind === 'instance' ? destination.instance.ip : destination.ip;

    // An instance reaches itself (the matrix diagonal, topology-format.md §3.3).
    if (dstInstance === source || (dstInstance === null && source.ip !== null && dstIp === source.ip)) {
      const hop = (): HopDraft => ({
        resourceType: 'instance',
        resourceId: source.id,
        action: 'DELIVERED',
        description: `${named(source.id, source.instance.name)} is the destination itself: always reachable`,
        causesDrop: false,
        address: source.ip === null ? null : formatIpv4(source.ip),
      });
      forward.add(hop());
      const back = new Recorder('return', false, sink);
      back.add(hop());
      return this.result(flow, forward, back, sink);
    }

    // 1. The source instance.
    const sourceFatal = this.endpointHop(forward, source, 'source', flow);
    // The destination instance must be placed and addressed to route to it at all.
    const destinationFatal = dstInstance !== null && this.placementProblems(dstInstance).length > 0;
    if (sourceFatal || destinationFatal || dstIp === null) {
      if (dstInstance && destinationFatal) this.endpointHop(forward, dstInstance, 'destination', flow);
      return this.result(flow, forward, null, sink);
    }
    const srcVSwitch = source.vSwitch!;
    const srcIp = source.ip!;

    // Routing first (it does not depend on security groups): it tells where an address lands.
    // (Only an address destination needs it; an instance destination is known.)
    const landed =
      dstInstance === null
        ? this.route(new Recorder('forward', false, new BlockerSink()), srcVSwitch, dstIp, null)
        : null;
    const landedInstance = landed !== null && dstInstance === null ? this.instanceAt(landed, dstIp) : null;
    const target = dstInstance ?? landedInstance;

    // 2. Source security groups, egress.
    this.securityGroupHop(forward, source, 'egress', { ip: dstIp, instance: target }, flow, target);
    // 3. Routing, replayed into the real recorder so that hypothetical flags follow the drops.
    this.route(forward, srcVSwitch, dstIp, dstInstance);
    // 4. Destination security groups, ingress, and delivery.
    if (target !== null) {
      this.securityGroupHop(forward, target, 'ingress', { ip: srcIp, instance: source }, flow, source);
      this.endpointHop(forward, target, 'destination', flow);
    } else if (landed !== null) {
      forward.add({
        resourceType: 'vSwitch',
        resourceId: landed.id,
        action: 'DELIVERED',
        description: `delivered to ${formatIpv4(dstIp)} in ${named(landed.id, landed.vSwitch.name)}; no instance of the document has this address, so its security groups are not evaluated`,
        causesDrop: false,
        cidrBlock: landed.vSwitch.cidrBlock,
      });
    } else {
      return this.result(flow, forward, null, sink);
    }

    // The reply, from wherever the request landed (or would land, if fixed).
    const back = new Recorder('return', forward.dropped, sink);
    const replyVSwitch = target !== null ? target.vSwitch! : landed!;
    if (target !== null) {
      back.add({
        resourceType: 'instance',
        resourceId: target.id,
        action: 'ORIGINATED',
        description: `${named(target.id, target.instance.name, formatIpv4(dstIp))} replies to ${formatIpv4(srcIp)}`,
        causesDrop: false,
        address: formatIpv4(dstIp),
      });
      back.add(this.sessionHop(target, 'egress'));
    } else {
      back.add({
        resourceType: 'vSwitch',
        resourceId: replyVSwitch.id,
        action: 'ORIGINATED',
        description: `the host at ${formatIpv4(dstIp)} in ${named(replyVSwitch.id, replyVSwitch.vSwitch.name)} replies to ${formatIpv4(srcIp)} (not an instance of the document: its security groups are not evaluated)`,
        causesDrop: false,
        cidrBlock: replyVSwitch.vSwitch.cidrBlock,
      });
    }
    this.route(back, replyVSwitch, srcIp, source);
    back.add(this.sessionHop(source, 'ingress'));
    back.add({
      resourceType: 'instance',
      resourceId: source.id,
      action: 'DELIVERED',
      description: `the reply reaches ${named(source.id, source.instance.name, formatIpv4(srcIp))}`,
      causesDrop: false,
      address: formatIpv4(srcIp),
    });
    return this.result(flow, forward, back, sink);
  }

  private result(flow: FlowSpec, forward: Recorder, back: Recorder | null, sink: BlockerSink): CheckResult {
    const fwd = forward.trace();
    const ret: Trace = back ? back.trace() : { disposition: 'NOT_EVALUATED', hops: [] };
    const reachable = sink.list.length === 0 && fwd.disposition === 'DELIVERED' && ret.disposition === 'DELIVERED';
    return {
      verdict: reachable ? 'reachable' : 'unreachable',
      flow: { from: flow.from, to: flow.to, protocol: flow.protocol, port: flow.port },
      forward: fwd,
      return: ret,
      blockers: sink.list,
    };
  }

  /** Problems that make an instance impossible to route from or to. */
  placementProblems(instance: InstanceInfo): Array<Omit<Blocker, 'direction'>> {
    const out: Array<Omit<Blocker, 'direction'>> = [];
    const sw = instance.vSwitch;
    if (sw === null) {
      out.push(
        blocker(
          'INSTANCE_NOT_PLACED',
          instance.id,
          `${instance.id} names vSwitch ${instance.instance.vSwitchId}, which is not in the document`,
          `set vSwitchId of ${instance.id} to a vSwitch of the document`,
        ),
      );
    } else if (sw.vpc === null) {
      out.push(
        blocker(
          'INSTANCE_NOT_PLACED',
          sw.id,
          `vSwitch ${sw.id} of ${instance.id} names VPC ${sw.vSwitch.vpcId}, which is not in the document`,
          `set vpcId of ${sw.id} to a VPC of the document`,
        ),
      );
    }
    if (instance.ip === null) {
      out.push(
        blocker(
          'INSTANCE_ADDRESS_INVALID',
          instance.id,
          `privateIpAddress of ${instance.id} is not an IPv4 address: ${JSON.stringify(instance.instance.privateIpAddress)}`,
          `write privateIpAddress of ${instance.id} as four decimal octets inside ${sw ? sw.vSwitch.cidrBlock : 'its vSwitch block'}`,
        ),
      );
    }
    return out;
  }

  /** The source's ORIGINATED hop or the destination's DELIVERED hop, with the instance's own problems. */
  private endpointHop(rec: Recorder, instance: InstanceInfo, role: 'source' | 'destination', flow: FlowSpec): boolean {
    const problems = this.placementProblems(instance);
    const fatal = problems.length > 0;
    if (!instance.running) {
      problems.push(
        blocker(
          'INSTANCE_NOT_RUNNING',
          instance.id,
          `${instance.id} is ${instance.instance.status}, not Running: it ${role === 'source' ? 'sends' : 'answers'} nothing`,
          `start ${instance.id} (StartInstance)`,
        ),
      );
    }
    for (const g of instance.missingGroupIds) {
      problems.push(
        blocker(
          'SECURITY_GROUP_UNKNOWN',
          instance.id,
          `${instance.id} is in security group ${g}, which is not in the document: its rules cannot be evaluated`,
          `add ${g} to the document (import it) or remove it from securityGroupIds of ${instance.id}`,
        ),
      );
    }
    const label = named(instance.id, instance.instance.name);
    const address = instance.ip === null ? null : formatIpv4(instance.ip);
    let description: string;
    if (problems.length > 0) description = `${label}: ${problems.map((p) => p.message).join('; ')}`;
    else if (role === 'source')
      description = `${named(instance.id, instance.instance.name, address ?? '')} sends ${flowText(flow)} toward ${flow.to}`;
    else description = `${named(instance.id, instance.instance.name, address ?? '')} receives the request`;
    rec.add(
      {
        resourceType: 'instance',
        resourceId: instance.id,
        action: problems.length > 0 ? 'DROPPED' : role === 'source' ? 'ORIGINATED' : 'DELIVERED',
        description,
        causesDrop: problems.length > 0,
        address,
      },
      problems,
    );
    return fatal;
  }

  private sessionHop(instance: InstanceInfo, direction: 'ingress' | 'egress'): HopDraft {
    return {
      resourceType: 'securityGroup',
      resourceId: instance.groupIds[0] ?? instance.id,
      action: 'MATCHED_SESSION',
      description: `security groups are stateful: the reply to an accepted request passes ${direction} of ${instance.id} without a rule`,
      causesDrop: false,
      direction,
      securityGroupIds: instance.groupIds,
      decidedBy: 'session',
      rule: null,
    };
  }

  private securityGroupHop(
    rec: Recorder,
    self: InstanceInfo,
    direction: 'ingress' | 'egress',
    peer: Peer,
    flow: FlowSpec,
    peerInstance: InstanceInfo | null,
  ): void {
    const pool = this.poolOf(self);
    const decision = decideFlow(pool, direction, flow.protocol, flow.port, peer, this.c);
    const firstGroup = pool.groups[0]?.securityGroupId ?? self.groupIds[0] ?? self.id;
    const resourceId =
      decision.kind === 'rule'
        ? decision.rule.groupId
        : decision.kind === 'innerAccessPolicy'
          ? decision.groupId
          : firstGroup;
    // An allowed `all` flow is allowed for every protocol and port; a denied one names the first denied kind.
    const what =
      decision.allowed && flow.protocol === 'all' ? 'all traffic' : describePacket(decision.packet, flow.protocol);
    const peerText = `${direction === 'egress' ? 'to' : 'from'} ${formatIpv4(peer.ip)}`;
    let description: string;
    switch (decision.kind) {
      case 'innerAccessPolicy':
        description = `${direction} ${what} ${peerText} allowed: both instances are in basic group ${decision.groupId} whose InnerAccessPolicy is Accept`;
        break;
      case 'rule':
        description = `${direction} ${what} ${peerText} ${decision.allowed ? 'allowed' : 'dropped'} by ${describeRule(decision.rule.ref)}`;
        break;
      case 'default':
        description = `${direction} ${what} ${peerText} ${decision.allowed ? 'allowed' : 'denied'} by the default of ${pool.allNormal ? 'basic' : 'enterprise'} groups (no ${direction} rule of ${self.groupIds.join(', ')} matches)`;
        break;
    }
    const blockers = decision.allowed
      ? []
      : [this.sgBlocker(self, pool, direction, decision, peer, flow, peerInstance)];
    rec.add(
      {
        resourceType: 'securityGroup',
        resourceId,
        action: decision.allowed ? 'PERMITTED' : 'DENIED',
        description,
        causesDrop: !decision.allowed,
        direction,
        securityGroupIds: self.groupIds,
        decidedBy: decision.kind === 'innerAccessPolicy' ? 'innerAccessPolicy' : decision.kind,
        rule: decision.kind === 'rule' ? decision.rule.ref : null,
      },
      blockers,
    );
  }

  private sgBlocker(
    self: InstanceInfo,
    pool: Pool,
    direction: 'ingress' | 'egress',
    decision: SgDecision,
    peer: Peer,
    flow: FlowSpec,
    peerInstance: InstanceInfo | null,
  ): Omit<Blocker, 'direction'> {
    const code: ReachBlockerCode = direction === 'egress' ? 'SG_EGRESS_DENIED' : 'SG_INGRESS_DENIED';
    const field = direction === 'egress' ? 'to' : 'from';
    const what = describePacket(decision.packet, flow.protocol);
    const spelling = ruleSpelling(flow.protocol, flow.port);
    const hostBlock = `${formatIpv4(peer.ip)}/32`;
    const wider: string[] = [];
    const peerSw = peerInstance?.vSwitch;
    if (peerSw?.cidr) wider.push(`${formatCidr(peerSw.cidr)} for its vSwitch`);
    const peerVpc = peerSw?.vpc;
    if (peerVpc?.cidrs[0] && !(peerSw?.cidr && peerVpc.cidrs[0].prefix === peerSw.cidr.prefix))
      wider.push(`${formatCidr(peerVpc.cidrs[0])} for all of ${peerVpc.vpc.name ?? peerVpc.id}`);
    const alternatives = wider.length ? ` (or ${wider.join(', or ')})` : '';
    const selfLabel = named(self.id, self.instance.name);
    if (decision.kind === 'rule') {
      const rule = decision.rule;
      const ref = rule.ref;
      const message = `${direction} ${what} ${field} ${formatIpv4(peer.ip)} of ${selfLabel} is dropped by ${describeRule(ref)} at ${ref.path}`;
      const outrank =
        rule.priority > 1
          ? `or add an ${direction} rule to ${rule.groupId} that wins over it: ${spelling} ${field} ${hostBlock}${alternatives}, priority ${rule.priority - 1}, Accept`
          : `or change its priority to 2 or more and add an ${direction} rule ${spelling} ${field} ${hostBlock}${alternatives}, priority 1, Accept (at equal priority Drop wins)`;
      return blocker(
        code,
        rule.groupId,
        message,
        `remove or narrow rule #${rule.index} of ${rule.groupId}, ${outrank}`,
      );
    }
    const groupId = pool.groups[0]?.securityGroupId ?? self.groupIds[0] ?? self.id;
    const why =
      direction === 'egress'
        ? 'enterprise security groups deny egress by default'
        : `no ingress rule of ${self.groupIds.join(', ')} accepts it (ingress is denied by default)`;
    const message = `${direction} ${what} ${field} ${formatIpv4(peer.ip)} of ${selfLabel} is denied: ${why}`;
    return blocker(
      code,
      groupId,
      message,
      `add an ${direction} rule to ${groupId}: ${spelling} ${field} ${hostBlock}${alternatives}, priority 1, Accept`,
    );
  }

  /** The instance of the document at an address in a vSwitch, if any. */
  instanceAt(vSwitch: VSwitchInfo, ip: number): InstanceInfo | null {
    for (const instance of this.c.instancesByVSwitch.get(vSwitch.id) ?? []) if (instance.ip === ip) return instance;
    return null;
  }

  /**
   * Routes `ip` from a vSwitch. Returns the vSwitch the packet is delivered to (and, when an
   * instance is expected, only if it is that instance's vSwitch), or null.
   */
  private route(rec: Recorder, from: VSwitchInfo, ip: number, expected: InstanceInfo | null): VSwitchInfo | null {
    const vpcA = from.vpc!;
    const ipText = formatIpv4(ip);
    let table = this.c.tableOf(from);
    if (table === null) {
      rec.add(
        {
          resourceType: 'vSwitch',
          resourceId: from.id,
          action: 'DROPPED',
          description: `${from.id} names route table ${from.vSwitch.routeTableId}, which is not a table of ${vpcA.id}; continuing with the VPC's system table`,
          causesDrop: true,
          cidrBlock: from.vSwitch.cidrBlock,
        },
        [
          blocker(
            'ROUTE_TABLE_MISSING',
            from.id,
            `vSwitch ${from.id} names route table ${from.vSwitch.routeTableId}, which is not in the document or not in ${vpcA.id}`,
            `set routeTableId of ${from.id} to a custom table of ${vpcA.id}, or remove it to use the system table`,
          ),
        ],
      );
      table = this.c.systemTableOf(vpcA);
    }
    let match: CompiledRoute | undefined = table.lookup.lookup(ip)?.value;
    let announced = false;
    if (match === undefined) {
      const pending = table.notAvailable.lookup(ip)?.value;
      if (pending !== undefined) {
        rec.add(
          {
            resourceType: 'routeTable',
            resourceId: table.id,
            action: 'NO_ROUTE',
            description: `${tableLabel(table)}: route ${pending.ref.destinationCidrBlock} → ${pending.ref.nextHopId} covers ${ipText} but is ${pending.ref.status}, not Available: it carries no traffic`,
            causesDrop: true,
            destination: ipText,
            route: pending.ref,
          },
          [
            blocker(
              'ROUTE_NOT_AVAILABLE',
              table.id,
              `route ${pending.ref.destinationCidrBlock} → ${pending.ref.nextHopId} in ${table.id} is ${pending.ref.status}, not Available`,
              `wait until the route is Available (re-import to refresh), or delete and re-create route ${pending.ref.destinationCidrBlock} → ${pending.ref.nextHopId} in ${table.id}`,
            ),
          ],
        );
        match = pending;
        announced = true;
      } else {
        const targetVpc = expected?.vSwitch?.vpc ?? this.vpcContaining(ip, vpcA);
        if (targetVpc === null) {
          rec.add(
            {
              resourceType: 'routeTable',
              resourceId: table.id,
              action: 'NO_ROUTE',
              description: `${tableLabel(table)} has no route covering ${ipText}, and no VPC of the document contains it`,
              causesDrop: true,
              destination: ipText,
              route: null,
            },
            [
              blocker(
                'DESTINATION_UNKNOWN',
                ipText,
                `${ipText} is in no VPC of the document and no route of ${table.id} covers it`,
                `check the address; if it is in a VPC you manage, add that VPC to the document (import its account) and connect it to ${vpcA.vpc.name ?? vpcA.id}`,
              ),
            ],
          );
          return null;
        }
        if (targetVpc === vpcA) {
          const fix =
            expected && expected.vSwitch?.cidr
              ? `privateIpAddress ${ipText} of ${expected.id} is outside its vSwitch ${expected.vSwitch.id} (${expected.vSwitch.vSwitch.cidrBlock}): correct the address`
              : `no vSwitch of ${vpcA.id} contains ${ipText}: correct the address, or create a vSwitch whose block contains it`;
          rec.add(
            {
              resourceType: 'routeTable',
              resourceId: table.id,
              action: 'NO_ROUTE',
              description: `${tableLabel(table)} has no route covering ${ipText}: it is in ${vpcA.id} but in none of its vSwitches`,
              causesDrop: true,
              destination: ipText,
              route: null,
            },
            [
              blocker(
                'NO_ROUTE',
                expected ? expected.id : table.id,
                `no vSwitch of ${vpcA.id} contains ${ipText}, so ${table.id} has no route for it`,
                fix,
              ),
            ],
          );
          return null;
        }
        const suggestion = this.suggestRoute(table, targetVpc, ip, expected);
        rec.add(
          {
            resourceType: 'routeTable',
            resourceId: table.id,
            action: 'NO_ROUTE',
            description: `${tableLabel(table)} has no Available route covering ${ipText} (${expected ? expected.id + ' in ' : ''}${targetVpc.vpc.name ?? targetVpc.id}); only its vSwitch routes and custom entries count`,
            causesDrop: true,
            destination: ipText,
            route: null,
          },
          [
            blocker(
              'NO_ROUTE',
              table.id,
              `${tableLabel(table)} (used by ${from.id}) has no route for ${ipText}${expected ? ` (${expected.id})` : ''} in ${targetVpc.id}`,
              suggestion.text,
            ),
          ],
        );
        if (suggestion.ri === null || suggestion.block === null) return null;
        // Go on as if the suggested route existed, to find what else is in the way.
        match = {
          kind: 'routerInterface',
          cidr: suggestion.block,
          routerInterfaceId: suggestion.ri.routerInterfaceId,
          ref: {
            routeTableId: table.id,
            destinationCidrBlock: formatCidr(suggestion.block),
            nextHopType: 'RouterInterface',
            nextHopId: suggestion.ri.routerInterfaceId,
            system: false,
            status: 'Available',
          },
        };
        announced = true;
      }
    }
    return this.follow(rec, table, match, ip, expected, announced);
  }

  private follow(
    rec: Recorder,
    table: TableInfo,
    match: CompiledRoute,
    ip: number,
    expected: InstanceInfo | null,
    announced: boolean,
  ): VSwitchInfo | null {
    const vpcA = table.vpc;
    const ipText = formatIpv4(ip);
    const routeText = `${match.ref.destinationCidrBlock} → ${match.ref.nextHopType} ${match.ref.nextHopId}`;
    const forwarded = (description: string) => {
      if (!announced)
        rec.add({
          resourceType: 'routeTable',
          resourceId: table.id,
          action: 'FORWARDED',
          description,
          causesDrop: false,
          destination: ipText,
          route: match.ref,
        });
    };
    switch (match.kind) {
      case 'local': {
        forwarded(
          `${tableLabel(table)}: ${ipText} matches system route ${match.ref.destinationCidrBlock} (vSwitch ${match.vSwitch.id}): local delivery`,
        );
        return this.deliver(rec, match.vSwitch, ip, expected, table);
      }
      case 'unsupported': {
        rec.add(
          {
            resourceType: 'routeTable',
            resourceId: table.id,
            action: 'DROPPED',
            description: `${tableLabel(table)}: ${ipText} matches route ${routeText}; vpclink does not model next hops of type ${match.ref.nextHopType}`,
            causesDrop: true,
            destination: ipText,
            route: match.ref,
          },
          [
            blocker(
              'ROUTE_NEXT_HOP_UNSUPPORTED',
              table.id,
              `route ${routeText} in ${table.id} sends ${ipText} to a ${match.ref.nextHopType}, which vpclink cannot follow`,
              expected && expected.vSwitch?.vpc && expected.vSwitch.vpc !== vpcA
                ? this.suggestRoute(table, expected.vSwitch.vpc, ip, expected).text.replace(
                    /^add route/,
                    'if the destination is reached over Express Connect, add the more specific route',
                  )
                : `if ${ipText} is reached over a router interface, add a more specific route to it whose next hop is that interface`,
            ),
          ],
        );
        return null;
      }
      case 'routerInterface': {
        const ri = this.c.index.routerInterfaces.get(match.routerInterfaceId);
        if (ri === undefined || ri.routerId !== vpcA.vpc.vRouterId) {
          const why =
            ri === undefined
              ? 'is not in the document'
              : `belongs to router ${ri.routerId}, not to ${vpcA.id}'s vRouter ${vpcA.vpc.vRouterId}`;
          rec.add(
            {
              resourceType: 'routeTable',
              resourceId: table.id,
              action: 'DROPPED',
              description: `${tableLabel(table)}: ${ipText} matches route ${routeText}, but ${match.routerInterfaceId} ${why}`,
              causesDrop: true,
              destination: ipText,
              route: match.ref,
            },
            [
              blocker(
                'ROUTE_NEXT_HOP_INVALID',
                table.id,
                `route ${routeText} in ${table.id}: router interface ${match.routerInterfaceId} ${why}`,
                expected?.vSwitch?.vpc && expected.vSwitch.vpc !== vpcA
                  ? this.suggestRoute(table, expected.vSwitch.vpc, ip, expected).text
                  : `point the route at a router interface of ${vpcA.vpc.vRouterId}`,
              ),
            ],
          );
          return null;
        }
        forwarded(`${tableLabel(table)}: ${ipText} matches route ${routeText}`);
        const peer = this.crossInterface(rec, ri, vpcA);
        if (peer === null) return null;
        const wanted = expected?.vSwitch?.vpc ?? null;
        if (wanted !== null && wanted !== peer) {
          const suggestion = this.suggestRoute(table, wanted, ip, expected);
          rec.add(
            {
              resourceType: 'vpc',
              resourceId: peer.id,
              action: 'DROPPED',
              description: `the packet for ${ipText} arrives in ${named(peer.id, peer.vpc.name)}, but ${expected!.id} is in ${wanted.id}; traffic from a router interface is not forwarded again`,
              causesDrop: true,
            },
            [
              blocker(
                'ROUTE_TO_WRONG_VPC',
                table.id,
                `route ${routeText} in ${table.id} sends ${ipText} over ${ri.routerInterfaceId} to ${peer.id}, but ${expected!.id} is in ${wanted.id}`,
                suggestion.text,
              ),
            ],
          );
          return null;
        }
        rec.add({
          resourceType: 'vpc',
          resourceId: peer.id,
          action: 'RECEIVED',
          description: `enters ${named(peer.id, peer.vpc.name, peer.vpc.regionId, `account ${peer.vpc.accountId}`)}`,
          causesDrop: false,
        });
        const local = peer.local.lookup(ip)?.value;
        if (local === undefined || local.kind !== 'local') {
          const onward = this.c.systemTableOf(peer).lookup.lookup(ip)?.value;
          const transit = onward
            ? `; ${peer.id}'s route ${onward.ref.destinationCidrBlock} → ${onward.ref.nextHopId} is not used for traffic arriving over a router interface (no transit)`
            : '';
          rec.add(
            {
              resourceType: 'routeTable',
              resourceId: this.c.systemTableOf(peer).id,
              action: 'NO_ROUTE',
              description: `no vSwitch of ${named(peer.id, peer.vpc.name)} contains ${ipText}${transit}`,
              causesDrop: true,
              destination: ipText,
              route: null,
            },
            [
              blocker(
                'NO_ROUTE',
                peer.id,
                `${ipText} arrives in ${peer.id} over ${ri.routerInterfaceId}, but no vSwitch of ${peer.id} contains it`,
                `check the address: the vSwitches of ${peer.id} are ${peer.localRoutes.map((r) => r.ref.destinationCidrBlock).join(', ') || '(none)'}; or create a vSwitch in ${peer.id} whose block contains ${ipText}`,
              ),
            ],
          );
          return null;
        }
        const arrival = this.c.systemTableOf(peer);
        rec.add({
          resourceType: 'routeTable',
          resourceId: arrival.id,
          action: 'FORWARDED',
          description: `${tableLabel(arrival)}: ${ipText} matches system route ${local.ref.destinationCidrBlock} (vSwitch ${local.vSwitch.id}): local delivery`,
          causesDrop: false,
          destination: ipText,
          route: { ...local.ref, routeTableId: arrival.id },
        });
        return this.deliver(rec, local.vSwitch, ip, expected, table);
      }
    }
  }

  private deliver(
    rec: Recorder,
    vSwitch: VSwitchInfo,
    ip: number,
    expected: InstanceInfo | null,
    table: TableInfo,
  ): VSwitchInfo | null {
    const ipText = formatIpv4(ip);
    if (expected !== null && expected.vSwitch !== vSwitch) {
      const overlap = vSwitch.vpc !== expected.vSwitch?.vpc;
      rec.add(
        {
          resourceType: 'vSwitch',
          resourceId: vSwitch.id,
          action: 'DROPPED',
          description: `${ipText} is delivered into ${named(vSwitch.id, vSwitch.vSwitch.name)} (${vSwitch.vSwitch.cidrBlock}), not to ${expected.id}'s vSwitch ${expected.vSwitch?.id}`,
          causesDrop: true,
          cidrBlock: vSwitch.vSwitch.cidrBlock,
        },
        [
          blocker(
            'DELIVERED_ELSEWHERE',
            overlap ? vSwitch.id : expected.id,
            overlap
              ? `${ipText} (${expected.id} in ${expected.vSwitch?.vpc?.id}) is inside ${vSwitch.id} (${vSwitch.vSwitch.cidrBlock}) of ${vSwitch.vpc?.id}: ${table.id} delivers it there and it never reaches ${expected.id}`
              : `${ipText} of ${expected.id} lies in ${vSwitch.id} (${vSwitch.vSwitch.cidrBlock}), not in its own vSwitch ${expected.vSwitch?.id}`,
            overlap
              ? `the CIDR blocks overlap: re-address one side (e.g. move ${expected.vSwitch?.vpc?.id} or ${vSwitch.vpc?.id} to a non-overlapping block); routes cannot override a local vSwitch block (aliyun-api.md §4.2)`
              : `correct privateIpAddress of ${expected.id} to an address inside ${expected.vSwitch?.vSwitch.cidrBlock}`,
          ),
        ],
      );
      return null;
    }
    rec.add({
      resourceType: 'vSwitch',
      resourceId: vSwitch.id,
      action: 'FORWARDED',
      description: `into ${named(vSwitch.id, vSwitch.vSwitch.name, vSwitch.vSwitch.cidrBlock, vSwitch.vSwitch.zoneId)}`,
      causesDrop: false,
      cidrBlock: vSwitch.vSwitch.cidrBlock,
    });
    return vSwitch;
  }

  /** The interface pair from `ri` onward: hops for both ends, then the peer VPC (or null). */
  private crossInterface(rec: Recorder, ri: RouterInterface, vpcA: VpcInfo): VpcInfo | null {
    const index = this.c.index;
    const named0 = index.routerInterfaces.get(ri.oppositeInterfaceId ?? '');
    // The intended partner: the named opposite, else an interface that points back at `ri`.
    const partner = named0 ?? this.c.pointedAtBy.get(ri.routerInterfaceId)?.[0];
    const problems = pairProblems(ri, index);
    const status = effectiveRouterInterfaceStatus(ri, index);
    const partnerStatus = partner ? effectiveRouterInterfaceStatus(partner, index) : null;
    const mismatch = this.mismatchBlockers(problems, ri, partner);
    const notActive = [
      ...(status !== 'Active' ? [this.notActiveBlocker(ri, status, partner, problems)] : []),
      ...(partner && partnerStatus !== 'Active' ? [this.notActiveBlocker(partner, partnerStatus!, ri, problems)] : []),
    ];
    const broken = problems.length > 0 || status !== 'Active';
    const pairText = partner
      ? ` toward ${partner.routerInterfaceId}`
      : ri.oppositeInterfaceId
        ? ` toward ${ri.oppositeInterfaceId} (not in the document)`
        : ' (no opposite interface set)';
    rec.add(
      {
        resourceType: 'routerInterface',
        resourceId: ri.routerInterfaceId,
        action: broken ? 'DROPPED' : 'FORWARDED',
        description: `${named(ri.routerInterfaceId, ri.name, ri.role, status + (ri.status === undefined ? ' as designed' : ' (live)'))}${pairText}${problems.length ? ': ' + problems.map((p) => p.message).join('; ') : ''}`,
        causesDrop: broken,
        status,
        oppositeInterfaceId: ri.oppositeInterfaceId ?? null,
      },
      [...mismatch, ...notActive.filter((b) => b.resourceId === ri.routerInterfaceId)],
    );
    if (partner) {
      const partnerBroken = partnerStatus !== 'Active';
      rec.add(
        {
          resourceType: 'routerInterface',
          resourceId: partner.routerInterfaceId,
          action: partnerBroken ? 'DROPPED' : 'FORWARDED',
          description: `${named(partner.routerInterfaceId, partner.name, partner.role, partnerStatus + (partner.status === undefined ? ' as designed' : ' (live)'))} on ${partner.routerId}, ${partner.regionId}`,
          causesDrop: partnerBroken,
          status: partnerStatus!,
          oppositeInterfaceId: partner.oppositeInterfaceId ?? null,
        },
        notActive.filter((b) => b.resourceId === partner.routerInterfaceId),
      );
    }
    const peerRouterId = partner?.routerId ?? ri.oppositeRouterId;
    const peerVpc = peerRouterId !== undefined ? index.vpcByRouterId.get(peerRouterId) : undefined;
    const peer = peerVpc ? this.c.vpcs.get(peerVpc.vpcId) : undefined;
    if (!peer || peer === vpcA) {
      rec.add(
        {
          resourceType: 'vpc',
          resourceId: vpcA.id,
          action: 'DROPPED',
          description: `the VPC behind ${ri.routerInterfaceId} is not in the document (opposite router ${peerRouterId ?? 'not set'})`,
          causesDrop: true,
        },
        [
          blocker(
            'PEER_VPC_UNKNOWN',
            ri.routerInterfaceId,
            `the opposite end of ${ri.routerInterfaceId} leads to router ${peerRouterId ?? '(not set)'}, which is no other VPC's vRouter in the document`,
            `add the peer VPC (import its account), or set oppositeRouterId/oppositeInterfaceId of ${ri.routerInterfaceId} to the peer VPC's vRouter and interface`,
          ),
        ],
      );
      return null;
    }
    return peer;
  }

  private mismatchBlockers(
    problems: readonly PairingProblem[],
    ri: RouterInterface,
    partner: RouterInterface | undefined,
  ): Array<Omit<Blocker, 'direction'>> {
    const byInterface = new Map<string, PairingProblem[]>();
    for (const p of problems) {
      const list = byInterface.get(p.routerInterfaceId);
      if (list) list.push(p);
      else byInterface.set(p.routerInterfaceId, [p]);
    }
    const out: Array<Omit<Blocker, 'direction'>> = [];
    for (const [id, list] of byInterface) {
      const self = this.c.index.routerInterfaces.get(id)!;
      const other = id === ri.routerInterfaceId ? partner : ri;
      out.push(
        blocker(
          'ROUTER_INTERFACE_MISMATCH',
          id,
          list.map((p) => p.message).join('; '),
          this.pairingFix(self, other, list),
        ),
      );
    }
    return out;
  }

  /** "set oppositeInterfaceId of ri-a to ri-b, …" — every field that differs from the partner's values. */
  private pairingFix(
    self: RouterInterface,
    other: RouterInterface | undefined,
    problems: readonly PairingProblem[],
  ): string {
    if (other === undefined) {
      return self.oppositeInterfaceId
        ? `${self.oppositeInterfaceId} is not in the document: add it (import the peer account), or set oppositeInterfaceId of ${self.routerInterfaceId} to the peer interface`
        : `create the peer interface on the other VPC's vRouter and set oppositeInterfaceId, oppositeRouterId, oppositeRegionId and oppositeInterfaceOwnerId of ${self.routerInterfaceId} to it`;
    }
    const parts: string[] = [];
    const want: Array<[string, string, string | undefined]> = [
      ['oppositeInterfaceId', other.routerInterfaceId, self.oppositeInterfaceId],
      ['oppositeRouterId', other.routerId, self.oppositeRouterId],
      ['oppositeRouterType', other.routerType, self.oppositeRouterType ?? 'VRouter'],
      ['oppositeRegionId', other.regionId, self.oppositeRegionId],
      ['oppositeInterfaceOwnerId', other.accountId, self.oppositeInterfaceOwnerId ?? self.accountId],
    ];
    for (const [field, value, current] of want) if (value !== current) parts.push(`${field} to ${value}`);
    const fixes: string[] = [];
    if (parts.length) {
      const never =
        self.oppositeInterfaceId === undefined
          ? ` (the ${self.role === 'AcceptingSide' ? 'acceptor was never given the initiator' : 'initiator was never given the acceptor'}'s details)`
          : '';
      fixes.push(
        `set ${parts.map((p, i) => (i === 0 ? p.replace(' to ', ` of ${self.routerInterfaceId} to `) : p)).join(', ')}${never} — ModifyRouterInterfaceAttribute in account ${self.accountId}, ${self.regionId}`,
      );
    }
    if (problems.some((p) => p.kind === 'ROLES_NOT_COMPLEMENTARY'))
      fixes.push(
        `make one end InitiatingSide and the other AcceptingSide (a role cannot be changed: re-create ${self.routerInterfaceId})`,
      );
    if (problems.some((p) => p.kind === 'SAME_ROUTER'))
      fixes.push(`an interface cannot connect to its own router: create the peer on the other VPC's vRouter`);
    return fixes.join('; ') || problems.map((p) => p.message).join('; ');
  }

  private notActiveBlocker(
    ri: RouterInterface,
    status: string,
    partner: RouterInterface | undefined,
    problems: readonly PairingProblem[],
  ): Omit<Blocker, 'direction'> {
    const id = ri.routerInterfaceId;
    const initiator = ri.role === 'InitiatingSide' ? ri : partner?.role === 'InitiatingSide' ? partner : ri;
    if (ri.status === undefined) {
      return blocker(
        'ROUTER_INTERFACE_NOT_ACTIVE',
        id,
        `${id} would stay ${status}: ${problems.length ? `its pair${partner ? ` with ${partner.routerInterfaceId}` : ''} is inconsistent, so the connection cannot be made` : 'it cannot be connected'}`,
        `fix the pairing (see ROUTER_INTERFACE_MISMATCH); vpclink apply then connects ${initiator.routerInterfaceId} (ConnectRouterInterface) and both ends become Active`,
      );
    }
    const live = `${id} is ${status} (live status)`;
    switch (status) {
      case 'Inactive':
        return blocker(
          'ROUTER_INTERFACE_NOT_ACTIVE',
          id,
          `${live}: the connection is deactivated`,
          `activate it: ActivateRouterInterface ${id} (account ${ri.accountId}, ${ri.regionId})`,
        );
      case 'Idle':
        return blocker(
          'ROUTER_INTERFACE_NOT_ACTIVE',
          id,
          `${live}: the pair was never connected`,
          `make both ends point at each other, then connect: ConnectRouterInterface ${initiator.routerInterfaceId} (the initiator)`,
        );
      case 'Deactivating':
        return blocker(
          'ROUTER_INTERFACE_NOT_ACTIVE',
          id,
          `${live}: it is being deactivated`,
          `once it is Inactive, activate it again: ActivateRouterInterface ${id}`,
        );
      case 'Deleting':
        return blocker(
          'ROUTER_INTERFACE_NOT_ACTIVE',
          id,
          `${live}: it is being deleted`,
          `create a new interface pair and point the routes at it`,
        );
      default:
        return blocker(
          'ROUTER_INTERFACE_NOT_ACTIVE',
          id,
          `${live}: not Active yet`,
          `wait until it is Active (re-import to refresh the status), then check again`,
        );
    }
  }

  /** The VPC whose blocks contain `ip`, preferring `prefer`; null when none does. */
  private vpcContaining(ip: number, prefer: VpcInfo): VpcInfo | null {
    if (prefer.cidrs.some((c) => cidrContainsIp(c, ip))) return prefer;
    for (const vpc of this.c.vpcs.values()) if (vpc.cidrs.some((c) => cidrContainsIp(c, ip))) return vpc;
    return null;
  }

  /** A router interface of `from`'s VPC toward `to`, preferring a consistent pair (document order). */
  private interfaceToward(from: VpcInfo, to: VpcInfo): RouterInterface | null {
    const index = this.c.index;
    let fallback: RouterInterface | null = null;
    for (const ri of index.routerInterfacesByRouter.get(from.vpc.vRouterId) ?? []) {
      if (index.routerInterfaces.get(ri.routerInterfaceId) !== ri) continue;
      const partner =
        index.routerInterfaces.get(ri.oppositeInterfaceId ?? '') ?? this.c.pointedAtBy.get(ri.routerInterfaceId)?.[0];
      const peerRouter = partner?.routerId ?? ri.oppositeRouterId;
      if (peerRouter !== to.vpc.vRouterId) continue;
      if (pairProblems(ri, index).length === 0) return ri;
      fallback ??= ri;
    }
    return fallback;
  }

  /** The concrete route to add (or the connection to create) so that `table` reaches `ip` in `to`. */
  suggestRoute(
    table: TableInfo,
    to: VpcInfo,
    ip: number,
    expected: InstanceInfo | null,
  ): { text: string; ri: RouterInterface | null; block: Cidr | null } {
    const from = table.vpc;
    const candidates: Cidr[] = [];
    for (const c of to.cidrs) if (cidrContainsIp(c, ip)) candidates.push(c);
    if (expected?.vSwitch?.cidr) candidates.push(expected.vSwitch.cidr);
    candidates.push({ base: ip, prefix: 32 });
    const localBlocks = from.localRoutes.map((r) => r.cidr);
    // A destination may not equal or lie inside a local vSwitch block (aliyun-api.md §4.2);
    // prefer one that overlaps none of them.
    const allowed = candidates.filter((c) => !localBlocks.some((l) => cidrContainsCidr(l, c)));
    const block = allowed.find((c) => !localBlocks.some((l) => cidrsOverlap(l, c))) ?? allowed[0] ?? null;
    const where = tableLabel(table);
    if (block === null) {
      return {
        text: `${formatIpv4(ip)} lies inside a vSwitch block of ${from.id} (overlapping CIDR blocks): no route can reach it; re-address one side`,
        ri: null,
        block: null,
      };
    }
    const blockText = formatCidr(block);
    const ri = this.interfaceToward(from, to);
    if (ri === null) {
      return {
        text: `${from.vpc.name ?? from.id} (${from.id}) and ${to.vpc.name ?? to.id} (${to.id}) are not connected: create a router-interface pair (initiator on ${from.vpc.vRouterId}, acceptor on ${to.vpc.vRouterId}), then add route ${blockText} → the new interface in ${where}`,
        ri: null,
        block,
      };
    }
    return {
      text: `add route ${blockText} → ${ri.routerInterfaceId} in ${where} (DestinationCidrBlock=${blockText}, NextHopType=RouterInterface, NextHopId=${ri.routerInterfaceId})`,
      ri,
      block,
    };
  }
}
