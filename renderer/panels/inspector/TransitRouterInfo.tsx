/**
 * A CEN transit router on the diagram (or one of its attachments, clicked on its edge): read-only,
 * its CEN and region, its attachments and its route tables with their routes, associations and
 * propagations (README "CEN transit routers"; vpclink does not apply CEN, so nothing is edited here).
 */
import type { Topology } from '../../../simulator/document/schema';
import { useDoc } from '../../state';
import { Header, Link, plural } from './common';

/** The transit router `id` names: itself, or the transit router of the attachment `id`. */
export function transitRouterOf(doc: Topology, id: string): string | undefined {
  if ((doc.transitRouters ?? []).some((t) => t.transitRouterId === id)) return id;
  const vpc = (doc.transitRouterVpcAttachments ?? []).find((a) => a.transitRouterAttachmentId === id);
  if (vpc) return vpc.transitRouterId;
  return (doc.transitRouterPeerAttachments ?? []).find((a) => a.transitRouterAttachmentId === id)?.transitRouterId;
}

export function TransitRouterInfo({ id }: { readonly id: string }) {
  const doc = useDoc((s) => s.doc);
  const trId = transitRouterOf(doc, id);
  const tr = (doc.transitRouters ?? []).find((t) => t.transitRouterId === trId);
  if (!tr) return null;
  const attachments = (doc.transitRouterVpcAttachments ?? []).filter((a) => a.transitRouterId === tr.transitRouterId);
  const peers = (doc.transitRouterPeerAttachments ?? []).filter(
    (a) => a.transitRouterId === tr.transitRouterId || a.peerTransitRouterId === tr.transitRouterId,
  );
  const tables = (doc.transitRouterRouteTables ?? []).filter((t) => t.transitRouterId === tr.transitRouterId);
  const linked = (
    array: 'transitRouterRouteTableAssociations' | 'transitRouterRouteTablePropagations',
    table: string,
  ) => (doc[array] ?? []).filter((l) => l.transitRouterRouteTableId === table).map((l) => l.transitRouterAttachmentId);
  return (
    <>
      <Header kind="Transit router" title={tr.transitRouterName ?? tr.transitRouterId} id={tr.transitRouterId} />
      <p className="pad">
        CEN {tr.cenId} · {tr.regionId} · {tr.type ?? 'Enterprise'}
        {tr.status ? ` · ${tr.status}` : ''}. vpclink simulates it but does not create or change it.
      </p>
      <h3 className="pad">{plural(attachments.length, 'VPC attachment')}</h3>
      <ul className="pad" data-testid="tr-attachments">
        {attachments.map((a) => (
          <li key={a.transitRouterAttachmentId} className={a.transitRouterAttachmentId === id ? 'selected' : ''}>
            <span className="mono">{a.transitRouterAttachmentName ?? a.transitRouterAttachmentId}</span> →{' '}
            <Link id={a.vpcId} /> <span className="dim">{a.status ?? 'Attached (design)'}</span>
          </li>
        ))}
        {peers.map((a) => (
          <li key={a.transitRouterAttachmentId} className={a.transitRouterAttachmentId === id ? 'selected' : ''}>
            <span className="mono">{a.transitRouterAttachmentName ?? a.transitRouterAttachmentId}</span> ↔ peer{' '}
            <Link id={a.transitRouterId === tr.transitRouterId ? a.peerTransitRouterId : a.transitRouterId} />
          </li>
        ))}
      </ul>
      {tables.map((t) => (
        <div key={t.transitRouterRouteTableId} className="pad" data-testid={`tr-table-${t.transitRouterRouteTableId}`}>
          <h3>
            Route table {t.transitRouterRouteTableName ?? t.transitRouterRouteTableId}{' '}
            <span className="dim small">{t.transitRouterRouteTableType ?? ''}</span>
          </h3>
          <ul>
            {t.transitRouterRouteEntries.map((e, i) => (
              <li key={i} className="mono small">
                {e.transitRouterRouteEntryDestinationCidrBlock} → {e.transitRouterRouteEntryNextHopType}{' '}
                {e.transitRouterRouteEntryNextHopId ?? ''}
              </li>
            ))}
          </ul>
          <div className="small dim">
            associated:{' '}
            {linked('transitRouterRouteTableAssociations', t.transitRouterRouteTableId).join(', ') || 'none'}
          </div>
          <div className="small dim">
            learns from:{' '}
            {linked('transitRouterRouteTablePropagations', t.transitRouterRouteTableId).join(', ') || 'none'}
          </div>
        </div>
      ))}
    </>
  );
}
