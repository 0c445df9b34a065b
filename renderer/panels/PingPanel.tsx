/**
 * "Would this ping work?": source, destination, protocol and port → the verdict at once, the
 * forward and return paths as hop lists (highlighted on the graph), and every blocker with a
 * one-click fix.
 */
import { memo, useId, useMemo, useState } from 'react';
import type { Topology } from '../../simulator/document/schema';
import { useCheckIsCurrent, useSim } from '../sim/simStore';
import { KeepAsIntent } from './IntentsPanel';
import type { BlockerView, FlowQuery, HopView, Protocol, TraceView } from '../sim/types';
import { documentStore, indexOf, useDoc } from '../state';
import { useDraftOf } from './fields';
import { eniAddresses } from './inspector/NetworkInterfaceForm';
import { endpointText, resolveEndpoint } from '../store/endpoints';
import { fixForBlocker } from '../store/fixes';
import { dispositionWord, verdictLook } from '../words';
import { HopDecision, BlockerDetail, stopHop } from './verdictDetails';
import './dataplane.css';

/**
 * A searchable endpoint: type an instance's name or ID (the list filters as you type), or — for a
 * destination — any IPv4 address. Only a resolved value reaches the query; anything else says why.
 */
export function EndpointPicker({
  value,
  onChange,
  label,
  testId,
  allowIp,
}: {
  readonly value: string;
  readonly onChange: (v: string) => void;
  readonly label: string;
  readonly testId: string;
  readonly allowIp?: boolean;
}) {
  const doc = useDoc((s) => s.doc);
  const index = indexOf(doc);
  const listId = useId();
  const errorId = useId();
  const shown = endpointText(doc, value);
  const [draft, setDraft] = useDraftOf(shown);
  const resolved = draft === shown ? null : resolveEndpoint(doc, draft, allowIp === true);
  const error = resolved?.kind === 'unknown' ? resolved.message : null;
  const instance = index.instances.get(value);
  // The suggestions exist from the first focus on: on a large estate they are thousands of options
  // (two pickers × 2,200 on L), which otherwise cost the first render a few hundred milliseconds.
  const [suggesting, setSuggesting] = useState(false);
  return (
    <label className="picker">
      <span className="picker-label">{label}</span>
      <input
        className={`picker-input${error ? ' invalid' : ''}`}
        list={listId}
        value={draft}
        spellCheck={false}
        autoComplete="off"
        placeholder={allowIp ? 'instance, ENI or IP address' : 'instance, ENI or its private IP'}
        aria-invalid={error !== null}
        aria-describedby={error ? errorId : undefined}
        data-testid={testId}
        data-value={value}
        onChange={(e) => {
          const text = e.target.value;
          setDraft(text);
          const r = resolveEndpoint(doc, text, allowIp === true);
          if (r.kind === 'instance') onChange(r.instanceId);
          else if (r.kind === 'eni') onChange(r.networkInterfaceId);
          else if (r.kind === 'ip') onChange(r.address);
          else if (r.kind === 'empty') onChange('');
        }}
        onFocus={() => setSuggesting(true)}
        onBlur={() => !error && setDraft(endpointText(doc, value))}
        onKeyDown={(e) => e.key === 'Escape' && setDraft(shown)}
      />
      {suggesting && (
        <EndpointOptions
          id={listId}
          instances={doc.instances}
          networkInterfaces={doc.networkInterfaces}
          vSwitches={doc.vSwitches}
          vpcs={doc.vpcs}
        />
      )}
      {error ? (
        <span className="picker-error" id={errorId} role="alert">
          {error}
        </span>
      ) : (
        <span className="picker-detail mono dim" data-testid={`${testId}-detail`}>
          {instance
            ? `${instance.instanceId} · ${instance.privateIpAddress}`
            : value.startsWith('eni-')
              ? `ENI ${value}`
              : value
                ? `address ${value}`
                : ''}
        </span>
      )}
    </label>
  );
}

/**
 * The picker's suggestions: one option per instance and ENI. Memo'd on the arrays it reads, so an
 * edit elsewhere (a rule, a route) does not re-render thousands of options on a large estate.
 */
const EndpointOptions = memo(function EndpointOptions({
  id,
  instances,
  networkInterfaces,
  vSwitches,
  vpcs,
}: {
  readonly id: string;
  readonly instances: Topology['instances'];
  readonly networkInterfaces: Topology['networkInterfaces'];
  readonly vSwitches: Topology['vSwitches'];
  readonly vpcs: Topology['vpcs'];
}) {
  // First wins on a duplicate ID, as the topology index's lookups do.
  const vpcOfVSwitch = useMemo(() => {
    const vpcById = new Map(vpcs.map((v) => [v.vpcId, v]).reverse() as [string, (typeof vpcs)[number]][]);
    return new Map(
      vSwitches.map((s) => [s.vSwitchId, vpcById.get(s.vpcId)]).reverse() as [
        string,
        (typeof vpcs)[number] | undefined,
      ][],
    );
  }, [vpcs, vSwitches]);
  return (
    <datalist id={id}>
      {instances.map((i) => {
        const vpc = vpcOfVSwitch.get(i.vSwitchId);
        return (
          <option key={i.instanceId} value={i.name ?? i.instanceId}>
            {`${i.instanceId} · ${i.privateIpAddress}${vpc ? ` · ${vpc.name ?? vpc.vpcId}` : ''}`}
          </option>
        );
      })}
      {(networkInterfaces ?? []).map((n) => (
        <option key={n.networkInterfaceId} value={n.networkInterfaceId}>
          {`${n.type ?? 'Secondary'} ENI · ${eniAddresses(n).join(', ')}${n.instanceId ? ` · on ${n.instanceId}` : ''}`}
        </option>
      ))}
    </datalist>
  );
});

export function ProtocolPicker({
  protocol,
  port,
  onChange,
}: {
  readonly protocol: Protocol;
  readonly port: number | null;
  readonly onChange: (p: { protocol?: Protocol; port?: number | null }) => void;
}) {
  const needsPort = protocol === 'tcp' || protocol === 'udp';
  return (
    <>
      <label className="picker narrow-picker">
        <span className="picker-label">Protocol</span>
        <select
          value={protocol}
          data-testid="ping-protocol"
          onChange={(e) => {
            const next = e.target.value as Protocol;
            onChange({
              protocol: next,
              port: next === 'tcp' || next === 'udp' ? (port ?? (next === 'tcp' ? 22 : 53)) : null,
            });
          }}
        >
          <option value="icmp">ICMP (ping)</option>
          <option value="tcp">TCP</option>
          <option value="udp">UDP</option>
          <option value="all">All</option>
        </select>
      </label>
      <label className="picker narrow-picker">
        <span className="picker-label">Port</span>
        <input
          className="mono port-input"
          type="number"
          min={1}
          max={65535}
          disabled={!needsPort}
          value={needsPort ? (port ?? '') : ''}
          placeholder={needsPort ? '22' : '—'}
          data-testid="ping-port"
          onChange={(e) => onChange({ port: e.target.value === '' ? null : Number(e.target.value) })}
        />
      </label>
    </>
  );
}

export function PingPanel() {
  const query = useSim((s) => s.query);
  // Whether there is a verdict at all, not the verdict: a new one re-renders the verdict's view
  // (CheckView), not the pickers.
  const hasCheck = useSim((s) => s.check !== null);
  const doc = useDoc((s) => s.doc);
  const setQuery = useSim((s) => s.setQuery);
  const swap = () => setQuery({ from: query.to, to: query.from });
  const pickSelected = (which: 'from' | 'to') => {
    const id = documentStore
      .getState()
      .selection.find((s) => ['instance', 'eni'].includes(resolveEndpoint(doc, s, false).kind));
    if (id) setQuery({ [which]: id });
  };
  return (
    <div className="ping-panel" data-testid="ping-panel">
      <div className="ping-query">
        <EndpointPicker label="Source" value={query.from} onChange={(v) => setQuery({ from: v })} testId="ping-from" />
        <button
          className="icon-button"
          title="Use the selected instance as source"
          aria-label="Use the selected instance as source"
          onClick={() => pickSelected('from')}
        >
          ◎
        </button>
        <button
          className="icon-button swap"
          title="Swap source and destination"
          aria-label="Swap source and destination"
          onClick={swap}
          disabled={['empty', 'unknown'].includes(resolveEndpoint(doc, query.to, false).kind)}
        >
          ⇄
        </button>
        <EndpointPicker
          label="Destination"
          value={query.to}
          onChange={(v) => setQuery({ to: v })}
          testId="ping-to"
          allowIp
        />
        <button
          className="icon-button"
          title="Use the selected instance as destination"
          aria-label="Use the selected instance as destination"
          onClick={() => pickSelected('to')}
        >
          ◎
        </button>
        <ProtocolPicker protocol={query.protocol} port={query.port} onChange={(p) => setQuery(p)} />
      </div>
      <KeepAsIntent />
      <CheckView query={query} />
      {!hasCheck && (
        <div className="ping-empty dim">
          Pick a source (an instance, an ENI or a private IP one holds) and a destination (the same or any IPv4
          address), or use “Ping from here” in the inspector. The verdict appears at once and the path lights up on the
          diagram.
        </div>
      )}
    </div>
  );
}

function CheckView({ query }: { readonly query: FlowQuery }) {
  const check = useSim((s) => s.check);
  const current = useCheckIsCurrent();
  if (!check) return null;
  if (!current && check.kind !== 'result')
    return (
      <div className="verdict verdict-pending" data-testid="verdict" data-verdict="pending">
        {verdictLook('pending').text}
      </div>
    );
  if (check.kind === 'input-error') return <div className="verdict verdict-input">⚠ {check.message}</div>;
  if (check.kind === 'unavailable') return <div className="verdict verdict-input">⚠ {check.message}</div>;
  // Until the verdict of the version drawn arrives, the previous one's explanation stays, dimmed
  // and without its fixes, under "Checking…" (no layout jump while typing, no stale verdict shown).
  const look = verdictLook(current ? check.verdict : 'pending');
  const stop = check.verdict === 'undetermined' ? stopHop(check.forward, check.return) : null;
  return (
    <div className={`check-result${current ? '' : ' check-stale'}`} aria-busy={!current}>
      <div
        className={`verdict ${look.className}`}
        data-testid="verdict"
        data-verdict={current ? check.verdict : 'pending'}
      >
        <span className="verdict-icon" aria-hidden="true">
          {look.icon}
        </span>
        <span className="verdict-text">{look.text}</span>
        <span className="verdict-sub" data-testid="verdict-sub">
          {!current
            ? 'the simulator is checking the version on screen'
            : check.verdict === 'reachable'
              ? 'the request arrives and the reply comes back'
              : check.verdict === 'undetermined'
                ? `vpclink stops modelling at ${stop ? stop.resourceId : 'a next hop it does not simulate'}${stop ? ` (${stop.description})` : ''} — it cannot say whether the packet arrives`
                : `${check.blockers.length} blocker${check.blockers.length === 1 ? '' : 's'}: ${check.forward.disposition === 'DROPPED' ? 'the request is dropped' : 'the reply is dropped'}`}
        </span>
      </div>
      <div className="check-columns">
        {check.blockers.length > 0 && (
          <div className="blockers" data-testid="blockers">
            <h4>Why not — and the fix</h4>
            {check.blockers.map((b, n) => (
              <BlockerItem key={`${b.code}-${b.resourceId}-${n}`} blocker={b} query={query} current={current} />
            ))}
          </div>
        )}
        <TraceList title="Request" trace={check.forward} dir="forward" />
        <TraceList title="Reply" trace={check.return} dir="return" />
      </div>
    </div>
  );
}

function BlockerItem({
  blocker,
  query,
  current,
}: {
  readonly blocker: BlockerView;
  readonly query: FlowQuery;
  /** False: the blocker is the previous version's (a fix computed from it could be wrong). */
  readonly current: boolean;
}) {
  const doc = useDoc((s) => s.doc);
  const fix = useMemo(() => (current ? fixForBlocker(doc, blocker, query) : null), [current, doc, blocker, query]);
  return (
    <div className="blocker" data-testid={`blocker-${blocker.code}`}>
      <div className="blocker-head">
        <span className="blocker-code">{blocker.code}</span>
        <span className="blocker-dir">{blocker.direction === 'forward' ? 'request' : 'reply'}</span>
        <span className="spacer" />
        {fix && (
          <button
            className="fix-button"
            data-testid="fix-button"
            title={`One-click fix (undoable): ${fix.label}`}
            onClick={() => {
              documentStore.getState().change(`Fix: ${fix.label}`, fix.apply);
            }}
          >
            Fix: {fix.label}
          </button>
        )}
      </div>
      <button
        className="blocker-main"
        onClick={() => blocker.resourceId && documentStore.getState().select([blocker.resourceId])}
        title="Select the resource to change"
      >
        <span className="blocker-msg">{blocker.message}</span>
        {blocker.suggestion && <span className="blocker-suggestion">→ {blocker.suggestion}</span>}
      </button>
      <BlockerDetail blocker={blocker} />
    </div>
  );
}

function hopIcon(hop: HopView): string {
  if (hop.causesDrop) return '✖';
  if (hop.action === 'NOT_SIMULATED') return '?';
  switch (hop.action) {
    case 'ORIGINATED':
      return '●';
    case 'DELIVERED':
      return '◉';
    case 'PERMITTED':
    case 'MATCHED_SESSION':
      return '✓';
    case 'NOT_EVALUATED':
      return '·';
    default:
      return '→';
  }
}

function TraceList({
  title,
  trace,
  dir,
}: {
  readonly title: string;
  readonly trace: TraceView;
  readonly dir: 'forward' | 'return';
}) {
  return (
    <div className={`trace trace-${dir}`} data-testid={`trace-${dir}`}>
      <h4>
        <span className={`trace-swatch swatch-${dir}`} /> {title}:{' '}
        <span className={`disp disp-${trace.disposition}`}>{dispositionWord(trace.disposition)}</span>
      </h4>
      <ol>
        {trace.hops.map((hop, n) => (
          <li
            key={n}
            className={`hop${hop.causesDrop ? ' hop-drop' : ''}${hop.hypothetical ? ' hop-hypo' : ''}${hop.action === 'NOT_SIMULATED' ? ' hop-unknown' : ''}`}
            data-testid={`hop-${dir}-${n}`}
            data-action={hop.action}
          >
            <button
              className="hop-button"
              onClick={() => documentStore.getState().select([hop.resourceId])}
              title={`${hop.action} · ${hop.resourceId}`}
            >
              <span className="hop-icon">{hopIcon(hop)}</span>
              <span className="hop-desc">{hop.description}</span>
            </button>
            <HopDecision hop={hop} />
          </li>
        ))}
      </ol>
    </div>
  );
}
