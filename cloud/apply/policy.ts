/**
 * Retry, backoff and polling policy of the apply engine.
 *
 * - Retry: a call is repeated (same parameters, same ClientToken) when the cloud says the failure
 *   is temporary — `CloudError.retryable` from cloud/client (throttling, ServiceUnavailable, the
 *   transient route/RI codes terraform retries: aliyun-api.md §1.7, §4.2, §4.3) — or when the step
 *   adds its own codes (Connect: `IncorrectOppositeInterfaceInfo.NotSet`, §3.4; Delete RI:
 *   `IncorrectStatus`, `DependencyViolation…`, §3.6).
 * - Backoff: exponential with jitter from a seeded RNG (deterministic per run), capped.
 * - Polling: a wait's first poll goes out when the transition it waits for is expected to be over
 *   (`expected`, pollSchedule.ts), then short polls against a sandbox (200 ms doubling to 1 s),
 *   terraform's 5 s against the cloud (aliyun-api.md §3.9 polling practice).
 */
import { CloudError, type CloudClient } from '../client';

export interface ApplyTiming {
  /** First retry delay in ms. */
  readonly retryBaseMs: number;
  /** Longest retry delay in ms. */
  readonly retryMaxMs: number;
  /** Attempts per call before giving up on a retryable error. */
  readonly maxAttempts: number;
  /** First poll interval in ms; doubles up to `pollMaxMs`. */
  readonly pollInitialMs: number;
  readonly pollMaxMs: number;
  /** How long a wait step polls before it fails with WAIT_TIMEOUT. */
  readonly waitTimeoutMs: number;
  /** How long Connect retries `IncorrectOppositeInterfaceInfo.NotSet` (terraform: 2 min, §3.4). */
  readonly connectNotSetBudgetMs: number;
  /** How long DeleteRouterInterface retries status/dependency refusals (terraform: 5 min, §3.6). */
  readonly deleteRetryBudgetMs: number;
  /** Per-call connect/read timeout in ms (a lost response surfaces as an ambiguous timeout). */
  readonly callTimeoutMs: number;
  /** How long each asynchronous transition is expected to take: a wait does not poll before (pollSchedule.ts). */
  readonly expected: ExpectedTransitions;
}

/**
 * Expected durations, in ms, of the transitions the plan waits for, from the call that starts them.
 * A poll before the transition can be over only costs a call; a poll later than needed costs time,
 * so these are the typical durations, not the worst (the backoff after the first poll covers a slow one).
 */
export interface ExpectedTransitions {
  /** ConnectRouterInterface → both ends Active (aliyun-api.md §3.4). */
  readonly connectMs: number;
  /** ActivateRouterInterface → Active. */
  readonly activateMs: number;
  /** DeactivateRouterInterface → Inactive. */
  readonly deactivateMs: number;
  /** DeleteRouterInterface → gone. */
  readonly deleteMs: number;
  /** ModifyRouterInterfaceSpec → Active. */
  readonly modifyMs: number;
  /** Create/DeleteRouteEntry → Available / gone (§4.2, §4.3). */
  readonly routeMs: number;
  /** CreateVpcPeerConnection → Accepting (cross-account) or Activated (aliyun-links.md §1.4). */
  readonly peeringCreateMs: number;
  /** Accept/ModifyVpcPeerConnection → Activated. */
  readonly peeringAcceptMs: number;
  /** DeleteVpcPeerConnection → gone. */
  readonly peeringDeleteMs: number;
}

/**
 * The cloud's durations are UNCONFIRMED (aliyun-api.md §3.9: "seconds to minutes"); these are the
 * model the sandbox's `realistic` preset plays (cloud/sandbox TIMING_PRESETS; a test keeps the two equal).
 */
const CLOUD_TRANSITIONS: ExpectedTransitions = {
  connectMs: 20_000,
  activateMs: 10_000,
  deactivateMs: 10_000,
  deleteMs: 5_000,
  modifyMs: 10_000,
  routeMs: 3_000,
  peeringCreateMs: 20_000,
  peeringAcceptMs: 10_000,
  peeringDeleteMs: 5_000,
};

/** The sandbox's default (`fast`) preset, what `vpclink sandbox` runs unless told `--timing realistic`. */
const SANDBOX_TRANSITIONS: ExpectedTransitions = {
  connectMs: 1500,
  activateMs: 1000,
  deactivateMs: 1000,
  deleteMs: 500,
  modifyMs: 1000,
  routeMs: 500,
  peeringCreateMs: 1500,
  peeringAcceptMs: 1000,
  peeringDeleteMs: 500,
};

/** Against the real cloud: terraform-like. */
export const CLOUD_TIMING: ApplyTiming = {
  retryBaseMs: 1000,
  retryMaxMs: 20_000,
  maxAttempts: 10,
  pollInitialMs: 5000,
  pollMaxMs: 5000,
  waitTimeoutMs: 1_000_000,
  connectNotSetBudgetMs: 120_000,
  deleteRetryBudgetMs: 300_000,
  callTimeoutMs: 10_000,
  expected: CLOUD_TRANSITIONS,
};

/** Against a local sandbox endpoint. */
export const SANDBOX_TIMING: ApplyTiming = {
  retryBaseMs: 100,
  retryMaxMs: 2000,
  maxAttempts: 12,
  pollInitialMs: 200,
  // 1 s, not 2 s: polls are batched per (account, region) (batch.ts), so a round costs a call or
  // two for all waits, and a shorter interval trims up to a second off each wait's overshoot.
  pollMaxMs: 1000,
  waitTimeoutMs: 120_000,
  connectNotSetBudgetMs: 30_000,
  deleteRetryBudgetMs: 60_000,
  callTimeoutMs: 5000,
  expected: SANDBOX_TRANSITIONS,
};

/** A small seeded PRNG (mulberry32): jitter is reproducible for a given run. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Delay before retry number `attempt` (1-based): base·2^(attempt-1), capped, jittered into [½, 1]. */
export function backoffDelay(timing: ApplyTiming, attempt: number, random: () => number): number {
  const raw = Math.min(timing.retryMaxMs, timing.retryBaseMs * 2 ** Math.min(attempt - 1, 20));
  return Math.round(raw * (0.5 + random() * 0.5));
}

/** Poll interval before poll number `n` (0-based). */
export function pollDelay(timing: ApplyTiming, n: number): number {
  return Math.min(timing.pollMaxMs, timing.pollInitialMs * 2 ** Math.min(n, 20));
}

/** Resolves after `ms`, or rejects with the abort reason as soon as `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(new CancelledError());
      return;
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(new CancelledError());
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Thrown inside the engine when the run is cancelled while waiting (never for a call in flight). */
export class CancelledError extends Error {
  override readonly name = 'CancelledError';
  constructor() {
    super('cancelled');
  }
}

/**
 * A client whose read-only calls (Describe*, Get*) are retried with backoff on retryable or
 * ambiguous failures — safe, since reads change nothing. Used for the imports before planning and
 * for verification (cloud/import itself does not retry), so throttling does not abort a run
 * before it starts. Mutating calls pass through untouched: the step engine owns their retries.
 */
export function withReadRetries(
  client: CloudClient,
  timing: ApplyTiming,
  random: () => number,
  signal?: AbortSignal,
): CloudClient {
  const call: CloudClient['call'] = async (product, regionId, action, params, options) => {
    const readOnly = /^(Describe|Get|List)/.test(action);
    for (let attempt = 1; ; attempt++) {
      try {
        return await client.call(product, regionId, action, params, { timeoutMs: timing.callTimeoutMs, ...options });
      } catch (error) {
        const retry =
          readOnly &&
          error instanceof CloudError &&
          (error.retryable || (error.ambiguous && error.code !== 'ABORTED')) &&
          attempt < timing.maxAttempts;
        if (!retry) throw error;
        await sleep(backoffDelay(timing, attempt, random), signal);
      }
    }
  };
  return {
    call,
    callCount: () => client.callCount(),
    ...(client.credentialsDescription !== undefined ? { credentialsDescription: client.credentialsDescription } : {}),
    ...(client.target !== undefined ? { target: client.target } : {}),
  };
}
