/**
 * A security group's rules of one direction as a table users know from the console: in evaluation
 * order (priority 1 first, Drop before Accept at the same priority — renderer/store/rules.ts),
 * every field editable inline, priority included. A new rule gets the connected peer VPC's CIDR,
 * or an empty peer that must be filled; never 0.0.0.0/0 by default.
 */
import type { Permission } from '../../../simulator/document/schema';
import { documentStore, useIndex } from '../../state';
import { addPermission } from '../../store/edits';
import { newRule, rulesInEvaluationOrder } from '../../store/rules';
import { Section } from '../fields';
import { change } from './common';
import { RuleRow } from './RuleRow';

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
