/**
 * Connect by intent: one VPC dropped on another (or "Connect…" in the inspector) asks which link,
 * then which flows; vpclink proposes the routes and the minimal rules, lists them, simulates the
 * flows on the result, and one click accepts everything as one undoable edit. The logic is
 * renderer/store/connectProposal.ts; this dialog only asks (connect/ConnectFields.tsx, its state in
 * connect/connectState.ts) and shows (connect/ProposalPreview.tsx).
 */
import { indexOf, useDoc } from '../state';
import { FlowsFieldset, LinkKindFieldset } from './connect/ConnectFields';
import { ProposalPreview } from './connect/ProposalPreview';
import {
  acceptConnection,
  useConnectProposal,
  useFlowChoice,
  useLinkChoice,
  type Proposal,
} from './connect/connectState';
import { Modal } from './Dialogs';
import './connect.css';

export function ConnectDialog({
  fromVpcId,
  toVpcId,
  onClose,
}: {
  readonly fromVpcId: string;
  readonly toVpcId: string;
  readonly onClose: () => void;
}) {
  const doc = useDoc((s) => s.doc);
  const index = indexOf(doc);
  const fromName = vpcName(index.vpcs.get(fromVpcId));
  const toName = vpcName(index.vpcs.get(toVpcId));
  const linkChoice = useLinkChoice(doc, fromVpcId, toVpcId);
  const flowChoice = useFlowChoice(doc, fromVpcId, toVpcId);
  const { request, proposal, ready } = useConnectProposal(doc, fromVpcId, toVpcId, linkChoice.link, flowChoice);
  const title = `Connect ${fromName} and ${toName}`;
  const accept = () => {
    if (!request || !ready) return;
    acceptConnection(title, doc, request, proposal);
    onClose();
  };
  return (
    <Modal title={title} onClose={onClose} testId="connect-dialog" className="connect-modal">
      <LinkKindFieldset choice={linkChoice} />
      <FlowsFieldset choice={flowChoice} fromName={fromName} toName={toName} />
      <ProposalPreview proposal={proposal} />
      <div className="modal-actions">
        <button onClick={onClose}>Cancel</button>
        <button className="primary-button" onClick={accept} disabled={!ready} autoFocus data-testid="connect-confirm">
          {acceptLabel(ready, proposal)}
        </button>
      </div>
    </Modal>
  );
}

function vpcName(vpc: { readonly name?: string; readonly vpcId: string } | undefined): string {
  return vpc?.name ?? vpc?.vpcId ?? '?';
}

/** The button counts what one click accepts, so nothing in the list comes as a surprise. */
function acceptLabel(ready: boolean, proposal: Proposal | undefined): string {
  if (!ready || !proposal || 'error' in proposal) return 'Accept';
  return `Accept ${proposal.changes.length === 1 ? 'the change' : `all ${proposal.changes.length} changes`}`;
}
