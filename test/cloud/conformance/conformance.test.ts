/**
 * Conformance: one script of calls (the cross-account lifecycle plus its documented refusals) run
 * against a fresh sandbox through four clients, call for call:
 *
 * - the official 2026 SDKs `@alicloud/vpc20160428` 7.3.2, `@alicloud/ecs20140526` 7.11.6,
 *   `@alicloud/sts20150401` 1.2.0 (Signature V3, aliyun-links.md §3.4);
 * - `@alicloud/pop-core` 1.8.0 (Signature V2, §3.5);
 * - vpclink's own adapter (`cloud/client`) on its V3 and its V2 path.
 *
 * Every sandbox starts from the same seed, RNG seed and manual clock, so the same calls create the
 * same IDs; the answers must be the same (success bodies, or error code and HTTP status). Times
 * are masked (each sandbox starts at its own wall-clock second), RequestIds dropped.
 */
import RPCClient from '@alicloud/pop-core';
import * as EcsSdk from '@alicloud/ecs20140526';
import * as StsSdk from '@alicloud/sts20150401';
import * as VpcSdk from '@alicloud/vpc20160428';
import { $OpenApiUtil } from '@alicloud/openapi-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCloudClient, type CloudClient, type SignatureVersion } from '../../../cloud/client';
import { startSandbox, type RunningSandbox } from '../../../cloud/sandbox';
import { A, B, loadExample } from '../sandbox/helpers';

type Product = 'vpc' | 'ecs' | 'sts';
type Who = 'a' | 'b' | 'aRam';
type Ids = Record<string, string>;
type Json = Record<string, unknown>;

interface Step {
  readonly name: string;
  readonly as: Who;
  readonly product: Product;
  readonly action: string;
  readonly params: (ids: Ids) => Json;
  /** IDs to remember from a success body. */
  readonly save?: (body: Json, ids: Ids) => void;
  /** Sandbox time to let pass after the call (asynchronous transitions). */
  readonly advanceMs?: number;
  /** What the answer must be, checked on every path (besides being the same on every path). */
  readonly expect: { readonly code: string; readonly status: number } | ((body: Json) => void);
}

const VERSIONS: Readonly<Record<Product, string>> = { vpc: '2016-04-28', ecs: '2014-05-26', sts: '2015-04-01' };

const ok =
  (check: (body: Json) => void = () => {}) =>
  (body: Json) =>
    check(body);
const refused = (code: string, status: number) => ({ code, status });

const listOf = (body: Json, ...path: string[]): Json[] =>
  path.reduce<unknown>((v, key) => (v as Json)?.[key], body) as Json[];

/** The cross-account lifecycle (aliyun-api.md §3.9) and the refusals of aliyun-links.md §4–§5. */
const SCRIPT: readonly Step[] = [
  {
    name: 'GetCallerIdentity (root)',
    as: 'a',
    product: 'sts',
    action: 'GetCallerIdentity',
    params: () => ({}),
    expect: ok((b) => expect(b).toMatchObject({ AccountId: A.accountId, IdentityType: 'Account' })),
  },
  {
    name: 'GetCallerIdentity (RAM user)',
    as: 'aRam',
    product: 'sts',
    action: 'GetCallerIdentity',
    params: () => ({}),
    expect: ok((b) => expect(b).toMatchObject({ AccountId: A.accountId, IdentityType: 'RAMUser' })),
  },
  {
    name: 'DescribeVpcs',
    as: 'a',
    product: 'vpc',
    action: 'DescribeVpcs',
    params: () => ({ RegionId: A.region }),
    expect: ok((b) => expect(listOf(b, 'Vpcs', 'Vpc').map((v) => v.VpcId)).toEqual([A.vpcId])),
  },
  {
    name: 'DescribeVSwitches',
    as: 'a',
    product: 'vpc',
    action: 'DescribeVSwitches',
    params: () => ({ RegionId: A.region, VpcId: A.vpcId }),
    expect: ok((b) => expect(listOf(b, 'VSwitches', 'VSwitch')).toHaveLength(1)),
  },
  {
    name: 'DescribeRouteTableList',
    as: 'a',
    product: 'vpc',
    action: 'DescribeRouteTableList',
    params: () => ({ RegionId: A.region, VpcId: A.vpcId }),
    expect: ok((b) =>
      expect(listOf(b, 'RouterTableList', 'RouterTableListType').map((t) => t.RouteTableId)).toContain(A.routeTableId),
    ),
  },
  {
    name: 'DescribeVpcs in a region that does not exist',
    as: 'a',
    product: 'vpc',
    action: 'DescribeVpcs',
    params: () => ({ RegionId: 'xx-nowhere-1' }),
    expect: refused('InvalidRegionId.NotFound', 404),
  },
  {
    name: 'CreateRouterInterface (initiator, A)',
    as: 'a',
    product: 'vpc',
    action: 'CreateRouterInterface',
    params: () => ({
      RegionId: A.region,
      Role: 'InitiatingSide',
      RouterType: 'VRouter',
      RouterId: A.vRouterId,
      Spec: 'Mini.2',
      OppositeRegionId: B.region,
      Name: 'conformance-a',
    }),
    save: (b, ids) => {
      ids.riA = String(b.RouterInterfaceId);
    },
    expect: ok((b) => expect(b.RouterInterfaceId).toMatch(/^ri-/)),
  },
  {
    name: 'CreateRouterInterface (acceptor, B)',
    as: 'b',
    product: 'vpc',
    action: 'CreateRouterInterface',
    params: () => ({
      RegionId: B.region,
      Role: 'AcceptingSide',
      RouterType: 'VRouter',
      RouterId: B.vRouterId,
      Spec: 'Negative',
      OppositeRegionId: A.region,
    }),
    save: (b, ids) => {
      ids.riB = String(b.RouterInterfaceId);
    },
    expect: ok((b) => expect(b.RouterInterfaceId).toMatch(/^ri-/)),
  },
  {
    name: 'ConnectRouterInterface before the opposite is set',
    as: 'a',
    product: 'vpc',
    action: 'ConnectRouterInterface',
    params: (ids) => ({ RegionId: A.region, RouterInterfaceId: ids.riA }),
    expect: refused('IncorrectOppositeInterfaceInfo.NotSet', 400),
  },
  {
    name: 'ModifyRouterInterfaceAttribute (B points at A)',
    as: 'b',
    product: 'vpc',
    action: 'ModifyRouterInterfaceAttribute',
    params: (ids) => ({
      RegionId: B.region,
      RouterInterfaceId: ids.riB,
      OppositeInterfaceId: ids.riA,
      OppositeRouterId: A.vRouterId,
      OppositeRouterType: 'VRouter',
      OppositeInterfaceOwnerId: A.accountId,
    }),
    expect: ok(),
  },
  {
    name: 'ModifyRouterInterfaceAttribute (A points at B)',
    as: 'a',
    product: 'vpc',
    action: 'ModifyRouterInterfaceAttribute',
    params: (ids) => ({
      RegionId: A.region,
      RouterInterfaceId: ids.riA,
      OppositeInterfaceId: ids.riB,
      OppositeRouterId: B.vRouterId,
      OppositeRouterType: 'VRouter',
      OppositeInterfaceOwnerId: B.accountId,
    }),
    expect: ok(),
  },
  {
    name: 'ConnectRouterInterface',
    as: 'a',
    product: 'vpc',
    action: 'ConnectRouterInterface',
    params: (ids) => ({ RegionId: A.region, RouterInterfaceId: ids.riA }),
    advanceMs: 60_000,
    expect: ok(),
  },
  {
    name: 'ConnectRouterInterface again (Active)',
    as: 'a',
    product: 'vpc',
    action: 'ConnectRouterInterface',
    params: (ids) => ({ RegionId: A.region, RouterInterfaceId: ids.riA }),
    expect: refused('IncorrectRIStatus', 400),
  },
  {
    name: 'ActivateRouterInterface while Active',
    as: 'a',
    product: 'vpc',
    action: 'ActivateRouterInterface',
    params: (ids) => ({ RegionId: A.region, RouterInterfaceId: ids.riA }),
    expect: refused('IncorrectRIStatus', 400),
  },
  {
    name: 'DescribeRouterInterfaces with a Filter',
    as: 'a',
    product: 'vpc',
    action: 'DescribeRouterInterfaces',
    params: (ids) => ({ RegionId: A.region, Filter: [{ Key: 'RouterInterfaceId', Value: [ids.riA] }] }),
    expect: ok((b) =>
      expect(listOf(b, 'RouterInterfaceSet', 'RouterInterfaceType')[0]).toMatchObject({
        Status: 'Active',
        OppositeInterfaceStatus: 'Active',
      }),
    ),
  },
  {
    name: 'CreateRouteEntry through the interface',
    as: 'a',
    product: 'vpc',
    action: 'CreateRouteEntry',
    params: (ids) => ({
      RegionId: A.region,
      RouteTableId: A.routeTableId,
      DestinationCidrBlock: B.cidr,
      NextHopType: 'RouterInterface',
      NextHopId: ids.riA,
    }),
    save: (b, ids) => {
      ids.route = String(b.RouteEntryId);
    },
    advanceMs: 5_000,
    expect: ok((b) => expect(b.RouteEntryId).toMatch(/^rte-/)),
  },
  {
    name: 'CreateRouteEntry with an undocumented NextHopType',
    as: 'a',
    product: 'vpc',
    action: 'CreateRouteEntry',
    params: (ids) => ({
      RegionId: A.region,
      RouteTableId: A.routeTableId,
      DestinationCidrBlock: '172.20.0.0/16',
      NextHopType: 'Gateway',
      NextHopId: ids.riA,
    }),
    expect: refused('InvalidParameter', 400),
  },
  {
    name: 'CreateRouteEntry to the same destination',
    as: 'a',
    product: 'vpc',
    action: 'CreateRouteEntry',
    params: (ids) => ({
      RegionId: A.region,
      RouteTableId: A.routeTableId,
      DestinationCidrBlock: B.cidr,
      NextHopType: 'RouterInterface',
      NextHopId: ids.riA,
    }),
    expect: refused('RouterEntryConflict.Duplicated', 400),
  },
  {
    name: 'DescribeRouteEntryList (custom)',
    as: 'a',
    product: 'vpc',
    action: 'DescribeRouteEntryList',
    params: () => ({ RegionId: A.region, RouteTableId: A.routeTableId, RouteEntryType: 'Custom' }),
    expect: ok((b) => expect(listOf(b, 'RouteEntrys', 'RouteEntry')[0]).toMatchObject({ Status: 'Available' })),
  },
  {
    name: 'DeleteRouterInterface while Active',
    as: 'a',
    product: 'vpc',
    action: 'DeleteRouterInterface',
    params: (ids) => ({ RegionId: A.region, RouterInterfaceId: ids.riA }),
    expect: refused('InvalidInstance.StatusError', 400),
  },
  {
    name: 'DescribeInstances (JSON-array InstanceIds)',
    as: 'a',
    product: 'ecs',
    action: 'DescribeInstances',
    params: () => ({ RegionId: A.region, InstanceIds: JSON.stringify([A.instance]) }),
    expect: ok((b) => expect(listOf(b, 'Instances', 'Instance').map((i) => i.InstanceId)).toEqual([A.instance])),
  },
  {
    name: 'AuthorizeSecurityGroup (Permissions.N)',
    as: 'a',
    product: 'ecs',
    action: 'AuthorizeSecurityGroup',
    params: () => ({
      RegionId: A.region,
      SecurityGroupId: A.sg,
      Permissions: [{ IpProtocol: 'TCP', PortRange: '22/22', SourceCidrIp: B.cidr, Policy: 'Accept', Priority: '1' }],
    }),
    expect: ok(),
  },
  {
    name: 'DescribeSecurityGroupAttribute',
    as: 'a',
    product: 'ecs',
    action: 'DescribeSecurityGroupAttribute',
    params: () => ({ RegionId: A.region, SecurityGroupId: A.sg, Direction: 'ingress' }),
    expect: ok((b) => expect(listOf(b, 'Permissions', 'Permission').map((p) => p.SourceCidrIp)).toContain(B.cidr)),
  },
  {
    name: 'AssumeRole with the root key',
    as: 'a',
    product: 'sts',
    action: 'AssumeRole',
    params: () => ({ RoleArn: `acs:ram::${B.accountId}:role/vpclink-admin`, RoleSessionName: 'conformance' }),
    expect: refused('NoPermission', 403),
  },
  {
    name: 'AssumeRole with the RAM user key',
    as: 'aRam',
    product: 'sts',
    action: 'AssumeRole',
    params: () => ({ RoleArn: `acs:ram::${B.accountId}:role/vpclink-admin`, RoleSessionName: 'conformance' }),
    expect: ok((b) => expect((b.Credentials as Json).AccessKeyId).toMatch(/^STS\./)),
  },
  {
    name: 'DeactivateRouterInterface',
    as: 'a',
    product: 'vpc',
    action: 'DeactivateRouterInterface',
    params: (ids) => ({ RegionId: A.region, RouterInterfaceId: ids.riA }),
    advanceMs: 60_000,
    expect: ok(),
  },
  {
    name: 'DeleteRouterInterface while a route points at it',
    as: 'a',
    product: 'vpc',
    action: 'DeleteRouterInterface',
    params: (ids) => ({ RegionId: A.region, RouterInterfaceId: ids.riA }),
    expect: refused('RouterInterfaceReferredByRouteEntry', 400),
  },
  {
    name: 'DeleteRouteEntry',
    as: 'a',
    product: 'vpc',
    action: 'DeleteRouteEntry',
    params: (ids) => ({ RegionId: A.region, RouteEntryId: ids.route }),
    advanceMs: 5_000,
    expect: ok(),
  },
  {
    name: 'DeleteRouterInterface',
    as: 'a',
    product: 'vpc',
    action: 'DeleteRouterInterface',
    params: (ids) => ({ RegionId: A.region, RouterInterfaceId: ids.riA }),
    advanceMs: 5_000,
    expect: ok(),
  },
  {
    name: 'DescribeRouterInterfaces after the delete',
    as: 'a',
    product: 'vpc',
    action: 'DescribeRouterInterfaces',
    params: () => ({ RegionId: A.region }),
    expect: ok((b) => expect(b.TotalCount).toBe(0)),
  },
];

type Answer = { readonly kind: 'ok'; readonly body: Json } | { readonly kind: 'error'; code: string; status?: number };

interface Credentials {
  readonly accessKeyId: string;
  readonly accessKeySecret: string;
}

/** Sends one step through one client library. */
type Driver = (who: Credentials, product: Product, action: string, params: Json) => Promise<Answer>;

/** PascalCase API names → the SDK model's camelCase field names (`RegionId` → `regionId`). */
function camelize(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(camelize);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [k.charAt(0).toLowerCase() + k.slice(1), camelize(v)]),
  );
}

const SDKS: Readonly<Record<Product, Record<string, unknown>>> = {
  vpc: VpcSdk as unknown as Record<string, unknown>,
  ecs: EcsSdk as unknown as Record<string, unknown>,
  sts: StsSdk as unknown as Record<string, unknown>,
};

/** The official product SDKs, V3, typed request models, `<action>(request)` methods. */
function sdkDriver(endpoint: string): Driver {
  const url = new URL(endpoint);
  return async (who, product, action, params) => {
    const mod = SDKS[product];
    const Client = (mod.default as { default?: unknown }).default ?? mod.default;
    const client = new (Client as new (config: unknown) => Record<string, (request: unknown) => Promise<unknown>>)(
      new $OpenApiUtil.Config({
        accessKeyId: who.accessKeyId,
        accessKeySecret: who.accessKeySecret,
        endpoint: url.host,
        protocol: 'http',
        regionId: typeof params.RegionId === 'string' ? params.RegionId : A.region,
      }),
    );
    // Calls without parameters (STS GetCallerIdentity) have no request model: the method takes none.
    const Request = mod[`${action}Request`] as (new (map: unknown) => unknown) | undefined;
    const method = action.charAt(0).toLowerCase() + action.slice(1);
    expect(typeof client[method], `${product} SDK method ${method}`).toBe('function');
    try {
      const call = client[method]!.bind(client);
      const response = (await (Request ? call(new Request(camelize(params))) : (call as () => Promise<unknown>)())) as {
        body: { toMap(): Json };
        statusCode: number;
      };
      return { kind: 'ok', body: response.body.toMap() };
    } catch (error) {
      const e = error as { code?: string; statusCode?: number };
      return { kind: 'error', code: String(e.code), ...(e.statusCode ? { status: e.statusCode } : {}) };
    }
  };
}

/** `@alicloud/pop-core` as a user would call it: structured params, POST, V2. */
function popDriver(endpoint: string): Driver {
  return async (who, product, action, params) => {
    const client = new RPCClient({
      endpoint,
      apiVersion: VERSIONS[product],
      accessKeyId: who.accessKeyId,
      accessKeySecret: who.accessKeySecret,
    });
    try {
      const body = (await client.request(action, params, { method: 'POST' })) as Json;
      return { kind: 'ok', body };
    } catch (error) {
      const e = error as { code?: string; entry?: { response?: { statusCode?: number } } };
      const status = e.entry?.response?.statusCode;
      return { kind: 'error', code: String(e.code), ...(status ? { status } : {}) };
    }
  };
}

/** vpclink's own adapter on one signature path. */
function adapterDriver(endpoint: string, signature: SignatureVersion): Driver {
  const clients = new Map<string, CloudClient>();
  return async (who, product, action, params) => {
    let client = clients.get(who.accessKeyId);
    if (!client) {
      client = createCloudClient({
        target: { kind: 'endpoint', endpoint },
        credentials: { description: 'conformance', getCredentials: async () => who },
        signature,
      });
      clients.set(who.accessKeyId, client);
    }
    expect(client.signature).toBe(signature);
    try {
      const region = typeof params.RegionId === 'string' ? params.RegionId : '';
      return { kind: 'ok', body: await client.call(product, region, action, params as never) };
    } catch (error) {
      const e = error as { code: string; httpStatus?: number };
      return { kind: 'error', code: e.code, ...(e.httpStatus ? { status: e.httpStatus } : {}) };
    }
  };
}

/**
 * One canonical form for comparison: RequestId dropped; times masked; every number and BigNumber as
 * its decimal text. `OrderId` is masked too: beyond 2^53, and the SDK parses JSON with
 * JSON.parse, which rounds it (the reason vpclink's V3 path parses bodies itself, cloud/client/long.ts).
 */
function canonical(value: unknown, key = ''): unknown {
  if (key === 'RequestId') return undefined;
  if (key === 'OrderId') return '<order id>';
  if (Array.isArray(value)) return value.map((v) => canonical(v));
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?Z$/.test(value) ? '<time>' : value;
  if (typeof value === 'object' && value !== null) {
    if (typeof (value as { toFixed?: unknown }).toFixed === 'function' && '_isBigNumber' in value)
      return (value as unknown as { toFixed(): string }).toFixed();
    const out: Json = {};
    for (const [k, v] of Object.entries(value)) {
      const c = canonical(v, k);
      if (c !== undefined) out[k] = c;
    }
    return out;
  }
  return value;
}

/** Every field the SDK's model kept must equal pop-core's (the model drops fields it does not know). */
function expectSubset(sdk: unknown, full: unknown, path: string): void {
  if (Array.isArray(sdk)) {
    expect(Array.isArray(full), path).toBe(true);
    expect((full as unknown[]).length, `${path}.length`).toBe(sdk.length);
    sdk.forEach((item, i) => expectSubset(item, (full as unknown[])[i], `${path}[${i}]`));
    return;
  }
  if (typeof sdk === 'object' && sdk !== null) {
    for (const [k, v] of Object.entries(sdk)) expectSubset(v, (full as Json)?.[k], `${path}.${k}`);
    return;
  }
  expect(sdk, path).toEqual(full);
}

interface Run {
  readonly answers: Answer[];
}

async function runScript(makeDriver: (endpoint: string) => Driver): Promise<Run> {
  const sandbox: RunningSandbox = await startSandbox({
    seed: loadExample('cross-account.vpclink.json'),
    clock: 'manual',
    rngSeed: 13,
  });
  try {
    const who: Record<Who, Credentials> = {
      a: sandbox.accounts.find((x) => x.accountId === A.accountId)!,
      b: sandbox.accounts.find((x) => x.accountId === B.accountId)!,
      aRam: sandbox.accounts.find((x) => x.accountId === A.accountId)!.ramUser,
    };
    const drive = makeDriver(sandbox.endpoint);
    const ids: Ids = {};
    const answers: Answer[] = [];
    for (const step of SCRIPT) {
      const answer = await drive(who[step.as], step.product, step.action, step.params(ids));
      if (answer.kind === 'ok') step.save?.(answer.body, ids);
      if (step.advanceMs) sandbox.advance(step.advanceMs);
      answers.push(answer);
    }
    return { answers };
  } finally {
    await sandbox.close();
  }
}

const PATHS = {
  'official SDKs (V3)': sdkDriver,
  'pop-core (V2)': popDriver,
  'cloud/client (V3)': (endpoint: string) => adapterDriver(endpoint, 'v3'),
  'cloud/client (V2)': (endpoint: string) => adapterDriver(endpoint, 'v2'),
} as const;
type PathName = keyof typeof PATHS;

const runs = new Map<PathName, Run>();

beforeAll(async () => {
  for (const [name, make] of Object.entries(PATHS) as Array<[PathName, (e: string) => Driver]>)
    runs.set(name, await runScript(make));
}, 120_000);
afterAll(() => runs.clear());

describe.each(Object.keys(PATHS) as PathName[])('conformance through %s', (path) => {
  it.each(SCRIPT.map((step, i) => [step.name, i] as const))('%s', (_name, i) => {
    const step = SCRIPT[i]!;
    const answer = runs.get(path)!.answers[i]!;
    if (typeof step.expect === 'function') {
      expect(answer, JSON.stringify(answer)).toMatchObject({ kind: 'ok' });
      step.expect((answer as { body: Json }).body);
    } else {
      expect(answer).toEqual({ kind: 'error', code: step.expect.code, status: step.expect.status });
    }
  });
});

describe('the four paths answer alike, call for call', () => {
  it.each(SCRIPT.map((step, i) => [step.name, i] as const))('%s', (_name, i) => {
    const pop = runs.get('pop-core (V2)')!.answers[i]!;
    const popBody = pop.kind === 'ok' ? canonical(pop.body) : pop;
    // Both adapter paths return exactly what pop-core returns (Long values as strings, masked alike).
    for (const path of ['cloud/client (V3)', 'cloud/client (V2)'] as const) {
      const answer = runs.get(path)!.answers[i]!;
      expect(answer.kind, path).toBe(pop.kind);
      expect(answer.kind === 'ok' ? canonical(answer.body) : answer, path).toEqual(popBody);
    }
    const sdk = runs.get('official SDKs (V3)')!.answers[i]!;
    expect(sdk.kind).toBe(pop.kind);
    if (sdk.kind === 'ok') expectSubset(canonical(sdk.body), popBody, SCRIPT[i]!.action);
    else expect(sdk).toEqual(pop);
  });
});
