/** Messages between the UI thread and the simulator worker (renderer/sim/worker.ts). */
import type { ElkNode } from 'elkjs/lib/elk-api';
import type { HostError, OpenedDocument, Startup } from '../../electron/common/hostApi';
import type { LoadResult } from '../../simulator/document/load';
import type { DocDelta } from './docDelta';
import type { CheckOutcome, FindingView, FlowQuery, IntentView, MatrixView, Protocol } from './types';

/** The loader's result as it crosses: an accepted document as its compact JSON, which the UI thread parses. */
export type LoadedInWorker =
  { readonly kind: 'ok'; readonly json: string; readonly migratedFrom?: number } | Exclude<LoadResult, { kind: 'ok' }>;

/** Where a verdict's compute went in the worker (ms): the bench reports it beside the total. */
export interface VerdictTiming {
  /** The message deserialized (`event.data`). */
  readonly readMs: number;
  /** The document delta applied (docDelta.ts). */
  readonly deltaMs: number;
  /** The reachability index brought up to date (the simulator's incremental `update`). */
  readonly indexMs: number;
  /** The check traced and its answer built. */
  readonly traceMs: number;
}

export type ToWorker =
  /** Load a document's text (documentLoader.ts); answered by `loaded`. */
  | { readonly type: 'load'; readonly loadId: number; readonly text: string }
  /** Browser mode: ask the host for the startup (its document is loaded as load `loadId`); answered by `startup`. */
  | { readonly type: 'startup'; readonly loadId: number; readonly token: string | null }
  | {
      readonly type: 'document';
      readonly seq: number;
      /** The next version as a delta from the previous message's (docDelta.ts). */
      readonly delta: DocDelta;
      /** The ping check to answer on this version, before validation. */
      readonly check?: { readonly reqId: number; readonly query: FlowQuery };
    }
  | { readonly type: 'check'; readonly reqId: number; readonly seq: number; readonly query: FlowQuery }
  /** The verdict for version `seq` is on screen (worker.ts: validation waits for this). */
  | { readonly type: 'drawn'; readonly seq: number }
  | {
      readonly type: 'matrix';
      readonly reqId: number;
      readonly seq: number;
      readonly protocol: Protocol;
      readonly port: number | null;
    }
  | { readonly type: 'layout'; readonly reqId: number; readonly graph: ElkNode };

export type FromWorker =
  | { readonly type: 'loaded'; readonly loadId: number; readonly result: LoadedInWorker }
  | {
      readonly type: 'startup';
      readonly loadId: number;
      readonly answer:
        | {
            readonly kind: 'ok';
            /** The host's answer without the document's text, which is loaded here instead. */
            readonly startup: Omit<Startup, 'document'>;
            readonly document: Omit<OpenedDocument, 'text'>;
            readonly result: LoadedInWorker;
          }
        | { readonly kind: 'failed'; readonly error: HostError };
    }
  | {
      readonly type: 'findings';
      readonly seq: number;
      readonly findings: readonly FindingView[];
      readonly error?: string;
    }
  | {
      readonly type: 'check';
      readonly reqId: number;
      readonly seq: number;
      readonly outcome: CheckOutcome;
      /** Worker time from the message that asked (a document delta or a query) to this answer. */
      readonly computeMs: number;
      readonly timing: VerdictTiming;
    }
  | { readonly type: 'intents'; readonly seq: number; readonly intents: readonly IntentView[]; readonly error?: string }
  | {
      readonly type: 'matrix';
      readonly reqId: number;
      readonly seq: number;
      readonly matrix: MatrixView | null;
      readonly error?: string;
    }
  | { readonly type: 'layout'; readonly reqId: number; readonly graph: ElkNode | null; readonly error?: string };
