/**
 * Import of the data plane against the real sandbox over HTTP (real pop-core client): seed the
 * every-field document (network ACLs with service/custom/system entries, a Primary ENI with a
 * secondary IP, a Secondary ENI, an unattached ENI, a prefix list), import both accounts, and
 * compare what vpclink simulates: ACLs and their bindings, every address with its holder, vSwitch
 * and security groups, prefix-list entries. Then drive the sandbox's ACL, prefix-list and ENI
 * calls and import again.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CloudClient } from '../../../cloud/client';
import { importTopology } from '../../../cloud/import';
import { sandboxClient } from './sandboxClient';
import { startSandbox, type RunningSandbox } from '../../../cloud/sandbox';
import { loadDocumentValue, type Topology } from '../../../simulator/document';
import { buildTopologyIndex } from '../../../simulator/model';

const A = '1000000000000001';
const B = '1000000000000002';
let seed: Topology;
let sandbox: RunningSandbox;
const clients: CloudClient[] = [];

function clientFor(accountId: string): CloudClient {
  return sandboxClient(sandbox, accountId, clients);
}

beforeAll(async () => {
  const raw = JSON.parse(
    await readFile(
      new URL('../../simulator/document/fixtures/every-dataplane-field.vpclink.json', import.meta.url),
      'utf8',
    ),
  );
  const loaded = loadDocumentValue(raw);
  if (loaded.kind !== 'ok') throw new Error('fixture does not load');
  seed = loaded.document;
  sandbox = await startSandbox({ seed, seedMode: 'full', clock: 'manual' });
});
afterAll(async () => {
  for (const c of clients) c.close?.();
  await sandbox?.close();
});

async function importBoth(): Promise<Topology> {
  const { document } = await importTopology({
    accounts: [
      { accountId: A, client: clientFor(A) },
      { accountId: B, client: clientFor(B) },
    ],
    regions: ['cn-hangzhou'],
  });
  return document;
}

/** What the simulator reads of the data plane: ACL entries by vSwitch, address holders, prefix lists. */
function simulatedView(doc: Topology) {
  const index = buildTopologyIndex(doc);
  const entry = (e: Record<string, unknown>) => ({
    policy: e.policy,
    protocol: e.protocol,
    port: e.port,
    peer: e.sourceCidrIp ?? e.destinationCidrIp,
    entryType: e.entryType ?? 'custom',
  });
  return {
    aclByVSwitch: Object.fromEntries(
      [...index.networkAclByVSwitch].map(([vsw, acl]) => [
        vsw,
        {
          networkAclId: acl.networkAclId,
          ingress: (acl.ingressAclEntries ?? []).map(entry),
          egress: (acl.egressAclEntries ?? []).map(entry),
        },
      ]),
    ),
    holders: Object.fromEntries(
      [...index.holdersByAddress].map(([address, h]) => [
        address,
        { holderId: h.holderId, kind: h.kind, vSwitchId: h.vSwitchId, groups: [...h.securityGroupIds].sort() },
      ]),
    ),
    // Every rule with every field the simulator reads, per group, in a stable order.
    rules: Object.fromEntries(
      doc.securityGroups.map((g) => [
        g.securityGroupId,
        g.permissions
          .map((p) =>
            JSON.stringify([
              p.direction,
              p.ipProtocol,
              p.portRange,
              p.policy,
              p.priority,
              p.sourceCidrIp,
              p.destCidrIp,
              p.sourceGroupId,
              p.destGroupId,
              p.sourcePrefixListId,
              p.destPrefixListId,
              p.ipv6SourceCidrIp,
              p.ipv6DestCidrIp,
              p.sourcePortRange,
            ]),
          )
          .sort(),
      ]),
    ),
    prefixLists: Object.fromEntries(
      [...index.prefixLists].map(([id, l]) => [
        id,
        { entries: l.entries.map((e) => e.cidr).sort(), maxEntries: l.maxEntries },
      ]),
    ),
  };
}

describe('import of the data plane from the sandbox', () => {
  it('gives the seed back for everything vpclink simulates', async () => {
    const imported = await importBoth();
    expect(simulatedView(imported)).toEqual(simulatedView(seed));
    // Names and statuses come along too.
    expect(imported.networkAcls?.[0]).toMatchObject({
      networkAclId: 'nacl-a',
      networkAclName: 'web-tier',
      vpcId: 'vpc-a',
    });
    expect(imported.networkInterfaces?.map((n) => [n.networkInterfaceId, n.type, n.instanceId, n.status])).toEqual([
      ['eni-a1-primary', 'Primary', 'i-a1', 'InUse'],
      ['eni-a1-second', 'Secondary', 'i-a1', 'InUse'],
      ['eni-b-float', 'Secondary', undefined, 'Available'],
    ]);
    // Every next-hop type of the seed comes back, even the ones vpclink does not simulate.
    const hops = (doc: Topology) =>
      doc.routeTables
        .flatMap((t) =>
          t.routeEntries.map((e) => `${t.routeTableId} ${e.destinationCidrBlock} ${e.nextHopType} ${e.nextHopId}`),
        )
        .sort();
    expect(hops(imported)).toEqual(hops(seed));
  });

  it('ACL, prefix-list and ENI calls change what the next import sees', async () => {
    const a = clientFor(A);
    const created = await a.call('vpc', 'cn-hangzhou', 'CreateNetworkAcl', { VpcId: 'vpc-a', NetworkAclName: 'data' });
    const aclId = String(created.NetworkAclId);
    // A new ACL carries the service allows, a custom allow-all and the system deny-all (aliyun-dataplane.md §0 #5).
    const fresh = await a.call('vpc', 'cn-hangzhou', 'DescribeNetworkAclAttributes', { NetworkAclId: aclId });
    const freshEntries = (fresh.NetworkAclAttribute as any).IngressAclEntries.IngressAclEntry.map(
      (e: any) => e.EntryType,
    );
    expect(freshEntries).toEqual(['service', 'service', 'service', 'custom', 'system']);

    const list = await a.call('vpc', 'cn-hangzhou', 'CreateVpcPrefixList', {
      PrefixListName: 'partners',
      IpVersion: 'IPv4',
      MaxEntries: 5,
      'PrefixListEntries.1.Cidr': '198.18.0.0/15',
      'PrefixListEntries.1.Description': 'lab',
    });
    const listId = String(list.PrefixListId);
    await a.call('vpc', 'cn-hangzhou', 'UpdateNetworkAclEntries', {
      NetworkAclId: aclId,
      UpdateIngressAclEntries: true,
      'IngressAclEntries.1.Policy': 'accept',
      'IngressAclEntries.1.Protocol': 'tcp',
      'IngressAclEntries.1.Port': '5432/5432',
      'IngressAclEntries.1.SourceCidrIp': listId,
      'IngressAclEntries.1.NetworkAclEntryName': 'partners-db',
    });
    await a.call('vpc', 'cn-hangzhou', 'AssociateNetworkAcl', {
      NetworkAclId: aclId,
      'Resource.1.ResourceId': 'vsw-a2',
      'Resource.1.ResourceType': 'VSwitch',
    });
    const eni = await a.call('ecs', 'cn-hangzhou', 'CreateNetworkInterface', {
      VSwitchId: 'vsw-a2',
      SecurityGroupId: 'sg-a-data',
      PrimaryIpAddress: '10.0.2.30',
    });
    await a.call('ecs', 'cn-hangzhou', 'AssignPrivateIpAddresses', {
      NetworkInterfaceId: String(eni.NetworkInterfaceId),
      'PrivateIpAddress.1': '10.0.2.31',
    });
    // Binding is asynchronous (aliyun-dataplane.md §1.1): BINDING until the sandbox clock moves on.
    sandbox.advance(1000);

    // Authorise with the new fields: a prefix-list peer narrowed to one address, a source-port range.
    await a.call('ecs', 'cn-hangzhou', 'AuthorizeSecurityGroup', {
      SecurityGroupId: 'sg-a-data',
      'Permissions.1.IpProtocol': 'TCP',
      'Permissions.1.PortRange': '5432/5432',
      'Permissions.1.SourcePrefixListId': listId,
      'Permissions.1.DestCidrIp': '10.0.2.31/32',
      'Permissions.1.SourcePortRange': '1024/65535',
    });

    const imported = await importBoth();
    expect(imported.securityGroups.find((g) => g.securityGroupId === 'sg-a-data')!.permissions).toContainEqual(
      expect.objectContaining({
        direction: 'ingress',
        ipProtocol: 'TCP',
        portRange: '5432/5432',
        sourcePrefixListId: listId,
        destCidrIp: '10.0.2.31/32',
        sourcePortRange: '1024/65535',
      }),
    );
    const acl = imported.networkAcls!.find((x) => x.networkAclId === aclId)!;
    expect(acl.resources).toEqual([{ resourceId: 'vsw-a2', resourceType: 'VSwitch', status: 'BINDED' }]);
    expect(
      acl.ingressAclEntries!.map((e) => `${e.entryType} ${e.policy} ${e.protocol} ${e.port} ${e.sourceCidrIp}`),
    ).toEqual([
      'service accept all -1/-1 100.100.2.128/28',
      'service accept all -1/-1 100.100.2.112/28',
      'service accept all -1/-1 100.100.100.200/32',
      `custom accept tcp 5432/5432 ${listId}`,
      'system drop all -1/-1 0.0.0.0/0',
    ]);
    expect(imported.prefixLists!.find((l) => l.prefixListId === listId)).toMatchObject({
      entries: [{ cidr: '198.18.0.0/15', description: 'lab' }],
      maxEntries: 5,
      addressFamily: 'IPv4',
    });
    const holder = buildTopologyIndex(imported).holdersByAddress.get('10.0.2.31');
    expect(holder).toMatchObject({
      holderId: String(eni.NetworkInterfaceId),
      vSwitchId: 'vsw-a2',
      securityGroupIds: ['sg-a-data'],
    });
  });

  it.each([
    [
      'binding a vSwitch of another VPC',
      'AssociateNetworkAcl',
      { NetworkAclId: 'nacl-a', 'Resource.1.ResourceId': 'vsw-b1' },
      'InvalidVSwitchId.NotFound',
    ],
    [
      'a tcp entry without ports',
      'UpdateNetworkAclEntries',
      {
        NetworkAclId: 'nacl-a',
        UpdateEgressAclEntries: true,
        'EgressAclEntries.1.Policy': 'accept',
        'EgressAclEntries.1.Protocol': 'tcp',
        'EgressAclEntries.1.Port': '-1/-1',
        'EgressAclEntries.1.DestinationCidrIp': '0.0.0.0/0',
      },
      'InvalidParameter',
    ],
    [
      'an entry with an unknown prefix list',
      'UpdateNetworkAclEntries',
      {
        NetworkAclId: 'nacl-a',
        UpdateEgressAclEntries: true,
        'EgressAclEntries.1.Policy': 'accept',
        'EgressAclEntries.1.Protocol': 'all',
        'EgressAclEntries.1.Port': '-1/-1',
        'EgressAclEntries.1.DestinationCidrIp': 'pl-nowhere',
      },
      'ResourceNotFound.PrefixList',
    ],
    [
      'deleting a bound ACL',
      'DeleteNetworkAcl',
      { NetworkAclId: 'nacl-a' },
      'DependencyViolation.NetworkAclAttachment',
    ],
    [
      'an IPv6 block in an IPv4 list',
      'CreateVpcPrefixList',
      { 'PrefixListEntries.1.Cidr': '2408::/56' },
      'InvalidParameter',
    ],
    [
      'deleting a referenced prefix list',
      'DeleteVpcPrefixList',
      { PrefixListId: 'pl-office' },
      'DependencyViolation.PrefixList',
    ],
  ])('the sandbox refuses %s (%s → %s)', async (_what, action, params, code) => {
    await expect(clientFor(A).call('vpc', 'cn-hangzhou', action, params)).rejects.toMatchObject({ code });
  });

  it('binding and unbinding are asynchronous; a second change while one is under way is refused', async () => {
    const b = clientFor(B);
    const { NetworkAclId } = await b.call('vpc', 'cn-hangzhou', 'CreateNetworkAcl', { VpcId: 'vpc-b' });
    const id = String(NetworkAclId);
    const resource = { NetworkAclId: id, 'Resource.1.ResourceId': 'vsw-b1', 'Resource.1.ResourceType': 'VSwitch' };
    const bindings = async () => {
      const r = await b.call('vpc', 'cn-hangzhou', 'DescribeNetworkAcls', { NetworkAclId: id });
      return (r as any).NetworkAcls.NetworkAcl[0].Resources.Resource.map((x: any) => `${x.ResourceId} ${x.Status}`);
    };
    const middle = { code: 'OperationDenied.NetworkAclAttachmentInMiddleStatus' };
    await b.call('vpc', 'cn-hangzhou', 'AssociateNetworkAcl', resource);
    expect(await bindings()).toEqual(['vsw-b1 BINDING']);
    await expect(b.call('vpc', 'cn-hangzhou', 'UnassociateNetworkAcl', resource)).rejects.toMatchObject(middle);
    sandbox.advance(1000);
    expect(await bindings()).toEqual(['vsw-b1 BINDED']);
    await b.call('vpc', 'cn-hangzhou', 'UnassociateNetworkAcl', resource);
    expect(await bindings()).toEqual(['vsw-b1 UNBINDING']);
    await expect(b.call('vpc', 'cn-hangzhou', 'AssociateNetworkAcl', resource)).rejects.toMatchObject(middle);
    await expect(b.call('vpc', 'cn-hangzhou', 'DeleteNetworkAcl', { NetworkAclId: id })).rejects.toMatchObject({
      code: 'DependencyViolation.NetworkAclAttachment',
    });
    sandbox.advance(1000);
    expect(await bindings()).toEqual([]);
    await b.call('vpc', 'cn-hangzhou', 'DeleteNetworkAcl', { NetworkAclId: id });
  });

  it('the sandbox refuses a second ACL on a bound vSwitch (one ACL per vSwitch)', async () => {
    const a = clientFor(A);
    const created = await a.call('vpc', 'cn-hangzhou', 'CreateNetworkAcl', { VpcId: 'vpc-a' });
    await expect(
      a.call('vpc', 'cn-hangzhou', 'AssociateNetworkAcl', {
        NetworkAclId: String(created.NetworkAclId),
        'Resource.1.ResourceId': 'vsw-a1',
        'Resource.1.ResourceType': 'VSwitch',
      }),
    ).rejects.toMatchObject({ code: 'IncorrectStatus.VSwitch' });
  });

  it.each([
    [
      'a rule with a CIDR and an IPv6 peer',
      'AuthorizeSecurityGroup',
      {
        SecurityGroupId: 'sg-a',
        'Permissions.1.IpProtocol': 'TCP',
        'Permissions.1.PortRange': '22/22',
        'Permissions.1.SourceCidrIp': '10.0.0.0/8',
        'Permissions.1.Ipv6SourceCidrIp': '::/0',
      },
      // The sandbox's one spelling for "two peers in one rule" (cloud/sandbox/ruleFields.ts).
      'InvalidParameter.Conflict',
    ],
    [
      'an ICMP rule with a source-port range',
      'AuthorizeSecurityGroup',
      {
        SecurityGroupId: 'sg-a',
        'Permissions.1.IpProtocol': 'ICMP',
        'Permissions.1.PortRange': '-1/-1',
        'Permissions.1.SourceCidrIp': '10.0.0.0/8',
        'Permissions.1.SourcePortRange': '1/100',
      },
      'InvalidSourcePortRange.Malformed',
    ],
    [
      'an ENI in a group of another VPC',
      'CreateNetworkInterface',
      { VSwitchId: 'vsw-a1', SecurityGroupId: 'sg-b' },
      'InvalidSecurityGroupId.NotVpc',
    ],
    [
      'an address outside the vSwitch',
      'AssignPrivateIpAddresses',
      { NetworkInterfaceId: 'eni-a1-second', 'PrivateIpAddress.1': '10.0.1.99' },
      'InvalidPrivateIpAddress.Mismatch',
    ],
    [
      'an address already held',
      'AssignPrivateIpAddresses',
      { NetworkInterfaceId: 'eni-a1-second', 'PrivateIpAddress.1': '10.0.2.21' },
      'InvalidIp.IpAssigned',
    ],
  ])('the sandbox refuses %s (%s → %s)', async (_what, action, params, code) => {
    await expect(clientFor(A).call('ecs', 'cn-hangzhou', action, params)).rejects.toMatchObject({ code });
  });
});
