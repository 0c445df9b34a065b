/**
 * Injected faults (aliyun-api.md §9): a fraction of calls answered Throttling.User or
 * ServiceUnavailable, an HTML 502 from the "gateway", a response lost after the change was made,
 * added latency, slower transitions. One seeded draw per authenticated call, so a run is
 * reproducible with the same seed and the same sequence of calls.
 */
import { Rng } from './rng';

export interface FaultOptions {
  /** Seed of the fault draws (default 1). */
  readonly seed?: number;
  /** Fraction of calls answered `Throttling.User` (HTTP 400), 0–1. */
  readonly throttleRate?: number;
  /** Fraction answered `ServiceUnavailable` (HTTP 503), 0–1. */
  readonly unavailableRate?: number;
  /** Fraction whose change is made but whose response never comes (the client times out), 0–1. */
  readonly lostResponseRate?: number;
  /** Fraction answered by an HTML 502 page (not JSON; nothing is changed), 0–1. */
  readonly html502Rate?: number;
  /** Added latency before every call is handled, ms. */
  readonly latencyMs?: number;
  /** Multiplier on every asynchronous transition's duration (e.g. 5 = five times slower). */
  readonly slowTransitions?: number;
}

export type FaultKind = 'none' | 'throttle' | 'unavailable' | 'html502' | 'lost';

export class FaultSpecError extends Error {
  override readonly name = 'FaultSpecError';
}

const SPEC_KEYS: Readonly<Record<string, keyof FaultOptions>> = {
  throttle: 'throttleRate',
  unavailable: 'unavailableRate',
  lost: 'lostResponseRate',
  html502: 'html502Rate',
  latency: 'latencyMs',
  slow: 'slowTransitions',
  seed: 'seed',
};

/** Checks rates, latency and multiplier; returns the first problem, naming the field. */
export function faultOptionsProblem(options: FaultOptions): string | undefined {
  const rates: Array<[string, number | undefined]> = [
    ['throttle', options.throttleRate],
    ['unavailable', options.unavailableRate],
    ['lost', options.lostResponseRate],
    ['html502', options.html502Rate],
  ];
  for (const [name, value] of rates) {
    if (value !== undefined && (!Number.isFinite(value) || value < 0 || value > 1))
      return `${name}=${value}: a rate must be between 0 and 1`;
  }
  const sum = rates.reduce((s, [, v]) => s + (v ?? 0), 0);
  if (sum > 1 + 1e-9) return `the rates add up to ${Number(sum.toFixed(4))}; together they must not exceed 1`;
  if (options.latencyMs !== undefined && (!Number.isFinite(options.latencyMs) || options.latencyMs < 0))
    return `latency=${options.latencyMs}: must be a non-negative number of milliseconds`;
  if (
    options.slowTransitions !== undefined &&
    (!Number.isFinite(options.slowTransitions) || options.slowTransitions <= 0)
  )
    return `slow=${options.slowTransitions}: must be a positive multiplier`;
  if (options.seed !== undefined && !Number.isInteger(options.seed)) return `seed=${options.seed}: must be an integer`;
  return undefined;
}

/** Parses `throttle=0.3,unavailable=0.05,lost=0.1,html502=0.02,latency=100,slow=5,seed=42`. */
export function parseFaultSpec(spec: string): FaultOptions {
  const options: Record<string, number> = {};
  for (const part of spec
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const eq = part.indexOf('=');
    if (eq < 0) throw new FaultSpecError(`"${part}" is not key=value (keys: ${Object.keys(SPEC_KEYS).join(', ')})`);
    const key = part.slice(0, eq).trim().toLowerCase();
    const text = part.slice(eq + 1).trim();
    const field = SPEC_KEYS[key];
    if (!field) throw new FaultSpecError(`unknown fault "${key}" (keys: ${Object.keys(SPEC_KEYS).join(', ')})`);
    if (!/^-?(\d+(\.\d*)?|\.\d+)$/.test(text)) throw new FaultSpecError(`${key}=${text}: not a number`);
    if (field in options) throw new FaultSpecError(`${key} given more than once`);
    options[field] = Number(text);
  }
  const problem = faultOptionsProblem(options);
  if (problem) throw new FaultSpecError(problem);
  return options as FaultOptions;
}

export class FaultInjector {
  private readonly rng: Rng;
  constructor(readonly options: FaultOptions) {
    this.rng = new Rng(options.seed ?? 1);
  }

  get active(): boolean {
    const o = this.options;
    return (o.throttleRate ?? 0) + (o.unavailableRate ?? 0) + (o.lostResponseRate ?? 0) + (o.html502Rate ?? 0) > 0;
  }

  /** The fault for the next call (one draw per call, whatever the outcome). */
  draw(): FaultKind {
    if (!this.active) return 'none';
    const r = this.rng.next();
    const o = this.options;
    let edge = o.throttleRate ?? 0;
    if (r < edge) return 'throttle';
    edge += o.unavailableRate ?? 0;
    if (r < edge) return 'unavailable';
    edge += o.html502Rate ?? 0;
    if (r < edge) return 'html502';
    edge += o.lostResponseRate ?? 0;
    if (r < edge) return 'lost';
    return 'none';
  }
}
