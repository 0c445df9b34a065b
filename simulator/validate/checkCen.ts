/**
 * CEN transit routers (aliyun-links.md §2, README "CEN transit routers"): references exist, one
 * transit router per region and CEN, a VPC attachment's VPC in its transit router's region with
 * zone mappings of its own vSwitches (≤ 10 zones, §2.1), associations and propagations within
 * one transit router, route-table entries the API accepts (BlackHole / Attachment, §2.2).
 */
import type { TransitRouterRouteTable } from '../document/schema';
import { attachmentCarries, cenIndexOf, type CenIndex, linkActive, transitRoutersOf } from '../model/cenIndex';
import type { ValidationContext } from './context';

/** ZoneMappings.N with N ≤ 10 (aliyun-links.md §2.1). */
const MAX_ZONE_MAPPINGS = 10;

export function checkCen(ctx: ValidationContext): void {
  const cen = cenIndexOf(ctx.document);
  if (!cen.present && !ctx.document.transitRouterRouteTableAssociations?.length) return;
  checkTransitRouters(ctx, cen);
  checkVpcAttachments(ctx, cen);
  checkPeerAttachments(ctx, cen);
  (ctx.document.transitRouterRouteTables ?? []).forEach((table, t) => checkRouteTable(ctx, cen, table, t));
  checkLinks(ctx, cen);
}

function unknown(ctx: ValidationContext, path: string, resourceId: string, what: string, id: string): void {
  ctx.report('CEN_REFERENCE_UNKNOWN', path, `${resourceId}: ${what} ${id} is not in the document`, {
    resourceId,
    suggestion: `correct the ID, or add ${what} ${id} (import the account that owns it)`,
  });
}

function checkTransitRouters(ctx: ValidationContext, cen: CenIndex): void {
  const byRegion = new Map<string, string>();
  (ctx.document.transitRouters ?? []).forEach((tr, i) => {
    const at = `/transitRouters/${i}`;
    if (!cen.cens.has(tr.cenId)) unknown(ctx, `${at}/cenId`, tr.transitRouterId, 'CEN instance', tr.cenId);
    const key = `${tr.cenId}\u0000${tr.regionId}`;
    const first = byRegion.get(key);
    if (first === undefined) byRegion.set(key, tr.transitRouterId);
    else
      ctx.report(
        'CEN_TRANSIT_ROUTER_DUPLICATE_REGION',
        `${at}/regionId`,
        `${tr.transitRouterId} is a second transit router of ${tr.cenId} in ${tr.regionId} (after ${first})`,
        { resourceId: tr.transitRouterId, suggestion: `attach its VPCs to ${first} and remove ${tr.transitRouterId}` },
      );
  });
}

function checkVpcAttachments(ctx: ValidationContext, cen: CenIndex): void {
  const { index } = ctx;
  (ctx.document.transitRouterVpcAttachments ?? []).forEach((a, i) => {
    const id = a.transitRouterAttachmentId;
    const at = `/transitRouterVpcAttachments/${i}`;
    const tr = cen.transitRouters.get(a.transitRouterId);
    if (!tr) unknown(ctx, `${at}/transitRouterId`, id, 'transit router', a.transitRouterId);
    else if (a.cenId !== undefined && a.cenId !== tr.cenId)
      ctx.report(
        'CEN_CEN_MISMATCH',
        `${at}/cenId`,
        `${id}: cenId ${a.cenId} is not ${tr.transitRouterId}'s CEN ${tr.cenId}`,
        {
          resourceId: id,
          suggestion: `set cenId to ${tr.cenId}, or remove it`,
        },
      );
    const vpc = index.vpcs.get(a.vpcId);
    if (!vpc) {
      ctx.report('CEN_VPC_NOT_IN_DOCUMENT', `${at}/vpcId`, `${id}: VPC ${a.vpcId} is not in the document`, {
        resourceId: id,
        suggestion: `add ${a.vpcId} (import its owner's account too), or correct vpcId`,
      });
    } else {
      if (tr && vpc.regionId !== tr.regionId)
        ctx.report(
          'CEN_REGION_MISMATCH',
          `${at}/vpcId`,
          `${id}: VPC ${vpc.vpcId} is in ${vpc.regionId}, but transit router ${tr.transitRouterId} is in ${tr.regionId}`,
          {
            resourceId: id,
            suggestion: `attach ${vpc.vpcId} to the transit router of ${vpc.regionId} (add one to ${tr.cenId} if there is none)`,
          },
        );
      if (a.vpcOwnerId !== undefined && a.vpcOwnerId !== vpc.accountId)
        ctx.report(
          'CEN_ATTACHMENT_OWNER_MISMATCH',
          `${at}/vpcOwnerId`,
          `${id}: vpcOwnerId ${a.vpcOwnerId} is not ${vpc.vpcId}'s account ${vpc.accountId}`,
          { resourceId: id, suggestion: `set vpcOwnerId to ${vpc.accountId}, or remove it for a same-account VPC` },
        );
    }
    checkZoneMappings(ctx, a.zoneMappings, at, id, a.vpcId, vpc !== undefined);
    if (!attachmentCarries(a.status)) notAttached(ctx, `${at}/status`, id, a.status!);
  });
}

function checkZoneMappings(
  ctx: ValidationContext,
  mappings: ReadonlyArray<{ readonly zoneId: string; readonly vSwitchId: string }>,
  at: string,
  id: string,
  vpcId: string,
  vpcKnown: boolean,
): void {
  const invalid = (path: string, message: string, suggestion: string) =>
    ctx.report('CEN_ZONE_MAPPING_INVALID', path, `${id}: ${message}`, { resourceId: id, suggestion });
  if (mappings.length === 0)
    invalid(
      `${at}/zoneMappings`,
      'no zone mapping; CreateTransitRouterVpcAttachment requires ZoneMappings (a vSwitch per zone for the transit router’s ENI)',
      `add { "zoneId": …, "vSwitchId": … } for a vSwitch of ${vpcId}`,
    );
  if (mappings.length > MAX_ZONE_MAPPINGS)
    ctx.report('CEN_ZONE_MAPPINGS_QUOTA', `${at}/zoneMappings`, `${id} maps ${mappings.length} zones (at most 10)`, {
      resourceId: id,
      suggestion: 'map at most 10 zones',
    });
  const zones = new Set<string>();
  mappings.forEach((m, z) => {
    const path = `${at}/zoneMappings/${z}`;
    if (zones.has(m.zoneId))
      invalid(`${path}/zoneId`, `zone ${m.zoneId} is mapped twice`, `keep one vSwitch for ${m.zoneId}`);
    zones.add(m.zoneId);
    const vSwitch = ctx.index.vSwitches.get(m.vSwitchId);
    if (!vSwitch) {
      if (vpcKnown)
        invalid(
          `${path}/vSwitchId`,
          `vSwitch ${m.vSwitchId} is not in the document`,
          `map a vSwitch of ${vpcId} in ${m.zoneId}`,
        );
    } else if (vSwitch.vpcId !== vpcId)
      invalid(
        `${path}/vSwitchId`,
        `vSwitch ${m.vSwitchId} is in ${vSwitch.vpcId}, not in the attached VPC ${vpcId}`,
        `map a vSwitch of ${vpcId} in ${m.zoneId}`,
      );
    else if (vSwitch.zoneId !== m.zoneId)
      invalid(
        `${path}/zoneId`,
        `vSwitch ${m.vSwitchId} is in zone ${vSwitch.zoneId}, not ${m.zoneId}`,
        `set zoneId to ${vSwitch.zoneId}`,
      );
  });
}

function notAttached(ctx: ValidationContext, path: string, id: string, status: string): void {
  ctx.report('CEN_ATTACHMENT_NOT_ATTACHED', path, `${id} is ${status}, not Attached; it carries no traffic`, {
    resourceId: id,
    suggestion: `wait until ${id} is Attached (re-import to refresh), or re-create it`,
  });
}

function checkPeerAttachments(ctx: ValidationContext, cen: CenIndex): void {
  (ctx.document.transitRouterPeerAttachments ?? []).forEach((a, i) => {
    const id = a.transitRouterAttachmentId;
    const at = `/transitRouterPeerAttachments/${i}`;
    const own = cen.transitRouters.get(a.transitRouterId);
    const peer = cen.transitRouters.get(a.peerTransitRouterId);
    if (!own) unknown(ctx, `${at}/transitRouterId`, id, 'transit router', a.transitRouterId);
    if (!peer) unknown(ctx, `${at}/peerTransitRouterId`, id, 'transit router', a.peerTransitRouterId);
    if (own && a.cenId !== undefined && a.cenId !== own.cenId)
      ctx.report(
        'CEN_CEN_MISMATCH',
        `${at}/cenId`,
        `${id}: cenId ${a.cenId} is not ${own.transitRouterId}'s CEN ${own.cenId}`,
        {
          resourceId: id,
          suggestion: `set cenId to ${own.cenId}, or remove it`,
        },
      );
    if (own && peer) {
      if (own.cenId !== peer.cenId)
        ctx.report(
          'CEN_CEN_MISMATCH',
          `${at}/peerTransitRouterId`,
          `${id} joins ${own.transitRouterId} (${own.cenId}) and ${peer.transitRouterId} (${peer.cenId}), transit routers of two CEN instances`,
          {
            resourceId: id,
            suggestion: `peer ${own.transitRouterId} with the transit router of ${own.cenId} in ${peer.regionId}`,
          },
        );
      if (own.regionId === peer.regionId)
        ctx.report(
          'CEN_REGION_MISMATCH',
          `${at}/peerTransitRouterId`,
          `${id} joins two transit routers of ${own.regionId}; a peer attachment connects two regions`,
          { resourceId: id, suggestion: 'attach VPCs of one region to one transit router instead' },
        );
    }
    if (peer && a.peerTransitRouterRegionId !== undefined && a.peerTransitRouterRegionId !== peer.regionId)
      ctx.report(
        'CEN_REGION_MISMATCH',
        `${at}/peerTransitRouterRegionId`,
        `${id}: peerTransitRouterRegionId ${a.peerTransitRouterRegionId} is not ${peer.transitRouterId}'s region ${peer.regionId}`,
        { resourceId: id, suggestion: `set peerTransitRouterRegionId to ${peer.regionId}, or remove it` },
      );
    if (!attachmentCarries(a.status)) notAttached(ctx, `${at}/status`, id, a.status!);
  });
}

function checkRouteTable(ctx: ValidationContext, cen: CenIndex, table: TransitRouterRouteTable, t: number): void {
  const id = table.transitRouterRouteTableId;
  const at = `/transitRouterRouteTables/${t}`;
  if (!cen.transitRouters.has(table.transitRouterId))
    unknown(ctx, `${at}/transitRouterId`, id, 'transit router', table.transitRouterId);
  const statics = new Map<string, number>();
  table.transitRouterRouteEntries.forEach((entry, e) => {
    const path = `${at}/transitRouterRouteEntries/${e}`;
    const invalid = (field: string, message: string, suggestion: string) =>
      ctx.report('CEN_ROUTE_ENTRY_INVALID', `${path}/${field}`, `${id}: route ${e} ${message}`, {
        resourceId: id,
        suggestion,
      });
    const destination = entry.transitRouterRouteEntryDestinationCidrBlock;
    // IPv6 destinations are kept unchecked: vpclink simulates IPv4 only.
    const parsed = destination.includes(':') ? null : ctx.parseCidr(destination);
    if (parsed !== null && !parsed.ok)
      invalid(
        'transitRouterRouteEntryDestinationCidrBlock',
        `has destination ${JSON.stringify(destination)}, which is not an IPv4 CIDR block: ${parsed.error}`,
        'write the destination as a.b.c.d/n',
      );
    const type = entry.transitRouterRouteEntryNextHopType;
    const hop = entry.transitRouterRouteEntryNextHopId;
    if (type === 'BlackHole') {
      if (hop !== undefined)
        invalid(
          'transitRouterRouteEntryNextHopId',
          `is a BlackHole route with a next hop (${hop}); a BlackHole route has none`,
          'remove transitRouterRouteEntryNextHopId, or make it an Attachment route',
        );
    } else if (type !== 'Attachment') {
      invalid(
        'transitRouterRouteEntryNextHopType',
        `has next-hop type ${JSON.stringify(type)}; the API's words are BlackHole and Attachment`,
        'use BlackHole or Attachment',
      );
    } else if (hop === undefined) {
      invalid(
        'transitRouterRouteEntryNextHopType',
        'is an Attachment route without transitRouterRouteEntryNextHopId',
        `add the tr-attach-… ID of an attachment of ${table.transitRouterId}`,
      );
    } else {
      const attachment = cen.attachments.get(hop);
      if (!attachment || !transitRoutersOf(attachment).includes(table.transitRouterId))
        ctx.report(
          'CEN_ROUTE_NEXT_HOP_INVALID',
          `${path}/transitRouterRouteEntryNextHopId`,
          `${id}: route ${e} goes to ${hop}, which ${attachment ? `is an attachment of ${transitRoutersOf(attachment).join(' and ')}` : 'is not in the document'}, not of ${table.transitRouterId}`,
          { resourceId: id, suggestion: `point the route at an attachment of ${table.transitRouterId}` },
        );
    }
    if (!linkActive(entry.transitRouterRouteEntryStatus))
      notActive(
        ctx,
        `${path}/transitRouterRouteEntryStatus`,
        id,
        `route ${destination}`,
        entry.transitRouterRouteEntryStatus!,
      );
    if ((entry.transitRouterRouteEntryType ?? 'Static') === 'Static' && parsed?.ok) {
      const key = destination.trim();
      const first = statics.get(key);
      if (first !== undefined)
        ctx.report(
          'CEN_ROUTE_DUPLICATE',
          `${path}/transitRouterRouteEntryDestinationCidrBlock`,
          `${id}: routes ${first} and ${e} both go to ${destination}`,
          { resourceId: id, suggestion: `keep one route for ${destination}` },
        );
      else statics.set(key, e);
    }
  });
}

function notActive(ctx: ValidationContext, path: string, id: string, what: string, status: string): void {
  ctx.report('CEN_LINK_NOT_ACTIVE', path, `${id}: ${what} is ${status}, not Active; vpclink does not use it`, {
    resourceId: id,
    suggestion: 'wait until it is Active (re-import to refresh), or re-create it',
  });
}

function checkLinks(ctx: ValidationContext, cen: CenIndex): void {
  for (const array of ['transitRouterRouteTableAssociations', 'transitRouterRouteTablePropagations'] as const) {
    const association = array === 'transitRouterRouteTableAssociations';
    const seen = new Map<string, number>();
    (ctx.document[array] ?? []).forEach((link, i) => {
      const at = `/${array}/${i}`;
      const attachment = cen.attachments.get(link.transitRouterAttachmentId);
      const table = cen.routeTables.get(link.transitRouterRouteTableId);
      const id = link.transitRouterAttachmentId;
      if (!attachment) unknown(ctx, `${at}/transitRouterAttachmentId`, id, 'attachment', id);
      if (!table)
        unknown(
          ctx,
          `${at}/transitRouterRouteTableId`,
          id,
          'transit-router route table',
          link.transitRouterRouteTableId,
        );
      if (!attachment || !table) return;
      const trId = table.table.transitRouterId;
      if (!transitRoutersOf(attachment).includes(trId)) {
        ctx.report(
          'CEN_LINK_INVALID',
          `${at}/transitRouterRouteTableId`,
          `${id} is an attachment of ${transitRoutersOf(attachment).join(' and ')}, but route table ${link.transitRouterRouteTableId} belongs to ${trId}`,
          { resourceId: id, suggestion: `use a route table of ${transitRoutersOf(attachment)[0]}` },
        );
        return;
      }
      // One association per attachment and transit router; a propagation is listed once.
      const key = association ? `${id}\u0000${trId}` : `${id}\u0000${link.transitRouterRouteTableId}`;
      const first = seen.get(key);
      if (first !== undefined) {
        if (association)
          ctx.report(
            'CEN_ASSOCIATION_DUPLICATE',
            at,
            `${id} is associated with route tables of ${trId} twice (items ${first} and ${i})`,
            { resourceId: id, suggestion: 'keep one association per attachment and transit router' },
          );
        else
          ctx.report('CEN_LINK_DUPLICATE', at, `${id} propagates to ${link.transitRouterRouteTableId} twice`, {
            resourceId: id,
            suggestion: 'remove the repeated propagation',
          });
      } else seen.set(key, i);
      if (!linkActive(link.status))
        notActive(
          ctx,
          `${at}/status`,
          id,
          `its ${association ? 'association with' : 'propagation to'} ${link.transitRouterRouteTableId}`,
          link.status!,
        );
    });
  }
  // A VPC attachment needs an association, or traffic entering the TR from it has no table. (Which
  // table a peer attachment's traffic uses on each side is not in aliyun-links.md §2.2: the
  // simulator says undetermined there, so no finding.)
  for (const attachment of cen.attachments.values()) {
    if (attachment.kind !== 'vpc' || !cen.transitRouters.has(attachment.attachment.transitRouterId)) continue;
    const { transitRouterAttachmentId: id, transitRouterId: trId } = attachment.attachment;
    const associated = (cen.associationsByAttachment.get(id) ?? []).some(
      ({ link }) => cen.routeTables.get(link.transitRouterRouteTableId)?.table.transitRouterId === trId,
    );
    if (associated) continue;
    ctx.report(
      'CEN_ATTACHMENT_NOT_ASSOCIATED',
      `/transitRouterVpcAttachments/${attachment.docIndex}`,
      `${id} is associated with no route table of ${trId}: traffic entering ${trId} from it is dropped`,
      {
        resourceId: id,
        suggestion: `associate ${id} with a route table of ${trId} (AssociateTransitRouterAttachmentWithRouteTable)`,
      },
    );
  }
}

/**
 * A VPC route with NextHopType `Attachment` ("Attachment: transit router", aliyun-links.md §2.2):
 * its next hop must be a VPC attachment of the route table's VPC. True when decided here; false
 * when the document has no CEN resources at all, so the route stays "not simulated" as before.
 */
export function checkAttachmentNextHop(
  ctx: ValidationContext,
  hop: string,
  vpcId: string,
  missing: (what: string) => void,
  otherVpc: (what: string, theirs: string) => void,
): boolean {
  const cen = cenIndexOf(ctx.document);
  if (!cen.present) return false;
  const attachment = cen.attachments.get(hop);
  if (attachment === undefined) missing('transit-router attachment');
  else if (attachment.kind === 'peer')
    otherVpc('attachment', `transit router ${attachment.attachment.transitRouterId}`);
  else if (attachment.attachment.vpcId !== vpcId) otherVpc('attachment', attachment.attachment.vpcId);
  return true;
}
