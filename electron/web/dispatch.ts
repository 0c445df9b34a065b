/**
 * One place where a call becomes a handler invocation, for both transports: parse and validate
 * the payload, run the handler, turn the outcome into a CallResponse. Never throws.
 */
import type { HostApi } from '../common/hostApi';
import type { CallResponse } from '../common/protocol';
import { toHostError } from './errors';
import { parseCall } from './schemas';

export async function dispatchCall(api: HostApi, raw: unknown): Promise<CallResponse> {
  const parsed = parseCall(raw);
  if (parsed.kind === 'invalid') return { ok: false, error: parsed.error };
  const { method, args } = parsed.request;
  try {
    const fn = api[method] as (...a: readonly unknown[]) => Promise<unknown>;
    const value = await fn.apply(api, [...(args as readonly unknown[])]);
    // undefined is not JSON: void methods answer null.
    return { ok: true, value: value === undefined ? null : value };
  } catch (error) {
    return { ok: false, error: toHostError(error) };
  }
}
