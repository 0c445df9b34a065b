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
 * Small and free of the simulator's code: the page's entry sends the startup document to the
 * worker with it (startup.ts) as soon as the host answers, before the app's chunk has loaded.
 */
import type { LoadResult } from '../../simulator/document/load';
import type { Topology } from '../../simulator/document/schema';
import { rememberWorkerCopy } from './docDelta';
import type { FromWorker, ToWorker } from './protocol';
import { simulatorWorker } from './simWorker';

type WorkerLoad = Extract<FromWorker, { type: 'loaded' }>['result'];

let loadCounter = 0;
const waiting = new Map<number, { readonly text: string; readonly resolve: (result: LoadResult) => void }>();
let listening: Worker | null = null;

function loadHere(text: string): Promise<LoadResult> {
  return import('../../simulator/document/load').then(({ loadDocumentText }) => loadDocumentText(text));
}

function listen(worker: Worker): void {
  if (listening === worker) return;
  listening = worker;
  worker.addEventListener('message', (event: MessageEvent<FromWorker>) => {
    const message = event.data;
    if (message.type !== 'loaded') return;
    const entry = waiting.get(message.loadId);
    waiting.delete(message.loadId);
    entry?.resolve(fromWorker(message.loadId, message.result));
  });
  // A worker that failed (its script did not load) never answers: what waits is loaded here.
  worker.addEventListener('error', () => {
    for (const [loadId, entry] of waiting) {
      waiting.delete(loadId);
      void loadHere(entry.text).then(entry.resolve);
    }
  });
}

function loadInWorker(worker: Worker, text: string): Promise<LoadResult> {
  listen(worker);
  const loadId = ++loadCounter;
  return new Promise<LoadResult>((resolve) => {
    waiting.set(loadId, { text, resolve });
    worker.postMessage({ type: 'load', loadId, text } satisfies ToWorker);
  });
}

function fromWorker(loadId: number, result: WorkerLoad): LoadResult {
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

let prefetched: { readonly text: string; readonly result: Promise<LoadResult> } | null = null;

/** Parses `text` as a topology document: in the simulator worker, or here where there is none (Node tests). */
export function loadDocument(text: string): Promise<LoadResult> {
  if (prefetched !== null && prefetched.text === text) {
    const { result } = prefetched;
    prefetched = null;
    return result;
  }
  const worker = simulatorWorker();
  return worker ? loadInWorker(worker, text) : loadHere(text);
}

/**
 * Starts loading a text the app is about to open (the startup document, from the entry chunk):
 * the next `loadDocument` of the same text takes this result instead of loading it again.
 */
export function prefetchDocument(text: string): void {
  prefetched = null;
  prefetched = { text, result: loadDocument(text) };
}
