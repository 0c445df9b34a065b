/**
 * Signature V3 (ACS3-HMAC-SHA256): the published vectors A, B, C of aliyun-links.md §3.3 bit for
 * bit, the same vectors through openapi-core's own signer, and the sandbox's verifier over raw HTTP
 * (date window, nonce replay, unsigned headers, chunked form bodies, body hash).
 */
import { request } from 'node:http';
import { randomBytes } from 'node:crypto';
import * as OpenApiCore from '@alicloud/openapi-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  canonicalRequestV3,
  hashPayload,
  parseAuthorization,
  signV3,
  stringToSignV3,
} from '../../../cloud/sandbox/signatureV3';
import type { RunningSandbox } from '../../../cloud/sandbox';
import { A, crossAccountWorld, VPC_VERSION, type World } from './helpers';

const EMPTY = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

interface Vector {
  readonly name: string;
  readonly secret: string;
  readonly query: Array<[string, string]>;
  readonly headers: Record<string, string>;
  readonly body: string;
  readonly canonicalRequest?: string;
  readonly stringToSignHash?: string;
  readonly contentSha?: string;
  readonly signedHeaders?: string;
  readonly signature: string;
}

const VECTORS: readonly Vector[] = [
  {
    name: 'A: Alibaba’s published RunInstances example',
    secret: 'YourAccessKeySecret',
    query: [
      ['ImageId', 'win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd'],
      ['RegionId', 'cn-shanghai'],
    ],
    headers: {
      host: 'ecs.cn-shanghai.aliyuncs.com',
      'x-acs-action': 'RunInstances',
      'x-acs-version': '2014-05-26',
      'x-acs-date': '2023-10-26T09:01:01Z',
      'x-acs-signature-nonce': 'd410180a5abf7fe235dd9b74aca91fc0',
      'x-acs-content-sha256': EMPTY,
    },
    body: '',
    signature: 'e521358f7776c97df52e6b2891a8bc73026794a071b50c3323388c4e0df64804',
  },
  {
    name: 'B: Vpc CreateRouteEntry with a NextHopList',
    secret: 'testSecret',
    query: [
      ['RouteTableId', 'vtb-1'],
      ['RegionId', 'cn-hangzhou'],
      ['NextHopList.1.Weight', '10'],
      ['NextHopList.1.NextHopType', 'RouterInterface'],
      ['NextHopList.1.NextHopId', 'ri-1'],
      ['DestinationCidrBlock', '10.0.0.0/16'],
    ],
    headers: {
      host: 'vpc.cn-hangzhou.aliyuncs.com',
      'x-acs-action': 'CreateRouteEntry',
      'x-acs-content-sha256': EMPTY,
      'x-acs-date': '2024-01-01T00:00:00Z',
      'x-acs-signature-nonce': '0123456789abcdef',
      'x-acs-version': '2016-04-28',
    },
    body: '',
    canonicalRequest: [
      'POST',
      '/',
      'DestinationCidrBlock=10.0.0.0%2F16&NextHopList.1.NextHopId=ri-1&NextHopList.1.NextHopType=RouterInterface&NextHopList.1.Weight=10&RegionId=cn-hangzhou&RouteTableId=vtb-1',
      'host:vpc.cn-hangzhou.aliyuncs.com',
      'x-acs-action:CreateRouteEntry',
      `x-acs-content-sha256:${EMPTY}`,
      'x-acs-date:2024-01-01T00:00:00Z',
      'x-acs-signature-nonce:0123456789abcdef',
      'x-acs-version:2016-04-28',
      '',
      'host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version',
      EMPTY,
    ].join('\n'),
    stringToSignHash: 'd22871363362037bd677e880537cd74cb3030162818b2540c75ca7d64f1ac12b',
    signature: '8390dc1fd2595c631b0531289ed00db1a65febb890bc980382b3800d2d0e593e',
  },
  {
    name: 'C: VpcPeer GetVpcPeerConnectionAttribute with a form body',
    secret: 'testSecret',
    query: [],
    headers: {
      host: 'vpcpeer.aliyuncs.com',
      'content-type': 'application/x-www-form-urlencoded',
      'x-acs-action': 'GetVpcPeerConnectionAttribute',
      'x-acs-version': '2022-01-01',
      'x-acs-date': '2024-01-01T00:00:00Z',
      'x-acs-signature-nonce': '0123456789abcdef',
      'x-acs-content-sha256': '76392687a759f8bd4a3bc5ef474957dea29605afeaaf55f188f2c84615b0f3a2',
    },
    body: 'InstanceId=pcc-123&RegionId=cn-hangzhou',
    contentSha: '76392687a759f8bd4a3bc5ef474957dea29605afeaaf55f188f2c84615b0f3a2',
    signedHeaders: 'content-type;host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version',
    signature: '297c56555ff141f997f9a88b5b5b771da2cc85231c5aa7b98c24be89f4d42a21',
  },
];

describe('signature V3 vectors (aliyun-links.md §3.3)', () => {
  it.each(VECTORS.map((v) => [v.name, v] as const))('%s', (_name, v) => {
    const hashedPayload = hashPayload(v.body);
    if (v.contentSha) expect(hashedPayload).toBe(v.contentSha);
    expect(hashedPayload).toBe(v.headers['x-acs-content-sha256']);
    const canonical = canonicalRequestV3({
      method: 'POST',
      path: '/',
      query: v.query,
      signedHeaders: new Map(Object.entries(v.headers)),
      hashedPayload,
    });
    if (v.canonicalRequest) expect(canonical).toBe(v.canonicalRequest);
    if (v.signedHeaders) expect(canonical.split('\n').at(-2)).toBe(v.signedHeaders);
    const toSign = stringToSignV3(canonical);
    if (v.stringToSignHash) expect(toSign).toBe(`ACS3-HMAC-SHA256\n${v.stringToSignHash}`);
    expect(signV3(v.secret, toSign)).toBe(v.signature);
  });

  it.each(VECTORS.map((v) => [v.name, v] as const))('%s — openapi-core 1.0.8 signs it the same', (_name, v) => {
    const util = (OpenApiCore as unknown as { OpenApiUtil: { getAuthorization: (...args: unknown[]) => string } })
      .OpenApiUtil;
    const authorization = util.getAuthorization(
      { pathname: '/', method: 'POST', query: Object.fromEntries(v.query), headers: { ...v.headers } },
      'ACS3-HMAC-SHA256',
      v.headers['x-acs-content-sha256'],
      'anyAccessKeyId',
      v.secret,
    );
    expect(parseAuthorization(authorization)?.signature).toBe(v.signature);
  });

  it('parses the Authorization header', () => {
    expect(parseAuthorization('ACS3-HMAC-SHA256 Credential=AK,SignedHeaders=host;x-acs-date,Signature=abc')).toEqual({
      algorithm: 'ACS3-HMAC-SHA256',
      accessKeyId: 'AK',
      signedHeaders: ['host', 'x-acs-date'],
      signature: 'abc',
    });
    expect(parseAuthorization('ACS3-HMAC-SHA256 Credential=AK')).toBeUndefined();
  });
});

describe('the sandbox verifies V3 requests', () => {
  let world: World;
  let sandbox: RunningSandbox;
  let key: { accessKeyId: string; accessKeySecret: string };
  let port: number;

  beforeAll(async () => {
    world = await crossAccountWorld();
    sandbox = world.sandbox;
    key = sandbox.accounts.find((a) => a.accountId === A.accountId)!;
    port = Number(new URL(sandbox.endpoint).port);
  });
  afterAll(() => sandbox.close());

  function isoNow(offsetMs = 0): string {
    return new Date(Date.now() + offsetMs).toISOString().replace(/\.\d{3}Z$/, 'Z');
  }

  interface V3Options {
    readonly action?: string;
    readonly query?: Record<string, string>;
    readonly form?: Record<string, string>;
    readonly chunked?: boolean;
    readonly dateOffsetMs?: number;
    readonly nonce?: string;
    readonly extraHeaders?: Record<string, string>;
    /** Headers sent but left out of SignedHeaders. */
    readonly unsigned?: Record<string, string>;
    readonly secret?: string;
    readonly contentSha?: string;
  }

  /** A V3 request built and signed with the module under test, sent over raw HTTP. */
  function send(options: V3Options = {}): Promise<{ status: number; body: Record<string, unknown> }> {
    const body = options.form ? new URLSearchParams(options.form).toString() : '';
    const query = Object.entries(options.query ?? { RegionId: A.region });
    const headers: Record<string, string> = {
      host: `127.0.0.1:${port}`,
      'x-acs-action': options.action ?? 'DescribeVpcs',
      'x-acs-version': VPC_VERSION,
      'x-acs-date': isoNow(options.dateOffsetMs),
      'x-acs-signature-nonce': options.nonce ?? randomBytes(16).toString('hex'),
      'x-acs-content-sha256': options.contentSha ?? hashPayload(body),
      ...(options.form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      ...options.extraHeaders,
    };
    const canonical = canonicalRequestV3({
      method: 'POST',
      path: '/',
      query,
      signedHeaders: new Map(Object.entries(headers)),
      hashedPayload: headers['x-acs-content-sha256']!,
    });
    const signature = signV3(options.secret ?? key.accessKeySecret, stringToSignV3(canonical));
    const authorization = `ACS3-HMAC-SHA256 Credential=${key.accessKeyId},SignedHeaders=${Object.keys(headers).sort().join(';')},Signature=${signature}`;
    const path = '/?' + new URLSearchParams(query).toString().replace(/\+/g, '%20');
    return new Promise((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port,
          method: 'POST',
          path,
          headers: {
            ...headers,
            ...options.unsigned,
            authorization,
            ...(options.chunked ? { 'transfer-encoding': 'chunked' } : { 'content-length': Buffer.byteLength(body) }),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) }),
          );
        },
      );
      req.on('error', reject);
      if (options.chunked && body) {
        // Two chunks, as the SDK's streamed form bodies arrive (links §3.2).
        req.write(body.slice(0, 5));
        req.write(body.slice(5));
      } else req.write(body);
      req.end();
    });
  }

  it('answers a query-string call (Vpc shape)', async () => {
    const { status, body } = await send();
    expect(status).toBe(200);
    expect((body.Vpcs as { Vpc: Array<{ VpcId: string }> }).Vpc.map((v) => v.VpcId)).toEqual([A.vpcId]);
  });

  it('reads a chunked form body (VpcPeer shape) with content-type signed', async () => {
    const { status, body } = await send({ query: {}, form: { RegionId: A.region, VpcId: A.vpcId }, chunked: true });
    expect(status).toBe(200);
    expect(body.TotalCount).toBe(1);
  });

  it('verifies against every x-acs-* header that arrives (x-acs-credentials-provider)', async () => {
    const ok = await send({ extraHeaders: { 'x-acs-credentials-provider': 'static_ak' } });
    expect(ok.status).toBe(200);
    const refused = await send({ unsigned: { 'x-acs-credentials-provider': 'static_ak' } });
    expect(refused.status).toBe(400);
    expect(refused.body.Code).toBe('IncompleteSignature');
    expect(String(refused.body.Message)).toContain('x-acs-credentials-provider');
  });

  it('refuses a reused x-acs-signature-nonce', async () => {
    const nonce = randomBytes(16).toString('hex');
    expect((await send({ nonce })).status).toBe(200);
    const again = await send({ nonce });
    expect([again.status, again.body.Code]).toEqual([400, 'SignatureNonceUsed']);
  });

  it.each([
    ['16 minutes old', -16 * 60_000, 400],
    ['16 minutes ahead', 16 * 60_000, 400],
    ['14 minutes old', -14 * 60_000, 200],
  ])('x-acs-date %s → HTTP %i', async (_label, offset, status) => {
    const answer = await send({ dateOffsetMs: offset });
    expect(answer.status).toBe(status);
    if (status !== 200) expect(answer.body.Code).toBe('IllegalTimestamp');
  });

  it('refuses a wrong secret with SignatureDoesNotMatch and the server string to sign', async () => {
    const { status, body } = await send({ secret: 'not-the-secret' });
    expect(status).toBe(400);
    expect(body.Code).toBe('SignatureDoesNotMatch');
    expect(String(body.Message)).toContain('server string to sign is:ACS3-HMAC-SHA256\n');
    expect(body).toHaveProperty('RequestId');
    expect(body).toHaveProperty('Recommend');
  });

  it('refuses a body that is not what x-acs-content-sha256 says', async () => {
    const { status, body } = await send({
      query: {},
      form: { RegionId: A.region },
      contentSha: hashPayload('RegionId=cn-beijing'),
    });
    expect([status, body.Code]).toEqual([400, 'SignatureDoesNotMatch']);
  });

  it('takes the action from x-acs-action: an unknown one is InvalidAction', async () => {
    const { status, body } = await send({ action: 'DescribeNothing' });
    expect([status, body.Code]).toEqual([403, 'InvalidAction']);
  });
});
