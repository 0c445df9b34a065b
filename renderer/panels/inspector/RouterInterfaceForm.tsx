/** A router interface: pair status and consistency, role and spec, the opposite end, routes and rules for a ping. */
import { RI_SPECS } from '../../../simulator/document/schema';
import { effectiveRouterInterfaceStatus, pairProblems } from '../../../simulator/model/pairing';
import { useIndex, useUi } from '../../state';
import { addRoutesForPair, alignOppositeFields, allowBetweenPair, updateResource } from '../../store/edits';
import { statusWord } from '../../words';
import { FindingsAt, Section, SelectField, TextField, validators } from '../fields';
import { change, Header, Link, setField } from './common';

export function RouterInterfaceForm({ id, path }: { readonly id: string; readonly path: string }) {
  const index = useIndex();
  const ri = index.routerInterfaces.get(id);
  if (!ri) return null;
  const problems = pairProblems(ri, index);
  const status = effectiveRouterInterfaceStatus(ri, index);
  const vpc = index.vpcByRouterId.get(ri.routerId);
  const others = [...index.routerInterfaces.values()].filter((r) => r.routerInterfaceId !== id);
  const peer = ri.oppositeInterfaceId ? index.routerInterfaces.get(ri.oppositeInterfaceId) : undefined;
  const f = (field: string) => `${path}/${field}`;
  return (
    <>
      <Header kind="Router interface" title={ri.name ?? id} id={id} />
      <div
        className={`status-line status-${status === 'Active' ? 'ok' : problems.length ? 'bad' : 'idle'}`}
        data-testid="ri-status"
      >
        <span className="ri-dot" /> {statusWord(status)}
        {ri.status === undefined ? (
          <span className="dim"> (what apply will reach)</span>
        ) : (
          <span className="dim"> (live)</span>
        )}
      </div>
      {problems.length > 0 && (
        <div className="problem-box">
          <strong>The pair is not consistent</strong>
          <ul>
            {problems.map((p, n) => (
              <li key={n}>{p.message}</li>
            ))}
          </ul>
          {(peer || others.some((o) => o.oppositeInterfaceId === id)) && (
            <button
              className="primary-button"
              onClick={() => change('Make pair consistent', (d) => alignOppositeFields(d, id))}
              data-testid="ri-align"
            >
              Make both ends point at each other
            </button>
          )}
        </div>
      )}
      <p className="small pad">
        On the vRouter of <Link id={vpc?.vpcId ?? ''}>{vpc?.name ?? ri.routerId}</Link>
        {peer && (
          <>
            {' '}
            · peer <Link id={peer.routerInterfaceId}>{peer.name ?? peer.routerInterfaceId}</Link>
          </>
        )}
      </p>
      <TextField label="Name" value={ri.name ?? ''} path={f('name')} onChange={setField(id, 'name', f('name'))} />
      <div className="field-row">
        <SelectField
          label="Role"
          value={ri.role}
          path={f('role')}
          options={[
            { value: 'InitiatingSide', label: 'Initiator' },
            { value: 'AcceptingSide', label: 'Acceptor' },
          ]}
          onChange={(v) =>
            change('Edit role', (d) =>
              updateResource(d, id, {
                role: v,
                spec: v === 'AcceptingSide' ? 'Negative' : ri.spec === 'Negative' ? 'Mini.2' : ri.spec,
              }),
            )
          }
        />
        <SelectField
          label="Spec"
          value={ri.spec}
          path={f('spec')}
          options={RI_SPECS}
          onChange={(v) => change('Edit spec', (d) => updateResource(d, id, { spec: v }))}
        />
      </div>
      <Section title="Opposite end">
        <SelectField
          label="Opposite interface"
          value={ri.oppositeInterfaceId ?? ''}
          allowEmpty="(not set)"
          path={f('oppositeInterfaceId')}
          options={others.map((o) => ({
            value: o.routerInterfaceId,
            label: o.name ? `${o.name} (${o.routerInterfaceId})` : o.routerInterfaceId,
          }))}
          onChange={(v) =>
            change('Edit opposite interface', (d) => updateResource(d, id, { oppositeInterfaceId: v || undefined }))
          }
          testId="ri-opposite"
        />
        <TextField
          label="Opposite router"
          value={ri.oppositeRouterId ?? ''}
          mono
          path={f('oppositeRouterId')}
          onChange={setField(id, 'oppositeRouterId', f('oppositeRouterId'))}
        />
        <div className="field-row">
          <TextField
            label="Opposite region"
            value={ri.oppositeRegionId}
            path={f('oppositeRegionId')}
            validate={validators.required}
            onChange={setField(id, 'oppositeRegionId', f('oppositeRegionId'))}
          />
          <TextField
            label="Opposite owner (UID)"
            value={ri.oppositeInterfaceOwnerId ?? ''}
            mono
            path={f('oppositeInterfaceOwnerId')}
            onChange={setField(id, 'oppositeInterfaceOwnerId', f('oppositeInterfaceOwnerId'))}
          />
        </div>
      </Section>
      {peer && (
        <Section title="For the ping">
          <div className="button-row">
            <button
              className="small-button"
              onClick={() => change('Add routes for the pair', (d) => addRoutesForPair(d, id))}
            >
              Add routes both ways
            </button>
            <button
              className="small-button"
              onClick={() => change('Allow ICMP between the VPCs', (d) => allowBetweenPair(d, id))}
            >
              Allow ICMP both ways
            </button>
          </div>
        </Section>
      )}
      {peer && (
        <Section title="Replace by VPC peering">
          <button
            className="small-button"
            onClick={() => useUi.getState().setDialog({ kind: 'migrate', routerInterfaceId: id })}
            data-testid="ri-migrate"
          >
            Migrate to VPC peering…
          </button>
        </Section>
      )}
      <FindingsAt path={path} />
    </>
  );
}
