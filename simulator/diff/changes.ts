/**
 * What changed between two documents, array element by array element, and the after document
 * made to share every part equal to the before document's (so that its index is an incremental
 * `update` of the before document's: simulator/reach recognises untouched parts by identity).
 */
import type { Topology } from '../document/schema';

/** How one top-level key differs: its value (not an array, or an array of another length), or these positions. */
export type KeyChange =
  { readonly kind: 'value' } | { readonly kind: 'elements'; readonly positions: readonly number[] };

export interface DocumentChanges {
  /** The after document, every equal array and element replaced by the before document's own value. */
  readonly shared: Topology;
  /** The top-level keys that differ (present in either document), and how. */
  readonly changed: ReadonlyMap<string, KeyChange>;
}

/**
 * Compares two documents key by key. Positions stay the after document's, so every path in a
 * blocker or fix still points into the after document.
 */
export function compareDocuments(before: Topology, after: Topology): DocumentChanges {
  const out: Record<string, unknown> = {};
  const changed = new Map<string, KeyChange>();
  const old = before as unknown as Record<string, unknown>;
  for (const [key, value] of Object.entries(after)) {
    const was = old[key];
    if (!Array.isArray(value) || !Array.isArray(was)) {
      out[key] = value;
      if (!deepEqual(was, value)) changed.set(key, { kind: 'value' });
      continue;
    }
    const positions: number[] = [];
    const shared = value.map((element: unknown, i) => {
      if (i < was.length && deepEqual(was[i], element)) return was[i] as unknown;
      positions.push(i);
      return element;
    });
    const resized = value.length !== was.length;
    out[key] = positions.length === 0 && !resized ? was : shared;
    if (resized) changed.set(key, { kind: 'value' });
    else if (positions.length > 0) changed.set(key, { kind: 'elements', positions });
  }
  // A key only the before document has (an optional array removed) is a change too.
  for (const key of Object.keys(old)) if (!(key in out) && old[key] !== undefined) changed.set(key, { kind: 'value' });
  return { shared: out as unknown as Topology, changed };
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const other = b as unknown[];
    return a.length === other.length && a.every((x, i) => deepEqual(x, other[i]));
  }
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  const keys = Object.keys(x);
  if (keys.length !== Object.keys(y).length) return false;
  return keys.every((k) => Object.prototype.hasOwnProperty.call(y, k) && deepEqual(x[k], y[k]));
}
