/** The left palette: add resources (into the selected parent), the examples, and the shortcuts. */
import { useEffect, useState } from 'react';
import type { ExampleInfo } from '../../electron/common/hostApi';
import { api } from '../api';
import { Icon } from './icons';
import { appActions, openExample } from '../files';
import { COMMANDS, runCommand } from '../store/commands';
import { documentStore, useDoc } from '../state';

const ADD_ICONS: Record<string, string> = {
  'add.account': 'account',
  'add.vpc': 'vpc',
  'add.vpcWithInstance': 'instance',
  'add.vpcInNewAccount': 'account',
  'add.vSwitch': 'vSwitch',
  'add.instance': 'instance',
  'add.securityGroup': 'securityGroup',
};

const ADD_HINTS: Record<string, string> = {
  'add.account': 'An Alibaba Cloud account (main-account UID)',
  'add.vpc': 'A VPC with a free CIDR block, in the selected account/region',
  'add.vpcWithInstance':
    'A VPC with a vSwitch, a security group and an ECS instance: what a ping needs (on an empty canvas, with its account)',
  'add.vpcInNewAccount': 'The same in another account, added with it: type its UID in the VPC inspector',
  'add.vSwitch': 'A vSwitch in the selected VPC, with a free /24',
  'add.instance': 'An ECS instance in the selected vSwitch, with a free IP',
  'add.securityGroup': 'A security group in the selected VPC',
};

export function Palette() {
  const [examples, setExamples] = useState<readonly ExampleInfo[]>([]);
  useEffect(() => {
    api
      .listExamples()
      .then(setExamples)
      .catch(() => setExamples([]));
  }, []);
  // Re-render for enabled states.
  useDoc((s) => `${s.doc.vpcs.length}/${s.doc.vSwitches.length}/${s.selection.join(',')}`);
  const ctx = { store: documentStore, app: appActions };
  return (
    <aside className="palette" data-testid="palette">
      <div className="panel-title">Add</div>
      <div className="palette-items">
        {COMMANDS.filter((c) => c.group === 'add').map((c) => (
          <button
            key={c.name}
            className="palette-item"
            title={ADD_HINTS[c.name]}
            disabled={c.enabled ? !c.enabled(ctx) : false}
            onClick={() => runCommand(c.name, ctx)}
            data-testid={`palette-${c.name}`}
          >
            <span className="palette-icon">
              <Icon name={ADD_ICONS[c.name]} />
            </span>
            {c.label}
          </button>
        ))}
      </div>
      <div className="palette-hint">
        <strong>Connect two VPCs:</strong> drag one VPC onto the other (or from the dot on its edge). Pick VPC peering
        or a router-interface pair and the flows you want; vpclink proposes the routes and rules they need.
      </div>
      <div className="panel-title">Examples</div>
      <ul className="example-list">
        {examples.map((e) => (
          <li key={e.name}>
            <button
              className="link example"
              title={e.description}
              onClick={() => void openExample(e.name)}
              data-testid={`example-${e.name}`}
            >
              {e.title}
            </button>
          </li>
        ))}
        {examples.length === 0 && <li className="dim small">none</li>}
      </ul>
      <div className="panel-title">Shortcuts</div>
      <dl className="shortcuts">
        {COMMANDS.filter((c) => c.shortcut && c.group !== 'file').map((c) => (
          <div key={c.name}>
            <dt>{c.shortcut}</dt>
            <dd>{c.label}</dd>
          </div>
        ))}
      </dl>
    </aside>
  );
}
