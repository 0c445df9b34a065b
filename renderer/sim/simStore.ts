/**
 * The simulator's view of the current document: findings, the ping check and the matrix. The
 * worker recomputes on every document change; stale answers (older document) are dropped.
 */
import type { ElkNode } from 'elkjs/lib/elk-api';
import { create } from 'zustand';
import type { Topology } from '../../simulator/document/schema';
import { shownDocument, useDoc } from '../state';
import { editIsTyping } from '../textFields';
import { docDelta } from './docDelta';
import type { FromWorker, ToWorker, VerdictTiming } from './protocol';
import { simulatorWorker } from './simWorker';
import type { CheckOutcome, FindingView, FlowQuery, IntentView, MatrixView, Protocol } from './types';

export interface CheckedFor {
  readonly doc: Topology;
  readonly query: FlowQuery;
}

export interface SimState {
  readonly findings: readonly FindingView[];
  /** Findings per resource ID, for the badges on the graph. */
  readonly findingsByResource: ReadonlyMap<string, readonly FindingView[]>;
  /** The intents checklist of the current document (worker: intentViews.ts); null until first computed. */
  readonly intents: readonly IntentView[] | null;
  readonly intentsError: string | null;
  readonly query: FlowQuery;
  readonly check: CheckOutcome | null;
  /** The document version and query `check` answers (see `useCheckIsCurrent`). */
  readonly checkedFor: CheckedFor | null;
  readonly matrixOptions: { readonly protocol: Protocol; readonly port: number | null };
  readonly matrix: MatrixView | null;
  /** The document version `matrix` answers (see `useMatrixIsCurrent`). */
  readonly matrixFor: Topology | null;
  readonly matrixWanted: boolean;
  setQuery(patch: Partial<FlowQuery>): void;
  setMatrixOptions(patch: Partial<{ protocol: Protocol; port: number | null }>): void;
  setMatrixWanted(wanted: boolean): void;
}

let worker: Worker | null = null;
let layoutWorker: Worker | null = null;
let reqCounter = 0;
const layoutWaiters = new Map<number, (graph: ElkNode | null, error?: string) => void>();

function send(message: ToWorker): void {
  worker?.postMessage(message);
}

let lastCheckReq = 0;
let lastMatrixReq = 0;

export const useSim = create<SimState>()((set, get) => ({
  findings: [],
  findingsByResource: new Map(),
  intents: null,
  intentsError: null,
  query: { from: '', to: '', protocol: 'icmp', port: null },
  check: null,
  checkedFor: null,
  matrixOptions: { protocol: 'icmp', port: null },
  matrix: null,
  matrixFor: null,
  matrixWanted: false,
  setQuery(patch) {
    set({ query: { ...get().query, ...patch } });
    requestCheck();
  },
  setMatrixOptions(patch) {
    set({ matrixOptions: { ...get().matrixOptions, ...patch } });
    requestMatrix();
  },
  setMatrixWanted(wanted) {
    set({ matrixWanted: wanted });
    if (wanted) requestMatrix();
  },
}));

/**
 * The version of the document last sent to the worker; answers about an older one are dropped.
 * Not in the store: every update of the store runs the selectors of every node and edge on the
 * canvas, and an edit's click handler paid for that before the worker's answer could be handled.
 */
let seq = 0;

/** The version the worker has (what the next delta is computed from). */
let sentDoc: Topology | null = null;

/** The document the latest matrix request asks about. */
let lastMatrixFor: Topology | null = null;

/**
 * Whether the matrix in the store answers the document as drawn, for the protocol and port
 * picked: as a verdict, a matrix of another version is never shown as current (MatrixPanel.tsx).
 */
export function useMatrixIsCurrent(): boolean {
  const drawn = useDoc((s) => s.doc);
  return useSim(
    (s) =>
      s.matrix !== null &&
      s.matrixFor === drawn &&
      s.matrix.protocol === s.matrixOptions.protocol &&
      s.matrix.port === s.matrixOptions.port,
  );
}

/** What the latest check request asks about: its answer is the verdict for this document and query. */
let lastCheckFor: CheckedFor | null = null;

/**
 * A new check request for the current query on `doc`; null when the query is incomplete (nothing
 * to check), after clearing the verdict shown.
 */
function nextCheck(doc: Topology | null): { reqId: number; query: FlowQuery } | null {
  const { query, check } = useSim.getState();
  if (!query.from || !query.to || doc === null) {
    if (check !== null) useSim.setState({ check: null, checkedFor: null });
    return null;
  }
  lastCheckReq = ++reqCounter;
  lastCheckFor = { doc, query };
  return { reqId: lastCheckReq, query };
}

function requestCheck(): void {
  // The worker's version: the one the store holds, or the one still on its way to the store.
  const request = nextCheck(sentDoc);
  if (request) send({ type: 'check', reqId: request.reqId, seq, query: request.query });
}

/**
 * Whether the verdict in the store answers the document as drawn (held views: heldView.ts) and
 * the query as shown. Not while an edit or a new query waits for its verdict (typing is drawn at
 * once, and an edit is drawn alone once its hold runs out): the panels then say "checking"
 * rather than show the previous version's verdict, and offer nothing computed from it.
 */
export function useCheckIsCurrent(): boolean {
  const drawn = useDoc((s) => s.doc);
  return useSim((s) => checkIsCurrent(s, drawn));
}

/** `useCheckIsCurrent` outside React (the canvas follows it with one subscription: canvas/shownCheck.ts). */
export function checkIsCurrent(sim: SimState, drawn: Topology): boolean {
  return sim.checkedFor !== null && sim.checkedFor.doc === drawn && sim.checkedFor.query === sim.query;
}

function requestMatrix(): void {
  const { matrixOptions, matrixWanted } = useSim.getState();
  if (!matrixWanted) return;
  lastMatrixFor = sentDoc;
  lastMatrixReq = ++reqCounter;
  send({ type: 'matrix', reqId: lastMatrixReq, seq, protocol: matrixOptions.protocol, port: matrixOptions.port });
}

function onMessage(message: FromWorker): void {
  switch (message.type) {
    case 'findings': {
      if (message.seq !== seq) return;
      if (message.error) console.error('validation failed in the worker:', message.error);
      const byResource = new Map<string, FindingView[]>();
      for (const f of message.findings) {
        if (!f.resourceId) continue;
        const list = byResource.get(f.resourceId);
        if (list) list.push(f);
        else byResource.set(f.resourceId, [f]);
      }
      useSim.setState({ findings: message.findings, findingsByResource: byResource });
      return;
    }
    case 'intents':
      if (message.seq !== seq) return;
      if (message.error) console.error('intents failed in the worker:', message.error);
      useSim.setState({ intents: message.intents, intentsError: message.error ?? null });
      return;
    case 'check':
      if (message.reqId !== lastCheckReq) return;
      markVerdict(message.computeMs, message.timing);
      useSim.setState({ check: message.outcome, checkedFor: lastCheckFor });
      // The edit this verdict answers is drawn with it, in the same render (heldView.ts).
      shownDocument.release();
      afterNextPaint(() => send({ type: 'drawn', seq: message.seq }));
      return;
    case 'matrix':
      if (message.reqId !== lastMatrixReq) return;
      if (message.error) console.error('matrix failed in the worker:', message.error);
      useSim.setState({ matrix: message.matrix, matrixFor: lastMatrixFor });
      return;
    case 'loaded':
      // documentLoader.ts's answer.
      return;
    case 'layout': {
      const waiter = layoutWaiters.get(message.reqId);
      layoutWaiters.delete(message.reqId);
      waiter?.(message.graph, message.error);
      return;
    }
  }
}

/** Runs `then` once the next frame has been painted (a task queued from that frame's animation callback). */
function afterNextPaint(then: () => void): void {
  if (typeof requestAnimationFrame !== 'function') return then();
  requestAnimationFrame(() => setTimeout(then, 0));
}

/**
 * A User Timing mark per verdict received, carrying the worker's compute time for it (document
 * delta applied, index updated, check): what `npm run bench` reports as the edit's compute, next
 * to its edit-to-screen time. Only the latest mark is kept.
 */
const VERDICT_MARK = 'vpclink:verdict';

function markVerdict(computeMs: number, timing: VerdictTiming): void {
  if (typeof performance === 'undefined' || typeof performance.mark !== 'function') return;
  performance.clearMarks(VERDICT_MARK);
  performance.mark(VERDICT_MARK, { detail: { computeMs, ...timing } });
}

/** Starts listening to the worker (once; the page's entry may have started it already, simWorker.ts). */
export function startSimulator(): void {
  if (worker) return;
  worker = simulatorWorker();
  worker?.addEventListener('message', (event: MessageEvent<FromWorker>) => onMessage(event.data));
}

/**
 * The elk worker (2.6 MB of script to compile), started only for a document that may be laid out
 * by elk: large estates get the simple layout (canvas/layout.ts), and compiling elk there only took
 * CPU from their first render.
 */
function startLayoutWorker(): Worker {
  if (layoutWorker) return layoutWorker;
  layoutWorker = new Worker(new URL('./layoutWorker.ts', import.meta.url), { type: 'module', name: 'vpclink-layout' });
  layoutWorker.onmessage = (event: MessageEvent<FromWorker>) => onMessage(event.data);
  layoutWorker.onerror = (event) => console.error('layout worker error', event.message);
  return layoutWorker;
}

/**
 * At most this many accounts + VPCs may still go to elk (its graph holds at least those, and
 * canvas/layout.ts's ELK_MAX_GRAPH_SIZE, 60, is the limit); such a document starts the elk worker
 * as soon as it is simulated, so elk is ready by the time the canvas asks.
 */
const ELK_CANDIDATE_LIMIT = 60;

/** The document changed: refresh the check (answered first), revalidate, and refresh the matrix. */
export function simulateDocument(doc: Topology): void {
  if (worker && doc.vpcs.length > 0 && doc.vpcs.length + doc.accounts.length <= ELK_CANDIDATE_LIMIT)
    startLayoutWorker();
  seq++;
  const check = nextCheck(doc);
  if (worker) {
    // An edit of the document on screen (not one just opened), made by a click, a menu or a
    // shortcut: what is drawn waits for the verdict, so one frame shows both. Typing is never
    // held: a controlled field must show its keystroke at once.
    if (check && sentDoc !== null && !editIsTyping()) shownDocument.hold(VERDICT_HOLD_MS);
    send({ type: 'document', seq, delta: docDelta(sentDoc, doc), ...(check ? { check } : {}) });
    sentDoc = doc;
  }
  requestMatrix();
}

/**
 * The longest an edit waits to be drawn with its verdict (the worker answers an L edit in a few
 * ms); a slower verdict follows the edit in a frame of its own. About the delay under which a
 * response still feels immediate.
 */
const VERDICT_HOLD_MS = 100;

export function layoutInWorker(graph: ElkNode): Promise<ElkNode> {
  return new Promise((resolve, reject) => {
    const reqId = ++reqCounter;
    layoutWaiters.set(reqId, (result, error) =>
      result ? resolve(result) : reject(new Error(error ?? 'layout failed')),
    );
    startLayoutWorker().postMessage({ type: 'layout', reqId, graph } satisfies ToWorker);
  });
}
