/** planNetworkAclCalls: the ACL calls that make the live state match a document (pure). */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDocumentValue, type Topology } from '../../../simulator/document';
import { planNetworkAclCalls } from '../../../simulator/plan/networkAclChanges';

const raw = () =>
  JSON.parse(readFileSync(resolve(__dirname, '../document/fixtures/every-dataplane-field.vpclink.json'), 'utf8'));

function load(value: unknown): Topology {
  const result = loadDocumentValue(value);
  if (result.kind !== 'ok') throw new Error(JSON.stringify(result));
  return result.document;
}

describe('planNetworkAclCalls', () => {
  it('plans nothing when the cloud already matches (names and entry IDs do not count)', () => {
    const current = raw();
    const desired = raw();
    desired.networkAcls[0].ingressAclEntries[1].networkAclEntryName = 'renamed';
    delete desired.networkAcls[0].ingressAclEntries[1].networkAclEntryId;
    expect(planNetworkAclCalls(load(desired), load(current))).toEqual([]);
  });

  it('creates a new ACL, replaces both directions (the default allow-all goes) and binds it', () => {
    const current = raw();
    const desired = raw();
    desired.networkAcls.push({
      networkAclId: 'nacl-new',
      vpcId: 'vpc-a',
      networkAclName: 'data',
      resources: [{ resourceId: 'vsw-a2', resourceType: 'VSwitch' }],
      ingressAclEntries: [{ policy: 'accept', protocol: 'tcp', sourceCidrIp: '10.0.1.0/24', port: '5432/5432' }],
    });
    const calls = planNetworkAclCalls(load(desired), load(current));
    expect(calls.map((c) => [c.id, c.action, c.dependsOn])).toEqual([
      ['create-nacl:nacl-new', 'CreateNetworkAcl', []],
      ['update-nacl-entries:nacl-new', 'UpdateNetworkAclEntries', ['create-nacl:nacl-new']],
      ['associate-nacl:nacl-new', 'AssociateNetworkAcl', ['create-nacl:nacl-new']],
    ]);
    expect(calls[0]).toMatchObject({
      accountId: '1000000000000001',
      regionId: 'cn-hangzhou',
      params: { VpcId: 'vpc-a', NetworkAclName: 'data' },
    });
    expect(calls[1]!.params).toEqual({
      NetworkAclId: { $ref: 'create-nacl:nacl-new.NetworkAclId' },
      UpdateIngressAclEntries: true,
      'IngressAclEntries.1.Policy': 'accept',
      'IngressAclEntries.1.Protocol': 'tcp',
      'IngressAclEntries.1.Port': '5432/5432',
      'IngressAclEntries.1.SourceCidrIp': '10.0.1.0/24',
      'IngressAclEntries.1.EntryType': 'custom',
      // No egress entries in the design: the new ACL's allow-all is replaced by nothing (deny all).
      UpdateEgressAclEntries: true,
    });
    expect(calls[2]!.params).toEqual({
      NetworkAclId: { $ref: 'create-nacl:nacl-new.NetworkAclId' },
      'Resource.1.ResourceId': 'vsw-a2',
      'Resource.1.ResourceType': 'VSwitch',
    });
  });

  it('replaces only the direction that changed, with its custom entries in order (service and system ones stay)', () => {
    const current = raw();
    const desired = raw();
    desired.networkAcls[0].egressAclEntries.reverse();
    const calls = planNetworkAclCalls(load(desired), load(current));
    expect(calls).toHaveLength(1);
    expect(calls[0]!.params).toMatchObject({
      NetworkAclId: 'nacl-a',
      UpdateEgressAclEntries: true,
      'EgressAclEntries.1.DestinationCidrIp': 'pl-office',
      'EgressAclEntries.2.DestinationCidrIp': '10.1.0.0/16',
    });
    expect(calls[0]!.params).not.toHaveProperty('UpdateIngressAclEntries');
  });

  it('moves a vSwitch: unbinds it from its ACL first, then binds it to the other', () => {
    const current = raw();
    const desired = raw();
    desired.networkAcls[0].resources = [];
    desired.networkAcls.push({
      networkAclId: 'nacl-b',
      vpcId: 'vpc-a',
      resources: [{ resourceId: 'vsw-a1', resourceType: 'VSwitch' }],
      ingressAclEntries: [],
      egressAclEntries: [],
    });
    current.networkAcls.push({ ...desired.networkAcls[1], resources: [] });
    const calls = planNetworkAclCalls(load(desired), load(current));
    expect(calls.map((c) => [c.id, c.dependsOn])).toEqual([
      ['unassociate-nacl:nacl-a:vsw-a1', []],
      ['associate-nacl:nacl-b', ['unassociate-nacl:nacl-a:vsw-a1']],
    ]);
  });

  it('releases a vSwitch from an ACL the document does not name', () => {
    const current = raw();
    const desired = raw();
    desired.networkAcls[0].networkAclId = 'nacl-other';
    const calls = planNetworkAclCalls(load(desired), load(current));
    expect(calls.map((c) => c.id)).toEqual([
      'create-nacl:nacl-other',
      'update-nacl-entries:nacl-other',
      'unassociate-nacl:nacl-a:vsw-a1',
      'associate-nacl:nacl-other',
    ]);
    expect(calls[3]!.dependsOn).toEqual(['create-nacl:nacl-other', 'unassociate-nacl:nacl-a:vsw-a1']);
  });
});
