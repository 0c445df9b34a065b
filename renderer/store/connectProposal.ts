/**
 * Connect by intent: the user drops one VPC on another, picks the link and says which flows they
 * want (these instances, ping and/or TCP ports); vpclink proposes the link, the routes on both
 * sides and the minimal security-group rules for exactly those flows, as a list of changes a user
 * can read, and proves them with the simulator before one click accepts them as one undoable edit.
 *
 * - Routes: to the peer vSwitch's CIDR block (the seed tutorials' choice, narrower than the VPC's),
 *   in the route table the local vSwitch uses, via the link's next hop — both ways, because routing
 *   is not stateful and the reply needs its own route (topology-format.md §3.2).
 * - Rules: only where the simulator says a group denies the flow; an Accept for the flow's protocol
 *   and port from the peer vSwitch's CIDR block, never 0.0.0.0/0. Security groups are stateful, so
 *   the reply needs no rule (aliyun-dataplane.md §0).
 * - Anything else the simulator still finds (an egress rule, a network ACL) gets the blocker's own
 *   fix, the very patch `vpclink check --json` gives (fixes.ts).
 * Pure: no DOM, no React; test/renderer/connectProposal.test.ts drives it.
 */
import type { Instance, Permission, RouteEntry, Topology, VSwitch, Vpc } from '../../simulator/document/schema';
import { cidrContainsCidr, cidrsOverlap, parseCidr } from '../../simulator/net/ipv4';
import {
  applyJsonPatch,
  createReachability,
  type Blocker,
  type CheckResult,
  type JsonPatch,
  type Reachability,
} from '../../simulator/reach';
import { addRouteEntry, ensureSystemRouteTable, updateRouteEntry } from './edits';
import { labelForPatch } from './fixes';
import type { LinkHop, LinkKind } from './links';

/** One flow the user asks for, between two instances. */
export interface FlowIntent {
  readonly from: string;
  readonly to: string;
  readonly protocol: 'icmp' | 'tcp';
  readonly port: number | null;
}

/** What the connect dialog asks: the two VPCs, the link, and the flows. */
export interface ConnectRequest {
  readonly fromVpcId: string;
  readonly toVpcId: string;
  readonly link: LinkKind;
  readonly flows: readonly FlowIntent[];
}

export interface ProposedChange {
  readonly kind: 'link' | 'route' | 'rule' | 'fix';
  /** One sentence a user understands: what, where, why. */
  readonly text: string;
}

export interface FlowVerdict {
  readonly flow: FlowIntent;
  readonly text: string;
  readonly verdict: CheckResult['verdict'];
  /** The first blocker's message when the flow still fails after the proposal. */
  readonly reason?: string;
}

export interface ConnectProposal {
  /** The document with every change applied (what one click accepts). */
  readonly doc: Topology;
  readonly selectId: string;
  readonly changes: readonly ProposedChange[];
  /** Each requested flow, simulated on `doc`. */
  readonly verdicts: readonly FlowVerdict[];
  /** What vpclink could not do (e.g. overlapping CIDR blocks), in words. */
  readonly problems: readonly string[];
}

// ───────────────────────────── the flows a user asks for ─────────────────────────────

/** TCP ports typed as "22, 443" (or empty): the numbers, or why the text is refused. */
export function parsePorts(text: string): { readonly ports: readonly number[] } | { readonly error: string } {
  const parts = text
    .split(/[\s,]+/)
    .map((p) => p.trim())
    .filter(Boolean);
  const ports: number[] = [];
  for (const part of parts) {
    if (!/^\d+$/.test(part) || Number(part) < 1 || Number(part) > 65535)
      return { error: `TCP ports: "${part}" is not a port from 1 to 65535` };
    if (!ports.includes(Number(part))) ports.push(Number(part));
  }
  return { ports };
}

/** Every instance in a VPC, in document order. */
export function instancesOfVpc(doc: Topology, vpcId: string): readonly Instance[] {
  const vSwitches = new Set(doc.vSwitches.filter((s) => s.vpcId === vpcId).map((s) => s.vSwitchId));
  return doc.instances.filter((i) => vSwitches.has(i.vSwitchId));
}

/** The flows for "from these instances to those, ping and these TCP ports, one or both ways". */
export function flowsFor(
  fromInstances: readonly string[],
  toInstances: readonly string[],
  options: { readonly icmp: boolean; readonly tcpPorts: readonly number[]; readonly bothWays: boolean },
): FlowIntent[] {
  const flows: FlowIntent[] = [];
  const services = [
    ...(options.icmp ? [{ protocol: 'icmp' as const, port: null }] : []),
    ...options.tcpPorts.map((port) => ({ protocol: 'tcp' as const, port })),
  ];
  for (const a of fromInstances)
    for (const b of toInstances)
      for (const s of services) {
        flows.push({ from: a, to: b, ...s });
        if (options.bothWays) flows.push({ from: b, to: a, ...s });
      }
  return flows;
}

// ───────────────────────────── the proposal ─────────────────────────────

const nameOfVpc = (v: Vpc | undefined, id: string) => v?.name ?? id;

function serviceText(flow: Pick<FlowIntent, 'protocol' | 'port'>): string {
  return flow.protocol === 'icmp' ? 'ping (ICMP)' : `TCP ${flow.port}`;
}

export function flowLabel(doc: Topology, flow: FlowIntent): string {
  const name = (id: string) => doc.instances.find((i) => i.instanceId === id)?.name ?? id;
  return `${name(flow.from)} → ${name(flow.to)}, ${serviceText(flow)}`;
}

/** The route table a vSwitch's traffic uses: its custom table, else its VPC's system table (created when only implied). */
function tableOfVSwitch(doc: Topology, vsw: VSwitch): { doc: Topology; routeTableId: string } {
  if (vsw.routeTableId && doc.routeTables.some((t) => t.routeTableId === vsw.routeTableId))
    return { doc, routeTableId: vsw.routeTableId };
  return ensureSystemRouteTable(doc, vsw.vpcId);
}

interface RouteWish {
  /** The local vSwitch whose table gets the route (undefined: the VPC's system table). */
  readonly local: VSwitch | undefined;
  readonly localVpc: Vpc;
  readonly destination: string;
  /** What the destination is, for the sentence ("vsw-172-16-100 in VPC2"). */
  readonly reaches: string;
  readonly hop: LinkHop;
}

/** Adds one route unless its table already routes that very block over the link; replaces another next hop for the same block. */
function addRoute(doc: Topology, wish: RouteWish, changes: ProposedChange[], problems: string[]): Topology {
  const dest = parseCidr(wish.destination);
  const localBlocks = doc.vSwitches.filter((s) => s.vpcId === wish.localVpc.vpcId).map((s) => parseCidr(s.cidrBlock));
  // A route may not equal or lie inside a local vSwitch block (aliyun-api.md §4.2): overlapping VPCs need re-addressing.
  if (
    dest.ok &&
    localBlocks.some((l) => l.ok && (cidrContainsCidr(l.value, dest.value) || cidrsOverlap(l.value, dest.value)))
  ) {
    problems.push(
      `${wish.destination} (${wish.reaches}) overlaps a vSwitch of ${nameOfVpc(wish.localVpc, wish.localVpc.vpcId)}: no route can reach it; re-address one side`,
    );
    return doc;
  }
  const ensured = wish.local ? tableOfVSwitch(doc, wish.local) : ensureSystemRouteTable(doc, wish.localVpc.vpcId);
  let d = ensured.doc;
  const table = d.routeTables.find((t) => t.routeTableId === ensured.routeTableId)!;
  const tableName =
    table.routeTableType === 'System'
      ? `${nameOfVpc(wish.localVpc, wish.localVpc.vpcId)}'s system route table`
      : `route table ${table.routeTableId} of ${nameOfVpc(wish.localVpc, wish.localVpc.vpcId)}`;
  const ri = d.routerInterfaces.find((r) => r.routerInterfaceId === wish.hop.nextHopId);
  const hopText =
    wish.hop.nextHopType === 'VpcPeer'
      ? 'the peering connection'
      : `router interface ${ri?.name ?? wish.hop.nextHopId}`;
  const existing = table.routeEntries.findIndex((e) => e.destinationCidrBlock === wish.destination);
  if (existing >= 0) {
    const entry = table.routeEntries[existing];
    if (entry.nextHopId === wish.hop.nextHopId && (entry.status ?? 'Available') === 'Available') return d;
    d = updateRouteEntry(d, table.routeTableId, existing, { ...wish.hop, status: 'Available' });
    changes.push({
      kind: 'route',
      text: `In ${tableName}: send ${wish.destination} (${wish.reaches}) through ${hopText} instead of ${entry.nextHopId}`,
    });
    return d;
  }
  const entry: RouteEntry = {
    destinationCidrBlock: wish.destination,
    ...wish.hop,
    status: 'Available',
    routeEntryName: `to-${wish.reaches.replace(/\s+/g, '-')}`.slice(0, 128),
  };
  d = addRouteEntry(d, table.routeTableId, entry);
  changes.push({
    kind: 'route',
    text: `In ${tableName}: route ${wish.destination} (${wish.reaches}) through ${hopText}`,
  });
  return d;
}

/** The blocker fix, with the security-group rule's peer widened from the address /32 to its vSwitch block. */
function ruleFromVSwitch(patch: JsonPatch, peerBlock: string, description: string): JsonPatch {
  return patch.map((op) => {
    if (op.op !== 'add' || !op.path.endsWith('/permissions/-')) return op;
    const rule = op.value as Permission;
    const widened: Permission = {
      ...rule,
      ...(rule.direction === 'ingress' ? { sourceCidrIp: peerBlock } : { destCidrIp: peerBlock }),
      description,
    };
    return { ...op, value: widened };
  });
}

/** A patch that would design a new peering connection: the link is the user's choice, never a fix's. */
const addsLink = (patch: JsonPatch) => patch.some((op) => op.path.startsWith('/vpcPeerConnections'));

function check(reach: Reachability, flow: FlowIntent): CheckResult | undefined {
  const result = reach.check({ from: flow.from, to: flow.to, protocol: flow.protocol, port: flow.port });
  return 'verdict' in result ? result : undefined;
}

/** Rounds of "check every flow, apply one fix": each fix removes one blocker; a bound keeps a bug from looping. */
const MAX_FIXES = 24;

export function proposeConnection(
  doc: Topology,
  request: ConnectRequest,
): ConnectProposal | { readonly error: string } {
  const why = request.link.unavailable(doc, request.fromVpcId, request.toVpcId);
  if (why !== null) return { error: why };
  const created = request.link.create(doc, request.fromVpcId, request.toVpcId);
  if (!created) return { error: 'the link could not be created' };
  const changes: ProposedChange[] = [{ kind: 'link', text: `Create the ${created.description}` }];
  const problems: string[] = [];
  let d = created.doc;
  const vpc = (id: string) => d.vpcs.find((v) => v.vpcId === id)!;
  const linked = new Set([request.fromVpcId, request.toVpcId]);
  const placed = (instanceId: string) => {
    const instance = d.instances.find((i) => i.instanceId === instanceId);
    const vsw = instance && d.vSwitches.find((s) => s.vSwitchId === instance.vSwitchId);
    return instance && vsw && linked.has(vsw.vpcId) ? { instance, vsw } : undefined;
  };
  const flows = request.flows.filter((f) => {
    const a = placed(f.from);
    const b = placed(f.to);
    return a && b && a.vsw.vpcId !== b.vsw.vpcId;
  });

  // Routes: each flow's two vSwitches, each way; with no flow (no instances yet), the VPC blocks.
  const seen = new Set<string>();
  const wishes: RouteWish[] = [];
  const wish = (w: RouteWish) => {
    const key = `${w.local?.vSwitchId ?? w.localVpc.vpcId}\u0000${w.destination}`;
    if (!seen.has(key)) wishes.push(w);
    seen.add(key);
  };
  for (const f of flows) {
    const a = placed(f.from)!;
    const b = placed(f.to)!;
    for (const [local, remote] of [
      [a, b],
      [b, a],
    ] as const) {
      const localVpc = vpc(local.vsw.vpcId);
      const remoteVpc = vpc(remote.vsw.vpcId);
      wish({
        local: local.vsw,
        localVpc,
        destination: remote.vsw.cidrBlock,
        reaches: `${remote.vsw.name ?? remote.vsw.vSwitchId} in ${nameOfVpc(remoteVpc, remoteVpc.vpcId)}`,
        hop: created.hops[localVpc.vpcId]!,
      });
    }
  }
  if (request.flows.length === 0) {
    for (const [local, remote] of [
      [request.fromVpcId, request.toVpcId],
      [request.toVpcId, request.fromVpcId],
    ] as const) {
      const localVpc = vpc(local);
      const remoteVpc = vpc(remote);
      wish({
        local: undefined,
        localVpc,
        destination: remoteVpc.cidrBlock,
        reaches: nameOfVpc(remoteVpc, remoteVpc.vpcId),
        hop: created.hops[local]!,
      });
    }
  }
  for (const w of wishes) d = addRoute(d, w, changes, problems);

  // Rules and anything else the simulator still finds, one fix at a time.
  let reach = createReachability(d);
  for (let round = 0; round < MAX_FIXES; round++) {
    let fixed = false;
    for (const f of flows) {
      const result = check(reach, f);
      if (!result || result.verdict === 'reachable') continue;
      const blocker = result.blockers.find((b) => b.fix && b.fix.length > 0 && !addsLink(b.fix));
      if (!blocker) continue;
      const patch = widenedFix(d, f, blocker, placed);
      try {
        const next = applyJsonPatch(d, patch);
        changes.push({ kind: patch === blocker.fix ? 'fix' : 'rule', text: ruleText(d, patch, f) });
        d = next;
        reach = reach.update(d);
        fixed = true;
      } catch {
        continue;
      }
      break;
    }
    if (!fixed) break;
  }

  const verdicts = request.flows.map((f): FlowVerdict => {
    const result = check(reach, f);
    const first = result?.blockers[0];
    return {
      flow: f,
      text: flowLabel(d, f),
      verdict: result?.verdict ?? 'unreachable',
      ...(result && result.verdict !== 'reachable' && first ? { reason: first.message } : {}),
    };
  });
  return { doc: d, selectId: created.selectId, changes, verdicts, problems };
}

/** A security group's deny: the Accept comes from the peer's vSwitch block (seed tutorial style), not just its /32. */
function widenedFix(
  doc: Topology,
  flow: FlowIntent,
  blocker: Blocker,
  placed: (id: string) => { instance: Instance; vsw: VSwitch } | undefined,
): JsonPatch {
  const fix = blocker.fix!;
  const peerId =
    blocker.code === 'SG_INGRESS_DENIED' ? flow.from : blocker.code === 'SG_EGRESS_DENIED' ? flow.to : undefined;
  if (peerId === undefined || blocker.direction !== 'forward') return fix;
  const peer = placed(peerId);
  if (!peer) return fix;
  const peerVpc = doc.vpcs.find((v) => v.vpcId === peer.vsw.vpcId);
  const where = `${peer.vsw.name ?? peer.vsw.vSwitchId} in ${nameOfVpc(peerVpc, peer.vsw.vpcId)}`;
  return ruleFromVSwitch(
    fix,
    peer.vsw.cidrBlock,
    `${serviceText(flow)} ${blocker.code === 'SG_INGRESS_DENIED' ? 'from' : 'to'} ${where}`,
  );
}

/** The sentence for a rule change: group, direction, protocol/port, peer block and why. */
function ruleText(doc: Topology, patch: JsonPatch, flow: FlowIntent): string {
  const add = patch.find((op) => op.op === 'add' && op.path.endsWith('/permissions/-'));
  if (!add || !('value' in add)) return labelForPatch(doc, patch);
  const rule = add.value as Permission;
  const groupIndex = Number(add.path.split('/')[2]);
  const group = doc.securityGroups[groupIndex];
  const groupVpc = doc.vpcs.find((v) => v.vpcId === group?.vpcId);
  const groupName = `${group?.name ?? group?.securityGroupId ?? '?'}${groupVpc ? ` of ${nameOfVpc(groupVpc, groupVpc.vpcId)}` : ''}`;
  const service =
    rule.ipProtocol.toUpperCase() === 'ICMP'
      ? 'ICMP'
      : `${rule.ipProtocol.toUpperCase()} ${rule.portRange.split('/')[0]}`;
  const removed = patch.filter((op) => op.op === 'remove').length;
  const peer = rule.direction === 'ingress' ? `in from ${rule.sourceCidrIp}` : `out to ${rule.destCidrIp}`;
  return `In security group ${groupName}: allow ${service} ${peer}, priority ${rule.priority} — for ${flowLabel(doc, flow)}${
    removed ? ` (and remove ${removed === 1 ? 'the Drop rule' : `${removed} Drop rules`} that would win)` : ''
  }`;
}
