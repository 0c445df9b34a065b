/**
 * A prefix list (aliyun-dataplane.md §2): its CIDR entries, editable. Reached from any rule, ACL
 * entry or route that names it (`PrefixListLinks`).
 */
import { useDoc } from '../../state';
import { editPrefixListEntry } from '../../store/dataplaneEdits';
import { FindingsAt, Section } from '../fields';
import { change, Header, Link, plural } from './common';

export function PrefixListForm({ id, path }: { readonly id: string; readonly path: string }) {
  const pl = useDoc((s) => (s.doc.prefixLists ?? []).find((p) => p.prefixListId === id));
  if (!pl) return null;
  return (
    <>
      <Header kind="Prefix list" title={pl.prefixListName ?? id} id={id} />
      <p className="small pad dim">
        {pl.addressFamily ?? 'IPv4'} · {pl.regionId}
        {pl.maxEntries !== undefined ? ` · max ${pl.maxEntries} entries (counts against quotas whatever is used)` : ''}
      </p>
      <Section
        title={`Entries (${plural(pl.entries.length, 'entry', 'entries')})`}
        actions={
          <button
            className="small-button"
            data-testid="pl-add"
            onClick={() => change('Add prefix-list entry', (d) => editPrefixListEntry(d, id, -1, '10.0.0.0/8'))}
          >
            + Entry
          </button>
        }
      >
        <ul className="eni-list" data-testid="pl-entries">
          {pl.entries.map((e, i) => (
            <li key={i}>
              <input
                className="mono"
                aria-label={`Prefix-list entry ${i} CIDR`}
                data-testid={`pl-entry-${i}`}
                value={e.cidr}
                onChange={(ev) =>
                  change(
                    'Edit prefix-list entry',
                    (d) => editPrefixListEntry(d, id, i, ev.target.value),
                    `${path}/entries/${i}`,
                  )
                }
              />{' '}
              <button
                className="icon-button"
                aria-label={`Remove prefix-list entry ${i}`}
                onClick={() => change('Remove prefix-list entry', (d) => editPrefixListEntry(d, id, i, null))}
              >
                ✕
              </button>
            </li>
          ))}
        </ul>
        <FindingsAt path={`${path}/entries`} prefix />
      </Section>
      <FindingsAt path={path} />
    </>
  );
}

/** Links to every prefix list a text names (`pl-…`), for rule, ACL-entry and route rows. */
export function PrefixListLinks({ text }: { readonly text: string }) {
  const ids = text.match(/pl-[A-Za-z0-9]+/g) ?? [];
  if (ids.length === 0) return null;
  return (
    <>
      {ids.map((pl) => (
        <Link key={pl} id={pl}>
          {pl}
        </Link>
      ))}
    </>
  );
}
