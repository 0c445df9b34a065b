/**
 * The transit-router step (aliyun-links.md §2.2, README "CEN transit routers"): a VPC route with
 * NextHopType `Attachment` hands the packet to the VPC's attachment; the transit router looks it
 * up in the route table ASSOCIATED with the attachment it entered by (longest prefix over the
 * Active static entries and the routes learned from PROPAGATING attachments); a BlackHole route
 * drops it; an `Attachment` route hands it to a VPC attachment (the packet arrives in that VPC)
 * or to an inter-region peer attachment (the other region's transit router looks it up again, in
 * the table associated with the peer attachment on its side).
 *
 * What a VPC attachment's propagation teaches a table: the VPC's system routes, i.e. its vSwitch
 * blocks (Alibaba "Route propagation": "VPC connection — the system routes of the VPC"; custom
 * entries and routes toward a transit router are not propagated by default). Everything §2.2
 * leaves open ends `undetermined` (TR_PATH_UNDETERMINED), never a guess: which routes cross a peer
 * attachment, a learned and a static route for one block with different next hops, a peer side
 * without association, routes a VPC attachment auto-publishes into its VPC.
 */
import {
  attachmentCarries,
  type CenAttachment,
  type CenIndex,
  cenIndexOf,
  type IndexedTrTable,
  linkActive,
  transitRoutersOf,
} from '../../model/cenIndex';
import { type Cidr, cidrContainsIp, formatCidr, formatIpv4, parseCidrText } from '../../net/ipv4';
import { PrefixTable } from '../../net/lpm';
import type { Compiled, CompiledRoute, InstanceInfo, TableInfo, VpcInfo } from '../compile';
import type { JsonPatch, JsonPatchOperation } from '../jsonPatch';
import type { TransitRouterRouteRef } from '../types';
import { blocker, type BlockerDraft, named, type Recorder, tableLabel } from './recorder';

/** Transit routers a path may cross before vpclink stops following it (a loop, or a long chain). */
const MAX_TRANSIT_ROUTERS = 4;

type TrRoute = { readonly cidr: Cidr; readonly ref: TransitRouterRouteRef };

interface CompiledTrTable {
  readonly item: IndexedTrTable;
  readonly lookup: PrefixTable<TrRoute>;
  /** Blocks a learned route and a static route claim with different next hops. */
  readonly conflicts: PrefixTable<TrRoute>;
  /** An Active propagation from a peer attachment: its learned routes are not modelled. */
  readonly learnsFromPeer: string | null;
}

/** Where the transit router took the packet: into a VPC, nowhere (dropped), or out of the model. */
export type TransitOutcome = VpcInfo | null | 'undetermined';

type TransitRoute = Extract<CompiledRoute, { kind: 'transitRouter' }>;

/** A packet's walk across transit routers (`cross`): where it is now, and what it is looking for. */
interface TransitWalk {
  readonly rec: Recorder;
  readonly ip: number;
  readonly ipText: string;
  /** The destination instance; null for an address destination. */
  readonly expected: InstanceInfo | null;
  /** The VPC the destination is in, when known: the VPC the fixes route toward. */
  readonly target: VpcInfo | null;
  /** The attachment the packet entered the current transit router by (it picks the route table). */
  entering: CenAttachment;
  trId: string;
}

/** The route a transit router chose for the packet, with the table it came from (for messages and fixes). */
interface TrRouteFound {
  readonly kind: 'route';
  readonly trTable: IndexedTrTable;
  readonly tableId: string;
  /** The transit router, named for a description. */
  readonly where: string;
  readonly ref: TransitRouterRouteRef;
  /** `block → NextHopType id (type)`. */
  readonly routeText: string;
}

export class TransitRouterStep {
  private readonly compiledTables = new Map<string, CompiledTrTable>();
  constructor(private readonly c: Compiled) {}

  private get cen(): CenIndex {
    return cenIndexOf(this.c.document);
  }

  /** Whether the document has the attachment a VPC route names (else the route is not simulated). */
  knows(attachmentId: string): boolean {
    return this.cen.attachments.has(attachmentId);
  }

  /**
   * A VPC one of whose attachments auto-publishes the transit router's routes into it: those
   * routes (toward the transit router) are not in a design, and their shape is UNCONFIRMED
   * (aliyun-links.md §2.2). When the table has no route for `ip`, or its route (`match`) leads
   * elsewhere than that attachment, a published more specific route could decide instead: the
   * path is undetermined. Null when nothing is published, when the table carries the published
   * routes (an import keeps them as entries of `type` `CEN`), or when the match goes to the
   * publishing attachment anyway.
   */
  unpublished(rec: Recorder, table: TableInfo, ip: number, match: CompiledRoute | null): 'undetermined' | null {
    const publisher = (this.cen.vpcAttachmentsByVpc.get(table.vpc.id) ?? []).find(
      (a) => a.autoPublishRouteEnabled === true,
    );
    if (publisher === undefined) return null;
    const id = publisher.transitRouterAttachmentId;
    if (match?.kind === 'transitRouter' && match.attachmentId === id) return null;
    if (table.resolved.table.routeEntries.some((e) => (e as { readonly type?: unknown }).type === 'CEN')) return null;
    const ipText = formatIpv4(ip);
    const what = match
      ? `matches ${match.ref.destinationCidrBlock} → ${match.ref.nextHopType} ${match.ref.nextHopId}, but a more specific route`
      : 'has no route for it, but a route';
    return this.undetermined(
      rec,
      id,
      `${tableLabel(table)} ${what} toward the transit router may be published into ${table.vpc.id} by ${id} (autoPublishRouteEnabled), and vpclink does not know which routes those are (${ipText})`,
      null,
      ipText,
    );
  }

  /**
   * The VPC route `match` (next hop the VPC's own attachment: see wrongAttachment) from `table`'s VPC through
   * the transit router(s) to the VPC the last attachment belongs to.
   */
  cross(
    rec: Recorder,
    table: TableInfo,
    match: TransitRoute,
    ip: number,
    expected: InstanceInfo | null,
    forwarded: (description: string) => void,
  ): TransitOutcome {
    const vpcA = table.vpc;
    const ipText = formatIpv4(ip);
    const first = this.cen.attachments.get(match.attachmentId)!;
    if (first.kind !== 'vpc') throw new Error(`${match.attachmentId}: check wrongAttachment() first`);
    const routeText = `${match.ref.destinationCidrBlock} → Attachment ${match.attachmentId}`;
    forwarded(`${tableLabel(table)}: ${ipText} matches route ${routeText} (transit router)`);
    const walk: TransitWalk = {
      rec,
      ip,
      ipText,
      expected,
      target: expected?.vSwitch?.vpc ?? this.vpcContaining(ip),
      entering: first,
      trId: first.attachment.transitRouterId,
    };
    this.attachmentHop(rec, first, walk.trId, `from ${named(vpcA.id, vpcA.vpc.name)}`);
    for (let crossed = 0; crossed < MAX_TRANSIT_ROUTERS; crossed++) {
      const outcome = this.crossOne(walk);
      if (outcome !== 'onward') return outcome;
    }
    return this.undetermined(
      rec,
      walk.trId,
      `the path crosses transit routers more than ${MAX_TRANSIT_ROUTERS} times (a loop between peer attachments?); vpclink stops following it`,
    );
  }

  /**
   * One transit router on the walk: its route for the packet, then where that route hands it. 'onward'
   * when it crossed a peer attachment to the next transit router (the walk now enters there).
   */
  private crossOne(walk: TransitWalk): TransitOutcome | 'onward' {
    const found = this.routeOnTransitRouter(walk);
    if (found.kind === 'ended') return found.outcome;
    if (found.ref.nextHopType === 'BlackHole') return this.blackHole(walk, found);
    const { rec, ipText, trId } = walk;
    const { where, routeText, tableId, ref } = found;
    const next = this.cen.attachments.get(ref.nextHopId!);
    if (next === undefined || !transitRoutersOf(next).includes(trId))
      return this.undetermined(
        rec,
        trId,
        `${where}: ${ipText} matches route ${routeText} in ${tableId}, but ${ref.nextHopId} is ${next === undefined ? 'not in the document' : `not an attachment of ${trId}`}`,
        tableId,
        ipText,
      );
    rec.add({
      resourceType: 'transitRouter',
      resourceId: trId,
      action: 'FORWARDED',
      description: `${where}: ${ipText} matches route ${routeText} in route table ${tableId} (associated with ${walk.entering.attachment.transitRouterAttachmentId})`,
      causesDrop: false,
      transitRouterRouteTableId: tableId,
      destination: ipText,
      route: ref,
    });
    if (next.kind === 'vpc') return this.arriveInVpc(walk, found, next);
    const other =
      next.attachment.transitRouterId === trId ? next.attachment.peerTransitRouterId : next.attachment.transitRouterId;
    this.attachmentHop(rec, next, trId, `toward ${other}`);
    walk.entering = next;
    walk.trId = other;
    return 'onward';
  }

  /**
   * The route of the transit router the walk is on for the packet: from the table associated with the
   * attachment it entered by, longest prefix. Ends the walk (dropped, or undetermined) when there is no
   * table, no route, or a route vpclink cannot decide (learned over a peer attachment, or a static and a
   * learned route for one block).
   */
  private routeOnTransitRouter(
    walk: TransitWalk,
  ): TrRouteFound | { readonly kind: 'ended'; readonly outcome: null | 'undetermined' } {
    const { rec, ip, ipText, trId } = walk;
    const ended = (outcome: null | 'undetermined') => ({ kind: 'ended', outcome }) as const;
    const tr = this.cen.transitRouters.get(trId);
    if (tr === undefined) return ended(this.undetermined(rec, trId, `transit router ${trId} is not in the document`));
    const trTable = this.associatedTable(rec, walk.entering, trId, ipText);
    if (trTable === 'dropped') return ended(null);
    if (trTable === 'undetermined') return ended('undetermined');
    const compiled = this.compiledTable(trTable);
    const tableId = trTable.table.transitRouterRouteTableId;
    const where = named(trId, tr.transitRouterName, tr.regionId);
    const hit = compiled.lookup.lookup(ip)?.value;
    const conflict = compiled.conflicts.lookup(ip)?.value;
    // A route learned over a peer attachment could be the longest match, whatever the table lists.
    if (compiled.learnsFromPeer !== null)
      return ended(
        this.undetermined(
          rec,
          trId,
          `${where}: route table ${tableId} learns routes from peer attachment ${compiled.learnsFromPeer}, which vpclink does not model (an import lists them), so the route for ${ipText} is ` +
            `not known`,
          tableId,
          ipText,
        ),
      );
    if (hit === undefined) {
      rec.add(
        {
          resourceType: 'transitRouter',
          resourceId: trId,
          action: 'NO_ROUTE',
          description: `${where}: route table ${tableId} (associated with ${walk.entering.attachment.transitRouterAttachmentId}) has no Active route covering ${ipText}`,
          causesDrop: true,
          transitRouterRouteTableId: tableId,
          destination: ipText,
          route: null,
        },
        [this.noRouteBlocker(trTable, trId, walk.target, ip)],
      );
      return ended(null);
    }
    if (conflict !== undefined && conflict.cidr.prefix === hit.cidr.prefix)
      return ended(
        this.undetermined(
          rec,
          trId,
          `${where}: in route table ${tableId}, ${hit.ref.destinationCidrBlock} is both a static route (→ ${hit.ref.nextHopId}) and a route learned from ${conflict.ref.nextHopId}; which one ` +
            `wins is not in vpclink's sources`,
          tableId,
          ipText,
        ),
      );
    const ref = hit.ref;
    const routeText = `${ref.destinationCidrBlock} → ${ref.nextHopType}${ref.nextHopId ? ' ' + ref.nextHopId : ''} (${ref.type})`;
    return { kind: 'route', trTable, tableId, where, ref, routeText };
  }

  /** A BlackHole route drops the packet (TR_BLACKHOLE_ROUTE); the fix routes the destination's block instead. */
  private blackHole(walk: TransitWalk, found: TrRouteFound): null {
    const { rec, ip, ipText, trId, target } = walk;
    const { trTable, tableId, where, ref } = found;
    rec.add(
      {
        resourceType: 'transitRouter',
        resourceId: trId,
        action: 'DROPPED',
        description: `${where}: ${ipText} matches BlackHole route ${ref.destinationCidrBlock} in route table ${tableId}: dropped`,
        causesDrop: true,
        transitRouterRouteTableId: tableId,
        destination: ipText,
        route: ref,
      },
      [
        blocker(
          'TR_BLACKHOLE_ROUTE',
          tableId,
          `route ${ref.destinationCidrBlock} in transit-router route table ${tableId} is a BlackHole route: ${trId} drops ${ipText}`,
          this.specificRouteText(
            trTable,
            trId,
            target,
            ip,
            `or remove the BlackHole route ${ref.destinationCidrBlock}`,
          ),
          this.specificRouteFix(trTable, trId, target, ip) ??
            (ref.path ? { fix: [{ op: 'remove', path: ref.path }] } : {}),
        ),
      ],
    );
    return null;
  }

  /**
   * The packet leaves the transit router by a VPC attachment into that VPC: the end of the walk, or a
   * drop when the destination is in another VPC (traffic arriving from a transit router is not forwarded
   * again: TR_ROUTE_WRONG_ATTACHMENT).
   */
  private arriveInVpc(
    walk: TransitWalk,
    found: TrRouteFound,
    next: Extract<CenAttachment, { kind: 'vpc' }>,
  ): TransitOutcome {
    const { rec, ip, ipText, trId, target, expected } = walk;
    this.attachmentHop(rec, next, trId, `into ${next.attachment.vpcId}`);
    const vpc = this.c.vpcs.get(next.attachment.vpcId);
    if (vpc === undefined)
      return this.undetermined(
        rec,
        next.attachment.transitRouterAttachmentId,
        `the VPC of ${next.attachment.transitRouterAttachmentId}, ${next.attachment.vpcId}, is not in the document`,
      );
    // An address destination may lie in several VPCs (overlapping blocks): only a VPC that does
    // not contain it at all is the wrong one.
    const wrong =
      target !== null && vpc !== target && (expected !== null || !vpc.cidrs.some((c) => cidrContainsIp(c, ip)));
    if (!wrong) return vpc;
    const { trTable, tableId, ref, routeText } = found;
    rec.add(
      {
        resourceType: 'vpc',
        resourceId: vpc.id,
        action: 'DROPPED',
        description:
          `the packet for ${ipText} arrives in ${named(vpc.id, vpc.vpc.name)}, but ${expected ? expected.id : ipText} is in ${target.id}; traffic arriving from a transit ` +
          `router is not forwarded again`,
        causesDrop: true,
      },
      [
        blocker(
          'TR_ROUTE_WRONG_ATTACHMENT',
          tableId,
          `route ${routeText} in transit-router route table ${tableId} sends ${ipText} to ${vpc.id}, but ${expected ? expected.id : 'the address'} is in ${target.id}`,
          this.specificRouteText(
            trTable,
            trId,
            target,
            ip,
            `or correct the next hop of route ${ref.destinationCidrBlock}`,
          ),
          this.specificRouteFix(trTable, trId, target, ip) ?? {},
        ),
      ],
    );
    return null;
  }

  /** The hop of an attachment the packet passes; a non-Attached one drops it (TR_ATTACHMENT_NOT_ATTACHED). */
  private attachmentHop(rec: Recorder, a: CenAttachment, trId: string, detail: string): void {
    const { attachment, docIndex } = a;
    const id = attachment.transitRouterAttachmentId;
    const carries = attachmentCarries(attachment.status);
    const status = attachment.status ?? 'Attached';
    const kind = a.kind === 'vpc' ? 'VPC attachment' : 'peer attachment';
    const array = a.kind === 'vpc' ? 'transitRouterVpcAttachments' : 'transitRouterPeerAttachments';
    rec.add(
      {
        resourceType: 'transitRouterAttachment',
        resourceId: id,
        action: carries ? 'FORWARDED' : 'DROPPED',
        description: `${kind} ${named(id, attachment.transitRouterAttachmentName, status + (attachment.status === undefined ? ' as designed' : ' (live)'))} of ${trId}, ${detail}`,
        causesDrop: !carries,
        status,
        transitRouterId: trId,
      },
      carries
        ? []
        : [
            blocker(
              'TR_ATTACHMENT_NOT_ATTACHED',
              id,
              `${kind} ${id} is ${status}, not Attached: it carries no traffic`,
              `wait until ${id} is Attached (re-import to refresh the status), or re-create it`,
              { fix: [{ op: 'remove', path: `/${array}/${docIndex}/status` }] },
            ),
          ],
    );
  }

  /** The route table of `trId` associated with the attachment the packet entered by. */
  private associatedTable(
    rec: Recorder,
    entering: CenAttachment,
    trId: string,
    ipText: string,
  ): IndexedTrTable | 'dropped' | 'undetermined' {
    const id = entering.attachment.transitRouterAttachmentId;
    const links = (this.cen.associationsByAttachment.get(id) ?? []).filter((l) => {
      const t = this.cen.routeTables.get(l.link.transitRouterRouteTableId);
      // A link to a table not in the document cannot be placed on a transit router: it stays undetermined below.
      return t === undefined || t.table.transitRouterId === trId;
    });
    const active = links.find((l) => linkActive(l.link.status));
    if (active !== undefined) {
      const table = this.cen.routeTables.get(active.link.transitRouterRouteTableId);
      if (table === undefined)
        return this.undetermined(
          rec,
          trId,
          `${id} is associated with route table ${active.link.transitRouterRouteTableId}, which is not in the document`,
          active.link.transitRouterRouteTableId,
          ipText,
        );
      return table;
    }
    if (entering.kind === 'peer' && links.length === 0)
      return this.undetermined(
        rec,
        trId,
        `peer attachment ${id} has no association on ${trId} in the document; which route table ${trId} uses for it is not known`,
        null,
        ipText,
      );
    const pending = links[0];
    const tables = this.cen.routeTablesByTransitRouter.get(trId) ?? [];
    const chosen = tables.find((t) => t.table.transitRouterRouteTableType === 'System') ?? tables[0];
    const fix: JsonPatch | undefined = pending
      ? [{ op: 'remove', path: `/transitRouterRouteTableAssociations/${pending.docIndex}/status` }]
      : chosen
        ? this.addTo('transitRouterRouteTableAssociations', {
            transitRouterAttachmentId: id,
            transitRouterRouteTableId: chosen.table.transitRouterRouteTableId,
          })
        : undefined;
    rec.add(
      {
        resourceType: 'transitRouter',
        resourceId: trId,
        action: 'DROPPED',
        description: pending
          ? `${id}'s association with ${pending.link.transitRouterRouteTableId} is ${pending.link.status}, not Active: ${trId} has no table to look ${ipText} up in`
          : `${id} is associated with no route table of ${trId}: ${trId} has no table to look ${ipText} up in`,
        causesDrop: true,
        transitRouterRouteTableId: null,
        destination: ipText,
        route: null,
      },
      [
        blocker(
          'TR_ATTACHMENT_NOT_ASSOCIATED',
          id,
          pending
            ? `${id}'s association with route table ${pending.link.transitRouterRouteTableId} is ${pending.link.status}, not Active`
            : `attachment ${id} is associated with no route table of ${trId}, so traffic entering ${trId} from it is dropped`,
          pending
            ? `wait until the association is Active (re-import to refresh), or associate again`
            : chosen
              ? `associate ${id} with route table ${chosen.table.transitRouterRouteTableId} of ${trId} (AssociateTransitRouterAttachmentWithRouteTable)`
              : `create a route table on ${trId} and associate ${id} with it`,
          fix ? { fix } : {},
        ),
      ],
    );
    return 'dropped';
  }

  /** TR_NO_ROUTE, with the propagation from the destination VPC's attachment that fixes it. */
  private noRouteBlocker(trTable: IndexedTrTable, trId: string, target: VpcInfo | null, ip: number): BlockerDraft {
    const tableId = trTable.table.transitRouterRouteTableId;
    const destination = target ? this.attachmentOn(target, trId) : undefined;
    const message = `transit-router route table ${tableId} of ${trId} has no Active route for ${formatIpv4(ip)}${target ? ` (${target.id})` : ''}`;
    if (destination === undefined)
      return blocker(
        'TR_NO_ROUTE',
        tableId,
        message,
        target
          ? `${target.id} is not attached to ${trId}: attach it (CreateTransitRouterVpcAttachment) and propagate its routes to ${tableId}, or route over a peer attachment to the transit ` +
              `router it is attached to`
          : `add a static route for ${formatIpv4(ip)} to the attachment that leads to it`,
      );
    const listed = (this.cen.propagationsByTable.get(tableId) ?? []).find(
      (p) => p.link.transitRouterAttachmentId === destination.transitRouterAttachmentId,
    );
    const fix: JsonPatchOperation[] = listed
      ? linkActive(listed.link.status)
        ? []
        : [{ op: 'remove', path: `/transitRouterRouteTablePropagations/${listed.docIndex}/status` }]
      : this.addTo('transitRouterRouteTablePropagations', {
          transitRouterAttachmentId: destination.transitRouterAttachmentId,
          transitRouterRouteTableId: tableId,
        });
    return blocker(
      'TR_NO_ROUTE',
      tableId,
      message,
      listed && linkActive(listed.link.status)
        ? `${destination.transitRouterAttachmentId} propagates to ${tableId} but teaches it no block holding ${formatIpv4(ip)} (its VPC's vSwitch blocks): add a static route for it to ` +
            `${destination.transitRouterAttachmentId}`
        : `enable route propagation from ${destination.transitRouterAttachmentId} (${target!.id}) to ${tableId} (EnableTransitRouterRouteTablePropagation), or add a static route to it`,
      fix.length > 0 ? { fix } : {},
    );
  }

  private specificRouteText(
    trTable: IndexedTrTable,
    trId: string,
    target: VpcInfo | null,
    ip: number,
    alternative: string,
  ): string {
    const destination = target ? this.attachmentOn(target, trId) : undefined;
    const block = target ? this.blockOf(target, ip) : null;
    if (destination === undefined || block === null)
      return `${alternative}${target ? `; ${target.id} has no attachment on ${trId}` : ''}`;
    return (
      `add route ${formatCidr(block)} → Attachment ${destination.transitRouterAttachmentId} to transit-router route table ${trTable.table.transitRouterRouteTableId} ` +
      `(CreateTransitRouterRouteEntry), ${alternative}`
    );
  }

  /** A static route for the destination's vSwitch block to its VPC's attachment on this transit router. */
  private specificRouteFix(
    trTable: IndexedTrTable,
    trId: string,
    target: VpcInfo | null,
    ip: number,
  ): { fix: JsonPatch } | undefined {
    const destination = target ? this.attachmentOn(target, trId) : undefined;
    const block = target ? this.blockOf(target, ip) : null;
    if (destination === undefined || block === null) return undefined;
    const blockText = formatCidr(block);
    const at = `/transitRouterRouteTables/${trTable.docIndex}/transitRouterRouteEntries`;
    const same = trTable.table.transitRouterRouteEntries.findIndex((e) => {
      const parsed = parseCidrText(e.transitRouterRouteEntryDestinationCidrBlock);
      return parsed.ok && parsed.value.cidr.base === block.base && parsed.value.cidr.prefix === block.prefix;
    });
    if (same >= 0) {
      const entry = trTable.table.transitRouterRouteEntries[same]!;
      const ops: JsonPatchOperation[] = [
        { op: 'replace', path: `${at}/${same}/transitRouterRouteEntryNextHopType`, value: 'Attachment' },
        {
          op: 'add',
          path: `${at}/${same}/transitRouterRouteEntryNextHopId`,
          value: destination.transitRouterAttachmentId,
        },
      ];
      if (!linkActive(entry.transitRouterRouteEntryStatus))
        ops.push({ op: 'remove', path: `${at}/${same}/transitRouterRouteEntryStatus` });
      return { fix: ops };
    }
    return {
      fix: [
        {
          op: 'add',
          path: `${at}/-`,
          value: {
            transitRouterRouteEntryDestinationCidrBlock: blockText,
            transitRouterRouteEntryNextHopType: 'Attachment',
            transitRouterRouteEntryNextHopId: destination.transitRouterAttachmentId,
            transitRouterRouteEntryName: `to-${target!.vpc.name ?? target!.id}`,
          },
        },
      ],
    };
  }

  /**
   * Why a VPC route's attachment is not a next hop of `vpc` (it is a peer attachment, or another
   * VPC's), with the change that fixes it; null when it is the VPC's own attachment.
   */
  wrongAttachment(
    vpc: VpcInfo,
    match: TransitRoute,
  ): { readonly why: string; readonly suggestion: string; readonly fix?: JsonPatch } | null {
    const found = this.cen.attachments.get(match.attachmentId);
    if (found === undefined || (found.kind === 'vpc' && found.attachment.vpcId === vpc.id)) return null;
    const own = this.cen.vpcAttachmentsByVpc.get(vpc.id)?.[0];
    return {
      why:
        found.kind === 'peer'
          ? `${match.attachmentId} is a peer attachment between transit routers, not a VPC attachment of ${vpc.id}`
          : `${match.attachmentId} attaches ${found.attachment.vpcId}, not ${vpc.id}`,
      suggestion: own
        ? `point the route at ${vpc.id}'s own attachment ${own.transitRouterAttachmentId}`
        : `attach ${vpc.id} to a transit router (CreateTransitRouterVpcAttachment) and point the route at that attachment`,
      ...(own && match.ref.path
        ? { fix: [{ op: 'replace', path: `${match.ref.path}/nextHopId`, value: own.transitRouterAttachmentId }] }
        : {}),
    };
  }

  /** A NOT_SIMULATED hop with TR_PATH_UNDETERMINED: the path leaves what vpclink can know. */
  private undetermined(
    rec: Recorder,
    resourceId: string,
    why: string,
    tableId: string | null = null,
    ipText = '',
  ): 'undetermined' {
    rec.add(
      {
        resourceType: 'transitRouter',
        resourceId,
        action: 'NOT_SIMULATED',
        description: `${why}; what happens after this hop is undetermined`,
        causesDrop: false,
        transitRouterRouteTableId: tableId,
        destination: ipText,
        route: null,
      },
      [
        blocker(
          'TR_PATH_UNDETERMINED',
          resourceId,
          why,
          'import the missing CEN resources, or describe the path with explicit static routes; check the rest with Alibaba NIS',
        ),
      ],
    );
    return 'undetermined';
  }

  private compiledTable(item: IndexedTrTable): CompiledTrTable {
    const id = item.table.transitRouterRouteTableId;
    let compiled = this.compiledTables.get(id);
    if (compiled === undefined) this.compiledTables.set(id, (compiled = this.compileTable(item)));
    return compiled;
  }

  /** Static and imported entries that are Active (first per block wins), then the learned routes. */
  private compileTable(item: IndexedTrTable): CompiledTrTable {
    const { table, docIndex } = item;
    const lookup = new PrefixTable<TrRoute>();
    const conflicts = new PrefixTable<TrRoute>();
    table.transitRouterRouteEntries.forEach((entry, e) => {
      if (!linkActive(entry.transitRouterRouteEntryStatus)) return;
      const parsed = parseCidrText(entry.transitRouterRouteEntryDestinationCidrBlock);
      const type = entry.transitRouterRouteEntryNextHopType;
      if (!parsed.ok || (type !== 'BlackHole' && type !== 'Attachment')) return;
      if (type === 'Attachment' && entry.transitRouterRouteEntryNextHopId === undefined) return;
      const cidr = parsed.value.cidr;
      if (lookup.get(cidr) !== undefined) return;
      lookup.set(cidr, {
        cidr,
        ref: {
          transitRouterRouteTableId: table.transitRouterRouteTableId,
          destinationCidrBlock: entry.transitRouterRouteEntryDestinationCidrBlock,
          nextHopType: type,
          nextHopId: type === 'BlackHole' ? null : entry.transitRouterRouteEntryNextHopId!,
          type: entry.transitRouterRouteEntryType ?? 'Static',
          path: `/transitRouterRouteTables/${docIndex}/transitRouterRouteEntries/${e}`,
        },
      });
    });
    let learnsFromPeer: string | null = null;
    for (const { link } of this.cen.propagationsByTable.get(table.transitRouterRouteTableId) ?? []) {
      if (!linkActive(link.status)) continue;
      const source = this.cen.attachments.get(link.transitRouterAttachmentId);
      if (source === undefined || !transitRoutersOf(source).includes(table.transitRouterId)) continue;
      if (source.kind === 'peer') {
        // The routes a peer attachment teaches are not modelled, unless the table lists them (an
        // import keeps the learned entries: `Propagated`, next hop the peer attachment).
        const listed = table.transitRouterRouteEntries.some(
          (e) =>
            e.transitRouterRouteEntryType === 'Propagated' &&
            e.transitRouterRouteEntryNextHopId === link.transitRouterAttachmentId,
        );
        if (!listed) learnsFromPeer ??= link.transitRouterAttachmentId;
        continue;
      }
      // A non-Attached attachment's routes are learned all the same: the packet is dropped at that
      // attachment (TR_ATTACHMENT_NOT_ATTACHED names the real cause), not at a missing route.
      const vpc = this.c.vpcs.get(source.attachment.vpcId);
      for (const local of vpc?.localRoutes ?? []) {
        const learned: TrRoute = {
          cidr: local.cidr,
          ref: {
            transitRouterRouteTableId: table.transitRouterRouteTableId,
            destinationCidrBlock: formatCidr(local.cidr),
            nextHopType: 'Attachment',
            nextHopId: source.attachment.transitRouterAttachmentId,
            type: 'Propagated',
          },
        };
        const existing = lookup.get(local.cidr);
        if (existing === undefined) lookup.set(local.cidr, learned);
        else if (existing.ref.nextHopId !== learned.ref.nextHopId && existing.ref.type !== 'Propagated')
          conflicts.set(local.cidr, learned);
      }
    }
    return { item, lookup, conflicts, learnsFromPeer };
  }

  /** The VPC's attachment on `trId`, if any. */
  private attachmentOn(vpc: VpcInfo, trId: string) {
    return this.cen.vpcAttachmentsByVpc.get(vpc.id)?.find((a) => a.transitRouterId === trId);
  }

  /** The vSwitch block of `vpc` that holds `ip`. */
  private blockOf(vpc: VpcInfo, ip: number): Cidr | null {
    const local = vpc.local.lookup(ip)?.value;
    return local?.kind === 'local' ? local.cidr : null;
  }

  private vpcContaining(ip: number): VpcInfo | null {
    for (const vpc of this.c.vpcs.values()) if (vpc.cidrs.some((c) => cidrContainsIp(c, ip))) return vpc;
    return null;
  }

  private addTo(
    array: 'transitRouterRouteTableAssociations' | 'transitRouterRouteTablePropagations',
    value: Record<string, string>,
  ): JsonPatchOperation[] {
    return this.c.document[array] === undefined
      ? [{ op: 'add', path: `/${array}`, value: [value] }]
      : [{ op: 'add', path: `/${array}/-`, value }];
  }
}
