/// <reference lib="webworker" />
/**
 * The simulator, off the UI thread: validation findings and the intents checklist for every
 * document change, ping checks and the matrix on request. (Layout runs in its own worker,
 * layoutWorker.ts, so a long layout never delays a verdict.)
 *
 * Edits arrive as deltas (docDelta.ts), so unchanged parts of the document keep their identity
 * here and the reachability index is brought up to date with the simulator's incremental
 * `update`, not rebuilt. The ping check that comes with a document change is answered first;
 * validation and intents follow, so a verdict is never queued behind them.
 */
import type { Topology } from '../../simulator/document/schema';
import { createReachability } from '../../simulator/reach';
import { validateTopology } from '../../simulator/validate';
import { applyDocDelta } from './docDelta';
import { intentViews } from './intentViews';
import type { FromWorker, ToWorker } from './protocol';
import type { CheckOutcome, FindingView, FlowQuery, MatrixView } from './types';

const scope = self as unknown as DedicatedWorkerGlobalScope;

type Reach = ReturnType<typeof createReachability>;

let current: { seq: number; doc: Topology } | null = null;
/** The index and the document version it answers for; brought up to date lazily, on the next question. */
let reach: { doc: Topology; index: Reach } | null = null;

function reachability(): Reach | null {
  if (!current) return null;
  if (!reach) reach = { doc: current.doc, index: createReachability(current.doc) };
  else if (reach.doc !== current.doc) reach = { doc: current.doc, index: reach.index.update(current.doc) };
  return reach.index;
}

function post(message: FromWorker): void {
  scope.postMessage(message);
}

/** Matrix cells explain themselves: with few instances, the first blocker of each failing pair. */
const MATRIX_REASONS_LIMIT = 40;

function handle(message: ToWorker): void {
  switch (message.type) {
    case 'document': {
      let doc: Topology;
      try {
        doc = applyDocDelta(current?.doc ?? null, message.delta);
      } catch (error) {
        // A bug (a delta without its base): say so in every answer rather than simulate a wrong document.
        post({ type: 'findings', seq: message.seq, findings: [], error: String(error) });
        return;
      }
      current = { seq: message.seq, doc };
      if (message.check) answerCheck(message.check.reqId, message.check.query);
      try {
        const findings = validateTopology(doc) as readonly FindingView[];
        post({ type: 'findings', seq: message.seq, findings });
      } catch (error) {
        post({ type: 'findings', seq: message.seq, findings: [], error: String(error) });
      }
      try {
        post({ type: 'intents', seq: message.seq, intents: intentViews(doc) });
      } catch (error) {
        post({ type: 'intents', seq: message.seq, intents: [], error: String(error) });
      }
      return;
    }
    case 'check':
      answerCheck(message.reqId, message.query);
      return;
    case 'matrix': {
      try {
        const r = reachability();
        if (!r) {
          post({ type: 'matrix', reqId: message.reqId, seq: -1, matrix: null, error: 'no document yet' });
          return;
        }
        const m = r.matrix({ protocol: message.protocol, port: message.port });
        const explain = m.instances.length <= MATRIX_REASONS_LIMIT;
        const reasons = m.reachable.map((row, i) =>
          row.map((ok, j) => {
            if (ok || !explain) return null;
            const result = r.check({
              from: m.instances[i],
              to: m.instances[j],
              protocol: message.protocol,
              port: message.port,
            });
            if ('kind' in result) return result.message;
            return (
              result.blockers.map((b) => `${b.direction === 'return' ? 'reply: ' : ''}${b.message}`).join('\n') ||
              'not reachable'
            );
          }),
        );
        const matrix: MatrixView = {
          protocol: m.protocol,
          port: m.port,
          instances: m.instances,
          reachable: m.reachable,
          reasons,
        };
        post({ type: 'matrix', reqId: message.reqId, seq: current?.seq ?? -1, matrix });
      } catch (error) {
        post({ type: 'matrix', reqId: message.reqId, seq: current?.seq ?? -1, matrix: null, error: String(error) });
      }
      return;
    }
    case 'layout':
      post({ type: 'layout', reqId: message.reqId, graph: null, error: 'layout runs in layoutWorker.ts' });
      return;
  }
}

function answerCheck(reqId: number, query: FlowQuery): void {
  let outcome: CheckOutcome;
  try {
    const r = reachability();
    if (!r) outcome = { kind: 'unavailable', message: 'no document yet' };
    else {
      const result = r.check(query);
      outcome =
        'kind' in result
          ? { kind: 'input-error', message: result.message, field: result.field }
          : { kind: 'result', ...result };
    }
  } catch (error) {
    outcome = { kind: 'unavailable', message: `the simulator failed: ${String(error)}` };
  }
  post({ type: 'check', reqId, seq: current?.seq ?? -1, outcome });
}

scope.onmessage = (event: MessageEvent<ToWorker>) => handle(event.data);
