/**
 * The host API handlers, transport-neutral: the web host (server.ts) and the Electron main
 * process (electron/main/ipc.ts) both dispatch to the object made here. Arguments arrive already
 * validated (schemas.ts); failures are thrown as HostFailure (errors.ts).
 *
 * The few things only a window can do (native dialogs, closing the window, the window title)
 * come in as `window` hooks; the web host has none, and those methods answer NOT_AVAILABLE.
 */
import { join } from 'node:path';
import type { ChooseFileRequest, ChooseFileResult, DocumentState, HostApi, Startup } from '../common/hostApi';
import type { CloudHost } from './cloudHost';
import { createDocumentStore, type DocumentStore } from './documents';
import { fail } from './errors';
import type { EventHub } from './events';

/** The example a newcomer sees first (issue "The desktop app": sketch → check → apply with no account). */
export const STARTUP_EXAMPLE = 'cross-account';

export interface WindowHooks {
  chooseFile(request: ChooseFileRequest): Promise<ChooseFileResult>;
  closeWindow(): Promise<void>;
  /** Called after the host has recorded the state (title, dirty flag for the close warning). */
  documentStateChanged(state: DocumentState): void;
}

export interface HostHandlersOptions {
  readonly mode: 'electron' | 'browser';
  /** The repository / app root: `examples/` lives here. */
  readonly rootDir: string;
  readonly cwd: string;
  readonly configDir: string;
  /** The file given on the command line; absent = the cross-account example. */
  readonly documentPath?: string;
  readonly events: EventHub;
  readonly cloud: CloudHost;
  readonly window?: WindowHooks;
  readonly version?: string;
  readonly now?: () => Date;
}

export interface HostHandlers {
  readonly api: HostApi;
  readonly documents: DocumentStore;
  /** The last state the renderer reported (Electron's close warning reads `dirty`). */
  documentState(): DocumentState | null;
}

export function createHostHandlers(options: HostHandlersOptions): HostHandlers {
  const documents = createDocumentStore({
    configDir: options.configDir,
    examplesDir: join(options.rootDir, 'examples'),
    cwd: options.cwd,
    now: options.now,
    // The file on the command line is the user's pick.
    picked: options.documentPath ? [options.documentPath] : [],
  });
  // Temp files of a save that crashed (kill -9, power loss) are removed on the next start.
  const cleaned = documents.cleanLeftoverTempFiles().catch(() => []);
  // The startup document is read and checked while the page loads (first render of an L estate).
  if (options.documentPath) void documents.prepareOpen(options.documentPath);
  let state: DocumentState | null = null;
  const { cloud, events } = options;

  const api: HostApi = {
    async getStartup(): Promise<Startup> {
      await cleaned;
      const document = options.documentPath
        ? await documents.openFile(options.documentPath)
        : await documents.openExample(STARTUP_EXAMPLE);
      const recovery = await documents.findRecovery(document.path, document.text);
      return {
        document: recovery ? { ...document, text: recovery.text } : document,
        recovered: recovery ? recovery.info : null,
        defaultTargetId: cloud.defaultTargetId(),
        mode: options.mode,
        nativeDialogs: options.window !== undefined,
        platform: process.platform,
        version: options.version ?? '0.1.0',
      };
    },
    newDocument: async () => documents.newDocument(),
    listExamples: () => documents.listExamples(),
    openExample: (name) => documents.openExample(name),
    openFile: (path) => documents.openFile(path),
    saveFile: (path, text, saveOptions) => documents.saveFile(path, text, saveOptions),
    listRecentFiles: () => documents.listRecentFiles(),
    async chooseFile(request) {
      if (!options.window) {
        // Browser mode: the app's own dialog sends the typed path (documents.pickTypedPath).
        if (request.purpose === 'export' || request.path === undefined)
          fail('NOT_AVAILABLE', 'there are no native file dialogs in the browser mode: type a path instead');
        return { kind: 'chosen', path: await documents.pickTypedPath(request.purpose, request.path) };
      }
      const chosen = await options.window.chooseFile(request);
      // What the user picked in the native dialog may now be opened, saved or exported to.
      return chosen.kind === 'chosen' ? { kind: 'chosen', path: documents.grant(chosen.path) } : chosen;
    },
    async autosave(path, text) {
      const result = await documents.autosave(path, text);
      events.emit({
        kind: 'autosave.saved',
        path: path === null ? null : documents.absolute(path),
        savedAt: result.savedAt,
      });
      return result;
    },
    discardAutosave: (path) => documents.discardAutosave(path),
    exportFile: (request) => documents.exportFile(request),
    async setDocumentState(next) {
      state = next;
      options.window?.documentStateChanged(next);
    },
    async closeWindow() {
      if (!options.window) fail('NOT_AVAILABLE', 'the browser mode cannot close its tab: close it in the browser');
      await options.window.closeWindow();
    },

    listTargets: () => cloud.listTargets(),
    getAccountCredentials: (targetId, text) => cloud.getAccountCredentials(targetId, text),
    setAccountCredentialSource: (accountId, source) => cloud.setAccountCredentialSource(accountId, source),
    getCredentialOptions: () => cloud.getCredentialOptions(),
    storeAccessKey: (request) => cloud.storeAccessKey(request),
    checkIdentity: (targetId, accountId) => cloud.checkIdentity(targetId, accountId),
    plan: (targetId, text, operation) => cloud.plan(targetId, text, operation),
    startApply: (targetId, text, runOptions) => cloud.startApply(targetId, text, runOptions),
    cancelRun: (runId) => cloud.cancelRun(runId),
    resumeRun: (runId) => cloud.resumeRun(runId),
    getRun: (runId) => cloud.getRun(runId),
    importAccounts: (request) => cloud.importAccounts(request),
    reseedSandbox: (text) => cloud.reseedSandbox(text),
    drift: (targetId, text) => cloud.drift(targetId, text),
  };

  return { api, documents, documentState: () => state };
}
