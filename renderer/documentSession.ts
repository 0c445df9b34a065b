/**
 * One session per document: opening another document (a file, an example, New) drops what belonged
 * to the one before — the Apply panel's plan, run and log (so no Roll back acts on the new one), the
 * account checks, the drift view — and reseeds the sandbox from the new document, so "apply to the sandbox" starts
 * from the world before *its* plan. The selection and undo history are reset by the store's load.
 *
 * Not a new session: reloading the same file from disk, a recovered autosave of the startup
 * document, and an import (its document came from the target; reseeding would wipe what it read).
 */
import { useAccounts } from './panels/AccountsPanel';
import { reseedSandbox, resetApplyForDocument, useApply } from './panels/ApplyPanel';
import { resetDrift } from './panels/DriftPanel';
import { documentStore, useUi } from './state';
import type { DocumentState } from './store/documentStore';

function isNewDocument(state: DocumentState, previous: DocumentState): boolean {
  if (state.meta === previous.meta || state.doc === previous.doc || state.past.length !== 0) return false;
  if (state.meta.path !== null && state.meta.path === previous.meta.path) return false;
  return state.meta.origin !== 'import' && state.meta.origin !== 'recovered';
}

/** Installed once by the app after the startup document is loaded (the host seeded its sandbox with it). */
export function startDocumentSessions(): () => void {
  return documentStore.subscribe((state, previous) => {
    if (!isNewDocument(state, previous)) return;
    resetApplyForDocument();
    resetDrift();
    useAccounts.setState({ credentials: [], error: null });
    const hasSandbox =
      useApply.getState().targets.some((t) => t.kind === 'sandbox') ||
      useUi.getState().startup?.defaultTargetId === 'sandbox';
    if (hasSandbox) void reseedSandbox();
  });
}
