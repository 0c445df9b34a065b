import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  classifyError,
  collect,
  createCloudClient,
  endpointFor,
  flattenParams,
  normaliseLong,
  normaliseLongs,
  type CloudClient,
} from '../../../cloud/client';
import { parseJsonKeepingLongs } from '../../../cloud/client/long';
import { startCannedServer, type CannedServer } from './cannedServer';

describe('endpointFor (aliyun-api.md §2)', () => {
  it.each([
    [{ kind: 'aliyun' } as const, 'vpc', 'cn-beijing', 'https://vpc.cn-beijing.aliyuncs.com'],
    [{ kind: 'aliyun' } as const, 'ecs', 'ap-southeast-1', 'https://ecs.ap-southeast-1.aliyuncs.com'],
    [{ kind: 'aliyun' } as const, 'sts', '', 'https://sts.aliyuncs.com'],
    [{ kind: 'aliyun' } as const, 'sts', 'cn-hangzhou', 'https://sts.cn-hangzhou.aliyuncs.com'],
    // VpcPeer: one central host for every region (aliyun-links.md §1.1).
    [{ kind: 'aliyun' } as const, 'vpcpeer', 'cn-qingdao', 'https://vpcpeer.aliyuncs.com'],
    [{ kind: 'aliyun' } as const, 'vpcpeer', '', 'https://vpcpeer.aliyuncs.com'],
    [{ kind: 'endpoint', endpoint: 'http://127.0.0.1:8080/' } as const, 'vpc', 'cn-beijing', 'http://127.0.0.1:8080'],
    [{ kind: 'endpoint', endpoint: 'http://127.0.0.1:8080' } as const, 'sts', '', 'http://127.0.0.1:8080'],
  ])('%j %s %s → %s', (target, product, region, expected) => {
    expect(endpointFor(target, product as 'vpc', region)).toBe(expected);
  });

  it.each(['cn-beijing.evil.com', 'CN-BEIJING', 'cn_beijing', 'beijing', '../x'])(
    'refuses region "%s" in a host name',
    (region) => {
      expect(() => endpointFor({ kind: 'aliyun' }, 'vpc', region)).toThrow(/not a region ID/);
    },
  );
});

describe('flattenParams (aliyun-api.md §1.3)', () => {
  it.each([
    ['scalars', 'vpc', { A: 'x', B: 2, C: true, D: false }, { A: 'x', B: '2', C: 'true', D: 'false' }],
    ['undefined and null dropped', 'vpc', { A: undefined, B: null, C: '' }, { C: '' }],
    ['repeat list', 'vpc', { X: ['a', 'b'] }, { 'X.1': 'a', 'X.2': 'b' }],
    [
      'list of objects with nested list',
      'vpc',
      {
        Filter: [
          { Key: 'RouterId', Value: ['vrt-1', 'vrt-2'] },
          { Key: 'Status', Value: ['Active'] },
        ],
      },
      {
        'Filter.1.Key': 'RouterId',
        'Filter.1.Value.1': 'vrt-1',
        'Filter.1.Value.2': 'vrt-2',
        'Filter.2.Key': 'Status',
        'Filter.2.Value.1': 'Active',
      },
    ],
    [
      'undefined inside list objects dropped',
      'ecs',
      {
        Permissions: [
          { IpProtocol: 'ICMP', PortRange: '-1/-1', SourceCidrIp: '10.0.0.0/8', Description: undefined, Priority: 1 },
        ],
      },
      {
        'Permissions.1.IpProtocol': 'ICMP',
        'Permissions.1.PortRange': '-1/-1',
        'Permissions.1.SourceCidrIp': '10.0.0.0/8',
        'Permissions.1.Priority': '1',
      },
    ],
    ['null list items dropped, rest renumbered', 'vpc', { X: ['a', null, 'c'] }, { 'X.1': 'a', 'X.2': 'c' }],
    [
      'ECS JSON-text params',
      'ecs',
      { InstanceIds: ['i-1'], SecurityGroupIds: ['sg-1', 'sg-2'] },
      { InstanceIds: '["i-1"]', SecurityGroupIds: '["sg-1","sg-2"]' },
    ],
    ['JSON-text params already encoded pass through', 'ecs', { InstanceIds: '["i-1"]' }, { InstanceIds: '["i-1"]' }],
    ['InstanceIds is a repeat list outside ECS', 'vpc', { InstanceIds: ['i-1'] }, { 'InstanceIds.1': 'i-1' }],
  ])('%s', (_label, product, params, expected) => {
    expect(flattenParams(product as 'vpc', params as never)).toEqual(expected);
  });

  it.each([
    [{ Tag: { Key: 'a' } }, /plain object/],
    [{ N: Number.NaN }, /finite/],
    [{ F: () => 1 }, /cannot send/],
  ])('refuses %j', (params, message) => {
    expect(() => flattenParams('vpc', params as never)).toThrow(message);
  });
});

describe('normaliseLong', () => {
  it.each([
    ['1231579085529123', '1231579085529123'],
    [1231579085, '1231579085'],
    [12345678901234567890n, '12345678901234567890'],
    [undefined, ''],
    [null, ''],
  ])('%s → %s', (input, expected) => {
    expect(normaliseLong(input)).toBe(expected);
  });
  it('reads a json-bigint BigNumber without exponent notation', async () => {
    // pop-core's own parser (no type declarations: imported by a computed name).
    const name = 'json-bigint';
    const JSONbig = ((await import(name)) as { default: { parse(text: string): unknown } }).default;
    const parsed = JSONbig.parse('{"a":123456789012345678901234567890}') as { a: unknown };
    expect(typeof parsed.a).toBe('object');
    expect(normaliseLong(parsed.a)).toBe('123456789012345678901234567890');
  });
  it('refuses things that are not Long values', () => {
    expect(() => normaliseLong({})).toThrow(/cannot read/);
    expect(() => normaliseLong(Number.POSITIVE_INFINITY)).toThrow(/finite/);
  });
});

describe('parseJsonKeepingLongs (the V3 path reads bodies as text, aliyun-api.md §1.8)', () => {
  it.each([
    ['16-digit IDs beyond 2^53', '{"OrderId":9007199254740993,"OwnerId":1231579085529123}'],
    ['small numbers, decimals, negatives, exponents', '{"a":1,"b":-2.5,"c":1e3,"d":0,"e":-9007199254740993}'],
    ['digits inside strings, escaped quotes', '{"s":"12345678901234567890","t":"a\\"1234567890123456\\"b","u":"\\\\"}'],
    ['arrays and nesting', '[{"x":[1234567890123456789,2]},null,true,"x"]'],
  ])('%s: the same values as pop-core (json-bigint + normaliseLongs)', async (_name, text) => {
    const name = 'json-bigint';
    const JSONbig = ((await import(name)) as { default: { parse(text: string): unknown } }).default;
    expect(parseJsonKeepingLongs(text)).toEqual(normaliseLongs(JSONbig.parse(text)));
  });

  it('a body that is not JSON throws the SyntaxError shape classifyError reads, with the text', () => {
    let caught: unknown;
    try {
      parseJsonKeepingLongs('<html>502 Bad Gateway</html>');
    } catch (error) {
      caught = error;
    }
    expect(caught).toMatchObject({ name: 'SyntaxError', text: '<html>502 Bad Gateway</html>' });
    expect(classifyError(caught, 'DescribeVpcs').code).toBe('NON_JSON_RESPONSE');
  });
});

describe('paginate over HTTP', () => {
  let server: CannedServer;
  let client: CloudClient;
  beforeAll(async () => {
    server = await startCannedServer();
    client = createCloudClient({
      target: { kind: 'endpoint', endpoint: server.endpoint },
      credentials: { description: 't', getCredentials: async () => ({ accessKeyId: 'id', accessKeySecret: 'secret' }) },
    });
  });
  afterAll(async () => {
    client.close?.();
    await server.close();
  });

  const vpcs = (ids: string[], total?: number, pageSize = 2) => ({
    status: 200,
    body: JSON.stringify({
      RequestId: 'R',
      PageSize: pageSize,
      ...(total !== undefined ? { TotalCount: total } : {}),
      Vpcs: { Vpc: ids.map((VpcId) => ({ VpcId })) },
    }),
  });

  it('PageNumber/PageSize: follows pages until TotalCount is reached', async () => {
    server.requests.length = 0;
    server.respond(vpcs(['a', 'b'], 5), vpcs(['c', 'd'], 5), vpcs(['e'], 5));
    const items = await collect({
      client,
      product: 'vpc',
      regionId: 'cn-beijing',
      action: 'DescribeVpcs',
      style: { kind: 'pageNumber', pageSize: 2 },
      items: ['Vpcs', 'Vpc'],
    });
    expect(items.map((i) => i.VpcId)).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(server.requests.map((r) => [r.params.PageNumber, r.params.PageSize])).toEqual([
      ['1', '2'],
      ['2', '2'],
      ['3', '2'],
    ]);
  });

  it('PageNumber/PageSize without TotalCount: stops on a short page, trusting the size the server reports', async () => {
    server.requests.length = 0;
    // Asked for 50, the server caps at 2 and says so: the full page of 2 is not the end.
    server.respond(vpcs(['a', 'b']), vpcs(['c']));
    const items = await collect({
      client,
      product: 'vpc',
      regionId: 'cn-beijing',
      action: 'DescribeVpcs',
      style: { kind: 'pageNumber', pageSize: 50 },
      items: ['Vpcs', 'Vpc'],
    });
    expect(items.map((i) => i.VpcId)).toEqual(['a', 'b', 'c']);
    expect(server.requests).toHaveLength(2);
  });

  it('an absent list is an empty listing', async () => {
    server.respond({ status: 200, body: '{"RequestId":"R","TotalCount":0}' });
    await expect(
      collect({
        client,
        product: 'vpc',
        regionId: 'cn-beijing',
        action: 'DescribeVpcs',
        style: { kind: 'pageNumber' },
        items: ['Vpcs', 'Vpc'],
      }),
    ).resolves.toEqual([]);
  });

  it.each([['MaxResults'], ['MaxResult']] as const)(
    'NextToken/%s: follows tokens until none comes back',
    async (sizeParam) => {
      server.requests.length = 0;
      server.respond(
        { status: 200, body: '{"RequestId":"R","NextToken":"t1","RouteEntrys":{"RouteEntry":[{"Id":1}]}}' },
        { status: 200, body: '{"RequestId":"R","NextToken":"t2","RouteEntrys":{"RouteEntry":[{"Id":2}]}}' },
        { status: 200, body: '{"RequestId":"R","NextToken":"","RouteEntrys":{"RouteEntry":[{"Id":3}]}}' },
      );
      const items = await collect({
        client,
        product: 'vpc',
        regionId: 'cn-beijing',
        action: 'DescribeRouteEntryList',
        params: { RouteTableId: 'vtb-1' },
        style: { kind: 'nextToken', sizeParam, size: 100 },
        items: ['RouteEntrys', 'RouteEntry'],
      });
      expect(items.map((i) => i.Id)).toEqual([1, 2, 3]);
      expect(server.requests.map((r) => [r.params.NextToken, r.params[sizeParam], r.params.RouteTableId])).toEqual([
        [undefined, '100', 'vtb-1'],
        ['t1', '100', 'vtb-1'],
        ['t2', '100', 'vtb-1'],
      ]);
    },
  );

  it('a repeated NextToken stops with PAGINATION_LOOP', async () => {
    server.respond({ status: 200, body: '{"RequestId":"R","NextToken":"same","Instances":{"Instance":[]}}' });
    await expect(
      collect({
        client,
        product: 'ecs',
        regionId: 'cn-beijing',
        action: 'DescribeInstances',
        style: { kind: 'nextToken', sizeParam: 'MaxResults' },
        items: ['Instances', 'Instance'],
      }),
    ).rejects.toMatchObject({ code: 'PAGINATION_LOOP' });
  });

  it('a list that is not a list is UNEXPECTED_RESPONSE', async () => {
    server.respond({ status: 200, body: '{"RequestId":"R","Vpcs":{"Vpc":"nope"}}' });
    await expect(
      collect({
        client,
        product: 'vpc',
        regionId: 'cn-beijing',
        action: 'DescribeVpcs',
        style: { kind: 'pageNumber' },
        items: ['Vpcs', 'Vpc'],
      }),
    ).rejects.toMatchObject({ code: 'UNEXPECTED_RESPONSE' });
  });
});
