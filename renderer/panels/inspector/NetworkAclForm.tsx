/**
 * A network ACL (aliyun-dataplane.md §1): its name, the vSwitches bound to it, and one ordered
 * entry table per direction. Order decides — the first matching entry wins (§0 #3) — so the
 * table shows exactly what applies: the implied cloud-service allows first, the listed entries
 * (every field editable, add / remove / move), the implied deny-all last (read-only).
 */
import { ACL_POLICIES, ACL_PROTOCOLS } from '../../../simulator/document/schema';
import { SERVICE_BLOCKS } from '../../../simulator/reach/steps/networkAcl';
import { blockedPaths } from '../../canvas/highlight';
import { useSim } from '../../sim/simStore';
import { useDoc, useIndex } from '../../state';
import { updateResource } from '../../store/edits';
import {
  aclCidrField,
  aclEntriesField,
  addAclEntry,
  bindVSwitchAcl,
  moveAclEntry,
  removeAclEntry,
  updateAclEntry,
  type AclDirection,
  type AclEntry,
} from '../../store/dataplaneEdits';
import { FindingsAt, Section, TextField } from '../fields';
import { change, Header, Link, plural } from './common';
import { PrefixListLinks } from './PrefixListForm';

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

function AclEntryTable({
  aclId,
  path,
  direction,
  entries,
}: {
  readonly aclId: string;
  readonly path: string;
  readonly direction: AclDirection;
  readonly entries: readonly AclEntry[];
}) {
  const blocked = useSim((s) => blockedPaths(s.check));
  const cidrField = aclCidrField(direction);
  const field = aclEntriesField(direction);
  const set = (i: number, key: string, value: unknown) =>
    change(
      `Edit ACL entry ${key}`,
      (d) => updateAclEntry(d, aclId, direction, i, { [key]: value }),
      `${path}/${field}/${i}/${key}`,
    );
  const title = direction === 'ingress' ? 'Inbound entries' : 'Outbound entries';
  const peer = direction === 'ingress' ? 'Source' : 'Destination';
  return (
    <Section
      title={`${title} (${plural(entries.length, 'entry', 'entries')})`}
      actions={
        <button
          className="small-button"
          data-testid={`acl-add-${direction}`}
          onClick={() => change(`Add ${direction} ACL entry`, (d) => addAclEntry(d, aclId, direction))}
        >
          + Entry
        </button>
      }
    >
      <table className="acl-table" data-testid={`acl-${direction}`}>
        <caption className="small dim">Evaluated top to bottom; the first match wins.</caption>
        <colgroup>
          <col className="acl-col-num" />
          <col className="acl-col-policy" />
          <col className="acl-col-protocol" />
          <col className="acl-col-port" />
          <col />
          <col className="acl-col-actions" />
        </colgroup>
        <thead>
          <tr>
            <th>#</th>
            <th>Policy</th>
            <th>Protocol</th>
            <th>Port</th>
            <th>{peer}</th>
            <th>
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {SERVICE_BLOCKS.map((cidr) => (
            <ImpliedRow key={cidr} policy="accept" cidr={cidr} name="cloud services (implied)" />
          ))}
        </tbody>
        {entries.map((e, i) => {
          const cidr = (e as Record<string, unknown>)[cidrField];
          const label = (what: string) => `${direction} entry ${i} ${what}`;
          return (
            <tbody
              key={i}
              data-testid={`acl-${direction}-row-${i}`}
              className={`acl-entry${blocked.has(`${path}/${field}/${i}`) ? ' blocked-row' : ''}`}
              data-blocked={blocked.has(`${path}/${field}/${i}`) || undefined}
            >
              <tr>
                <td className="mono" rowSpan={2}>
                  {i}
                </td>
                <td>
                  <select
                    aria-label={label('policy')}
                    value={e.policy}
                    data-testid={`acl-${direction}-${i}-policy`}
                    onChange={(ev) => set(i, 'policy', ev.target.value)}
                  >
                    {ACL_POLICIES.map((p) => (
                      <option key={p}>{p}</option>
                    ))}
                  </select>
                </td>
                <td>
                  <select
                    aria-label={label('protocol')}
                    value={e.protocol}
                    onChange={(ev) => {
                      const protocol = ev.target.value;
                      const ranged = protocol === 'tcp' || protocol === 'udp';
                      // tcp/udp need a real range, the others only -1/-1 (aliyun-dataplane.md §1.3).
                      change('Edit ACL entry protocol', (d) =>
                        updateAclEntry(d, aclId, direction, i, {
                          protocol,
                          port: ranged ? (e.port === '-1/-1' ? '1/65535' : e.port) : '-1/-1',
                        }),
                      );
                    }}
                  >
                    {ACL_PROTOCOLS.map((p) => (
                      <option key={p}>{p}</option>
                    ))}
                  </select>
                </td>
                <td>
                  <input
                    className="mono"
                    aria-label={label('port')}
                    value={e.port}
                    data-testid={`acl-${direction}-${i}-port`}
                    onChange={(ev) => set(i, 'port', ev.target.value)}
                  />
                </td>
                <td>
                  <input
                    className="mono"
                    aria-label={label(peer.toLowerCase())}
                    value={typeof cidr === 'string' ? cidr : ''}
                    data-testid={`acl-${direction}-${i}-cidr`}
                    onChange={(ev) => set(i, cidrField, ev.target.value)}
                  />
                  {typeof cidr === 'string' && <PrefixListLinks text={cidr} />}
                </td>
                <td className="acl-actions" rowSpan={2}>
                  <button
                    className="icon-button"
                    aria-label={label('move up')}
                    title="Move up"
                    disabled={i === 0}
                    onClick={() => change('Move ACL entry', (d) => moveAclEntry(d, aclId, direction, i, -1))}
                  >
                    ↑
                  </button>
                  <button
                    className="icon-button"
                    aria-label={label('move down')}
                    title="Move down"
                    disabled={i === entries.length - 1}
                    onClick={() => change('Move ACL entry', (d) => moveAclEntry(d, aclId, direction, i, 1))}
                  >
                    ↓
                  </button>
                  <button
                    className="icon-button"
                    aria-label={label('remove')}
                    title="Remove"
                    onClick={() => change('Remove ACL entry', (d) => removeAclEntry(d, aclId, direction, i))}
                  >
                    ✕
                  </button>
                </td>
              </tr>
              <tr>
                <td colSpan={4}>
                  <input
                    aria-label={label('name')}
                    placeholder="entry name (optional)"
                    value={e.networkAclEntryName ?? ''}
                    onChange={(ev) => set(i, 'networkAclEntryName', ev.target.value || undefined)}
                  />
                </td>
              </tr>
            </tbody>
          );
        })}
        <tbody>
          <ImpliedRow policy="drop" cidr="0.0.0.0/0" name="deny all (implied)" />
        </tbody>
      </table>
      <FindingsAt path={`${path}/${field}`} prefix />
    </Section>
  );
}

function ImpliedRow({ policy, cidr, name }: { readonly policy: string; readonly cidr: string; readonly name: string }) {
  return (
    <tr className="acl-implied" title="Implied by Alibaba Cloud; not editable">
      <td>–</td>
      <td>{policy}</td>
      <td>all</td>
      <td className="mono">-1/-1</td>
      <td title={`${cidr} · ${name}`}>
        <span className="mono">{cidr}</span> <span className="small">{name}</span>
      </td>
      <td />
    </tr>
  );
}
