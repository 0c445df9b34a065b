/**
 * What changed between two versions of the document, in a form that survives postMessage.
 *
 * The simulator's incremental `update` (simulator/reach `Reachability.update`) reuses whatever is
 * the very same object as before (arrays, groups, route tables). postMessage clones, so every
 * message would hand the worker brand-new objects and every update would rebuild everything. The
 * document store shares unchanged parts between versions (immutable edits), so the UI thread sends
 * only the top-level fields and array elements that are new; the worker rebuilds the next version
 * from its own copy of the previous one, and unchanged parts keep their identity there too.
 * Cloning a few changed records instead of the whole document also keeps the UI thread free.
 */
import type { Topology } from '../../simulator/document/schema';

/** One top-level field of the next version. */
export type FieldDelta =
  | { readonly kind: 'same' }
  | { readonly kind: 'value'; readonly value: unknown }
  /** An array: each item is either the index of the identical element of the previous array, or a new value. */
  | { readonly kind: 'array'; readonly items: readonly (number | { readonly value: unknown })[] };

export type DocDelta =
  | { readonly kind: 'full'; readonly doc: Topology }
  /** A document just opened: the worker's own copy, from when it loaded it (see rememberWorkerCopy). */
  | { readonly kind: 'loaded'; readonly loadId: number }
  /** Fields in the next version's key order; a field of the previous version not listed is gone. */
  | { readonly kind: 'fields'; readonly fields: readonly (readonly [string, FieldDelta])[] };

function arrayDelta(previous: readonly unknown[], next: readonly unknown[]): FieldDelta {
  // An edit leaves almost every element where it was (a record changed, one appended): those are
  // matched by position; the lookup of every previous element by identity is built only for an
  // element that moved (a removal or an insertion before it).
  let at: Map<unknown, number> | undefined;
  let reused = 0;
  const items = next.map((item, position) => {
    const isObject = typeof item === 'object' && item !== null;
    if (isObject && previous[position] === item) {
      reused++;
      return position;
    }
    at ??= identities(previous);
    const n = isObject ? at.get(item) : undefined;
    if (n === undefined) return { value: item };
    reused++;
    return n;
  });
  // Nothing in common (another document was opened): the plain array is the smaller message.
  return reused === 0 ? { kind: 'value', value: next } : { kind: 'array', items };
}

const workerCopies = new WeakMap<Topology, number>();

/**
 * `doc` is the UI thread's copy of a document the worker loaded (documentLoader.ts, load `loadId`):
 * its first message to the worker names the worker's own copy instead of carrying the document,
 * whose structured clone held the UI thread ~100 ms on L while the first render waited.
 */
export function rememberWorkerCopy(doc: Topology, loadId: number): void {
  workerCopies.set(doc, loadId);
}

/** Each object element of `items` → its first index. */
function identities(items: readonly unknown[]): Map<unknown, number> {
  const at = new Map<unknown, number>();
  items.forEach((item, n) => {
    if (typeof item === 'object' && item !== null && !at.has(item)) at.set(item, n);
  });
  return at;
}

/** The delta that turns `previous` (what the worker already has; null: nothing yet) into `next`. */
export function docDelta(previous: Topology | null, next: Topology): DocDelta {
  const loadId = workerCopies.get(next);
  if (loadId !== undefined) {
    workerCopies.delete(next);
    return { kind: 'loaded', loadId };
  }
  if (previous === null) return { kind: 'full', doc: next };
  const before = previous as unknown as Record<string, unknown>;
  const fields = Object.entries(next).map(([key, value]): readonly [string, FieldDelta] => {
    const old = before[key];
    if (old === value) return [key, { kind: 'same' }];
    if (Array.isArray(old) && Array.isArray(value)) return [key, arrayDelta(old, value)];
    return [key, { kind: 'value', value }];
  });
  return { kind: 'fields', fields };
}

/**
 * The next version, built from the receiver's copy of the previous one (unchanged parts are reused,
 * not copied); `loadedCopy` gives the receiver's copy of a document it loaded.
 */
export function applyDocDelta(
  previous: Topology | null,
  delta: DocDelta,
  loadedCopy: (loadId: number) => Topology | undefined = () => undefined,
): Topology {
  if (delta.kind === 'full') return delta.doc;
  if (delta.kind === 'loaded') {
    const copy = loadedCopy(delta.loadId);
    // The UI thread holds the JSON of this very copy; a copy missing here is a bug.
    if (copy === undefined) throw new Error(`the worker has no copy of loaded document ${delta.loadId}`);
    return copy;
  }
  if (previous === null) throw new Error('a document delta arrived before the first full document');
  const before = previous as unknown as Record<string, unknown>;
  const next: Record<string, unknown> = {};
  for (const [key, field] of delta.fields) {
    if (field.kind === 'same') next[key] = before[key];
    else if (field.kind === 'value') next[key] = field.value;
    else {
      const old = before[key] as readonly unknown[];
      next[key] = field.items.map((item) => (typeof item === 'number' ? old[item] : item.value));
    }
  }
  return next as unknown as Topology;
}
