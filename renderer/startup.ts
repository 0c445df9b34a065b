/**
 * The startup request, sent by the entry (main.tsx) before the app's own code has loaded: the host
 * answers (it read and checked the document while the page loaded) while the app's chunk downloads,
 * compiles and draws its shell, instead of after. The simulator worker, started here too, parses
 * the document (sim/documentLoader.ts) while the shell is drawn; in browser mode it even asks the
 * host itself, so the answer (7 MB of text on L) is received and parsed off the UI thread. The app
 * takes that answer once; a later mount (React's development remount) asks again, as it always did.
 */
import { api, browserModeToken } from './api';
import { loadDocument, loadStartupInWorker, type LoadedStartup } from './sim/documentLoader';
import { simulatorWorker } from './sim/simWorker';

let early: Promise<LoadedStartup> | null = null;

/** The startup asked from this thread (Electron's preload bridge is here only), its document loaded in the worker. */
async function askHere(): Promise<LoadedStartup> {
  const {
    document: { text, ...document },
    ...startup
  } = await api.getStartup();
  return { startup, document, result: await loadDocument(text) };
}

/** Sends the startup request now (main.tsx, before the app chunk is imported). */
export function requestStartupEarly(): void {
  // Compiles while the request and the app's chunk are on their way.
  simulatorWorker();
  const browserMode = browserModeToken();
  early ??= browserMode ? loadStartupInWorker(browserMode.token, askHere) : askHere();
  // Handled by the app once it takes it; this only keeps a failure from being reported as unhandled
  // before the app's chunk has loaded.
  early.catch(() => {});
}

/** The early answer the first time, a new request afterwards. */
export function takeStartup(): Promise<LoadedStartup> {
  const taken = early ?? askHere();
  early = null;
  return taken;
}
