/** A router interface: pair status and consistency, role and spec, the opposite end, routes and rules for a ping. */
import { RI_SPECS, type RouterInterface, type RouterInterfaceStatus } from '../../../simulator/document/schema';
import { effectiveRouterInterfaceStatus, pairProblems, type PairingProblem } from '../../../simulator/model/pairing';
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
  const vpc = index.vpcByRouterId.get(ri.routerId);
  const others = [...index.routerInterfaces.values()].filter((r) => r.routerInterfaceId !== id);
  const peer = ri.oppositeInterfaceId ? index.routerInterfaces.get(ri.oppositeInterfaceId) : undefined;
  // Aligning needs an end to align with: the one this interface names, or one that names it.
  const canAlign = peer !== undefined || others.some((o) => o.oppositeInterfaceId === id);
  return (
    <>
      <Header kind="Router interface" title={ri.name ?? id} id={id} />
      <PairStatusLine ri={ri} status={effectiveRouterInterfaceStatus(ri, index)} inconsistent={problems.length > 0} />
      {problems.length > 0 && <PairProblems id={id} problems={problems} canAlign={canAlign} />}
      <p className="small pad">
        On the vRouter of <Link id={vpc?.vpcId ?? ''}>{vpc?.name ?? ri.routerId}</Link>
        {peer && (
          <>
            {' '}
            · peer <Link id={peer.routerInterfaceId}>{peer.name ?? peer.routerInterfaceId}</Link>
          </>
        )}
      </p>
      <InterfaceTextField ri={ri} path={path} field="name" label="Name" />
      <RoleAndSpecFields ri={ri} path={path} />
      <OppositeEndFields ri={ri} others={others} path={path} />
      {peer && <PairActions id={id} />}
      <FindingsAt path={path} />
    </>
  );
}

/**
 * Green when Active, red when the pair cannot connect as described, grey otherwise. Without a live
 * status the word is the status apply will reach, and says so.
 */
function PairStatusLine({
  ri,
  status,
  inconsistent,
}: {
  readonly ri: RouterInterface;
  readonly status: RouterInterfaceStatus;
  readonly inconsistent: boolean;
}) {
  return (
    <div
      className={`status-line status-${status === 'Active' ? 'ok' : inconsistent ? 'bad' : 'idle'}`}
      data-testid="ri-status"
    >
      <span className="ri-dot" /> {statusWord(status)}
      {ri.status === undefined ? (
        <span className="dim"> (what apply will reach)</span>
      ) : (
        <span className="dim"> (live)</span>
      )}
    </div>
  );
}

function PairProblems({
  id,
  problems,
  canAlign,
}: {
  readonly id: string;
  readonly problems: readonly PairingProblem[];
  readonly canAlign: boolean;
}) {
  return (
    <div className="problem-box">
      <strong>The pair is not consistent</strong>
      <ul>
        {problems.map((p, n) => (
          <li key={n}>{p.message}</li>
        ))}
      </ul>
      {canAlign && (
        <button
          className="primary-button"
          onClick={() => change('Make pair consistent', (d) => alignOppositeFields(d, id))}
          data-testid="ri-align"
        >
          Make both ends point at each other
        </button>
      )}
    </div>
  );
}

/**
 * The spec that goes with a role: an acceptor must pass `Negative` (it takes the initiator's
 * bandwidth), an initiator needs a real one — the smallest, Mini.2, when it had `Negative`
 * (aliyun-api.md CreateRouterInterface, Spec).
 */
function specForRole(role: string, spec: string): string {
  if (role === 'AcceptingSide') return 'Negative';
  return spec === 'Negative' ? 'Mini.2' : spec;
}

/** The API's role names, in the words a user reads. */
const ROLE_OPTIONS = [
  { value: 'InitiatingSide', label: 'Initiator' },
  { value: 'AcceptingSide', label: 'Acceptor' },
] as const;

function RoleAndSpecFields({ ri, path }: { readonly ri: RouterInterface; readonly path: string }) {
  const id = ri.routerInterfaceId;
  return (
    <div className="field-row">
      <SelectField
        label="Role"
        value={ri.role}
        path={`${path}/role`}
        options={ROLE_OPTIONS}
        onChange={(v) => change('Edit role', (d) => updateResource(d, id, { role: v, spec: specForRole(v, ri.spec) }))}
      />
      <SelectField
        label="Spec"
        value={ri.spec}
        path={`${path}/spec`}
        options={RI_SPECS}
        onChange={(v) => change('Edit spec', (d) => updateResource(d, id, { spec: v }))}
      />
    </div>
  );
}

/** Where the other end is: picked from the document's interfaces, or typed (an end in another account's document). */
function OppositeEndFields({
  ri,
  others,
  path,
}: {
  readonly ri: RouterInterface;
  readonly others: readonly RouterInterface[];
  readonly path: string;
}) {
  const id = ri.routerInterfaceId;
  const f = (field: string) => `${path}/${field}`;
  return (
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
      <InterfaceTextField ri={ri} path={path} field="oppositeRouterId" label="Opposite router" mono />
      <div className="field-row">
        <InterfaceTextField
          ri={ri}
          path={path}
          field="oppositeRegionId"
          label="Opposite region"
          validate={validators.required}
        />
        <InterfaceTextField ri={ri} path={path} field="oppositeInterfaceOwnerId" label="Opposite owner (UID)" mono />
      </div>
    </Section>
  );
}

/** A text field of the interface itself: each keystroke one coalesced edit of that field. */
function InterfaceTextField({
  ri,
  path,
  field,
  label,
  mono,
  validate,
}: {
  readonly ri: RouterInterface;
  readonly path: string;
  readonly field: 'name' | 'oppositeRouterId' | 'oppositeRegionId' | 'oppositeInterfaceOwnerId';
  readonly label: string;
  readonly mono?: boolean;
  readonly validate?: (value: string) => string | null;
}) {
  const fieldPath = `${path}/${field}`;
  return (
    <TextField
      label={label}
      value={ri[field] ?? ''}
      mono={mono}
      path={fieldPath}
      validate={validate}
      onChange={setField(ri.routerInterfaceId, field, fieldPath)}
    />
  );
}

/** What a paired interface offers: the routes and rules a ping needs, and the move to VPC peering. */
function PairActions({ id }: { readonly id: string }) {
  return (
    <>
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
      <Section title="Replace by VPC peering">
        <button
          className="small-button"
          onClick={() => useUi.getState().setDialog({ kind: 'migrate', routerInterfaceId: id })}
          data-testid="ri-migrate"
        >
          Migrate to VPC peering…
        </button>
      </Section>
    </>
  );
}
