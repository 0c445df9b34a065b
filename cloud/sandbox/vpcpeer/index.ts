/**
 * VpcPeer 2022-01-01 (aliyun-links.md §1): its own product, reached on the central endpoint
 * `vpcpeer.aliyuncs.com` (§1.1) and routed here by its version. Both ends of a connection see it.
 */
import type { Handler } from '../context';
import {
  acceptVpcPeerConnection,
  createVpcPeerConnection,
  deleteVpcPeerConnection,
  modifyVpcPeerConnection,
  rejectVpcPeerConnection,
} from './connections';
import { getVpcPeerConnectionAttribute, listVpcPeerConnections } from './describe';

export const VPCPEER_ACTIONS: Readonly<Record<string, { readonly handler: Handler; readonly mutates: boolean }>> = {
  CreateVpcPeerConnection: { handler: createVpcPeerConnection, mutates: true },
  AcceptVpcPeerConnection: { handler: acceptVpcPeerConnection, mutates: true },
  RejectVpcPeerConnection: { handler: rejectVpcPeerConnection, mutates: true },
  DeleteVpcPeerConnection: { handler: deleteVpcPeerConnection, mutates: true },
  ModifyVpcPeerConnection: { handler: modifyVpcPeerConnection, mutates: true },
  GetVpcPeerConnectionAttribute: { handler: getVpcPeerConnectionAttribute, mutates: false },
  ListVpcPeerConnections: { handler: listVpcPeerConnections, mutates: false },
};
