/** A vSwitch: name, CIDR inside its VPC's, zone, and the route table it uses. */
import { useDoc, useIndex } from '../../state';
import { aclOfVSwitch, bindVSwitchAcl } from '../../store/dataplaneEdits';
import { updateResource } from '../../store/edits';
import { FindingsAt, SelectField, TextField, validators } from '../fields';
import { change, Header, Link, setField } from './common';

export function VSwitchForm({ id, path }: { readonly id: string; readonly path: string }) {
  const index = useIndex();
  const acls = useDoc((s) => s.doc.networkAcls);
  const boundAcl = useDoc((s) => aclOfVSwitch(s.doc, id)?.networkAclId ?? '');
  const vsw = index.vSwitches.get(id);
  if (!vsw) return null;
  const customTables = [...index.routeTables.values()].filter(
    (t) => t.vpcId === vsw.vpcId && t.routeTableType === 'Custom',
  );
  const vpc = index.vpcs.get(vsw.vpcId);
  return (
    <>
      <Header kind="vSwitch" title={vsw.name ?? id} id={id} />
      <TextField
        label="Name"
        value={vsw.name ?? ''}
        path={`${path}/name`}
        onChange={setField(id, 'name', `${path}/name`)}
      />
      <TextField
        label="CIDR block"
        value={vsw.cidrBlock}
        path={`${path}/cidrBlock`}
        validate={validators.cidr}
        mono
        onChange={setField(id, 'cidrBlock', `${path}/cidrBlock`)}
        hint={vpc ? `inside the VPC's ${vpc.cidrBlock}` : undefined}
      />
      <TextField
        label="Zone"
        value={vsw.zoneId}
        path={`${path}/zoneId`}
        validate={validators.required}
        onChange={setField(id, 'zoneId', `${path}/zoneId`)}
      />
      <SelectField
        label="Route table"
        value={vsw.routeTableId ?? ''}
        allowEmpty="System route table"
        path={`${path}/routeTableId`}
        options={customTables.map((t) => t.routeTableId)}
        onChange={(v) => change('Attach route table', (d) => updateResource(d, id, { routeTableId: v || undefined }))}
      />
      <SelectField
        label="Network ACL"
        value={boundAcl}
        allowEmpty="No network ACL"
        testId="vswitch-acl"
        options={(acls ?? [])
          .filter((a) => a.vpcId === vsw.vpcId)
          .map((a) => ({ value: a.networkAclId, label: a.networkAclName ?? a.networkAclId }))}
        onChange={(v) => change(v ? 'Bind network ACL' : 'Unbind network ACL', (d) => bindVSwitchAcl(d, id, v))}
      />
      {boundAcl && (
        <p className="small pad">
          Filtered by <Link id={boundAcl}>{boundAcl}</Link>
        </p>
      )}
      <p className="small pad">
        In VPC <Link id={vsw.vpcId}>{vpc?.name ?? vsw.vpcId}</Link>
      </p>
      <FindingsAt path={path} />
    </>
  );
}
