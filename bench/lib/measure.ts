/**
 * Small measuring kit shared by the bench children: timing, statistics, optional modules.
 */
import { performance } from 'node:perf_hooks';

/** One figure of the table. `ms` for times, `bytes` for sizes; `note` explains a missing value. */
export type Figure =
  | { readonly kind: 'time'; readonly ms: number; readonly note?: string }
  | { readonly kind: 'bytes'; readonly bytes: number; readonly note?: string }
  | { readonly kind: 'count'; readonly value: number; readonly unit: string; readonly note?: string }
  | { readonly kind: 'ratio'; readonly value: number; readonly note?: string }
  | { readonly kind: 'na'; readonly reason: string };

export function na(reason: string): Figure {
  return { kind: 'na', reason };
}

export const NOT_AVAILABLE = 'n/a (module not available)';

export function gc(): void {
  const g = (globalThis as { gc?: () => void }).gc;
  if (g) g();
}

/** Runs `fn` `runs` times (after `warmup` unmeasured runs) and returns every duration in ms. */
export function sample(fn: () => unknown, runs: number, warmup = 1, collect = true): number[] {
  for (let i = 0; i < warmup; i++) fn();
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    if (collect) gc();
    const t0 = performance.now();
    fn();
    out.push(performance.now() - t0);
  }
  return out;
}

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  // Nearest-rank: the smallest value with at least p% of the samples at or below it.
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1]!;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Seeded PRNG (mulberry32) for reproducible samples of pairs: the apply engine's. */
export { seededRandom } from '../../cloud/apply/policy';

/**
 * Imports a module of the project that may not exist yet (its owner is still writing it).
 * The specifier is a variable so the typechecker does not require the file.
 * Returns the reason as text when it cannot be loaded.
 */
export async function optionalImport<T>(
  specifier: string,
): Promise<{ kind: 'ok'; module: T } | { kind: 'missing'; reason: string }> {
  try {
    const module = (await import(specifier)) as T;
    return { kind: 'ok', module };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const notFound = /Cannot find module|ERR_MODULE_NOT_FOUND|Cannot find package|does not provide an export/.test(
      message,
    );
    return {
      kind: 'missing',
      reason: notFound ? NOT_AVAILABLE : `n/a (module failed to load: ${message.split('\n')[0]})`,
    };
  }
}

export function errorText(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]!.slice(0, 120);
}
