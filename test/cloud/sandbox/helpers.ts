/** Shared test helpers: a sandbox seeded from an example, pop-core clients per account and product. */
import RPCClient from '@alicloud/pop-core';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { loadDocumentText, type Topology } from '../../../simulator/document';
import { startSandbox, type RunningSandbox, type SandboxOptions } from '../../../cloud/sandbox';

export const ROOT = join(__dirname, '..', '..', '..');

export function loadExample(name: string): Topology {
  const result = loadDocumentText(readFileSync(join(ROOT, 'examples', name), 'utf8'));
  if (result.kind !== 'ok') throw new Error(`example ${name} does not load: ${JSON.stringify(result)}`);
  return result.document;
}

export const VPC_VERSION = '2016-04-28';
export const ECS_VERSION = '2014-05-26';
export const STS_VERSION = '2015-04-01';

export interface Credentials {
  readonly accessKeyId: string;
  readonly accessKeySecret: string;
  readonly securityToken?: string;
}

export interface Clients {
  readonly vpc: RPCClient;
  readonly ecs: RPCClient;
  readonly sts: RPCClient;
}

export function clientsFor(endpoint: string, credentials: Credentials): Clients {
  const make = (apiVersion: string) =>
    new RPCClient({
      endpoint,
      apiVersion,
      accessKeyId: credentials.accessKeyId,
      accessKeySecret: credentials.accessKeySecret,
      ...(credentials.securityToken ? { securityToken: credentials.securityToken } : {}),
    } as RPCClient.Config);
  return { vpc: make(VPC_VERSION), ecs: make(ECS_VERSION), sts: make(STS_VERSION) };
}

/** The cross-account example: A (Qingdao, initiator side) and B (Beijing, acceptor side). */
export const A = {
  accountId: '1231579085529123',
  region: 'cn-qingdao',
  vpcId: 'vpc-m5eh2wln3wdeovmrvvr4a',
  vRouterId: 'vrt-m5e0yd4q6gptnc9y7bvsr',
  routeTableId: 'vtb-m5e64ujkb7xn5i2ukwzd1',
  vSwitchCidr: '192.168.1.0/24',
  cidr: '192.168.0.0/16',
  sg: 'sg-m5eb1u5rbzpd4ljqj4b1',
  instance: 'i-m5e8s3ti3g1xtn0gmaus',
} as const;
export const B = {
  accountId: '1564982317654321',
  region: 'cn-beijing',
  vpcId: 'vpc-2zeo9pbx3kvs1gd7pu3gs',
  vRouterId: 'vrt-2zem6f6iqm7e5cdbsk0r2',
  routeTableId: 'vtb-2zefk1lhcyspp1ncehn4b',
  vSwitchCidr: '172.16.1.0/24',
  cidr: '172.16.0.0/16',
  sg: 'sg-2zeh6s0f7hcwt1xp6cgl',
  instance: 'i-2ze6pb1ti4wkxo4mnwo3',
} as const;

export interface World {
  readonly sandbox: RunningSandbox;
  readonly a: Clients;
  readonly b: Clients;
}

export async function crossAccountWorld(options: Partial<SandboxOptions> = {}): Promise<World> {
  const sandbox = await startSandbox({ seed: loadExample('cross-account.vpclink.json'), clock: 'manual', ...options });
  const credentialsOf = (id: string) => {
    const account = sandbox.accounts.find((x) => x.accountId === id);
    if (!account) throw new Error(`no account ${id}`);
    return account;
  };
  return {
    sandbox,
    a: clientsFor(sandbox.endpoint, credentialsOf(A.accountId)),
    b: clientsFor(sandbox.endpoint, credentialsOf(B.accountId)),
  };
}

/** Expects pop-core to reject with this API error code (and HTTP status when given). */
export async function expectApiError(
  promise: Promise<unknown>,
  code: string,
  status?: number,
): Promise<Record<string, unknown>> {
  let caught: unknown;
  try {
    await promise;
  } catch (error) {
    caught = error;
  }
  expect(caught, `expected ${code}`).toBeDefined();
  const error = caught as {
    code?: string;
    data?: Record<string, unknown>;
    entry?: { response?: { statusCode?: number } };
  };
  expect(error.code, JSON.stringify(error.data)).toBe(code);
  if (status !== undefined) expect(error.entry?.response?.statusCode).toBe(status);
  expect(Object.keys(error.data ?? {}).sort()).toEqual(['Code', 'HostId', 'Message', 'Recommend', 'RequestId']);
  return error.data!;
}

export type Json = Record<string, any>;

export async function call(
  client: RPCClient,
  action: string,
  params: Record<string, unknown>,
  opts: Record<string, unknown> = {},
): Promise<Json> {
  return (await client.request(action, params, opts)) as Json;
}

export async function riStatus(client: RPCClient, region: string, id: string): Promise<string> {
  const r = await call(client, 'DescribeRouterInterfaces', {
    RegionId: region,
    Filter: [{ Key: 'RouterInterfaceId', Value: [id] }],
  });
  return r.RouterInterfaceSet.RouterInterfaceType[0]?.Status ?? 'gone';
}
