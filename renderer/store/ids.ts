/**
 * New resource IDs in the console's style (`vpc-` + 21 lowercase letters/digits). A design's IDs
 * are placeholders: apply maps them to the IDs the cloud assigns. Uniqueness is checked against
 * the document (IDs are unique across the whole document, topology-format.md §2).
 */
import { RESOURCE_ARRAYS, type ResourceArray, type Topology } from '../../simulator/document/schema';

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

let random: () => number = Math.random;

/** Tests make IDs reproducible with a seeded generator. */
export function setIdRandom(next: () => number): void {
  random = next;
}

export function documentIds(doc: Topology): Set<string> {
  const ids = new Set<string>();
  for (const array of Object.keys(RESOURCE_ARRAYS) as ResourceArray[]) {
    const key = RESOURCE_ARRAYS[array];
    for (const r of doc[array] as readonly Record<string, unknown>[]) ids.add(String(r[key]));
  }
  // vRouter IDs share the namespace in practice (router interfaces refer to them).
  for (const v of doc.vpcs) ids.add(v.vRouterId);
  return ids;
}

export function newId(prefix: string, doc: Topology, alsoTaken: ReadonlySet<string> = new Set()): string {
  const taken = documentIds(doc);
  for (;;) {
    let suffix = '';
    for (let i = 0; i < 21; i++) suffix += ALPHABET[Math.floor(random() * ALPHABET.length)];
    const id = `${prefix}-${suffix}`;
    if (!taken.has(id) && !alsoTaken.has(id)) return id;
  }
}
