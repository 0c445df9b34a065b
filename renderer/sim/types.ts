/**
 * The simulator's answers as the renderer consumes them (topology-format.md §3.2/§3.3). The worker
 * passes simulator/reach results through unchanged; the UI reads only these fields, so it keeps
 * working if reach adds more.
 */
import type { Blocker, CheckResult, Hop, Protocol, Trace } from '../../simulator/reach/types';

export type { Protocol };

export interface FlowQuery {
  readonly from: string;
  readonly to: string;
  readonly protocol: Protocol;
  readonly port: number | null;
}

export type HopView = Hop;
export type TraceView = Trace;
export type BlockerView = Blocker;

export type CheckOutcome =
  | ({ readonly kind: 'result' } & CheckResult)
  | { readonly kind: 'input-error'; readonly message: string; readonly field?: string }
  | { readonly kind: 'unavailable'; readonly message: string };

export interface MatrixView {
  readonly protocol: string;
  readonly port: number | null;
  readonly instances: readonly string[];
  readonly reachable: readonly (readonly boolean[])[];
  /** Per cell, the first blocker (for the hover explanation); null on reachable cells. */
  readonly reasons: readonly (readonly (string | null)[])[];
}

export interface FindingView {
  readonly severity: 'error' | 'warning' | 'info';
  readonly code: string;
  readonly message: string;
  readonly path: string;
  readonly resourceId?: string;
  readonly suggestion?: string;
}

/** One intent's state in the checklist: holds, violated, or undetermined (vpclink cannot know). */
export type IntentState = 'holds' | 'violated' | 'undetermined';

export interface IntentView {
  /** Index in the document's `intents`. */
  readonly index: number;
  readonly name: string;
  readonly state: IntentState;
  /** Why it is undetermined or cannot be evaluated (an input problem, the first undetermined pair). */
  readonly note?: string;
  /** The first violating pair (a definite one before an undetermined one), to show on the graph. */
  readonly firstViolation?: { readonly from: string; readonly to: string };
  readonly violations: number;
}
