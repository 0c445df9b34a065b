/**
 * The intents checklist beside the canvas: every intent of the document with ✓ holds, ✗ violated
 * or ? undetermined, recomputed by the simulator worker on every edit (sim/intentViews.ts).
 * Add, edit and delete are undoable document changes. Clicking a violated intent runs its first
 * violating flow through the ping check, so the path highlight and blocker callouts show it.
 */
import { useEffect, useRef, useState } from 'react';
import type { Intent } from '../../simulator/document/schema';
import { useCheckIsCurrent, useSim } from '../sim/simStore';
import type { IntentView } from '../sim/types';
import { documentStore, useDoc, useUi } from '../state';
import { addIntent, hasIntent, intentFromCheck, removeIntent, updateIntent, type IntentDraft } from '../store/intents';

const MARK: Record<IntentView['state'], string> = { holds: '✓', violated: '✗', undetermined: '?' };
/** Theme colours (styles.css, light and dark). */
const COLOR: Record<IntentView['state'], string> = {
  holds: 'var(--ok)',
  violated: 'var(--bad)',
  undetermined: 'var(--warn)',
};
const PROTOCOLS: readonly Intent['protocol'][] = ['icmp', 'tcp', 'udp', 'all'];

function flowText(intent: Intent): string {
  return intent.protocol === 'tcp' || intent.protocol === 'udp'
    ? `${intent.protocol}/${intent.port ?? '?'}`
    : intent.protocol;
}

/** Shows one flow on the graph through the ping panel's query (its highlight and callouts). */
function showFlow(intent: Intent, from: string, to: string): void {
  useSim.getState().setQuery({
    from,
    to,
    protocol: intent.protocol,
    port: intent.protocol === 'tcp' || intent.protocol === 'udp' ? (intent.port ?? null) : null,
  });
  useUi.getState().setTab('ping');
}

export function IntentsPanel() {
  const intents = useDoc((s) => s.doc.intents) ?? [];
  const views = useSim((s) => s.intents);
  const [editing, setEditing] = useState<number | 'new' | null>(null);
  // Open while the document has intents, a narrow strip otherwise, until the user chooses.
  const [userOpen, setOpen] = useState<boolean | null>(null);
  const open = userOpen ?? (intents.length > 0 || editing !== null);
  // The diagram's area changes width when the checklist opens or closes: fit the diagram again.
  const wasOpen = useRef(open);
  useEffect(() => {
    if (wasOpen.current !== open) useUi.getState().requestFit();
    wasOpen.current = open;
  }, [open]);
  const failed = views?.filter((v) => v.state === 'violated').length ?? 0;
  const unknown = views?.filter((v) => v.state === 'undetermined').length ?? 0;
  return (
    <aside
      className="intents-panel"
      data-testid="intents-panel"
      aria-label="Intents"
      style={{
        flex: 'none',
        width: open ? 280 : 36,
        height: '100%',
        overflow: 'auto',
        background: 'var(--panel)',
        borderLeft: '1px solid var(--border)',
        padding: open ? 8 : 4,
        fontSize: 12,
        boxSizing: 'border-box',
      }}
    >
      <div style={{ display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: 6 }}>
        <button
          className="icon-button"
          aria-expanded={open}
          aria-label={open ? 'Hide intents' : 'Show intents'}
          data-testid="intents-toggle"
          onClick={() => setOpen(!open)}
        >
          {open ? '▸' : '◂'}
        </button>
        {open && (
          <>
            <strong>Intents</strong>
            <span className="dim" data-testid="intents-summary">
              {intents.length === 0
                ? 'none'
                : `${intents.length - failed - unknown} hold · ${failed} violated${unknown ? ` · ${unknown} undetermined` : ''}`}
            </span>
            <span style={{ flex: 1 }} />
            <button className="small-button" data-testid="intent-add" onClick={() => setEditing('new')}>
              + Add
            </button>
          </>
        )}
      </div>
      {open && (
        <ul style={{ listStyle: 'none', margin: '6px 0 0', padding: 0 }} data-testid="intents-list">
          {intents.map((intent, index) => {
            const view = views?.find((v) => v.index === index);
            return editing === index ? (
              <li key={index}>
                <IntentForm
                  initial={intent}
                  onCancel={() => setEditing(null)}
                  onSave={(draft) => {
                    documentStore.getState().change('Edit intent', (doc) => updateIntent(doc, index, draft));
                    setEditing(null);
                  }}
                />
              </li>
            ) : (
              <IntentRow key={index} intent={intent} view={view} onEdit={() => setEditing(index)} index={index} />
            );
          })}
          {editing === 'new' && (
            <li>
              <IntentForm
                onCancel={() => setEditing(null)}
                onSave={(draft) => {
                  documentStore.getState().change('Add intent', (doc) => addIntent(doc, draft));
                  setEditing(null);
                }}
              />
            </li>
          )}
          {intents.length === 0 && editing === null && (
            <li className="dim">No intents yet. Add one, or keep a ping check's result with “Keep as intent”.</li>
          )}
        </ul>
      )}
    </aside>
  );
}

function IntentRow({
  intent,
  view,
  index,
  onEdit,
}: {
  readonly intent: Intent;
  readonly view: IntentView | undefined;
  readonly index: number;
  readonly onEdit: () => void;
}) {
  const state = view?.state;
  const first = view?.firstViolation;
  const clickable = first !== undefined;
  return (
    <li
      data-testid="intent-row"
      data-state={state ?? 'pending'}
      style={{
        display: 'flex',
        gap: 6,
        alignItems: 'flex-start',
        padding: '4px 0',
        borderTop: '1px solid var(--border)',
      }}
    >
      <span
        aria-label={state ?? 'evaluating'}
        data-testid="intent-mark"
        style={{ color: state ? COLOR[state] : undefined, fontWeight: 700, width: 12 }}
      >
        {state ? MARK[state] : '…'}
      </span>
      <button
        className="intent-show"
        aria-disabled={!clickable}
        title={clickable ? `Show ${first.from} → ${first.to} on the graph` : undefined}
        onClick={() => first && showFlow(intent, first.from, first.to)}
        style={{
          flex: 1,
          textAlign: 'left',
          background: 'none',
          color: 'inherit',
          font: 'inherit',
          border: 'none',
          padding: 0,
          cursor: clickable ? 'pointer' : 'default',
        }}
      >
        <div data-testid="intent-name">{view?.name ?? intent.name ?? `${intent.from} → ${intent.to}`}</div>
        <div className="dim">
          {intent.from} → {intent.to} · {flowText(intent)} ·{' '}
          {intent.expect === 'reachable' ? 'must reach' : 'must not reach'}
        </div>
        {state === 'violated' && first && (
          <div style={{ color: COLOR.violated }}>
            {first.from} → {first.to}
            {view.violations > 1 ? ` and ${view.violations - 1} more pair${view.violations > 2 ? 's' : ''}` : ''}
            {' — click to show'}
          </div>
        )}
        {view?.note && <div style={{ color: COLOR.undetermined }}>{view.note}</div>}
      </button>
      <button className="icon-button" aria-label={`Edit intent ${index + 1}`} title="Edit" onClick={onEdit}>
        ✎
      </button>
      <button
        className="icon-button"
        aria-label={`Delete intent ${index + 1}`}
        title="Delete"
        data-testid="intent-delete"
        onClick={() => documentStore.getState().change('Delete intent', (doc) => removeIntent(doc, index))}
      >
        ✕
      </button>
    </li>
  );
}

function IntentForm({
  initial,
  onSave,
  onCancel,
}: {
  readonly initial?: Intent;
  readonly onSave: (draft: IntentDraft) => void;
  readonly onCancel: () => void;
}) {
  const instances = useDoc((s) => s.doc.instances);
  const [name, setName] = useState(initial?.name ?? '');
  const [from, setFrom] = useState(initial?.from ?? '');
  const [to, setTo] = useState(initial?.to ?? '');
  const [protocol, setProtocol] = useState<Intent['protocol']>(initial?.protocol ?? 'icmp');
  const [port, setPort] = useState(initial?.port !== undefined ? String(initial.port) : '');
  const [expect, setExpect] = useState<Intent['expect']>(initial?.expect ?? 'reachable');
  const needsPort = protocol === 'tcp' || protocol === 'udp';
  const portNumber = Number(port);
  const portProblem =
    needsPort && !(Number.isInteger(portNumber) && portNumber >= 1 && portNumber <= 65535 && port.trim() !== '')
      ? 'a port from 1 to 65535'
      : null;
  const problem = !from.trim() ? 'a source' : !to.trim() ? 'a destination' : portProblem;
  const row = { display: 'flex', gap: 4, alignItems: 'center', marginTop: 4 } as const;
  return (
    <form
      data-testid="intent-form"
      style={{ padding: 6, border: '1px solid var(--border)', borderRadius: 4, marginTop: 4 }}
      onSubmit={(e) => {
        e.preventDefault();
        if (problem) return;
        onSave({ name, from, to, protocol, ...(needsPort ? { port: portNumber } : {}), expect });
      }}
    >
      <datalist id="intent-ends">
        {instances.map((i) => (
          <option key={i.instanceId} value={i.instanceId} />
        ))}
      </datalist>
      <label style={row}>
        Name <input value={name} placeholder="optional" onChange={(e) => setName(e.target.value)} />
      </label>
      <label style={row}>
        From{' '}
        <input
          data-testid="intent-from"
          list="intent-ends"
          value={from}
          placeholder="instance, ENI, IP, vSwitch, VPC or account"
          onChange={(e) => setFrom(e.target.value)}
        />
      </label>
      <label style={row}>
        To <input data-testid="intent-to" list="intent-ends" value={to} onChange={(e) => setTo(e.target.value)} />
      </label>
      <div style={row}>
        <select
          aria-label="Protocol"
          data-testid="intent-protocol"
          value={protocol}
          onChange={(e) => setProtocol(e.target.value as Intent['protocol'])}
        >
          {PROTOCOLS.map((p) => (
            <option key={p} value={p}>
              {p}
            </option>
          ))}
        </select>
        {needsPort && (
          <input
            aria-label="Port"
            data-testid="intent-port"
            inputMode="numeric"
            style={{ width: 60 }}
            value={port}
            onChange={(e) => setPort(e.target.value)}
          />
        )}
        <select
          aria-label="Expect"
          data-testid="intent-expect"
          value={expect}
          onChange={(e) => setExpect(e.target.value as Intent['expect'])}
        >
          <option value="reachable">must reach</option>
          <option value="unreachable">must not reach</option>
        </select>
      </div>
      <div style={row}>
        <button type="submit" className="primary-button" data-testid="intent-save" disabled={problem !== null}>
          Save
        </button>
        <button type="button" className="small-button" onClick={onCancel}>
          Cancel
        </button>
        {problem && <span className="dim">Needs {problem}.</span>}
      </div>
    </form>
  );
}

/** "Keep as intent" beside the ping check's verdict: one click adds it, expecting today's verdict. */
export function KeepAsIntent() {
  const query = useSim((s) => s.query);
  const check = useSim((s) => s.check);
  const current = useCheckIsCurrent();
  const doc = useDoc((s) => s.doc);
  const kept = intentFromCheck(query, check);
  if (!check || check.kind !== 'result') return null;
  if (kept.kind === 'refused')
    return (
      <div className="dim" data-testid="keep-intent-refused">
        {kept.reason}
      </div>
    );
  const already = hasIntent(doc, kept.draft);
  return (
    <div style={{ margin: '4px 0' }}>
      <button
        className="small-button"
        data-testid="keep-intent"
        // Today's verdict is that of the version on screen only once it has been checked.
        disabled={already || !current}
        title={already ? 'The document already has this intent' : undefined}
        onClick={() => documentStore.getState().change('Keep check as intent', (d) => addIntent(d, kept.draft))}
      >
        {already
          ? 'Kept as intent'
          : `Keep as intent (${kept.draft.expect === 'reachable' ? 'must reach' : 'must not reach'})`}
      </button>
    </div>
  );
}
