/** Route-entry rules (aliyun-api.md §4.2) and security-group rules (§5.4) through pop-core. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Topology } from '../../../simulator/document';
import { A, B, call, crossAccountWorld, expectApiError, loadExample, type Json, type World } from './helpers';

/** The cross-account example plus a second VPC of account A in the same region, with a group. */
function withSecondVpc(): Topology {
  const doc = loadExample('cross-account.vpclink.json');
  return {
    ...doc,
    vpcs: [
      ...doc.vpcs,
      {
        vpcId: 'vpc-m5esecond00000000000',
        accountId: A.accountId,
        regionId: A.region,
        cidrBlock: '10.10.0.0/16',
        vRouterId: 'vrt-m5esecond00000000000',
      },
    ],
    vSwitches: [
      ...doc.vSwitches,
      {
        vSwitchId: 'vsw-m5esecond00000000000',
        vpcId: 'vpc-m5esecond00000000000',
        zoneId: 'cn-qingdao-b',
        cidrBlock: '10.10.1.0/24',
      },
    ],
    securityGroups: [
      ...doc.securityGroups,
      {
        securityGroupId: 'sg-m5esecond0000000000',
        vpcId: 'vpc-m5esecond00000000000',
        securityGroupType: 'normal',
        innerAccessPolicy: 'Accept',
        permissions: [],
      },
      {
        securityGroupId: 'sg-m5esamevpc000000000',
        vpcId: A.vpcId,
        securityGroupType: 'normal',
        innerAccessPolicy: 'Accept',
        permissions: [],
      },
      { securityGroupId: 'sg-m5eenterprise000000', vpcId: A.vpcId, securityGroupType: 'enterprise', permissions: [] },
    ],
  };
}

let w: World;
let riA: string;
beforeEach(async () => {
  w = await crossAccountWorld({ seed: withSecondVpc() });
  const created = await call(w.a.vpc, 'CreateRouterInterface', {
    RegionId: A.region,
    Role: 'InitiatingSide',
    RouterType: 'VRouter',
    RouterId: A.vRouterId,
    Spec: 'Mini.2',
    OppositeRegionId: B.region,
  });
  riA = created.RouterInterfaceId;
});
afterEach(() => w.sandbox.close());

const route = (dest: string, extra: Record<string, unknown> = {}) =>
  call(w.a.vpc, 'CreateRouteEntry', {
    RegionId: A.region,
    RouteTableId: A.routeTableId,
    DestinationCidrBlock: dest,
    NextHopType: 'RouterInterface',
    NextHopId: riA,
    ...extra,
  });

describe('CreateRouteEntry rules', () => {
  it.each([
    ['equal to a vSwitch CIDR', A.vSwitchCidr, 'InvalidRouteEntry.Conflict'],
    ['inside a vSwitch CIDR', '192.168.1.128/25', 'InvalidRouteEntry.Conflict'],
    ['a bare IP inside a vSwitch', '192.168.1.7', 'InvalidRouteEntry.Conflict'],
    ['100.64.0.0/10 itself', '100.64.0.0/10', 'InvalidDestinationCidrBlock.Reserved'],
    ['a subnet of 100.64.0.0/10', '100.100.0.0/16', 'InvalidDestinationCidrBlock.Reserved'],
    ['malformed', '172.16.0.0/33', 'InvalidDestinationCidrBlock.Malformed'],
    ['host bits set', '172.16.0.1/16', 'InvalidDestinationCidrBlock.Malformed'],
  ])('%s → %s', async (_name, dest, code) => {
    await expectApiError(route(dest), code, 400);
  });

  it('a destination containing a vSwitch CIDR is allowed', async () => {
    const r = await route('192.168.0.0/16');
    expect(r.RouteEntryId).toMatch(/^rte-/);
  });

  it('a duplicate destination → RouterEntryConflict.Duplicated', async () => {
    await route(B.cidr);
    w.sandbox.advance(5000);
    await expectApiError(route(B.cidr), 'RouterEntryConflict.Duplicated', 400);
    // A bare IP is a /32: the same as its CIDR spelling.
    await route('172.31.0.9');
    w.sandbox.advance(5000);
    await expectApiError(route('172.31.0.9/32'), 'RouterEntryConflict.Duplicated', 400);
  });

  it('a second write while the first is Pending → TaskConflict, then fine once Available', async () => {
    await route(B.cidr);
    await expectApiError(route('172.17.0.0/16'), 'TaskConflict', 400);
    w.sandbox.advance(5000);
    await route('172.17.0.0/16');
  });

  it('the 201st custom route → QuotaExceeded.RouteEntry', async () => {
    for (let i = 0; i < 200; i++) {
      await route(`10.${100 + Math.floor(i / 100)}.${i % 100}.0/24`);
      w.sandbox.advance(1000);
    }
    await expectApiError(route('10.200.0.0/24'), 'QuotaExceeded.RouteEntry', 400);
    const list = await call(w.a.vpc, 'DescribeRouteEntryList', {
      RegionId: A.region,
      RouteTableId: A.routeTableId,
      RouteEntryType: 'Custom',
      MaxResult: 100,
    });
    expect(list.RouteEntrys.RouteEntry).toHaveLength(100);
    expect(list.NextToken).not.toBe('');
    const page2 = await call(w.a.vpc, 'DescribeRouteEntryList', {
      RegionId: A.region,
      RouteTableId: A.routeTableId,
      RouteEntryType: 'Custom',
      MaxResult: 100,
      NextToken: list.NextToken,
    });
    expect(page2.RouteEntrys.RouteEntry).toHaveLength(100);
    expect(page2.NextToken).toBe('');
  });

  it("the next hop must be an interface of this VPC's vRouter; unknown table → InvalidRouteTableId.NotFound", async () => {
    await expectApiError(route(B.cidr, { NextHopId: 'ri-nosuch' }), 'InvalidNextHopId.NotFound', 404);
    await expectApiError(route(B.cidr, { RouteTableId: B.routeTableId }), 'InvalidRouteTableId.NotFound', 404);
  });

  it.each([
    ['an undocumented NextHopType', { NextHopType: 'Gateway', NextHopId: 'gw-1' }, 'InvalidParameter', 400],
    [
      'a documented type the sandbox has no resource of',
      { NextHopType: 'HaVip', NextHopId: 'havip-1' },
      'InvalidNextHopId.NotFound',
      404,
    ],
    [
      'an instance of another VPC',
      { NextHopType: 'Instance', NextHopId: B.instance },
      'InvalidNextHopId.NotFound',
      404,
    ],
    ['the default type (Instance) with an interface ID', { NextHopType: '' }, 'InvalidNextHopId.NotFound', 404],
  ] as const)('next hop: %s → %s', async (_name, extra, code, status) => {
    await expectApiError(route(B.cidr, extra), code, status);
  });

  it('next hop: an instance of the same VPC is accepted', async () => {
    const r = await route(B.cidr, { NextHopType: 'Instance', NextHopId: A.instance });
    expect(r.RouteEntryId).toMatch(/^rte-/);
  });

  it('DryRun validates without creating', async () => {
    await expectApiError(route(B.cidr, { DryRun: true }), 'DryRunOperation', 400);
    const list = await call(w.a.vpc, 'DescribeRouteEntryList', {
      RegionId: A.region,
      RouteTableId: A.routeTableId,
      RouteEntryType: 'Custom',
    });
    expect(list.RouteEntrys.RouteEntry).toHaveLength(0);
  });

  it('ClientToken: a retried create returns the same entry', async () => {
    const first = await route(B.cidr, { ClientToken: 'rt-1' });
    const again = await route(B.cidr, { ClientToken: 'rt-1' });
    expect(again.RouteEntryId).toBe(first.RouteEntryId);
  });

  it('system routes are listed for each vSwitch and for 100.64.0.0/10', async () => {
    const list = await call(w.a.vpc, 'DescribeRouteEntryList', {
      RegionId: A.region,
      RouteTableId: A.routeTableId,
      RouteEntryType: 'System',
    });
    expect(list.RouteEntrys.RouteEntry.map((e: Json) => e.DestinationCidrBlock).sort()).toEqual([
      '100.64.0.0/10',
      A.vSwitchCidr,
    ]);
  });
});

const authorize = (permissions: Array<Record<string, unknown>>, extra: Record<string, unknown> = {}) =>
  call(w.a.ecs, 'AuthorizeSecurityGroup', {
    RegionId: A.region,
    SecurityGroupId: A.sg,
    Permissions: permissions,
    ...extra,
  });

async function rules(groupId = A.sg, direction = 'all'): Promise<Json[]> {
  const attr = await call(w.a.ecs, 'DescribeSecurityGroupAttribute', {
    RegionId: A.region,
    SecurityGroupId: groupId,
    Direction: direction,
  });
  return attr.Permissions.Permission;
}

describe('security-group rules', () => {
  it('SourcePortRange, ingress DestCidrIp, prefix-list and IPv6 peers are stored and read back under the API names (aliyun-dataplane.md §3.3)', async () => {
    await authorize([
      {
        IpProtocol: 'TCP',
        PortRange: '443/443',
        SourceCidrIp: B.cidr,
        SourcePortRange: '1024/65535',
        DestCidrIp: '192.168.1.10',
      },
      { IpProtocol: 'TCP', PortRange: '22/22', SourcePrefixListId: 'pl-2ze0abc123' },
      { IpProtocol: 'UDP', PortRange: '53/53', Ipv6SourceCidrIp: '2408:4000::/56', Ipv6DestCidrIp: '2408:4001::1' },
    ]);
    const listed = await rules(A.sg, 'ingress');
    expect(listed.find((r) => r.PortRange === '443/443')).toMatchObject({
      SourceCidrIp: B.cidr,
      SourcePortRange: '1024/65535',
      DestCidrIp: '192.168.1.10',
      SourcePrefixListId: '',
    });
    expect(listed.find((r) => r.PortRange === '22/22')).toMatchObject({
      SourcePrefixListId: 'pl-2ze0abc123',
      SourceCidrIp: '',
      SourceGroupId: '',
    });
    expect(listed.find((r) => r.PortRange === '53/53')).toMatchObject({
      Ipv6SourceCidrIp: '2408:4000::/56',
      Ipv6DestCidrIp: '2408:4001::1',
      SourceCidrIp: '',
    });
    // A different source port range is a different rule; the same one is the same rule.
    await authorize([
      {
        IpProtocol: 'TCP',
        PortRange: '443/443',
        SourceCidrIp: B.cidr,
        SourcePortRange: '1024/65535',
        DestCidrIp: '192.168.1.10',
      },
    ]);
    await authorize([{ IpProtocol: 'TCP', PortRange: '443/443', SourceCidrIp: B.cidr }]);
    expect((await rules(A.sg, 'ingress')).filter((r) => r.PortRange === '443/443')).toHaveLength(2);
    // Revoke by permission matches every field.
    await call(w.a.ecs, 'RevokeSecurityGroup', {
      RegionId: A.region,
      SecurityGroupId: A.sg,
      Permissions: [{ IpProtocol: 'TCP', PortRange: '22/22', SourcePrefixListId: 'pl-2ze0abc123' }],
    });
    expect((await rules(A.sg, 'ingress')).some((r) => r.SourcePrefixListId)).toBe(false);
    // Egress: the peer is DestPrefixListId, the local side SourceCidrIp.
    await call(w.a.ecs, 'AuthorizeSecurityGroupEgress', {
      RegionId: A.region,
      SecurityGroupId: A.sg,
      Permissions: [
        { IpProtocol: 'ALL', PortRange: '-1/-1', DestPrefixListId: 'pl-egress1', SourceCidrIp: '192.168.1.0/28' },
      ],
    });
    expect((await rules(A.sg, 'egress'))[0]).toMatchObject({
      DestPrefixListId: 'pl-egress1',
      SourceCidrIp: '192.168.1.0/28',
      DestCidrIp: '',
    });
  });

  it.each([
    ['a malformed SourcePortRange', { SourcePortRange: '70000/1' }, 'InvalidSourcePortRange.Malformed'],
    [
      'a SourcePortRange other than -1/-1 for ICMP',
      { IpProtocol: 'ICMP', PortRange: '-1/-1', SourcePortRange: '1/2' },
      'InvalidSourcePortRange.Malformed',
    ],
    ['two peers', { SourcePrefixListId: 'pl-1' }, 'InvalidParameter.Conflict'],
    [
      'a malformed prefix list ID',
      { SourceCidrIp: undefined, SourcePrefixListId: 'prefix-1' },
      'InvalidSourcePrefixListId.Malformed',
    ],
    [
      'a malformed IPv6 peer',
      { SourceCidrIp: undefined, Ipv6SourceCidrIp: '10.0.0.0/8' },
      'InvalidIpv6SourceCidrIp.Malformed',
    ],
    ['a malformed ingress DestCidrIp', { DestCidrIp: '192.168.1.0/40' }, 'InvalidDestCidrIp.Malformed'],
  ] as const)('%s → %s', async (_name, extra, code) => {
    const permission: Record<string, unknown> = {
      IpProtocol: 'TCP',
      PortRange: '22/22',
      SourceCidrIp: B.cidr,
      ...extra,
    };
    for (const key of Object.keys(permission)) if (permission[key] === undefined) delete permission[key];
    await expectApiError(authorize([permission]), code, 400);
  });

  it('re-adding an identical rule is a silent no-op; priority and description do not make it new', async () => {
    await authorize([{ IpProtocol: 'icmp', PortRange: '-1/-1', SourceCidrIp: B.cidr }]);
    await authorize([
      { IpProtocol: 'ICMP', PortRange: '-1/-1', SourceCidrIp: B.cidr, Policy: 'Accept', NicType: 'intranet' },
    ]);
    await authorize([
      { IpProtocol: 'Icmp', PortRange: '-1/-1', SourceCidrIp: B.cidr, Priority: '5', Description: 'again' },
    ]);
    expect(await rules()).toHaveLength(1);
    // A different policy is a different rule.
    await authorize([{ IpProtocol: 'icmp', PortRange: '-1/-1', SourceCidrIp: B.cidr, Policy: 'drop' }]);
    expect(await rules()).toHaveLength(2);
  });

  it("a group in the same VPC may be referenced; another VPC's group → InvalidSourceGroupId.Mismatch", async () => {
    await authorize([{ IpProtocol: 'tcp', PortRange: '22/22', SourceGroupId: 'sg-m5esamevpc000000000' }]);
    expect((await rules())[0]).toMatchObject({ SourceGroupId: 'sg-m5esamevpc000000000', SourceCidrIp: '' });
    await expectApiError(
      authorize([{ IpProtocol: 'tcp', PortRange: '22/22', SourceGroupId: 'sg-m5esecond0000000000' }]),
      'InvalidSourceGroupId.Mismatch',
      400,
    );
    // Another account's group is not even visible.
    await expectApiError(
      authorize([{ IpProtocol: 'tcp', PortRange: '22/22', SourceGroupId: B.sg }]),
      'InvalidSourceGroupId.NotFound',
      404,
    );
    await expectApiError(
      authorize([{ IpProtocol: 'tcp', PortRange: '22/22', SourceGroupId: A.sg }]),
      'InvalidParamter.Conflict',
      403,
    );
    await expectApiError(
      call(w.a.ecs, 'AuthorizeSecurityGroupEgress', {
        RegionId: A.region,
        SecurityGroupId: A.sg,
        Permissions: [{ IpProtocol: 'all', PortRange: '-1/-1', DestGroupId: 'sg-m5esecond0000000000' }],
      }),
      'InvalidDestGroupId.Mismatch',
      400,
    );
  });

  it.each([
    [
      'unknown protocol',
      { IpProtocol: 'sctp', PortRange: '1/2', SourceCidrIp: '10.0.0.0/8' },
      'InvalidIpProtocol.Malformed',
      400,
    ],
    ['ports on ICMP', { IpProtocol: 'icmp', PortRange: '22/22', SourceCidrIp: '10.0.0.0/8' }, 'OperationDenied', 400],
    [
      'port 0 on TCP',
      { IpProtocol: 'tcp', PortRange: '0/22', SourceCidrIp: '10.0.0.0/8' },
      'InvalidPortRange.Malformed',
      400,
    ],
    [
      'bad policy',
      { IpProtocol: 'tcp', PortRange: '22/22', SourceCidrIp: '10.0.0.0/8', Policy: 'allow' },
      'InvalidPolicy.Malformed',
      400,
    ],
    [
      'priority 101',
      { IpProtocol: 'tcp', PortRange: '22/22', SourceCidrIp: '10.0.0.0/8', Priority: '101' },
      'InvalidPriority.ValueNotSupported',
      400,
    ],
    ['no source', { IpProtocol: 'tcp', PortRange: '22/22' }, 'MissingParameter.Source', 400],
    [
      'bad CIDR',
      { IpProtocol: 'tcp', PortRange: '22/22', SourceCidrIp: '10.0.0.0/40' },
      'InvalidSourceCidrIp.Malformed',
      400,
    ],
  ])('%s → %s', async (_name, permission, code, status) => {
    await expectApiError(authorize([permission]), code, status);
  });

  it('an enterprise group cannot reference groups; an unknown group → InvalidSecurityGroupId.NotFound', async () => {
    await expectApiError(
      call(w.a.ecs, 'AuthorizeSecurityGroup', {
        RegionId: A.region,
        SecurityGroupId: 'sg-m5eenterprise000000',
        Permissions: [{ IpProtocol: 'tcp', PortRange: '22/22', SourceGroupId: 'sg-m5esamevpc000000000' }],
      }),
      'OperationDenied',
      400,
    );
    await expectApiError(
      call(w.a.ecs, 'AuthorizeSecurityGroup', {
        RegionId: A.region,
        SecurityGroupId: 'sg-nosuch',
        Permissions: [{ IpProtocol: 'icmp', PortRange: '-1/-1', SourceCidrIp: B.cidr }],
      }),
      'InvalidSecurityGroupId.NotFound',
      404,
    );
  });

  it('at most 200 rules per group → AuthorizationLimitExceed (403)', async () => {
    const batch = (from: number) =>
      Array.from({ length: 100 }, (_, i) => ({
        IpProtocol: 'tcp',
        PortRange: `${from + i}/${from + i}`,
        SourceCidrIp: '10.0.0.0/8',
      }));
    await authorize(batch(1000));
    await authorize(batch(2000));
    expect(await rules()).toHaveLength(200);
    await expectApiError(
      authorize([{ IpProtocol: 'tcp', PortRange: '1/1', SourceCidrIp: '10.0.0.0/8' }]),
      'AuthorizationLimitExceed',
      403,
    );
    const page = await call(w.a.ecs, 'DescribeSecurityGroupAttribute', {
      RegionId: A.region,
      SecurityGroupId: A.sg,
      MaxResults: 150,
    });
    expect(page.Permissions.Permission).toHaveLength(150);
    expect(page.NextToken).not.toBe('');
  });

  it('egress rules, direction filter, revoke by rule ID and by permission', async () => {
    await call(w.a.ecs, 'AuthorizeSecurityGroupEgress', {
      RegionId: A.region,
      SecurityGroupId: A.sg,
      Permissions: [{ IpProtocol: 'all', PortRange: '-1/-1', DestCidrIp: B.cidr }],
    });
    await authorize([
      { IpProtocol: 'icmp', PortRange: '-1/-1', SourceCidrIp: B.cidr },
      { IpProtocol: 'tcp', PortRange: '22/22', SourceCidrIp: B.cidr },
    ]);
    expect(await rules(A.sg, 'egress')).toEqual([
      expect.objectContaining({ Direction: 'egress', IpProtocol: 'ALL', DestCidrIp: B.cidr }),
    ]);
    const ingress = await rules(A.sg, 'ingress');
    expect(ingress).toHaveLength(2);
    await call(w.a.ecs, 'RevokeSecurityGroup', {
      RegionId: A.region,
      SecurityGroupId: A.sg,
      SecurityGroupRuleId: [ingress[0].SecurityGroupRuleId],
    });
    await call(w.a.ecs, 'RevokeSecurityGroup', {
      RegionId: A.region,
      SecurityGroupId: A.sg,
      Permissions: [{ IpProtocol: 'TCP', PortRange: '22/22', SourceCidrIp: B.cidr }],
    });
    expect(await rules(A.sg, 'ingress')).toHaveLength(0);
    // An egress rule ID is not an ingress rule.
    const egressId = (await rules(A.sg, 'egress'))[0].SecurityGroupRuleId;
    await expectApiError(
      call(w.a.ecs, 'RevokeSecurityGroup', {
        RegionId: A.region,
        SecurityGroupId: A.sg,
        SecurityGroupRuleId: [egressId],
      }),
      'InvalidSecurityGroupRuleId.NotFound',
      404,
    );
    await call(w.a.ecs, 'RevokeSecurityGroupEgress', {
      RegionId: A.region,
      SecurityGroupId: A.sg,
      SecurityGroupRuleId: [egressId],
    });
    expect(await rules()).toHaveLength(0);
  });

  it('ClientToken on Authorize: same parameters succeed again, other parameters are refused', async () => {
    await authorize([{ IpProtocol: 'icmp', PortRange: '-1/-1', SourceCidrIp: B.cidr }], { ClientToken: 'sg-token' });
    await authorize([{ IpProtocol: 'icmp', PortRange: '-1/-1', SourceCidrIp: B.cidr }], { ClientToken: 'sg-token' });
    await expectApiError(
      authorize([{ IpProtocol: 'icmp', PortRange: '-1/-1', SourceCidrIp: '10.0.0.0/8' }], { ClientToken: 'sg-token' }),
      'IdempotentParameterMismatch',
      400,
    );
  });

  it('the deprecated flat parameters still work', async () => {
    await call(w.a.ecs, 'AuthorizeSecurityGroup', {
      RegionId: A.region,
      SecurityGroupId: A.sg,
      IpProtocol: 'tcp',
      PortRange: '443/443',
      SourceCidrIp: '0.0.0.0/0',
    });
    expect(await rules()).toEqual([
      expect.objectContaining({ IpProtocol: 'TCP', PortRange: '443/443', SourceCidrIp: '0.0.0.0/0' }),
    ]);
  });
});

describe('ECS reads', () => {
  it('DescribeInstances filters by JSON-array InstanceIds and reports VPC attributes', async () => {
    const r = await call(w.a.ecs, 'DescribeInstances', {
      RegionId: A.region,
      InstanceIds: JSON.stringify([A.instance, 'i-other']),
    });
    expect(r.TotalCount).toBe(1);
    expect(r.Instances.Instance[0]).toMatchObject({
      InstanceId: A.instance,
      Status: 'Running',
      VpcAttributes: { VpcId: A.vpcId, PrivateIpAddress: { IpAddress: ['192.168.1.100'] } },
      SecurityGroupIds: { SecurityGroupId: [A.sg] },
    });
    await expectApiError(
      w.a.ecs.request('DescribeInstances', { RegionId: A.region, InstanceIds: 'i-not-json' }),
      'InvalidParameter',
      400,
    );
  });

  it('DescribeSecurityGroups pages with MaxResults/NextToken', async () => {
    const first = await call(w.a.ecs, 'DescribeSecurityGroups', { RegionId: A.region, MaxResults: 2 });
    expect(first.SecurityGroups.SecurityGroup).toHaveLength(2);
    const second = await call(w.a.ecs, 'DescribeSecurityGroups', {
      RegionId: A.region,
      MaxResults: 2,
      NextToken: first.NextToken,
    });
    expect(first.TotalCount).toBe(4);
    expect(second.SecurityGroups.SecurityGroup).toHaveLength(2);
    expect(second.NextToken).toBe('');
    const byVpc = await call(w.a.ecs, 'DescribeSecurityGroups', {
      RegionId: A.region,
      VpcId: 'vpc-m5esecond00000000000',
    });
    expect(byVpc.SecurityGroups.SecurityGroup.map((g: Json) => g.SecurityGroupId)).toEqual(['sg-m5esecond0000000000']);
  });
});
