/** Signature and common-parameter errors, over raw HTTP and through pop-core (aliyun-api.md §1). */
import RPCClient from '@alicloud/pop-core';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { percentEncode, sign, stringToSign } from '../../../cloud/sandbox/signature';
import type { RunningSandbox } from '../../../cloud/sandbox';
import { A, call, crossAccountWorld, expectApiError, VPC_VERSION, type World } from './helpers';

let world: World;
let sandbox: RunningSandbox;
let key: { accessKeyId: string; accessKeySecret: string };

beforeAll(async () => {
  world = await crossAccountWorld();
  sandbox = world.sandbox;
  key = sandbox.accounts.find((a) => a.accountId === A.accountId)!;
});
afterAll(() => sandbox.close());

function timestamp(offsetMs = 0): string {
  return new Date(Date.now() + offsetMs).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

interface RawOptions {
  method?: 'GET' | 'POST';
  secret?: string;
  drop?: string[];
  override?: Record<string, string>;
  nonce?: string;
}

/** A request signed as pop-core signs it, sent with fetch. */
async function raw(
  params: Record<string, string>,
  options: RawOptions = {},
): Promise<{ status: number; body: Record<string, string>; text: string }> {
  const all: Record<string, string> = {
    Format: 'JSON',
    Version: VPC_VERSION,
    Timestamp: timestamp(),
    SignatureMethod: 'HMAC-SHA1',
    SignatureVersion: '1.0',
    SignatureNonce: options.nonce ?? randomBytes(16).toString('hex'),
    AccessKeyId: key.accessKeyId,
    ...params,
    ...options.override,
  };
  for (const name of options.drop ?? []) delete all[name];
  const method = options.method ?? 'GET';
  const signature = sign(options.secret ?? key.accessKeySecret, stringToSign(method, all));
  const query = Object.entries(all)
    .map(([k, v]) => `${percentEncode(k)}=${percentEncode(v)}`)
    .concat(options.drop?.includes('Signature') ? [] : [`Signature=${percentEncode(signature)}`])
    .join('&');
  const response =
    method === 'GET'
      ? await fetch(`${sandbox.endpoint}/?${query}`)
      : await fetch(`${sandbox.endpoint}/`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: query,
        });
  const text = await response.text();
  return { status: response.status, body: JSON.parse(text) as Record<string, string>, text };
}

function expectErrorShape(body: Record<string, string>, code: string): void {
  expect(body.Code).toBe(code);
  expect(Object.keys(body).sort()).toEqual(['Code', 'HostId', 'Message', 'Recommend', 'RequestId']);
  expect(body.RequestId).toMatch(/^[0-9A-F-]{36}$/);
  expect(body.Recommend).toBe(`https://api.aliyun.com/troubleshoot?q=${code}&product=Vpc&requestId=${body.RequestId}`);
}

describe('raw HTTP', () => {
  it('accepts a correctly signed GET and POST', async () => {
    for (const method of ['GET', 'POST'] as const) {
      const r = await raw({ Action: 'DescribeVpcs', RegionId: A.region }, { method });
      expect(r.status).toBe(200);
      expect(r.body.Code).toBeUndefined();
      // OwnerId is a Long on the wire: a bare 16-digit number in the JSON text.
      expect(r.text).toContain(`"OwnerId":${A.accountId}`);
    }
  });

  it.each([
    ['wrong secret', { secret: 'not-the-secret' }, 'SignatureDoesNotMatch', 400],
    ['unknown AccessKeyId', { override: { AccessKeyId: 'SANDBOXNOSUCHKEY' } }, 'InvalidAccessKeyId.NotFound', 400],
    ['Timestamp 20 minutes old', { override: { Timestamp: timestamp(-20 * 60 * 1000) } }, 'IllegalTimestamp', 400],
    ['Timestamp 20 minutes ahead', { override: { Timestamp: timestamp(20 * 60 * 1000) } }, 'IllegalTimestamp', 400],
    ['Timestamp malformed', { override: { Timestamp: '2024/01/02 03:04:05' } }, 'IllegalTimestamp', 400],
    ['Timestamp missing', { drop: ['Timestamp'] }, 'IllegalTimestamp', 400],
    ['Signature missing', { drop: ['Signature'] }, 'MissingParameter', 400],
    ['SignatureNonce missing', { drop: ['SignatureNonce'] }, 'MissingParameter', 400],
    ['AccessKeyId missing', { drop: ['AccessKeyId'] }, 'MissingParameter', 400],
    ['unknown Action', { override: { Action: 'DescribeEverything' } }, 'InvalidAction', 403],
    ['unknown Version', { override: { Version: '2099-01-01' } }, 'InvalidParameter', 400],
  ] as const)('%s → %s', async (_name, options, code, status) => {
    const r = await raw({ Action: 'DescribeVpcs', RegionId: A.region }, options as RawOptions);
    expect(r.status).toBe(status);
    expectErrorShape(r.body, code);
  });

  it('echoes the server string-to-sign after the exact prefix', async () => {
    const r = await raw({ Action: 'DescribeVpcs', RegionId: A.region }, { secret: 'wrong', method: 'POST' });
    const prefix = 'Specified signature is not matched with our calculation. server string to sign is:';
    expect(r.body.Message.startsWith(prefix)).toBe(true);
    const echoed = r.body.Message.slice(prefix.length);
    expect(echoed.startsWith('POST&%2F&AccessKeyId%3D')).toBe(true);
    expect(echoed).toContain('Action%3DDescribeVpcs');
  });

  it('refuses a reused nonce', async () => {
    const nonce = randomBytes(16).toString('hex');
    expect((await raw({ Action: 'DescribeVpcs', RegionId: A.region }, { nonce })).status).toBe(200);
    const again = await raw({ Action: 'DescribeVpcs', RegionId: A.region }, { nonce });
    expect(again.status).toBe(400);
    expectErrorShape(again.body, 'SignatureNonceUsed');
  });

  it('answers MissingParameter for a missing RegionId and InvalidRegionId.NotFound for an unknown one', async () => {
    const missing = await raw({ Action: 'DescribeVpcs' });
    expectErrorShape(missing.body, 'MissingParameter');
    expect(missing.body.Message).toContain('RegionId');
    const unknown = await raw({ Action: 'DescribeVpcs', RegionId: 'mars-north-1' });
    expect(unknown.status).toBe(404);
    expectErrorShape(unknown.body, 'InvalidRegionId.NotFound');
  });

  it('answers InvalidParameter for a PageSize above 50', async () => {
    const r = await raw({ Action: 'DescribeVpcs', RegionId: A.region, PageSize: '51' });
    expect(r.status).toBe(400);
    expectErrorShape(r.body, 'InvalidParameter');
  });
});

describe('through pop-core', () => {
  const client = (overrides: Partial<RPCClient.Config>) =>
    new RPCClient({
      endpoint: sandbox.endpoint,
      apiVersion: VPC_VERSION,
      accessKeyId: key.accessKeyId,
      accessKeySecret: key.accessKeySecret,
      ...overrides,
    } as RPCClient.Config);

  it('wrong secret → SignatureDoesNotMatch, for GET, POST and lower-case post', async () => {
    for (const method of ['GET', 'POST', 'post']) {
      await expectApiError(
        client({ accessKeySecret: 'wrong' }).request('DescribeVpcs', { RegionId: A.region }, { method }),
        'SignatureDoesNotMatch',
        400,
      );
    }
  });

  it('the right secret verifies for GET, POST and lower-case post', async () => {
    for (const method of ['GET', 'POST', 'post']) {
      const r = await call(client({}), 'DescribeVpcs', { RegionId: A.region }, { method });
      expect(r.Vpcs.Vpc[0].VpcId).toBe(A.vpcId);
    }
  });

  it('unknown key → InvalidAccessKeyId.NotFound; unknown action → InvalidAction (403); bad version → InvalidParameter', async () => {
    await expectApiError(
      client({ accessKeyId: 'SANDBOXUNKNOWN' }).request('DescribeVpcs', { RegionId: A.region }),
      'InvalidAccessKeyId.NotFound',
      400,
    );
    await expectApiError(client({}).request('DescribeNothing', { RegionId: A.region }), 'InvalidAction', 403);
    await expectApiError(
      client({ apiVersion: '2099-01-01' }).request('DescribeVpcs', { RegionId: A.region }),
      'InvalidParameter',
      400,
    );
  });

  it('a caller-supplied old Timestamp → IllegalTimestamp; a reused nonce → SignatureNonceUsed', async () => {
    await expectApiError(
      client({}).request('DescribeVpcs', { RegionId: A.region, Timestamp: timestamp(-16 * 60 * 1000) }),
      'IllegalTimestamp',
      400,
    );
    await call(client({}), 'DescribeVpcs', { RegionId: A.region, SignatureNonce: 'fixed-nonce-for-this-test' });
    await expectApiError(
      client({}).request('DescribeVpcs', { RegionId: A.region, SignatureNonce: 'fixed-nonce-for-this-test' }),
      'SignatureNonceUsed',
      400,
    );
  });

  it('missing required parameter → MissingParameter naming it', async () => {
    const data = await expectApiError(
      client({}).request('DescribeRouteEntryList', { RegionId: A.region }),
      'MissingParameter',
      400,
    );
    expect(data.Message).toContain('RouteTableId');
  });

  it('sandbox keys never look like real ones', () => {
    for (const account of sandbox.accounts) expect(account.accessKeyId.startsWith('LTAI')).toBe(false);
  });
});
