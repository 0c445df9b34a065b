/// <reference lib="webworker" />
/** elk layouts off the UI thread (renderer/canvas/layout.ts builds the graph). */
import ELK from 'elkjs/lib/elk.bundled.js';
import type { FromWorker, ToWorker } from './protocol';

// elk.bundled runs its layout in-process here (a "fake worker"); importing it also installs its
// own `self.onmessage`, which is replaced below so only our protocol is spoken.
const elk = new ELK();
const scope = self as unknown as DedicatedWorkerGlobalScope;

scope.onmessage = (event: MessageEvent<ToWorker>) => {
  const message = event.data;
  if (message.type !== 'layout') return;
  elk
    .layout(message.graph)
    .then((graph) => scope.postMessage({ type: 'layout', reqId: message.reqId, graph } satisfies FromWorker))
    .catch((error: unknown) =>
      scope.postMessage({
        type: 'layout',
        reqId: message.reqId,
        graph: null,
        error: String(error),
      } satisfies FromWorker),
    );
};
