import { createServer } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CloudError, createCloudClient, type CloudClient, type CredentialProvider } from '../../../cloud/client';
import { expectedSignature, startCannedServer, v3SignatureValid, type CannedServer } from './cannedServer';

const KEY_ID = 'FAKE5tTestKeyId0001';
const SECRET = 'S3cr3t/Value+With=Chars0001';
const TOKEN = 'CAIS+sts/token=value-0001';

const provider = (token = false): CredentialProvider => ({
  description: "test profile 'unit' (AK)",
  getCredentials: async () => ({
    accessKeyId: KEY_ID,
    accessKeySecret: SECRET,
    ...(token ? { securityToken: TOKEN } : {}),
  }),
});

let server: CannedServer;
let client: CloudClient;

beforeAll(async () => {
  server = await startCannedServer();
});
afterAll(async () => {
  await server.close();
});
afterEach(() => {
  client?.close?.();
  server.requests.length = 0;
});

function newClient(token = false, timeoutMs?: number, signature?: 'v2' | 'v3'): CloudClient {
  client = createCloudClient({
    target: { kind: 'endpoint', endpoint: server.endpoint },
    credentials: provider(token),
    ...(timeoutMs ? { timeoutMs } : {}),
    ...(signature ? { signature } : {}),
  });
  return client;
}

function expectNoSecrets(text: string): void {
  for (const secret of [KEY_ID, SECRET, TOKEN, encodeURIComponent(SECRET), encodeURIComponent(TOKEN)])
    expect(text).not.toContain(secret);
  expect(text).not.toMatch(/Signature=(?!\*\*\*)[A-Za-z0-9%+/]/);
}

describe('cloud client: request shape', () => {
  it('V3 (default): a POST with every parameter in the query, an empty body and a valid ACS3-HMAC-SHA256 signature', async () => {
    server.respond({ status: 200, body: '{"RequestId":"R-1","Vpcs":{"Vpc":[]}}' });
    const c = newClient(true);
    expect(c.signature).toBe('v3');
    await c.call('vpc', 'cn-beijing', 'DescribeVpcs', { PageSize: 50, ClientToken: 'tok-123' });
    const [req] = server.requests;
    expect(req!.method).toBe('POST');
    expect(req!.body).toBe('');
    expect(req!.params).toEqual({ RegionId: 'cn-beijing', PageSize: '50', ClientToken: 'tok-123' });
    expect(req!.headers).toMatchObject({
      'x-acs-action': 'DescribeVpcs',
      'x-acs-version': '2016-04-28',
      'x-acs-security-token': TOKEN,
      'x-acs-content-sha256': 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    });
    expect(req!.headers.authorization).toMatch(new RegExp(`^ACS3-HMAC-SHA256 Credential=${KEY_ID},SignedHeaders=`));
    expect(v3SignatureValid(req!, SECRET)).toBe(true);
    expect(v3SignatureValid(req!, 'another secret')).toBe(false);
  });

  it('V3 VpcPeer: parameters in a signed form body (in: formData), List Tags in the query, VpcId comma-joined (aliyun-links.md §1.1, §3.2)', async () => {
    server.respond({ status: 200, body: '{"RequestId":"R-1","VpcPeerConnects":[]}' });
    const c = newClient();
    await c.call('vpcpeer', 'cn-beijing', 'ListVpcPeerConnections', {
      VpcId: ['vpc-a', 'vpc-b'],
      Tags: [{ Key: 'team', Value: 'net' }],
    });
    const [req] = server.requests;
    expect(req!.headers).toMatchObject({ 'x-acs-action': 'ListVpcPeerConnections', 'x-acs-version': '2022-01-01' });
    expect(req!.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(new URLSearchParams(req!.body).get('VpcId')).toBe('vpc-a,vpc-b');
    expect(new URLSearchParams(req!.body).get('RegionId')).toBe('cn-beijing');
    expect(req!.url).toContain('Tags.1.Key=team');
    expect(req!.body).not.toContain('Tags');
    expect(v3SignatureValid(req!, SECRET)).toBe(true);
  });

  it('V2 (signature: "v2"): an upper-case POST with every parameter in a correctly signed form body', async () => {
    server.respond({ status: 200, body: '{"RequestId":"R-1","Vpcs":{"Vpc":[]}}' });
    const c = newClient(true, undefined, 'v2');
    expect(c.signature).toBe('v2');
    await c.call('vpc', 'cn-beijing', 'DescribeVpcs', { PageSize: 50, ClientToken: 'tok-123' });
    const [req] = server.requests;
    expect(req!.method).toBe('POST');
    expect(req!.url).toBe('/');
    expect(req!.headers['content-type']).toBe('application/x-www-form-urlencoded');
    const p = req!.params;
    expect(p).toMatchObject({
      Action: 'DescribeVpcs',
      Version: '2016-04-28',
      Format: 'JSON',
      RegionId: 'cn-beijing',
      PageSize: '50',
      ClientToken: 'tok-123',
      AccessKeyId: KEY_ID,
      SecurityToken: TOKEN,
      SignatureMethod: 'HMAC-SHA1',
      SignatureVersion: '1.0',
    });
    expect(p.Signature).toBe(expectedSignature('POST', p, SECRET));
    expect(c.callCount()).toBe(1);
  });

  it.each([
    [undefined, 'v3'],
    ['', 'v3'],
    ['V3', 'v3'],
    ['v2', 'v2'],
    [' V2 ', 'v2'],
  ])('VPCLINK_SIGNATURE=%j picks %s when the options do not say', (value, expected) => {
    const saved = process.env.VPCLINK_SIGNATURE;
    try {
      if (value === undefined) delete process.env.VPCLINK_SIGNATURE;
      else process.env.VPCLINK_SIGNATURE = value;
      expect(newClient().signature).toBe(expected);
      // An explicit option wins over the environment.
      expect(newClient(false, undefined, expected === 'v2' ? 'v3' : 'v2').signature).not.toBe(expected);
    } finally {
      if (saved === undefined) delete process.env.VPCLINK_SIGNATURE;
      else process.env.VPCLINK_SIGNATURE = saved;
    }
  });

  it('an unknown VPCLINK_SIGNATURE stops with INVALID_SIGNATURE_OPTION before any call', () => {
    const saved = process.env.VPCLINK_SIGNATURE;
    try {
      process.env.VPCLINK_SIGNATURE = 'v4';
      expect(() => newClient()).toThrow(expect.objectContaining({ code: 'INVALID_SIGNATURE_OPTION' }));
      expect(server.requests).toHaveLength(0);
    } finally {
      if (saved === undefined) delete process.env.VPCLINK_SIGNATURE;
      else process.env.VPCLINK_SIGNATURE = saved;
    }
  });

  it('uses the API version of each product and adds RegionId for vpc/ecs only', async () => {
    server.respond({ status: 200, body: '{"RequestId":"R"}' });
    const c = newClient();
    await c.call('ecs', 'cn-qingdao', 'DescribeInstances');
    await c.call('sts', '', 'GetCallerIdentity');
    await c.call('vpc', 'cn-beijing', 'DescribeVSwitches', { RegionId: 'cn-shanghai' });
    const [ecs, sts, vpc] = server.requests;
    expect(ecs!.headers['x-acs-version']).toBe('2014-05-26');
    expect(ecs!.params).toMatchObject({ RegionId: 'cn-qingdao' });
    expect(sts!.headers['x-acs-version']).toBe('2015-04-01');
    expect(sts!.params.RegionId).toBeUndefined();
    expect(vpc!.params.RegionId).toBe('cn-shanghai');
  });

  it('strips undefined/null, flattens repeat lists and JSON-encodes ECS JSON-text parameters', async () => {
    server.respond({ status: 200, body: '{"RequestId":"R"}' });
    const c = newClient();
    await c.call('vpc', 'cn-beijing', 'DescribeRouterInterfaces', {
      Filter: [{ Key: 'RouterInterfaceId', Value: ['ri-1', 'ri-2'] }],
      Name: undefined,
      Description: null,
      DryRun: false,
    });
    await c.call('ecs', 'cn-beijing', 'DescribeInstances', { InstanceIds: ['i-1', 'i-2'] });
    const [ri, ecs] = server.requests;
    expect(ri!.params).toMatchObject({
      'Filter.1.Key': 'RouterInterfaceId',
      'Filter.1.Value.1': 'ri-1',
      'Filter.1.Value.2': 'ri-2',
      DryRun: 'false',
    });
    expect(Object.keys(ri!.params)).not.toContain('Name');
    expect(Object.keys(ri!.params)).not.toContain('Description');
    expect(ri!.url).not.toContain('undefined');
    expect(v3SignatureValid(ri!, SECRET)).toBe(true);
    expect(ecs!.params.InstanceIds).toBe('["i-1","i-2"]');
  });

  it('turns 16+-digit Long values into strings and leaves small numbers alone', async () => {
    server.respond({
      status: 200,
      body: '{"RequestId":"R","OrderId":1234567890123456,"Vpcs":{"Vpc":[{"OwnerId":1231579085529123,"PageNumber":1}]},"Big":123456789012345678901234}',
    });
    const body = await newClient().call('vpc', 'cn-beijing', 'CreateRouterInterface', {});
    expect(body.OrderId).toBe('1234567890123456');
    expect((body.Vpcs as { Vpc: Array<Record<string, unknown>> }).Vpc[0]).toEqual({
      OwnerId: '1231579085529123',
      PageNumber: 1,
    });
    expect(body.Big).toBe('123456789012345678901234');
  });

  it('refuses a plain-object parameter and a malformed region with INVALID_CALL, before sending', async () => {
    const c = newClient();
    await expect(c.call('vpc', 'cn-beijing', 'X', { Tag: { Key: 'a' } as never })).rejects.toMatchObject({
      code: 'INVALID_CALL',
    });
    await expect(
      createCloudClient({ target: { kind: 'aliyun' }, credentials: provider() }).call('vpc', 'evil.com/#', 'X'),
    ).rejects.toMatchObject({ code: 'INVALID_CALL' });
    expect(server.requests).toHaveLength(0);
  });

  it('refuses an endpoint that is not http(s)', () => {
    expect(() =>
      createCloudClient({ target: { kind: 'endpoint', endpoint: 'ftp://x' }, credentials: provider() }),
    ).toThrow(/not an http/);
  });
});

describe('cloud client: error classification over HTTP', () => {
  const apiError = (status: number, code: string, message = 'msg') => ({
    status,
    body: JSON.stringify({
      RequestId: `REQ-${code}`,
      HostId: 'vpc.aliyuncs.com',
      Code: code,
      Message: message,
      Recommend: `https://api.aliyun.com/troubleshoot?q=${code}`,
    }),
  });

  it.each([
    // status, code, retryable, ambiguous
    [400, 'Throttling', true, false],
    [400, 'Throttling.User', true, false],
    [503, 'ServiceUnavailable', true, false],
    [409, 'OperationConflict', true, false],
    [400, 'TaskConflict', true, false],
    [400, 'IncorrectRouteEntryStatus', true, false],
    [400, 'LastTokenProcessing', true, false],
    [500, 'InternalError', true, true],
    [400, 'IncorrectRIStatus', false, false],
    [404, 'InvalidRegionId.NotFound', false, false],
    [403, 'Forbidden.RAM', false, false],
    [400, 'InvalidCIDRBlock.Duplicate', false, false],
  ])('HTTP %i %s → retryable %s, ambiguous %s', async (status, code, retryable, ambiguous) => {
    server.respond(apiError(status, code));
    const error = await newClient()
      .call('vpc', 'cn-beijing', 'CreateRouteEntry')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CloudError);
    expect(error).toMatchObject({
      code,
      retryable,
      ambiguous,
      httpStatus: status,
      requestId: `REQ-${code}`,
      action: 'CreateRouteEntry',
    });
    expect((error as CloudError).message).toContain(code);
    expect((error as CloudError).message).toContain(`REQ-${code}`);
  });

  it('an HTML 502 page is NON_JSON_RESPONSE, retryable and ambiguous', async () => {
    server.respond({ status: 502, body: '<html><body>502 Bad Gateway</body></html>', contentType: 'text/html' });
    await expect(newClient().call('vpc', 'cn-beijing', 'ConnectRouterInterface')).rejects.toMatchObject({
      code: 'NON_JSON_RESPONSE',
      retryable: true,
      ambiguous: true,
    });
  });

  it('a 5xx without Code is HTTP_ERROR (pop-core alone would return it as success)', async () => {
    server.respond({ status: 500, body: '{}' });
    await expect(newClient().call('vpc', 'cn-beijing', 'DescribeVpcs')).rejects.toMatchObject({
      code: 'HTTP_ERROR',
      httpStatus: 500,
      retryable: true,
    });
  });

  it('a success Code ("200") in a 200 body is a success (DescribeRouteTableList style, §1.7)', async () => {
    server.respond({ status: 200, body: '{"RequestId":"R","Code":"200","Message":"successful","Success":true}' });
    await expect(newClient().call('vpc', 'cn-beijing', 'DescribeRouteTableList')).resolves.toMatchObject({
      Success: true,
    });
  });

  it('connection refused is CONNECTION_REFUSED: retryable, not ambiguous', async () => {
    const port = await freePort();
    const c = createCloudClient({
      target: { kind: 'endpoint', endpoint: `http://127.0.0.1:${port}` },
      credentials: provider(true),
    });
    const error = (await c.call('vpc', 'cn-beijing', 'CreateRouterInterface').catch((e: unknown) => e)) as CloudError;
    c.close?.();
    expect(error).toMatchObject({ code: 'CONNECTION_REFUSED', retryable: true, ambiguous: false });
    expect(error.message).toContain(`127.0.0.1:${port}`);
    expectNoSecrets(error.message);
  });

  it('no response in time is REQUEST_TIMEOUT: retryable and ambiguous', async () => {
    server.respond({ hang: true });
    await expect(newClient(false, 300).call('vpc', 'cn-beijing', 'CreateRouterInterface')).rejects.toMatchObject({
      code: 'REQUEST_TIMEOUT',
      retryable: true,
      ambiguous: true,
    });
  });

  it('an abort signal cancels a call in flight (ABORTED) and refuses one not yet sent', async () => {
    server.respond({ hang: true });
    const controller = new AbortController();
    const pending = newClient().call('vpc', 'cn-beijing', 'DescribeVpcs', {}, { signal: controller.signal });
    while (server.requests.length === 0) await new Promise((r) => setTimeout(r, 5));
    controller.abort();
    await expect(pending).rejects.toMatchObject({ code: 'ABORTED', ambiguous: true });
    await expect(
      client.call('vpc', 'cn-beijing', 'DescribeVpcs', {}, { signal: controller.signal }),
    ).rejects.toMatchObject({ code: 'ABORTED', ambiguous: false });
  });

  it('a failing credential provider surfaces as CREDENTIALS_UNAVAILABLE, a CloudError from it unchanged', async () => {
    const failing = createCloudClient({
      target: { kind: 'endpoint', endpoint: server.endpoint },
      credentials: { description: 'broken', getCredentials: async () => Promise.reject(new Error('disk on fire')) },
    });
    await expect(failing.call('vpc', 'cn-beijing', 'DescribeVpcs')).rejects.toMatchObject({
      code: 'CREDENTIALS_UNAVAILABLE',
    });
    const own = new CloudError({ code: 'PROFILE_NOT_FOUND', action: '', message: 'no such profile' });
    const failing2 = createCloudClient({
      target: { kind: 'endpoint', endpoint: server.endpoint },
      credentials: { description: 'broken', getCredentials: async () => Promise.reject(own) },
    });
    await expect(failing2.call('vpc', 'cn-beijing', 'DescribeVpcs')).rejects.toBe(own);
  });
});

describe('cloud client: redaction of real server answers', () => {
  it('SignatureDoesNotMatch echoing the string-to-sign leaks neither key, token, signature nor secret', async () => {
    // The real gateway echoes its string-to-sign (aliyun-api.md §1.7): the canonical query encoded
    // twice, containing AccessKeyId and SecurityToken.
    server.respond((req) => {
      const canonical = Object.keys(req.params)
        .filter((k) => k !== 'Signature')
        .sort()
        .map((k) => `${encodeURIComponent(k)}=${encodeURIComponent(req.params[k]!)}`)
        .join('&');
      const sts = `POST&%2F&${encodeURIComponent(canonical)}`;
      return {
        status: 400,
        body: JSON.stringify({
          RequestId: 'R-SIG',
          Code: 'SignatureDoesNotMatch',
          Message: `Specified signature is not matched with our calculation. server string to sign is:${sts}`,
        }),
      };
    });
    const error = (await newClient(true)
      .call('vpc', 'cn-beijing', 'DescribeVpcs')
      .catch((e: unknown) => e)) as CloudError;
    expect(error.code).toBe('SignatureDoesNotMatch');
    expect(error.message).toContain('server string to sign is:');
    expectNoSecrets(error.message);
    expectNoSecrets(JSON.stringify(error));
    expectNoSecrets(String(error.stack));
  });
});

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}
