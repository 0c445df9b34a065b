/**
 * The startup request, sent by the entry (main.tsx) before the app's own code has loaded: the host
 * answers (it read and checked the document while the page loaded) while the app's chunk downloads,
 * compiles and draws its shell, instead of after. Its document goes straight to the simulator
 * worker, started here too, to be parsed there (sim/documentLoader.ts) while the shell is drawn.
 * The app takes that answer once; a later mount (React's development remount) asks again, as it
 * always did.
 */
import type { Startup } from '../electron/common/hostApi';
import { api } from './api';
import { prefetchDocument } from './sim/documentLoader';
import { simulatorWorker } from './sim/simWorker';

let early: Promise<Startup> | null = null;

/** Sends the startup request now (main.tsx, before the app chunk is imported). */
export function requestStartupEarly(): void {
  // Compiles while the request and the app's chunk are on their way.
  simulatorWorker();
  early ??= api.getStartup().then((startup) => {
    prefetchDocument(startup.document.text);
    return startup;
  });
  // Handled by the app once it takes it; this only keeps a failure from being reported as unhandled
  // before the app's chunk has loaded.
  early.catch(() => {});
}

/** The early answer the first time, a new request afterwards. */
export function takeStartup(): Promise<Startup> {
  const taken = early ?? api.getStartup();
  early = null;
  return taken;
}
