/** What every inspector form shares: the undoable change helper, field setters, links and the header. */
import type { ReactNode } from 'react';
import type { Topology } from '../../../simulator/document/schema';
import { documentStore } from '../../state';
import { updateResource } from '../../store/edits';

export const change = (label: string, edit: (d: Topology) => Topology, coalesceKey?: string) =>
  documentStore.getState().change(label, edit, coalesceKey ? { coalesceKey } : undefined);

/** Optional fields are removed when emptied; required ones keep the empty text (validation says why). */
const OPTIONAL_FIELDS = new Set(['name', 'profile', 'oppositeRouterId', 'oppositeInterfaceOwnerId', 'description']);

export function setField(id: string, field: string, path: string) {
  return (value: unknown) =>
    change(
      `Edit ${field}`,
      (d) => updateResource(d, id, { [field]: value === '' && OPTIONAL_FIELDS.has(field) ? undefined : value }),
      path,
    );
}

export function Link({ id, children }: { readonly id: string; readonly children?: ReactNode }) {
  return (
    <button className="link" onClick={() => documentStore.getState().select([id])} title={id}>
      {children ?? id}
    </button>
  );
}

export function Header({ kind, title, id }: { readonly kind: string; readonly title: string; readonly id: string }) {
  return (
    <div className="insp-header">
      <span className="kind-tag">{kind}</span>
      <h2 className="insp-title">{title}</h2>
      {id && (
        <div className="mono dim small insp-id" title={id}>
          {id}
        </div>
      )}
    </div>
  );
}

/** "1 rule", "2 rules": counts a user reads are never "1 rules" (the one helper every layer uses). */
export { countOf as plural } from '../../../simulator/text/count';
