/**
 * One security-group rule in the rules table (RulesTable.tsx): a row of inline-editable cells —
 * priority, action, protocol, ports, peer, delete — a detail row (direction, description), and a
 * row of what is wrong with it, if anything. Each cell is its own small component over one shared
 * {@link RuleEditing}, so a cell says only what it edits.
 */
import type { Permission } from '../../../simulator/document/schema';
import type { FindingView } from '../../sim/types';
import { blockedPaths } from '../../canvas/highlight';
import { useSim } from '../../sim/simStore';
import { removePermission, updatePermission } from '../../store/edits';
import { priorityError } from '../../store/rules';
import { FindingList, useDraft, useFindingsAt, validators } from '../fields';
import { change } from './common';
import { portRangeForProtocol } from './portRange';
import { PrefixListLinks } from './PrefixListForm';
import { directionPatch, peerPatch, rulePeerOf, type RulePeer } from './rulePeer';

/** The protocols as the console lists them (upper case; "All" for every protocol). */
const PROTOCOLS = ['ICMP', 'TCP', 'UDP', 'GRE', 'ALL'] as const;

/** What every cell of one rule needs: its accessible names, how to edit it, where it lives in the document. */
interface RuleEditing {
  /** "Inbound rule 2 ports": the position the user sees, not the index in the document. */
  readonly label: (what: string) => string;
  /** One undoable edit of the rule; `key` coalesces typing in one field into one undo step. */
  readonly edit: (editLabel: string, patch: Record<string, unknown>, key?: string) => void;
  readonly remove: () => void;
  readonly path: string;
}

export function RuleRow({
  groupId,
  index,
  position,
  word,
  rule,
  path,
}: {
  readonly groupId: string;
  readonly index: number;
  readonly position: number;
  readonly word: string;
  readonly rule: Permission;
  readonly path: string;
}) {
  const findings = useFindingsAt(path, true);
  const blocked = useSim((s) => blockedPaths(s.check).has(path));
  const peer = rulePeerOf(rule);
  const portError = validators.portRange(rule.portRange);
  const editing: RuleEditing = {
    label: (what) => `${word} rule ${position + 1} ${what}`,
    edit: (editLabel, patch, key) => change(editLabel, (d) => updatePermission(d, groupId, index, patch), key),
    remove: () => change('Delete rule', (d) => removePermission(d, groupId, index)),
    path,
  };
  return (
    <>
      <tr
        className={`rule-row${blocked ? ' blocked-row' : ''}`}
        data-testid="rule-row"
        data-index={index}
        data-blocked={blocked || undefined}
      >
        <td>
          <PriorityCell
            value={rule.priority}
            label={editing.label('priority')}
            onCommit={(priority) => editing.edit('Edit rule priority', { priority })}
          />
        </td>
        <td>
          <ActionCell rule={rule} editing={editing} />
        </td>
        <td>
          <ProtocolCell rule={rule} editing={editing} />
        </td>
        <td>
          <PortsCell rule={rule} error={portError} editing={editing} />
        </td>
        <td>
          <PeerCell rule={rule} peer={peer} editing={editing} />
        </td>
        <td>
          <button
            className="icon-button"
            title="Delete this rule"
            aria-label={editing.label('delete')}
            data-testid="rule-delete"
            onClick={editing.remove}
          >
            ✕
          </button>
        </td>
      </tr>
      <RuleDetailRow rule={rule} editing={editing} />
      <RuleProblemsRow portError={portError} peerError={peer.error} findings={findings} />
    </>
  );
}

/** The priority commits on Enter or leaving the cell, so the row does not jump to its new place while typing. */
function PriorityCell({ value, label, onCommit }: { value: number; label: string; onCommit: (n: number) => void }) {
  const { error, inputProps } = useDraft(String(value), priorityError, (text) => onCommit(Number(text.trim())));
  return (
    <input
      className={`mono cell-input prio${error ? ' invalid' : ''}`}
      inputMode="numeric"
      aria-label={label}
      title={error ?? '1 (evaluated first) … 100'}
      data-testid="rule-priority"
      {...inputProps}
    />
  );
}

interface CellProps {
  readonly rule: Permission;
  readonly editing: RuleEditing;
}

/** Accept / Drop in the document (either case), read as Allow / Deny as in the console. */
function ActionCell({ rule, editing }: CellProps) {
  const policy = rule.policy.toLowerCase() === 'drop' ? 'Drop' : 'Accept';
  return (
    <select
      className={`cell-input policy-${policy.toLowerCase()}`}
      value={policy}
      aria-label={editing.label('action')}
      data-testid="rule-policy"
      onChange={(e) => editing.edit('Edit rule action', { policy: e.target.value })}
    >
      <option value="Accept">Allow</option>
      <option value="Drop">Deny</option>
    </select>
  );
}

function ProtocolCell({ rule, editing }: CellProps) {
  return (
    <select
      className="cell-input"
      value={rule.ipProtocol.toUpperCase()}
      aria-label={editing.label('protocol')}
      data-testid="rule-protocol"
      onChange={(e) =>
        editing.edit('Edit rule protocol', {
          ipProtocol: e.target.value,
          portRange: portRangeForProtocol(e.target.value, rule.portRange),
        })
      }
    >
      {PROTOCOLS.map((p) => (
        <option key={p} value={p}>
          {p === 'ALL' ? 'All' : p}
        </option>
      ))}
    </select>
  );
}

function PortsCell({ rule, error, editing }: CellProps & { readonly error: string | null }) {
  return (
    <input
      className={`mono cell-input ports${error ? ' invalid' : ''}`}
      value={rule.portRange}
      spellCheck={false}
      aria-label={editing.label('port range')}
      aria-invalid={error !== null}
      data-testid="rule-ports"
      onChange={(e) => editing.edit('Edit rule ports', { portRange: e.target.value }, `${editing.path}/portRange`)}
    />
  );
}

function PeerCell({ rule, peer, editing }: CellProps & { readonly peer: RulePeer }) {
  const ingress = rule.direction === 'ingress';
  return (
    <>
      <input
        className={`mono cell-input${peer.error ? ' invalid' : ''}`}
        value={peer.text}
        spellCheck={false}
        placeholder={ingress ? 'source CIDR' : 'destination CIDR'}
        aria-label={editing.label(ingress ? 'source' : 'destination')}
        aria-invalid={peer.error !== null}
        data-testid="rule-peer"
        onChange={(e) =>
          editing.edit('Edit rule peer', peerPatch(rule.direction, e.target.value), `${editing.path}/peer`)
        }
      />
      {peer.isList && <PrefixListLinks text={peer.text} />}
    </>
  );
}

/** The fields a user changes less often, under the row: direction and description. */
function RuleDetailRow({ rule, editing }: CellProps) {
  return (
    <tr className="rule-detail">
      <td colSpan={2}>
        <select
          className="cell-input"
          value={rule.direction}
          aria-label={editing.label('direction')}
          data-testid="rule-direction"
          onChange={(e) =>
            editing.edit('Edit rule direction', directionPatch(rule, e.target.value as Permission['direction']))
          }
        >
          <option value="ingress">Inbound</option>
          <option value="egress">Outbound</option>
        </select>
      </td>
      <td colSpan={4}>
        <input
          className="cell-input"
          value={rule.description ?? ''}
          placeholder="description"
          aria-label={editing.label('description')}
          data-testid="rule-description"
          onChange={(e) =>
            editing.edit(
              'Edit rule description',
              { description: e.target.value || undefined },
              `${editing.path}/description`,
            )
          }
        />
      </td>
    </tr>
  );
}

/** The rule's own input errors first (what the user just typed), then the validator's findings on it. */
function RuleProblemsRow({
  portError,
  peerError,
  findings,
}: {
  readonly portError: string | null;
  readonly peerError: string | null;
  readonly findings: readonly FindingView[];
}) {
  if (!portError && !peerError && findings.length === 0) return null;
  return (
    <tr>
      <td colSpan={6}>
        {portError && <div className="field-error">ports: {portError}</div>}
        {peerError && <div className="field-error">{peerError}</div>}
        <FindingList findings={findings} />
      </td>
    </tr>
  );
}
