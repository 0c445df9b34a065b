/**
 * Opening a document without parsing it on the UI thread. The text goes to the simulator worker,
 * which loads it (simulator/document: JSON, header, migration, schema and defaults — ~100 ms on
 * L, which held the first render) and answers with the loaded document as compact JSON; the UI
 * thread only runs JSON.parse on that (~a third of the load). A text that is no document comes
 * back as the loader's own `invalid`/`fatal` result, so the notice names the field as before.
 *
 * The worker keeps its copy of each document it loaded; when the store takes the document, the
 * first message about it names that copy (docDelta.ts `rememberWorkerCopy`) instead of carrying
 * it. Both copies are the loader's output and JSON.parse of its JSON, equal as plain data
 * (test/renderer/documentLoader.test.ts): the worker simulates the document that is drawn.
 *
 * Small and free of the simulator's code: the page's entry (startup.ts) uses it before the app's
 * chunk has loaded. In browser mode the worker even asks the host for the startup itself
 * (`loadStartupInWorker`), so the 7 MB answer of an L document never crosses the UI thread.
 */
import type { OpenedDocument, Startup } from '../../electron/common/hostApi';
import type { LoadResult } from '../../simulator/document/load';
import type { Topology } from '../../simulator/document/schema';
import { rememberWorkerCopy } from './docDelta';
import type { FromWorker, LoadedInWorker, ToWorker } from './protocol';
import { simulatorWorker } from './simWorker';

/** The host's startup answer with its document loaded (the text itself stays where it was parsed). */
export interface LoadedStartup {
  readonly startup: Omit<Startup, 'document'>;
  readonly document: Omit<OpenedDocument, 'text'>;
  readonly result: LoadResult;
}

type Reply = Extract<FromWorker, { type: 'loaded' | 'startup' }>;

let loadCounter = 0;
/** Each request waiting for the worker, and what to do should the worker fail instead (load here). */
const waiting = new Map<number, { readonly reply: (message: Reply) => void; readonly fallback: () => void }>();
let listening: Worker | null = null;
/** The worker reported an error: loads run here from then on (slower, and as correct). */
let workerFailed = false;

function loadHere(text: string): Promise<LoadResult> {
  return import('../../simulator/document/load').then(({ loadDocumentText }) => loadDocumentText(text));
}

function listen(worker: Worker): void {
  if (listening === worker) return;
  listening = worker;
  worker.addEventListener('message', (event: MessageEvent<FromWorker>) => {
    const message = event.data;
    if (message.type !== 'loaded' && message.type !== 'startup') return;
    const entry = waiting.get(message.loadId);
    waiting.delete(message.loadId);
    entry?.reply(message);
  });
  // A worker that failed (its script did not load) never answers: what waits is done here.
  worker.addEventListener('error', () => {
    workerFailed = true;
    for (const [loadId, entry] of waiting) {
      waiting.delete(loadId);
      entry.fallback();
    }
  });
}

function ask(
  worker: Worker,
  message: (loadId: number) => ToWorker,
  reply: (message: Reply, loadId: number) => void,
  fallback: () => void,
): void {
  listen(worker);
  const loadId = ++loadCounter;
  waiting.set(loadId, { reply: (m) => reply(m, loadId), fallback });
  worker.postMessage(message(loadId));
}

function fromWorker(loadId: number, result: LoadedInWorker): LoadResult {
  if (result.kind !== 'ok') return result;
  // The worker's loader accepted this text; its output needs no second check here.
  const document = JSON.parse(result.json) as Topology;
  rememberWorkerCopy(document, loadId);
  return {
    kind: 'ok',
    document,
    ...(result.migratedFrom !== undefined ? { migratedFrom: result.migratedFrom } : {}),
  };
}

/** Parses `text` as a topology document: in the simulator worker, or here where there is none (Node tests). */
export function loadDocument(text: string): Promise<LoadResult> {
  const worker = simulatorWorker();
  if (!worker || workerFailed) return loadHere(text);
  return new Promise<LoadResult>((resolve) =>
    ask(
      worker,
      (loadId) => ({ type: 'load', loadId, text }),
      (message, loadId) => message.type === 'loaded' && resolve(fromWorker(loadId, message.result)),
      () => void loadHere(text).then(resolve),
    ),
  );
}

/**
 * Browser mode: the worker asks the host for the startup with this token and loads its document;
 * `fallback` asks from here should the worker fail. Rejects with the host's error.
 */
export function loadStartupInWorker(
  token: string | null,
  fallback: () => Promise<LoadedStartup>,
): Promise<LoadedStartup> {
  const worker = simulatorWorker();
  if (!worker || workerFailed) return fallback();
  return new Promise<LoadedStartup>((resolve, reject) =>
    ask(
      worker,
      (loadId) => ({ type: 'startup', loadId, token }),
      (message, loadId) => {
        if (message.type !== 'startup') return;
        const { answer } = message;
        if (answer.kind === 'failed') reject(answer.error);
        else resolve({ startup: answer.startup, document: answer.document, result: fromWorker(loadId, answer.result) });
      },
      () => void fallback().then(resolve, reject),
    ),
  );
}
