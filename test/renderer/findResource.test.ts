/**
 * findResource covers the optional data-plane arrays (networkAcls, networkInterfaces, prefixLists,
 * vpcPeerConnections) like the others: selecting, editing, deleting and undoing them in the store.
 */
import { describe, expect, it } from 'vitest';
import type { Topology } from '../../simulator/document/schema';
import { createDocumentStore } from '../../renderer/store/documentStore';
import { allIds, findResource, updateResource } from '../../renderer/store/edits';
import { example } from './helpers';

const VPC1 = 'vpc-m5eh2wln3wdeovmrvvr4a';
const VPC2 = 'vpc-2zeo9pbx3kvs1gd7pu3gs';
const VSW_B = 'vsw-2ze1vkm1i9p7s5q1wjb8f';

function withDataplane(): Topology {
  const doc = example('cross-account');
  return {
    ...doc,
    networkAcls: [
      { networkAclId: 'nacl-1', vpcId: VPC1 },
      { networkAclId: 'nacl-2', vpcId: VPC2, resources: [{ resourceId: VSW_B, resourceType: 'VSwitch' }] },
    ],
    networkInterfaces: [
      {
        networkInterfaceId: 'eni-1',
        vSwitchId: VSW_B,
        privateIpAddress: '172.16.1.50',
        securityGroupIds: ['sg-2zeh6s0f7hcwt1xp6cgl'],
      },
    ],
    prefixLists: [{ prefixListId: 'pl-1', accountId: '1231579085529123', regionId: 'cn-qingdao', entries: [] }],
    vpcPeerConnections: [{ instanceId: 'pcc-1', vpcId: VPC1, acceptingVpcId: VPC2 }],
  };
}

describe('findResource and the optional data-plane arrays', () => {
  it.each([
    ['nacl-2', 'networkAcls', 1],
    ['eni-1', 'networkInterfaces', 0],
    ['pl-1', 'prefixLists', 0],
    ['pcc-1', 'vpcPeerConnections', 0],
    [VPC2, 'vpcs', 1],
  ] as const)('finds %s in %s[%d]', (id, array, index) => {
    expect(findResource(withDataplane(), id)).toEqual({ array, id, index });
  });

  it('finds nothing in a document without those arrays, and lists their IDs as taken', () => {
    expect(findResource(example('cross-account'), 'nacl-2')).toBeUndefined();
    expect([...allIds(withDataplane())]).toEqual(expect.arrayContaining(['nacl-1', 'eni-1', 'pl-1', 'pcc-1']));
  });

  it('updateResource edits a data-plane resource in place', () => {
    const doc = updateResource(withDataplane(), 'pcc-1', { name: 'hub', bandwidth: 100 });
    expect(doc.vpcPeerConnections).toEqual([
      { instanceId: 'pcc-1', vpcId: VPC1, acceptingVpcId: VPC2, name: 'hub', bandwidth: 100 },
    ]);
    expect(updateResource(withDataplane(), 'nacl-1', { networkAclName: 'web' }).networkAcls![0]).toEqual({
      networkAclId: 'nacl-1',
      vpcId: VPC1,
      networkAclName: 'web',
    });
  });

  it('the store deletes a selected ACL and peering (undo brings them back) and keeps them selected while they exist', () => {
    const store = createDocumentStore(withDataplane());
    store.getState().select(['nacl-2', 'pcc-1']);
    expect(store.getState().requestDelete()).toBeNull(); // nothing dangles: deleted at once
    const doc = store.getState().doc;
    expect(doc.networkAcls!.map((a) => a.networkAclId)).toEqual(['nacl-1']);
    expect(doc.vpcPeerConnections).toEqual([]);
    expect(store.getState().selection).toEqual([]);
    store.getState().undo();
    expect(store.getState().doc.networkAcls!.map((a) => a.networkAclId)).toEqual(['nacl-1', 'nacl-2']);
    store.getState().select(['eni-1']);
    expect(store.getState().selection).toEqual(['eni-1']);
  });
});
