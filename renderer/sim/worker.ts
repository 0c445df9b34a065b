/// <reference lib="webworker" />
/**
 * The simulator worker's entry: small, so that it runs as soon as the worker starts. In browser
 * mode it asks the host for the startup (the document, 7 MB on L) at once, and the answer travels
 * while the simulator's own chunk (workerMain.ts, ~360 KB) is fetched, compiled and run: with the
 * simulator in the entry, the request waited for all of it (~200 ms of a first render in a trace on
 * a loaded 2-core machine, the UI thread idle waiting for the document). Messages that arrive
 * meanwhile wait for the simulator, in order, with the times they arrived.
 */
import type { Startup } from '../../electron/common/hostApi';
import { callOverHttp } from '../api';
import type { ToWorker } from './protocol';

/** A message that arrived before the simulator was loaded, and when (ms, the worker's clock). */
export interface Arrived {
  readonly message: ToWorker;
  readonly received: number;
  readonly read: number;
}

/** The startup answers asked for by this entry, by load (workerMain.ts takes each once). */
export type EarlyStartups = Map<number, Promise<Startup>>;

const scope = self as unknown as DedicatedWorkerGlobalScope;
const arrived: Arrived[] = [];
const startups: EarlyStartups = new Map();

scope.onmessage = (event: MessageEvent<ToWorker>) => {
  const received = performance.now();
  const message = event.data;
  const read = performance.now();
  if (message.type === 'startup') {
    const answer = callOverHttp('getStartup', [], message.token);
    // Its failure is reported by workerMain.ts when it takes the answer.
    answer.catch(() => {});
    startups.set(message.loadId, answer);
  }
  arrived.push({ message, received, read });
};

import('./workerMain').then(
  ({ startSimulator }) => startSimulator(arrived, startups),
  (error: unknown) => {
    // Thrown from a task, it reaches the page as the worker's `error` event: what waits for the
    // worker is then done on the UI thread (documentLoader.ts).
    setTimeout(() => {
      throw error;
    });
  },
);
