/**
 * What vpclink made, marked on the resource itself: rules and routes it writes carry
 * `vpclink:<document id>` in their Description, so a later plan removes what vpclink made for
 * this document and the document no longer wants — and never touches what it did not make
 * (a rule or route without the marker, or with another document's).
 *
 * The document id: 12 hex of hash64 over the document's `name` and the sorted IDs of every account
 * it touches (accounts[], VPCs, router interfaces). Derived, not stored, so the CLI and the app
 * compute the same id for the same document and a plan is the same in both shells (no journal
 * or file path involved). Consequences, documented in the README: renaming the document or adding
 * an account gives a new id — rules of the old id are then never removed by this document (the
 * safe direction); two documents with the same name over the same accounts share ownership.
 */
import type { Topology } from '../document/schema';
import { canonicalJson, hash64 } from './hash';

export const OWNER_MARKER_PREFIX = 'vpclink:';

/** The stable id of a document for ownership markers. */
export function documentOwnerId(document: Topology): string {
  const accounts = [
    ...new Set([
      ...document.accounts.map((a) => a.accountId),
      ...document.vpcs.map((v) => v.accountId),
      ...document.routerInterfaces.map((r) => r.accountId),
    ]),
  ].sort();
  return hash64(canonicalJson({ name: document.name ?? '', accounts })).slice(0, 12);
}

/** `vpclink:<document id>`. */
export function ownerMarker(document: Topology): string {
  return `${OWNER_MARKER_PREFIX}${documentOwnerId(document)}`;
}

/** The Description vpclink writes: the document's own text (if any) followed by the marker. */
export function markedDescription(description: string | undefined, marker: string): string {
  if (description === undefined || description === '') return marker;
  return hasMarker(description, marker) ? description : `${description} [${marker}]`;
}

/** Whether a live Description carries this marker (a whole token, not a prefix of another id). */
export function hasMarker(description: unknown, marker: string): boolean {
  if (typeof description !== 'string') return false;
  let at = description.indexOf(marker);
  while (at >= 0) {
    const after = description.charAt(at + marker.length);
    if (after === '' || after === ']' || /\s/.test(after)) return true;
    at = description.indexOf(marker, at + 1);
  }
  return false;
}
