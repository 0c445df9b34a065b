/** With nothing selected: the document's name and description, its size, and how to get around. */
import { useId } from 'react';
import { useDoc } from '../../state';
import { TextField } from '../fields';
import { change, Header, plural } from './common';

export function DocumentForm() {
  const name = useDoc((s) => s.doc.name ?? '');
  const description = useDoc((s) => s.doc.description ?? '');
  const descriptionId = useId();
  const counts = useDoc((s) =>
    [
      plural(s.doc.accounts.length, 'account'),
      plural(s.doc.vpcs.length, 'VPC'),
      plural(s.doc.vSwitches.length, 'vSwitch', 'vSwitches'),
      plural(s.doc.instances.length, 'instance'),
      plural(s.doc.routerInterfaces.length, 'router interface'),
    ].join(' · '),
  );
  return (
    <>
      <Header kind="Document" title={name || 'Untitled'} id="" />
      <TextField
        label="Name"
        value={name}
        path="/name"
        onChange={(v) => change('Edit name', (d) => ({ ...d, name: v }), '/name')}
      />
      <div className="field">
        <label htmlFor={descriptionId}>Description</label>
        <textarea
          id={descriptionId}
          value={description}
          rows={4}
          onChange={(e) => change('Edit description', (d) => ({ ...d, description: e.target.value }), '/description')}
        />
      </div>
      <p className="dim small pad">{counts}</p>
      <div className="hint-box">
        <strong>Getting around</strong>
        <ul>
          <li>Click a node to edit it here.</li>
          <li>
            Drag one VPC onto another to connect them: VPC peering or a router-interface pair, with the routes and rules
            for the flows you pick.
          </li>
          <li>
            Ask <em>Would this ping work?</em> in the panel below.
          </li>
        </ul>
      </div>
    </>
  );
}
