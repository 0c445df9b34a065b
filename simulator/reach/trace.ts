/**
 * The hop-by-hop tracer behind `check`: the request (forward) and the reply (return), with every
 * blocker. After a drop the trace goes on "as if it were fixed" (hops marked hypothetical), so a
 * missing route, a missing ingress rule and an inactive interface all show in one run.
 *
 * Path, one module per step (aliyun-dataplane.md §6):
 *   source ENI's security groups, egress   (steps/securityGroup.ts)
 *   → source vSwitch's network ACL, egress (steps/networkAcl.ts; not between two addresses of one vSwitch)
 *   → route table, router interface or peering connection, peer VPC (steps/routing.ts)
 *   → destination vSwitch's network ACL, ingress
 *   → destination ENI's security groups, ingress → the destination (steps/endpoint.ts).
 * The reply takes its own route back. Security groups are stateful (the reply passes on the
 * session); ACLs are not, so the reply is checked against both ACLs again, to the client's
 * ephemeral ports.
 *
 * Verdict (topology-format.md §4.3): a definite blocker in either direction → `unreachable`;
 * otherwise a next hop vpclink does not model in either direction → `undetermined`.
 */
import { formatIpv4 } from '../net/ipv4';
import type { Compiled, InstanceInfo, VSwitchInfo } from './compile';
import { isUndeterminedCode } from './codes';
import type { Destination, Source } from './flow';
import type { Pool } from './securityGroups';
import { endpointHop, isPlaced } from './steps/endpoint';
import { networkAclHop } from './steps/networkAcl';
import { blocker, BlockerSink, type HopDraft, named, Recorder, type StepContext } from './steps/recorder';
import { RoutingStep } from './steps/routing';
import { securityGroupHop, sessionHop } from './steps/securityGroup';
import type { Blocker, CheckResult, FlowSpec, FlowVerdict, Trace, UnchangedSince } from './types';

export class Tracer {
  private readonly ctx: StepContext;
  private readonly routing: RoutingStep;

  constructor(
    private readonly c: Compiled,
    poolOf: (nic: InstanceInfo) => Pool,
  ) {
    this.ctx = { c, poolOf };
    this.routing = new RoutingStep(this.ctx);
  }

  check(flow: FlowSpec, source: Source, destination: Destination): CheckResult {
    const { forward, back, sink } = this.walk(flow, source, destination, true, undefined);
    return this.result(flow, forward, back, sink);
  }

  /**
   * The verdict and blockers `check` gives, from the same walk with its hops not written down
   * (what assert and diff need for thousands of pairs).
   * @param unchanged what the caller knows passed for this very pair in an earlier version of the
   * document (types.ts `UnchangedSince`): the steps that read only unchanged parts are skipped
   * (verdicts of two holders only; they would write no drop and no blocker).
   */
  verdict(flow: FlowSpec, source: Source, destination: Destination, unchanged?: UnchangedSince): FlowVerdict {
    const { forward, back, sink } = this.walk(flow, source, destination, false, unchanged);
    const blockers = sink.list;
    return { verdict: verdictOf(blockers, forward, back), blockers };
  }

  /** The request, then the reply when the request reached a holder. */
  private walk(
    flow: FlowSpec,
    source: Source,
    destination: Destination,
    keepHops: boolean,
    unchanged: UnchangedSince | undefined,
  ): Walked {
    const c = this.c;
    const sink = new BlockerSink();
    const forward = new Recorder('forward', false, sink, keepHops);
    const src = source.nic;
    const dstNic = destination.kind === 'instance' ? destination.instance : null;
    const dstIp = destination.ip;
    // Transit routers decide a route from more than the source's table: never skipped with them.
    const passed =
      unchanged !== undefined && !keepHops && dstNic !== null && this.routing.withoutTransitRouters
        ? unchanged
        : undefined;

    // A holder reaches itself, and an instance its own ENIs (the matrix diagonal, topology-format.md §3.3).
    const self =
      dstNic !== null
        ? dstNic === src || (dstNic.owner !== null && dstNic.owner === src.owner)
        : source.ip !== null && src.ips.includes(dstIp!);
    if (self) {
      const hop = (): HopDraft => ({
        resourceType: src.kind === 'eni' ? 'networkInterface' : 'instance',
        resourceId: src.id,
        action: 'DELIVERED',
        description: `${named(src.id, src.name)} is the destination itself: always reachable`,
        causesDrop: false,
        address: source.ip === null ? null : formatIpv4(source.ip),
      });
      forward.add(hop());
      const back = new Recorder('return', false, sink, keepHops);
      back.add(hop());
      return { forward, back, sink };
    }

    // 1. The source (an instance or ENI the earlier version had too, where the flow passed).
    const sourceFatal = passed ? false : endpointHop(c, forward, src, source.ip, 'source', flow);
    // The destination must be placed and addressed to route to it at all.
    const destinationFatal = dstNic !== null && !isPlaced(dstNic);
    if (sourceFatal || destinationFatal || dstIp === null || source.ip === null) {
      if (dstNic && destinationFatal) endpointHop(c, forward, dstNic, dstIp, 'destination', flow);
      return { forward, back: null, sink };
    }
    const srcVSwitch = src.vSwitch!;
    const srcIp = source.ip;

    // Where an address lands (routing does not depend on filters): only an address destination
    // needs it, to find the holder and the vSwitch; the replay below records the hops.
    const landed =
      dstNic === null
        ? this.routing.route(new Recorder('forward', false, new BlockerSink(), false), srcVSwitch, dstIp, null)
        : null;
    const landedVSwitch = landed !== null && landed !== 'undetermined' ? landed : null;
    const target = dstNic ?? (landedVSwitch !== null ? this.routing.instanceAt(landedVSwitch, dstIp) : null);
    const dstVSwitch: VSwitchInfo | null = target?.vSwitch ?? landedVSwitch;

    // 2. Source security groups, egress; 3. the source vSwitch's ACL, egress.
    if (!passed || !groupsUnchanged(passed, src))
      securityGroupHop(this.ctx, forward, src, srcIp, 'egress', { ip: dstIp, instance: target }, flow);
    if (!passed?.networkAcls)
      networkAclHop(c, forward, srcVSwitch.id, dstVSwitch?.id ?? null, 'egress', flow, 'request', dstIp);
    // 4. Routing, into the real recorder so that hypothetical flags follow the drops.
    if (!passed || !this.tableUnchanged(passed, srcVSwitch)) this.routing.route(forward, srcVSwitch, dstIp, dstNic);
    // 5. The destination vSwitch's ACL, ingress; 6. destination security groups; delivery.
    if (target !== null) {
      if (!passed?.networkAcls)
        networkAclHop(c, forward, target.vSwitch!.id, srcVSwitch.id, 'ingress', flow, 'request', srcIp);
      if (!passed || !groupsUnchanged(passed, target))
        securityGroupHop(this.ctx, forward, target, dstIp, 'ingress', { ip: srcIp, instance: src }, flow);
      if (!passed) endpointHop(c, forward, target, dstIp, 'destination', flow);
    } else {
      if (landedVSwitch !== null) {
        // Nobody holds the address: the request arrives and nobody answers (topology-format.md §4.3).
        networkAclHop(c, forward, landedVSwitch.id, srcVSwitch.id, 'ingress', flow, 'request', srcIp);
        forward.add(
          {
            resourceType: 'vSwitch',
            resourceId: landedVSwitch.id,
            action: 'DROPPED',
            description:
              `arrives in ${named(landedVSwitch.id, landedVSwitch.vSwitch.name, landedVSwitch.vSwitch.cidrBlock)}, but no instance or ENI of the document ` +
              `holds ${formatIpv4(dstIp)}: nobody answers`,
            causesDrop: true,
            cidrBlock: landedVSwitch.vSwitch.cidrBlock,
          },
          [
            blocker(
              'DESTINATION_UNKNOWN',
              landedVSwitch.id,
              `no instance or ENI of the document holds ${formatIpv4(dstIp)} in ${landedVSwitch.id} (${landedVSwitch.vSwitch.cidrBlock})`,
              `check the address; if an ENI or a secondary IP holds it, add it to the document (networkInterfaces, privateIpSets)`,
            ),
          ],
        );
      }
      return { forward, back: null, sink };
    }

    // The reply, from the destination back to the source address.
    const back = new Recorder('return', forward.stopped, sink, keepHops);
    const replyVSwitch = target.vSwitch!;
    // The hops that never drop nor block are only written down (not built at all for a verdict).
    if (keepHops)
      back.add({
        resourceType: target.kind === 'eni' ? 'networkInterface' : 'instance',
        resourceId: target.id,
        action: 'ORIGINATED',
        description: `${named(target.id, target.name, formatIpv4(dstIp))} replies to ${formatIpv4(srcIp)}`,
        causesDrop: false,
        address: formatIpv4(dstIp),
      });
    if (keepHops) back.add(sessionHop(target, 'egress'));
    if (!passed?.networkAcls) networkAclHop(c, back, replyVSwitch.id, srcVSwitch.id, 'egress', flow, 'reply', srcIp);
    if (!passed || !this.tableUnchanged(passed, replyVSwitch)) this.routing.route(back, replyVSwitch, srcIp, src);
    if (!passed?.networkAcls) networkAclHop(c, back, srcVSwitch.id, replyVSwitch.id, 'ingress', flow, 'reply', dstIp);
    if (keepHops) back.add(sessionHop(src, 'ingress'));
    if (keepHops)
      back.add({
        resourceType: src.kind === 'eni' ? 'networkInterface' : 'instance',
        resourceId: src.id,
        action: 'DELIVERED',
        description: `the reply reaches ${named(src.id, src.name, formatIpv4(srcIp))}`,
        causesDrop: false,
        address: formatIpv4(srcIp),
      });
    return { forward, back, sink };
  }

  /**
   * Whether routing from this vSwitch reads only unchanged parts: its route table (the rest it
   * reads — router interfaces, peering connections, the peer VPC's vSwitches — is unchanged by
   * `UnchangedSince`'s terms). A vSwitch without a table of its VPC drops, so it never passed.
   */
  private tableUnchanged(unchanged: UnchangedSince, vSwitch: VSwitchInfo): boolean {
    const table = this.c.tableOf(vSwitch);
    return table !== null && unchanged.routeTable(table.id);
  }

  private result(flow: FlowSpec, forward: Recorder, back: Recorder | null, sink: BlockerSink): CheckResult {
    const fwd = forward.trace();
    const ret: Trace = back ? back.trace() : { disposition: 'NOT_EVALUATED', hops: [] };
    return {
      verdict: verdictOf(sink.list, forward, back),
      flow: {
        from: flow.from,
        to: flow.to,
        protocol: flow.protocol,
        port: flow.port,
        ...(flow.sourcePort != null ? { sourcePort: flow.sourcePort } : {}),
      },
      forward: fwd,
      return: ret,
      blockers: sink.list,
    };
  }
}

/** What a walk wrote: the request, the reply (null when it never started) and the blockers of both. */
interface Walked {
  readonly forward: Recorder;
  readonly back: Recorder | null;
  readonly sink: BlockerSink;
}

/** A definite blocker in either direction → `unreachable`; else one vpclink cannot model → `undetermined`. */
function verdictOf(blockers: readonly Blocker[], forward: Recorder, back: Recorder | null): CheckResult['verdict'] {
  let undetermined = false;
  for (const b of blockers) {
    if (!isUndeterminedCode(b.code)) return 'unreachable';
    undetermined = true;
  }
  if (undetermined) return 'undetermined';
  // No blocker: reachable only when the request and the reply were both delivered.
  const delivered = !forward.stopped && back !== null && !back.stopped;
  return delivered ? 'reachable' : 'unreachable';
}

/** Whether every security group of the holder is unchanged (its pool's rules and InnerAccessPolicy are). */
function groupsUnchanged(unchanged: UnchangedSince, nic: InstanceInfo): boolean {
  for (const id of nic.groupIds) if (!unchanged.securityGroup(id)) return false;
  return true;
}
