/** The topology index's release-2 lookups (simulator/model/dataplane.ts) on the every-field fixture. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDocumentText, loadDocumentValue, type Topology } from '../../../simulator/document';
import {
  buildTopologyIndex,
  expandPeer,
  holderOfAddress,
  networkAclOfVSwitch,
  networkInterfaceById,
  prefixListById,
} from '../../../simulator/model';
import { distinctIds } from '../../../simulator/model/dataplane';

function load(text: string): Topology {
  const result = loadDocumentText(text);
  if (result.kind !== 'ok') throw new Error(JSON.stringify(result));
  return result.document;
}

const doc = load(readFileSync(resolve(__dirname, '../document/fixtures/every-dataplane-field.vpclink.json'), 'utf8'));
const index = buildTopologyIndex(doc);

describe('who holds an address', () => {
  it.each([
    // address, kind, holder, instance, ENI, vSwitch, groups, primary
    ['10.0.1.10', 'instance', 'i-a1', 'i-a1', 'eni-a1-primary', 'vsw-a1', ['sg-a'], true],
    ['10.0.1.11', 'instance', 'i-a1', 'i-a1', 'eni-a1-primary', 'vsw-a1', ['sg-a'], false],
    ['10.0.2.20', 'networkInterface', 'eni-a1-second', 'i-a1', 'eni-a1-second', 'vsw-a2', ['sg-a-data'], true],
    ['10.0.2.21', 'networkInterface', 'eni-a1-second', 'i-a1', 'eni-a1-second', 'vsw-a2', ['sg-a-data'], false],
    ['10.1.1.10', 'instance', 'i-b1', 'i-b1', undefined, 'vsw-b1', ['sg-b'], true],
    ['10.1.1.30', 'networkInterface', 'eni-b-float', undefined, 'eni-b-float', 'vsw-b1', ['sg-b'], true],
  ] as const)('%s: %s %s', (address, kind, holderId, instanceId, networkInterfaceId, vSwitchId, groups, primary) => {
    const holder = holderOfAddress(index, address);
    expect(holder).toEqual({
      address,
      kind,
      holderId,
      ...(instanceId ? { instanceId } : {}),
      ...(networkInterfaceId ? { networkInterfaceId } : {}),
      vSwitchId,
      securityGroupIds: groups,
      primary,
    });
  });

  it('knows no holder for an address nobody holds', () => {
    expect(holderOfAddress(index, '10.0.1.99')).toBeUndefined();
  });

  it('lists every address of a holder, primary first, and every address a group filters', () => {
    expect(index.addressesByHolder.get('i-a1')!.map((h) => h.address)).toEqual(['10.0.1.10', '10.0.1.11']);
    expect(index.addressesByHolder.get('eni-a1-second')!.map((h) => h.address)).toEqual(['10.0.2.20', '10.0.2.21']);
    expect(index.addressesBySecurityGroup.get('sg-b')!.map((h) => h.address)).toEqual(['10.1.1.10', '10.1.1.30']);
  });

  it('the first claimant of a duplicated address wins (validation reports the other)', () => {
    const result = loadDocumentValue({
      format: 'vpclink/topology',
      version: 1,
      instances: [{ instanceId: 'i-1', vSwitchId: 'vsw-1', privateIpAddress: '10.0.0.5', securityGroupIds: ['sg-1'] }],
      networkInterfaces: [
        { networkInterfaceId: 'eni-1', vSwitchId: 'vsw-1', privateIpAddress: '10.0.0.5', securityGroupIds: ['sg-2'] },
      ],
    });
    if (result.kind !== 'ok') throw new Error('load');
    expect(holderOfAddress(buildTopologyIndex(result.document), '10.0.0.5')?.holderId).toBe('i-1');
  });
});

describe('ACLs, ENIs, prefix lists, peering', () => {
  it('finds the ACL of a vSwitch, and none for an unbound one', () => {
    expect(networkAclOfVSwitch(index, 'vsw-a1')?.networkAclId).toBe('nacl-a');
    expect(networkAclOfVSwitch(index, 'vsw-a2')).toBeUndefined();
  });

  it('finds ENIs by ID and by instance, and the primary ENI of an instance', () => {
    expect(networkInterfaceById(index, 'eni-a1-second')?.vSwitchId).toBe('vsw-a2');
    expect(index.networkInterfacesByInstance.get('i-a1')!.map((n) => n.networkInterfaceId)).toEqual([
      'eni-a1-primary',
      'eni-a1-second',
    ]);
    expect(index.primaryNetworkInterfaceByInstance.get('i-a1')?.networkInterfaceId).toBe('eni-a1-primary');
    expect(index.primaryNetworkInterfaceByInstance.has('i-b1')).toBe(false);
  });

  it('expands a peer: a CIDR as itself, a known prefix list to its entries, an unknown one to undefined', () => {
    expect(prefixListById(index, 'pl-office')?.maxEntries).toBe(10);
    expect(expandPeer(index, '10.0.0.0/8')).toEqual(['10.0.0.0/8']);
    expect(expandPeer(index, 'pl-office')).toEqual(['203.0.113.0/24', '198.51.100.0/24']);
    expect(expandPeer(index, 'pl-missing')).toBeUndefined();
  });

  it('finds a peering connection by its pcc ID', () => {
    expect(index.vpcPeerConnections.get('pcc-ab')?.acceptingVpcId).toBe('vpc-b');
  });
});

// distinctIds scans short lists instead of building a Set: it must give exactly the Set's order.
describe('distinct security-group IDs of a holder', () => {
  const many = (n: number) => Array.from({ length: n }, (_, i) => `sg-${i}`);
  it.each([
    ['no IDs', []],
    ['one ID', ['sg-a']],
    ['no repeats', ['sg-a', 'sg-b', 'sg-c']],
    ['an adjacent repeat', ['sg-a', 'sg-a', 'sg-b']],
    ['a distant repeat', ['sg-a', 'sg-b', 'sg-c', 'sg-a']],
    ['repeats of two IDs', ['sg-b', 'sg-a', 'sg-b', 'sg-a', 'sg-c']],
    ['a long list without repeats', many(40)],
    ['a long list with a repeat at its end', [...many(40), 'sg-3']],
  ])('%s: the order of a Set of them', (_name, ids) => {
    expect(distinctIds(ids)).toEqual([...new Set(ids)]);
  });

  it('gives back the list itself when a short list has no repeats (nothing allocated)', () => {
    const ids = ['sg-a', 'sg-b'];
    expect(distinctIds(ids)).toBe(ids);
  });

  it('files an instance that names a group twice once under that group, in the index', () => {
    const raw = JSON.parse(JSON.stringify(doc)) as Topology & { instances: { securityGroupIds: string[] }[] };
    const first = raw.instances[0]!;
    first.securityGroupIds = [...first.securityGroupIds, first.securityGroupIds[0]!];
    const loaded = loadDocumentValue(raw);
    if (loaded.kind !== 'ok') throw new Error(JSON.stringify(loaded));
    const twice = buildTopologyIndex(loaded.document);
    const groupId = first.securityGroupIds[0]!;
    const members = twice.instancesBySecurityGroup.get(groupId) ?? [];
    const holders = twice.addressesBySecurityGroup.get(groupId) ?? [];
    expect(members.filter((m) => m.instanceId === (first as { instanceId?: string }).instanceId)).toHaveLength(1);
    expect(members).toHaveLength(index.instancesBySecurityGroup.get(groupId)?.length ?? 0);
    expect(holders).toHaveLength(index.addressesBySecurityGroup.get(groupId)?.length ?? 0);
  });
});

describe('ENI address holders', () => {
  // Built from two literals (a hidden class that survives collections): the fields, their order
  // (the JSON a holder is written as) and instanceId only when the ENI is attached.
  it.each([
    ['an attached secondary ENI', '10.0.2.21', { instanceId: 'i-a1' }, false],
    ['a floating ENI', '10.1.1.30', {}, true],
  ])('%s: the same keys in the same order as the ENI says', (_name, address, attached, primary) => {
    const holder = holderOfAddress(index, address)!;
    const eni = networkInterfaceById(index, holder.holderId)!;
    expect(JSON.stringify(holder)).toBe(
      JSON.stringify({
        address,
        kind: 'networkInterface',
        holderId: eni.networkInterfaceId,
        ...attached,
        networkInterfaceId: eni.networkInterfaceId,
        vSwitchId: eni.vSwitchId,
        securityGroupIds: eni.securityGroupIds,
        primary,
      }),
    );
  });
});
