/**
 * Progress events of apply / destroy / rollback. The CLI renders them (step list + progress bar on
 * a terminal, one JSON line each with --json); the app subscribes to the same stream through
 * `onEvent`. Events are plain JSON: no errors objects, no secrets.
 */
import type { FlowVerdict, Plan, PlanOperation } from '../../simulator/plan';
import type { CheckedIntent } from './verifyIntents';

export type RunOutcome = 'succeeded' | 'failed' | 'cancelled' | 'refused' | 'declined' | 'no-op';

export interface StepErrorInfo {
  readonly code: string;
  readonly message: string;
  readonly requestId?: string;
  readonly action?: string;
}

export interface VerifiedFlow {
  readonly from: string;
  readonly to: string;
  readonly protocol: 'icmp';
  /** The simulator's verdict on the document (what the plan promised). */
  readonly planned: FlowVerdict;
  /** The simulator's verdict on a fresh import of the live accounts. */
  readonly live: FlowVerdict;
  readonly agrees: boolean;
}

export interface VerifyResult {
  readonly flows: readonly VerifiedFlow[];
  readonly differences: readonly VerifiedFlow[];
  /** The desired document's intents evaluated on the live state (verifyIntents.ts); a failing one fails verification. */
  readonly intents?: readonly CheckedIntent[];
  /** Import warnings (resources the document cannot express …). */
  readonly warnings: readonly string[];
  /**
   * What a fresh plan against the re-import would still change (one step description each): the
   * live state is not what the document says even where verdicts agree (an ACL entry, a rule
   * field, a binding). Empty when apply converged; a non-empty list fails verification.
   */
  readonly unconverged?: readonly string[];
}

export type ApplyEvent =
  | {
      readonly kind: 'plan-ready';
      readonly operation: PlanOperation;
      readonly plan: Plan;
      readonly resumed: boolean;
      readonly journalPath: string;
      readonly runId: string;
    }
  | {
      readonly kind: 'step-started';
      readonly stepId: string;
      readonly description: string;
      readonly attempt: number;
      readonly resumed: boolean;
    }
  | {
      readonly kind: 'step-retrying';
      readonly stepId: string;
      readonly code: string;
      readonly attempt: number;
      readonly delayMs: number;
      readonly message: string;
    }
  /**
   * A call failed without a clear answer (timeout, lost response); the engine looked the resource
   * up: `took-effect` = found done (no retry), `retrying` = not visible, retried with the same ClientToken.
   */
  | {
      readonly kind: 'step-ambiguous';
      readonly stepId: string;
      readonly code: string;
      readonly outcome: 'took-effect' | 'retrying';
    }
  | { readonly kind: 'step-polling'; readonly stepId: string; readonly status: string; readonly waitingFor: string }
  | {
      readonly kind: 'step-succeeded';
      readonly stepId: string;
      readonly outputs: Readonly<Record<string, string>>;
      readonly note?: string;
    }
  | { readonly kind: 'step-skipped'; readonly stepId: string; readonly reason: string }
  | { readonly kind: 'step-failed'; readonly stepId: string; readonly error: StepErrorInfo }
  | { readonly kind: 'progress'; readonly done: number; readonly total: number }
  | {
      readonly kind: 'run-finished';
      readonly operation: PlanOperation;
      readonly outcome: RunOutcome;
      readonly runId: string;
      readonly journalPath: string;
      readonly message: string;
      readonly failedStep?: string;
      readonly error?: StepErrorInfo;
      readonly created: number;
    }
  | { readonly kind: 'verify-result'; readonly result: VerifyResult };

export type ApplyEventListener = (event: ApplyEvent) => void;
