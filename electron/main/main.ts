/**
 * The Electron main process: one window, the menu, the IPC registration. Thin on purpose — the
 * host logic lives in electron/web (tested without Electron). Bundled to dist/electron/main.cjs
 * by `vpclink app`; started with VPCLINK_ROOT (the app root: examples/, dist/renderer) and
 * optionally VPCLINK_DOCUMENT (the file to open) in the environment.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { app, BrowserWindow, dialog, Menu, protocol, safeStorage, session, type WebContents } from 'electron';
import type { ChooseFileRequest, ChooseFileResult, DocumentState, MenuCommand } from '../common/hostApi';
import { IPC_EVENT_CHANNEL } from '../common/protocol';
import { defaultCloudWiring } from '../web/cloudEngines';
import { EXPORT_FILE_TYPES } from '../web/documentExport';
import { defaultConfigDir } from '../web/documents';
import { createSafeStorageVault } from '../web/secretVault';
import { createHostRuntime, type HostRuntime } from '../web/runtime';
import { APP_HOST, APP_SCHEME, APP_START_URL, appAssetHeaders, isAppUrl, resolveAppAsset } from './appProtocol';
import { CLOSE_BUTTONS, closeAction, discardAutosaveThenClose } from './closeGuard';
import { registerIpc } from './ipc';
import { buildMenuTemplate } from './menu';

const rootDir = process.env.VPCLINK_ROOT ?? join(__dirname, '..', '..');
const uiDir = join(rootDir, 'dist', 'renderer');
const documentPath = process.env.VPCLINK_DOCUMENT || undefined;
const cwd = process.env.VPCLINK_CWD ?? process.cwd();

// Before `ready`: our scheme behaves like https (standard origin, secure context, fetch, workers).
protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true } },
]);

let window: BrowserWindow | null = null;
let runtime: HostRuntime | null = null;
let documentState: DocumentState | null = null;
let allowClose = false;

/** Any web contents: no navigation away, no new windows, no <webview>, no permissions. */
function lockDown(contents: WebContents): void {
  contents.on('will-navigate', (event, url) => {
    if (url !== contents.getURL()) event.preventDefault();
  });
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

function sendCommand(command: MenuCommand, path?: string): void {
  runtime?.events.emit({ kind: 'menu.command', command, ...(path ? { path } : {}) });
}

async function refreshMenu(): Promise<void> {
  const recentFiles = runtime ? await runtime.handlers.documents.listRecentFiles() : [];
  Menu.setApplicationMenu(
    Menu.buildFromTemplate(
      buildMenuTemplate({ platform: process.platform, recentFiles, send: sendCommand, quit: () => window?.close() }),
    ),
  );
}

async function chooseFile(request: ChooseFileRequest): Promise<ChooseFileResult> {
  if (!window) return { kind: 'cancelled' };
  if (request.purpose === 'open') {
    const result = await dialog.showOpenDialog(window, {
      properties: ['openFile'],
      filters: [{ name: 'vpclink topology', extensions: ['json'] }],
    });
    return result.canceled || !result.filePaths[0]
      ? { kind: 'cancelled' }
      : { kind: 'chosen', path: result.filePaths[0] };
  }
  const filters =
    request.purpose === 'save'
      ? [{ name: 'vpclink topology', extensions: ['json'] }]
      : [{ name: EXPORT_FILE_TYPES[request.format].name, extensions: [EXPORT_FILE_TYPES[request.format].extension] }];
  const result = await dialog.showSaveDialog(window, { defaultPath: request.suggestedName, filters });
  return result.canceled || !result.filePath ? { kind: 'cancelled' } : { kind: 'chosen', path: result.filePath };
}

async function createWindow(): Promise<void> {
  const win = new BrowserWindow({
    width: 1400,
    height: 900,
    title: 'vpclink',
    show: false,
    webPreferences: {
      preload: join(__dirname, 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
    },
  });
  window = win;
  win.once('ready-to-show', () => win.show());
  win.on('close', (event) => {
    if (allowClose) return;
    const dirty = documentState?.dirty ?? false;
    if (!dirty) return;
    event.preventDefault();
    const choice = dialog.showMessageBoxSync(win, {
      type: 'warning',
      buttons: [...CLOSE_BUTTONS],
      defaultId: 0,
      cancelId: 2,
      message: `Save the changes to ${documentState?.title ?? 'the document'} before closing?`,
      detail: 'Your changes are lost if you close without saving.',
    });
    const action = closeAction(dirty, choice);
    if (action.kind === 'save-then-close') sendCommand('file.saveThenClose');
    else if (action.kind === 'close') {
      allowClose = true;
      if (!action.discardAutosave) win.close();
      else {
        const path = documentState?.path ?? null;
        void discardAutosaveThenClose(
          async () => runtime?.handlers.documents.discardAutosave(path),
          () => win.close(),
          (title, text) => dialog.showErrorBox(title, text),
        );
      }
    }
  });
  win.on('closed', () => {
    window = null;
  });
  await win.loadURL(APP_START_URL);
}

async function start(): Promise<void> {
  await app.whenReady();
  // The app needs no web permission (camera, notifications, geolocation …): refuse them all.
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
  protocol.handle(APP_SCHEME, async (request) => {
    const file = resolveAppAsset(uiDir, request.url);
    if (!file || new URL(request.url).host !== APP_HOST) return new Response('not found', { status: 404 });
    try {
      return new Response(await readFile(file), { headers: appAssetHeaders(file) });
    } catch {
      // The packaged UI is read-only and complete: a file it cannot read is one the page asked for
      // by a wrong name, which is what a 404 says (the page shows it in its console).
      return new Response('not found', { status: 404 });
    }
  });
  app.on('web-contents-created', (_event, contents) => lockDown(contents));

  // AccessKeys typed into the desktop app may be kept in the OS keychain (Electron safeStorage).
  const wiring = defaultCloudWiring(process.env, {
    vault: createSafeStorageVault(safeStorage, join(defaultConfigDir(), 'keychain')),
  });
  runtime = await createHostRuntime({
    mode: 'electron',
    rootDir,
    cwd,
    documentPath,
    sandbox: process.env.VPCLINK_NO_SANDBOX !== '1',
    startSandbox: wiring.startSandbox,
    engines: wiring.engines,
    version: app.getVersion(),
    window: {
      chooseFile,
      async closeWindow() {
        window?.close();
      },
      documentStateChanged(state) {
        documentState = state;
        window?.setTitle(`${state.dirty ? '• ' : ''}${state.title} — vpclink`);
        window?.setDocumentEdited(state.dirty);
        void refreshMenu();
      },
    },
  });
  runtime.events.subscribe((event) => {
    if (window && !window.isDestroyed() && isAppUrl(window.webContents.getURL()))
      window.webContents.send(IPC_EVENT_CHANNEL, event);
  });
  registerIpc({
    api: runtime.handlers.api,
    trustedWebContentsIds: () => new Set(window ? [window.webContents.id] : []),
  });
  await refreshMenu();
  await createWindow();
  app.on('window-all-closed', () => app.quit());
  app.on('before-quit', () => void runtime?.close());
}

start().catch((error: unknown) => {
  dialog.showErrorBox(
    'vpclink could not start',
    error instanceof Error ? (error.stack ?? error.message) : String(error),
  );
  app.exit(1);
});
