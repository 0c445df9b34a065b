/// <reference lib="webworker" />
/**
 * The simulator, off the UI thread: validation findings and the intents checklist for every
 * document change, ping checks and the matrix on request. (Layout runs in its own worker,
 * layoutWorker.ts, so a long layout never delays a verdict.)
 *
 * Edits arrive as deltas (docDelta.ts), so unchanged parts of the document keep their identity
 * here and the reachability index is brought up to date with the simulator's incremental
 * `update`, not rebuilt. The ping check that comes with a document change is answered first;
 * validation and intents follow a moment later (VALIDATION_DELAY_MS), for the newest version
 * only, so a verdict is never queued behind them and they do not take the CPU the UI thread
 * needs to draw it (validation rebuilds its own index and checks every rule: ~100 ms on L).
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

/**
 * How long validation and intents wait after a document change. The verdict of the change has been
 * posted by then, and the UI thread draws it in about this time; on a 2-core machine validating
 * alongside slowed that drawing. Edits that arrive while waiting (typing) are validated once, as
 * the newest version: no stale version is validated.
 */
const VALIDATION_DELAY_MS = 40;
let validation: ReturnType<typeof setTimeout> | null = null;

function scheduleValidation(): void {
  if (validation !== null) return;
  validation = setTimeout(() => {
    validation = null;
    if (current) validate(current.seq, current.doc);
  }, VALIDATION_DELAY_MS);
}

function validate(seq: number, doc: Topology): void {
  try {
    const findings = validateTopology(doc) as readonly FindingView[];
    post({ type: 'findings', seq, findings });
  } catch (error) {
    post({ type: 'findings', seq, findings: [], error: String(error) });
  }
  try {
    post({ type: 'intents', seq, intents: intentViews(doc) });
  } catch (error) {
    post({ type: 'intents', seq, intents: [], error: String(error) });
  }
}

/** Matrix cells explain themselves: with few instances, the first blocker of each failing pair. */
const MATRIX_REASONS_LIMIT = 40;

function handle(message: ToWorker, received: number): void {
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
      if (message.check) answerCheck(message.check.reqId, message.check.query, received);
      // The first document is validated at once (nothing is on screen yet to be slowed down).
      if (message.delta.kind === 'full') validate(message.seq, doc);
      else scheduleValidation();
      return;
    }
    case 'check':
      answerCheck(message.reqId, message.query, received);
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

/** `received`: when the message that asked arrived (its document applied, the index brought up to date and the check are timed from there). */
function answerCheck(reqId: number, query: FlowQuery, received: number): void {
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
  post({ type: 'check', reqId, seq: current?.seq ?? -1, outcome, computeMs: performance.now() - received });
}

scope.onmessage = (event: MessageEvent<ToWorker>) => {
  const received = performance.now();
  // Reading `data` deserializes the message: part of what an edit costs here, so after `received`.
  handle(event.data, received);
};
