/**
 * The whole cross-account sequence of aliyun-api.md §3.10 through the real pop-core client, on the
 * sandbox's manual clock, then every wrong order or value with its documented error code.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { A, B, call, clientsFor, crossAccountWorld, expectApiError, riStatus, type Json, type World } from './helpers';

let w: World;
beforeEach(async () => {
  w = await crossAccountWorld();
});
afterEach(() => w.sandbox.close());

async function createInitiator(world: World, extra: Record<string, unknown> = {}): Promise<string> {
  const r = await call(world.a.vpc, 'CreateRouterInterface', {
    RegionId: A.region,
    Role: 'InitiatingSide',
    RouterType: 'VRouter',
    RouterId: A.vRouterId,
    Spec: 'Mini.2',
    OppositeRegionId: B.region,
    ...extra,
  });
  return r.RouterInterfaceId as string;
}

async function createAcceptor(world: World, extra: Record<string, unknown> = {}): Promise<string> {
  const r = await call(world.b.vpc, 'CreateRouterInterface', {
    RegionId: B.region,
    Role: 'AcceptingSide',
    RouterType: 'VRouter',
    RouterId: B.vRouterId,
    Spec: 'Negative',
    OppositeRegionId: A.region,
    ...extra,
  });
  return r.RouterInterfaceId as string;
}

async function pointAcceptor(world: World, riB: string, riA: string): Promise<void> {
  await call(world.b.vpc, 'ModifyRouterInterfaceAttribute', {
    RegionId: B.region,
    RouterInterfaceId: riB,
    OppositeInterfaceId: riA,
    OppositeRouterId: A.vRouterId,
    OppositeRouterType: 'VRouter',
    OppositeInterfaceOwnerId: A.accountId,
  });
}

async function pointInitiator(world: World, riA: string, riB: string): Promise<void> {
  await call(world.a.vpc, 'ModifyRouterInterfaceAttribute', {
    RegionId: A.region,
    RouterInterfaceId: riA,
    OppositeInterfaceId: riB,
    OppositeRouterId: B.vRouterId,
    OppositeRouterType: 'VRouter',
    OppositeInterfaceOwnerId: B.accountId,
  });
}

/** Steps 2–6: both ends, opposite info on both, connect, wait Active. */
async function connectedPair(world: World): Promise<{ riA: string; riB: string }> {
  const riA = await createInitiator(world);
  const riB = await createAcceptor(world);
  await pointAcceptor(world, riB, riA);
  await pointInitiator(world, riA, riB);
  await call(world.a.vpc, 'ConnectRouterInterface', { RegionId: A.region, RouterInterfaceId: riA });
  world.sandbox.advance(60_000);
  return { riA, riB };
}

async function routeStatus(client: World['a']['vpc'], region: string, tableId: string, dest: string): Promise<string> {
  const r = await call(client, 'DescribeRouteEntryList', {
    RegionId: region,
    RouteTableId: tableId,
    DestinationCidrBlock: dest,
  });
  return r.RouteEntrys.RouteEntry[0]?.Status ?? 'gone';
}

describe('the cross-account sequence of §3.10', () => {
  it('reaches Active / Available with routes and rules in place', async () => {
    const { a, b, sandbox } = w;
    // 1. Learn the VPCs and each account's UID.
    const vpcsA = await call(a.vpc, 'DescribeVpcs', { RegionId: A.region });
    expect(vpcsA.Vpcs.Vpc.map((v: Json) => v.VpcId)).toEqual([A.vpcId]);
    expect(vpcsA.Vpcs.Vpc[0].VRouterId).toBe(A.vRouterId);
    // OwnerId is a Long: json-bigint hands it over as a BigNumber object.
    const owner = vpcsA.Vpcs.Vpc[0].OwnerId;
    expect(typeof owner).toBe('object');
    expect(String(owner)).toBe(A.accountId);
    const idA = await call(a.sts, 'GetCallerIdentity', {});
    const idB = await call(b.sts, 'GetCallerIdentity', {});
    expect([idA.AccountId, idB.AccountId]).toEqual([A.accountId, B.accountId]);

    // 2–3. Both ends; the CreateRouterInterface OrderId is a Long too.
    const created = await call(a.vpc, 'CreateRouterInterface', {
      RegionId: A.region,
      Role: 'InitiatingSide',
      RouterType: 'VRouter',
      RouterId: A.vRouterId,
      Spec: 'Mini.2',
      OppositeRegionId: B.region,
      Name: 'vpc1-to-vpc2',
    });
    const riA = created.RouterInterfaceId as string;
    expect(riA).toMatch(/^ri-m5e[a-z0-9]{18}$/);
    expect(typeof created.OrderId).toBe('object');
    expect(String(created.OrderId)).toMatch(/^[1-9]\d{15}$/);
    const riB = await createAcceptor(w, {
      OppositeInterfaceId: riA,
      OppositeRouterId: A.vRouterId,
      OppositeRouterType: 'VRouter',
      OppositeInterfaceOwnerId: A.accountId,
    });
    expect(riB).toMatch(/^ri-2ze/);
    expect(await riStatus(a.vpc, A.region, riA)).toBe('Idle');
    expect(await riStatus(b.vpc, B.region, riB)).toBe('Idle');

    // 4–5. Opposite info on both sides (acceptor first, as terraform orders it).
    await pointAcceptor(w, riB, riA);
    await pointInitiator(w, riA, riB);

    // 6. Connect from the initiator: Connecting / AcceptingConnecting, then Active.
    await call(a.vpc, 'ConnectRouterInterface', { RegionId: A.region, RouterInterfaceId: riA });
    expect(await riStatus(a.vpc, A.region, riA)).toBe('Connecting');
    expect(await riStatus(b.vpc, B.region, riB)).toBe('AcceptingConnecting');
    sandbox.advance(500);
    expect(await riStatus(a.vpc, A.region, riA)).toBe('Connecting');
    sandbox.advance(60_000);
    const listed = await call(a.vpc, 'DescribeRouterInterfaces', {
      RegionId: A.region,
      Filter: [{ Key: 'RouterInterfaceId', Value: [riA] }],
    });
    const item = listed.RouterInterfaceSet.RouterInterfaceType[0];
    expect(item).toMatchObject({
      Status: 'Active',
      Role: 'InitiatingSide',
      Spec: 'Mini.2',
      Bandwidth: 2,
      OppositeInterfaceId: riB,
      OppositeRouterId: B.vRouterId,
      OppositeInterfaceOwnerId: B.accountId,
      OppositeInterfaceStatus: 'Active',
      OppositeInterfaceSpec: 'Negative',
      VpcInstanceId: A.vpcId,
      OppositeVpcInstanceId: B.vpcId,
      Name: 'vpc1-to-vpc2',
    });
    expect(typeof item.OppositeInterfaceOwnerId).toBe('string');
    expect(item.ConnectedTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(await riStatus(b.vpc, B.region, riB)).toBe('Active');

    // 7. Routes on both sides: Pending, then Available.
    const routeA = await call(a.vpc, 'CreateRouteEntry', {
      RegionId: A.region,
      RouteTableId: A.routeTableId,
      DestinationCidrBlock: B.cidr,
      NextHopType: 'RouterInterface',
      NextHopId: riA,
    });
    expect(routeA.RouteEntryId).toMatch(/^rte-/);
    await call(b.vpc, 'CreateRouteEntry', {
      RegionId: B.region,
      RouteTableId: B.routeTableId,
      DestinationCidrBlock: A.cidr,
      NextHopType: 'RouterInterface',
      NextHopId: riB,
    });
    expect(await routeStatus(a.vpc, A.region, A.routeTableId, B.cidr)).toBe('Pending');
    sandbox.advance(10_000);
    expect(await routeStatus(a.vpc, A.region, A.routeTableId, B.cidr)).toBe('Available');
    expect(await routeStatus(b.vpc, B.region, B.routeTableId, A.cidr)).toBe('Available');
    const tables = await call(a.vpc, 'DescribeRouteTables', { RegionId: A.region, VRouterId: A.vRouterId });
    const custom = tables.RouteTables.RouteTable[0].RouteEntrys.RouteEntry.filter((e: Json) => e.Type === 'Custom');
    expect(custom).toEqual([
      expect.objectContaining({
        DestinationCidrBlock: B.cidr,
        NextHopType: 'RouterInterface',
        InstanceId: riA,
        Status: 'Available',
      }),
    ]);

    // 8. Security-group rules: ICMP from the peer CIDR on each side.
    await call(a.ecs, 'AuthorizeSecurityGroup', {
      RegionId: A.region,
      SecurityGroupId: A.sg,
      Permissions: [{ IpProtocol: 'icmp', PortRange: '-1/-1', SourceCidrIp: B.cidr, Policy: 'accept', Priority: '1' }],
    });
    await call(b.ecs, 'AuthorizeSecurityGroup', {
      RegionId: B.region,
      SecurityGroupId: B.sg,
      Permissions: [{ IpProtocol: 'ICMP', PortRange: '-1/-1', SourceCidrIp: A.cidr }],
    });
    const attr = await call(a.ecs, 'DescribeSecurityGroupAttribute', { RegionId: A.region, SecurityGroupId: A.sg });
    expect(attr.Permissions.Permission).toEqual([
      expect.objectContaining({
        Direction: 'ingress',
        IpProtocol: 'ICMP',
        PortRange: '-1/-1',
        SourceCidrIp: B.cidr,
        Policy: 'Accept',
        Priority: '1',
        NicType: 'intranet',
      }),
    ]);
    expect(attr.Permissions.Permission[0].SecurityGroupRuleId).toMatch(/^sgr-/);
  });

  it('teardown: routes, deactivate, delete both ends', async () => {
    const { riA, riB } = await connectedPair(w);
    const { a, b, sandbox } = w;
    const route = await call(a.vpc, 'CreateRouteEntry', {
      RegionId: A.region,
      RouteTableId: A.routeTableId,
      DestinationCidrBlock: B.cidr,
      NextHopType: 'RouterInterface',
      NextHopId: riA,
    });
    sandbox.advance(10_000);
    // Active, and a route points at it: both block the delete.
    await expectApiError(
      a.vpc.request('DeleteRouterInterface', { RegionId: A.region, RouterInterfaceId: riA }),
      'InvalidInstance.StatusError', // the current Vpc page (aliyun-links.md §5.1)
      400,
    );
    await call(a.vpc, 'DeactivateRouterInterface', { RegionId: A.region, RouterInterfaceId: riA });
    expect(await riStatus(a.vpc, A.region, riA)).toBe('Deactivating');
    sandbox.advance(60_000);
    expect(await riStatus(a.vpc, A.region, riA)).toBe('Inactive');
    expect(await riStatus(b.vpc, B.region, riB)).toBe('Inactive');
    await expectApiError(
      a.vpc.request('DeleteRouterInterface', { RegionId: A.region, RouterInterfaceId: riA }),
      'RouterInterfaceReferredByRouteEntry', // the current Vpc page (aliyun-links.md §5.1)
      400,
    );
    await call(a.vpc, 'DeleteRouteEntry', { RegionId: A.region, RouteEntryId: route.RouteEntryId });
    expect(await routeStatus(a.vpc, A.region, A.routeTableId, B.cidr)).toBe('Deleting');
    sandbox.advance(10_000);
    expect(await routeStatus(a.vpc, A.region, A.routeTableId, B.cidr)).toBe('gone');
    await expectApiError(
      a.vpc.request('DeleteRouteEntry', { RegionId: A.region, RouteEntryId: route.RouteEntryId }),
      'InvalidRouteEntry.NotFound',
      404,
    );
    // Activate brings an Inactive pair back.
    await call(b.vpc, 'ActivateRouterInterface', { RegionId: B.region, RouterInterfaceId: riB });
    expect(await riStatus(b.vpc, B.region, riB)).toBe('Activating');
    sandbox.advance(60_000);
    expect(await riStatus(a.vpc, A.region, riA)).toBe('Active');
    await call(a.vpc, 'DeactivateRouterInterface', { RegionId: A.region, RouterInterfaceId: riA });
    sandbox.advance(60_000);
    await call(a.vpc, 'DeleteRouterInterface', { RegionId: A.region, RouterInterfaceId: riA });
    expect(await riStatus(a.vpc, A.region, riA)).toBe('Deleting');
    sandbox.advance(60_000);
    expect(await riStatus(a.vpc, A.region, riA)).toBe('gone');
    expect(await riStatus(b.vpc, B.region, riB)).toBe('Idle');
    // `Deleted` exists only as an opposite status (aliyun-links.md §4 d, e).
    const survivor = await call(b.vpc, 'DescribeRouterInterfaces', {
      RegionId: B.region,
      Filter: [{ Key: 'RouterInterfaceId', Value: [riB] }],
    });
    expect(survivor.RouterInterfaceSet.RouterInterfaceType[0]).toMatchObject({
      OppositeInterfaceId: riA,
      OppositeInterfaceStatus: 'Deleted',
    });
    await call(b.vpc, 'DeleteRouterInterface', { RegionId: B.region, RouterInterfaceId: riB });
    sandbox.advance(60_000);
    expect(await riStatus(b.vpc, B.region, riB)).toBe('gone');
  });
});

describe('wrong order or wrong value → the documented code', () => {
  it('connect from the acceptor → IncorrectRole.NotInitiatingSide', async () => {
    const riA = await createInitiator(w);
    const riB = await createAcceptor(w);
    await pointAcceptor(w, riB, riA);
    await pointInitiator(w, riA, riB);
    await expectApiError(
      w.b.vpc.request('ConnectRouterInterface', { RegionId: B.region, RouterInterfaceId: riB }),
      'IncorrectRole.NotInitiatingSide',
      400,
    );
  });

  it('connect before the opposite info is set → IncorrectOppositeInterfaceInfo.NotSet (own side, then peer side)', async () => {
    const riA = await createInitiator(w);
    const riB = await createAcceptor(w);
    await expectApiError(
      w.a.vpc.request('ConnectRouterInterface', { RegionId: A.region, RouterInterfaceId: riA }),
      'IncorrectOppositeInterfaceInfo.NotSet',
      400,
    );
    await pointInitiator(w, riA, riB);
    // The acceptor has not been told about riA yet: what terraform retries for 2 minutes.
    await expectApiError(
      w.a.vpc.request('ConnectRouterInterface', { RegionId: A.region, RouterInterfaceId: riA }),
      'IncorrectOppositeInterfaceInfo.NotSet',
      400,
    );
    await pointAcceptor(w, riB, riA);
    await call(w.a.vpc, 'ConnectRouterInterface', { RegionId: A.region, RouterInterfaceId: riA });
  });

  it('opposite info that does not point back → IncorrectOppositeInterfaceInfo', async () => {
    const riA = await createInitiator(w);
    const riB = await createAcceptor(w);
    await pointInitiator(w, riA, riB);
    // Acceptor names the right interface but the wrong owner.
    await call(w.b.vpc, 'ModifyRouterInterfaceAttribute', {
      RegionId: B.region,
      RouterInterfaceId: riB,
      OppositeInterfaceId: riA,
      OppositeRouterId: A.vRouterId,
      OppositeRouterType: 'VRouter',
      OppositeInterfaceOwnerId: B.accountId,
    });
    await expectApiError(
      w.a.vpc.request('ConnectRouterInterface', { RegionId: A.region, RouterInterfaceId: riA }),
      'IncorrectOppositeInterfaceInfo',
      400,
    );
  });

  it('modify without OppositeRouterType takes the API default VBR, and the connect fails', async () => {
    const riA = await createInitiator(w);
    const riB = await createAcceptor(w);
    await pointAcceptor(w, riB, riA);
    await call(w.a.vpc, 'ModifyRouterInterfaceAttribute', {
      RegionId: A.region,
      RouterInterfaceId: riA,
      OppositeInterfaceId: riB,
      OppositeRouterId: B.vRouterId,
      OppositeInterfaceOwnerId: B.accountId,
    });
    const listed = await call(w.a.vpc, 'DescribeRouterInterfaces', { RegionId: A.region });
    expect(listed.RouterInterfaceSet.RouterInterfaceType[0].OppositeRouterType).toBe('VBR');
    await expectApiError(
      w.a.vpc.request('ConnectRouterInterface', { RegionId: A.region, RouterInterfaceId: riA }),
      'IncorrectOppositeInterfaceInfo',
      400,
    );
  });

  it('connect when not Idle → IncorrectRIStatus; opposite info cannot change once connected', async () => {
    const { riA, riB } = await connectedPair(w);
    await expectApiError(
      w.a.vpc.request('ConnectRouterInterface', { RegionId: A.region, RouterInterfaceId: riA }),
      'IncorrectRIStatus',
      400,
    );
    await expectApiError(
      w.a.vpc.request('ModifyRouterInterfaceAttribute', {
        RegionId: A.region,
        RouterInterfaceId: riA,
        OppositeInterfaceId: 'ri-other',
        OppositeRouterType: 'VRouter',
      }),
      'IncorrectStatus',
      400,
    );
    // A name change is fine while Active.
    await call(w.a.vpc, 'ModifyRouterInterfaceAttribute', {
      RegionId: A.region,
      RouterInterfaceId: riA,
      Name: 'renamed',
    });
    await expectApiError(
      w.a.vpc.request('ActivateRouterInterface', { RegionId: A.region, RouterInterfaceId: riA }),
      'IncorrectRIStatus',
      400,
    );
    void riB;
  });

  it('connect on the same router → IncorrectOppositeInterfaceInfo', async () => {
    const riA = await createInitiator(w);
    await expectApiError(
      w.a.vpc.request('ModifyRouterInterfaceAttribute', {
        RegionId: A.region,
        RouterInterfaceId: riA,
        OppositeInterfaceId: 'ri-x',
        OppositeRouterId: A.vRouterId,
        OppositeRouterType: 'VRouter',
        OppositeInterfaceOwnerId: A.accountId,
      }),
      'IncorrectOppositeInterfaceInfo',
      400,
    );
    await expectApiError(createInitiator(w, { OppositeRouterId: A.vRouterId }), 'IncorrectOppositeInterfaceInfo', 400);
  });

  it('a second connected pair between the same routers → Forbidden.OnlyOneConnection', async () => {
    await connectedPair(w);
    const riA2 = await createInitiator(w);
    const riB2 = await createAcceptor(w);
    await pointAcceptor(w, riB2, riA2);
    await pointInitiator(w, riA2, riB2);
    await expectApiError(
      w.a.vpc.request('ConnectRouterInterface', { RegionId: A.region, RouterInterfaceId: riA2 }),
      'Forbidden.OnlyOneConnection',
      400,
    );
  });

  it('a 6th interface on one router → QuotaExceeded.RouterInterface', async () => {
    for (let i = 0; i < 5; i++) await createInitiator(w);
    await expectApiError(createInitiator(w), 'QuotaExceeded.RouterInterface', 400);
  });

  it('an acceptor with a bandwidth spec, an unknown router, an unknown interface', async () => {
    await expectApiError(createAcceptor(w, { Spec: 'Mini.2' }), 'InvalidParameter.Spec', 400);
    await expectApiError(createInitiator(w, { RouterId: B.vRouterId }), 'InvalidRouterId.NotFound', 404);
    await expectApiError(
      w.a.vpc.request('ConnectRouterInterface', { RegionId: A.region, RouterInterfaceId: 'ri-nosuch' }),
      'InvalidRouterInterfaceId.NotFound',
      404,
    );
    await expectApiError(createInitiator(w, { Spec: 'Huge.9' }), 'InvalidParameter', 400);
  });

  it("cross-account: B neither sees nor changes A's interface", async () => {
    const riA = await createInitiator(w);
    const inB = await call(w.b.vpc, 'DescribeRouterInterfaces', { RegionId: A.region });
    expect(inB.TotalCount).toBe(0);
    expect((await call(w.b.vpc, 'DescribeVpcs', { RegionId: A.region })).TotalCount).toBe(0);
    await expectApiError(
      w.b.vpc.request('DeleteRouterInterface', { RegionId: A.region, RouterInterfaceId: riA }),
      'InvalidRouterInterfaceId.NotFound',
      404,
    );
    await expectApiError(
      w.b.ecs.request('DescribeSecurityGroupAttribute', { RegionId: A.region, SecurityGroupId: A.sg }),
      'InvalidSecurityGroupId.NotFound',
      404,
    );
    expect((await call(w.b.ecs, 'DescribeInstances', { RegionId: A.region })).TotalCount).toBe(0);
    // The interface lives in its region: the right account in the wrong region does not see it.
    expect((await call(w.a.vpc, 'DescribeRouterInterfaces', { RegionId: B.region })).TotalCount).toBe(0);
  });

  it('ClientToken: same token and parameters → the same interface; other parameters → IdempotentParameterMismatch', async () => {
    const first = await createInitiator(w, { ClientToken: 'token-1' });
    const again = await createInitiator(w, { ClientToken: 'token-1' });
    expect(again).toBe(first);
    expect((await call(w.a.vpc, 'DescribeRouterInterfaces', { RegionId: A.region })).TotalCount).toBe(1);
    await expectApiError(
      createInitiator(w, { ClientToken: 'token-1', Spec: 'Mini.5' }),
      'IdempotentParameterMismatch',
      400,
    );
  });

  it('STS: the root account key cannot AssumeRole (NoPermission, HTTP 403, aliyun-links.md §5.3)', async () => {
    await expectApiError(
      w.a.sts.request('AssumeRole', {
        RoleArn: `acs:ram::${B.accountId}:role/vpclink-admin`,
        RoleSessionName: 'vpclink-apply',
      }),
      'NoPermission',
      403,
    );
  });

  it("STS: A's RAM user is who it says; AssumeRole into B's vpclink-admin role, then act as B with the SecurityToken", async () => {
    const ram = w.sandbox.accounts.find((x) => x.accountId === A.accountId)!.ramUser;
    const aRam = clientsFor(w.sandbox.endpoint, ram);
    expect(await call(aRam.sts, 'GetCallerIdentity', {})).toMatchObject({
      AccountId: A.accountId,
      IdentityType: 'RAMUser',
      Arn: `acs:ram::${A.accountId}:user/${ram.userName}`,
    });
    const assumed = await call(aRam.sts, 'AssumeRole', {
      RoleArn: `acs:ram::${B.accountId}:role/vpclink-admin`,
      RoleSessionName: 'vpclink-apply',
    });
    const creds = assumed.Credentials;
    expect(creds.AccessKeyId).toMatch(/^STS\./);
    expect(creds.SecurityToken.length).toBeGreaterThan(100);
    expect(creds.Expiration).toMatch(/Z$/);
    const asB = clientsFor(w.sandbox.endpoint, {
      accessKeyId: creds.AccessKeyId,
      accessKeySecret: creds.AccessKeySecret,
      securityToken: creds.SecurityToken,
    });
    const who = await call(asB.sts, 'GetCallerIdentity', {});
    expect(who).toMatchObject({
      AccountId: B.accountId,
      IdentityType: 'AssumedRoleUser',
      Arn: `acs:ram::${B.accountId}:assumed-role/vpclink-admin/vpclink-apply`,
    });
    const vpcs = await call(asB.vpc, 'DescribeVpcs', { RegionId: B.region });
    expect(vpcs.Vpcs.Vpc[0].VpcId).toBe(B.vpcId);
    // Without the token the temporary key is refused.
    const noToken = clientsFor(w.sandbox.endpoint, {
      accessKeyId: creds.AccessKeyId,
      accessKeySecret: creds.AccessKeySecret,
    });
    await expectApiError(
      noToken.vpc.request('DescribeVpcs', { RegionId: B.region }),
      'InvalidSecurityToken.MismatchWithAccessKey',
      400,
    );
    // Expired after DurationSeconds.
    w.sandbox.advance(3601 * 1000);
    await expectApiError(asB.vpc.request('DescribeVpcs', { RegionId: B.region }), 'InvalidSecurityToken.Expired', 400);
  });

  it('STS: unknown role, malformed ARN, short duration', async () => {
    const ram = w.sandbox.accounts.find((x) => x.accountId === A.accountId)!.ramUser;
    const sts = clientsFor(w.sandbox.endpoint, ram).sts;
    await expectApiError(
      sts.request('AssumeRole', { RoleArn: `acs:ram::${B.accountId}:role/nope`, RoleSessionName: 's1' }),
      'EntityNotExist.Role',
      404,
    );
    await expectApiError(
      sts.request('AssumeRole', { RoleArn: 'arn:aws:iam::1:role/x', RoleSessionName: 's1' }),
      'InvalidParameter.RoleArn',
      400,
    );
    await expectApiError(
      sts.request('AssumeRole', {
        RoleArn: `acs:ram::${B.accountId}:role/vpclink-admin`,
        RoleSessionName: 's1',
        DurationSeconds: 899,
      }),
      'InvalidParameter.DurationSeconds',
      400,
    );
    await expectApiError(
      sts.request('AssumeRole', { RoleArn: `acs:ram::${B.accountId}:role/vpclink-admin` }),
      'MissingParameter',
      400,
    );
  });
});

describe('ModifyRouterInterfaceSpec', () => {
  it('an Active initiator goes Modifying → Active with the new spec; the acceptor cannot', async () => {
    const { riA, riB } = await connectedPair(w);
    const r = await call(w.a.vpc, 'ModifyRouterInterfaceSpec', {
      RegionId: A.region,
      RouterInterfaceId: riA,
      Spec: 'Small.1',
    });
    expect(r).toMatchObject({ Spec: 'Small.1', Bandwidth: 10 });
    expect(await riStatus(w.a.vpc, A.region, riA)).toBe('Modifying');
    w.sandbox.advance(60_000);
    const listed = await call(w.a.vpc, 'DescribeRouterInterfaces', {
      RegionId: A.region,
      Filter: [{ Key: 'Status', Value: ['Active'] }],
    });
    expect(
      listed.RouterInterfaceSet.RouterInterfaceType.map((x: Json) => [x.RouterInterfaceId, x.Spec, x.Bandwidth]),
    ).toEqual([[riA, 'Small.1', 10]]);
    await expectApiError(
      w.b.vpc.request('ModifyRouterInterfaceSpec', { RegionId: B.region, RouterInterfaceId: riB, Spec: 'Small.1' }),
      'IncorrectRole.NotInitiatingSide',
      400,
    );
  });
});
