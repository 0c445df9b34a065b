/** Every finding of the simulator's validation, grouped by severity; click one to select its resource. */
import { useSim } from '../sim/simStore';
import { documentStore } from '../state';

export function FindingsPanel() {
  const findings = useSim((s) => s.findings);
  if (findings.length === 0)
    return (
      <div className="pad ok-text" data-testid="findings-panel">
        ✔ No findings: the document is consistent.
      </div>
    );
  const order = { error: 0, warning: 1, info: 2 } as const;
  const sorted = [...findings].sort((a, b) => order[a.severity] - order[b.severity]);
  return (
    <div className="findings-panel" data-testid="findings-panel">
      <table className="grid-table findings-table">
        <tbody>
          {sorted.map((f, n) => (
            <tr
              key={n}
              className={`finding-row finding-${f.severity}`}
              onClick={() => f.resourceId && documentStore.getState().select([f.resourceId])}
              // Keyboard: Tab to a finding, Enter selects its resource.
              tabIndex={f.resourceId ? 0 : undefined}
              onKeyDown={(e) => {
                if (f.resourceId && (e.key === 'Enter' || e.key === ' ')) {
                  e.preventDefault();
                  documentStore.getState().select([f.resourceId]);
                }
              }}
            >
              <td className="sev">
                <span className={`sev-dot sev-${f.severity}`} />
              </td>
              <td className="mono code">{f.code}</td>
              <td>
                {f.message}
                {f.suggestion && <div className="finding-suggestion">→ {f.suggestion}</div>}
              </td>
              <td className="mono dim small">{f.path}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
