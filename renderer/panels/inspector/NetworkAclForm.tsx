/**
 * A network ACL (aliyun-dataplane.md §1): its name, the vSwitches bound to it, and one ordered
 * entry table per direction (AclEntryTable.tsx).
 */
import { useDoc, useIndex } from '../../state';
import { updateResource } from '../../store/edits';
import { bindVSwitchAcl } from '../../store/dataplaneEdits';
import { FindingsAt, Section, TextField } from '../fields';
import { AclEntryTable } from './AclEntryTable';
import { change, Header, Link } from './common';

export function NetworkAclForm({ id, path }: { readonly id: string; readonly path: string }) {
  const acl = useDoc((s) => (s.doc.networkAcls ?? []).find((a) => a.networkAclId === id));
  const index = useIndex();
  if (!acl) return null;
  const bound = (acl.resources ?? []).map((r) => r.resourceId);
  const candidates = [...index.vSwitches.values()].filter((v) => v.vpcId === acl.vpcId && !bound.includes(v.vSwitchId));
  return (
    <>
      <Header kind="Network ACL" title={acl.networkAclName ?? id} id={id} />
      <TextField
        label="Name"
        value={acl.networkAclName ?? ''}
        path={`${path}/networkAclName`}
        onChange={(v) =>
          change('Edit ACL name', (d) => updateResource(d, id, { networkAclName: v || undefined }), `${path}/name`)
        }
      />
      <p className="small pad">
        In VPC <Link id={acl.vpcId}>{index.vpcs.get(acl.vpcId)?.name ?? acl.vpcId}</Link>. Stateless: replies are
        checked too, at the client’s ephemeral ports.
      </p>
      <Section title={`Bound vSwitches (${bound.length})`}>
        <ul className="eni-list" data-testid="acl-bound">
          {bound.map((v) => (
            <li key={v}>
              <Link id={v}>{index.vSwitches.get(v)?.name ?? v}</Link>{' '}
              <button
                className="small-button"
                aria-label={`Unbind ${v}`}
                onClick={() => change('Unbind vSwitch from ACL', (d) => bindVSwitchAcl(d, v, ''))}
              >
                Unbind
              </button>
            </li>
          ))}
        </ul>
        {candidates.length > 0 && (
          <select
            aria-label="Bind a vSwitch"
            value=""
            data-testid="acl-bind"
            onChange={(e) =>
              e.target.value && change('Bind vSwitch to ACL', (d) => bindVSwitchAcl(d, e.target.value, id))
            }
          >
            <option value="">Bind a vSwitch…</option>
            {candidates.map((v) => (
              <option key={v.vSwitchId} value={v.vSwitchId}>
                {v.name ?? v.vSwitchId} ({v.cidrBlock})
              </option>
            ))}
          </select>
        )}
      </Section>
      <AclEntryTable aclId={id} path={path} direction="ingress" entries={acl.ingressAclEntries ?? []} />
      <AclEntryTable aclId={id} path={path} direction="egress" entries={acl.egressAclEntries ?? []} />
      <FindingsAt path={path} />
    </>
  );
}
