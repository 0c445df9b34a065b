/**
 * A security group's rules of one direction as a table users know from the console: in evaluation
 * order (priority 1 first, Drop before Accept at the same priority — renderer/store/rules.ts),
 * every field editable inline, priority included. A new rule gets the connected peer VPC's CIDR,
 * or an empty peer that must be filled; never 0.0.0.0/0 by default.
 */
import type { Permission } from '../../../simulator/document/schema';
import { blockedPaths } from '../../canvas/highlight';
import { useSim } from '../../sim/simStore';
import { documentStore, useIndex } from '../../state';
import { addPermission, removePermission, updatePermission } from '../../store/edits';
import { newRule, priorityError, rulesInEvaluationOrder } from '../../store/rules';
import { FindingList, Section, useDraft, useFindingsAt, validators } from '../fields';
import { PrefixListLinks } from './PrefixListForm';
import { change } from './common';

const PROTOCOLS = [
  { value: 'ICMP', label: 'ICMP' },
  { value: 'TCP', label: 'TCP' },
  { value: 'UDP', label: 'UDP' },
  { value: 'GRE', label: 'GRE' },
  { value: 'ALL', label: 'All' },
] as const;

const DIRECTION_WORDS = { ingress: 'Inbound', egress: 'Outbound' } as const;

export function RulesTable({
  groupId,
  path,
  direction,
}: {
  readonly groupId: string;
  readonly path: string;
  readonly direction: Permission['direction'];
}) {
  const index = useIndex();
  const group = index.securityGroups.get(groupId);
  if (!group) return null;
  const rules = rulesInEvaluationOrder(group.permissions, direction);
  const word = DIRECTION_WORDS[direction];
  const add = () => {
    const doc = documentStore.getState().doc;
    change(`Add ${word.toLowerCase()} rule`, (d) => addPermission(d, groupId, newRule(doc, groupId, direction)));
  };
  return (
    <Section
      title={`${word} rules · ${rules.length}`}
      actions={
        <button
          className="small-button"
          onClick={add}
          data-testid={`add-rule-${direction}`}
          aria-label={`Add an ${word.toLowerCase()} rule`}
        >
          + {word}
        </button>
      }
    >
      {rules.length > 0 ? (
        <table className="grid-table rules" data-testid={`rules-${direction}`}>
          <caption className="visually-hidden">
            {word} rules of {group.name ?? groupId}, in evaluation order
          </caption>
          <thead>
            <tr>
              <th scope="col" title="1 is evaluated first; at the same priority Deny wins">
                Prio
              </th>
              <th scope="col">Action</th>
              <th scope="col">Protocol</th>
              <th scope="col">Ports</th>
              <th scope="col">{direction === 'ingress' ? 'Source' : 'Destination'}</th>
              <th scope="col">
                <span className="visually-hidden">Delete</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rules.map(({ rule, index: n }, position) => (
              <RuleRow
                key={n}
                groupId={groupId}
                index={n}
                position={position}
                word={word}
                rule={rule}
                path={`${path}/permissions/${n}`}
              />
            ))}
          </tbody>
        </table>
      ) : (
        <p className="dim small">
          {direction === 'ingress'
            ? 'No inbound rules: nothing comes in from outside the group.'
            : 'No outbound rules: a basic group lets everything out.'}
        </p>
      )}
    </Section>
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

function RuleRow({
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
  const ingress = rule.direction === 'ingress';
  const groupField = ingress ? 'sourceGroupId' : 'destGroupId';
  const cidrField = ingress ? 'sourceCidrIp' : 'destCidrIp';
  const plField = ingress ? 'sourcePrefixListId' : 'destPrefixListId';
  const isGroupPeer = rule[groupField] !== undefined;
  const isListPeer = !isGroupPeer && rule[plField] !== undefined;
  const peer = String((isGroupPeer ? rule[groupField] : isListPeer ? rule[plField] : rule[cidrField]) ?? '');
  const portError = validators.portRange(rule.portRange);
  const peerError =
    isGroupPeer || isListPeer
      ? null
      : peer.trim() === ''
        ? `${ingress ? 'source' : 'destination'}: required — a CIDR block such as the peer VPC's, or sg-… for a group`
        : validators.cidr(peer);
  const label = (what: string) => `${word} rule ${position + 1} ${what}`;
  const edit = (editLabel: string, patch: Record<string, unknown>, key?: string) =>
    change(editLabel, (d) => updatePermission(d, groupId, index, patch), key);
  const policy = rule.policy.toLowerCase() === 'drop' ? 'Drop' : 'Accept';
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
            label={label('priority')}
            onCommit={(priority) => edit('Edit rule priority', { priority })}
          />
        </td>
        <td>
          <select
            className={`cell-input policy-${policy.toLowerCase()}`}
            value={policy}
            aria-label={label('action')}
            data-testid="rule-policy"
            onChange={(e) => edit('Edit rule action', { policy: e.target.value })}
          >
            <option value="Accept">Allow</option>
            <option value="Drop">Deny</option>
          </select>
        </td>
        <td>
          <select
            className="cell-input"
            value={rule.ipProtocol.toUpperCase()}
            aria-label={label('protocol')}
            data-testid="rule-protocol"
            onChange={(e) =>
              edit('Edit rule protocol', {
                ipProtocol: e.target.value,
                portRange:
                  e.target.value === 'TCP' || e.target.value === 'UDP'
                    ? rule.portRange === '-1/-1'
                      ? '1/65535'
                      : rule.portRange
                    : '-1/-1',
              })
            }
          >
            {PROTOCOLS.map((p) => (
              <option key={p.value} value={p.value}>
                {p.label}
              </option>
            ))}
          </select>
        </td>
        <td>
          <input
            className={`mono cell-input ports${portError ? ' invalid' : ''}`}
            value={rule.portRange}
            spellCheck={false}
            aria-label={label('port range')}
            aria-invalid={portError !== null}
            data-testid="rule-ports"
            onChange={(e) => edit('Edit rule ports', { portRange: e.target.value }, `${path}/portRange`)}
          />
        </td>
        <td>
          <input
            className={`mono cell-input${peerError ? ' invalid' : ''}`}
            value={peer}
            spellCheck={false}
            placeholder={ingress ? 'source CIDR' : 'destination CIDR'}
            aria-label={label(ingress ? 'source' : 'destination')}
            aria-invalid={peerError !== null}
            data-testid="rule-peer"
            onChange={(e) => {
              const text = e.target.value;
              // `sg-…` names a group peer, `pl-…` a prefix list; anything else is an address range.
              edit(
                'Edit rule peer',
                text.startsWith('sg-')
                  ? { [groupField]: text, [cidrField]: undefined, [plField]: undefined }
                  : text.startsWith('pl-')
                    ? { [plField]: text, [cidrField]: undefined, [groupField]: undefined }
                    : { [cidrField]: text, [groupField]: undefined, [plField]: undefined },
                `${path}/peer`,
              );
            }}
          />
          {isListPeer && <PrefixListLinks text={peer} />}
        </td>
        <td>
          <button
            className="icon-button"
            title="Delete this rule"
            aria-label={label('delete')}
            data-testid="rule-delete"
            onClick={() => change('Delete rule', (d) => removePermission(d, groupId, index))}
          >
            ✕
          </button>
        </td>
      </tr>
      <tr className="rule-detail">
        <td colSpan={2}>
          <select
            className="cell-input"
            value={rule.direction}
            aria-label={label('direction')}
            data-testid="rule-direction"
            onChange={(e) => {
              const next = e.target.value as Permission['direction'];
              edit(
                'Edit rule direction',
                next === 'ingress'
                  ? {
                      direction: next,
                      sourceCidrIp: rule.destCidrIp ?? '',
                      destCidrIp: undefined,
                      destGroupId: undefined,
                    }
                  : {
                      direction: next,
                      destCidrIp: rule.sourceCidrIp ?? '',
                      sourceCidrIp: undefined,
                      sourceGroupId: undefined,
                    },
              );
            }}
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
            aria-label={label('description')}
            data-testid="rule-description"
            onChange={(e) =>
              edit('Edit rule description', { description: e.target.value || undefined }, `${path}/description`)
            }
          />
        </td>
      </tr>
      {(portError || peerError || findings.length > 0) && (
        <tr>
          <td colSpan={6}>
            {portError && <div className="field-error">ports: {portError}</div>}
            {peerError && <div className="field-error">{peerError}</div>}
            <FindingList findings={findings} />
          </td>
        </tr>
      )}
    </>
  );
}
