/**
 * The inspector: a form for the selected resource, one component per kind (this file only picks
 * which). Every edit is a store change (undoable; typing in one field is one step). Findings
 * appear at the field they are about.
 */
import type { ReactNode } from 'react';
import { useDoc } from '../../state';
import { findResource } from '../../store/edits';
import { findDataplaneResource } from '../../store/dataplaneEdits';
import { AccountForm, UnlistedAccount } from './AccountForm';
import { DocumentForm } from './DocumentForm';
import { InstanceForm } from './InstanceForm';
import { RegionInfo } from './RegionInfo';
import { TransitRouterInfo, transitRouterOf } from './TransitRouterInfo';
import { RouterInterfaceForm } from './RouterInterfaceForm';
import { RouteTableStandalone } from './RouteTable';
import { SecurityGroupForm } from './SecurityGroupForm';
import { VpcForm } from './VpcForm';
import { VSwitchForm } from './VSwitchForm';
import { NetworkAclForm } from './NetworkAclForm';
import { NetworkInterfaceForm } from './NetworkInterfaceForm';
import { PrefixListForm } from './PrefixListForm';
import { PeeringForm } from './PeeringForm';
import '../dataplane.css';

export function Inspector() {
  const selection = useDoc((s) => s.selection);
  const doc = useDoc((s) => s.doc);
  const id = selection[0];
  const ref = id ? findResource(doc, id) : undefined;
  const dataplane = id ? findDataplaneResource(doc, id) : undefined;
  let body: ReactNode;
  if (!id) body = <DocumentForm />;
  else if (id.startsWith('region:')) body = <RegionInfo id={id} />;
  else if (dataplane) {
    const path = `/${dataplane.array}/${dataplane.index}`;
    if (dataplane.array === 'networkAcls') body = <NetworkAclForm id={id} path={path} />;
    else if (dataplane.array === 'networkInterfaces') body = <NetworkInterfaceForm id={id} path={path} />;
    else body = <PrefixListForm id={id} path={path} />;
  } else if (ref?.array === 'vpcPeerConnections') body = <PeeringForm id={id} path={`/${ref.array}/${ref.index}`} />;
  else if (transitRouterOf(doc, id)) body = <TransitRouterInfo id={id} />;
  else if (!ref) body = <UnlistedAccount id={id} />;
  else {
    const path = `/${ref.array}/${ref.index}`;
    switch (ref.array) {
      case 'accounts':
        body = <AccountForm id={id} path={path} />;
        break;
      case 'vpcs':
        body = <VpcForm id={id} path={path} />;
        break;
      case 'vSwitches':
        body = <VSwitchForm id={id} path={path} />;
        break;
      case 'instances':
        body = <InstanceForm id={id} path={path} />;
        break;
      case 'securityGroups':
        body = <SecurityGroupForm id={id} path={path} />;
        break;
      case 'routerInterfaces':
        body = <RouterInterfaceForm id={id} path={path} />;
        break;
      case 'routeTables':
        body = <RouteTableStandalone id={id} />;
        break;
    }
  }
  return (
    <aside className="inspector" data-testid="inspector" aria-label="Inspector">
      <div className="panel-title">
        Inspector
        {selection.length > 1 && <span className="dim"> · {selection.length} selected</span>}
      </div>
      <div className="inspector-body">{body}</div>
    </aside>
  );
}
