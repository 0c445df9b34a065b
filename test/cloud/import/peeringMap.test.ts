/** ListVpcPeerConnections items → `vpcPeerConnections[]` (aliyun-links.md §1.3), and the merge of both ends' views. */
import { describe, expect, it } from 'vitest';
import { mapVpcPeerConnection, mergePeerings, type VpcPeerInput } from '../../../cloud/import/peering';

const item = (extra: Record<string, unknown> = {}) => ({
  InstanceId: 'pcc-1',
  Name: 'a-b',
  OwnerId: '1000000000000001',
  AcceptingOwnerUid: '1000000000000002',
  RegionId: 'cn-beijing',
  AcceptingRegionId: 'cn-hangzhou',
  Bandwidth: 1024,
  Status: 'Activated',
  BizStatus: 'Normal',
  LinkType: 'Gold',
  Description: '',
  Tags: [],
  Vpc: { VpcId: 'vpc-a', Ipv4Cidrs: ['10.0.0.0/16'], Ipv6Cidrs: [] },
  AcceptingVpc: { VpcId: 'vpc-b', Ipv4Cidrs: ['10.1.0.0/16'], Ipv6Cidrs: [] },
  ...extra,
});

describe('mapVpcPeerConnection', () => {
  it('maps every field the document has', () => {
    expect(mapVpcPeerConnection(item())).toEqual({
      kind: 'ok',
      value: {
        instanceId: 'pcc-1',
        vpcId: 'vpc-a',
        acceptingVpcId: 'vpc-b',
        name: 'a-b',
        acceptingOwnerUid: '1000000000000002',
        acceptingRegionId: 'cn-hangzhou',
        bandwidth: 1024,
        status: 'Activated',
      },
      warnings: [],
    });
  });

  it.each([
    ['BizStatus FinancialLocked', { BizStatus: 'FinancialLocked' }, /BizStatus FinancialLocked .* too permissive/],
    ['IPv6 blocks', { Vpc: { VpcId: 'vpc-a', Ipv6Cidrs: ['2408::/56'] } }, /IPv6 CIDR blocks are not in the document/],
    ['tags', { Description: 'x', Tags: [{ Key: 'k', Value: 'v' }] }, /: Tags not kept/],
    ['a Platinum link', { LinkType: 'Platinum' }, /LinkType Platinum not kept/],
  ])('%s → an info warning naming the connection', (_name, extra, message) => {
    const mapped = mapVpcPeerConnection(item(extra));
    expect(mapped.kind).toBe('ok');
    if (mapped.kind === 'ok') expect(mapped.warnings).toEqual([expect.stringMatching(message)]);
    if (mapped.kind === 'ok') expect(mapped.warnings[0]).toContain('pcc-1');
  });

  it('keeps the description (it carries the ownership marker vpclink writes)', () => {
    const mapped = mapVpcPeerConnection(item({ Description: 'made by [vpclink:0123456789ab]' }));
    expect(mapped.kind === 'ok' && mapped.value).toMatchObject({ description: 'made by [vpclink:0123456789ab]' });
    expect(mapped.kind === 'ok' && mapped.warnings).toEqual([]);
  });

  it.each([
    ['no InstanceId', { InstanceId: '' }],
    ['no accepting VPC', { AcceptingVpc: null }],
  ])('%s → left out with a warning', (_name, extra) => {
    expect(mapVpcPeerConnection(item(extra)).kind).toBe('skipped');
  });

  it('a -1 (unlimited) bandwidth is kept; an absent one stays absent', () => {
    const unlimited = mapVpcPeerConnection(item({ Bandwidth: -1 }));
    expect(unlimited.kind === 'ok' && unlimited.value.bandwidth).toBe(-1);
    const absent = mapVpcPeerConnection(item({ Bandwidth: undefined }));
    expect(absent.kind === 'ok' && 'bandwidth' in absent.value).toBe(false);
    expect(absent.kind === 'ok' && absent.warnings).toEqual([]);
  });

  it.each([
    ['text', 'fast', '"fast"'],
    ['an object', { value: 5 }, '{"value":5}'],
  ])('a bandwidth that is %s is left out with a warning (it used to vanish silently)', (_name, value, shown) => {
    const mapped = mapVpcPeerConnection(item({ Bandwidth: value }));
    expect(mapped.kind === 'ok' && 'bandwidth' in mapped.value).toBe(false);
    expect(mapped.kind === 'ok' && mapped.warnings).toContain(
      `VPC peering connection pcc-1: Bandwidth ${shown} is not a number; left out`,
    );
  });
});

describe('mergePeerings', () => {
  const view = (status: string): VpcPeerInput => ({
    instanceId: 'pcc-1',
    vpcId: 'vpc-a',
    acceptingVpcId: 'vpc-b',
    status,
  });
  it.each([
    ['both ends agree', ['Activated', 'Activated'], 'Activated', 0],
    ['the requester saw Activated, the accepter Updating', ['Activated', 'Updating'], 'Updating', 1],
    ['the requester saw Accepting, the accepter Activated', ['Accepting', 'Activated'], 'Accepting', 1],
  ] as const)('%s → one resource, status %s', (_name, statuses, kept, warningCount) => {
    const warnings: string[] = [];
    const merged = mergePeerings(
      statuses.map((s) => view(s)),
      warnings,
    );
    expect(merged.map((p) => p.status)).toEqual([kept]);
    expect(warnings).toHaveLength(warningCount);
  });
});
