/**
 * One direction of a network ACL as an ordered entry table (NetworkAclForm.tsx). Order decides —
 * the first matching entry wins (aliyun-dataplane.md §0 #3) — so the table shows exactly what
 * applies, top to bottom: the implied cloud-service allows, the listed entries (every field
 * editable, add / remove / move), the implied deny-all (read-only).
 */
import { ACL_POLICIES, ACL_PROTOCOLS } from '../../../simulator/document/schema';
import { SERVICE_BLOCKS } from '../../../simulator/reach/steps/networkAcl';
import { blockedPaths } from '../../canvas/highlight';
import { useSim } from '../../sim/simStore';
import {
  aclCidrField,
  aclEntriesField,
  addAclEntry,
  moveAclEntry,
  removeAclEntry,
  updateAclEntry,
  type AclDirection,
  type AclEntry,
} from '../../store/dataplaneEdits';
import { FindingsAt, Section } from '../fields';
import { change, plural } from './common';
import { portRangeForProtocol } from './portRange';
import { PrefixListLinks } from './PrefixListForm';

interface TableProps {
  readonly aclId: string;
  readonly path: string;
  readonly direction: AclDirection;
}

export function AclEntryTable({
  aclId,
  path,
  direction,
  entries,
}: TableProps & { readonly entries: readonly AclEntry[] }) {
  const blocked = useSim((s) => blockedPaths(s.check));
  const field = aclEntriesField(direction);
  const title = direction === 'ingress' ? 'Inbound entries' : 'Outbound entries';
  const peer = direction === 'ingress' ? 'Source' : 'Destination';
  return (
    <Section
      title={`${title} (${plural(entries.length, 'entry', 'entries')})`}
      actions={
        <button
          className="small-button"
          data-testid={`acl-add-${direction}`}
          onClick={() => change(`Add ${direction} ACL entry`, (d) => addAclEntry(d, aclId, direction))}
        >
          + Entry
        </button>
      }
    >
      <table className="acl-table" data-testid={`acl-${direction}`}>
        <caption className="small dim">Evaluated top to bottom; the first match wins.</caption>
        <AclTableHeader peer={peer} />
        <tbody>
          {SERVICE_BLOCKS.map((cidr) => (
            <ImpliedRow key={cidr} policy="accept" cidr={cidr} name="cloud services (implied)" />
          ))}
        </tbody>
        {entries.map((entry, i) => (
          <AclEntryRows
            key={i}
            table={{ aclId, path, direction, peer }}
            entry={entry}
            position={i}
            isLast={i === entries.length - 1}
            blocked={blocked.has(`${path}/${field}/${i}`)}
          />
        ))}
        <tbody>
          <ImpliedRow policy="drop" cidr="0.0.0.0/0" name="deny all (implied)" />
        </tbody>
      </table>
      <FindingsAt path={`${path}/${field}`} prefix />
    </Section>
  );
}

/** Fixed widths for the narrow columns, so the peer column takes what is left. */
function AclTableHeader({ peer }: { readonly peer: string }) {
  return (
    <>
      <colgroup>
        <col className="acl-col-num" />
        <col className="acl-col-policy" />
        <col className="acl-col-protocol" />
        <col className="acl-col-port" />
        <col />
        <col className="acl-col-actions" />
      </colgroup>
      <thead>
        <tr>
          <th>#</th>
          <th>Policy</th>
          <th>Protocol</th>
          <th>Port</th>
          <th>{peer}</th>
          <th>
            <span className="sr-only">Actions</span>
          </th>
        </tr>
      </thead>
    </>
  );
}

/** The edits of one listed entry, each one undoable step; typing in a field coalesces under its path. */
function aclEntryEdits(aclId: string, path: string, direction: AclDirection, position: number, entry: AclEntry) {
  const field = aclEntriesField(direction);
  return {
    set: (key: string, value: unknown) =>
      change(
        `Edit ACL entry ${key}`,
        (d) => updateAclEntry(d, aclId, direction, position, { [key]: value }),
        `${path}/${field}/${position}/${key}`,
      ),
    setProtocol: (protocol: string) =>
      change('Edit ACL entry protocol', (d) =>
        updateAclEntry(d, aclId, direction, position, { protocol, port: portRangeForProtocol(protocol, entry.port) }),
      ),
    move: (by: -1 | 1) => change('Move ACL entry', (d) => moveAclEntry(d, aclId, direction, position, by)),
    remove: () => change('Remove ACL entry', (d) => removeAclEntry(d, aclId, direction, position)),
  };
}

/**
 * A listed entry as its own <tbody>: the fields on one row, the optional name under them, so the
 * two rows are marked blocked (the entry that drops the checked ping) as one.
 */
function AclEntryRows({
  table: { aclId, path, direction, peer },
  entry,
  position,
  isLast,
  blocked,
}: {
  /** The table the entry is in; `peer` is its peer column's heading (Source or Destination). */
  readonly table: TableProps & { readonly peer: string };
  readonly entry: AclEntry;
  readonly position: number;
  readonly isLast: boolean;
  readonly blocked: boolean;
}) {
  const edits = aclEntryEdits(aclId, path, direction, position, entry);
  const cidrField = aclCidrField(direction);
  const cidr = (entry as Record<string, unknown>)[cidrField];
  // Named by the number in the # column ("ingress entry 0 port"), so a screen reader says what the eye reads.
  const label = (what: string) => `${direction} entry ${position} ${what}`;
  return (
    <tbody
      data-testid={`acl-${direction}-row-${position}`}
      className={`acl-entry${blocked ? ' blocked-row' : ''}`}
      data-blocked={blocked || undefined}
    >
      <tr>
        <td className="mono" rowSpan={2}>
          {position}
        </td>
        <td>
          <ChoiceSelect
            label={label('policy')}
            value={entry.policy}
            options={ACL_POLICIES}
            testId={`acl-${direction}-${position}-policy`}
            onChange={(policy) => edits.set('policy', policy)}
          />
        </td>
        <td>
          <ChoiceSelect
            label={label('protocol')}
            value={entry.protocol}
            options={ACL_PROTOCOLS}
            onChange={edits.setProtocol}
          />
        </td>
        <td>
          <input
            className="mono"
            aria-label={label('port')}
            value={entry.port}
            data-testid={`acl-${direction}-${position}-port`}
            onChange={(ev) => edits.set('port', ev.target.value)}
          />
        </td>
        <td>
          <input
            className="mono"
            aria-label={label(peer.toLowerCase())}
            value={typeof cidr === 'string' ? cidr : ''}
            data-testid={`acl-${direction}-${position}-cidr`}
            onChange={(ev) => edits.set(cidrField, ev.target.value)}
          />
          {typeof cidr === 'string' && <PrefixListLinks text={cidr} />}
        </td>
        <td className="acl-actions" rowSpan={2}>
          <EntryOrderButtons label={label} position={position} isLast={isLast} edits={edits} />
        </td>
      </tr>
      <tr>
        <td colSpan={4}>
          <input
            aria-label={label('name')}
            placeholder="entry name (optional)"
            value={entry.networkAclEntryName ?? ''}
            onChange={(ev) => edits.set('networkAclEntryName', ev.target.value || undefined)}
          />
        </td>
      </tr>
    </tbody>
  );
}

/** Move up, move down, remove: in an ACL the order decides which entry matches, so it is edited in the row like a field. */
function EntryOrderButtons({
  label,
  position,
  isLast,
  edits,
}: {
  readonly label: (what: string) => string;
  readonly position: number;
  readonly isLast: boolean;
  readonly edits: ReturnType<typeof aclEntryEdits>;
}) {
  return (
    <>
      <EntryButton label={label('move up')} title="Move up" disabled={position === 0} onClick={() => edits.move(-1)}>
        ↑
      </EntryButton>
      <EntryButton label={label('move down')} title="Move down" disabled={isLast} onClick={() => edits.move(1)}>
        ↓
      </EntryButton>
      <EntryButton label={label('remove')} title="Remove" onClick={edits.remove}>
        ✕
      </EntryButton>
    </>
  );
}

/** A select whose options are the document's own spellings (accept, tcp, …), as the API takes them. */
function ChoiceSelect({
  label,
  value,
  options,
  testId,
  onChange,
}: {
  readonly label: string;
  readonly value: string;
  readonly options: readonly string[];
  readonly testId?: string;
  readonly onChange: (value: string) => void;
}) {
  return (
    <select aria-label={label} value={value} data-testid={testId} onChange={(ev) => onChange(ev.target.value)}>
      {options.map((p) => (
        <option key={p}>{p}</option>
      ))}
    </select>
  );
}

function EntryButton({
  label,
  title,
  disabled,
  onClick,
  children,
}: {
  readonly label: string;
  readonly title: string;
  readonly disabled?: boolean;
  readonly onClick: () => void;
  readonly children: string;
}) {
  return (
    <button className="icon-button" aria-label={label} title={title} disabled={disabled} onClick={onClick}>
      {children}
    </button>
  );
}

/** An entry Alibaba Cloud adds on its own: shown where it applies, never editable. */
function ImpliedRow({ policy, cidr, name }: { readonly policy: string; readonly cidr: string; readonly name: string }) {
  return (
    <tr className="acl-implied" title="Implied by Alibaba Cloud; not editable">
      <td>–</td>
      <td>{policy}</td>
      <td>all</td>
      <td className="mono">-1/-1</td>
      <td title={`${cidr} · ${name}`}>
        <span className="mono">{cidr}</span> <span className="small">{name}</span>
      </td>
      <td />
    </tr>
  );
}
