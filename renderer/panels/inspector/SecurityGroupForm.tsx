/** A security group: name, type, intra-group policy, its rules (RulesTable) and its members. */
import { useIndex } from '../../state';
import { updateResource } from '../../store/edits';
import { FindingsAt, Section, SelectField, TextField } from '../fields';
import { change, Header, Link, setField } from './common';
import { RulesTable } from './RulesTable';

export function SecurityGroupForm({ id, path }: { readonly id: string; readonly path: string }) {
  const index = useIndex();
  const group = index.securityGroups.get(id);
  if (!group) return null;
  const members = index.instancesBySecurityGroup.get(id) ?? [];
  return (
    <>
      <Header kind="Security group" title={group.name ?? id} id={id} />
      <TextField
        label="Name"
        value={group.name ?? ''}
        path={`${path}/name`}
        onChange={setField(id, 'name', `${path}/name`)}
      />
      <div className="field-row">
        <SelectField
          label="Type"
          value={group.securityGroupType}
          path={`${path}/securityGroupType`}
          options={[
            { value: 'normal', label: 'Basic' },
            { value: 'enterprise', label: 'Enterprise' },
          ]}
          onChange={(v) => change('Edit group type', (d) => updateResource(d, id, { securityGroupType: v }))}
        />
        <SelectField
          label="Members reach each other"
          value={group.innerAccessPolicy ?? ''}
          allowEmpty="(default)"
          path={`${path}/innerAccessPolicy`}
          options={[
            { value: 'Accept', label: 'Yes' },
            { value: 'Drop', label: 'No' },
          ]}
          onChange={(v) =>
            change('Edit inner access', (d) => updateResource(d, id, { innerAccessPolicy: v || undefined }))
          }
        />
      </div>
      <RulesTable groupId={id} path={path} direction="ingress" />
      <RulesTable groupId={id} path={path} direction="egress" />
      <Section title="Members">
        <ul className="ref-list">
          {members.map((m) => (
            <li key={m.instanceId}>
              <Link id={m.instanceId}>{m.name ?? m.instanceId}</Link>{' '}
              <span className="mono dim small">{m.privateIpAddress}</span>
            </li>
          ))}
          {members.length === 0 && <li className="dim">no instance uses this group</li>}
        </ul>
      </Section>
      <FindingsAt path={path} />
    </>
  );
}
