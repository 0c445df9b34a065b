/**
 * Connect by intent: one VPC dropped on another (or "Connect…" in the inspector) asks which link,
 * then which flows; vpclink proposes the routes and the minimal rules, lists them, simulates the
 * flows on the result, and one click accepts everything as one undoable edit. The logic is
 * renderer/store/connectProposal.ts; this file only asks and shows.
 */
import { useMemo, useState } from 'react';
import type { Topology } from '../../simulator/document/schema';
import { useSim } from '../sim/simStore';
import { documentStore, indexOf, useDoc, useUi } from '../state';
import {
  flowsFor,
  instancesOfVpc,
  parsePorts,
  proposeConnection,
  type ConnectRequest,
  type FlowIntent,
} from '../store/connectProposal';
import { defaultLinkKind, LINK_KINDS } from '../store/links';
import { Modal } from './Dialogs';
import './connect.css';

/** "every instance" in an endpoint select. */
const EVERY = '*';

function endpointIds(doc: Topology, vpcId: string, pick: string): string[] {
  const all = instancesOfVpc(doc, vpcId).map((i) => i.instanceId);
  return pick === EVERY ? all : all.filter((id) => id === pick);
}

/**
 * The endpoint a VPC starts with: every instance of a small VPC (a handful of flows to open), the
 * first of a larger one — the user widens it knowingly; every pair of two large VPCs would open
 * (and simulate) thousands of flows.
 */
const EVERY_UP_TO = 4;
function startingPick(instances: readonly { readonly instanceId: string }[]): string {
  if (instances.length > 1 && instances.length <= EVERY_UP_TO) return EVERY;
  return instances[0]?.instanceId ?? '';
}

export function ConnectDialog({
  fromVpcId,
  toVpcId,
  onClose,
}: {
  readonly fromVpcId: string;
  readonly toVpcId: string;
  readonly onClose: () => void;
}) {
  const doc = useDoc((s) => s.doc);
  const index = indexOf(doc);
  const a = index.vpcs.get(fromVpcId);
  const b = index.vpcs.get(toVpcId);
  const name = (v: typeof a) => v?.name ?? v?.vpcId ?? '?';
  const kinds = LINK_KINDS.map((k) => ({ kind: k, why: k.unavailable(doc, fromVpcId, toVpcId) }));
  const preferred = defaultLinkKind(doc);
  const [chosen, setChosen] = useState(
    (kinds.find((k) => k.kind.kind === preferred && k.why === null) ?? kinds.find((k) => k.why === null))?.kind.kind ??
      '',
  );
  const link = LINK_KINDS.find((k) => k.kind === chosen);

  const fromInstances = instancesOfVpc(doc, fromVpcId);
  const toInstances = instancesOfVpc(doc, toVpcId);
  const [fromPick, setFromPick] = useState(startingPick(fromInstances));
  const [toPick, setToPick] = useState(startingPick(toInstances));
  const [icmp, setIcmp] = useState(true);
  const [portsText, setPortsText] = useState('');
  const [bothWays, setBothWays] = useState(true);
  const parsedPorts = parsePorts(portsText);
  const portsError = 'error' in parsedPorts ? parsedPorts.error : null;
  const withInstances = fromInstances.length > 0 && toInstances.length > 0;

  const flows: readonly FlowIntent[] = useMemo(() => {
    const parsed = parsePorts(portsText);
    if (!withInstances || 'error' in parsed) return [];
    return flowsFor(endpointIds(doc, fromVpcId, fromPick), endpointIds(doc, toVpcId, toPick), {
      icmp,
      tcpPorts: parsed.ports,
      bothWays,
    });
  }, [doc, withInstances, fromVpcId, toVpcId, fromPick, toPick, icmp, portsText, bothWays]);
  const request: ConnectRequest | undefined = useMemo(
    () => (link ? { fromVpcId, toVpcId, link, flows } : undefined),
    [link, fromVpcId, toVpcId, flows],
  );
  const proposal = useMemo(() => (request ? proposeConnection(doc, request) : undefined), [doc, request]);
  const ready =
    proposal !== undefined && !('error' in proposal) && portsError === null && (!withInstances || flows.length > 0);

  const accept = () => {
    if (!request || !ready) return;
    let selectId: string | undefined;
    documentStore.getState().change(`Connect ${name(a)} and ${name(b)}`, (d) => {
      // The very proposal the user read (same IDs); recomputed only if the document moved on meanwhile.
      const next = d === doc && proposal ? proposal : proposeConnection(d, request);
      if ('error' in next) return d;
      selectId = next.selectId;
      return next.doc;
    });
    if (selectId) documentStore.getState().select([selectId]);
    // The first flow asked for goes to the ping panel: its verdict is the proof, with no more clicks.
    const first = flows[0];
    if (first) {
      useSim.getState().setQuery({ from: first.from, to: first.to, protocol: first.protocol, port: first.port });
      useUi.getState().setTab('ping');
    }
    onClose();
  };

  const instanceOptions = (list: typeof fromInstances) => [
    ...(list.length > 1 ? [{ value: EVERY, label: `every instance (${list.length})` }] : []),
    ...list.map((i) => ({ value: i.instanceId, label: `${i.name ?? i.instanceId} (${i.privateIpAddress})` })),
  ];

  return (
    <Modal
      title={`Connect ${name(a)} and ${name(b)}`}
      onClose={onClose}
      testId="connect-dialog"
      className="connect-modal"
    >
      <fieldset className="plain-fieldset">
        <legend>Link</legend>
        {kinds.map(({ kind, why }) => (
          <label key={kind.kind} className="check-row" title={why ?? kind.description}>
            <input
              type="radio"
              name="link-kind"
              value={kind.kind}
              checked={chosen === kind.kind}
              disabled={why !== null}
              onChange={() => setChosen(kind.kind)}
              data-testid={`link-kind-${kind.kind}`}
            />{' '}
            {kind.label}
            {why && <span className="dim small"> — {why}</span>}
          </label>
        ))}
      </fieldset>

      <fieldset className="plain-fieldset connect-flows">
        <legend>Flows to open</legend>
        {withInstances ? (
          <>
            <div className="connect-ends">
              <label>
                <span className="dim small">From ({name(a)})</span>
                <select value={fromPick} onChange={(e) => setFromPick(e.target.value)} data-testid="connect-from">
                  {instanceOptions(fromInstances).map((o) => (
                    <option key={o.value} value={o.value}>
                      {o.label}
                    </option>
                  ))}
                </select>
              </label>
              <label>
                <span className="dim small">To ({name(b)})</span>
                <select value={toPick} onChange={(e) => setToPick(e.target.value)} data-testid="connect-to">
                  {instanceOptions(toInstances).map((o) => (
                    <option key={o.value} value={o.value}>
                      {o.label}
                    </option>
                  ))}
                </select>
              </label>
            </div>
            <div className="connect-services">
              <label className="check-row">
                <input
                  type="checkbox"
                  checked={icmp}
                  onChange={(e) => setIcmp(e.target.checked)}
                  data-testid="connect-icmp"
                />{' '}
                Ping (ICMP)
              </label>
              <label className="check-row">
                TCP ports{' '}
                <input
                  className="mono connect-ports"
                  value={portsText}
                  placeholder="22, 443"
                  aria-invalid={portsError !== null}
                  onChange={(e) => setPortsText(e.target.value)}
                  data-testid="connect-ports"
                />
              </label>
              <label className="check-row">
                <input
                  type="checkbox"
                  checked={bothWays}
                  onChange={(e) => setBothWays(e.target.checked)}
                  data-testid="connect-both-ways"
                />{' '}
                Both directions
              </label>
            </div>
            {portsError && (
              <div className="field-error" role="alert">
                {portsError}
              </div>
            )}
          </>
        ) : (
          <p className="dim small">
            {fromInstances.length === 0 ? name(a) : name(b)} has no ECS instance yet: vpclink routes the whole VPC
            blocks both ways and adds no rule (add instances and the ping’s Fix adds the rules they need).
          </p>
        )}
      </fieldset>

      <ProposalPreview proposal={proposal} />

      <div className="modal-actions">
        <button onClick={onClose}>Cancel</button>
        <button className="primary-button" onClick={accept} disabled={!ready} autoFocus data-testid="connect-confirm">
          {ready && proposal && !('error' in proposal)
            ? `Accept ${proposal.changes.length === 1 ? 'the change' : `all ${proposal.changes.length} changes`}`
            : 'Accept'}
        </button>
      </div>
    </Modal>
  );
}

function ProposalPreview({ proposal }: { readonly proposal: ReturnType<typeof proposeConnection> | undefined }) {
  if (!proposal) return null;
  if ('error' in proposal)
    return (
      <div className="error-box" role="alert">
        {proposal.error}
      </div>
    );
  const failing = proposal.verdicts.filter((v) => v.verdict !== 'reachable');
  return (
    <div className="connect-preview" data-testid="connect-preview">
      <div className="panel-title">vpclink proposes</div>
      <ol className="modal-list connect-changes">
        {proposal.changes.map((c, n) => (
          <li key={n} className={`change-${c.kind}`} data-testid="connect-change">
            {c.text}
          </li>
        ))}
      </ol>
      {proposal.problems.map((p, n) => (
        <div key={n} className="warn-box small">
          {p}
        </div>
      ))}
      {proposal.verdicts.length > 0 && (
        <>
          <div className="panel-title">Simulated with these changes</div>
          <ul className="connect-verdicts" data-testid="connect-verdicts">
            {proposal.verdicts.map((v, n) => (
              <li key={n} className={v.verdict === 'reachable' ? 'ok' : 'bad'} data-verdict={v.verdict}>
                <span aria-hidden="true">{v.verdict === 'reachable' ? '✓' : '✗'}</span> {v.text}:{' '}
                {v.verdict === 'reachable'
                  ? 'reachable'
                  : v.verdict === 'undetermined'
                    ? 'undetermined'
                    : 'still fails'}
                {v.reason && <div className="dim small">{v.reason}</div>}
              </li>
            ))}
          </ul>
          {failing.length > 0 && (
            <p className="dim small">
              Accepting still helps; the ping panel then shows what else stops{' '}
              {failing.length === 1 ? 'this flow' : 'these flows'}.
            </p>
          )}
        </>
      )}
    </div>
  );
}
