/**
 * The drift view (`vpclink drift` in the app, topology-format.md §4.3): the open document against
 * what is live on the chosen target and what the last apply there recorded. Every resource of the
 * compared kinds is listed — in sync, changed outside vpclink, missing, or live but unmanaged —
 * then the reachability consequence: pings the live state allows or stops unlike the document,
 * and the document's intents that fail live. Reads only; the host's session does the work.
 */
import { useEffect } from 'react';
import { create } from 'zustand';
import type { DriftView } from '../../electron/common/hostApi';
import type { Topology } from '../../simulator/document/schema';
import { serializeDocument } from '../../simulator/document/serialize';
import { api, errorText } from '../api';
import { documentStore, indexOf, useDoc } from '../state';
import { plural } from './inspector/common';
import { loadTargets, useApply } from './ApplyPanel';

interface DriftState {
  readonly checking: boolean;
  readonly view: DriftView | null;
  /** The document text the view was read for: an edited document shows the view as stale. */
  readonly checkedText: string | null;
  readonly error: string | null;
}

export const useDrift = create<DriftState>()(() => ({ checking: false, view: null, checkedText: null, error: null }));

export function resetDrift(): void {
  useDrift.setState({ checking: false, view: null, checkedText: null, error: null });
}

async function checkDrift(targetId: string): Promise<void> {
  const text = serializeDocument(documentStore.getState().doc);
  useDrift.setState({ checking: true, error: null });
  try {
    const view = await api.drift(targetId, text);
    useDrift.setState({ view, checkedText: text, checking: false });
  } catch (error) {
    useDrift.setState({ checking: false, error: `Drift: ${errorText(error)}` });
  }
}

const KINDS: readonly { kind: string; label: string; ids: (d: Topology) => readonly string[] }[] = [
  { kind: 'vpc', label: 'VPC', ids: (d) => d.vpcs.map((x) => x.vpcId) },
  { kind: 'vSwitch', label: 'vSwitch', ids: (d) => d.vSwitches.map((x) => x.vSwitchId) },
  { kind: 'routeTable', label: 'Route table', ids: (d) => d.routeTables.map((x) => x.routeTableId) },
  {
    kind: 'routerInterface',
    label: 'Router interface',
    ids: (d) => d.routerInterfaces.map((x) => x.routerInterfaceId),
  },
  { kind: 'securityGroup', label: 'Security group', ids: (d) => d.securityGroups.map((x) => x.securityGroupId) },
  { kind: 'instance', label: 'Instance', ids: (d) => d.instances.map((x) => x.instanceId) },
];

const STATE_WORDS = {
  inSync: { text: 'in sync', className: 'pill-ok' },
  changed: { text: 'changed outside vpclink', className: 'pill-warn' },
  missing: { text: 'missing', className: 'pill-bad' },
  unmanaged: { text: 'unmanaged (not in the document)', className: 'pill-grey' },
} as const;

interface Row {
  readonly resourceId: string;
  readonly label: string;
  readonly state: keyof typeof STATE_WORDS;
  readonly detail: string;
}

/** Every resource of the document of a compared kind, plus the unmanaged live ones, in document order. */
function rowsOf(doc: Topology, view: DriftView): Row[] {
  const drifted = new Map(view.resources.map((r) => [`${r.kind}\u0000${r.resourceId}`, r]));
  const rows: Row[] = [];
  for (const { kind, label, ids } of KINDS) {
    for (const id of ids(doc)) {
      const r = drifted.get(`${kind}\u0000${id}`);
      drifted.delete(`${kind}\u0000${id}`);
      rows.push({ resourceId: id, label, state: r ? r.state : 'inSync', detail: r?.detail ?? '' });
    }
  }
  // What is left: drift of resources the document does not list (unmanaged, or a renamed interface).
  for (const r of drifted.values())
    rows.push({
      resourceId: r.resourceId,
      label: KINDS.find((k) => k.kind === r.kind)?.label ?? r.kind,
      state: r.state,
      detail: r.detail,
    });
  return rows;
}

export function DriftPanel() {
  const { checking, view, checkedText, error } = useDrift();
  const doc = useDoc((s) => s.doc);
  const { targets, targetId } = useApply();
  const index = indexOf(doc);
  const nameOf = (id: string) => index.instances.get(id)?.name ?? id;
  const stale = checkedText !== null && checkedText !== serializeDocument(doc);
  const target = targets.find((t) => t.id === targetId);
  const rows = view ? rowsOf(doc, view) : [];
  useEffect(loadTargets, []);
  const drifted = rows.filter((r) => r.state !== 'inSync').length;
  return (
    <div className="drift-panel" data-testid="drift-panel">
      <div className="apply-row">
        <label className="picker">
          <span className="picker-label">Target</span>
          <select
            value={targetId}
            data-testid="drift-target"
            onChange={(e) => {
              useApply.setState({ targetId: e.target.value });
              resetDrift();
            }}
          >
            {targets.map((t) => (
              <option key={t.id} value={t.id} disabled={!t.available}>
                {t.label}
              </option>
            ))}
          </select>
        </label>
        <button
          className="primary-button"
          data-testid="drift-check"
          disabled={!targetId || checking}
          onClick={() => void checkDrift(targetId)}
        >
          {checking ? 'Reading the live state…' : 'Check drift'}
        </button>
        {view && (
          <strong data-testid="drift-summary" className={view.inSync ? 'ok-text' : 'bad-text'}>
            {view.inSync
              ? `In sync with ${target?.label ?? view.targetId}`
              : `${plural(drifted, 'resource')} drifted on ${target?.label ?? view.targetId}`}
          </strong>
        )}
        {stale && <span className="dim small">the document changed since — check again</span>}
      </div>
      {error && (
        <div className="error-box" role="alert" data-testid="drift-error">
          {error}
        </div>
      )}
      {!view && !error && (
        <p className="dim pad">
          Compares the document with what is live in its accounts on the target and with what the last apply there
          recorded: each resource in sync, changed outside vpclink, missing, or unmanaged — and what that does to
          reachability. Nothing is changed.
        </p>
      )}
      {view && (
        <div className="drift-grid">
          <table className="grid-table drift-table" data-testid="drift-resources">
            <thead>
              <tr>
                <th scope="col">Resource</th>
                <th scope="col">State</th>
                <th scope="col">What differs</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={`${r.label}-${r.resourceId}`} data-testid={`drift-row-${r.resourceId}`} data-state={r.state}>
                  <td>
                    <span className="dim small">{r.label}</span>{' '}
                    <button
                      className="link mono nowrap"
                      onClick={() => documentStore.getState().select([r.resourceId])}
                    >
                      {r.resourceId}
                    </button>
                  </td>
                  <td>
                    <span className={`pill ${STATE_WORDS[r.state].className}`}>{STATE_WORDS[r.state].text}</span>
                  </td>
                  <td className="small">{r.detail}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="drift-side" data-testid="drift-reachability">
            <h4>Reachability, live against the document (ping)</h4>
            <ul>
              {view.reachability.gained.map((p) => (
                <li key={`g-${p.from}-${p.to}`} className="bad-text">
                  Live lets {nameOf(p.from)} reach {nameOf(p.to)}; the document does not
                </li>
              ))}
              {view.reachability.lost.map((p) => (
                <li key={`l-${p.from}-${p.to}`} className="bad-text">
                  Live stops {nameOf(p.from)} → {nameOf(p.to)}
                  {p.blockers[0] && (
                    <div className="dim small" title={p.blockers.map((b) => b.message).join('\n')}>
                      {p.blockers[0].message}
                      {p.blockers.length > 1 ? ` (and ${plural(p.blockers.length - 1, 'more blocker')})` : ''}
                    </div>
                  )}
                </li>
              ))}
              {view.intentsBroken.map((i) => (
                <li key={`i-${i.index}`} className="bad-text">
                  Live breaks intent “{i.name}”: {plural(i.pairs.length, 'pair')}
                </li>
              ))}
              {view.reachability.gained.length + view.reachability.lost.length + view.intentsBroken.length === 0 && (
                <li className="ok-text">Every ping behaves live as the document says</li>
              )}
            </ul>
            {view.warnings.map((w, n) => (
              <div key={n} className="warn-box">
                {w}
              </div>
            ))}
          </div>
        </div>
      )}
    </div>
  );
}
