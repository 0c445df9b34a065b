/** A VPC peering connection: status, bandwidth, the two sides (VPC, account, region) and the routes through it. */
import { documentStore, useDoc } from '../../state';
import {
  INTER_REGION_PEERING_BANDWIDTH,
  peeringBandwidthText,
  peeringStatus,
  removePeering,
  routesThroughPeering,
  updatePeering,
} from '../../store/links';
import { FindingsAt, Section, TextField } from '../fields';
import { change, Header, Link, plural } from './common';

export function PeeringForm({ id, path }: { readonly id: string; readonly path: string }) {
  const doc = useDoc((s) => s.doc);
  const connection = (doc.vpcPeerConnections ?? []).find((p) => p.instanceId === id);
  if (!connection) return null;
  const status = peeringStatus(doc, connection);
  const requester = doc.vpcs.find((v) => v.vpcId === connection.vpcId);
  const accepter = doc.vpcs.find((v) => v.vpcId === connection.acceptingVpcId);
  const crossRegion = requester && accepter ? requester.regionId !== accepter.regionId : true;
  const routes = routesThroughPeering(doc, id);
  const accountName = (accountId: string | undefined) => {
    const account = doc.accounts.find((a) => a.accountId === accountId);
    return account?.name ? `${account.name} (${accountId})` : (accountId ?? '?');
  };
  const vpcName = (vpcId: string) => {
    const vpc = doc.vpcs.find((v) => v.vpcId === vpcId);
    return vpc?.name ?? vpcId;
  };
  const side = (label: string, vpcId: string, vpc: typeof requester) => (
    <div className="peer-side" data-testid={`peering-${label.toLowerCase()}`}>
      <div className="dim small">{label}</div>
      <div>
        {vpc ? <Link id={vpc.vpcId}>{vpc.name ?? vpc.vpcId}</Link> : <span className="mono">{vpcId}</span>}
        {vpc && <span className="mono dim small"> {vpc.cidrBlock}</span>}
      </div>
      <div className="small">
        Account {accountName(vpc?.accountId)} · {vpc?.regionId ?? 'region unknown'}
      </div>
    </div>
  );
  return (
    <>
      <Header kind="VPC peering" title={connection.name ?? id} id={id} />
      <div
        className={`status-line status-${status.state === 'active' ? 'ok' : status.state === 'broken' ? 'bad' : 'idle'}`}
        data-testid="peering-status"
      >
        <span className="ri-dot" /> {status.word}
        <span className="dim"> {status.asDesigned ? '(what apply will reach)' : '(live)'}</span>
      </div>
      <p className="small pad" data-testid="peering-bandwidth">
        Bandwidth: {peeringBandwidthText(doc, connection)}
        {requester && accepter && requester.accountId !== accepter.accountId && (
          <> · across accounts: the accepting account accepts it when applying</>
        )}
      </p>
      <div className="peer-sides">
        {side('Requester', connection.vpcId, requester)}
        {side('Accepter', connection.acceptingVpcId, accepter)}
      </div>
      <TextField
        label="Name"
        value={connection.name ?? ''}
        path={`${path}/name`}
        onChange={(v) =>
          change('Edit peering name', (d) => updatePeering(d, id, { name: v === '' ? undefined : v }), `${path}/name`)
        }
      />
      {crossRegion && (
        <TextField
          label="Bandwidth (Mbit/s)"
          value={String(connection.bandwidth ?? INTER_REGION_PEERING_BANDWIDTH)}
          path={`${path}/bandwidth`}
          mono
          validate={(v) => (/^[1-9]\d*$/.test(v.trim()) ? null : 'a whole number of Mbit/s, e.g. 1024')}
          onChange={(v) =>
            /^[1-9]\d*$/.test(v.trim()) &&
            change('Edit peering bandwidth', (d) => updatePeering(d, id, { bandwidth: Number(v) }), `${path}/bandwidth`)
          }
          testId="peering-bandwidth-input"
        />
      )}
      <FindingsAt path={path} prefix />
      <Section title={`Routes through it (${plural(routes.length, 'route')})`}>
        <ul className="ref-list" data-testid="peering-routes">
          {routes.map((r) => (
            <li key={`${r.routeTableId}/${r.index}`}>
              <span className="mono">{r.destination}</span> <span className="dim small">in</span>{' '}
              <Link id={r.vpcId}>{vpcName(r.vpcId)}</Link>
            </li>
          ))}
          {routes.length === 0 && (
            <li className="dim">none — traffic takes the connection only where a route sends it (both sides)</li>
          )}
        </ul>
      </Section>
      <div className="button-row pad">
        <button
          className="small-button"
          data-testid="peering-delete"
          onClick={() => {
            change('Delete peering connection', (d) => removePeering(d, id));
            documentStore.getState().select([]);
          }}
        >
          Delete the connection and its {plural(routes.length, 'route')}
        </button>
      </div>
    </>
  );
}

/** A VPC's peering connections with their status, in the VPC's inspector. */
export function VpcPeerings({ vpcId }: { readonly vpcId: string }) {
  const doc = useDoc((s) => s.doc);
  const peerings = (doc.vpcPeerConnections ?? []).filter((p) => p.vpcId === vpcId || p.acceptingVpcId === vpcId);
  if (peerings.length === 0) return null;
  return (
    <Section title="Peering connections">
      <ul className="ref-list" data-testid="vpc-peerings">
        {peerings.map((p) => {
          const other = doc.vpcs.find((v) => v.vpcId === (p.vpcId === vpcId ? p.acceptingVpcId : p.vpcId));
          return (
            <li key={p.instanceId}>
              <Link id={p.instanceId}>{p.name ?? p.instanceId}</Link>{' '}
              <span className="dim small">
                with {other?.name ?? other?.vpcId ?? 'a VPC not in the document'} · {peeringStatus(doc, p).word}
              </span>
            </li>
          );
        })}
      </ul>
    </Section>
  );
}
