/**
 * What vpclink proposes in the connect dialog, before anything changes: the changes in words,
 * what it could not do, and each requested flow simulated on the changed document.
 */
import type { Proposal } from './connectState';

export function ProposalPreview({ proposal }: { readonly proposal: Proposal | undefined }) {
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
