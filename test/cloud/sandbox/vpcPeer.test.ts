/**
 * VpcPeer 2022-01-01 in the sandbox through vpclink's real client (openapi-core V3, and pop-core V2
 * for one flow) over HTTP, two accounts: the status flow of aliyun-links.md §1.4 step by step on
 * the manual clock, the §1.9 error codes, VpcPeer route next hops (§1.6), ClientToken, paging and
 * the state file.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CloudError, createCloudClient, type CloudClient } from '../../../cloud/client';
import { staticProvider } from '../../../cloud/credentials';
import { startSandbox, type RunningSandbox } from '../../../cloud/sandbox';
import type { Topology } from '../../../simulator/document';
import { loadExample } from './helpers';

/** Both seed tutorials in one world: account A has VPCs in Beijing, Hangzhou and Qingdao; B one in Beijing. */
function twoAccountSeed(): Topology {
  const same = loadExample('same-account.vpclink.json');
  const cross = loadExample('cross-account.vpclink.json');
  const keep = (t: Topology['routeTables']) => t.map((table) => ({ ...table, routeEntries: [] }));
  return {
    ...same,
    accounts: [
      ...same.accounts,
      ...cross.accounts.filter((a) => !same.accounts.some((s) => s.accountId === a.accountId)),
    ],
    vpcs: [...same.vpcs, ...cross.vpcs],
    vSwitches: [...same.vSwitches, ...cross.vSwitches],
    routeTables: keep([...same.routeTables, ...cross.routeTables]),
    routerInterfaces: [],
    securityGroups: [...same.securityGroups, ...cross.securityGroups],
    instances: [...same.instances, ...cross.instances],
  };
}

const A = '1231579085529123';
const B = '1564982317654321';
const A_BJ = { vpcId: 'vpc-2ze12345678bjvpc1abcd', region: 'cn-beijing', table: 'vtb-2ze0bjvpc1system00001' };
const A_HZ = { vpcId: 'vpc-bp112345678hzvpc2abcd', region: 'cn-hangzhou' };
const A_QD = { vpcId: 'vpc-m5eh2wln3wdeovmrvvr4a', region: 'cn-qingdao', table: 'vtb-m5e64ujkb7xn5i2ukwzd1' };
const B_BJ = { vpcId: 'vpc-2zeo9pbx3kvs1gd7pu3gs', region: 'cn-beijing', table: 'vtb-2zefk1lhcyspp1ncehn4b' };

let sandbox: RunningSandbox | undefined;
const clients: CloudClient[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.close?.();
  await sandbox?.close();
  sandbox = undefined;
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function world(options: { statePath?: string } = {}) {
  sandbox = await startSandbox({ seed: twoAccountSeed(), clock: 'manual', ...options });
  const client = (accountId: string, signature: 'v2' | 'v3' = 'v3') => {
    const account = sandbox!.accounts.find((x) => x.accountId === accountId)!;
    const c = createCloudClient({
      target: { kind: 'endpoint', endpoint: sandbox!.endpoint },
      credentials: staticProvider(
        { accessKeyId: account.accessKeyId, accessKeySecret: account.accessKeySecret },
        `sandbox ${accountId}`,
      ),
      signature,
    });
    clients.push(c);
    return c;
  };
  return { sb: sandbox, a: client(A), b: client(B), aV2: client(A, 'v2') };
}

type Json = Record<string, any>;

/** One call whose answer the test reads freely. */
async function callJson(
  c: CloudClient,
  product: 'vpc' | 'vpcpeer',
  region: string,
  action: string,
  params: Json,
): Promise<Json> {
  return (await c.call(product, region, action, params)) as Json;
}

async function create(
  c: CloudClient,
  from: { vpcId: string; region: string },
  to: { vpcId: string; region: string },
  owner: string,
  extra: Json = {},
) {
  const r = await c.call('vpcpeer', from.region, 'CreateVpcPeerConnection', {
    VpcId: from.vpcId,
    AcceptingAliUid: owner,
    AcceptingRegionId: to.region,
    AcceptingVpcId: to.vpcId,
    ...extra,
  });
  expect(r.InstanceId).toMatch(/^pcc-/);
  return r.InstanceId as string;
}

async function get(c: CloudClient, id: string): Promise<Json> {
  return c.call('vpcpeer', '', 'GetVpcPeerConnectionAttribute', { InstanceId: id });
}

async function status(c: CloudClient, id: string): Promise<string> {
  return (await get(c, id)).Status as string;
}

async function refused(promise: Promise<unknown>, code: string): Promise<CloudError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, `expected ${code}`).toBeInstanceOf(CloudError);
  expect((error as CloudError).code).toBe(code);
  return error as CloudError;
}

describe('VpcPeer status flow (aliyun-links.md §1.4)', () => {
  it('same account: Creating → Activated by itself, with the §1.3 fields', async () => {
    const { sb, a } = await world();
    const id = await create(a, A_BJ, A_HZ, A);
    const creating = await get(a, id);
    expect(creating).toMatchObject({ InstanceId: id, Status: 'Creating', OwnerId: A, AcceptingOwnerUid: A });
    sb.advance(60_000);
    const active = await get(a, id);
    expect(active).toMatchObject({
      Status: 'Activated',
      RegionId: 'cn-beijing',
      AcceptingRegionId: 'cn-hangzhou',
      Bandwidth: 1024, // inter-region default (§1.5)
      LinkType: 'Gold',
      BizStatus: 'Normal',
      GmtExpired: null,
      Vpc: { VpcId: A_BJ.vpcId, Ipv4Cidrs: ['192.168.0.0/16'], Ipv6Cidrs: [] },
      AcceptingVpc: { VpcId: A_HZ.vpcId, Ipv4Cidrs: ['172.16.0.0/12'] },
    });
    // Accepting an Activated connection: IncorrectStatus.VpcPeer (terraform's accepter ignores it, §1.10).
    await refused(a.call('vpcpeer', '', 'AcceptVpcPeerConnection', { InstanceId: id }), 'IncorrectStatus.VpcPeer');
  });

  it('cross account: Accepting until the accepter accepts (Updating → Activated); intra-region bandwidth -1', async () => {
    const { sb, a, b } = await world();
    const id = await create(a, A_BJ, B_BJ, B);
    sb.advance(60_000);
    const waiting = await get(b, id);
    expect(waiting).toMatchObject({
      Status: 'Accepting',
      Bandwidth: -1,
      LinkType: '',
      OwnerId: A,
      AcceptingOwnerUid: B,
    });
    expect(waiting.GmtExpired).toMatch(/^\d{4}-\d\d-\d\dT/);
    // The requester cannot accept for the accepter.
    await refused(a.call('vpcpeer', '', 'AcceptVpcPeerConnection', { InstanceId: id }), 'ResourceNotFound.InstanceId');
    expect(await status(a, id)).toBe('Accepting');
    await b.call('vpcpeer', '', 'AcceptVpcPeerConnection', { InstanceId: id });
    expect(await status(b, id)).toBe('Updating');
    sb.advance(60_000);
    expect(await status(a, id)).toBe('Activated');
    // Both ends list it in their own region; the accepter's List shows the same pcc ID.
    const listedByB = await callJson(b, 'vpcpeer', 'cn-beijing', 'ListVpcPeerConnections', {});
    expect(listedByB.VpcPeerConnects.map((p: Json) => p.InstanceId)).toEqual([id]);
  });

  it('cross account: the accepter rejects (Accepting → Rejected); a rejected one cannot be accepted', async () => {
    const { sb, a, b } = await world();
    const id = await create(a, A_QD, B_BJ, B);
    sb.advance(60_000);
    await b.call('vpcpeer', '', 'RejectVpcPeerConnection', { InstanceId: id });
    expect(await get(a, id)).toMatchObject({ Status: 'Rejected', GmtExpired: null });
    await refused(b.call('vpcpeer', '', 'AcceptVpcPeerConnection', { InstanceId: id }), 'IncorrectStatus.VpcPeer');
    await refused(b.call('vpcpeer', '', 'RejectVpcPeerConnection', { InstanceId: id }), 'IncorrectStatus.VpcPeer');
    // A rejected connection no longer holds the pair: a new request may be made.
    await create(a, A_QD, B_BJ, B);
  });

  it('cross account: not accepted within the window → Expired', async () => {
    const { sb, a, b } = await world();
    const id = await create(a, A_QD, B_BJ, B);
    sb.advance(60_000);
    sb.advance(8 * 24 * 3600 * 1000);
    expect(await get(b, id)).toMatchObject({ Status: 'Expired' });
  });

  it('delete: Deleting → gone; routes pointing at it refuse it without Force and go with Force (§1.6)', async () => {
    const { sb, a } = await world();
    const id = await create(a, A_BJ, A_HZ, A);
    // A VpcPeer route needs an Activated connection (IncorrectStatus.VpcPeer, §1.6).
    const route = {
      RouteTableId: A_BJ.table,
      DestinationCidrBlock: '172.16.0.0/12',
      NextHopType: 'VpcPeer',
      NextHopId: id,
    };
    await refused(a.call('vpc', A_BJ.region, 'CreateRouteEntry', route), 'IncorrectStatus.VpcPeer');
    sb.advance(60_000);
    await a.call('vpc', A_BJ.region, 'CreateRouteEntry', route);
    sb.advance(60_000);
    await refused(
      a.call('vpcpeer', '', 'DeleteVpcPeerConnection', { InstanceId: id }),
      'OperationDenied.RouteEntryExist',
    );
    await a.call('vpcpeer', '', 'DeleteVpcPeerConnection', { InstanceId: id, Force: true });
    expect(await status(a, id)).toBe('Deleting');
    await refused(a.call('vpcpeer', '', 'DeleteVpcPeerConnection', { InstanceId: id }), 'IncorrectStatus.VpcPeer');
    sb.advance(60_000);
    await refused(get(a, id), 'ResourceNotFound.InstanceId');
    const entries = await callJson(a, 'vpc', A_BJ.region, 'DescribeRouteEntryList', {
      RouteTableId: A_BJ.table,
      RouteEntryType: 'Custom',
    });
    expect(entries.RouteEntrys.RouteEntry).toEqual([]);
  });

  it('modify: bandwidth between regions goes Updating → Activated; within one region it is refused', async () => {
    const { sb, a, b } = await world();
    const inter = await create(a, A_BJ, A_HZ, A);
    const intra = await create(a, A_BJ, B_BJ, B);
    sb.advance(60_000);
    await b.call('vpcpeer', '', 'AcceptVpcPeerConnection', { InstanceId: intra });
    sb.advance(60_000);
    await a.call('vpcpeer', '', 'ModifyVpcPeerConnection', { InstanceId: inter, Bandwidth: 200, Name: 'bj-hz' });
    expect(await get(a, inter)).toMatchObject({ Status: 'Updating', Bandwidth: 200, Name: 'bj-hz' });
    await refused(
      a.call('vpcpeer', '', 'ModifyVpcPeerConnection', { InstanceId: inter, Bandwidth: 100 }),
      'IncorrectStatus.VpcPeer',
    );
    sb.advance(60_000);
    expect(await status(a, inter)).toBe('Activated');
    await refused(
      a.call('vpcpeer', '', 'ModifyVpcPeerConnection', { InstanceId: intra, Bandwidth: 100 }),
      'OperationFailed.BandwidthCannotBeChangedInSameRegion',
    );
    // Name only: no transition.
    await a.call('vpcpeer', '', 'ModifyVpcPeerConnection', { InstanceId: intra, Description: 'to B' });
    expect(await get(a, intra)).toMatchObject({ Status: 'Activated', Description: 'to B' });
  });
});

describe('VpcPeer refusals (aliyun-links.md §1.9)', () => {
  const cases: ReadonlyArray<{
    name: string;
    code: string;
    run: (w: Awaited<ReturnType<typeof world>>, id: string) => Promise<unknown>;
  }> = [
    { name: 'Get of an unknown ID', code: 'ResourceNotFound.InstanceId', run: (w) => get(w.a, 'pcc-nosuch') },
    {
      name: 'Get by a third account… (B sees only its own)',
      code: 'ResourceNotFound.InstanceId',
      run: async (w) => get(w.b, await create(w.a, A_QD, A_HZ, A)),
    },
    {
      name: 'a second connection for the same pair',
      code: 'ResourceAlreadyExist.VpcPeer',
      run: (w) => create(w.a, A_HZ, A_BJ, A),
    },
    {
      name: "an accepting VPC that is not the named account's",
      code: 'ResourceNotFound.AcceptingVpcId',
      run: (w) => create(w.a, A_QD, B_BJ, A),
    },
    {
      name: 'a VPC of another account as requester',
      code: 'ResourceNotFound.VpcId',
      run: (w) => create(w.a, B_BJ, A_BJ, A),
    },
    {
      name: 'Bandwidth within one region',
      code: 'InvalidParameter',
      run: (w) => create(w.a, A_BJ, B_BJ, B, { Bandwidth: 100 }),
    },
    { name: 'DryRun', code: 'DryRunOperation', run: (w) => create(w.a, A_QD, B_BJ, B, { DryRun: true }) },
    {
      name: 'Reject of a same-account connection',
      code: 'IncorrectStatus.VpcPeer',
      run: (w, id) => w.a.call('vpcpeer', '', 'RejectVpcPeerConnection', { InstanceId: id }),
    },
    {
      name: 'Modify by the accepter',
      code: 'ResourceNotFound.InstanceId',
      run: async (w) =>
        w.b.call('vpcpeer', '', 'ModifyVpcPeerConnection', { InstanceId: await create(w.a, A_QD, B_BJ, B), Name: 'x' }),
    },
    {
      name: 'missing InstanceId',
      code: 'MissingParameter',
      run: (w) => w.a.call('vpcpeer', '', 'AcceptVpcPeerConnection', {}),
    },
    {
      name: 'a VpcPeer route in a VPC the connection does not join',
      code: 'InvalidNextHopId.NotFound',
      run: (w, id) =>
        w.a.call('vpc', A_QD.region, 'CreateRouteEntry', {
          RouteTableId: A_QD.table,
          DestinationCidrBlock: '10.0.0.0/8',
          NextHopType: 'VpcPeer',
          NextHopId: id,
        }),
    },
  ];
  it.each(cases)('$name → $code', async ({ code, run }) => {
    const w = await world();
    const id = await create(w.a, A_BJ, A_HZ, A);
    w.sb.advance(60_000);
    const error = await refused(
      run(w, id).then((r) => r),
      code,
    );
    expect(error.httpStatus).toBeGreaterThanOrEqual(400);
  });
});

describe('VpcPeer calls', () => {
  it('ClientToken: the same Create twice makes one connection and answers the same ID', async () => {
    const { a } = await world();
    const first = await create(a, A_BJ, A_HZ, A, { ClientToken: 'peer-once' });
    const again = await create(a, A_BJ, A_HZ, A, { ClientToken: 'peer-once' });
    expect(again).toBe(first);
    const all = await callJson(a, 'vpcpeer', 'cn-beijing', 'ListVpcPeerConnections', {});
    expect(all.TotalCount).toBe(1);
  });

  it('List pages with MaxResults/NextToken and filters by VpcId at either end (comma list)', async () => {
    const { a } = await world();
    const ids = [await create(a, A_BJ, A_HZ, A), await create(a, A_BJ, B_BJ, B), await create(a, A_QD, A_BJ, A)];
    const first = await callJson(a, 'vpcpeer', '', 'ListVpcPeerConnections', { MaxResults: 2 });
    expect(first).toMatchObject({ TotalCount: 3, MaxResults: 2 });
    expect(first.NextToken).not.toBe('');
    const second = await callJson(a, 'vpcpeer', '', 'ListVpcPeerConnections', {
      MaxResults: 2,
      NextToken: first.NextToken,
    });
    expect([...first.VpcPeerConnects, ...second.VpcPeerConnects].map((p: Json) => p.InstanceId)).toEqual(ids);
    expect(second.NextToken).toBe('');
    const byEnd = await callJson(a, 'vpcpeer', '', 'ListVpcPeerConnections', { VpcId: [A_BJ.vpcId] });
    expect(byEnd.TotalCount).toBe(3);
    const byPair = await callJson(a, 'vpcpeer', '', 'ListVpcPeerConnections', { VpcId: [A_HZ.vpcId, A_BJ.vpcId] });
    expect(byPair.VpcPeerConnects.map((p: Json) => p.InstanceId)).toEqual([ids[0]]);
    const inQingdao = await callJson(a, 'vpcpeer', 'cn-qingdao', 'ListVpcPeerConnections', {});
    expect(inQingdao.VpcPeerConnects.map((p: Json) => p.InstanceId)).toEqual([ids[2]]);
  });

  it('V2 (pop-core) signs the same calls: create, accept and read across accounts', async () => {
    const { sb, aV2, b } = await world();
    const id = await create(aV2, A_QD, B_BJ, B);
    sb.advance(60_000);
    await b.call('vpcpeer', '', 'AcceptVpcPeerConnection', { InstanceId: id });
    sb.advance(60_000);
    expect(await status(aV2, id)).toBe('Activated');
  });

  it('state file: connections and their pending transitions survive a restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vpclink-peer-'));
    dirs.push(dir);
    const statePath = join(dir, 'state.json');
    const first = await world({ statePath });
    const id = await create(first.a, A_BJ, B_BJ, B);
    await first.sb.close();
    sandbox = undefined;
    const second = await world({ statePath });
    expect(second.sb.loadedFromState).toBe(true);
    expect(await status(second.b, id)).toBe('Creating');
    second.sb.advance(60_000);
    expect(await status(second.b, id)).toBe('Accepting');
  });
});
