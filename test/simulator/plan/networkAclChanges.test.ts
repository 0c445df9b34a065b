/** planNetworkAcls / planNetworkAclTeardown: the ACL steps that make the live state match a document (pure); rule fields. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDocumentValue, type Permission, type Topology } from '../../../simulator/document';
import {
  ownerMarker,
  permissionIdentity,
  permissionToApi,
  planChanges,
  planRollback,
  planTeardown,
} from '../../../simulator/plan';
import {
  aclOwnerTag,
  networkInterfaceProblems,
  planNetworkAcls,
  taggedAclId,
} from '../../../simulator/plan/networkAclChanges';

const raw = () =>
  JSON.parse(readFileSync(resolve(__dirname, '../document/fixtures/every-dataplane-field.vpclink.json'), 'utf8'));

function load(value: unknown): Topology {
  const result = loadDocumentValue(value);
  if (result.kind !== 'ok') throw new Error(JSON.stringify(result));
  return result.document;
}

const plan = (desired: unknown, current: unknown) => {
  const d = load(desired);
  return planNetworkAcls(d, load(current), ownerMarker(d));
};

describe('owner tags', () => {
  it.each([
    ['vpclink:abc nacl-web', 'nacl-web'],
    ['web tier [vpclink:abc nacl-web]', 'nacl-web'],
    ['vpclink:abcd nacl-web', undefined],
    ['xvpclink:abc nacl-web', undefined],
    ['vpclink:abc', undefined],
    [undefined, undefined],
  ])('%s → %s', (description, id) => {
    expect(taggedAclId(description, 'vpclink:abc')).toBe(id);
  });
});

describe('planNetworkAcls', () => {
  it('plans nothing when the cloud already matches (names and entry IDs do not count)', () => {
    const current = raw();
    const desired = raw();
    desired.networkAcls[0].ingressAclEntries[1].networkAclEntryName = 'renamed';
    delete desired.networkAcls[0].ingressAclEntries[1].networkAclEntryId;
    expect(plan(desired, current).steps).toEqual([]);
  });

  it('creates a new ACL with the owner tag, waits, replaces both directions (the default allow-all goes) and binds it', () => {
    const current = raw();
    const desired = raw();
    desired.networkAcls.push({
      networkAclId: 'nacl-new',
      vpcId: 'vpc-a',
      networkAclName: 'data',
      description: 'db tier',
      resources: [{ resourceId: 'vsw-a2', resourceType: 'VSwitch' }],
      ingressAclEntries: [{ policy: 'accept', protocol: 'tcp', sourceCidrIp: '10.0.1.0/24', port: '5432/5432' }],
    });
    const { steps, problems } = plan(desired, current);
    expect(problems).toEqual([]);
    expect(steps.map((c) => [c.id, c.action, c.dependsOn])).toEqual([
      ['create-nacl:nacl-new', 'CreateNetworkAcl', []],
      ['wait-nacl:nacl-new', 'DescribeNetworkAcls', ['create-nacl:nacl-new']],
      ['update-nacl-entries:nacl-new', 'UpdateNetworkAclEntries', ['wait-nacl:nacl-new']],
      ['wait-nacl-entries:nacl-new', 'DescribeNetworkAcls', ['update-nacl-entries:nacl-new']],
      ['associate-nacl:nacl-new', 'AssociateNetworkAcl', ['wait-nacl-entries:nacl-new']],
      ['wait-nacl-bound:nacl-new', 'DescribeNetworkAcls', ['associate-nacl:nacl-new']],
    ]);
    const marker = ownerMarker(load(desired));
    expect(steps[0]).toMatchObject({
      accountId: '1000000000000001',
      regionId: 'cn-hangzhou',
      params: { VpcId: 'vpc-a', NetworkAclName: 'data', Description: `db tier [${marker} nacl-new]` },
    });
    expect(steps[2]!.params).toEqual({
      RegionId: 'cn-hangzhou',
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
    expect(steps[4]!.params).toEqual({
      RegionId: 'cn-hangzhou',
      NetworkAclId: { $ref: 'create-nacl:nacl-new.NetworkAclId' },
      'Resource.1.ResourceId': 'vsw-a2',
      'Resource.1.ResourceType': 'VSwitch',
    });
    expect(steps[5]).toMatchObject({ kind: 'waitNetworkAcl', until: 'Available', bound: ['vsw-a2'] });
  });

  it('finds an ACL it created by the owner tag (a design ID differs from the live one): nothing to do', () => {
    const desired = raw();
    const current = raw();
    desired.networkAcls[0].networkAclId = 'nacl-design';
    current.networkAcls[0].description = `${aclOwnerTag(ownerMarker(load(desired)), 'nacl-design')}`;
    expect(plan(desired, current).steps).toEqual([]);
  });

  it('replaces only the direction that changed, with its custom entries in order (service and system ones stay)', () => {
    const current = raw();
    const desired = raw();
    desired.networkAcls[0].egressAclEntries.reverse();
    const { steps } = plan(desired, current);
    expect(steps.map((s) => s.id)).toEqual(['update-nacl-entries:nacl-a', 'wait-nacl-entries:nacl-a']);
    expect(steps[0]!.params).toMatchObject({
      NetworkAclId: 'nacl-a',
      UpdateEgressAclEntries: true,
      'EgressAclEntries.1.DestinationCidrIp': 'pl-office',
      'EgressAclEntries.2.DestinationCidrIp': '10.1.0.0/16',
    });
    expect(steps[0]!.params).not.toHaveProperty('UpdateIngressAclEntries');
  });

  it('moves a vSwitch: unbinds it from its ACL first (and waits), then binds it to the other', () => {
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
    const { steps, problems } = plan(desired, current);
    expect(problems).toEqual([]);
    expect(steps.map((c) => [c.id, c.dependsOn])).toEqual([
      ['unassociate-nacl:nacl-a', []],
      ['wait-nacl-unbound:nacl-a', ['unassociate-nacl:nacl-a']],
      ['associate-nacl:nacl-b', ['wait-nacl-unbound:nacl-a']],
      ['wait-nacl-bound:nacl-b', ['associate-nacl:nacl-b']],
    ]);
  });

  it('releases a vSwitch from an ACL vpclink did not make, and says so', () => {
    const current = raw();
    const desired = raw();
    desired.networkAcls[0].networkAclId = 'nacl-other';
    const { steps, problems } = plan(desired, current);
    expect(steps.map((c) => c.id)).toEqual([
      'create-nacl:nacl-other',
      'wait-nacl:nacl-other',
      'update-nacl-entries:nacl-other',
      'wait-nacl-entries:nacl-other',
      'unassociate-nacl:nacl-a',
      'wait-nacl-unbound:nacl-a',
      'associate-nacl:nacl-other',
      'wait-nacl-bound:nacl-other',
    ]);
    expect(steps[6]!.dependsOn).toEqual(['wait-nacl-entries:nacl-other', 'wait-nacl-unbound:nacl-a']);
    expect(problems.map((p) => [p.code, p.resourceId])).toEqual([['NETWORK_ACL_REBOUND', 'vsw-a1']]);
  });

  it('deletes an ACL it made for this document that the document no longer has, never an untagged one', () => {
    const desired = raw();
    const current = raw();
    const marker = ownerMarker(load(desired));
    current.networkAcls.push(
      { networkAclId: 'nacl-stale', vpcId: 'vpc-a', description: aclOwnerTag(marker, 'nacl-gone') },
      { networkAclId: 'nacl-theirs', vpcId: 'vpc-a', description: 'vpclink:000000000000 nacl-x' },
      { networkAclId: 'nacl-hand', vpcId: 'vpc-a' },
    );
    const { steps } = plan(desired, current);
    expect(steps.map((s) => s.id)).toEqual(['delete-nacl:nacl-stale', 'wait-nacl-gone:nacl-stale']);
  });

  it('refuses prefix lists and vSwitches the live state does not have', () => {
    const desired = raw();
    const current = raw();
    desired.networkAcls[0].ingressAclEntries.push({
      policy: 'accept',
      protocol: 'all',
      port: '-1/-1',
      sourceCidrIp: 'pl-missing',
    });
    desired.networkAcls[0].resources.push({ resourceId: 'vsw-a2', resourceType: 'VSwitch' });
    current.vSwitches = current.vSwitches.filter((s: { vSwitchId: string }) => s.vSwitchId !== 'vsw-a2');
    current.instances = current.instances.filter((i: { vSwitchId: string }) => i.vSwitchId !== 'vsw-a2');
    current.networkInterfaces = [];
    const { problems } = plan(desired, current);
    expect(problems.map((p) => [p.code, p.severity, p.resourceId])).toEqual([
      ['PREFIX_LIST_NOT_LIVE', 'error', 'nacl-a'],
      ['NETWORK_ACL_VSWITCH_NOT_LIVE', 'error', 'vsw-a2'],
    ]);
  });
});

describe('prefix lists the live state lacks', () => {
  it('a rule naming one is a warning (it may be an ECS list the import does not read); an ACL entry an error', () => {
    const desired = raw();
    const current = raw();
    desired.securityGroups[0].permissions.push({
      direction: 'ingress',
      ipProtocol: 'TCP',
      portRange: '22/22',
      sourcePrefixListId: 'pl-elsewhere',
    });
    const plan = planChanges(load(desired), load(current), { reachabilityDelta: false });
    // The fixture's route toward a transit-router attachment is CEN's own warning (CEN_NOT_APPLIED), not this test's.
    const problems = plan.problems.filter((p) => p.code !== 'CEN_NOT_APPLIED');
    expect(problems.map((p) => [p.code, p.severity])).toEqual([['PREFIX_LIST_NOT_LIVE', 'warning']]);
    expect(problems[0]!.message).toContain('pl-elsewhere');
    expect(plan.steps.map((s) => s.kind)).toEqual(['authorizeSecurityGroup']);
  });
});

describe('ENIs and secondary IPs are read-only', () => {
  it('an ENI or an IP the live state lacks is a problem, never a step', () => {
    const desired = raw();
    const current = raw();
    const eni = desired.networkInterfaces[0];
    eni.privateIpSets = [...(eni.privateIpSets ?? []), { privateIpAddress: '10.0.1.99' }];
    desired.networkInterfaces.push({ ...eni, networkInterfaceId: 'eni-new', privateIpSets: undefined });
    const problems = networkInterfaceProblems(load(desired), load(current));
    expect(problems.map((p) => [p.code, p.resourceId])).toEqual([
      ['NETWORK_INTERFACE_NOT_MANAGED', eni.networkInterfaceId],
      ['NETWORK_INTERFACE_NOT_MANAGED', 'eni-new'],
    ]);
    expect(problems[0]!.message).toContain('10.0.1.99');
    const full = planChanges(load(desired), load(current), { reachabilityDelta: false });
    expect(full.problems.filter((p) => p.code === 'NETWORK_INTERFACE_NOT_MANAGED')).toHaveLength(2);
    expect(full.steps.some((s) => /NetworkInterface|PrivateIp/.test(s.action))).toBe(false);
  });
});

describe('destroy and rollback', () => {
  it('destroy deletes exactly the ACLs tagged for this document', () => {
    const desired = raw();
    const current = raw();
    const marker = ownerMarker(load(desired));
    current.networkAcls.push(
      { networkAclId: 'nacl-made', vpcId: 'vpc-a', description: `x [${aclOwnerTag(marker, 'nacl-b')}]` },
      { networkAclId: 'nacl-hand', vpcId: 'vpc-a', description: 'made by hand' },
    );
    const teardown = planTeardown(load(desired), load(current), { reachabilityDelta: false });
    const aclSteps = teardown.steps.filter((s) => 'acl' in s);
    expect(aclSteps.map((s) => s.id)).toEqual(['delete-nacl:nacl-made', 'wait-nacl-gone:nacl-made']);
  });

  it('rollback deletes the ACL a run created, by its tag when the ID was never learnt', () => {
    const rollback = planRollback([
      {
        kind: 'networkAcl',
        stepId: 'create-nacl:nacl-web',
        accountId: '1',
        regionId: 'cn-hangzhou',
        vpcId: 'vpc-a',
        ownerTag: 'vpclink:abc nacl-web',
      },
    ]);
    expect(rollback.steps.map((s) => [s.kind, s.params.NetworkAclId])).toEqual([
      ['deleteNetworkAcl', '(looked up)'],
      ['waitNetworkAcl', '(looked up)'],
    ]);
    expect(rollback.steps[0]).toMatchObject({ acl: { ownerTag: 'vpclink:abc nacl-web', vpcId: 'vpc-a' } });
  });
});

describe('security-group rules with every field (aliyun-dataplane.md §3.3)', () => {
  const base: Permission = {
    direction: 'ingress',
    ipProtocol: 'TCP',
    portRange: '22/22',
    policy: 'Accept',
    priority: 1,
    sourceCidrIp: '10.0.0.0/8',
  };
  it.each<[string, Partial<Permission>]>([
    ['the ingress destCidrIp (the rule’s own side)', { destCidrIp: '192.168.1.100/32' }],
    ['the source port range', { sourcePortRange: '1024/65535' }],
    ['a prefix-list peer instead of a CIDR', { sourceCidrIp: undefined, sourcePrefixListId: 'pl-ops' }],
    ['an IPv6 peer instead of a CIDR', { sourceCidrIp: undefined, ipv6SourceCidrIp: '2408::/56' }],
    ['the policy', { policy: 'Drop' }],
  ])('a rule differing only in %s is another rule', (_what, change) => {
    expect(permissionIdentity({ ...base, ...change } as Permission)).not.toBe(permissionIdentity(base));
  });

  it.each<[string, Partial<Permission>]>([
    ['priority', { priority: 7 }],
    ['description', { description: 'x' }],
    ['source port range -1/-1 (every port)', { sourcePortRange: '-1/-1' }],
    ['host bits in the CIDR (normalised as the cloud does)', { sourceCidrIp: '10.0.0.1/8' }],
  ])('a rule differing only in %s is the same rule', (_what, change) => {
    expect(permissionIdentity({ ...base, ...change } as Permission)).toBe(permissionIdentity(base));
  });

  it('permissionToApi sends every field the document has, under the API names', () => {
    expect(
      permissionToApi({
        direction: 'egress',
        ipProtocol: 'TCP',
        portRange: '443/443',
        policy: 'Drop',
        priority: 10,
        sourceCidrIp: '192.168.1.0/24',
        destPrefixListId: 'pl-ops',
        sourcePortRange: '1024/65535',
        description: 'no https out [vpclink:abc]',
      }),
    ).toEqual({
      IpProtocol: 'TCP',
      PortRange: '443/443',
      Policy: 'Drop',
      Priority: '10',
      NicType: 'intranet',
      SourceCidrIp: '192.168.1.0/24',
      DestPrefixListId: 'pl-ops',
      SourcePortRange: '1024/65535',
      Description: 'no https out [vpclink:abc]',
    });
    expect(
      permissionToApi({ ...base, sourceCidrIp: undefined, ipv6SourceCidrIp: '2408::/56', ipv6DestCidrIp: '2408::1' }),
    ).toMatchObject({ Ipv6SourceCidrIp: '2408::/56', Ipv6DestCidrIp: '2408::1' });
  });
});
