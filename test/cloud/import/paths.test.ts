/**
 * Import paths the sandbox does not take, against a scripted loopback server speaking the wire
 * format through the real pop-core client: the DescribeRouteTables fallback, rule paging, regions
 * the account cannot use, multi-page listings and the concurrency limit.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createCloudClient, type CloudClient } from '../../../cloud/client';
import { staticProvider } from '../../../cloud/credentials';
import { importTopology } from '../../../cloud/import';
import { actionOf, startCannedServer, type CannedServer, type RecordedRequest } from '../client/cannedServer';

const ACCOUNT = '1231579085529123';
let server: CannedServer;
let client: CloudClient;

beforeAll(async () => {
  server = await startCannedServer();
  client = createCloudClient({
    target: { kind: 'endpoint', endpoint: server.endpoint },
    credentials: staticProvider({ accessKeyId: 'LTAItest', accessKeySecret: 'secret-test-0123456789' }, 'test'),
  });
});
afterAll(async () => {
  client.close?.();
  await server.close();
});
afterEach(() => {
  server.requests.length = 0;
});

type Answer = Record<string, unknown> | { error: string; status: number };
type Script = (p: Readonly<Record<string, string>>) => Answer;

/** A fake region: `cn-beijing` has one VPC; every other region answers per `otherRegion`. */
function cloud(
  overrides: Partial<Record<string, Script>> = {},
  options: { delayMs?: number; otherRegion?: 'empty' | 'not-found' } = {},
) {
  const vpcPages = [
    [
      {
        VpcId: 'vpc-b',
        VpcName: 'b',
        RegionId: 'cn-beijing',
        CidrBlock: '10.1.0.0/16',
        VRouterId: 'vrt-b',
        Status: 'Available',
        OwnerId: 1231579085529123,
      },
    ],
    [
      {
        VpcId: 'vpc-a',
        VpcName: 'a',
        RegionId: 'cn-beijing',
        CidrBlock: '10.0.0.0/16',
        VRouterId: 'vrt-a',
        Status: 'Available',
        OwnerId: 1231579085529123,
      },
    ],
  ];
  const scripts: Record<string, Script> = {
    DescribeVpcs: (p) =>
      p.RegionId !== 'cn-beijing'
        ? options.otherRegion === 'not-found'
          ? { error: 'InvalidRegionId.NotFound', status: 404 }
          : { TotalCount: 0, Vpcs: { Vpc: [] } }
        : {
            TotalCount: 2,
            PageSize: 1,
            PageNumber: Number(p.PageNumber),
            Vpcs: { Vpc: vpcPages[Number(p.PageNumber) - 1] ?? [] },
          },
    DescribeVSwitches: () => ({
      TotalCount: 1,
      VSwitches: {
        VSwitch: [
          {
            VSwitchId: 'vsw-a',
            VpcId: 'vpc-a',
            ZoneId: 'cn-beijing-h',
            CidrBlock: '10.0.1.0/24',
            VSwitchName: 'a1',
            Status: 'Available',
          },
        ],
      },
    }),
    DescribeRouteTableList: () => ({
      Code: '200',
      Success: true,
      TotalCount: 2,
      RouterTableList: {
        RouterTableListType: [
          {
            RouteTableId: 'vtb-a',
            RouteTableType: 'System',
            RouterId: 'vrt-a',
            RouterType: 'VRouter',
            VpcId: 'vpc-a',
            VSwitchIds: { VSwitchId: [] },
          },
          {
            RouteTableId: 'vtb-c',
            RouteTableType: 'Custom',
            RouterId: 'vrt-a',
            RouterType: 'VRouter',
            VpcId: 'vpc-a',
            RouteTableName: 'custom',
            VSwitchIds: { VSwitchId: ['vsw-a'] },
          },
        ],
      },
    }),
    DescribeRouteEntryList: (p) => ({
      NextToken: '',
      RouteEntrys: {
        RouteEntry:
          p.RouteTableId === 'vtb-a'
            ? [
                {
                  Type: 'System',
                  DestinationCidrBlock: '10.0.1.0/24',
                  NextHops: { NextHop: [{ NextHopType: 'local', NextHopId: '' }] },
                },
                {
                  Type: 'Custom',
                  RouteEntryId: 'rte-1',
                  DestinationCidrBlock: '10.9.0.0/16',
                  Status: 'Available',
                  NextHops: { NextHop: [{ NextHopType: 'RouterInterface', NextHopId: 'ri-a' }] },
                },
              ]
            : [],
      },
    }),
    DescribeRouterInterfaces: () => ({ TotalCount: 0, RouterInterfaceSet: { RouterInterfaceType: [] } }),
    DescribeSecurityGroups: () => ({
      NextToken: '',
      SecurityGroups: {
        SecurityGroup: [
          { SecurityGroupId: 'sg-a', VpcId: 'vpc-a', SecurityGroupType: 'normal', SecurityGroupName: 'sg' },
        ],
      },
    }),
    DescribeSecurityGroupAttribute: (p) => ({
      SecurityGroupId: 'sg-a',
      VpcId: 'vpc-a',
      InnerAccessPolicy: 'Accept',
      NextToken: p.NextToken ? '' : 'page-2',
      Permissions: {
        Permission:
          p.NextToken === 'page-2'
            ? [
                {
                  Direction: 'ingress',
                  IpProtocol: 'TCP',
                  PortRange: '22/22',
                  SourceCidrIp: '10.9.0.0/16',
                  Policy: 'Accept',
                  Priority: '2',
                },
              ]
            : [
                {
                  Direction: 'ingress',
                  IpProtocol: 'ICMP',
                  PortRange: '-1/-1',
                  SourceCidrIp: '10.9.0.0/16',
                  Policy: 'Accept',
                  Priority: '1',
                },
              ],
      },
    }),
    DescribeInstances: (p) =>
      p.NextToken === 'n2'
        ? {
            NextToken: '',
            Instances: {
              Instance: [
                {
                  InstanceId: 'i-b',
                  Status: 'Stopped',
                  VpcAttributes: { VSwitchId: 'vsw-a', PrivateIpAddress: { IpAddress: ['10.0.1.6'] } },
                  SecurityGroupIds: { SecurityGroupId: ['sg-a'] },
                },
              ],
            },
          }
        : {
            NextToken: 'n2',
            Instances: {
              Instance: [
                {
                  InstanceId: 'i-a',
                  Status: 'Running',
                  VpcAttributes: { VSwitchId: 'vsw-a', PrivateIpAddress: { IpAddress: ['10.0.1.5'] } },
                  SecurityGroupIds: { SecurityGroupId: ['sg-a'] },
                },
              ],
            },
          },
    // The data plane (aliyun-dataplane.md §1–§3): empty unless a test scripts it.
    DescribeNetworkAcls: () => ({ TotalCount: '0', PageNumber: '1', PageSize: '50', NetworkAcls: { NetworkAcl: [] } }),
    DescribeNetworkInterfaces: () => ({ NextToken: '', NetworkInterfaceSets: { NetworkInterfaceSet: [] } }),
    ListPrefixLists: () => ({ NextToken: '', PrefixLists: [] }),
    // VPC peering (aliyun-links.md §1.2): none unless a test scripts it.
    ListVpcPeerConnections: () => ({ TotalCount: 0, MaxResults: 100, NextToken: '', VpcPeerConnects: [] }),
    // CEN (Cbn 2017-09-12, cloud/import/cen.ts): no CEN instance unless a test scripts one.
    DescribeCens: () => ({ TotalCount: 0, PageNumber: 1, PageSize: 50, Cens: { Cen: [] } }),
    ...overrides,
  };
  return (req: RecordedRequest) => {
    const script = scripts[actionOf(req)!];
    const answer: Answer = script ? script(req.params) : { error: 'InvalidAction.NotFound', status: 404 };
    const delay = options.delayMs ? { delayMs: options.delayMs } : {};
    if ('error' in answer && typeof answer.error === 'string') {
      return {
        status: answer.status as number,
        body: JSON.stringify({ RequestId: `R-${actionOf(req)}`, Code: answer.error, Message: 'scripted error' }),
        ...delay,
      };
    }
    return { status: 200, body: JSON.stringify({ RequestId: `R-${actionOf(req)}`, ...answer }), ...delay };
  };
}

describe('import over the wire (scripted server)', () => {
  it('follows every page, keeps only Custom routes, associates the custom table and pages rules', async () => {
    server.respond(cloud());
    const { document, warnings } = await importTopology({
      accounts: [{ accountId: ACCOUNT, client }],
      regions: ['cn-beijing'],
    });
    expect(warnings).toEqual([]);
    expect(document.vpcs.map((v) => v.vpcId)).toEqual(['vpc-a', 'vpc-b']);
    expect(document.vSwitches[0]).toMatchObject({ vSwitchId: 'vsw-a', routeTableId: 'vtb-c' });
    expect(
      document.routeTables.map((t) => [
        t.routeTableId,
        t.routeTableType,
        t.routeEntries.map((e) => e.destinationCidrBlock),
      ]),
    ).toEqual([
      ['vtb-a', 'System', ['10.9.0.0/16']],
      ['vtb-c', 'Custom', []],
    ]);
    expect(document.securityGroups[0]!.permissions.map((p) => `${p.ipProtocol} ${p.priority}`)).toEqual([
      'ICMP 1',
      'TCP 2',
    ]);
    expect(document.instances.map((i) => [i.instanceId, i.status])).toEqual([
      ['i-a', 'Running'],
      ['i-b', 'Stopped'],
    ]);
    const attributeCalls = server.requests.filter((r) => actionOf(r) === 'DescribeSecurityGroupAttribute');
    expect(attributeCalls.map((r) => r.params.NextToken)).toEqual([undefined, 'page-2']);
    expect(
      server.requests
        .filter((r) => actionOf(r) === 'DescribeRouteEntryList')
        .every((r) => r.params.RouteEntryType === undefined && r.params.MaxResult === '100'),
    ).toBe(true);
  });

  it('maps recorded data-plane answers (aliyun-dataplane.md §1.2, §2.1, §3.1) into the document', async () => {
    server.respond(
      cloud({
        DescribeNetworkAcls: () => ({
          RequestId: 'R',
          TotalCount: '1',
          PageNumber: '1',
          PageSize: '50',
          NetworkAcls: {
            NetworkAcl: [
              {
                NetworkAclId: 'nacl-a',
                NetworkAclName: 'web',
                VpcId: 'vpc-a',
                RegionId: 'cn-beijing',
                Description: '',
                CreationTime: '2026-01-01T00:00:00Z',
                Status: 'Available',
                IngressAclEntries: {
                  IngressAclEntry: [
                    {
                      NetworkAclEntryId: 'nae-s1',
                      NetworkAclEntryName: 'dns',
                      Description: '',
                      Policy: 'accept',
                      Protocol: 'all',
                      Port: '-1/-1',
                      SourceCidrIp: '100.100.2.128/28',
                      EntryType: 'service',
                      IpVersion: 'IPV4',
                    },
                    {
                      NetworkAclEntryId: 'nae-1',
                      NetworkAclEntryName: 'office',
                      Description: 'https',
                      Policy: 'accept',
                      Protocol: 'tcp',
                      Port: '443/443',
                      SourceCidrIp: 'pl-office',
                      EntryType: 'custom',
                      IpVersion: 'IPv4',
                    },
                    {
                      NetworkAclEntryId: 'nae-x',
                      Policy: 'drop',
                      Protocol: 'all',
                      Port: '-1/-1',
                      SourceCidrIp: '0.0.0.0/0',
                      EntryType: 'system',
                      IpVersion: 'IPv4',
                    },
                  ],
                },
                EgressAclEntries: {
                  EgressAclEntry: [
                    {
                      NetworkAclEntryId: 'nae-2',
                      Policy: 'accept',
                      Protocol: 'all',
                      Port: '-1/-1',
                      DestinationCidrIp: '0.0.0.0/0',
                      EntryType: 'custom',
                      IpVersion: 'IPv4',
                    },
                  ],
                },
                Resources: { Resource: [{ ResourceId: 'vsw-a', ResourceType: 'VSwitch', Status: 'BINDED' }] },
                Tags: { Tag: [] },
              },
            ],
          },
        }),
        DescribeNetworkInterfaces: () => ({
          NextToken: '',
          NetworkInterfaceSets: {
            NetworkInterfaceSet: [
              {
                NetworkInterfaceId: 'eni-primary',
                Type: 'Primary',
                Status: 'InUse',
                VpcId: 'vpc-a',
                VSwitchId: 'vsw-a',
                ZoneId: 'cn-beijing-h',
                InstanceId: 'i-a',
                PrivateIpAddress: '10.0.1.5',
                PrivateIpSets: {
                  PrivateIpSet: [
                    { PrivateIpAddress: '10.0.1.7', Primary: false },
                    { PrivateIpAddress: '10.0.1.5', Primary: true },
                  ],
                },
                SecurityGroupIds: { SecurityGroupId: ['sg-a'] },
                SourceDestCheck: false,
              },
              {
                NetworkInterfaceId: 'eni-second',
                NetworkInterfaceName: 'data',
                Type: 'Secondary',
                Status: 'InUse',
                VpcId: 'vpc-a',
                VSwitchId: 'vsw-a',
                ZoneId: 'cn-beijing-h',
                InstanceId: '',
                Attachment: { InstanceId: 'i-a', DeviceIndex: 1 },
                PrivateIpAddress: '10.0.1.20',
                PrivateIpSets: {
                  PrivateIpSet: [
                    { PrivateIpAddress: '10.0.1.20', Primary: true },
                    { PrivateIpAddress: '10.0.1.21', Primary: false },
                  ],
                },
                Ipv4PrefixSets: { Ipv4PrefixSet: [{ Ipv4Prefix: '10.0.1.64/28' }] },
                SecurityGroupIds: { SecurityGroupId: ['sg-a'] },
              },
            ],
          },
        }),
        ListPrefixLists: () => ({
          NextToken: '',
          PrefixLists: [
            {
              PrefixListId: 'pl-office',
              PrefixListName: 'office',
              IpVersion: 'IPV4',
              MaxEntries: 10,
              CidrBlocks: ['203.0.113.0/24'],
              OwnerId: ACCOUNT,
              RegionId: 'cn-beijing',
            },
          ],
        }),
        GetVpcPrefixListEntries: (p) => ({
          NextToken: '',
          PrefixListEntry: [
            { Cidr: '203.0.113.0/24', Description: 'HQ', PrefixListId: p.PrefixListId, RegionId: 'cn-beijing' },
          ],
        }),
      }),
    );
    const { document, warnings, findings } = await importTopology({
      accounts: [{ accountId: ACCOUNT, client }],
      regions: ['cn-beijing'],
    });
    expect(document.networkAcls).toEqual([
      {
        networkAclId: 'nacl-a',
        vpcId: 'vpc-a',
        networkAclName: 'web',
        resources: [{ resourceId: 'vsw-a', resourceType: 'VSwitch', status: 'BINDED' }],
        ingressAclEntries: [
          {
            policy: 'accept',
            protocol: 'all',
            port: '-1/-1',
            networkAclEntryName: 'dns',
            networkAclEntryId: 'nae-s1',
            entryType: 'service',
            ipVersion: 'IPv4',
            sourceCidrIp: '100.100.2.128/28',
          },
          {
            policy: 'accept',
            protocol: 'tcp',
            port: '443/443',
            networkAclEntryName: 'office',
            networkAclEntryId: 'nae-1',
            entryType: 'custom',
            description: 'https',
            ipVersion: 'IPv4',
            sourceCidrIp: 'pl-office',
          },
          {
            policy: 'drop',
            protocol: 'all',
            port: '-1/-1',
            networkAclEntryId: 'nae-x',
            entryType: 'system',
            ipVersion: 'IPv4',
            sourceCidrIp: '0.0.0.0/0',
          },
        ],
        egressAclEntries: [
          {
            policy: 'accept',
            protocol: 'all',
            port: '-1/-1',
            networkAclEntryId: 'nae-2',
            entryType: 'custom',
            ipVersion: 'IPv4',
            destinationCidrIp: '0.0.0.0/0',
          },
        ],
        status: 'Available',
      },
    ]);
    expect(document.networkInterfaces).toEqual([
      {
        networkInterfaceId: 'eni-primary',
        vSwitchId: 'vsw-a',
        privateIpAddress: '10.0.1.5',
        securityGroupIds: ['sg-a'],
        type: 'Primary',
        instanceId: 'i-a',
        privateIpSets: [
          { privateIpAddress: '10.0.1.5', primary: true },
          { privateIpAddress: '10.0.1.7', primary: false },
        ],
        status: 'InUse',
        vpcId: 'vpc-a',
        zoneId: 'cn-beijing-h',
        sourceDestCheck: false,
      },
      {
        networkInterfaceId: 'eni-second',
        vSwitchId: 'vsw-a',
        privateIpAddress: '10.0.1.20',
        securityGroupIds: ['sg-a'],
        type: 'Secondary',
        instanceId: 'i-a',
        privateIpSets: [
          { privateIpAddress: '10.0.1.20', primary: true },
          { privateIpAddress: '10.0.1.21', primary: false },
        ],
        name: 'data',
        status: 'InUse',
        vpcId: 'vpc-a',
        zoneId: 'cn-beijing-h',
      },
    ]);
    expect(document.prefixLists).toEqual([
      {
        prefixListId: 'pl-office',
        accountId: ACCOUNT,
        regionId: 'cn-beijing',
        entries: [{ cidr: '203.0.113.0/24', description: 'HQ' }],
        prefixListName: 'office',
        addressFamily: 'IPv4',
        maxEntries: 10,
      },
    ]);
    // The instance's secondary IP now lives on its primary ENI: no "only the primary IP" warning.
    expect(warnings).toEqual([
      'ENI eni-second: address prefixes 10.0.1.64/28 cannot be expressed; flows to them are judged DESTINATION_UNKNOWN',
    ]);
    expect(findings).toEqual([
      {
        severity: 'info',
        code: 'IMPORT_NOT_REPRESENTED',
        message: warnings[0],
        path: '',
        resourceId: 'eni-second',
      },
    ]);
  });

  it('looks up referenced prefix lists the VPC API does not list in the ECS API, and names the ones found nowhere', async () => {
    const entry = (peer: string) => ({
      Policy: 'accept',
      Protocol: 'tcp',
      Port: '443/443',
      SourceCidrIp: peer,
      EntryType: 'custom',
    });
    server.respond(
      cloud({
        DescribeNetworkAcls: () => ({
          TotalCount: '1',
          NetworkAcls: {
            NetworkAcl: [
              {
                NetworkAclId: 'nacl-a',
                VpcId: 'vpc-a',
                IngressAclEntries: { IngressAclEntry: [entry('pl-ecs'), entry('pl-gone')] },
                EgressAclEntries: { EgressAclEntry: [] },
                Resources: { Resource: [] },
              },
            ],
          },
        }),
        DescribePrefixListAttributes: (p) =>
          p.PrefixListId === 'pl-ecs'
            ? {
                PrefixListId: 'pl-ecs',
                PrefixListName: 'ecs-list',
                AddressFamily: 'IPv4',
                MaxEntries: 20,
                Entries: { Entry: [{ Cidr: '192.0.2.0/24', Description: 'vendor' }] },
              }
            : { error: 'InvalidPrefixListId.NotFound', status: 404 },
      }),
    );
    const { document, warnings } = await importTopology({
      accounts: [{ accountId: ACCOUNT, client }],
      regions: ['cn-beijing'],
    });
    expect(document.prefixLists).toEqual([
      {
        prefixListId: 'pl-ecs',
        accountId: ACCOUNT,
        regionId: 'cn-beijing',
        entries: [{ cidr: '192.0.2.0/24', description: 'vendor' }],
        prefixListName: 'ecs-list',
        addressFamily: 'IPv4',
        maxEntries: 20,
      },
    ]);
    expect(warnings).toEqual([
      `prefix list pl-gone is referenced in cn-beijing (account ${ACCOUNT}) but neither the VPC nor the ECS API of the account lists it (shared from another account?); its CIDR blocks are unknown`,
    ]);
  });

  it('names an ENI in a vSwitch the account does not own instead of dropping it silently', async () => {
    server.respond(
      cloud({
        DescribeNetworkInterfaces: () => ({
          NextToken: '',
          NetworkInterfaceSets: {
            NetworkInterfaceSet: [
              {
                NetworkInterfaceId: 'eni-shared',
                VSwitchId: 'vsw-shared',
                PrivateIpAddress: '10.7.0.5',
                SecurityGroupIds: { SecurityGroupId: ['sg-a'] },
              },
            ],
          },
        }),
      }),
    );
    const { document, warnings } = await importTopology({
      accounts: [{ accountId: ACCOUNT, client }],
      regions: ['cn-beijing'],
    });
    expect(document.networkInterfaces).toBeUndefined();
    expect(warnings).toEqual([
      `ENI eni-shared (10.7.0.5) is in vSwitch vsw-shared, which account ${ACCOUNT} does not own in cn-beijing (a shared VPC?); left out`,
    ]);
  });

  it("names an ENI's security group of an account that was not imported", async () => {
    server.respond(
      cloud({
        DescribeNetworkInterfaces: () => ({
          NextToken: '',
          NetworkInterfaceSets: {
            NetworkInterfaceSet: [
              {
                NetworkInterfaceId: 'eni-svc',
                Type: 'Secondary',
                VSwitchId: 'vsw-a',
                PrivateIpAddress: '10.0.1.40',
                SecurityGroupIds: { SecurityGroupId: ['sg-a', 'sg-elsewhere'] },
              },
            ],
          },
        }),
      }),
    );
    const { document, findings } = await importTopology({
      accounts: [{ accountId: ACCOUNT, client }],
      regions: ['cn-beijing'],
    });
    expect(document.networkInterfaces?.[0]?.securityGroupIds).toEqual(['sg-a', 'sg-elsewhere']);
    expect(findings).toEqual([
      expect.objectContaining({
        code: 'IMPORT_NOT_REPRESENTED',
        resourceId: 'eni-svc',
        message: expect.stringMatching(/security group sg-elsewhere is not in the imported accounts/),
      }),
    ]);
  });

  it('says so when an endpoint does not offer the data-plane calls (ACLs left out can make verdicts too permissive)', async () => {
    const missing = () => ({ error: 'InvalidAction.NotFound', status: 404 });
    server.respond(
      cloud({ DescribeNetworkAcls: missing, DescribeNetworkInterfaces: missing, ListPrefixLists: missing }),
    );
    const { document, warnings } = await importTopology({
      accounts: [{ accountId: ACCOUNT, client }],
      regions: ['cn-beijing'],
    });
    expect(document.networkAcls).toBeUndefined();
    expect(warnings).toEqual([
      `cn-beijing (account ${ACCOUNT}): the endpoint does not offer DescribeNetworkAcls; not imported`,
      `cn-beijing (account ${ACCOUNT}): the endpoint does not offer DescribeNetworkInterfaces; not imported`,
      `cn-beijing (account ${ACCOUNT}): the endpoint does not offer ListPrefixLists; not imported`,
    ]);
  });

  it('falls back to DescribeRouteTables where DescribeRouteTableList is not offered', async () => {
    server.respond(
      cloud({
        DescribeRouteTableList: () => ({ error: 'InvalidAction.NotFound', status: 404 }),
        DescribeRouteTables: (p) => ({
          TotalCount: 1,
          RouteTables: {
            RouteTable:
              p.VRouterId === 'vrt-a'
                ? [
                    {
                      RouteTableId: 'vtb-a',
                      RouteTableType: 'System',
                      VRouterId: 'vrt-a',
                      RouteEntrys: {
                        RouteEntry: [
                          { Type: 'System', DestinationCidrBlock: '10.0.1.0/24', NextHopType: 'local', InstanceId: '' },
                          {
                            Type: 'Custom',
                            DestinationCidrBlock: '10.9.0.0/16',
                            NextHopType: 'RouterInterface',
                            InstanceId: 'ri-a',
                            Status: 'Pending',
                          },
                        ],
                      },
                    },
                  ]
                : [],
          },
        }),
      }),
    );
    const { document } = await importTopology({ accounts: [{ accountId: ACCOUNT, client }], regions: ['cn-beijing'] });
    expect(document.routeTables).toEqual([
      {
        routeTableId: 'vtb-a',
        vpcId: 'vpc-a',
        routeTableType: 'System',
        routeEntries: [
          { destinationCidrBlock: '10.9.0.0/16', nextHopType: 'RouterInterface', nextHopId: 'ri-a', status: 'Pending' },
        ],
      },
    ]);
  });

  it('with the default region list, regions the account cannot use are skipped with one warning', async () => {
    server.respond(cloud({}, { otherRegion: 'not-found' }));
    const { document, warnings } = await importTopology({ accounts: [{ accountId: ACCOUNT, client }] });
    expect(document.vpcs).toHaveLength(2);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(
      /^skipped regions the account cannot use: ap-northeast-1 \(account 1231579085529123\), /,
    );
  });

  it('when every region is "unavailable" the first such error is raised, not an empty document', async () => {
    server.respond(() => ({
      status: 404,
      body: JSON.stringify({ RequestId: 'R-X', Code: 'InvalidRegionId.NotFound', Message: 'nope' }),
    }));
    await expect(importTopology({ accounts: [{ accountId: ACCOUNT, client }] })).rejects.toMatchObject({
      code: 'InvalidRegionId.NotFound',
    });
  });

  it('a region the user asked for must work: its error is the import error', async () => {
    server.respond(cloud({}, { otherRegion: 'not-found' }));
    await expect(
      importTopology({ accounts: [{ accountId: ACCOUNT, client }], regions: ['cn-beijing', 'cn-shanghai'] }),
    ).rejects.toMatchObject({ code: 'InvalidRegionId.NotFound', requestId: 'R-DescribeVpcs' });
  });

  it('merging replaces exactly the imported (account, region) scopes: gone resources vanish, others stay', async () => {
    server.respond(cloud());
    const existing = {
      format: 'vpclink/topology' as const,
      version: 1 as const,
      accounts: [{ accountId: ACCOUNT, name: 'Prod', profile: 'prod' }],
      vpcs: [
        {
          vpcId: 'vpc-gone',
          accountId: ACCOUNT,
          regionId: 'cn-beijing',
          cidrBlock: '10.7.0.0/16',
          vRouterId: 'vrt-gone',
        },
        {
          vpcId: 'vpc-elsewhere',
          accountId: ACCOUNT,
          regionId: 'cn-hangzhou',
          cidrBlock: '10.8.0.0/16',
          vRouterId: 'vrt-e',
        },
        {
          vpcId: 'vpc-a',
          accountId: ACCOUNT,
          regionId: 'cn-beijing',
          cidrBlock: '10.0.0.0/16',
          vRouterId: 'vrt-a',
          name: 'named in the document',
        },
      ],
      vSwitches: [{ vSwitchId: 'vsw-gone', vpcId: 'vpc-gone', zoneId: 'cn-beijing-h', cidrBlock: '10.7.1.0/24' }],
      routeTables: [],
      routerInterfaces: [],
      securityGroups: [],
      instances: [
        { instanceId: 'i-gone', vSwitchId: 'vsw-gone', privateIpAddress: '10.7.1.5', securityGroupIds: ['sg-x'] },
      ],
    };
    const { document, warnings } = await importTopology({
      accounts: [{ accountId: ACCOUNT, client }],
      regions: ['cn-beijing'],
      existing: existing as never,
    });
    expect(document.vpcs.map((v) => v.vpcId)).toEqual(['vpc-a', 'vpc-b', 'vpc-elsewhere']);
    expect(document.vSwitches.map((v) => v.vSwitchId)).toEqual(['vsw-a']);
    expect(document.instances.map((i) => i.instanceId)).toEqual(['i-a', 'i-b']);
    // The cloud's name wins; the document's is kept only where the cloud has none.
    expect(document.vpcs.find((v) => v.vpcId === 'vpc-a')?.name).toBe('a');
    expect(document.accounts).toEqual([{ accountId: ACCOUNT, name: 'Prod', profile: 'prod' }]);
    expect(warnings).toEqual([
      'kept 1 resource of the merged document outside the imported accounts/regions unchanged',
    ]);
  });

  it('keeps at most `concurrency` calls in flight', async () => {
    // A server of its own: requests cancelled by the previous test may still arrive at the shared one.
    const own = await startCannedServer();
    const ownClient = createCloudClient({
      target: { kind: 'endpoint', endpoint: own.endpoint },
      credentials: staticProvider({ accessKeyId: 'LTAItest', accessKeySecret: 'secret-test-0123456789' }, 'test'),
    });
    try {
      own.respond(cloud({}, { delayMs: 15 }));
      await importTopology({
        accounts: [{ accountId: ACCOUNT, client: ownClient }],
        regions: ['cn-beijing', 'cn-shanghai', 'cn-qingdao', 'cn-hangzhou'],
        concurrency: 2,
      });
      expect(own.requests.length).toBeGreaterThan(10);
      expect(own.maxInFlight()).toBe(2);
    } finally {
      ownClient.close?.();
      await own.close();
    }
  });
});
