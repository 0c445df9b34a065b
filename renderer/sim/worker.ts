/// <reference lib="webworker" />
/**
 * The simulator, off the UI thread: validation findings and the intents checklist for every
 * document change, ping checks
 * and the matrix on request. (Layout runs in its own worker, layoutWorker.ts, so a long layout
 * never delays a verdict.)
 */
import type { Topology } from '../../simulator/document/schema';
import { createReachability } from '../../simulator/reach';
import { validateTopology } from '../../simulator/validate';
import { intentViews } from './intentViews';
import type { FromWorker, ToWorker } from './protocol';
import type { CheckOutcome, FindingView, MatrixView } from './types';

const scope = self as unknown as DedicatedWorkerGlobalScope;

let current: { seq: number; doc: Topology } | null = null;
let reach: ReturnType<typeof createReachability> | null = null;

function reachability(): ReturnType<typeof createReachability> | null {
  if (!current) return null;
  if (!reach) reach = createReachability(current.doc);
  return reach;
}

function post(message: FromWorker): void {
  scope.postMessage(message);
}

/** Matrix cells explain themselves: with few instances, the first blocker of each failing pair. */
const MATRIX_REASONS_LIMIT = 40;

function handle(message: ToWorker): void {
  switch (message.type) {
    case 'document': {
      current = { seq: message.seq, doc: message.doc };
      reach = null;
      try {
        const findings = validateTopology(message.doc) as readonly FindingView[];
        post({ type: 'findings', seq: message.seq, findings });
      } catch (error) {
        post({ type: 'findings', seq: message.seq, findings: [], error: String(error) });
      }
      try {
        post({ type: 'intents', seq: message.seq, intents: intentViews(message.doc) });
      } catch (error) {
        post({ type: 'intents', seq: message.seq, intents: [], error: String(error) });
      }
      return;
    }
    case 'check': {
      let outcome: CheckOutcome;
      try {
        const r = reachability();
        if (!r) outcome = { kind: 'unavailable', message: 'no document yet' };
        else {
          const result = r.check(message.query);
          outcome =
            'kind' in result
              ? { kind: 'input-error', message: result.message, field: result.field }
              : { kind: 'result', ...result };
        }
      } catch (error) {
        outcome = { kind: 'unavailable', message: `the simulator failed: ${String(error)}` };
      }
      post({ type: 'check', reqId: message.reqId, seq: current?.seq ?? -1, outcome });
      return;
    }
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

scope.onmessage = (event: MessageEvent<ToWorker>) => handle(event.data);
