/** A VPC's route table: destinations and next hops, editable inline; the route a failing ping stops at is marked. */
import { PrefixListLinks } from './PrefixListForm';
import type { RouteEntry } from '../../../simulator/document/schema';
import { impliedSystemRouteTableId, type ResolvedRouteTable } from '../../../simulator/model/topologyIndex';
import { blockedPaths } from '../../canvas/highlight';
import { useSim } from '../../sim/simStore';
import { useDoc, useIndex } from '../../state';
import { addRouteEntry, removeRouteEntry, updateRouteEntry } from '../../store/edits';
import { FindingList, Section, useFindingsAt, validators } from '../fields';
import { change, Header } from './common';

export function RouteTableStandalone({ id }: { readonly id: string }) {
  const index = useIndex();
  const table = index.routeTables.get(id);
  const vpc = table ? index.vpcs.get(table.vpcId) : undefined;
  if (!table) return null;
  return (
    <>
      <Header kind="Route table" title={table.routeTableId} id={table.vpcId} />
      <RouteTableSection table={table} vpcRouterId={vpc?.vRouterId ?? ''} />
    </>
  );
}

export function RouteTableSection({
  table,
  vpcRouterId,
}: {
  readonly table: ResolvedRouteTable;
  readonly vpcRouterId: string;
}) {
  const index = useIndex();
  const basePath = table.implied ? undefined : `/routeTables/${table.documentIndex}`;
  const localRis = index.routerInterfacesByRouter.get(vpcRouterId) ?? [];
  const peerings = useDoc((s) => s.doc.vpcPeerConnections);
  const localHops = [
    ...localRis.map((r) => ({
      value: r.routerInterfaceId,
      label: r.name ?? r.routerInterfaceId,
      type: 'RouterInterface',
    })),
    // A peering connection is a next hop of both its VPCs (aliyun-links.md §1.6).
    ...(peerings ?? [])
      .filter((p) => p.vpcId === table.vpcId || p.acceptingVpcId === table.vpcId)
      .map((p) => ({ value: p.instanceId, label: `Peering ${p.name ?? p.instanceId}`, type: 'VpcPeer' })),
  ];
  const blocked = useSim(
    (s) => s.check?.kind === 'result' && s.check.blockers.some((b) => b.resourceId === table.routeTableId),
  );
  const addRoute = () =>
    change('Add route', (d) =>
      addRouteEntry(d, table.implied ? impliedSystemRouteTableId(table.vpcId) : table.routeTableId, {
        destinationCidrBlock: '',
        nextHopType: 'RouterInterface',
        nextHopId: localRis[0]?.routerInterfaceId ?? 'ri-',
        status: 'Available',
      }),
    );
  return (
    <Section
      title={`${table.routeTableType === 'System' ? 'System' : 'Custom'} route table`}
      actions={
        <button className="small-button" onClick={addRoute} data-testid={`add-route-${table.vpcId}`}>
          + Route
        </button>
      }
    >
      <div className={`mono dim small${blocked ? ' blocked-text' : ''}`}>
        {table.implied ? 'implied (created on first route)' : table.routeTableId}
      </div>
      <table className="grid-table" data-testid={`routes-${table.vpcId}`}>
        <thead>
          <tr>
            <th>Destination</th>
            <th>Next hop</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {table.table.routeEntries.map((entry, n) => (
            <RouteRow
              key={n}
              tableId={table.routeTableId}
              index={n}
              entry={entry}
              path={basePath ? `${basePath}/routeEntries/${n}` : undefined}
              localRis={localHops}
            />
          ))}
          <tr className="system-route">
            <td className="mono dim" colSpan={3}>
              + system routes to this VPC's vSwitches (implied)
            </td>
          </tr>
        </tbody>
      </table>
      {table.table.routeEntries.length === 0 && (
        <p className="dim small">No custom routes: traffic to other VPCs has nowhere to go.</p>
      )}
    </Section>
  );
}

function RouteRow({
  tableId,
  index,
  entry,
  path,
  localRis,
}: {
  readonly tableId: string;
  readonly index: number;
  readonly entry: RouteEntry;
  readonly path?: string;
  readonly localRis: readonly { value: string; label: string; type: string }[];
}) {
  const destError = validators.cidr(entry.destinationCidrBlock);
  const findings = useFindingsAt(path, true);
  const blocked = useSim((s) => path !== undefined && blockedPaths(s.check).has(path));
  const isRi = entry.nextHopType === 'RouterInterface' || entry.nextHopType === 'VpcPeer';
  const options = localRis.some((o) => o.value === entry.nextHopId)
    ? localRis
    : [
        ...localRis,
        { value: entry.nextHopId, label: `${entry.nextHopId} (not on this vRouter)`, type: entry.nextHopType },
      ];
  return (
    <>
      <tr className={blocked ? 'blocked-row' : undefined} data-blocked={blocked || undefined}>
        <td>
          <input
            className={`mono cell-input${destError ? ' invalid' : ''}`}
            value={entry.destinationCidrBlock}
            placeholder="e.g. 192.168.0.0/16"
            spellCheck={false}
            aria-label={`Route ${index + 1} destination CIDR`}
            data-testid={`route-dest-${index}`}
            onChange={(e) =>
              change(
                'Edit route destination',
                (d) => updateRouteEntry(d, tableId, index, { destinationCidrBlock: e.target.value }),
                `${tableId}/${index}/dest`,
              )
            }
          />
          <PrefixListLinks text={entry.destinationCidrBlock} />
        </td>
        <td>
          <select
            className="cell-input"
            aria-label={`Route ${index + 1} next hop`}
            value={isRi ? entry.nextHopId : `${entry.nextHopType}:${entry.nextHopId}`}
            onChange={(e) =>
              change('Edit route next hop', (d) =>
                updateRouteEntry(d, tableId, index, {
                  nextHopType: options.find((o) => o.value === e.target.value)?.type ?? 'RouterInterface',
                  nextHopId: e.target.value,
                }),
              )
            }
          >
            {!isRi && (
              <option
                value={`${entry.nextHopType}:${entry.nextHopId}`}
              >{`${entry.nextHopType} ${entry.nextHopId}`}</option>
            )}
            {options.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        </td>
        <td>
          <button
            className="icon-button"
            title="Delete this route"
            aria-label={`Delete route ${index + 1}`}
            data-testid={`route-delete-${index}`}
            onClick={() => change('Delete route', (d) => removeRouteEntry(d, tableId, index))}
          >
            ✕
          </button>
        </td>
      </tr>
      {(destError || findings.length > 0) && (
        <tr>
          <td colSpan={3}>
            {destError && entry.destinationCidrBlock !== '' && <div className="field-error">{destError}</div>}
            {entry.destinationCidrBlock === '' && <div className="field-error">destination: required</div>}
            <FindingList findings={findings} />
          </td>
        </tr>
      )}
    </>
  );
}
