/**
 * The routing step (aliyun-api.md §4, aliyun-dataplane.md §4): the source vSwitch's route table
 * by longest-prefix match over the implied system routes of the VPC's vSwitch CIDRs and the
 * Available custom entries; a router interface (both ends Active and paired with each other) or
 * a VPC peering connection (Activated) to the peer VPC, which delivers to one of its own
 * vSwitches (traffic arriving over a connection is not forwarded again: no transit). For peering
 * Alibaba says so: "VPC peering is non-transitive. If VPC A is peered with VPC B and VPC C, VPC B
 * and VPC C cannot communicate through VPC A" (VPC peering connections, Considerations,
 * https://www.alibabacloud.com/help/doc-detail/44843.html, updated 2026-02-05); for router
 * interfaces the same rule is UNCONFIRMED. Any other next hop is not simulated, and the path ends
 * `undetermined`.
 */
import type { RouterInterface, VpcPeerConnection } from '../../document/schema';
import { type Cidr, cidrContainsCidr, cidrContainsIp, cidrsOverlap, formatCidr, formatIpv4 } from '../../net/ipv4';
import {
  effectiveRouterInterfaceStatus,
  isPairingConsistent,
  pairProblems,
  type PairingProblem,
} from '../../model/pairing';
import type { CompiledRoute, InstanceInfo, TableInfo, VSwitchInfo, VpcInfo } from '../compile';
import type { JsonPatch, JsonPatchOperation } from '../jsonPatch';
import {
  blocker,
  type BlockerDraft,
  type HopWriter,
  named,
  type Recorder,
  type StepContext,
  tableLabel,
  Tape,
  TapeRecorder,
} from './recorder';
import { TransitRouterStep } from './transitRouter';

/** Routes kept for replay per index: enough for a diff's or an assert's pairs, bounded for a matrix by checks. */
const MAX_ROUTED = 100_000;

interface Routed {
  readonly tape: TapeRecorder;
  readonly outcome: RouteOutcome;
}

/** A route asked for once so far (routed into the trace directly, not taped). */
const FIRST_SIGHT = 'first sight';

/** What routing from one vSwitch to one address wrote for one expected holder (see RoutingStep.routed). */
interface RoutedEntry {
  readonly expected: InstanceInfo | null;
  routed: Routed | typeof FIRST_SIGHT;
}

/**
 * Per compiled table, whether one of its routes goes into a transit router. An index made by
 * `update` keeps the tables an edit left alone (compile.ts), so the next edit's first check reads
 * the routes of the changed tables only, not the 20,000 of an estate (a re-check's share).
 */
const intoTransitRouter = new WeakMap<TableInfo, boolean>();

/** Whether one of the table's routes goes into a transit router (memoised per compiled table). */
function routesIntoTransitRouter(table: TableInfo): boolean {
  let into = intoTransitRouter.get(table);
  if (into === undefined) {
    into = false;
    for (const route of table.routes) if (route.kind === 'transitRouter') into = true;
    intoTransitRouter.set(table, into);
  }
  return into;
}

function hasVpcAttachments(c: StepContext['c']): boolean {
  return (c.document.transitRouterVpcAttachments?.length ?? 0) > 0;
}

/** Whether any route or attachment involves a transit router. */
function usesTransitRouters(c: StepContext['c']): boolean {
  if (hasVpcAttachments(c)) return true;
  for (const table of c.tables.values()) if (routesIntoTransitRouter(table)) return true;
  return false;
}

/**
 * The first position of each router interface in the document's list (what indexOf gives), per
 * list: an edit that leaves the interfaces alone keeps the list, and its index reads this again.
 */
const riPositionsOf = new WeakMap<readonly RouterInterface[], ReadonlyMap<RouterInterface, number>>();

function riPositions(list: readonly RouterInterface[]): ReadonlyMap<RouterInterface, number> {
  let positions = riPositionsOf.get(list);
  if (positions === undefined) {
    const map = new Map<RouterInterface, number>();
    for (let i = 0; i < list.length; i++) if (!map.has(list[i]!)) map.set(list[i]!, i);
    riPositionsOf.set(list, (positions = map));
  }
  return positions;
}

/**
 * Whether the source's route table has no route at all, Available or not, for the destination's
 * address: `route` then writes NO_ROUTE or DESTINATION_UNKNOWN (or ROUTE_TABLE_MISSING first),
 * definite blockers, so the flow is `unreachable` whatever else is on its path. Only for two
 * distinct holders that are placed and addressed (no placement problem ends the trace before
 * routing: steps/endpoint.ts), and never with transit routers (a route they may publish makes the
 * same path `undetermined`).
 */
export function hasNoRoute(c: StepContext['c'], src: InstanceInfo, dst: InstanceInfo): boolean {
  if ((c.document.transitRouterVpcAttachments?.length ?? 0) > 0) return false;
  if (dst === src || (dst.owner !== null && dst.owner === src.owner)) return false;
  if (src.ip === null || dst.ip === null || src.vSwitch?.vpc == null || dst.vSwitch?.vpc == null) return false;
  const table = c.tableOf(src.vSwitch);
  if (table === null) return true;
  return table.lookup.lookup(dst.ip) === undefined && table.notAvailable.lookup(dst.ip) === undefined;
}

/** Where routing took the packet: into a vSwitch, nowhere (dropped), or out of the model. */
export type RouteOutcome = VSwitchInfo | null | 'undetermined';

/** A connection toward another VPC that a suggested route can use. */
export type NextHop =
  | { readonly kind: 'routerInterface'; readonly ri: RouterInterface }
  | { readonly kind: 'vpcPeer'; readonly connection: VpcPeerConnection };

export interface RouteSuggestion {
  /** The VPC the route leads to. */
  readonly to: VpcInfo;
  readonly text: string;
  readonly hop: NextHop | null;
  readonly block: Cidr | null;
}

export class RoutingStep {
  private readonly c: StepContext['c'];
  private readonly transitRouters: TransitRouterStep;
  // What depends on the compiled document only, not on the pair (a diff or an assert traces
  // thousands of pairs through the same few interfaces): kept per step, i.e. per index.
  private readonly crossings = new Map<RouterInterface, Map<VpcInfo, { tape: Tape; peer: VpcInfo | null }>>();
  private readonly towardByInterface = new Map<VpcInfo, Map<VpcInfo, RouterInterface | null>>();
  /** The first usable peering connection between two VPCs, by VPC ID both ways (see peeringToward). */
  private peeringsByVpc: ReadonlyMap<string, ReadonlyMap<string, VpcPeerConnection>> | undefined;
  /** What each suggestion's NO_ROUTE blocker and the trace after it use: its patch and its route. */
  private readonly madeFor = new WeakMap<RouteSuggestion, { fix?: { fix?: JsonPatch }; route?: CompiledRoute }>();
  /** Suggested routes that hold for every address of a block of the destination VPC (see suggestRoute). */
  private readonly suggestions = new Map<TableInfo, Map<Cidr, RouteSuggestion | null>>();
  /**
   * What routing wrote for each (source vSwitch, expected holder, address), replayed into each
   * trace that asks the same (a diff traces thousands of pairs between a few vSwitches): routing
   * reads nothing of the trace it writes to, and the recorder still decides each hop's
   * `hypothetical` and each blocker's direction and dedup on replay. Not through transit routers
   * (their step is not known to be free of the trace's state: see `replayable`), and at most
   * MAX_ROUTED routes.
   */
  private readonly routed = new Map<VSwitchInfo, Map<number, RoutedEntry[]>>();
  /** The same for recorders that keep no hops: their tapes hold only the hops that drop or block. */
  private readonly routedBriefly = new Map<VSwitchInfo, Map<number, RoutedEntry[]>>();
  private routedCount = 0;
  private replays: boolean | undefined;
  private attached: boolean | undefined;
  constructor(ctx: StepContext) {
    this.c = ctx.c;
    this.transitRouters = new TransitRouterStep(ctx.c);
  }

  /** True when no route or attachment involves a transit router (routing reads one table per vSwitch then). */
  get withoutTransitRouters(): boolean {
    return (this.replays ??= !usesTransitRouters(this.c));
  }

  /**
   * Whether routing from this vSwitch reads its own table only, no transit router: what `route`
   * needs to replay a route, asked of the one table (a check on a fresh index would otherwise read
   * every route of the estate first: `withoutTransitRouters`).
   */
  private replayable(from: VSwitchInfo): boolean {
    // Known for every table at once when a diff's skipped steps asked (no table routes into one).
    if (this.replays === true) return true;
    if ((this.attached ??= hasVpcAttachments(this.c))) return false;
    return !routesIntoTransitRouter(this.c.tableOf(from) ?? this.c.systemTableOf(from.vpc!));
  }

  /** The instance of the document at an address in a vSwitch, if any. */
  instanceAt(vSwitch: VSwitchInfo, ip: number): InstanceInfo | null {
    for (const holder of this.c.instancesByVSwitch.get(vSwitch.id) ?? []) if (holder.ips.includes(ip)) return holder;
    return null;
  }

  /**
   * Routes `ip` from a vSwitch. Returns the vSwitch the packet is delivered to (and, when a
   * holder is expected, only if it is that holder's vSwitch), null, or 'undetermined'.
   */
  route(rec: Recorder, from: VSwitchInfo, ip: number, expected: InstanceInfo | null): RouteOutcome {
    if (!this.replayable(from)) return this.routeOnce(rec, from, ip, expected);
    const routed0 = rec.keepHops ? this.routed : this.routedBriefly;
    let byIp = routed0.get(from);
    if (byIp === undefined) routed0.set(from, (byIp = new Map()));
    // By address, then holder: an address has one holder but where VPCs overlap.
    let seen = byIp.get(ip);
    let entry: RoutedEntry | undefined;
    if (seen === undefined) byIp.set(ip, (seen = []));
    else for (const e of seen) if (e.expected === expected) entry = e;
    if (entry === undefined || entry.routed === FIRST_SIGHT) {
      if (this.routedCount >= MAX_ROUTED) return this.routeOnce(rec, from, ip, expected);
      // Taped on the second time only: most routes of an assert or a diff are asked once (each
      // pair has its own holder), where a tape would cost more than it saves.
      if (entry === undefined) {
        seen.push({ expected, routed: FIRST_SIGHT });
        this.routedCount++;
        return this.routeOnce(rec, from, ip, expected);
      }
      const tape = new TapeRecorder(rec.keepHops);
      entry.routed = { tape, outcome: this.routeOnce(tape, from, ip, expected) };
    }
    const routed = entry.routed;
    routed.tape.replay(rec);
    return routed.outcome;
  }

  private routeOnce(rec: Recorder, from: VSwitchInfo, ip: number, expected: InstanceInfo | null): RouteOutcome {
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
            { fix: this.vSwitchPatch(from, [{ op: 'remove', path: 'routeTableId' }]) },
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
            description:
              `${tableLabel(table)}: route ${pending.ref.destinationCidrBlock} → ${pending.ref.nextHopId} covers ${ipText} but is ${pending.ref.status}, not Available: ` +
              `it carries no traffic`,
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
              pending.ref.path
                ? { fix: [{ op: 'replace', path: `${pending.ref.path}/status`, value: 'Available' }] }
                : {},
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
              ...(expected === null ? [this.nobodyHolds(vpcA, ip)] : []),
            ],
          );
          return null;
        }
        // A VPC whose attachment auto-publishes transit-router routes may have routes the document lacks.
        const unpublished = this.transitRouters.unpublished(rec, table, ip, null);
        if (unpublished !== null) return unpublished;
        const suggestion = this.suggestRoute(table, targetVpc, ip, expected);
        rec.add(
          {
            resourceType: 'routeTable',
            resourceId: table.id,
            action: 'NO_ROUTE',
            // Hop texts are written only where hops are kept (a verdict reads the blocker alone).
            description: rec.keepHops
              ? `${tableLabel(table)} has no Available route covering ${ipText} (${expected ? expected.id + ' in ' : ''}${targetVpc.vpc.name ?? targetVpc.id}); only its vSwitch routes and custom ` +
                `entries count`
              : '',
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
              this.newRouteFix(table, suggestion),
            ),
          ],
        );
        if (suggestion.hop === null || suggestion.block === null) return null;
        // Go on as if the suggested route existed, to find what else is in the way.
        match = this.suggestedRoute(table, suggestion, suggestion.hop, suggestion.block);
        announced = true;
      }
    }
    if (!announced && match.kind !== 'local') {
      // Routes a transit router may publish into this VPC could be more specific than this one.
      const unpublished = this.transitRouters.unpublished(rec, table, ip, match);
      if (unpublished !== null) return unpublished;
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
  ): RouteOutcome {
    const vpcA = table.vpc;
    const ipText = formatIpv4(ip);
    const routeText = `${match.ref.destinationCidrBlock} → ${match.ref.nextHopType} ${match.ref.nextHopId}`;
    // The FORWARDED hop's text, written down only where hops are kept (it neither drops nor blocks).
    const matchesRoute = rec.keepHops ? `${tableLabel(table)}: ${ipText} matches route ${routeText}` : '';
    switch (match.kind) {
      case 'local': {
        if (rec.keepHops)
          forwardedHop(
            rec,
            table,
            match,
            ipText,
            announced,
            `${tableLabel(table)}: ${ipText} matches system route ${match.ref.destinationCidrBlock} (vSwitch ${match.vSwitch.id}): local delivery`,
          );
        return this.deliver(rec, match.vSwitch, ip, expected, table);
      }
      case 'unsupported': {
        // Not simulated (topology-format.md §4.2): the path leaves the model here; never a guess.
        rec.add(
          {
            resourceType: 'routeTable',
            resourceId: table.id,
            action: 'NOT_SIMULATED',
            description:
              `${tableLabel(table)}: ${ipText} matches route ${routeText}; vpclink does not simulate next hops of type ${match.ref.nextHopType}, so what ` +
              `happens after this hop is undetermined`,
            causesDrop: false,
            destination: ipText,
            route: match.ref,
          },
          [
            blocker(
              'NEXT_HOP_NOT_SIMULATED',
              table.id,
              `route ${routeText} in ${table.id} sends ${ipText} to ${match.ref.nextHopType} ${match.ref.nextHopId}, which vpclink does not simulate${match.ref.path ? ` (${match.ref.path})` : ''}`,
              expected && expected.vSwitch?.vpc && expected.vSwitch.vpc !== vpcA
                ? `check the path through ${match.ref.nextHopId} yourself (Alibaba NIS can), or, if ${expected.id} should be reached over a router interface ` +
                    `or peering connection: ${this.suggestRoute(table, expected.vSwitch.vpc, ip, expected).text}`
                : `check the path through ${match.ref.nextHopId} yourself (Alibaba NIS can); vpclink simulates only RouterInterface and VpcPeer next hops`,
            ),
          ],
        );
        return 'undetermined';
      }
      case 'vpcPeer': {
        const found = this.c.peerConnections.get(match.connectionId);
        const connection = found?.connection;
        const otherVpcId =
          connection === undefined
            ? undefined
            : connection.vpcId === vpcA.id
              ? connection.acceptingVpcId
              : connection.acceptingVpcId === vpcA.id
                ? connection.vpcId
                : undefined;
        if (connection === undefined || otherVpcId === undefined) {
          const why =
            connection === undefined
              ? 'is not in the document'
              : `does not connect ${vpcA.id} (it joins ${connection.vpcId} and ${connection.acceptingVpcId})`;
          return this.invalidNextHop(
            rec,
            table,
            match,
            ip,
            expected,
            `peering connection ${match.connectionId} ${why}`,
            'a peering connection or router interface',
          );
        }
        if (rec.keepHops) forwardedHop(rec, table, match, ipText, announced, matchesRoute);
        const peer = this.crossPeering(rec, connection, found!.docIndex, otherVpcId, vpcA);
        if (peer === null) return null;
        return this.arrive(rec, table, match, peer, ip, expected, match.connectionId);
      }
      case 'transitRouter': {
        // An attachment the document does not have (a partial import): not simulated, as before.
        if (!this.transitRouters.knows(match.attachmentId))
          return this.follow(
            rec,
            table,
            { kind: 'unsupported', cidr: match.cidr, ref: match.ref },
            ip,
            expected,
            announced,
          );
        const wrong = this.transitRouters.wrongAttachment(vpcA, match);
        if (wrong !== null) return this.invalidNextHop(rec, table, match, ip, expected, wrong.why, '', wrong);
        const peer = this.transitRouters.cross(rec, table, match, ip, expected, (description) =>
          forwardedHop(rec, table, match, ipText, announced, description),
        );
        if (peer === null || peer === 'undetermined') return peer;
        return this.arrive(rec, table, match, peer, ip, expected, match.attachmentId);
      }
      case 'routerInterface': {
        const ri = this.c.index.routerInterfaces.get(match.routerInterfaceId);
        if (ri === undefined || ri.routerId !== vpcA.vpc.vRouterId) {
          const why =
            ri === undefined
              ? 'is not in the document'
              : `belongs to router ${ri.routerId}, not to ${vpcA.id}'s vRouter ${vpcA.vpc.vRouterId}`;
          return this.invalidNextHop(
            rec,
            table,
            match,
            ip,
            expected,
            `${match.routerInterfaceId} ${why}`,
            `a router interface of ${vpcA.vpc.vRouterId}`,
          );
        }
        if (rec.keepHops) forwardedHop(rec, table, match, ipText, announced, matchesRoute);
        const peer = this.crossInterface(rec, ri, vpcA);
        if (peer === null) return null;
        return this.arrive(rec, table, match, peer, ip, expected, ri.routerInterfaceId);
      }
    }
  }

  /** A route whose next hop is not a connection of this VPC: ROUTE_NEXT_HOP_INVALID, fixed by the route the destination needs. */
  private invalidNextHop(
    rec: Recorder,
    table: TableInfo,
    match: CompiledRoute,
    ip: number,
    expected: InstanceInfo | null,
    why: string,
    instead: string,
    /** The change that fixes it when the caller knows better than a suggested route (a transit-router attachment). */
    known?: { readonly suggestion: string; readonly fix?: JsonPatch },
  ): null {
    const vpcA = table.vpc;
    const ipText = formatIpv4(ip);
    const routeText = `${match.ref.destinationCidrBlock} → ${match.ref.nextHopType} ${match.ref.nextHopId}`;
    const suggestion =
      known === undefined && expected?.vSwitch?.vpc && expected.vSwitch.vpc !== vpcA
        ? this.suggestRoute(table, expected.vSwitch.vpc, ip, expected)
        : null;
    rec.add(
      {
        resourceType: 'routeTable',
        resourceId: table.id,
        action: 'DROPPED',
        description: `${tableLabel(table)}: ${ipText} matches route ${routeText}, but ${why}`,
        causesDrop: true,
        destination: ipText,
        route: match.ref,
      },
      [
        blocker(
          'ROUTE_NEXT_HOP_INVALID',
          table.id,
          `route ${routeText} in ${table.id}: ${why}`,
          known?.suggestion ?? suggestion?.text ?? `point the route at ${instead}`,
          known ? (known.fix ? { fix: known.fix } : {}) : suggestion ? this.routeFix(table, suggestion, match) : {},
        ),
      ],
    );
    return null;
  }

  /** The packet arrives in `peer` over a connection: delivered to one of its own vSwitches, or dropped. */
  private arrive(
    rec: Recorder,
    table: TableInfo,
    match: CompiledRoute,
    peer: VpcInfo,
    ip: number,
    expected: InstanceInfo | null,
    via: string,
  ): RouteOutcome {
    const ipText = formatIpv4(ip);
    const routeText = `${match.ref.destinationCidrBlock} → ${match.ref.nextHopType} ${match.ref.nextHopId}`;
    const wanted = expected?.vSwitch?.vpc ?? null;
    if (wanted !== null && wanted !== peer) {
      const suggestion = this.suggestRoute(table, wanted, ip, expected);
      rec.add(
        {
          resourceType: 'vpc',
          resourceId: peer.id,
          action: 'DROPPED',
          description: rec.keepHops
            ? `the packet for ${ipText} arrives in ${named(peer.id, peer.vpc.name)}, but ${expected!.id} is in ${wanted.id}; traffic arriving over ${via} is not forwarded again`
            : '',
          causesDrop: true,
        },
        [
          blocker(
            'ROUTE_TO_WRONG_VPC',
            table.id,
            `route ${routeText} in ${table.id} sends ${ipText} over ${via} to ${peer.id}, but ${expected!.id} is in ${wanted.id}`,
            suggestion.text,
            this.routeFix(table, suggestion, match),
          ),
        ],
      );
      return null;
    }
    if (rec.keepHops)
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
        ? `; ${peer.id}'s route ${onward.ref.destinationCidrBlock} → ${onward.ref.nextHopId} is not used for traffic arriving over ${via} (no transit)`
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
            `${ipText} arrives in ${peer.id} over ${via}, but no vSwitch of ${peer.id} contains it`,
            `check the address: the vSwitches of ${peer.id} are ${peer.localRoutes.map((r) => r.ref.destinationCidrBlock).join(', ') || '(none)'}; or create a vSwitch ` +
              `in ${peer.id} whose block contains ${ipText}`,
          ),
          ...(expected === null && peer.cidrs.some((c) => cidrContainsIp(c, ip)) ? [this.nobodyHolds(peer, ip)] : []),
        ],
      );
      return null;
    }
    const arrival = this.c.systemTableOf(peer);
    if (rec.keepHops)
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
          description: rec.keepHops
            ? `${ipText} is delivered into ${named(vSwitch.id, vSwitch.vSwitch.name)} (${vSwitch.vSwitch.cidrBlock}), not to ${expected.id}'s vSwitch ${expected.vSwitch?.id}`
            : '',
          causesDrop: true,
          cidrBlock: vSwitch.vSwitch.cidrBlock,
        },
        [
          blocker(
            'DELIVERED_ELSEWHERE',
            overlap ? vSwitch.id : expected.id,
            overlap
              ? `${ipText} (${expected.id} in ${expected.vSwitch?.vpc?.id}) is inside ${vSwitch.id} (${vSwitch.vSwitch.cidrBlock}) of ${vSwitch.vpc?.id}: ${table.id} delivers ` +
                  `it there and it never reaches ${expected.id}`
              : `${ipText} of ${expected.id} lies in ${vSwitch.id} (${vSwitch.vSwitch.cidrBlock}), not in its own vSwitch ${expected.vSwitch?.id}`,
            overlap
              ? `the CIDR blocks overlap: re-address one side (e.g. move ${expected.vSwitch?.vpc?.id} or ${vSwitch.vpc?.id} to a non-overlapping block); routes cannot ` +
                  `override a local vSwitch block (docs/aliyun-api.md §4.2)`
              : `correct privateIpAddress of ${expected.id} to an address inside ${expected.vSwitch?.vSwitch.cidrBlock}`,
          ),
        ],
      );
      return null;
    }
    if (rec.keepHops)
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

  /**
   * The interface pair from `ri` onward: hops for both ends, then the peer VPC (or null). What it
   * writes depends on `ri` and `vpcA` only, so it is worked out once and replayed.
   */
  private crossInterface(rec: Recorder, ri: RouterInterface, vpcA: VpcInfo): VpcInfo | null {
    let byVpc = this.crossings.get(ri);
    if (byVpc === undefined) this.crossings.set(ri, (byVpc = new Map()));
    let crossing = byVpc.get(vpcA);
    if (crossing === undefined) {
      const tape = new Tape();
      byVpc.set(vpcA, (crossing = { tape, peer: this.crossInterfaceOnce(tape, ri, vpcA) }));
    }
    crossing.tape.replay(rec);
    return crossing.peer;
  }

  private crossInterfaceOnce(rec: HopWriter, ri: RouterInterface, vpcA: VpcInfo): VpcInfo | null {
    const index = this.c.index;
    const named0 = index.routerInterfaces.get(ri.oppositeInterfaceId ?? '');
    // The intended partner: the named opposite, else an interface that points back at `ri`.
    const partner = named0 ?? this.c.pointedAtBy.get(ri.routerInterfaceId)?.[0];
    const problems = pairsConsistently(ri, index) ? [] : pairProblems(ri, index);
    const status = effectiveRouterInterfaceStatus(ri, index);
    const partnerStatus = partner ? effectiveRouterInterfaceStatus(partner, index) : null;
    const mismatch = this.mismatchBlockers(problems, ri, partner);
    // The patch that aligns the pair is part of a not-Active blocker only.
    const pairPatch =
      status !== 'Active' || (partner && partnerStatus !== 'Active')
        ? this.pairingPatch(problems, ri, partner)
        : undefined;
    const notActive = [
      ...(status !== 'Active' ? [this.notActiveBlocker(ri, status, partner, problems, pairPatch)] : []),
      ...(partner && partnerStatus !== 'Active'
        ? [this.notActiveBlocker(partner, partnerStatus!, ri, problems, pairPatch)]
        : []),
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
        description:
          `${named(ri.routerInterfaceId, ri.name, ri.role, status + (ri.status === undefined ? ' as designed' : ' (live)'))}${pairText}` +
          `${problems.length ? ': ' + problems.map((p) => p.message).join('; ') : ''}`,
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
          description:
            `${named(partner.routerInterfaceId, partner.name, partner.role, partnerStatus + (partner.status === undefined ? ' as designed' : ' (live)'))} on ${partner.routerId}, ` +
            `${partner.regionId}`,
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
  ): BlockerDraft[] {
    if (problems.length === 0) return [];
    const byInterface = new Map<string, PairingProblem[]>();
    for (const p of problems) {
      const list = byInterface.get(p.routerInterfaceId);
      if (list) list.push(p);
      else byInterface.set(p.routerInterfaceId, [p]);
    }
    const out: BlockerDraft[] = [];
    for (const [id, list] of byInterface) {
      const self = this.c.index.routerInterfaces.get(id)!;
      const other = id === ri.routerInterfaceId ? partner : ri;
      const fix = other !== undefined ? this.alignPatch(self, other, list) : undefined;
      out.push(
        blocker(
          'ROUTER_INTERFACE_MISMATCH',
          id,
          list.map((p) => p.message).join('; '),
          this.pairingFix(self, other, list),
          fix ? { fix } : {},
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
        `set ${parts.map((p, i) => (i === 0 ? p.replace(' to ', ` of ${self.routerInterfaceId} to `) : p)).join(', ')}${never} — ModifyRouterInterfaceAttribute ` +
          `in account ${self.accountId}, ${self.regionId}`,
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
    pairPatch: JsonPatch | undefined,
  ): BlockerDraft {
    const b = this.notActiveText(ri, status, partner, problems);
    // Designed status follows the pairing; a live non-Active status is what apply reconnects:
    // drop it so the document means "the state the plan reaches" (topology-format.md §2).
    const ops: JsonPatchOperation[] = [...(problems.length > 0 ? (pairPatch ?? []) : [])];
    if (ri.status !== undefined && ri.status !== 'Active')
      ops.push({ op: 'remove', path: `${this.riPath(ri)}/status` });
    if (problems.length > 0 && pairPatch === undefined) return b;
    return ops.length > 0 ? { ...b, fix: ops } : b;
  }

  private notActiveText(
    ri: RouterInterface,
    status: string,
    partner: RouterInterface | undefined,
    problems: readonly PairingProblem[],
  ): BlockerDraft {
    const id = ri.routerInterfaceId;
    const initiator = ri.role === 'InitiatingSide' ? ri : partner?.role === 'InitiatingSide' ? partner : ri;
    if (ri.status === undefined) {
      return blocker(
        'ROUTER_INTERFACE_NOT_ACTIVE',
        id,
        `${id} would stay ${status}: ` +
          (problems.length
            ? `its pair${partner ? ` with ${partner.routerInterfaceId}` : ''} is inconsistent, so the connection cannot be made`
            : 'it cannot be connected'),
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

  private riPath(ri: RouterInterface): string {
    return `/routerInterfaces/${riPositions(this.c.document.routerInterfaces).get(ri) ?? -1}`;
  }

  /** Sets every opposite* field of `self` to `other`'s values; undefined when fields cannot fix it. */
  private alignPatch(
    self: RouterInterface,
    other: RouterInterface,
    problems: readonly PairingProblem[],
  ): JsonPatchOperation[] | undefined {
    if (problems.some((p) => p.kind === 'SAME_ROUTER')) return undefined;
    const path = this.riPath(self);
    const ops: JsonPatchOperation[] = [];
    if (self.role === other.role) {
      // Two initiators: in a design, `self` becomes the acceptor (an acceptor's spec is Negative,
      // so nothing new is paid for). A live interface's role cannot change (re-create it), and
      // two acceptors would need a bandwidth only the user can choose: no patch then.
      if (self.role !== 'InitiatingSide' || self.status !== undefined) return undefined;
      if (!problems.some((p) => p.kind === 'ROLES_NOT_COMPLEMENTARY' && p.routerInterfaceId === self.routerInterfaceId))
        return undefined;
      ops.push({ op: 'replace', path: `${path}/role`, value: 'AcceptingSide' });
      ops.push({ op: 'replace', path: `${path}/spec`, value: 'Negative' });
    }
    const want: Array<[keyof RouterInterface, string, string | undefined]> = [
      ['oppositeInterfaceId', other.routerInterfaceId, self.oppositeInterfaceId],
      ['oppositeRouterId', other.routerId, self.oppositeRouterId],
      ['oppositeRouterType', other.routerType, self.oppositeRouterType ?? 'VRouter'],
      ['oppositeRegionId', other.regionId, self.oppositeRegionId],
      ['oppositeInterfaceOwnerId', other.accountId, self.oppositeInterfaceOwnerId ?? self.accountId],
    ];
    // RFC 6902 `add` on an object member sets it whether or not it exists.
    for (const [field, value, current] of want)
      if (value !== current) ops.push({ op: 'add', path: `${path}/${String(field)}`, value });
    return ops;
  }

  /** Both ends aligned with each other: the patch behind a pair that cannot connect. */
  private pairingPatch(
    problems: readonly PairingProblem[],
    ri: RouterInterface,
    partner: RouterInterface | undefined,
  ): JsonPatch | undefined {
    if (partner === undefined) return undefined;
    const a = this.alignPatch(ri, partner, problems);
    // Once `ri` turned acceptor, its partner keeps its role.
    const flipped = a?.some((op) => op.path.endsWith('/role'));
    const b = this.alignPatch(partner, flipped ? { ...ri, role: 'AcceptingSide', spec: 'Negative' } : ri, problems);
    if (a === undefined || b === undefined) return undefined;
    return [...a, ...b];
  }

  private crossPeering(
    rec: Recorder,
    connection: VpcPeerConnection,
    docIndex: number,
    otherVpcId: string,
    vpcA: VpcInfo,
  ): VpcInfo | null {
    const peer = this.c.vpcs.get(otherVpcId);
    // A design's connection is Activated when both VPCs exist (topology-format.md §4.1).
    const status = connection.status ?? (peer !== undefined ? 'Activated' : 'Invalid');
    const active = status === 'Activated';
    const label = named(
      connection.instanceId,
      connection.name,
      status + (connection.status === undefined ? ' as designed' : ' (live)'),
    );
    rec.add(
      {
        resourceType: 'vpcPeerConnection',
        resourceId: connection.instanceId,
        action: active && peer ? 'FORWARDED' : 'DROPPED',
        description: `${label} between ${connection.vpcId} and ${connection.acceptingVpcId}`,
        causesDrop: !active || peer === undefined,
        status,
      },
      [
        ...(!active && connection.status !== undefined
          ? [
              blocker(
                'PEERING_NOT_ACTIVE',
                connection.instanceId,
                `peering connection ${connection.instanceId} is ${status}, not Activated: it carries no traffic`,
                status === 'Accepting'
                  ? `the owner of ${connection.acceptingVpcId} accepts it: AcceptVpcPeerConnection ${connection.instanceId}`
                  : `re-create the peering connection between ${connection.vpcId} and ${connection.acceptingVpcId} and accept it`,
                { fix: [{ op: 'remove', path: `/vpcPeerConnections/${docIndex}/status` }] },
              ),
            ]
          : []),
        ...(peer === undefined
          ? [
              blocker(
                'PEER_VPC_UNKNOWN',
                connection.instanceId,
                `the other side of ${connection.instanceId}, ${otherVpcId}, is not in the document`,
                `add ${otherVpcId} to the document (import its account), or fix vpcId/acceptingVpcId of ${connection.instanceId}`,
              ),
            ]
          : []),
      ],
    );
    return peer === undefined || peer === vpcA ? null : peer;
  }

  private vSwitchPatch(
    vSwitch: VSwitchInfo,
    ops: ReadonlyArray<{ op: 'remove'; path: string }>,
  ): JsonPatch | undefined {
    const index = this.c.document.vSwitches.indexOf(vSwitch.vSwitch);
    if (index < 0) return undefined;
    return ops.map((o) => ({ op: o.op, path: `/vSwitches/${index}/${o.path}` }));
  }

  /**
   * `routeFix(table, suggestion, null)`, once per suggestion: a suggestion that holds for a whole
   * block of the destination VPC is one object for every address in it (suggestRoute), and a diff
   * blocks thousands of pairs on the same missing route. The patch is shared, as a tape's is.
   */
  private newRouteFix(table: TableInfo, suggestion: RouteSuggestion): { fix?: JsonPatch } {
    let made = this.madeFor.get(suggestion);
    if (made === undefined) this.madeFor.set(suggestion, (made = {}));
    return (made.fix ??= this.routeFix(table, suggestion, null));
  }

  /** The route a suggestion stands for, to go on tracing as if it existed; once per suggestion too. */
  private suggestedRoute(table: TableInfo, suggestion: RouteSuggestion, hop: NextHop, block: Cidr): CompiledRoute {
    let made = this.madeFor.get(suggestion);
    if (made === undefined) this.madeFor.set(suggestion, (made = {}));
    return (made.route ??= suggestedRoute(table, hop, block));
  }

  /**
   * The patch behind a suggested route: replace the next hop of `existing` when the suggestion
   * is for its very block (a second entry for the same block would be refused), else add the
   * route (creating the VPC's system table when the document only implies it).
   */
  routeFix(table: TableInfo, suggestion: RouteSuggestion, existing: CompiledRoute | null): { fix?: JsonPatch } {
    if (suggestion.block === null) return {};
    if (suggestion.hop === null) return this.connectFix(table, suggestion.to, suggestion.block);
    const nextHopType = suggestion.hop.kind === 'routerInterface' ? 'RouterInterface' : 'VpcPeer';
    const nextHopId =
      suggestion.hop.kind === 'routerInterface'
        ? suggestion.hop.ri.routerInterfaceId
        : suggestion.hop.connection.instanceId;
    const blockText = formatCidr(suggestion.block);
    const sameBlock =
      existing?.ref.path !== undefined &&
      existing.cidr.base === suggestion.block.base &&
      existing.cidr.prefix === suggestion.block.prefix;
    if (sameBlock) {
      return {
        fix: [
          { op: 'replace', path: `${existing!.ref.path}/nextHopType`, value: nextHopType },
          { op: 'replace', path: `${existing!.ref.path}/nextHopId`, value: nextHopId },
        ],
      };
    }
    // A pending entry for the same block: make it the route.
    const pending = table.notAvailable.get(suggestion.block);
    // The document in memory is the loaded one (defaults filled), so the entry carries its status.
    const entry = {
      destinationCidrBlock: blockText,
      nextHopType,
      nextHopId,
      status: 'Available',
      routeEntryName: `to-${suggestion.to.vpc.name ?? suggestion.to.id}`,
    };
    if (pending?.ref.path) return { fix: [{ op: 'replace', path: pending.ref.path, value: entry }] };
    // An Available custom entry with the same block and another next hop would be a duplicate.
    const clash = table.lookup.get(suggestion.block);
    if (clash !== undefined && clash.ref.path !== undefined) {
      return {
        fix: [
          { op: 'replace', path: `${clash.ref.path}/nextHopType`, value: nextHopType },
          { op: 'replace', path: `${clash.ref.path}/nextHopId`, value: nextHopId },
        ],
      };
    }
    if (clash !== undefined) return {};
    if (table.resolved.documentIndex >= 0)
      return {
        fix: [{ op: 'add', path: `/routeTables/${table.resolved.documentIndex}/routeEntries/-`, value: entry }],
      };
    const routeTableId = `vtb-${table.vpc.id.replace(/^vpc-/, '')}-system`;
    return {
      fix: [
        {
          op: 'add',
          path: '/routeTables/-',
          value: { routeTableId, vpcId: table.vpc.id, routeTableType: 'System', routeEntries: [entry] },
        },
      ],
    };
  }

  /**
   * Two VPCs with no connection: the patch designs one — a VPC peering connection (the lighter of
   * the two the API offers; no bandwidth to pay for within a region) and this side's route through
   * it. The reply's NO_ROUTE blocker then offers the other side's route through the same connection.
   */
  private connectFix(table: TableInfo, to: VpcInfo, block: Cidr): { fix?: JsonPatch } {
    const from = table.vpc;
    const instanceId = `pcc-vpclink-${from.id}-${to.id}`;
    if (this.c.peerConnections.has(instanceId)) return {};
    const connection = {
      instanceId,
      vpcId: from.id,
      acceptingVpcId: to.id,
      name: `${from.vpc.name ?? from.id} to ${to.vpc.name ?? to.id}`,
    };
    const route = this.routeFix(table, { to, text: '', hop: { kind: 'vpcPeer', connection }, block }, null).fix;
    if (route === undefined) return {};
    const add: JsonPatchOperation =
      this.c.document.vpcPeerConnections === undefined
        ? { op: 'add', path: '/vpcPeerConnections', value: [connection] }
        : { op: 'add', path: '/vpcPeerConnections/-', value: connection };
    return { fix: [add, ...route] };
  }

  /** An address inside a VPC's blocks that no instance or ENI holds (topology-format.md §4.3). */
  private nobodyHolds(vpc: VpcInfo, ip: number): BlockerDraft {
    return blocker(
      'DESTINATION_UNKNOWN',
      vpc.id,
      `${formatIpv4(ip)} is inside ${vpc.id} (${vpc.vpc.cidrBlock}) but no vSwitch contains it and no instance or ENI of the document holds it`,
      `check the address; the vSwitches of ${vpc.id} are ${vpc.localRoutes.map((r) => r.ref.destinationCidrBlock).join(', ') || '(none)'}`,
    );
  }

  /** The VPC whose blocks contain `ip`, preferring `prefer`; null when none does. */
  private vpcContaining(ip: number, prefer: VpcInfo): VpcInfo | null {
    if (prefer.cidrs.some((c) => cidrContainsIp(c, ip))) return prefer;
    for (const vpc of this.c.vpcs.values()) if (vpc.cidrs.some((c) => cidrContainsIp(c, ip))) return vpc;
    return null;
  }

  /** A router interface of `from`'s VPC toward `to`, preferring a consistent pair (document order). */
  private interfaceToward(from: VpcInfo, to: VpcInfo): RouterInterface | null {
    let toward = this.towardByInterface.get(from);
    if (toward === undefined) this.towardByInterface.set(from, (toward = new Map()));
    let ri = toward.get(to);
    if (ri === undefined) toward.set(to, (ri = this.interfaceTowardOnce(from, to)));
    return ri;
  }

  private interfaceTowardOnce(from: VpcInfo, to: VpcInfo): RouterInterface | null {
    const index = this.c.index;
    let fallback: RouterInterface | null = null;
    for (const ri of index.routerInterfacesByRouter.get(from.vpc.vRouterId) ?? []) {
      if (index.routerInterfaces.get(ri.routerInterfaceId) !== ri) continue;
      const partner =
        index.routerInterfaces.get(ri.oppositeInterfaceId ?? '') ?? this.c.pointedAtBy.get(ri.routerInterfaceId)?.[0];
      const peerRouter = partner?.routerId ?? ri.oppositeRouterId;
      if (peerRouter !== to.vpc.vRouterId) continue;
      if (pairsConsistently(ri, index)) return ri;
      fallback ??= ri;
    }
    return fallback;
  }

  /** An Activated (or designed) peering connection between the two VPCs, the first in document order. */
  private peeringToward(from: VpcInfo, to: VpcInfo): VpcPeerConnection | null {
    // Every pair's first connection in one pass, on the first question (each trace of an assert
    // asks about another pair of VPCs: a walk over every connection for each cost more).
    if (this.peeringsByVpc === undefined) {
      const byVpc = new Map<string, Map<string, VpcPeerConnection>>();
      const note = (a: string, b: string, connection: VpcPeerConnection): void => {
        let toward = byVpc.get(a);
        if (toward === undefined) byVpc.set(a, (toward = new Map()));
        if (!toward.has(b)) toward.set(b, connection);
      };
      for (const { connection } of this.c.peerConnections.values()) {
        if (connection.status !== undefined && connection.status !== 'Activated') continue;
        note(connection.vpcId, connection.acceptingVpcId, connection);
        note(connection.acceptingVpcId, connection.vpcId, connection);
      }
      this.peeringsByVpc = byVpc;
    }
    return this.peeringsByVpc.get(from.id)?.get(to.id) ?? null;
  }

  /** The concrete route to add (or the connection to create) so that `table` reaches `ip` in `to`. */
  suggestRoute(table: TableInfo, to: VpcInfo, ip: number, expected: InstanceInfo | null): RouteSuggestion {
    // The candidates are tried in order and the first is `to`'s block that holds the address: when
    // it overlaps no local block it is the suggestion whatever the address or holder, so it is
    // worked out once per table and block (a diff suggests the same route for every lost pair
    // between two VPCs).
    let block: Cidr | undefined;
    for (const c of to.cidrs)
      if (cidrContainsIp(c, ip)) {
        block = c;
        break;
      }
    if (block === undefined) return this.suggestRouteOnce(table, to, ip, expected);
    // Looked up without a closure made per call: a diff asks this for every lost pair.
    let byBlock = this.suggestions.get(table);
    if (byBlock === undefined) this.suggestions.set(table, (byBlock = new Map()));
    let whole = byBlock.get(block);
    if (whole === undefined) {
      const overlaps = table.vpc.localRoutes.some((r) => cidrsOverlap(r.cidr, block));
      whole = overlaps ? null : this.suggestRouteOnce(table, to, ip, expected);
      byBlock.set(block, whole);
    }
    return whole ?? this.suggestRouteOnce(table, to, ip, expected);
  }

  private suggestRouteOnce(table: TableInfo, to: VpcInfo, ip: number, expected: InstanceInfo | null): RouteSuggestion {
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
        to,
        text: `${formatIpv4(ip)} lies inside a vSwitch block of ${from.id} (overlapping CIDR blocks): no route can reach it; re-address one side`,
        hop: null,
        block: null,
      };
    }
    const blockText = formatCidr(block);
    const ri = this.interfaceToward(from, to);
    const connection = ri === null ? this.peeringToward(from, to) : null;
    const hop: NextHop | null =
      ri !== null ? { kind: 'routerInterface', ri } : connection !== null ? { kind: 'vpcPeer', connection } : null;
    if (hop !== null) {
      const [type, id] = ri !== null ? ['RouterInterface', ri.routerInterfaceId] : ['VpcPeer', connection!.instanceId];
      return {
        to,
        text: `add route ${blockText} → ${id} in ${where} (DestinationCidrBlock=${blockText}, NextHopType=${type}, NextHopId=${id})`,
        hop,
        block,
      };
    }
    return {
      to,
      text:
        `${from.vpc.name ?? from.id} (${from.id}) and ${to.vpc.name ?? to.id} (${to.id}) are not connected: create a router-interface pair (initiator ` +
        `on ${from.vpc.vRouterId}, acceptor on ${to.vpc.vRouterId}), then add route ${blockText} → the new interface in ${where} (or connect ` +
        `them with a VPC peering connection and route ${blockText} to it)`,
      hop: null,
      block,
    };
  }
}

/**
 * `pairProblems(ri, index).length === 0` without building the problems' messages: both ends
 * consistent (model/pairing.ts `isPairingConsistent`, pinned to `pairingProblems` by a test).
 */
function pairsConsistently(ri: RouterInterface, index: StepContext['c']['index']): boolean {
  return (
    isPairingConsistent(ri, index) && isPairingConsistent(index.routerInterfaces.get(ri.oppositeInterfaceId!)!, index)
  );
}

/**
 * The hop of the route that forwards the packet, unless a drop already announced the route. A
 * function rather than a closure per `follow` (under tsx each named closure is also given its name).
 */
function forwardedHop(
  rec: Recorder,
  table: TableInfo,
  match: CompiledRoute,
  ipText: string,
  announced: boolean,
  description: string,
): void {
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
}

/** The route a suggestion stands for, to go on tracing as if it existed. */
function suggestedRoute(table: TableInfo, hop: NextHop, block: Cidr): CompiledRoute {
  if (hop.kind === 'routerInterface') {
    const id = hop.ri.routerInterfaceId;
    return {
      kind: 'routerInterface',
      cidr: block,
      routerInterfaceId: id,
      ref: suggestedRef(table, block, 'RouterInterface', id),
    };
  }
  const id = hop.connection.instanceId;
  return { kind: 'vpcPeer', cidr: block, connectionId: id, ref: suggestedRef(table, block, 'VpcPeer', id) };
}

// Object literals rather than spreads of a shared base: a diff traces thousands of pairs through them.
function suggestedRef(table: TableInfo, block: Cidr, nextHopType: string, nextHopId: string) {
  return {
    routeTableId: table.id,
    destinationCidrBlock: formatCidr(block),
    system: false,
    status: 'Available',
    nextHopType,
    nextHopId,
  };
}
