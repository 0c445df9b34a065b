/** Describe* items → document fields: the tricky cases, as tables. */
import { describe, expect, it } from 'vitest';
import {
  mapInstance,
  mapPermission,
  mapRouteEntry,
  mapRouterInterface,
  mapSecurityGroup,
  mapVpc,
  mapVSwitch,
} from '../../../cloud/import';

const ok = <T>(result: { kind: string; value?: T; warning?: string } | undefined): T => {
  expect(result?.kind, result?.warning).toBe('ok');
  return result!.value as T;
};
const skippedWith = (result: { kind: string; warning?: string } | undefined, pattern: RegExp) => {
  expect(result?.kind).toBe('skipped');
  expect(result?.warning).toMatch(pattern);
};

describe('mapVpc / mapVSwitch', () => {
  it('maps names, secondary CIDRs and status; omits empty fields', () => {
    const vpc = ok(
      mapVpc(
        {
          VpcId: 'vpc-1',
          VpcName: '',
          RegionId: 'cn-beijing',
          CidrBlock: '10.0.0.0/16',
          VRouterId: 'vrt-1',
          Status: 'Available',
          OwnerId: '1231579085529123',
          SecondaryCidrBlocks: { SecondaryCidrBlock: ['10.2.0.0/16', '10.1.0.0/16'] },
          Description: '',
        },
        '1231579085529123',
        'cn-beijing',
      ),
    );
    expect(vpc).toEqual({
      vpcId: 'vpc-1',
      accountId: '1231579085529123',
      regionId: 'cn-beijing',
      cidrBlock: '10.0.0.0/16',
      vRouterId: 'vrt-1',
      status: 'Available',
      secondaryCidrBlocks: ['10.1.0.0/16', '10.2.0.0/16'],
    });
  });
  it('warns when OwnerId is another account', () => {
    const result = mapVpc(
      { VpcId: 'vpc-1', CidrBlock: '10.0.0.0/16', VRouterId: 'vrt-1', OwnerId: '999' },
      '1231579085529123',
      'cn-beijing',
    );
    expect(result.kind === 'ok' && result.warnings[0]).toMatch(/OwnerId 999 differs/);
  });
  it('skips a VPC without vRouter', () =>
    skippedWith(mapVpc({ VpcId: 'vpc-1', CidrBlock: '10.0.0.0/16' }, 'a', 'r'), /no VRouterId/));
  it.each([
    [{ RouteTable: { RouteTableId: 'vtb-c', RouteTableType: 'Custom' } }, undefined, 'vtb-c'],
    [{ RouteTable: { RouteTableId: 'vtb-s', RouteTableType: 'System' } }, undefined, undefined],
    [{}, 'vtb-from-list', 'vtb-from-list'],
  ])('vSwitch route table %j (list says %s) → %s', (extra, fromList, expected) => {
    const vsw = ok(
      mapVSwitch(
        { VSwitchId: 'vsw-1', VpcId: 'vpc-1', ZoneId: 'cn-beijing-h', CidrBlock: '10.0.1.0/24', ...extra },
        fromList,
      ),
    );
    expect((vsw as { routeTableId?: string }).routeTableId).toBe(expected);
  });
});

describe('mapRouteEntry', () => {
  it.each([
    [
      'DescribeRouteTables shape',
      {
        Type: 'Custom',
        DestinationCidrBlock: '172.16.0.0/16',
        NextHopType: 'RouterInterface',
        InstanceId: 'ri-1',
        Status: 'Available',
        RouteEntryName: 'to-b',
      },
      {
        destinationCidrBlock: '172.16.0.0/16',
        nextHopType: 'RouterInterface',
        nextHopId: 'ri-1',
        status: 'Available',
        routeEntryName: 'to-b',
      },
    ],
    [
      'DescribeRouteEntryList shape',
      {
        Type: 'Custom',
        DestinationCidrBlock: '172.16.0.0/16',
        RouteEntryId: 'rte-1',
        Status: 'Pending',
        NextHops: { NextHop: [{ NextHopType: 'RouterInterface', NextHopId: 'ri-1' }] },
      },
      {
        destinationCidrBlock: '172.16.0.0/16',
        nextHopType: 'RouterInterface',
        nextHopId: 'ri-1',
        status: 'Pending',
        routeEntryId: 'rte-1',
      },
    ],
  ])('%s', (_label, item, expected) => {
    expect(ok(mapRouteEntry(item, 'vtb-1'))).toEqual(expected);
  });
  it('System routes are implied: not mapped at all', () => {
    expect(
      mapRouteEntry({ Type: 'System', DestinationCidrBlock: '10.0.1.0/24', NextHopType: 'local' }, 'vtb-1'),
    ).toBeUndefined();
  });
  it('ECMP routes are left out with a warning', () => {
    skippedWith(
      mapRouteEntry(
        {
          Type: 'Custom',
          DestinationCidrBlock: '0.0.0.0/0',
          NextHops: {
            NextHop: [
              { NextHopType: 'Instance', NextHopId: 'i-1' },
              { NextHopType: 'Instance', NextHopId: 'i-2' },
            ],
          },
        },
        'vtb-1',
      ),
      /ECMP or active\/standby route with 2 next hops \(Instance i-1, Instance i-2\)/,
    );
  });
  it('an unknown next-hop type is kept as the API spells it (validate warns, check says undetermined)', () => {
    expect(
      ok(
        mapRouteEntry(
          { Type: 'Custom', DestinationCidrBlock: '0.0.0.0/0', NextHopType: 'Teleporter', InstanceId: 'x' },
          'vtb-1',
        ),
      ),
    ).toEqual({ destinationCidrBlock: '0.0.0.0/0', nextHopType: 'Teleporter', nextHopId: 'x' });
  });
  it.each([
    ['HaVip', 'havip-1'],
    ['NatGateway', 'ngw-1'],
    ['VpnGateway', 'vpn-1'],
    ['VpcPeer', 'pcc-1'],
    ['Attachment', 'tr-attach-1'],
    ['NetworkInterface', 'eni-1'],
    ['Ecr', 'ecr-assoc-1'],
    ['GatewayEndpoint', 'vpce-1'],
  ])('a %s route is kept', (nextHopType, nextHopId) => {
    expect(
      ok(
        mapRouteEntry(
          {
            Type: 'Custom',
            DestinationCidrBlock: 'pl-1',
            NextHops: { NextHop: [{ NextHopType: nextHopType, NextHopId: nextHopId }] },
          },
          'vtb-1',
        ),
      ),
    ).toEqual({ destinationCidrBlock: 'pl-1', nextHopType, nextHopId });
  });
  it('a dynamic (BGP, CEN, ECR) route is kept with its type', () => {
    expect(
      ok(
        mapRouteEntry(
          { Type: 'CEN', DestinationCidrBlock: '10.8.0.0/16', NextHopType: 'Attachment', InstanceId: 'tr-attach-1' },
          'vtb-1',
        ),
      ),
    ).toEqual({
      destinationCidrBlock: '10.8.0.0/16',
      nextHopType: 'Attachment',
      nextHopId: 'tr-attach-1',
      type: 'CEN',
    });
  });
  it.each([
    ['Created', 'Available'],
    ['Creating', 'Pending'],
  ])('status %s (CreateRouteEntry doc wording) → %s with a warning', (status, expected) => {
    const result = mapRouteEntry(
      { Type: 'Custom', DestinationCidrBlock: '0.0.0.0/0', NextHopType: 'Instance', InstanceId: 'i-1', Status: status },
      'vtb-1',
    );
    expect(result?.kind === 'ok' && result.value.status).toBe(expected);
    expect(result?.kind === 'ok' && result.warnings[0]).toMatch(new RegExp(`"${status}" recorded as ${expected}`));
  });
});

describe('mapRouterInterface', () => {
  const ri = {
    RouterInterfaceId: 'ri-1',
    RegionId: 'cn-qingdao',
    RouterType: 'VRouter',
    RouterId: 'vrt-1',
    Role: 'InitiatingSide',
    Spec: 'Mini.2',
    Status: 'Connecting',
    OppositeRegionId: 'cn-beijing',
    OppositeInterfaceId: 'ri-2',
    OppositeRouterId: 'vrt-2',
    OppositeRouterType: 'VRouter',
    OppositeInterfaceOwnerId: '1564982317654321',
    Name: '',
    OppositeInterfaceStatus: 'AcceptingConnecting',
  };
  it('maps the contract fields, the live status and a Long owner as text', () => {
    expect(ok(mapRouterInterface(ri, '1231579085529123', 'cn-qingdao'))).toEqual({
      routerInterfaceId: 'ri-1',
      accountId: '1231579085529123',
      regionId: 'cn-qingdao',
      routerType: 'VRouter',
      routerId: 'vrt-1',
      role: 'InitiatingSide',
      spec: 'Mini.2',
      oppositeRegionId: 'cn-beijing',
      oppositeInterfaceId: 'ri-2',
      oppositeRouterId: 'vrt-2',
      oppositeRouterType: 'VRouter',
      oppositeInterfaceOwnerId: '1564982317654321',
      status: 'Connecting',
      oppositeInterfaceStatus: 'AcceptingConnecting',
    });
  });
  it('an Idle interface without opposite info has no opposite fields (the API gives empty strings)', () => {
    const value = ok(
      mapRouterInterface(
        {
          ...ri,
          Status: 'Idle',
          OppositeInterfaceId: '',
          OppositeRouterId: '',
          OppositeRouterType: '',
          OppositeInterfaceOwnerId: '',
          OppositeInterfaceStatus: '',
        },
        'a',
        'cn-qingdao',
      ),
    ) as Record<string, unknown>;
    expect(Object.keys(value).filter((k) => k.startsWith('opposite'))).toEqual(['oppositeRegionId']);
  });
  it('VBR interfaces are left out', () =>
    skippedWith(mapRouterInterface({ ...ri, RouterType: 'VBR' }, 'a', 'r'), /VBR/));
  it('an unknown spec is left out', () =>
    skippedWith(mapRouterInterface({ ...ri, Spec: 'Huge.9' }, 'a', 'r'), /"Huge.9"/));
});

describe('mapPermission (DescribeSecurityGroupAttribute, aliyun-api.md §5.3)', () => {
  it.each([
    [
      'ingress CIDR, priority string → number, protocol upper-case',
      {
        Direction: 'ingress',
        IpProtocol: 'icmp',
        PortRange: '-1/-1',
        SourceCidrIp: '10.0.0.0/8',
        Policy: 'accept',
        Priority: '5',
        NicType: 'intranet',
      },
      {
        direction: 'ingress',
        ipProtocol: 'ICMP',
        portRange: '-1/-1',
        policy: 'Accept',
        priority: 5,
        sourceCidrIp: '10.0.0.0/8',
        nicType: 'intranet',
      },
    ],
    [
      'egress drop to a CIDR ignores the source side',
      {
        Direction: 'egress',
        IpProtocol: 'TCP',
        PortRange: '22/22',
        SourceCidrIp: '',
        DestCidrIp: '0.0.0.0/0',
        Policy: 'Drop',
        Priority: '1',
      },
      {
        direction: 'egress',
        ipProtocol: 'TCP',
        portRange: '22/22',
        policy: 'Drop',
        priority: 1,
        destCidrIp: '0.0.0.0/0',
      },
    ],
    [
      'group source with owner',
      {
        Direction: 'ingress',
        IpProtocol: 'ALL',
        PortRange: '-1/-1',
        SourceGroupId: 'sg-2',
        SourceGroupOwnerAccount: '1231579085529123',
        Policy: 'Accept',
        Priority: '100',
      },
      {
        direction: 'ingress',
        ipProtocol: 'ALL',
        portRange: '-1/-1',
        policy: 'Accept',
        priority: 100,
        sourceGroupId: 'sg-2',
        sourceGroupOwnerAccount: '1231579085529123',
      },
    ],
  ])('%s', (_label, item, expected) => {
    expect(ok(mapPermission(item, 'sg-1'))).toEqual(expected);
  });
  it.each([
    [
      'an IPv6 peer',
      { Direction: 'ingress', IpProtocol: 'TCP', PortRange: '22/22', Ipv6SourceCidrIp: '::/0' },
      { ipv6SourceCidrIp: '::/0' },
    ],
    [
      'a prefix-list peer',
      { Direction: 'ingress', IpProtocol: 'TCP', PortRange: '22/22', SourcePrefixListId: 'pl-1' },
      { sourcePrefixListId: 'pl-1' },
    ],
    [
      'an egress prefix list with its source narrowing',
      {
        Direction: 'egress',
        IpProtocol: 'TCP',
        PortRange: '443/443',
        DestPrefixListId: 'pl-1',
        SourceCidrIp: '10.0.1.5/32',
      },
      { destPrefixListId: 'pl-1', sourceCidrIp: '10.0.1.5/32' },
    ],
    [
      'an ingress rule narrowed to one destination address, with a source-port range',
      {
        Direction: 'ingress',
        IpProtocol: 'TCP',
        PortRange: '22/22',
        SourceCidrIp: '10.0.0.0/8',
        DestCidrIp: '10.0.1.5/32',
        SourcePortRange: '1024/65535',
      },
      { sourceCidrIp: '10.0.0.0/8', destCidrIp: '10.0.1.5/32', sourcePortRange: '1024/65535' },
    ],
  ])('keeps %s', (_label, item, fields) => {
    expect(ok(mapPermission(item, 'sg-1'))).toMatchObject({ direction: item.Direction, ...fields });
  });
  it('a Drop rule with a port list covers every port; an Accept one is left out', () => {
    const drop = mapPermission(
      {
        Direction: 'ingress',
        IpProtocol: 'TCP',
        PortRange: '',
        PortRangeListId: 'prl-1',
        SourceCidrIp: '0.0.0.0/0',
        Policy: 'Drop',
      },
      'sg-1',
    );
    expect(drop.kind === 'ok' && drop.value).toMatchObject({
      portRange: '1/65535',
      policy: 'Drop',
      portRangeListId: 'prl-1',
    });
    expect(drop.kind === 'ok' && drop.warnings[0]).toMatch(/port list prl-1; recorded as a Drop on every port/);
    skippedWith(
      mapPermission(
        {
          Direction: 'ingress',
          IpProtocol: 'TCP',
          PortRange: '',
          PortRangeListId: 'prl-1',
          SourceCidrIp: '0.0.0.0/0',
          Policy: 'Accept',
        },
        'sg-1',
      ),
      /port list prl-1.*left out \(Accept\)/,
    );
  });
  it('a prefix list beside another peer is dropped from the rule, as the API ignores it', () => {
    const result = mapPermission(
      {
        Direction: 'ingress',
        IpProtocol: 'TCP',
        PortRange: '22/22',
        SourceCidrIp: '10.0.0.0/8',
        SourcePrefixListId: 'pl-1',
      },
      'sg-1',
    );
    expect(result.kind === 'ok' && result.value.sourcePrefixListId).toBeUndefined();
    expect(result.kind === 'ok' && result.warnings[0]).toMatch(/sourcePrefixListId pl-1 is ignored by the API/);
  });
  it.each([
    [
      { Direction: 'ingress', IpProtocol: 'ICMPv6', PortRange: '-1/-1', SourceCidrIp: '10.0.0.0/8' },
      /ICMPV6 is not modelled/,
    ],
    [{ Direction: 'sideways', IpProtocol: 'TCP', SourceCidrIp: '10.0.0.0/8' }, /"sideways"/],
  ])('leaves out %j', (item, message) => skippedWith(mapPermission(item, 'sg-1'), message));
});

describe('mapSecurityGroup / mapInstance', () => {
  it('a group collects its rules in a stable order and keeps skipped-rule warnings', () => {
    const result = mapSecurityGroup(
      { SecurityGroupId: 'sg-1', VpcId: 'vpc-1', SecurityGroupType: 'normal', SecurityGroupName: 'web' },
      { InnerAccessPolicy: 'drop' },
      [
        { Direction: 'ingress', IpProtocol: 'TCP', PortRange: '80/80', SourceCidrIp: '0.0.0.0/0', Priority: '10' },
        { Direction: 'egress', IpProtocol: 'ALL', PortRange: '-1/-1', DestCidrIp: '0.0.0.0/0', Priority: '1' },
        { Direction: 'ingress', IpProtocol: 'ICMP', PortRange: '-1/-1', SourceCidrIp: '10.0.0.0/8', Priority: '1' },
        { Direction: 'ingress', IpProtocol: 'TCP', PortRange: '22/22', Ipv6SourceCidrIp: '::/0' },
      ],
    );
    expect(result.kind).toBe('ok');
    if (result.kind !== 'ok') return;
    expect(result.value.innerAccessPolicy).toBe('Drop');
    expect(result.value.permissions!.map((p) => `${p.direction} ${p.ipProtocol} ${p.portRange}`)).toEqual([
      'egress ALL -1/-1',
      'ingress ICMP -1/-1',
      'ingress TCP 22/22',
      'ingress TCP 80/80',
    ]);
    expect(result.warnings).toHaveLength(0);
  });
  it('classic groups are left out', () =>
    skippedWith(mapSecurityGroup({ SecurityGroupId: 'sg-1' }, {}, []), /classic-network/));
  it('an instance takes its primary private IP and sorted groups; extra IPs are warned about', () => {
    const result = mapInstance({
      InstanceId: 'i-1',
      InstanceName: 'web',
      Status: 'Stopped',
      ZoneId: 'z',
      VpcAttributes: { VSwitchId: 'vsw-1', PrivateIpAddress: { IpAddress: ['10.0.1.5', '10.0.1.6'] } },
      SecurityGroupIds: { SecurityGroupId: ['sg-b', 'sg-a'] },
    });
    expect(result.kind === 'ok' && result.value).toEqual({
      instanceId: 'i-1',
      vSwitchId: 'vsw-1',
      privateIpAddress: '10.0.1.5',
      securityGroupIds: ['sg-a', 'sg-b'],
      name: 'web',
      status: 'Stopped',
      zoneId: 'z',
    });
    expect(result.kind === 'ok' && result.warnings[0]).toMatch(/also has 10.0.1.6/);
  });
  it.each([
    [
      {
        InstanceId: 'i-1',
        InnerIpAddress: { IpAddress: ['10.1.1.1'] },
        SecurityGroupIds: { SecurityGroupId: ['sg-1'] },
      },
      /classic network/,
    ],
    [
      {
        InstanceId: 'i-1',
        VpcAttributes: { VSwitchId: 'vsw-1', PrivateIpAddress: { IpAddress: ['10.0.1.5'] } },
        SecurityGroupIds: { SecurityGroupId: [] },
      },
      /no security group/,
    ],
  ])('leaves out %j', (item, message) => skippedWith(mapInstance(item), message));
});
