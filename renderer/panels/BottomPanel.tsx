/** The bottom panel: "Would this ping work?", the matrix, the accounts, apply, drift, and the findings. */
import { useCheckIsCurrent, useSim } from '../sim/simStore';
import { useUi, type BottomTab } from '../state';
import { AccountsPanel } from './AccountsPanel';
import { ApplyPanel } from './ApplyPanel';
import { DriftPanel } from './DriftPanel';
import { FindingsPanel } from './FindingsPanel';
import { MatrixPanel } from './MatrixPanel';
import { PingPanel } from './PingPanel';

export function BottomPanel() {
  const tab = useUi((s) => s.tab);
  const setTab = useUi((s) => s.setTab);
  const counts = useSim((s) => {
    let errors = 0;
    let warnings = 0;
    for (const f of s.findings) {
      if (f.severity === 'error') errors++;
      else if (f.severity === 'warning') warnings++;
    }
    return `${errors}/${warnings}`;
  });
  const [errors, warnings] = counts.split('/').map(Number);
  const current = useCheckIsCurrent();
  const verdict = useSim((s) => (s.check?.kind === 'result' && current ? s.check.verdict : null));
  const tabs: { id: BottomTab; label: React.ReactNode }[] = [
    {
      id: 'ping',
      label: (
        <>
          Would this ping work?
          {verdict && <span className={`tab-dot ${verdict === 'reachable' ? 'ok' : 'bad'}`} />}
        </>
      ),
    },
    { id: 'matrix', label: 'Matrix' },
    { id: 'accounts', label: 'Accounts' },
    { id: 'apply', label: 'Apply' },
    { id: 'drift', label: 'Drift' },
    {
      id: 'findings',
      label: (
        <>
          Findings
          {errors > 0 && <span className="count count-error">{errors}</span>}
          {warnings > 0 && <span className="count count-warning">{warnings}</span>}
        </>
      ),
    },
  ];
  return (
    <section className="bottom-panel">
      <nav className="tabs" role="tablist">
        {tabs.map((t) => (
          <button
            key={t.id}
            role="tab"
            aria-selected={tab === t.id}
            className={`tab${tab === t.id ? ' active' : ''}`}
            data-testid={`tab-${t.id}`}
            onClick={() => setTab(t.id)}
          >
            {t.label}
          </button>
        ))}
      </nav>
      <div className="tab-body">
        {tab === 'ping' && <PingPanel />}
        {tab === 'matrix' && <MatrixPanel />}
        {tab === 'accounts' && <AccountsPanel />}
        {tab === 'apply' && <ApplyPanel />}
        {tab === 'drift' && <DriftPanel />}
        {tab === 'findings' && <FindingsPanel />}
      </div>
    </section>
  );
}
