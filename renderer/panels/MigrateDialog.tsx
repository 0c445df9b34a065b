/**
 * "Migrate to VPC peering…" (issue 12 "Migration"): runs the make-before-break planner
 * (simulator/plan/migrate.ts, the same one `vpclink plan FILE --migrate LINK-ID --to peering` runs)
 * on the open document and shows its ordered steps, each with the number of flows proven kept, or
 * the refusal naming the flow that would break. "Use the final design" puts the last step's
 * document in place as one undoable edit. The words come from renderer/store/migration.ts.
 */
import { useEffect, useState } from 'react';
import { planMigrationToPeering } from '../../simulator/plan/migrate';
import { documentStore } from '../state';
import { migrationView, withFinalDesign, type MigrationStepView, type MigrationView } from '../store/migration';
import { Modal } from './Dialogs';
import './migrate.css';

export function MigrateDialog({
  routerInterfaceId,
  onClose,
}: {
  readonly routerInterfaceId: string;
  readonly onClose: () => void;
}) {
  const [view, setView] = useState<MigrationView | null>(null);
  useEffect(() => {
    // The proof simulates every flow after every step: on a large document that takes a moment, so
    // the dialog paints its busy state first and plans on the next task.
    const timer = setTimeout(() => {
      const doc = documentStore.getState().doc;
      setView(migrationView(doc, planMigrationToPeering(doc, routerInterfaceId)));
    }, 0);
    return () => clearTimeout(timer);
  }, [routerInterfaceId]);

  const useFinal = () => {
    if (view?.kind !== 'planned') return;
    const finalDocument = view.finalDocument;
    documentStore
      .getState()
      .change('Migrate to VPC peering', (doc) => withFinalDesign(doc, finalDocument), { select: [] });
    onClose();
  };

  return (
    <Modal title="Migrate to VPC peering" onClose={onClose} testId="migrate-dialog" className="migrate-modal">
      <p className="small">
        Replaces the router-interface pair of <span className="mono">{routerInterfaceId}</span> by a VPC peering
        connection between the same two VPCs, make before break.
      </p>
      {view === null ? (
        <p className="dim small" role="status" aria-busy="true" data-testid="migrate-busy">
          Planning the steps and proving every flow after each one…
        </p>
      ) : view.kind === 'refused' ? (
        <>
          <div className="error-box" role="alert" data-testid="migrate-refused">
            {view.brokenFlow ? (
              <>
                <strong>vpclink will not migrate this link:</strong> no order of the remaining steps keeps every flow
                that works today. The flow that would break:{' '}
                <strong data-testid="migrate-broken-flow">{view.brokenFlow}</strong>.
                <div className="migrate-details mono">{view.message}</div>
              </>
            ) : (
              <>
                <strong>vpclink will not migrate this link:</strong> {view.message}
              </>
            )}
          </div>
          {view.steps.length > 0 && (
            <>
              <div className="panel-title">Proven before the refusal</div>
              <StepList steps={view.steps} />
            </>
          )}
        </>
      ) : (
        <>
          <p className="small" data-testid="migrate-proof">
            {view.flowCount === 1 ? 'The one flow' : `All ${view.flowCount} flows`} reachable today{' '}
            {view.flowCount === 1 ? 'stays' : 'stay'} reachable after every one of the {view.steps.length} steps
            (simulated).
          </p>
          <StepList steps={view.steps} />
          <p className="dim small" data-testid="migrate-how">
            Applying the steps one by one keeps every ping up:{' '}
            <code>vpclink plan FILE --migrate {routerInterfaceId} --to peering --json</code> gives each step’s document
            to apply in order (README, “Migrate a router-interface link to VPC peering”). Using the final design here
            applies it in one go instead.
          </p>
        </>
      )}
      <div className="modal-actions">
        <button onClick={onClose} data-testid="migrate-close">
          Close
        </button>
        <button
          className="primary-button"
          onClick={useFinal}
          disabled={view?.kind !== 'planned'}
          autoFocus
          data-testid="migrate-use-final"
        >
          Use the final design
        </button>
      </div>
    </Modal>
  );
}

function StepList({ steps }: { readonly steps: readonly MigrationStepView[] }) {
  return (
    <ol className="modal-list migrate-steps" data-testid="migrate-steps">
      {steps.map((s) => (
        <li key={s.index} data-testid="migrate-step">
          <span className="migrate-step-text">{s.text}</span>{' '}
          <span className={`migrate-kept ${s.flowsKept === s.flowsChecked ? 'ok' : 'bad'}`} data-testid="migrate-kept">
            {s.flowsKept === s.flowsChecked ? '✓' : '✗'} {s.flowsKept} of {s.flowsChecked}{' '}
            {s.flowsChecked === 1 ? 'flow' : 'flows'} kept
          </span>
        </li>
      ))}
    </ol>
  );
}
