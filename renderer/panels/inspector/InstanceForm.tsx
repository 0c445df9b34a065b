/** An ECS instance: name, private IP, vSwitch and security groups; "ping from/to here". */
import { useSim } from '../../sim/simStore';
import { indexOf, useIndex, useUi } from '../../state';
import { updateResource } from '../../store/edits';
import { FindingsAt, Section, SelectField, TextField, validators } from '../fields';
import { change, Header, Link, setField } from './common';
import { EniList } from './NetworkInterfaceForm';

export function InstanceForm({ id, path }: { readonly id: string; readonly path: string }) {
  const index = useIndex();
  const instance = index.instances.get(id);
  const query = useSim((s) => s.query);
  if (!instance) return null;
  const vsw = index.vSwitches.get(instance.vSwitchId);
  const groups = [...index.securityGroups.values()].filter((g) => g.vpcId === vsw?.vpcId);
  const vSwitches = [...index.vSwitches.values()];
  const toggleGroup = (groupId: string, on: boolean) =>
    change('Edit security groups', (d) => {
      const current = indexOf(d).instances.get(id)?.securityGroupIds ?? [];
      const next = on ? [...current, groupId] : current.filter((g) => g !== groupId);
      return next.length === 0 ? d : updateResource(d, id, { securityGroupIds: next });
    });
  return (
    <>
      <Header kind="ECS instance" title={instance.name ?? id} id={id} />
      <div className="button-row">
        <button
          className={`small-button${query.from === id ? ' active' : ''}`}
          onClick={() => {
            useSim.getState().setQuery({ from: id });
            useUi.getState().setTab('ping');
          }}
        >
          Ping from here
        </button>
        <button
          className={`small-button${query.to === id ? ' active' : ''}`}
          onClick={() => {
            useSim.getState().setQuery({ to: id });
            useUi.getState().setTab('ping');
          }}
        >
          Ping to here
        </button>
      </div>
      <TextField
        label="Name"
        value={instance.name ?? ''}
        path={`${path}/name`}
        onChange={setField(id, 'name', `${path}/name`)}
      />
      <TextField
        label="Private IP"
        value={instance.privateIpAddress}
        path={`${path}/privateIpAddress`}
        validate={validators.ip}
        mono
        onChange={setField(id, 'privateIpAddress', `${path}/privateIpAddress`)}
        hint={vsw ? `inside the vSwitch's ${vsw.cidrBlock}` : undefined}
      />
      <SelectField
        label="vSwitch"
        value={instance.vSwitchId}
        path={`${path}/vSwitchId`}
        options={vSwitches.map((s) => ({ value: s.vSwitchId, label: `${s.name ?? s.vSwitchId} (${s.cidrBlock})` }))}
        onChange={(v) => change('Move instance', (d) => updateResource(d, id, { vSwitchId: v }))}
      />
      <Section title="Security groups">
        {groups.map((g) => (
          <label key={g.securityGroupId} className="check-row">
            <input
              type="checkbox"
              checked={instance.securityGroupIds.includes(g.securityGroupId)}
              onChange={(e) => toggleGroup(g.securityGroupId, e.target.checked)}
            />
            <Link id={g.securityGroupId}>{g.name ?? g.securityGroupId}</Link>
          </label>
        ))}
        <FindingsAt path={`${path}/securityGroupIds`} prefix />
      </Section>
      <EniList instanceId={id} />
      <FindingsAt path={path} />
    </>
  );
}
