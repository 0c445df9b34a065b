/**
 * vpclink does not create CEN resources (issue 12: apply for CEN is optional and left out). So
 * the plan says so instead of silently skipping: one `CEN_NOT_APPLIED` warning per CEN resource
 * of the document that the current state does not have (instances, transit routers, attachments,
 * route tables, then the routes, associations and propagations of each table), and VPC routes
 * toward a transit-router attachment that is not live are left out — CreateRouteEntry would fail
 * on a next hop that does not exist (aliyun-links.md §2.2: NextHopType `Attachment`).
 */
import type { RouteEntry, Topology } from '../document/schema';
import { cenIndexOf } from '../model/cenIndex';
import { normaliseCidr } from './identity';
import type { PlanProblem } from './types';
import { agreeing } from '../text/count';

/** True when a VPC route goes to a transit-router attachment the current state does not have. */
export function routeNeedsMissingAttachment(entry: RouteEntry, current: Topology): boolean {
  return entry.nextHopType === 'Attachment' && !cenIndexOf(current).attachments.has(entry.nextHopId);
}

export function cenNotApplied(desired: Topology, current: Topology): PlanProblem[] {
  const want = cenIndexOf(desired);
  const live = cenIndexOf(current);
  const problems: PlanProblem[] = [];
  const warn = (resourceId: string, message: string) =>
    problems.push({
      code: 'CEN_NOT_APPLIED',
      severity: 'warning',
      resourceId,
      message: `${message}; vpclink does not create CEN resources: create it in the CEN console (or Terraform), then import`,
    });
  for (const cen of desired.cenInstances ?? [])
    if (!live.cens.has(cen.cenId)) warn(cen.cenId, `CEN instance ${cen.cenId} is not live`);
  for (const tr of desired.transitRouters ?? [])
    if (!live.transitRouters.has(tr.transitRouterId))
      warn(tr.transitRouterId, `transit router ${tr.transitRouterId} (${tr.regionId}) is not live`);
  for (const { kind, attachment } of want.attachments.values()) {
    if (live.attachments.has(attachment.transitRouterAttachmentId)) continue;
    const what =
      kind === 'vpc'
        ? `VPC attachment ${attachment.transitRouterAttachmentId} of ${attachment.vpcId}`
        : `peer attachment ${attachment.transitRouterAttachmentId} (${attachment.transitRouterId} ↔ ${attachment.peerTransitRouterId})`;
    warn(attachment.transitRouterAttachmentId, `${what} is not live`);
  }
  for (const { table } of want.routeTables.values()) {
    const id = table.transitRouterRouteTableId;
    const liveTable = live.routeTables.get(id)?.table;
    if (liveTable === undefined) warn(id, `transit-router route table ${id} is not live`);
    const liveRoutes = new Set(liveTable?.transitRouterRouteEntries.map(routeText) ?? []);
    const missing = table.transitRouterRouteEntries.map(routeText).filter((r) => !liveRoutes.has(r));
    if (missing.length > 0)
      warn(
        id,
        `${missing.length === 1 ? 'route' : 'routes'} ${missing.join(', ')} of transit-router route table ${id} ${agreeing(missing.length)} not live`,
      );
  }
  for (const [array, verb] of [
    ['transitRouterRouteTableAssociations', 'association'],
    ['transitRouterRouteTablePropagations', 'propagation'],
  ] as const) {
    const liveLinks = new Set((current[array] ?? []).map(linkKey));
    for (const link of desired[array] ?? [])
      if (!liveLinks.has(linkKey(link)))
        warn(
          link.transitRouterAttachmentId,
          `the ${verb} of ${link.transitRouterAttachmentId} with ${link.transitRouterRouteTableId} is not live`,
        );
  }
  for (const table of desired.routeTables)
    for (const entry of table.routeEntries)
      if (routeNeedsMissingAttachment(entry, current))
        warn(
          table.routeTableId,
          `route ${normaliseCidr(entry.destinationCidrBlock)} → Attachment ${entry.nextHopId} in ${table.routeTableId} is left out: its transit-router attachment is not live`,
        );
  return problems;
}

function routeText(entry: {
  readonly transitRouterRouteEntryDestinationCidrBlock: string;
  readonly transitRouterRouteEntryNextHopType: string;
  readonly transitRouterRouteEntryNextHopId?: string;
}): string {
  const hop = entry.transitRouterRouteEntryNextHopId;
  return `${entry.transitRouterRouteEntryDestinationCidrBlock} → ${entry.transitRouterRouteEntryNextHopType}${hop ? ' ' + hop : ''}`;
}

function linkKey(link: { readonly transitRouterAttachmentId: string; readonly transitRouterRouteTableId: string }) {
  return `${link.transitRouterAttachmentId}\u0000${link.transitRouterRouteTableId}`;
}
