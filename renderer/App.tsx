/** The app shell: toolbar, palette, canvas, inspector, bottom panel; startup, shortcuts and host events. */
import { ReactFlowProvider } from '@xyflow/react';
import { useEffect } from 'react';
import { api, errorText, onHostEvent } from './api';
import { Canvas } from './canvas/Canvas';
import { appActions, openPath, saveTo, showLoaded, startDocumentSync } from './files';
import { BottomPanel } from './panels/BottomPanel';
import { Dialogs } from './panels/Dialogs';
import { Inspector } from './panels/inspector';
import { IntentsPanel } from './panels/IntentsPanel';
import { Palette } from './panels/Palette';
import { Toolbar } from './panels/Toolbar';
import { installApplyEvents } from './panels/ApplyPanel';
import { startDocumentSessions } from './documentSession';
import { takeStartup } from './startup';
import { simulateDocument, startSimulator, useSim } from './sim/simStore';
import { documentStore, indexOf, useUi } from './state';
import { commandForKey, runCommand } from './store/commands';
import { isTextField } from './textFields';
import type { Topology } from '../simulator/document/schema';

/** A first question for a new document: the first instance to the first one in another VPC. */
function suggestQuery(doc: Topology): void {
  const { query, setQuery } = useSim.getState();
  const index = indexOf(doc);
  if (index.instances.has(query.from) && (index.instances.has(query.to) || /^\d+\.\d+\.\d+\.\d+$/.test(query.to)))
    return;
  const vpcOf = (id: string) => index.vSwitches.get(index.instances.get(id)?.vSwitchId ?? '')?.vpcId;
  const first = doc.instances[0];
  const other =
    first && (doc.instances.find((i) => vpcOf(i.instanceId) !== vpcOf(first.instanceId)) ?? doc.instances[1]);
  setQuery({ from: first?.instanceId ?? '', to: other?.instanceId ?? '' });
}

export function App() {
  useEffect(() => {
    startSimulator();
    simulateDocument(documentStore.getState().doc);
    let lastMeta = documentStore.getState().meta;
    const unsubscribeDoc = documentStore.subscribe((state, previous) => {
      if (state.doc !== previous.doc) simulateDocument(state.doc);
      if (state.meta !== lastMeta && state.past.length === 0) suggestQuery(state.doc);
      lastMeta = state.meta;
    });
    const stopSync = startDocumentSync();
    const stopApplyEvents = installApplyEvents();
    let stopSessions = () => {};
    // A cleanup that runs before the startup answer (a remount) must not leave a second session
    // watcher behind: two would reseed the sandbox twice for every document opened.
    let disposed = false;
    const stopMenu = onHostEvent((event) => {
      if (event.kind !== 'menu.command') return;
      if (event.command === 'file.saveThenClose') {
        const { meta } = documentStore.getState();
        // With a file to save to: save, then close (the host asked after its unsaved-changes dialog).
        if (meta.path && meta.origin === 'file') {
          void saveTo(meta.path).then(async (ok) => {
            if (!ok) return;
            // Saved but the window stayed open: say so rather than leave the user waiting.
            await api
              .closeWindow()
              .catch((error: unknown) =>
                useUi.getState().notify('error', `Saved, but the window could not close: ${errorText(error)}`),
              );
          });
        } else appActions.saveAs();
        return;
      }
      if (event.command === 'file.openRecent' && event.path) {
        void openPath(event.path);
        return;
      }
      // The menu sends the names of the renderer's actions (electron/common/commands.ts).
      runCommand(event.command, { store: documentStore, app: appActions });
    });
    // Sent by the entry before this chunk loaded (startup.ts).
    takeStartup()
      .then(({ startup, document, result }) => {
        useUi.setState({ startup });
        if (showLoaded(document, result, { dirty: startup.recovered !== null }))
          suggestQuery(documentStore.getState().doc);
        // From here on, opening another document starts a new session (documentSession.ts).
        if (!disposed) stopSessions = startDocumentSessions();
        if (startup.recovered)
          useUi.getState().setDialog({
            kind: 'recovered',
            savedAt: startup.recovered.savedAt,
            originalText: startup.recovered.originalText,
          });
      })
      .catch((error: unknown) =>
        useUi.getState().notify('error', `Could not reach the vpclink host: ${errorText(error)}`),
      );

    const onKey = (e: KeyboardEvent) => {
      if (useUi.getState().dialog.kind !== 'none' || documentStore.getState().pendingDelete) return;
      const command = commandForKey(e, isTextField(e.target));
      if (!command) return;
      // Copy/paste inside the diagram also put the JSON on the system clipboard when allowed.
      e.preventDefault();
      runCommand(command.name, { store: documentStore, app: appActions });
    };
    window.addEventListener('keydown', onKey);
    return () => {
      disposed = true;
      unsubscribeDoc();
      stopSync();
      stopApplyEvents();
      stopSessions();
      stopMenu();
      window.removeEventListener('keydown', onKey);
    };
  }, []);

  return (
    <ReactFlowProvider>
      <div className="app">
        <Toolbar />
        <Palette />
        <main className="canvas-area" style={{ display: 'flex' }}>
          {/* The checklist is a column beside the diagram, never over it (fit-to-view sees the narrower area). */}
          <div style={{ position: 'relative', flex: 1, minWidth: 0 }}>
            <Canvas />
          </div>
          <IntentsPanel />
        </main>
        <Inspector />
        <BottomPanel />
        <Dialogs />
        <Notices />
      </div>
    </ReactFlowProvider>
  );
}

function Notices() {
  const notices = useUi((s) => s.notices);
  return (
    <div className="notices" aria-live="polite">
      {notices.map((n) => (
        <div key={n.id} className={`notice notice-${n.level}`} role={n.level === 'error' ? 'alert' : 'status'}>
          <span>{n.text}</span>
          <button className="notice-close" aria-label="Dismiss" onClick={() => useUi.getState().dismiss(n.id)}>
            ✕
          </button>
        </div>
      ))}
    </div>
  );
}
