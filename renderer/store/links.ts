/**
 * The kinds of link vpclink can create between two VPCs, offered when one VPC is dropped on
 * another. EXTENSION POINT: VPC peering (the peering issue) adds one entry here — its label, when
 * it is possible, and the edit that creates it — and the connect dialog offers it with no other
 * change. Only kinds that work are listed: no disabled placeholder in the UI.
 */
import type { Topology } from '../../simulator/document/schema';
import { connectVpcs } from './edits';

export interface LinkCreated {
  readonly doc: Topology;
  /** The resource to select afterwards (e.g. the initiator interface). */
  readonly selectId: string;
  /** For the follow-up routes and rules: the router-interface pair, when the link is one. */
  readonly routerInterfaceId?: string;
}

export interface LinkKind {
  readonly kind: string;
  readonly label: string;
  readonly description: string;
  /** Why this kind cannot join the two VPCs, or null when it can. */
  readonly unavailable: (doc: Topology, fromVpcId: string, toVpcId: string) => string | null;
  readonly create: (doc: Topology, fromVpcId: string, toVpcId: string) => LinkCreated | undefined;
}

const ROUTER_INTERFACE_LINK: LinkKind = {
  kind: 'routerInterface',
  label: 'Router-interface pair (Express Connect)',
  description:
    'An initiator on the first VPC and an acceptor on the second, each pointing at the other; works across accounts and regions.',
  unavailable(doc, fromVpcId, toVpcId) {
    const a = doc.vpcs.find((v) => v.vpcId === fromVpcId);
    const b = doc.vpcs.find((v) => v.vpcId === toVpcId);
    if (!a || !b) return 'both VPCs must be in the document';
    if (a.vpcId === b.vpcId || a.vRouterId === b.vRouterId) return 'a VPC cannot be connected to itself';
    return null;
  },
  create(doc, fromVpcId, toVpcId) {
    const result = connectVpcs(doc, fromVpcId, toVpcId);
    return result && { doc: result.doc, selectId: result.initiatorId, routerInterfaceId: result.initiatorId };
  },
};

export const LINK_KINDS: readonly LinkKind[] = [ROUTER_INTERFACE_LINK];
