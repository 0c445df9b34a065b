/** The two questions of the connect dialog (ConnectDialog.tsx): which link, and which flows to open. */
import { EVERY, type FlowChoice, type LinkChoice } from './connectState';

/** Every link kind, the impossible ones disabled with the reason beside them. */
export function LinkKindFieldset({ choice }: { readonly choice: LinkChoice }) {
  return (
    <fieldset className="plain-fieldset">
      <legend>Link</legend>
      {choice.kinds.map(({ kind, why }) => (
        <label key={kind.kind} className="check-row" title={why ?? kind.description}>
          <input
            type="radio"
            name="link-kind"
            value={kind.kind}
            checked={choice.chosen === kind.kind}
            disabled={why !== null}
            onChange={() => choice.choose(kind.kind)}
            data-testid={`link-kind-${kind.kind}`}
          />{' '}
          {kind.label}
          {why && <span className="dim small"> — {why}</span>}
        </label>
      ))}
    </fieldset>
  );
}

/**
 * The flows to open: the two endpoints and the services. Without an instance on one side there is
 * no flow to name: the note says what vpclink does instead.
 */
export function FlowsFieldset({
  choice,
  fromName,
  toName,
}: {
  readonly choice: FlowChoice;
  readonly fromName: string;
  readonly toName: string;
}) {
  return (
    <fieldset className="plain-fieldset connect-flows">
      <legend>Flows to open</legend>
      {choice.withInstances ? (
        <>
          <div className="connect-ends">
            <EndpointSelect choice={choice} side="from" vpcName={fromName} />
            <EndpointSelect choice={choice} side="to" vpcName={toName} />
          </div>
          <ServiceChecks choice={choice} />
          {choice.portsError && (
            <div className="field-error" role="alert">
              {choice.portsError}
            </div>
          )}
        </>
      ) : (
        <p className="dim small">
          {choice.fromInstances.length === 0 ? fromName : toName} has no ECS instance yet: vpclink routes the whole VPC
          blocks both ways and adds no rule (add instances and the ping’s Fix adds the rules they need).
        </p>
      )}
    </fieldset>
  );
}

/** One end of the flows: a single instance, or every instance of the VPC when it has more than one. */
function EndpointSelect({
  choice,
  side,
  vpcName,
}: {
  readonly choice: FlowChoice;
  readonly side: 'from' | 'to';
  readonly vpcName: string;
}) {
  const instances = side === 'from' ? choice.fromInstances : choice.toInstances;
  const value = side === 'from' ? choice.fromPick : choice.toPick;
  const pick = (id: string) => choice.pick(side === 'from' ? { fromPick: id } : { toPick: id });
  return (
    <label>
      <span className="dim small">{side === 'from' ? <>From ({vpcName})</> : <>To ({vpcName})</>}</span>
      <select value={value} onChange={(e) => pick(e.target.value)} data-testid={`connect-${side}`}>
        {instances.length > 1 && <option value={EVERY}>{`every instance (${instances.length})`}</option>}
        {instances.map((i) => (
          <option key={i.instanceId} value={i.instanceId}>{`${i.name ?? i.instanceId} (${i.privateIpAddress})`}</option>
        ))}
      </select>
    </label>
  );
}

function ServiceChecks({ choice }: { readonly choice: FlowChoice }) {
  return (
    <div className="connect-services">
      <CheckRow checked={choice.icmp} onChange={(icmp) => choice.pick({ icmp })} testId="connect-icmp">
        Ping (ICMP)
      </CheckRow>
      <label className="check-row">
        TCP ports{' '}
        <input
          className="mono connect-ports"
          value={choice.portsText}
          placeholder="22, 443"
          aria-invalid={choice.portsError !== null}
          onChange={(e) => choice.pick({ portsText: e.target.value })}
          data-testid="connect-ports"
        />
      </label>
      <CheckRow checked={choice.bothWays} onChange={(bothWays) => choice.pick({ bothWays })} testId="connect-both-ways">
        Both directions
      </CheckRow>
    </div>
  );
}

function CheckRow({
  checked,
  onChange,
  testId,
  children,
}: {
  readonly checked: boolean;
  readonly onChange: (checked: boolean) => void;
  readonly testId: string;
  readonly children: string;
}) {
  return (
    <label className="check-row">
      <input type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} data-testid={testId} />{' '}
      {children}
    </label>
  );
}
