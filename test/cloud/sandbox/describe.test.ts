/** Describe* shapes, filters and paging (aliyun-api.md §3.8, §4.1, §5.1, §8a). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { A, B, call, crossAccountWorld, expectApiError, type Json, type World } from './helpers';

let w: World;
const ris: string[] = [];
beforeAll(async () => {
  w = await crossAccountWorld();
  for (let i = 0; i < 3; i++) {
    const r = await call(w.a.vpc, 'CreateRouterInterface', {
      RegionId: A.region,
      Role: 'InitiatingSide',
      RouterType: 'VRouter',
      RouterId: A.vRouterId,
      Spec: i === 0 ? 'Mini.2' : 'Mini.5',
      OppositeRegionId: B.region,
      Name: `ri-number-${i}`,
    });
    ris.push(r.RouterInterfaceId);
  }
});
afterAll(() => w.sandbox.close());

describe('DescribeRouterInterfaces', () => {
  it('pages with PageNumber/PageSize', async () => {
    const p1 = await call(w.a.vpc, 'DescribeRouterInterfaces', { RegionId: A.region, PageSize: 2 });
    const p2 = await call(w.a.vpc, 'DescribeRouterInterfaces', { RegionId: A.region, PageSize: 2, PageNumber: 2 });
    expect([p1.TotalCount, p1.PageNumber, p1.PageSize, p1.RouterInterfaceSet.RouterInterfaceType.length]).toEqual([
      3, 1, 2, 2,
    ]);
    expect(p2.RouterInterfaceSet.RouterInterfaceType.map((r: Json) => r.RouterInterfaceId)).toEqual([ris[2]]);
    await expectApiError(
      w.a.vpc.request('DescribeRouterInterfaces', { RegionId: A.region, PageSize: 51 }),
      'InvalidParameter',
      400,
    );
  });

  it('OR-s values of one filter key and AND-s different keys', async () => {
    const two = await call(w.a.vpc, 'DescribeRouterInterfaces', {
      RegionId: A.region,
      Filter: [{ Key: 'RouterInterfaceId', Value: [ris[0], ris[1]] }],
    });
    expect(two.TotalCount).toBe(2);
    const andName = await call(w.a.vpc, 'DescribeRouterInterfaces', {
      RegionId: A.region,
      Filter: [
        { Key: 'RouterInterfaceId', Value: [ris[0], ris[1]] },
        { Key: 'Name', Value: ['ri-number-1'] },
      ],
    });
    expect(andName.RouterInterfaceSet.RouterInterfaceType.map((r: Json) => r.RouterInterfaceId)).toEqual([ris[1]]);
    const idle = await call(w.a.vpc, 'DescribeRouterInterfaces', {
      RegionId: A.region,
      Filter: [
        { Key: 'Status', Value: ['Idle'] },
        { Key: 'RouterId', Value: [A.vRouterId] },
      ],
    });
    expect(idle.TotalCount).toBe(3);
    await expectApiError(
      w.a.vpc.request('DescribeRouterInterfaces', { RegionId: A.region, Filter: [{ Key: 'Colour', Value: ['red'] }] }),
      'InvalidFilterKey.ValueNotSupported',
      400,
    );
  });

  it('reports every field of §3.8 with the documented types', async () => {
    const item = (
      await call(w.a.vpc, 'DescribeRouterInterfaces', {
        RegionId: A.region,
        Filter: [{ Key: 'RouterInterfaceId', Value: [ris[0]] }],
      })
    ).RouterInterfaceSet.RouterInterfaceType[0];
    for (const field of [
      'RouterInterfaceId',
      'Name',
      'Description',
      'RegionId',
      'RouterId',
      'RouterType',
      'Role',
      'Spec',
      'Status',
      'BusinessStatus',
      'CreationTime',
      'ConnectedTime',
      'EndTime',
      'ChargeType',
      'VpcInstanceId',
      'AccessPointId',
      'OppositeRegionId',
      'OppositeInterfaceId',
      'OppositeRouterId',
      'OppositeRouterType',
      'OppositeInterfaceOwnerId',
      'OppositeVpcInstanceId',
      'OppositeAccessPointId',
      'OppositeInterfaceSpec',
      'OppositeInterfaceStatus',
      'OppositeInterfaceBusinessStatus',
      'HealthCheckSourceIp',
      'HealthCheckTargetIp',
    ]) {
      expect(typeof item[field], field).toBe('string');
    }
    expect([
      typeof item.Bandwidth,
      typeof item.OppositeBandwidth,
      typeof item.CrossBorder,
      typeof item.FastLinkMode,
    ]).toEqual(['number', 'number', 'boolean', 'boolean']);
    expect(item).toMatchObject({
      Status: 'Idle',
      Role: 'InitiatingSide',
      RouterType: 'VRouter',
      Spec: 'Mini.2',
      Bandwidth: 2,
      VpcInstanceId: A.vpcId,
      OppositeRegionId: B.region,
      OppositeInterfaceId: '',
    });
  });
});

describe('VPC, vSwitch, vRouter and route-table reads', () => {
  it('DescribeVSwitches by VpcId alone, with its route table and Long OwnerId', async () => {
    const r = await call(w.a.vpc, 'DescribeVSwitches', { VpcId: A.vpcId });
    const vsw = r.VSwitches.VSwitch[0];
    expect(vsw).toMatchObject({
      VpcId: A.vpcId,
      CidrBlock: A.vSwitchCidr,
      ZoneId: 'cn-qingdao-b',
      RouteTable: { RouteTableId: A.routeTableId, RouteTableType: 'System' },
      AvailableIpAddressCount: 251,
    });
    expect(String(vsw.OwnerId)).toBe(A.accountId);
    await expectApiError(w.a.vpc.request('DescribeVSwitches', {}), 'MissingParameter', 400);
  });

  it('DescribeVRouters lists the vRouter with its tables', async () => {
    const r = await call(w.b.vpc, 'DescribeVRouters', { RegionId: B.region });
    expect(r.VRouters.VRouter).toEqual([
      expect.objectContaining({
        VRouterId: B.vRouterId,
        VpcId: B.vpcId,
        RouteTableIds: { RouteTableId: [B.routeTableId] },
      }),
    ]);
  });

  it('DescribeRouteTableList carries Code "200" that pop-core accepts, and filters by VpcId', async () => {
    const r = await call(w.a.vpc, 'DescribeRouteTableList', { RegionId: A.region, VpcId: A.vpcId });
    expect([r.Code, r.Success, r.TotalCount]).toEqual(['200', true, 1]);
    const t = r.RouterTableList.RouterTableListType[0];
    expect(t).toMatchObject({
      RouteTableId: A.routeTableId,
      RouteTableType: 'System',
      RouterId: A.vRouterId,
      RouterType: 'VRouter',
      VpcId: A.vpcId,
      VSwitchIds: { VSwitchId: ['vsw-m5e5e5rgx2ol5dzn1hc8a'] },
    });
    expect(typeof t.OwnerId).toBe('object');
    expect(
      (await call(w.a.vpc, 'DescribeRouteTableList', { RegionId: A.region, RouteTableType: 'Custom' })).TotalCount,
    ).toBe(0);
  });

  it('DescribeVpcs filters by a comma-separated VpcId list and by name', async () => {
    expect(
      (await call(w.a.vpc, 'DescribeVpcs', { RegionId: A.region, VpcId: `${A.vpcId},vpc-other` })).TotalCount,
    ).toBe(1);
    expect((await call(w.a.vpc, 'DescribeVpcs', { RegionId: A.region, VpcName: 'VPC1' })).TotalCount).toBe(1);
    expect((await call(w.a.vpc, 'DescribeVpcs', { RegionId: A.region, VpcName: 'nope' })).TotalCount).toBe(0);
  });
});
