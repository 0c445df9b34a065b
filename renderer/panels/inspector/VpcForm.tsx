/** A VPC: name, CIDR, region and account; its route tables, security groups and router interfaces. */
import { effectiveRouterInterfaceStatus } from '../../../simulator/model/pairing';
import { useState } from 'react';
import { useDoc, useIndex, useUi } from '../../state';
import { updateResource } from '../../store/edits';
import { roleWord, statusWord } from '../../words';
import { FindingsAt, RegionField, Section, SelectField, TextField, validators } from '../fields';
import { change, Header, Link, plural, setField } from './common';
import { RouteTableSection } from './RouteTable';
import { VpcVSwitches } from './VpcVSwitches';
import { VpcPeerings } from './PeeringForm';
import { moveVpcToRegion } from '../../store/quickAdd';
import { AccountUidField } from './AccountForm';

export function VpcForm({ id, path }: { readonly id: string; readonly path: string }) {
  const index = useIndex();
  const vpc = index.vpcs.get(id);
  const accounts = useDoc((s) => s.doc.accounts);
  if (!vpc) return null;
  const tables = [...index.routeTables.values()].filter((t) => t.vpcId === id);
  const groups = [...index.securityGroups.values()].filter((g) => g.vpcId === id);
  const ris = index.routerInterfacesByRouter.get(vpc.vRouterId) ?? [];
  return (
    <>
      <Header kind="VPC" title={vpc.name ?? id} id={id} />
      <TextField
        label="Name"
        value={vpc.name ?? ''}
        path={`${path}/name`}
        onChange={setField(id, 'name', `${path}/name`)}
        testId="vpc-name"
      />
      <TextField
        label="CIDR block"
        value={vpc.cidrBlock}
        path={`${path}/cidrBlock`}
        validate={validators.cidr}
        mono
        onChange={setField(id, 'cidrBlock', `${path}/cidrBlock`)}
        testId="vpc-cidr"
      />
      <div className="field-row">
        <RegionField
          label="Region"
          value={vpc.regionId}
          path={`${path}/regionId`}
          testId="vpc-region"
          onChange={(v) => change('Move VPC to region', (d) => moveVpcToRegion(d, id, v))}
        />
        <SelectField
          label="Account"
          value={vpc.accountId}
          path={`${path}/accountId`}
          options={accounts.map((a) => ({ value: a.accountId, label: a.name ?? a.accountId }))}
          onChange={(v) => change('Move VPC to account', (d) => updateResource(d, id, { accountId: v }))}
        />
      </div>
      {/* The account's UID where the VPC is sketched: a new VPC's account gets its UID without a trip to the account. */}
      <AccountUidField
        accountId={vpc.accountId}
        path={`${path}/accountId`}
        label="Account UID"
        testId="vpc-account-uid"
        selectAfter={() => id}
      />
      <TextField label="vRouter" value={vpc.vRouterId} path={`${path}/vRouterId`} readOnly mono />
      <FindingsAt path={path} />
      <VpcVSwitches vpcId={id} />
      {tables.map((t) => (
        <RouteTableSection key={t.routeTableId} table={t} vpcRouterId={vpc.vRouterId} />
      ))}
      <Section title="Security groups">
        <ul className="ref-list">
          {groups.map((g) => (
            <li key={g.securityGroupId}>
              <Link id={g.securityGroupId}>{g.name ?? g.securityGroupId}</Link>{' '}
              <span className="dim small">{plural(g.permissions.length, 'rule')}</span>
            </li>
          ))}
          {groups.length === 0 && <li className="dim">none</li>}
        </ul>
      </Section>
      <VpcPeerings vpcId={id} />
      <Section title="Router interfaces">
        <ul className="ref-list">
          {ris.map((r) => (
            <li key={r.routerInterfaceId}>
              <Link id={r.routerInterfaceId}>{r.name ?? r.routerInterfaceId}</Link>{' '}
              <span className="dim small">
                {roleWord(r.role)} · {statusWord(effectiveRouterInterfaceStatus(r, index))}
              </span>
            </li>
          ))}
          {ris.length === 0 && <li className="dim">none — drag this VPC onto another to connect them</li>}
        </ul>
        <ConnectTo vpcId={id} />
      </Section>
    </>
  );
}

/** The keyboard way to the connect dialog (the mouse way: drop this VPC on another). */
function ConnectTo({ vpcId }: { readonly vpcId: string }) {
  const index = useIndex();
  const others = [...index.vpcs.values()].filter((v) => v.vpcId !== vpcId);
  const [target, setTarget] = useState('');
  if (others.length === 0) return null;
  const chosen = others.some((v) => v.vpcId === target) ? target : others[0].vpcId;
  return (
    <div className="connect-to">
      <select
        aria-label="VPC to connect to"
        value={chosen}
        onChange={(e) => setTarget(e.target.value)}
        data-testid="connect-to-vpc"
      >
        {others.map((v) => (
          <option key={v.vpcId} value={v.vpcId}>
            {v.name ? `${v.name} (${v.cidrBlock})` : `${v.vpcId} (${v.cidrBlock})`}
          </option>
        ))}
      </select>
      <button
        className="small-button"
        data-testid="connect-to-button"
        onClick={() => useUi.getState().setDialog({ kind: 'connect', fromVpcId: vpcId, toVpcId: chosen })}
      >
        Connect…
      </button>
    </div>
  );
}
