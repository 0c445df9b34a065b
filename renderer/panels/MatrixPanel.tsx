/** The reachability matrix: every ordered pair of instances; each cell explains itself on hover and opens the check on click. */
import { useEffect, useState } from 'react';
import { useMatrixIsCurrent, useSim } from '../sim/simStore';
import { indexOf, useDoc, useUi } from '../state';
import { ProtocolPicker } from './PingPanel';

const SHOWN_LIMIT = 60;

export function MatrixPanel() {
  const matrix = useSim((s) => s.matrix);
  const options = useSim((s) => s.matrixOptions);
  // Another version's matrix (an edit, another protocol) stays dimmed while this one computes:
  // no count, no explanation, no click offered from it.
  const current = useMatrixIsCurrent();
  const index = useDoc((s) => indexOf(s.doc));
  const [hover, setHover] = useState<{ i: number; j: number } | null>(null);
  useEffect(() => {
    useSim.getState().setMatrixWanted(true);
    return () => useSim.getState().setMatrixWanted(false);
  }, []);
  if (!matrix) return <div className="dim pad">Computing the matrix…</div>;
  const n = Math.min(matrix.instances.length, SHOWN_LIMIT);
  const name = (id: string) => index.instances.get(id)?.name ?? id;
  const total = matrix.instances.length * (matrix.instances.length - 1);
  let reachable = 0;
  matrix.reachable.forEach((row, i) => row.forEach((ok, j) => i !== j && ok && reachable++));
  const open = (i: number, j: number) => {
    useSim
      .getState()
      .setQuery({ from: matrix.instances[i], to: matrix.instances[j], protocol: options.protocol, port: options.port });
    useUi.getState().setTab('ping');
  };
  const hovered =
    hover && current
      ? {
          from: name(matrix.instances[hover.i]),
          to: name(matrix.instances[hover.j]),
          ok: matrix.reachable[hover.i][hover.j],
          reason: matrix.reasons[hover.i]?.[hover.j],
        }
      : null;
  return (
    <div className="matrix-panel" data-testid="matrix-panel" data-current={current}>
      <div className="matrix-bar">
        <ProtocolPicker
          protocol={options.protocol}
          port={options.port}
          onChange={(p) => useSim.getState().setMatrixOptions(p)}
        />
        <span className="dim">
          {current
            ? `${reachable} of ${total} ordered pairs reachable`
            : 'Computing the matrix of the version on screen…'}
          {matrix.instances.length > SHOWN_LIMIT ? ` · showing the first ${SHOWN_LIMIT} instances` : ''}
        </span>
      </div>
      <div className="matrix-body">
        <div className={`matrix-scroll${current ? '' : ' matrix-stale'}`} aria-busy={!current}>
          <table className="matrix">
            <thead>
              <tr>
                <th className="corner">from ↓ to →</th>
                {matrix.instances.slice(0, n).map((id) => (
                  <th key={id} className="col-head" title={id}>
                    <span>{name(id)}</span>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {matrix.instances.slice(0, n).map((rowId, i) => (
                <tr key={rowId}>
                  <th className="row-head" title={rowId}>
                    {name(rowId)}
                  </th>
                  {matrix.reachable[i].slice(0, n).map((ok, j) => (
                    <td
                      key={j}
                      className={`cell ${i === j ? 'cell-self' : ok ? 'cell-ok' : 'cell-bad'}`}
                      data-testid={`cell-${i}-${j}`}
                      title={
                        !current
                          ? 'computing the matrix of the version on screen'
                          : i === j
                            ? 'itself'
                            : ok
                              ? `${name(rowId)} → ${name(matrix.instances[j])}: reachable`
                              : `${name(rowId)} → ${name(matrix.instances[j])}: ${matrix.reasons[i]?.[j] ?? 'not reachable (click for the details)'}`
                      }
                      onMouseEnter={() => setHover({ i, j })}
                      onMouseLeave={() => setHover(null)}
                      onFocus={() => setHover({ i, j })}
                      onBlur={() => setHover(null)}
                      onClick={() => current && i !== j && open(i, j)}
                      // Keyboard: Tab to a cell shows its explanation, Enter opens the check.
                      tabIndex={i === j ? undefined : 0}
                      onKeyDown={(e) => {
                        if (current && i !== j && (e.key === 'Enter' || e.key === ' ')) {
                          e.preventDefault();
                          open(i, j);
                        }
                      }}
                    >
                      {i === j ? '' : ok ? '✔' : '✖'}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <div className="matrix-explain">
          {hovered ? (
            <>
              <div className={hovered.ok ? 'ok-text' : 'bad-text'}>
                <strong>{hovered.from}</strong> → <strong>{hovered.to}</strong>:{' '}
                {hovered.ok ? 'reachable' : 'not reachable'}
              </div>
              {!hovered.ok && hovered.reason && <pre className="reason">{hovered.reason}</pre>}
              <div className="dim small">Click the cell to open the check with its path and fixes.</div>
            </>
          ) : (
            <div className="dim">Hover a cell to see why; click it to open the full check.</div>
          )}
        </div>
      </div>
    </div>
  );
}
