/// <reference lib="webworker" />
/**
 * The simulator, off the UI thread (loaded by the worker's small entry, worker.ts): loading the text of a document being opened
 * (documentLoader.ts), validation findings and the intents checklist for every document
 * change, ping checks and the matrix on request. (Layout runs in its own worker,
 * layoutWorker.ts, so a long layout never delays a verdict.)
 *
 * Edits arrive as deltas (docDelta.ts), so unchanged parts of the document keep their identity
 * here and the reachability index is brought up to date with the simulator's incremental
 * `update`, not rebuilt. The ping check that comes with a document change is answered first;
 * validation and intents follow once the UI thread has drawn that verdict (`drawn`), for the
 * newest version only, so a verdict is never queued behind them and they do not take the CPU the
 * UI thread needs to draw it (validation rebuilds its own index and checks every rule: ~100 ms on L).
 */
import type { HostError, Startup } from '../../electron/common/hostApi';
import { loadDocumentText } from '../../simulator/document/load';
import type { Topology } from '../../simulator/document/schema';
import { createReachability } from '../../simulator/reach';
import { validateTopology } from '../../simulator/validate';
import { applyDocDelta } from './docDelta';
import { intentViews } from './intentViews';
import { callOverHttp, errorText, isHostError } from '../api';
import type { FromWorker, LoadedInWorker, ToWorker, VerdictTiming } from './protocol';
import type { CheckOutcome, FindingView, FlowQuery, MatrixView } from './types';
import type { Arrived, EarlyStartups } from './worker';

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
 * Validation and intents wait after a document change until the UI thread has drawn the change's
 * verdict (it says so: `drawn`), so that they never take a core from that frame: on a 2-core
 * machine, validating alongside it slowed it (validation is ~25–100 ms of CPU on L). Without a
 * verdict to wait for (no complete ping query), or should `drawn` not come, they start after a
 * delay. Edits that arrive meanwhile (typing) are validated once, as the newest version: no stale
 * version is validated.
 */
const VALIDATION_DELAY_MS = 40;
/** The longest validation waits for `drawn` (a verdict's frame on a loaded machine takes ~100 ms). */
const VALIDATION_WAITS_FOR_DRAWN_MS = 300;
let validation: { readonly seq: number; readonly timer: ReturnType<typeof setTimeout> } | null = null;

function scheduleValidation(seq: number, afterVerdictDrawn: boolean): void {
  if (validation !== null) clearTimeout(validation.timer);
  const timer = setTimeout(validateNow, afterVerdictDrawn ? VALIDATION_WAITS_FOR_DRAWN_MS : VALIDATION_DELAY_MS);
  validation = { seq, timer };
}

/** The version `seq`'s verdict is on screen: validation waiting for it starts now. */
function verdictDrawn(seq: number): void {
  if (validation?.seq === seq) validateNow();
}

function validateNow(): void {
  if (validation !== null) clearTimeout(validation.timer);
  validation = null;
  if (current) validate(current.seq, current.doc);
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

/**
 * The documents this worker loaded for the UI thread (documentLoader.ts), by load: the UI's first
 * message about one names it instead of carrying it. Only the latest few are kept (a load whose
 * document the UI did not take is dropped with them).
 */
const loadedCopies = new Map<number, Topology>();
const LOADED_COPIES_KEPT = 4;

function load(loadId: number, text: string): LoadedInWorker {
  const result = loadDocumentText(text);
  if (result.kind !== 'ok') return result;
  loadedCopies.set(loadId, result.document);
  for (const id of loadedCopies.keys()) if (loadedCopies.size > LOADED_COPIES_KEPT) loadedCopies.delete(id);
  // Compact JSON: the UI thread parses this instead of loading the text (no whitespace to scan).
  const json = JSON.stringify(result.document);
  return { kind: 'ok', json, ...(result.migratedFrom !== undefined ? { migratedFrom: result.migratedFrom } : {}) };
}

/**
 * Browser mode's startup, asked from here (by the entry, worker.ts, as soon as the worker ran): the
 * host's answer (the document's text, 7 MB on L) is received, decoded and parsed on this thread,
 * which held the UI thread ~100 ms when it asked.
 */
async function startup(loadId: number, token: string | null): Promise<void> {
  const early = earlyStartups.get(loadId);
  earlyStartups.delete(loadId);
  let answer: Startup;
  try {
    answer = await (early ?? callOverHttp('getStartup', [], token));
  } catch (error) {
    const failure: HostError = isHostError(error) ? error : { code: 'INTERNAL', message: errorText(error) };
    post({ type: 'startup', loadId, answer: { kind: 'failed', error: failure } });
    return;
  }
  const {
    document: { text, ...document },
    ...rest
  } = answer;
  post({ type: 'startup', loadId, answer: { kind: 'ok', startup: rest, document, result: load(loadId, text) } });
}

function takeLoadedCopy(loadId: number): Topology | undefined {
  const copy = loadedCopies.get(loadId);
  loadedCopies.delete(loadId);
  return copy;
}

/** Matrix cells explain themselves: with few instances, the first blocker of each failing pair. */
const MATRIX_REASONS_LIMIT = 40;

/**
 * When the message being handled arrived, and when each step of its answer ended (ms, the worker's
 * clock): the verdict carries the split (protocol.ts `VerdictTiming`), which `npm run bench` reports.
 */
interface Clock {
  readonly received: number;
  /** `event.data` read: the message deserialized. */
  readonly read: number;
  /** The document delta applied (a check without a document change: `read`). */
  applied: number;
}

function handle(message: ToWorker, clock: Clock): void {
  switch (message.type) {
    case 'load':
      post({ type: 'loaded', loadId: message.loadId, result: load(message.loadId, message.text) });
      return;
    case 'startup':
      void startup(message.loadId, message.token);
      return;
    case 'document': {
      let doc: Topology;
      try {
        doc = applyDocDelta(current?.doc ?? null, message.delta, takeLoadedCopy);
      } catch (error) {
        // A bug (a delta without its base): say so in every answer rather than simulate a wrong
        // document. The previous one is dropped too: a check answered from it would carry its
        // verdict over to a document it does not describe.
        current = null;
        reach = null;
        post({ type: 'findings', seq: message.seq, findings: [], error: String(error) });
        return;
      }
      current = { seq: message.seq, doc };
      clock.applied = performance.now();
      if (message.check) answerCheck(message.check.reqId, message.check.query, clock);
      // The first document is validated at once (nothing is on screen yet to be slowed down).
      if (message.delta.kind === 'full') validate(message.seq, doc);
      // A document just opened waits too: its first render is still being drawn, and its first
      // verdict (the query suggested for it) follows.
      else scheduleValidation(message.seq, message.check !== undefined || message.delta.kind === 'loaded');
      return;
    }
    case 'check':
      answerCheck(message.reqId, message.query, clock);
      return;
    case 'drawn':
      verdictDrawn(message.seq);
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

/** `clock`: when the message that asked arrived (its document applied, the index brought up to date and the check are timed from there). */
function answerCheck(reqId: number, query: FlowQuery, clock: Clock): void {
  let outcome: CheckOutcome;
  let indexed = performance.now();
  try {
    const r = reachability();
    indexed = performance.now();
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
  const traced = performance.now();
  const timing: VerdictTiming = {
    readMs: clock.read - clock.received,
    deltaMs: clock.applied - clock.read,
    indexMs: indexed - clock.applied,
    traceMs: traced - indexed,
  };
  post({ type: 'check', reqId, seq: current?.seq ?? -1, outcome, computeMs: traced - clock.received, timing });
}

/** The startup answers the entry asked for before this module was loaded, by load. */
let earlyStartups: EarlyStartups = new Map();

/**
 * Called by the entry (worker.ts) once this module is loaded: the messages that arrived meanwhile
 * are handled in order, with the times they arrived, then each as it comes.
 */
export function startSimulator(arrived: Arrived[], startups: EarlyStartups): void {
  earlyStartups = startups;
  for (const { message, received, read } of arrived.splice(0)) handle(message, { received, read, applied: read });
  scope.onmessage = (event: MessageEvent<ToWorker>) => {
    const received = performance.now();
    // Reading `data` deserializes the message: part of what an edit costs here, so after `received`.
    const message = event.data;
    const read = performance.now();
    handle(message, { received, read, applied: read });
  };
}
