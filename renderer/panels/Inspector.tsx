/**
 * The inspector: forms for the selected resource. Every edit is a store change (undoable; typing
 * in one field is one step). Findings appear at the field they are about.
 */
import { RI_SPECS, type Permission, type RouteEntry, type Topology } from '../../simulator/document/schema';
import { effectiveRouterInterfaceStatus, pairProblems } from '../../simulator/model/pairing';
import { impliedSystemRouteTableId, type ResolvedRouteTable } from '../../simulator/model/topologyIndex';
import { useSim } from '../sim/simStore';
import { documentStore, indexOf, useDoc, useIndex, useUi } from '../state';
import {
  addPermission,
  addRouteEntry,
  addRoutesForPair,
  alignOppositeFields,
  allowBetweenPair,
  findResource,
  removePermission,
  removeRouteEntry,
  updatePermission,
  updateResource,
  updateRouteEntry,
} from '../store/edits';
import { FindingList, FindingsAt, Section, SelectField, TextField, useFindingsAt, validators } from './fields';

const change = (label: string, edit: (d: Topology) => Topology, coalesceKey?: string) =>
  documentStore.getState().change(label, edit, coalesceKey ? { coalesceKey } : undefined);

/** Optional fields are removed when emptied; required ones keep the empty text (validation says why). */
const OPTIONAL_FIELDS = new Set(['name', 'profile', 'oppositeRouterId', 'oppositeInterfaceOwnerId', 'description']);

function setField(id: string, field: string, path: string) {
  return (value: unknown) =>
    change(
      `Edit ${field}`,
      (d) => updateResource(d, id, { [field]: value === '' && OPTIONAL_FIELDS.has(field) ? undefined : value }),
      path,
    );
}

function Link({ id, children }: { readonly id: string; readonly children?: React.ReactNode }) {
  return (
    <button className="link" onClick={() => documentStore.getState().select([id])} title={id}>
      {children ?? id}
    </button>
  );
}

export function Inspector() {
  const selection = useDoc((s) => s.selection);
  const doc = useDoc((s) => s.doc);
  const id = selection[0];
  const ref = id ? findResource(doc, id) : undefined;
  let body: React.ReactNode;
  if (!id) body = <DocumentForm />;
  else if (id.startsWith('region:')) body = <RegionInfo id={id} />;
  else if (!ref) body = <p className="dim pad">{id} is not in the document (an undeclared account?).</p>;
  else {
    const path = `/${ref.array}/${ref.index}`;
    switch (ref.array) {
      case 'accounts':
        body = <AccountForm id={id} path={path} />;
        break;
      case 'vpcs':
        body = <VpcForm id={id} path={path} />;
        break;
      case 'vSwitches':
        body = <VSwitchForm id={id} path={path} />;
        break;
      case 'instances':
        body = <InstanceForm id={id} path={path} />;
        break;
      case 'securityGroups':
        body = <SecurityGroupForm id={id} path={path} />;
        break;
      case 'routerInterfaces':
        body = <RouterInterfaceForm id={id} path={path} />;
        break;
      case 'routeTables':
        body = <RouteTableStandalone id={id} />;
        break;
    }
  }
  return (
    <aside className="inspector" data-testid="inspector">
      <div className="panel-title">
        Inspector
        {selection.length > 1 && <span className="dim"> · {selection.length} selected</span>}
      </div>
      <div className="inspector-body">{body}</div>
    </aside>
  );
}

function Header({ kind, title, id }: { readonly kind: string; readonly title: string; readonly id: string }) {
  return (
    <div className="insp-header">
      <span className="kind-tag">{kind}</span>
      <div className="insp-title">{title}</div>
      <div className="mono dim small" title={id}>
        {id}
      </div>
    </div>
  );
}

function DocumentForm() {
  const name = useDoc((s) => s.doc.name ?? '');
  const description = useDoc((s) => s.doc.description ?? '');
  const counts = useDoc(
    (s) =>
      `${s.doc.accounts.length} accounts · ${s.doc.vpcs.length} VPCs · ${s.doc.vSwitches.length} vSwitches · ${s.doc.instances.length} instances · ${s.doc.routerInterfaces.length} router interfaces`,
  );
  return (
    <>
      <Header kind="Document" title={name || 'Untitled'} id="" />
      <TextField
        label="Name"
        value={name}
        path="/name"
        onChange={(v) => change('Edit name', (d) => ({ ...d, name: v }), '/name')}
      />
      <div className="field">
        <label>Description</label>
        <textarea
          value={description}
          rows={4}
          onChange={(e) => change('Edit description', (d) => ({ ...d, description: e.target.value }), '/description')}
        />
      </div>
      <p className="dim small pad">{counts}</p>
      <div className="hint-box">
        <strong>Getting around</strong>
        <ul>
          <li>Click a node to edit it here.</li>
          <li>Drag from the dot on a VPC's edge to another VPC to connect them with a router-interface pair.</li>
          <li>
            Ask <em>Would this ping work?</em> in the panel below.
          </li>
        </ul>
      </div>
    </>
  );
}

function RegionInfo({ id }: { readonly id: string }) {
  const [, accountId, regionId] = /^region:(.+):([^:]+)$/.exec(id) ?? [];
  const vpcs = useDoc((s) => s.doc.vpcs.filter((v) => v.accountId === accountId && v.regionId === regionId));
  return (
    <>
      <Header kind="Region" title={regionId ?? id} id={accountId ?? ''} />
      <p className="pad">
        {vpcs.length} VPC(s) of account {accountId} in {regionId}.
      </p>
      <ul className="pad">
        {vpcs.map((v) => (
          <li key={v.vpcId}>
            <Link id={v.vpcId}>{v.name ?? v.vpcId}</Link> <span className="mono dim">{v.cidrBlock}</span>
          </li>
        ))}
      </ul>
    </>
  );
}

function AccountForm({ id, path }: { readonly id: string; readonly path: string }) {
  const account = useDoc((s) => s.doc.accounts.find((a) => a.accountId === id));
  if (!account) return null;
  return (
    <>
      <Header kind="Account" title={account.name ?? id} id={id} />
      <TextField
        label="Account ID (main-account UID)"
        value={account.accountId}
        path={`${path}/accountId`}
        readOnly
        mono
      />
      <TextField
        label="Name"
        value={account.name ?? ''}
        path={`${path}/name`}
        onChange={setField(id, 'name', `${path}/name`)}
      />
      <TextField
        label="Credential profile (apply)"
        value={account.profile ?? ''}
        path={`${path}/profile`}
        placeholder={`default: a profile named ${id}`}
        onChange={setField(id, 'profile', `${path}/profile`)}
      />
      <FindingsAt path={path} />
    </>
  );
}

function VpcForm({ id, path }: { readonly id: string; readonly path: string }) {
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
        <TextField
          label="Region"
          value={vpc.regionId}
          path={`${path}/regionId`}
          validate={validators.required}
          onChange={setField(id, 'regionId', `${path}/regionId`)}
        />
        <SelectField
          label="Account"
          value={vpc.accountId}
          path={`${path}/accountId`}
          options={accounts.map((a) => ({ value: a.accountId, label: a.name ?? a.accountId }))}
          onChange={(v) => change('Move VPC to account', (d) => updateResource(d, id, { accountId: v }))}
        />
      </div>
      <TextField label="vRouter" value={vpc.vRouterId} path={`${path}/vRouterId`} readOnly mono />
      <FindingsAt path={path} />
      {tables.map((t) => (
        <RouteTableSection key={t.routeTableId} table={t} vpcRouterId={vpc.vRouterId} />
      ))}
      <Section title="Security groups">
        <ul className="ref-list">
          {groups.map((g) => (
            <li key={g.securityGroupId}>
              <Link id={g.securityGroupId}>{g.name ?? g.securityGroupId}</Link>{' '}
              <span className="dim small">{g.permissions.length} rules</span>
            </li>
          ))}
          {groups.length === 0 && <li className="dim">none</li>}
        </ul>
      </Section>
      <Section title="Router interfaces">
        <ul className="ref-list">
          {ris.map((r) => (
            <li key={r.routerInterfaceId}>
              <Link id={r.routerInterfaceId}>{r.name ?? r.routerInterfaceId}</Link>{' '}
              <span className="dim small">
                {r.role === 'InitiatingSide' ? 'initiator' : 'acceptor'} · {effectiveRouterInterfaceStatus(r, index)}
              </span>
            </li>
          ))}
          {ris.length === 0 && (
            <li className="dim">none — drag from this VPC's edge dot to another VPC to connect them</li>
          )}
        </ul>
      </Section>
    </>
  );
}

function RouteTableStandalone({ id }: { readonly id: string }) {
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

function RouteTableSection({
  table,
  vpcRouterId,
}: {
  readonly table: ResolvedRouteTable;
  readonly vpcRouterId: string;
}) {
  const index = useIndex();
  const basePath = table.implied ? undefined : `/routeTables/${table.documentIndex}`;
  const localRis = index.routerInterfacesByRouter.get(vpcRouterId) ?? [];
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
              localRis={localRis.map((r) => ({ value: r.routerInterfaceId, label: r.name ?? r.routerInterfaceId }))}
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
  readonly localRis: readonly { value: string; label: string }[];
}) {
  const destError = validators.cidr(entry.destinationCidrBlock);
  const findings = useFindingsAt(path, true);
  const isRi = entry.nextHopType === 'RouterInterface';
  const options = localRis.some((o) => o.value === entry.nextHopId)
    ? localRis
    : [...localRis, { value: entry.nextHopId, label: `${entry.nextHopId} (not on this vRouter)` }];
  return (
    <>
      <tr>
        <td>
          <input
            className={`mono cell-input${destError ? ' invalid' : ''}`}
            value={entry.destinationCidrBlock}
            placeholder="e.g. 192.168.0.0/16"
            spellCheck={false}
            data-testid={`route-dest-${index}`}
            onChange={(e) =>
              change(
                'Edit route destination',
                (d) => updateRouteEntry(d, tableId, index, { destinationCidrBlock: e.target.value }),
                `${tableId}/${index}/dest`,
              )
            }
          />
        </td>
        <td>
          <select
            className="cell-input"
            value={isRi ? entry.nextHopId : `${entry.nextHopType}:${entry.nextHopId}`}
            onChange={(e) =>
              change('Edit route next hop', (d) =>
                updateRouteEntry(d, tableId, index, { nextHopType: 'RouterInterface', nextHopId: e.target.value }),
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
            aria-label="Delete route"
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

function VSwitchForm({ id, path }: { readonly id: string; readonly path: string }) {
  const index = useIndex();
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
      <p className="small pad">
        In VPC <Link id={vsw.vpcId}>{vpc?.name ?? vsw.vpcId}</Link>
      </p>
      <FindingsAt path={path} />
    </>
  );
}

function InstanceForm({ id, path }: { readonly id: string; readonly path: string }) {
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
      <FindingsAt path={path} />
    </>
  );
}

function SecurityGroupForm({ id, path }: { readonly id: string; readonly path: string }) {
  const index = useIndex();
  const group = index.securityGroups.get(id);
  if (!group) return null;
  const members = index.instancesBySecurityGroup.get(id) ?? [];
  const addRule = (direction: 'ingress' | 'egress') =>
    change('Add rule', (d) =>
      addPermission(
        d,
        id,
        direction === 'ingress'
          ? {
              direction,
              ipProtocol: 'ICMP',
              portRange: '-1/-1',
              sourceCidrIp: '0.0.0.0/0',
              policy: 'Accept',
              priority: 1,
            }
          : {
              direction,
              ipProtocol: 'ALL',
              portRange: '-1/-1',
              destCidrIp: '0.0.0.0/0',
              policy: 'Accept',
              priority: 1,
            },
      ),
    );
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
          options={['normal', 'enterprise'] as const}
          onChange={(v) => change('Edit group type', (d) => updateResource(d, id, { securityGroupType: v }))}
        />
        <SelectField
          label="Members reach each other"
          value={group.innerAccessPolicy ?? ''}
          allowEmpty="(default)"
          path={`${path}/innerAccessPolicy`}
          options={['Accept', 'Drop'] as const}
          onChange={(v) =>
            change('Edit inner access', (d) => updateResource(d, id, { innerAccessPolicy: v || undefined }))
          }
        />
      </div>
      <Section
        title="Rules"
        actions={
          <span className="button-row">
            <button className="small-button" onClick={() => addRule('ingress')}>
              + Inbound
            </button>
            <button className="small-button" onClick={() => addRule('egress')}>
              + Outbound
            </button>
          </span>
        }
      >
        <table className="grid-table rules">
          <thead>
            <tr>
              <th>Dir</th>
              <th>Proto</th>
              <th>Ports</th>
              <th>Peer</th>
              <th>Policy</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {group.permissions.map((p, n) => (
              <RuleRow key={n} groupId={id} index={n} rule={p} path={`${path}/permissions/${n}`} />
            ))}
          </tbody>
        </table>
        {group.permissions.length === 0 && (
          <p className="dim small">No rules: nothing comes in; outbound is open by default for a basic group.</p>
        )}
      </Section>
      <Section title="Members">
        <ul className="ref-list">
          {members.map((m) => (
            <li key={m.instanceId}>
              <Link id={m.instanceId}>{m.name ?? m.instanceId}</Link>{' '}
              <span className="mono dim small">{m.privateIpAddress}</span>
            </li>
          ))}
        </ul>
      </Section>
      <FindingsAt path={path} />
    </>
  );
}

function RuleRow({
  groupId,
  index,
  rule,
  path,
}: {
  readonly groupId: string;
  readonly index: number;
  readonly rule: Permission;
  readonly path: string;
}) {
  const findings = useFindingsAt(path, true);
  const peerField =
    rule.direction === 'ingress'
      ? rule.sourceGroupId !== undefined
        ? 'sourceGroupId'
        : 'sourceCidrIp'
      : rule.destGroupId !== undefined
        ? 'destGroupId'
        : 'destCidrIp';
  const peer = String(rule[peerField] ?? '');
  const portError = validators.portRange(rule.portRange);
  const peerError = peerField.endsWith('CidrIp') ? validators.cidr(peer) : null;
  const edit = (patch: Record<string, unknown>, key?: string) =>
    change('Edit rule', (d) => updatePermission(d, groupId, index, patch), key);
  return (
    <>
      <tr>
        <td>
          <select
            className="cell-input"
            value={rule.direction}
            onChange={(e) => {
              const direction = e.target.value as 'ingress' | 'egress';
              edit(
                direction === 'ingress'
                  ? { direction, sourceCidrIp: rule.destCidrIp ?? peer, destCidrIp: undefined, destGroupId: undefined }
                  : {
                      direction,
                      destCidrIp: rule.sourceCidrIp ?? peer,
                      sourceCidrIp: undefined,
                      sourceGroupId: undefined,
                    },
              );
            }}
          >
            <option value="ingress">in</option>
            <option value="egress">out</option>
          </select>
        </td>
        <td>
          <select
            className="cell-input"
            value={rule.ipProtocol}
            onChange={(e) =>
              edit({
                ipProtocol: e.target.value,
                portRange:
                  e.target.value === 'TCP' || e.target.value === 'UDP'
                    ? rule.portRange === '-1/-1'
                      ? '1/65535'
                      : rule.portRange
                    : '-1/-1',
              })
            }
          >
            {['ICMP', 'TCP', 'UDP', 'GRE', 'ALL'].map((p) => (
              <option key={p}>{p}</option>
            ))}
          </select>
        </td>
        <td>
          <input
            className={`mono cell-input narrow${portError ? ' invalid' : ''}`}
            value={rule.portRange}
            spellCheck={false}
            onChange={(e) => edit({ portRange: e.target.value }, `${path}/portRange`)}
          />
        </td>
        <td>
          <input
            className={`mono cell-input${peerError ? ' invalid' : ''}`}
            value={peer}
            spellCheck={false}
            onChange={(e) => edit({ [peerField]: e.target.value }, `${path}/${peerField}`)}
          />
        </td>
        <td>
          <select className="cell-input" value={rule.policy} onChange={(e) => edit({ policy: e.target.value })}>
            <option>Accept</option>
            <option>Drop</option>
          </select>
        </td>
        <td>
          <button
            className="icon-button"
            title="Delete this rule"
            aria-label="Delete rule"
            onClick={() => change('Delete rule', (d) => removePermission(d, groupId, index))}
          >
            ✕
          </button>
        </td>
      </tr>
      {(portError || peerError || findings.length > 0) && (
        <tr>
          <td colSpan={6}>
            {portError && <div className="field-error">ports: {portError}</div>}
            {peerError && <div className="field-error">{peerError}</div>}
            <FindingList findings={findings} />
          </td>
        </tr>
      )}
    </>
  );
}

function RouterInterfaceForm({ id, path }: { readonly id: string; readonly path: string }) {
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
        <span className="ri-dot" /> {status}
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
          options={['InitiatingSide', 'AcceptingSide'] as const}
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
      <FindingsAt path={path} />
    </>
  );
}
