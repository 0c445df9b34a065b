/** Which resources the current ping check passes, per direction, for highlighting on the graph. */
import type { CheckOutcome } from '../sim/types';

export type PathRole = 'forward' | 'return' | 'both' | 'blocked' | null;

export interface PathSets {
  readonly forward: ReadonlySet<string>;
  readonly return: ReadonlySet<string>;
  readonly blocked: ReadonlySet<string>;
}

const EMPTY: PathSets = { forward: new Set(), return: new Set(), blocked: new Set() };
const cache = new WeakMap<object, PathSets>();

export function pathSets(check: CheckOutcome | null): PathSets {
  if (!check || check.kind !== 'result') return EMPTY;
  let sets = cache.get(check);
  if (!sets) {
    // Hypothetical hops (after a drop) are not part of the path the packet takes.
    const ids = (hops: readonly { resourceId?: string; hypothetical?: unknown }[]) =>
      new Set(hops.filter((h) => h.resourceId && h.hypothetical !== true).map((h) => h.resourceId!));
    sets = {
      forward: ids(check.forward.hops),
      return: ids(check.return.hops),
      blocked: new Set(check.blockers.map((b) => b.resourceId).filter((id): id is string => typeof id === 'string')),
    };
    cache.set(check, sets);
  }
  return sets;
}

export function pathRole(check: CheckOutcome | null, ids: readonly string[]): PathRole {
  const sets = pathSets(check);
  if (ids.some((id) => sets.blocked.has(id))) return 'blocked';
  const f = ids.some((id) => sets.forward.has(id));
  const r = ids.some((id) => sets.return.has(id));
  return f && r ? 'both' : f ? 'forward' : r ? 'return' : null;
}
