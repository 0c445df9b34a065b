/**
 * File handling through the host: new, open, save, save as (the host writes atomically), recent
 * files, autosave for crash recovery, the unsaved-changes warning, and exports.
 */
import type { ExportFormat } from '../electron/common/hostApi';
import { serializeDocument } from '../simulator/document/serialize';
import { api, errorText } from './api';
import { reportFailuresOnce } from './backgroundFailures';
import { currentLayout } from './canvas/diagramLayout';
import { documentStore, useUi } from './state';
import type { AppActions } from './store/commands';
import { isDirty } from './store/documentStore';
import { exportBaseName, loadOpened, openPath, saveAs, saveTo } from './documentFiles';
import { openApplyAndPlan, reseedSandbox } from './panels/ApplyPanel';

export {
  defaultSaveName,
  discardAutosaveCopy,
  loadOpened,
  openPath,
  openTypedPath,
  resolveChangedOnDisk,
  saveTo,
  saveToTypedPath,
  showLoaded,
} from './documentFiles';

function confirmDiscard(): boolean {
  const state = documentStore.getState();
  if (!isDirty(state)) return true;
  return window.confirm(`"${state.meta.title}" has unsaved changes. Discard them?`);
}

export async function openExample(name: string): Promise<boolean> {
  if (!confirmDiscard()) return false;
  try {
    return await loadOpened(await api.openExample(name));
  } catch (error) {
    useUi.getState().notify('error', `Open example ${name}: ${errorText(error)}`);
    return false;
  }
}

function download(name: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** What each export is: its file extension and media type. */
const EXPORTS: Readonly<Record<ExportFormat, { readonly extension: string; readonly type: string }>> = {
  svg: { extension: 'svg', type: 'image/svg+xml' },
  png: { extension: 'png', type: 'image/png' },
  drawio: { extension: 'drawio', type: 'application/vnd.jgraph.mxfile' },
  terraform: { extension: 'tf', type: 'text/plain' },
};

/**
 * The export's bytes, base64: the diagram as drawn (SVG, PNG), or the document as draw.io or HCL
 * (simulator/export). The exporters load on the first export, not with the page's script.
 */
async function exportData(format: ExportFormat): Promise<string | null> {
  const { doc } = documentStore.getState();
  const layout = currentLayout;
  const { diagramSvg, svgToPngBase64, utf8ToBase64 } = await import('./canvas/exportImage');
  if (format === 'drawio') return utf8ToBase64((await import('../simulator/export/drawio')).exportDrawio(doc));
  if (format === 'terraform') return utf8ToBase64((await import('../simulator/export/terraform')).exportTerraform(doc));
  if (!layout) return null;
  const svg = diagramSvg(doc, layout);
  return format === 'svg' ? utf8ToBase64(svg) : svgToPngBase64(svg);
}

async function exportAs(format: ExportFormat): Promise<void> {
  const { meta } = documentStore.getState();
  const dataBase64 = await exportData(format);
  if (dataBase64 === null) return;
  const name = `${exportBaseName()}.${EXPORTS[format].extension}`;
  const startup = useUi.getState().startup;
  if (startup?.mode === 'electron') {
    try {
      let path: string | undefined;
      if (startup.nativeDialogs) {
        const chosen = await api.chooseFile({ purpose: 'export', format, suggestedName: name });
        if (chosen.kind === 'cancelled') return;
        path = chosen.path;
      }
      const written = await api.exportFile({ format, dataBase64, path, documentPath: meta.path, suggestedName: name });
      useUi.getState().notify('info', `Exported ${written.path}`);
      return;
    } catch (error) {
      useUi.getState().notify('error', `Export: ${errorText(error)}`);
      return;
    }
  }
  // Browser mode: the browser's own download.
  const bytes = Uint8Array.from(atob(dataBase64), (c) => c.charCodeAt(0));
  download(name, new Blob([bytes], { type: EXPORTS[format].type }));
  useUi.getState().notify('info', `Exported ${name}`);
}

export const appActions: AppActions = {
  newDocument() {
    if (!confirmDiscard()) return;
    api
      .newDocument()
      .then((opened) => loadOpened(opened))
      .catch((error: unknown) => useUi.getState().notify('error', `New: ${errorText(error)}`));
  },
  open() {
    const startup = useUi.getState().startup;
    if (startup?.nativeDialogs) {
      if (!confirmDiscard()) return;
      api
        .chooseFile({ purpose: 'open' })
        .then((chosen) => (chosen.kind === 'chosen' ? openPath(chosen.path) : false))
        .catch((error: unknown) => useUi.getState().notify('error', `Open: ${errorText(error)}`));
      return;
    }
    useUi.getState().setDialog({ kind: 'open' });
  },
  save() {
    const { meta } = documentStore.getState();
    if (meta.path && meta.origin === 'file') void saveTo(meta.path);
    else appActions.saveAs();
  },
  saveAs,
  exportSvg: () => void exportAs('svg'),
  exportPng: () => void exportAs('png'),
  exportDrawio: () => void exportAs('drawio'),
  exportTerraform: () => void exportAs('terraform'),
  fitView: () => useUi.getState().requestFit(),
  zoomIn: () => window.dispatchEvent(new CustomEvent('vpclink:zoom', { detail: 1 })),
  zoomOut: () => window.dispatchEvent(new CustomEvent('vpclink:zoom', { detail: -1 })),
  importAccounts: () => useUi.getState().setDialog({ kind: 'import' }),
  reseedSandbox: () => void reseedSandbox(),
  planApply: () => void openApplyAndPlan(),
  migrateToPeering: (routerInterfaceId) => useUi.getState().setDialog({ kind: 'migrate', routerInterfaceId }),
};

/**
 * Keeps the host informed (window title, close warning) and autosaves a dirty document a moment
 * after the last change, so a crash loses at most that moment.
 */
export function startDocumentSync(): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let lastState = '';
  const notify = (text: string) => useUi.getState().notify('error', text);
  const reportState = reportFailuresOnce(
    'Telling the host about this document',
    'Closing the window may not ask to save: save first.',
    notify,
    errorText,
  );
  const autosave = reportFailuresOnce(
    'Autosave',
    'Until it works again, a crash loses the changes since the last save.',
    notify,
    errorText,
  );
  const whenIdle = (f: () => void) =>
    typeof requestIdleCallback === 'function' ? requestIdleCallback(f, { timeout: 100 }) : setTimeout(f, 0);
  const unsubscribe = documentStore.subscribe((state, previous) => {
    const dirty = isDirty(state);
    const key = `${state.meta.path}|${state.meta.title}|${dirty}`;
    if (key !== lastState) {
      lastState = key;
      document.title = `${dirty ? '● ' : ''}${state.meta.title} — vpclink`;
      // When the UI thread is idle: the request (milliseconds) otherwise delayed the verdict of every
      // edit that makes the document dirty or clean again; the host needs it by the window's close.
      const report = { path: state.meta.path, title: state.meta.title, dirty };
      whenIdle(() => reportState(api.setDocumentState(report)));
    }
    if (state.doc !== previous.doc && dirty) {
      clearTimeout(timer);
      timer = setTimeout(() => {
        const now = documentStore.getState();
        if (!isDirty(now)) return;
        autosave(api.autosave(now.meta.path, serializeDocument(now.doc)));
      }, 1500);
    }
  });
  const beforeUnload = (event: BeforeUnloadEvent) => {
    // Electron asks through its own dialog (setDocumentState above); the browser needs this.
    if (useUi.getState().startup?.mode === 'electron' || !isDirty(documentStore.getState())) return;
    event.preventDefault();
    event.returnValue = '';
  };
  window.addEventListener('beforeunload', beforeUnload);
  return () => {
    unsubscribe();
    clearTimeout(timer);
    window.removeEventListener('beforeunload', beforeUnload);
  };
}
